#pragma once
// American options on a stock with a continuous dividend yield or discrete cash dividends.
//
// americanPrice()/americanGreeks() are the desk's fast method, accurate to <= 2e-4 (absolute,
// per $1 of underlying price level 100) against QuantLib's QdFpAmericanEngine high-precision
// scheme for continuous yields, and against a fine QuantLib finite-difference grid for discrete
// dividends. ExerciseBoundary caches the early-exercise boundary, which does not depend on spot,
// so repricing at many spots (P/L profiles, scenario grids, a moving underlying at fixed vol)
// costs one integral each.
//
// Units as in blackscholes.h. Dividends are (time from now in years, cash amount in dollars);
// only dividends before expiry count. Plain functions and immutable objects; safe from any thread.

#include "pricing/blackscholes.h"
#include "pricing/impliedvol.h"

#include <memory>
#include <span>

namespace mag7::pricing {

struct CashDividend {
    double years = 0;  // time from now to the ex-dividend instant
    double amount = 0; // dollars per share
};

double americanPrice(const BsmInputs &in, std::span<const CashDividend> dividends = {});
// Price and every Greek (first and second order), consistent with americanPrice().
Greeks americanGreeks(const BsmInputs &in, std::span<const CashDividend> dividends = {});
// Implied volatility of an American price; the same typed errors as impliedVolatility() (the
// bounds are the American ones: intrinsic S-K / K-S and S / K).
IvResult impliedVolatilityAmerican(double price, const BsmInputs &in,
                                   std::span<const CashDividend> dividends = {});

// The early-exercise boundary of one contract (continuous yield), independent of spot.
class ExerciseBoundary {
public:
    // `in.spot` is ignored.
    static ExerciseBoundary build(const BsmInputs &in);
    double price(double spot) const;
    Greeks greeks(double spot) const;
    // Critical price at time-to-expiry tau (0 < tau <= years).
    double criticalPrice(double tau) const;
    double years() const;

private:
    struct Data;
    std::shared_ptr<const Data> m_data;
};

} // namespace mag7::pricing
