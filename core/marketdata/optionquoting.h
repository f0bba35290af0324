#pragma once
// How a simulated market maker turns a theoretical option value into a quote, and when it
// bothers to requote. Pure functions; any thread.
//
// Increments: $0.01 everywhere when pennyBelow == 0 (SPY, QQQ, IWM); otherwise $0.01 below
// pennyBelow and $0.05 at or above it (the penny-pilot rule for the stocks).
// Width: (base + fraction x theo) x (1 + wing x max(0, |z| - 1.5)), z the strike's distance from
// the forward in standard deviations; at least one increment. The bid never goes below
// intrinsic value rounded down to the increment (so never below intrinsic minus a tick) nor
// below $0.01; the ask is always above the bid.

#include "marketdata/universeconfig.h"
#include "model/price.h"

namespace mag7::marketdata {

struct OptionQuote {
    Price bid = 0;
    Price ask = 0;
};

// Quote increment that applies to a price level.
inline Price optionTick(Price price, double pennyBelow)
{
    return (pennyBelow > 0 && price >= toPrice(pennyBelow)) ? 5 * kCent : kCent;
}
// Round down / up onto the increment grid of the level.
Price floorOptionPrice(double dollars, double pennyBelow);
Price ceilOptionPrice(double dollars, double pennyBelow);

OptionQuote quoteOption(double theo, double intrinsic, double z, const OptionSpread &spread,
                        double pennyBelow);

// The cheap requote test: first-order change of the value since the last full pricing,
// |delta dS| + vega |dIV| + |theta dt|, in dollars.
inline double estimatedValueChange(double delta, double spotChange, double vegaPerVol,
                                   double volChange, double thetaPerDay, double days)
{
    const auto abs = [](double x) { return x < 0 ? -x : x; };
    return abs(delta * spotChange) + abs(vegaPerVol * volChange) + abs(thetaPerDay * days);
}

// Seconds between requote checks for a contract (see RequoteConfig): by DTE band, or
// farSeconds when far out of the money.
int requoteIntervalSeconds(const RequoteConfig &requote, int daysToExpiry, double delta);

} // namespace mag7::marketdata
