#pragma once
// Internal: the continuous-yield American pricer shared by americanPrice() and ExerciseBoundary
// (exerciseboundary.cpp). Not a public API (american.h is).
//
// Every option is priced as a put by put-call symmetry: a call (S, K, r, q) is worth
// S x p(K/S) where p is the put with strike 1, spot K/S, rate q and yield r; a put is worth
// K x p(S/K) with rate r and yield q. Regimes of that normalised put (rate rho, yield kappa):
//   years <= 0                      expired: intrinsic value
//   vol sqrt(years) ~ 0             deterministic: best discounted exercise value
//   rho <= 0 and kappa >= rho        early exercise never optimal: European price
//   rho < 0 and kappa < rho          two exercise boundaries: finite differences
//   rho > 0                          one boundary (the ALO fixed point), cached
// In the single-boundary regime the method depends on the drift ratio
// d = (rho - kappa) sqrt(T) / sigma, the drift over the expiry in standard deviations
// (americanboundary.h: equation A stops converging as d grows):
//   d < 0.45        equation A, QD+ start, one Jacobi-Newton and one fixed-point step (the
//                   common case and the fast path)
//   0.45 <= d < 1   equation A with four steps
//   1 <= d < 3      equation B with five steps
//   d >= 3          finite differences on a fine grid (vol of a few percent: the fixed-point
//                   kernels are too narrow for the fixed quadrature); the boundary of equation B
//                   still gives the critical price
//   d >= 40         the zero-vol (deterministic) value: the drift carries the spot away from
//                   the boundary by forty standard deviations, the diffusion's correction is of
//                   order e^{-d^2/2}, and a grid could no longer resolve the standard deviation
// Where the boundary runs very deep (the perpetual boundary below e^{-5} K: a rate near zero
// against the vol), d is raised into the four-step band, reaching it at e^{-7} K: from QD+'s
// start two steps can overshoot there.
// Across each threshold the prices of the two methods are blended with a smoothstep weight over
// a band (+-0.05, +-0.05, +-0.2, +-10 in d), so that the price is a continuously differentiable
// function of vol, rates and expiry: the bumped Greeks and the implied-volatility solver never
// see a jump from a change of method.

#include "pricing/american.h"
#include "pricing/americanboundary.h"

namespace mag7::pricing::detail {

enum class Regime {
    Expired,
    ZeroVol,
    European,
    DoubleBoundary,
    Boundary,
};

// Methods of the single-boundary regime, in order of the drift ratio.
enum class Method {
    Fast,
    MoreSteps,
    EquationB,
    FiniteDifference,
    Deterministic,
};

struct AmericanCore {
    BsmInputs in; // in.spot is not used
    Regime regime = Regime::Expired;
    bool call = false;
    // Regime::Boundary: the method and its boundary of the normalised put (equation B's for
    // FiniteDifference), and within a blending band the next method, its boundary and its weight.
    Method method = Method::Fast;
    PutBoundary boundary;
    Method blendMethod = Method::Fast;
    PutBoundary blendBoundary;
    double blend = 0;
};

// Spot values of a core: price and its first three spot derivatives.
struct SpotValues {
    double price = 0;
    double delta = 0;
    double gamma = 0;
    double speed = 0;
};

// The six re-pricings behind the parameter Greeks: vol up/down, rate up/down, time to expiry
// down/up (one calendar step forward/backward), and the steps taken.
struct Bumps {
    static constexpr int kCount = 6;
    BsmInputs inputs[kCount];
    double volUp = 0;   // sigma+ - sigma
    double volDown = 0; // sigma - sigma- (0 at zero vol: one-sided)
    double rateStep = 0;
    double timeStep = 0;
};
// `maxTimeStep` caps the time step (with discrete dividends: a step must not carry an ex-date
// past now, where the price jumps).
Bumps makeBumps(const BsmInputs &in, double maxTimeStep = 1e300);
// Price, delta, gamma, speed from `base`; vega, vomma, vanna, rho, theta, charm by central
// differences of the bumped values; in the desk's units.
Greeks assembleGreeks(const SpotValues &base, const SpotValues (&bumped)[Bumps::kCount],
                      const Bumps &bumps);

void buildCore(const BsmInputs &in, AmericanCore &core);
// `derivatives` false: price only (delta, gamma, speed left 0).
SpotValues coreValues(const AmericanCore &core, double spot, bool derivatives);
// Critical price at time to expiry tau: the put's boundary (0 when it never exercises), or the
// call's (+inf when it never exercises); NaN in the double-boundary regime.
double coreCriticalPrice(const AmericanCore &core, double tau);

} // namespace mag7::pricing::detail
