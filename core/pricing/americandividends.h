#pragma once
// Internal: American options with discrete cash dividends (and a continuous yield) by finite
// differences, and the deterministic (zero-volatility) value. Used by american.cpp; not a public
// API (american.h is).

#include "pricing/american.h"

#include <span>

namespace mag7::pricing::detail {

// Crank-Nicolson in x = ln S on a uniform grid with the strike on a node, Rannacher start-up (two
// implicit half steps at expiry and after every dividend), steps uniform in the square root of
// the time since the last kink, the early-exercise constraint solved exactly in every step
// (Brennan-Schwartz where the exercise region touches the grid's end; policy iteration in the
// double-boundary regime), dividend jumps S -> S - D by cubic interpolation with exercise allowed
// just before the ex-date (the kink smoothed by cell averaging), and Richardson extrapolation in
// the space step. Against a grid sixteen times finer, and QuantLib's extrapolated to the limit:
// about 1e-5 per 100 of price level typically, at most 2e-4 (tests/pricing/tst_americandividends*).
struct FdGrid {
    int spaceSteps = 800;   // intervals in x (Richardson-extrapolated with spaceSteps / 2)
    int timeSteps = 200;    // about timeSteps sqrt(L / T) steps in a segment of length L (>= 2)
    double widthStdevs = 5; // half-width of the grid in sigma sqrt(T) (plus the dividends)
    // When set, the grid (x range, strike alignment, steps per segment) is laid out for these
    // inputs instead: bumped re-pricings on the base grid are smooth in the bumped parameter.
    const BsmInputs *layout = nullptr;
};

struct FdResult {
    double price = 0;
    double delta = 0;
    double gamma = 0;
    double speed = 0;
};

// Requires spot, strike, years, vol > 0. Dividends outside (0, years) are ignored.
FdResult americanFiniteDifference(const BsmInputs &in, std::span<const CashDividend> dividends,
                                  const FdGrid &grid = {});

// Zero volatility: the path is deterministic (growth r - q between dividends, drops by the
// dividends), and the value is the best discounted exercise value over all times in [0, T].
double americanZeroVol(const BsmInputs &in, std::span<const CashDividend> dividends);

} // namespace mag7::pricing::detail
