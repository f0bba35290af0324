// Black-Scholes-Merton entry points. The arithmetic lives in bsmkernel.inc and simdmath.inc,
// compiled for baseline x86-64 and for AVX2+FMA in simdkernels.cpp; these functions pick the
// build the CPU supports. normalCdf and normalPdf are in normaldistribution.cpp.
#include "pricing/blackscholes.h"

#include "pricing/simdkernels.h"

namespace mag7::pricing {

double bsmPrice(const BsmInputs &in)
{
    return simd::best().firstOrder(in).price;
}

double bsmDelta(const BsmInputs &in)
{
    return simd::best().firstOrder(in).delta;
}

Greeks bsmGreeks(const BsmInputs &in)
{
    return simd::best().greeks(in);
}

void bsmGreeksBatch(const BsmBatch &in, const GreeksBatch &out)
{
    simd::best().batch(in, out);
}

} // namespace mag7::pricing
