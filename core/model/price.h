#pragma once
// Prices as integer ticks of 1/10,000 dollar: exact for every equity, option and futures increment
// (0.0001, 0.01, 0.05, 0.25) so orders, quotes and the ledger never accumulate rounding error.
// Model outputs (theoretical values, Greeks) stay in double.

#include <cmath>
#include <cstdint>
#include <string>

namespace mag7 {

using Price = std::int64_t;

inline constexpr Price kPriceScale = 10'000;
inline constexpr Price kCent = kPriceScale / 100;

constexpr double toDouble(Price price)
{
    return static_cast<double>(price) / kPriceScale;
}

inline Price toPrice(double dollars)
{
    return std::llround(dollars * kPriceScale);
}

// Round a dollar value to a multiple of `increment`, nearest / down / up.
inline Price roundToIncrement(double dollars, Price increment)
{
    const double ticks = dollars * kPriceScale / static_cast<double>(increment);
    return static_cast<Price>(std::llround(ticks)) * increment;
}
inline Price floorToIncrement(double dollars, Price increment)
{
    const double ticks = dollars * kPriceScale / static_cast<double>(increment);
    return static_cast<Price>(std::floor(ticks + 1e-9)) * increment;
}
inline Price ceilToIncrement(double dollars, Price increment)
{
    const double ticks = dollars * kPriceScale / static_cast<double>(increment);
    return static_cast<Price>(std::ceil(ticks - 1e-9)) * increment;
}

// "230.15" with the given number of decimals (default: 2, or 4 when sub-penny).
std::string formatPrice(Price price, int decimals = -1);

} // namespace mag7
