#pragma once
// Implied volatility of a European option price under Black-Scholes-Merton.
// Prices outside the no-arbitrage bounds are a typed error, never an exception or a NaN.
// Plain functions; safe from any thread.

#include "pricing/blackscholes.h"

#include <cstddef>

namespace mag7::pricing {

enum class IvError {
    None,
    InvalidInput,    // non-positive spot/strike/time, non-finite price
    BelowIntrinsic,  // price below the discounted intrinsic value
    AboveUpperBound, // call above S*exp(-qT), put above K*exp(-rT)
    NoTimeValue,     // price equals intrinsic: any vol fits down to zero
    NotConverged,
};

const char *ivErrorMessage(IvError error);

struct IvResult {
    double vol = 0;
    IvError error = IvError::None;
    bool ok() const { return error == IvError::None; }
};

// `in.vol` is ignored. P. Jaeckel's "Let's Be Rational" (Wilmott, January 2015, pp. 40-53):
// a rational initial guess and at most two Householder steps, so the volatility reprices the
// input to about machine precision for any volatility the price determines: within 1e-13
// relative (typically a few ulps) through an exact Black formula (lbr::normalisedBlack);
// through bsmPrice, within 1e-12 relative plus bsmPrice's own rounding, a few eps of
// S e^{-qT} + K e^{-rT} (visible only on far out-of-the-money prices at tiny vol sqrt(T)). Errors:
// InvalidInput for a non-finite price or non-positive spot, strike or time; BelowIntrinsic under
// max(discounted forward value, 0); NoTimeValue at the intrinsic value (within the rounding of S
// e^{-qT} - K e^{-rT}); AboveUpperBound at or above S e^{-qT} (call) or K e^{-rT} (put). The
// volatility is 0 whenever the error is set.
IvResult impliedVolatility(double price, const BsmInputs &in);

// impliedVolatility() element by element over a structure of arrays (`in.vol` ignored): vols[i]
// receives the volatility (0 on error) and, when `errors` is not null, errors[i] the error.
void impliedVolatilityBatch(const double *prices, const BsmBatch &in, double *vols,
                            IvError *errors);

} // namespace mag7::pricing
