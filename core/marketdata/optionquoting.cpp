#include "marketdata/optionquoting.h"

#include <algorithm>
#include <cmath>

namespace mag7::marketdata {

Price floorOptionPrice(double dollars, double pennyBelow)
{
    if (pennyBelow > 0 && dollars >= pennyBelow)
        return floorToIncrement(dollars, 5 * kCent); // stays >= pennyBelow (a nickel multiple)
    return floorToIncrement(dollars, kCent);
}

Price ceilOptionPrice(double dollars, double pennyBelow)
{
    const Price penny = ceilToIncrement(dollars, kCent);
    if (pennyBelow > 0 && penny > toPrice(pennyBelow))
        return ceilToIncrement(dollars, 5 * kCent);
    return penny;
}

OptionQuote quoteOption(double theo, double intrinsic, double z, const OptionSpread &spread,
                        double pennyBelow)
{
    const double wing = 1.0 + spread.wing * std::max(0.0, std::fabs(z) - 1.5);
    const double width = (spread.base + spread.fraction * theo) * wing;
    // A European value can sit below intrinsic (deep ITM puts with r > 0); the quote does not.
    const double value = std::max(theo, intrinsic);
    OptionQuote q;
    q.bid = floorOptionPrice(value - 0.5 * width, pennyBelow);
    q.bid = std::max(q.bid, floorOptionPrice(intrinsic, pennyBelow));
    q.bid = std::max(q.bid, kCent);
    q.ask = ceilOptionPrice(value + 0.5 * width, pennyBelow);
    const Price minimumAsk = q.bid + optionTick(q.bid, pennyBelow);
    q.ask = std::max(q.ask, minimumAsk);
    return q;
}

int requoteIntervalSeconds(const RequoteConfig &requote, int daysToExpiry, double delta)
{
    // Far out of the money barely moves; deep in the money moves with the underlying and keeps
    // the cadence of its expiry.
    if (std::fabs(delta) < requote.farDelta)
        return requote.farSeconds;
    for (const RequoteBand &band : requote.bands) {
        if (daysToExpiry <= band.maxDays)
            return band.seconds;
    }
    return requote.bands.empty() ? 1 : requote.bands.back().seconds;
}

} // namespace mag7::marketdata
