#pragma once
// Probabilities and P/L profiles of single options and multi-leg positions under a lognormal
// model (risk-neutral drift r - q unless stated), and the engine behind the Analyze view.
// Units as in blackscholes.h; P/L in dollars for the whole position (quantity x multiplier).
// Plain functions; safe from any thread.

#include "pricing/blackscholes.h"

#include <span>
#include <vector>

namespace mag7::pricing {

// P(S_T beyond strike at expiry): N(d2) for calls, N(-d2) for puts. At expiry (years <= 0) 1 or 0
// from the spot; with zero vol, 1 or 0 from the forward. NaN for a non-positive spot or strike.
double probabilityItm(const BsmInputs &in);
// P(the price touches `barrier` at any time before `years`), continuous monitoring: for a barrier
// above the spot P(max S_t >= B), below P(min S_t <= B), ln S_t Brownian with drift
// r - q - vol^2/2 (reflection principle with drift). 1 when barrier == spot; 0 when years <= 0 or
// barrier <= 0; NaN for a non-positive spot.
double probabilityTouch(double spot, double barrier, double years, double vol, double rate,
                        double dividendYield);

struct PositionLeg {
    enum class Kind { Option, Stock };
    Kind kind = Kind::Option;
    OptionRight right = OptionRight::Call;
    double strike = 0;
    double expiryYears = 0;  // from now to the leg's expiry instant
    double quantity = 0;     // signed: + long, - short (contracts or shares)
    double entryPrice = 0;   // per unit (per share), paid for longs and received for shorts
    double vol = 0;          // the leg's implied vol (pricing before expiry)
    double multiplier = 100; // 100 per option, 1 per share
};

struct Position {
    std::vector<PositionLeg> legs;
    double rate = 0;
    double dividendYield = 0;
};

// Sum of quantity x multiplier x entryPrice: what the position cost (negative for a credit).
double positionEntryCost(const Position &position);
// Value and P/L when `horizonYears` have passed and the underlying is at `spot`, each leg's vol
// shifted by `ivShift` (additive, 0.01 = +1 vol point; floored at 0). Option legs with time left
// (expiryYears - horizonYears > 0) are BSM-priced with that remaining time, the position's rate
// and yield; expired legs are worth their intrinsic value at `spot`; stock is worth `spot`.
// P/L = value - entry cost (no financing of the premium, no dividends received on stock).
double positionValue(const Position &position, double spot, double horizonYears, double ivShift);
double positionPnl(const Position &position, double spot, double horizonYears, double ivShift);

struct PnlCurve {
    std::vector<double> spots;
    std::vector<double> pnl;
};
PnlCurve pnlProfile(const Position &position, std::span<const double> spots, double horizonYears,
                    double ivShift);

struct PositionStats {
    double maxProfit = 0; // at the horizon, over all spots > 0; >= 0; +inf when unlimited
    double maxLoss = 0;   // negative number or 0; -inf when unlimited
    bool unlimitedProfit = false;
    bool unlimitedLoss = false;
    std::vector<double> breakevens; // ascending
    double probabilityOfProfit = 0; // P(P/L at the horizon > 0)
    double expectedPnl = 0;
};
// Statistics at the horizon with the underlying lognormal from `spot` with `vol` and drift r - q.
// Unlimited profit/loss: the P/L's slope as the spot goes to infinity (calls and stock) is
// positive/negative (the P/L has a finite limit at 0); exactly, so stock or a live long call
// against a live short call with a yield q > 0 has slope e^(-q T1) - e^(-q T2) != 0 and counts.
// Max profit/loss: the P/L on a log-spot grid
// (strikes as nodes; 150-2000 fine points over the strikes +- 6 standard deviations of the
// horizon move and of each live leg's remaining move, beyond which the P/L is linear; coarse
// tails to e^+-14 for breakevens only), the exact limits at 0 and infinity, a parabolic polish
// of an interior extreme. Breakevens: the boundaries of {P/L > 0} between grid nodes, by regula
// falsi (Illinois) to ~1e-14 in log-spot. Probability of profit: the lognormal probability of the
// profitable intervals between breakevens, in closed form. Expected P/L: in closed form (a live
// leg's expected value at the horizon is e^(rh) x its BSM value to its expiry with total variance
// vol^2 h + legVol^2 (T - h)). With zero vol or horizon, the spot at the horizon is the forward.
PositionStats analyzePosition(const Position &position, double spot, double horizonYears,
                              double vol, double ivShift = 0);

} // namespace mag7::pricing
