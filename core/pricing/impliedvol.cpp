// Black-Scholes-Merton implied volatility through "Let's Be Rational" (letsberational.cpp).
// The price is mapped to the normalised Black price of the out-of-the-money option:
//   x = ln(F/K) with F = S e^{(r-q)T}, beta = P / sqrt(S e^{-qT} K e^{-rT}),
// where an in-the-money price first loses its intrinsic value S e^{-qT} - K e^{-rT} (call) in
// price space (put-call parity), which keeps the time value as exact as the inputs allow.
#include "pricing/impliedvol.h"

#include "pricing/letsberational.h"
#include "pricing/simdkernels.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>

namespace mag7::pricing {

namespace {
// exp and log of the desk's scalar math (simdmath.inc; within about 1 ulp).
#include "pricing/simdmath.inc"
} // namespace

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
        !std::isfinite(in.spot) || !std::isfinite(in.strike) || !std::isfinite(in.years) ||
        !std::isfinite(in.rate) || !std::isfinite(in.dividendYield))
        return {0, IvError::InvalidInput};
    const double spotQ = in.spot * exp<simd::ScalarPolicy>(-in.dividendYield * in.years);
    const double strikeR = in.strike * exp<simd::ScalarPolicy>(-in.rate * in.years);
    if (!(spotQ > 0) || !(strikeR > 0) || !std::isfinite(spotQ) || !std::isfinite(strikeR))
        return {0, IvError::InvalidInput};
    const bool call = in.right == OptionRight::Call;
    const double forwardValue = call ? spotQ - strikeR : strikeR - spotQ; // discounted
    const double upper = call ? spotQ : strikeR;
    if (price >= upper)
        return {0, IvError::AboveUpperBound};
    // Time value: the price of the out-of-the-money option with the same strike. An in-the-money
    // intrinsic value carries the rounding of S e^{-qT} - K e^{-rT}: a time value within that
    // rounding is none.
    const bool inTheMoney = forwardValue > 0;
    const double timeValue = inTheMoney ? price - forwardValue : price;
    const double noise = inTheMoney ? 4 * DBL_EPSILON * std::max(spotQ, strikeR) : 0.0;
    if (timeValue < -noise)
        return {0, IvError::BelowIntrinsic};
    if (timeValue <= noise)
        return {0, IvError::NoTimeValue};
    const double x = log<simd::ScalarPolicy>(spotQ / strikeR);
    const double beta = timeValue / std::sqrt(spotQ * strikeR);
    const double theta = (call != inTheMoney) ? 1.0 : -1.0; // the out-of-the-money option
    const lbr::Solution solution = lbr::impliedNormalisedVolatility(beta, x, theta);
    switch (solution.status) {
    case lbr::Status::BelowIntrinsic:
        return {0, IvError::BelowIntrinsic};
    case lbr::Status::AboveMaximum:
        return {0, IvError::AboveUpperBound};
    case lbr::Status::Ok:
        break;
    }
    const double vol = solution.s / std::sqrt(in.years);
    if (!(vol > 0) || !std::isfinite(vol))
        return {0, solution.s == 0 ? IvError::NoTimeValue : IvError::NotConverged};
    return {vol, IvError::None};
}

void impliedVolatilityBatch(const double *prices, const BsmBatch &in, double *vols, IvError *errors)
{
    for (std::size_t i = 0; i < in.size; ++i) {
        const IvResult r =
            impliedVolatility(prices[i], {in.right[i], in.spot[i], in.strike[i], in.years[i], 0.0,
                                          in.rate[i], in.dividendYield[i]});
        vols[i] = r.vol;
        if (errors)
            errors[i] = r.error;
    }
}

} // namespace mag7::pricing
