#pragma once
// Probabilities and P/L profiles of single options and multi-leg positions under a lognormal
// model (risk-neutral drift r - q unless stated), and the engine behind the Analyze view.
// Units as in blackscholes.h; P/L in dollars for the whole position (quantity x multiplier).
// Plain functions; safe from any thread.

#include "pricing/blackscholes.h"

#include <span>
#include <vector>

namespace mag7::pricing {

// P(S_T beyond strike at expiry): N(d2) for calls, N(-d2) for puts.
double probabilityItm(const BsmInputs &in);
// P(the price touches `barrier` at any time before `years`), continuous monitoring.
double probabilityTouch(double spot, double barrier, double years, double vol, double rate,
                        double dividendYield);

struct PositionLeg {
    enum class Kind { Option, Stock };
    Kind kind = Kind::Option;
    OptionRight right = OptionRight::Call;
    double strike = 0;
    double expiryYears = 0; // from now to the leg's expiry instant
    double quantity = 0;    // signed: + long, - short (contracts or shares)
    double entryPrice = 0;  // per share paid (+) or received, per unit
    double vol = 0;         // the leg's implied vol (pricing before expiry)
    double multiplier = 100; // 100 per option, 1 per share
};

struct Position {
    std::vector<PositionLeg> legs;
    double rate = 0;
    double dividendYield = 0;
};

// Value and P/L when `horizonYears` have passed and the underlying is at `spot`, each leg's vol
// shifted by `ivShift` (additive, 0.01 = +1 vol point). Expired legs are worth intrinsic value.
double positionValue(const Position &position, double spot, double horizonYears, double ivShift);
double positionPnl(const Position &position, double spot, double horizonYears, double ivShift);

struct PnlCurve {
    std::vector<double> spots;
    std::vector<double> pnl;
};
PnlCurve pnlProfile(const Position &position, std::span<const double> spots,
                    double horizonYears, double ivShift);

struct PositionStats {
    double maxProfit = 0;       // at the horizon, over all spots
    double maxLoss = 0;         // negative number or 0
    bool unlimitedProfit = false;
    bool unlimitedLoss = false;
    std::vector<double> breakevens; // ascending
    double probabilityOfProfit = 0; // P(P/L at the horizon > 0)
    double expectedPnl = 0;
};
// Statistics at the horizon with the underlying lognormal from `spot` with `vol`.
PositionStats analyzePosition(const Position &position, double spot, double horizonYears,
                              double vol, double ivShift = 0);

} // namespace mag7::pricing
