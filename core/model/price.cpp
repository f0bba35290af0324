#include "model/price.h"

#include <cstdio>
#include <cstdlib>

namespace mag7 {

std::string formatPrice(Price price, int decimals)
{
    if (decimals < 0)
        decimals = (price % kCent == 0) ? 2 : 4;
    decimals = decimals > 4 ? 4 : decimals;
    char buffer[64];
    const bool negative = price < 0;
    const std::int64_t absolute = negative ? -price : price;
    const std::int64_t whole = absolute / kPriceScale;
    std::int64_t fraction = absolute % kPriceScale;
    int scale = 4;
    // Round the fraction to the requested decimals (half away from zero).
    std::int64_t wholeAdj = whole;
    while (scale > decimals) {
        const std::int64_t rem = fraction % 10;
        fraction /= 10;
        if (rem >= 5)
            ++fraction;
        --scale;
    }
    std::int64_t limit = 1;
    for (int i = 0; i < decimals; ++i)
        limit *= 10;
    if (fraction >= limit) {
        fraction -= limit;
        ++wholeAdj;
    }
    if (decimals == 0)
        std::snprintf(buffer, sizeof buffer, "%s%lld", negative ? "-" : "",
                      static_cast<long long>(wholeAdj));
    else
        std::snprintf(buffer, sizeof buffer, "%s%lld.%0*lld", negative ? "-" : "",
                      static_cast<long long>(wholeAdj), decimals, static_cast<long long>(fraction));
    return buffer;
}

} // namespace mag7
