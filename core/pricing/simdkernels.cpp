// Instantiates simdmath.inc and bsmkernel.inc twice: baseline x86-64 (SSE2) and, inside a
// `#pragma GCC target("avx2,fma")` region, AVX2+FMA. Only this file is compiled for AVX2, only
// the functions in that region, and they run only after the CPU check (cpuHasAvx2Fma()). The
// kernels have internal linkage, so no AVX2 code can be merged into inline functions used
// elsewhere.
#include "pricing/simdkernels.h"

#include <immintrin.h>

#include <cstdint>
#include <cstring>

namespace mag7::pricing::simd {

namespace {

namespace baseline {

struct P1 {
    using V = double;
    using U = std::uint64_t;
    static constexpr int lanes = 1;
    static constexpr bool fused = false;
    static V fma(V a, V b, V c) { return a * b + c; }
    static V sqrt(V a) // the instruction itself: no errno path
    {
        const __m128d v = _mm_set1_pd(a);
        return _mm_cvtsd_f64(_mm_sqrt_sd(v, v));
    }
    static V splat(double d) { return d; }
    static U splatU(std::uint64_t u) { return u; }
};

struct P2 {
    using V = __m128d;
    using U = std::uint64_t __attribute__((vector_size(16)));
    static constexpr int lanes = 2;
    static constexpr bool fused = false;
    static V fma(V a, V b, V c) { return a * b + c; }
    static V sqrt(V a) { return _mm_sqrt_pd(a); }
    static V splat(double d) { return V{d, d}; }
    static U splatU(std::uint64_t u) { return U{u, u}; }
    static V load(const double *p)
    {
        V v;
        std::memcpy(&v, p, sizeof v);
        return v;
    }
    static void store(double *p, V v) { std::memcpy(p, &v, sizeof v); }
    template <class M>
    static bool all(M mask)
    {
        return _mm_movemask_pd(__builtin_bit_cast(V, mask)) == 3;
    }
};

#include "pricing/simdmath.inc"
// The Black-Scholes-Merton kernels, over the functions above.
#include "pricing/bsmkernel.inc"

Greeks greeks(const BsmInputs &in)
{
    return bsmScalar<P1, P2, true>(in);
}

Greeks firstOrder(const BsmInputs &in)
{
    return bsmScalar<P1, P2, false>(in);
}

void batch(const BsmBatch &in, const GreeksBatch &out)
{
    if (out.vanna || out.charm || out.vomma || out.speed)
        bsmBatchLoop<P2, true>(in, out);
    else
        bsmBatchLoop<P2, false>(in, out);
}

void expArray(const double *x, double *y, std::size_t n)
{
    mapArray<P2, ArrayKernel::Exp>(x, y, nullptr, n);
}
void logArray(const double *x, double *y, std::size_t n)
{
    mapArray<P2, ArrayKernel::Log>(x, y, nullptr, n);
}
void normalCdfArray(const double *x, double *cdf, double *density, std::size_t n)
{
    mapArray<P2, ArrayKernel::NormalCdf>(x, cdf, density, n);
}
double scalarExp(double x)
{
    return exp<P1>(x);
}
double scalarLog(double x)
{
    return log<P1>(x);
}

} // namespace baseline

#pragma GCC push_options
#pragma GCC target("avx2,fma")

namespace avx2 {

struct P1 {
    using V = double;
    using U = std::uint64_t;
    static constexpr int lanes = 1;
    static constexpr bool fused = true;
    static V fma(V a, V b, V c) { return __builtin_fma(a, b, c); }
    static V sqrt(V a) // the instruction itself: no errno path
    {
        const __m128d v = _mm_set1_pd(a);
        return _mm_cvtsd_f64(_mm_sqrt_sd(v, v));
    }
    static V splat(double d) { return d; }
    static U splatU(std::uint64_t u) { return u; }
};

struct P2 {
    using V = __m128d;
    using U = std::uint64_t __attribute__((vector_size(16)));
    static constexpr int lanes = 2;
    static constexpr bool fused = true;
    static V fma(V a, V b, V c) { return _mm_fmadd_pd(a, b, c); }
    static V sqrt(V a) { return _mm_sqrt_pd(a); }
    static V splat(double d) { return V{d, d}; }
    static U splatU(std::uint64_t u) { return U{u, u}; }
    static V load(const double *p) { return _mm_loadu_pd(p); }
    static void store(double *p, V v) { _mm_storeu_pd(p, v); }
    template <class M>
    static bool all(M mask)
    {
        return _mm_movemask_pd(__builtin_bit_cast(V, mask)) == 3;
    }
};

struct P4 {
    using V = __m256d;
    using U = std::uint64_t __attribute__((vector_size(32)));
    static constexpr int lanes = 4;
    static constexpr bool fused = true;
    static V fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
    static V sqrt(V a) { return _mm256_sqrt_pd(a); }
    static V splat(double d) { return V{d, d, d, d}; }
    static U splatU(std::uint64_t u) { return U{u, u, u, u}; }
    static V load(const double *p) { return _mm256_loadu_pd(p); }
    static void store(double *p, V v) { _mm256_storeu_pd(p, v); }
    template <class M>
    static bool all(M mask)
    {
        return _mm256_movemask_pd(__builtin_bit_cast(V, mask)) == 15;
    }
};

#include "pricing/simdmath.inc"
// The Black-Scholes-Merton kernels, over the functions above.
#include "pricing/bsmkernel.inc"

Greeks greeks(const BsmInputs &in)
{
    return bsmScalar<P1, P2, true>(in);
}

Greeks firstOrder(const BsmInputs &in)
{
    return bsmScalar<P1, P2, false>(in);
}

void batch(const BsmBatch &in, const GreeksBatch &out)
{
    if (out.vanna || out.charm || out.vomma || out.speed)
        bsmBatchLoop<P4, true>(in, out);
    else
        bsmBatchLoop<P4, false>(in, out);
}

void expArray(const double *x, double *y, std::size_t n)
{
    mapArray<P4, ArrayKernel::Exp>(x, y, nullptr, n);
}
void logArray(const double *x, double *y, std::size_t n)
{
    mapArray<P4, ArrayKernel::Log>(x, y, nullptr, n);
}
void normalCdfArray(const double *x, double *cdf, double *density, std::size_t n)
{
    mapArray<P4, ArrayKernel::NormalCdf>(x, cdf, density, n);
}
double scalarExp(double x)
{
    return exp<P1>(x);
}
double scalarLog(double x)
{
    return log<P1>(x);
}

} // namespace avx2

#pragma GCC pop_options

bool detectAvx2Fma()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

constexpr Kernels kBaseline{Isa::Baseline,         "x86-64 baseline (SSE2)",  &baseline::greeks,
                            &baseline::firstOrder, &baseline::batch,          &baseline::expArray,
                            &baseline::logArray,   &baseline::normalCdfArray, &baseline::scalarExp,
                            &baseline::scalarLog};
constexpr Kernels kAvx2{Isa::Avx2,        "AVX2+FMA",      &avx2::greeks,   &avx2::firstOrder,
                        &avx2::batch,     &avx2::expArray, &avx2::logArray, &avx2::normalCdfArray,
                        &avx2::scalarExp, &avx2::scalarLog};

} // namespace

bool cpuHasAvx2Fma()
{
    static const bool has = detectAvx2Fma();
    return has;
}

const Kernels &kernels(Isa isa)
{
    return isa == Isa::Avx2 && cpuHasAvx2Fma() ? kAvx2 : kBaseline;
}

const Kernels &best()
{
    static const Kernels &chosen = cpuHasAvx2Fma() ? kAvx2 : kBaseline;
    return chosen;
}

} // namespace mag7::pricing::simd
