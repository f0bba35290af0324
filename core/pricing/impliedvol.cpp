#include "pricing/impliedvol.h"

#include <algorithm>
#include <cmath>

namespace mag7::pricing {

const char *ivErrorMessage(IvError error)
{
    switch (error) {
    case IvError::None:
        return "ok";
    case IvError::InvalidInput:
        return "invalid input";
    case IvError::BelowIntrinsic:
        return "below intrinsic";
    case IvError::AboveUpperBound:
        return "above upper bound";
    case IvError::NoTimeValue:
        return "no time value";
    case IvError::NotConverged:
        return "not converged";
    }
    return "invalid input";
}

IvResult impliedVolatility(double price, const BsmInputs &in)
{
    if (!std::isfinite(price) || !(in.spot > 0) || !(in.strike > 0) || !(in.years > 0) ||
        !std::isfinite(in.rate) || !std::isfinite(in.dividendYield))
        return {0, IvError::InvalidInput};
    const double dfR = std::exp(-in.rate * in.years);
    const double dfQ = std::exp(-in.dividendYield * in.years);
    const bool call = in.right == OptionRight::Call;
    const double intrinsic =
        std::max(call ? in.spot * dfQ - in.strike * dfR : in.strike * dfR - in.spot * dfQ, 0.0);
    const double upper = call ? in.spot * dfQ : in.strike * dfR;
    const double tolerance = 1e-14 * std::max(1.0, upper);
    if (price < intrinsic - tolerance)
        return {0, IvError::BelowIntrinsic};
    if (price >= upper - tolerance)
        return {0, IvError::AboveUpperBound};
    if (price <= intrinsic + tolerance)
        return {0, IvError::NoTimeValue};

    // Safeguarded Newton on vol with a shrinking bracket: price is monotone in vol.
    BsmInputs work = in;
    double lo = 1e-6;
    double hi = 20.0;
    // Brenner-Subrahmanyam style start, clamped into the bracket.
    double vol = std::clamp(std::sqrt(2.0 * M_PI / in.years) * (price - intrinsic) / in.spot + 0.1,
                            0.01, 5.0);
    for (int i = 0; i < 100; ++i) {
        work.vol = vol;
        const double sqrtT = std::sqrt(in.years);
        const double stdev = vol * sqrtT;
        const double d1 =
            (std::log(in.spot / in.strike) + (in.rate - in.dividendYield) * in.years) / stdev +
            0.5 * stdev;
        const double model = bsmPrice(work);
        const double diff = model - price;
        if (std::abs(diff) <= 1e-13 * std::max(1.0, price))
            return {vol, IvError::None};
        if (diff > 0)
            hi = vol;
        else
            lo = vol;
        const double vega = in.spot * dfQ * normalPdf(d1) * sqrtT;
        double next = vega > 1e-300 ? vol - diff / vega : 0.5 * (lo + hi);
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (std::abs(next - vol) <= 1e-15 * vol)
            return {next, IvError::None};
        vol = next;
        if (hi - lo <= 1e-15 * hi)
            return {vol, IvError::None};
    }
    return {vol, IvError::NotConverged};
}

} // namespace mag7::pricing
