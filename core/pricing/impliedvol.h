#pragma once
// Implied volatility of a European option price under Black-Scholes-Merton.
// Prices outside the no-arbitrage bounds are a typed error, never an exception or a NaN.
// Plain functions; safe from any thread.

#include "pricing/blackscholes.h"

#include <optional>

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

// `in.vol` is ignored. Accurate to ~1e-12 in price for vols between 0.1% and 1000%.
IvResult impliedVolatility(double price, const BsmInputs &in);

} // namespace mag7::pricing
