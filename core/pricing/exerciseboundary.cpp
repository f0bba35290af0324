// The continuous-yield American pricer (americancore.h) and ExerciseBoundary.
//
// In the single-boundary regime the price is the European price plus the premium integral on the
// Andersen-Lake-Offengenden boundary of americanboundary.h (8 Chebyshev intervals in
// sqrt(tau), 6 Gauss-Legendre points per fixed-point integral, QD+ start, one Jacobi-Newton and
// one fixed-point step, 20 points in the premium integral, on the fast path), with the method
// chosen by the drift ratio (americancore.h). Against QuantLib's QdFpAmericanEngine
// high-precision scheme on 10,000 random inputs (S 50-200, K/S 0.6-1.4, T 1 day-2 years, vol
// 5%-150%, r 0-8%, q 0-5%; tests/pricing/tst_americanrandom*.cpp, bench `pricing.american`):
// max absolute error about 9e-5 per 100 of price level, mean about 1e-6. Only the boundary
// depends on the contract's rate, yield, vol and expiry, so ExerciseBoundary reprices any spot
// for the premium integral alone.
#include "pricing/americancore.h"
#include "pricing/americandividends.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

namespace mag7::pricing::detail {

namespace {

// Below this total volatility the option is priced as deterministic (the difference to the
// ALO price is far below the method's accuracy).
constexpr double kZeroVolStdev = 1e-9;

double intrinsic(bool call, double spot, double strike)
{
    return std::max(call ? spot - strike : strike - spot, 0.0);
}

// The method thresholds in the drift ratio and their blending bands (americancore.h).
struct Transition {
    double centre;
    double halfWidth;
    Method from;
    Method to;
};
constexpr Transition kTransitions[] = {
    {0.45, 0.05, Method::Fast, Method::MoreSteps},
    {1.0, 0.05, Method::MoreSteps, Method::EquationB},
    {3.0, 0.2, Method::EquationB, Method::FiniteDifference},
    {40.0, 10.0, Method::FiniteDifference, Method::Deterministic},
};

// 3x^2 - 2x^3 on [0, 1]: a weight with zero slope at both ends.
double smoothstep(double x)
{
    x = std::clamp(x, 0.0, 1.0);
    return x * x * (3 - 2 * x);
}

AloScheme schemeOf(Method method)
{
    AloScheme scheme;
    switch (method) {
    case Method::Fast:
        break;
    case Method::MoreSteps:
        scheme.qdPlusSteps = 5;
        scheme.iterations = 4;
        break;
    case Method::EquationB:
    case Method::FiniteDifference:
    case Method::Deterministic:
        scheme.qdPlusSteps = 5;
        scheme.equation = FixedPointEquation::B;
        scheme.iterations = 5;
        break;
    }
    return scheme;
}

// Price and spot derivatives by finite differences (the low-vol method's fine grid, or the
// double-boundary regime's default grid), floored at the European price and intrinsic value.
SpotValues finiteDifferenceValues(const BsmInputs &in, bool call, bool fine)
{
    FdGrid grid;
    if (fine) {
        // The exercise boundary sits within a few standard deviations of the strike for most of
        // the life: the grid must be fine in spot (time steps matter little).
        grid.spaceSteps = 1600;
        grid.timeSteps = 100;
    }
    const FdResult fd = americanFiniteDifference(in, {}, grid);
    SpotValues out;
    out.price = fd.price;
    out.delta = fd.delta;
    out.gamma = fd.gamma;
    out.speed = fd.speed;
    // An American option is worth at least the European one; far out of the money (spot
    // several standard deviations from the strike, beyond the grid) the grid's value is 0.
    const Greeks european = bsmGreeks(in);
    if (european.price > out.price) {
        out.price = european.price;
        out.delta = european.delta;
        out.gamma = european.gamma;
        out.speed = european.speed;
    }
    // In the exercise region the grid interpolates intrinsic values: exact but for rounding.
    const double exercise = intrinsic(call, in.spot, in.strike);
    if (out.price < exercise) {
        out.price = exercise;
        out.delta = exercise > 0 ? (call ? 1.0 : -1.0) : 0.0;
        out.gamma = 0;
        out.speed = 0;
    }
    return out;
}

// Price and spot derivatives from a boundary: the European price plus the premium integral.
SpotValues boundaryValues(const PutBoundary &b, const BsmInputs &in, bool call, bool derivatives)
{
    SpotValues out;
    const double spot = in.spot;
    const double sign = call ? 1.0 : -1.0;
    // Normalised put at s with multiplier m: put K p(S/K), call S p(K/S).
    const double strike = in.strike;
    const double s = call ? strike / spot : spot / strike;
    const double exercise = intrinsic(call, spot, strike);
    if (std::log(s) <= b.lnBoundary(in.years)) {
        // Exercise region: immediate exercise.
        out.price = exercise;
        out.delta = sign;
        return out;
    }
    // The premium is positive for the exact boundary; a rounding-level negative value is
    // clipped so that the price is never below the European price. Just above the boundary the
    // exact price meets intrinsic value smoothly; the approximation can dip below it by the
    // boundary's error, and the price is floored there.
    if (!derivatives) {
        const double premium = std::max(b.premium(s), 0.0);
        out.price = std::max(bsmPrice(in) + (call ? spot : strike) * premium, exercise);
        return out;
    }
    double e[4];
    b.premiumDerivatives(s, e);
    const Greeks european = bsmGreeks(in);
    if (call) {
        // C = S e(K/S): dC/dS = e - s e', d2C/dS2 = s^2 e'' / S,
        // d3C/dS3 = -(s^3 e''' + 3 s^2 e'') / S^2.
        out.price = european.price + spot * e[0];
        out.delta = european.delta + e[0] - s * e[1];
        out.gamma = european.gamma + s * s * e[2] / spot;
        out.speed = european.speed - (s * s * s * e[3] + 3 * s * s * e[2]) / (spot * spot);
    } else {
        // P = K e(S/K).
        out.price = european.price + strike * e[0];
        out.delta = european.delta + e[1];
        out.gamma = european.gamma + e[2] / strike;
        out.speed = european.speed + e[3] / (strike * strike);
    }
    out.price = std::max(out.price, european.price);
    if (out.price < exercise) {
        out.price = exercise;
        out.delta = exercise > 0 ? sign : 0.0;
        out.gamma = 0;
        out.speed = 0;
    }
    return out;
}

// The zero-vol value and its delta by a central difference.
SpotValues deterministicValues(BsmInputs in, bool derivatives)
{
    SpotValues out;
    const double spot = in.spot;
    out.price = americanZeroVol(in, {});
    if (derivatives) {
        const double h = 1e-6 * spot;
        in.spot = spot + h;
        const double up = americanZeroVol(in, {});
        in.spot = spot - h;
        const double down = americanZeroVol(in, {});
        out.delta = (up - down) / (2 * h);
    }
    return out;
}

SpotValues methodValues(Method method, const PutBoundary &b, const BsmInputs &in, bool call,
                        bool derivatives)
{
    switch (method) {
    case Method::FiniteDifference:
        return finiteDifferenceValues(in, call, true);
    case Method::Deterministic:
        return deterministicValues(in, derivatives);
    case Method::Fast:
    case Method::MoreSteps:
    case Method::EquationB:
        break;
    }
    return boundaryValues(b, in, call, derivatives);
}

} // namespace

void buildCore(const BsmInputs &in, AmericanCore &core)
{
    core.in = in;
    core.call = in.right == OptionRight::Call;
    if (!(in.years > 0)) {
        core.regime = Regime::Expired;
        return;
    }
    if (!(in.vol * std::sqrt(in.years) > kZeroVolStdev)) {
        core.regime = Regime::ZeroVol;
        return;
    }
    const double rho = core.call ? in.dividendYield : in.rate;
    const double kappa = core.call ? in.rate : in.dividendYield;
    if (rho <= 0 && kappa >= rho) {
        core.regime = Regime::European;
    } else if (rho <= 0) {
        core.regime = Regime::DoubleBoundary;
    } else {
        core.regime = Regime::Boundary;
        // The drift ratio, raised to the four-step band where the boundary runs very deep (the
        // perpetual boundary B_inf = K g / (g - 1), g the negative root of
        // sigma^2 g (g - 1) / 2 + (rho - kappa) g - rho = 0, below e^{-5} K: a rate near zero
        // against the vol): from QD+'s start two steps can overshoot there.
        const double v2 = in.vol * in.vol;
        const double b = rho - kappa - 0.5 * v2;
        const double root = (-b - std::sqrt(b * b + 2 * v2 * rho)) / v2;
        const double depth = std::log1p(-1 / root); // -ln B_inf / K = ln((1 - g) / (-g))
        const double drift = std::max((rho - kappa) * std::sqrt(in.years) / in.vol,
                                      std::min(0.45 + 0.05 * (depth - 6), 0.5));
        core.method = Method::Fast;
        core.blend = 0;
        for (const Transition &t : kTransitions) {
            if (drift >= t.centre + t.halfWidth) {
                core.method = t.to;
            } else if (drift > t.centre - t.halfWidth) {
                core.method = t.from;
                core.blendMethod = t.to;
                core.blend = smoothstep((drift - (t.centre - t.halfWidth)) / (2 * t.halfWidth));
                break;
            } else {
                break;
            }
        }
        buildPutBoundary(rho, kappa, in.vol, in.years, schemeOf(core.method), core.boundary);
        if (core.blend > 0)
            buildPutBoundary(rho, kappa, in.vol, in.years, schemeOf(core.blendMethod),
                             core.blendBoundary);
    }
}

SpotValues coreValues(const AmericanCore &core, double spot, bool derivatives)
{
    BsmInputs in = core.in;
    in.spot = spot;
    SpotValues out;
    const double sign = core.call ? 1.0 : -1.0;
    switch (core.regime) {
    case Regime::Expired:
        out.price = intrinsic(core.call, spot, in.strike);
        out.delta = out.price > 0 ? sign : 0.0;
        return out;
    case Regime::ZeroVol:
        return deterministicValues(in, derivatives);
    case Regime::European: {
        if (!derivatives) {
            out.price = bsmPrice(in);
            return out;
        }
        const Greeks g = bsmGreeks(in);
        out.price = g.price;
        out.delta = g.delta;
        out.gamma = g.gamma;
        out.speed = g.speed;
        return out;
    }
    case Regime::DoubleBoundary:
        return finiteDifferenceValues(in, core.call, false);
    case Regime::Boundary:
        break;
    }
    out = methodValues(core.method, core.boundary, in, core.call, derivatives);
    if (core.blend > 0) {
        const SpotValues next =
            methodValues(core.blendMethod, core.blendBoundary, in, core.call, derivatives);
        const double w = core.blend;
        out.price += w * (next.price - out.price);
        out.delta += w * (next.delta - out.delta);
        out.gamma += w * (next.gamma - out.gamma);
        out.speed += w * (next.speed - out.speed);
    }
    return out;
}

double coreCriticalPrice(const AmericanCore &core, double tau)
{
    const double strike = core.in.strike;
    switch (core.regime) {
    case Regime::Expired:
    case Regime::European:
        return core.call ? std::numeric_limits<double>::infinity() : 0.0;
    case Regime::ZeroVol: {
        // Constant boundary K min(1, rho/kappa) of the normalised put (see buildPutBoundary).
        const double rho = core.call ? core.in.dividendYield : core.in.rate;
        const double kappa = core.call ? core.in.rate : core.in.dividendYield;
        if (rho <= 0)
            return core.call ? std::numeric_limits<double>::infinity() : 0.0;
        const double x = kappa > rho ? rho / kappa : 1.0;
        return core.call ? strike / x : strike * x;
    }
    case Regime::DoubleBoundary:
        return std::numeric_limits<double>::quiet_NaN();
    case Regime::Boundary:
        break;
    }
    const double t = std::clamp(tau, 0.0, core.in.years);
    double lnB = core.boundary.lnBoundary(t);
    if (core.blend > 0)
        lnB += core.blend * (core.blendBoundary.lnBoundary(t) - lnB);
    const double b = std::exp(lnB);
    return core.call ? strike / b : strike * b;
}

Bumps makeBumps(const BsmInputs &in, double maxTimeStep)
{
    Bumps bumps;
    const double h = std::max(1e-4, 1e-3 * in.vol);
    bumps.volUp = h;
    bumps.volDown = std::min(h, 0.5 * std::max(in.vol, 0.0));
    bumps.rateStep = 1e-4;
    bumps.timeStep = std::min(1e-3 * std::max(in.years, 0.0), maxTimeStep);
    for (BsmInputs &bumped : bumps.inputs)
        bumped = in;
    bumps.inputs[0].vol = in.vol + bumps.volUp;
    bumps.inputs[1].vol = in.vol - bumps.volDown;
    bumps.inputs[2].rate = in.rate + bumps.rateStep;
    bumps.inputs[3].rate = in.rate - bumps.rateStep;
    bumps.inputs[4].years = in.years - bumps.timeStep;
    bumps.inputs[5].years = in.years + bumps.timeStep;
    return bumps;
}

Greeks assembleGreeks(const SpotValues &base, const SpotValues (&bumped)[Bumps::kCount],
                      const Bumps &bumps)
{
    constexpr double kDaysPerYear = 365.0;
    Greeks g;
    g.price = base.price;
    g.delta = base.delta;
    g.gamma = base.gamma;
    g.speed = base.speed;
    const double volSpan = bumps.volUp + bumps.volDown;
    g.vega = (bumped[0].price - bumped[1].price) / volSpan * 0.01;
    g.vanna = (bumped[0].delta - bumped[1].delta) / volSpan * 0.01;
    if (bumps.volDown > 0) {
        const double second = 2 *
                              ((bumped[0].price - base.price) / bumps.volUp -
                               (base.price - bumped[1].price) / bumps.volDown) /
                              volSpan;
        g.vomma = second * 1e-4;
    }
    g.rho = (bumped[2].price - bumped[3].price) / (2 * bumps.rateStep) * 0.01;
    if (bumps.timeStep > 0) {
        g.theta = (bumped[4].price - bumped[5].price) / (2 * bumps.timeStep) / kDaysPerYear;
        g.charm = (bumped[4].delta - bumped[5].delta) / (2 * bumps.timeStep) / kDaysPerYear;
    }
    return g;
}

} // namespace mag7::pricing::detail

namespace mag7::pricing {

struct ExerciseBoundary::Data {
    detail::AmericanCore core;
    // The bumped cores behind greeks(), built on first use.
    mutable std::once_flag bumpsBuilt;
    mutable detail::Bumps bumps;
    mutable std::unique_ptr<detail::AmericanCore[]> bumped;
};

ExerciseBoundary ExerciseBoundary::build(const BsmInputs &in)
{
    auto data = std::make_shared<Data>();
    detail::buildCore(in, data->core);
    ExerciseBoundary boundary;
    boundary.m_data = std::move(data);
    return boundary;
}

double ExerciseBoundary::price(double spot) const
{
    if (!m_data || !(spot > 0))
        return std::numeric_limits<double>::quiet_NaN();
    return detail::coreValues(m_data->core, spot, false).price;
}

Greeks ExerciseBoundary::greeks(double spot) const
{
    if (!m_data || !(spot > 0)) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return {nan, nan, nan, nan, nan, nan, nan, nan, nan, nan};
    }
    const Data &data = *m_data;
    std::call_once(data.bumpsBuilt, [&data] {
        data.bumps = detail::makeBumps(data.core.in);
        data.bumped = std::make_unique<detail::AmericanCore[]>(detail::Bumps::kCount);
        for (int i = 0; i < detail::Bumps::kCount; ++i)
            detail::buildCore(data.bumps.inputs[i], data.bumped[static_cast<std::size_t>(i)]);
    });
    detail::SpotValues values[detail::Bumps::kCount];
    for (int i = 0; i < detail::Bumps::kCount; ++i)
        values[i] = detail::coreValues(data.bumped[static_cast<std::size_t>(i)], spot, true);
    return detail::assembleGreeks(detail::coreValues(data.core, spot, true), values, data.bumps);
}

double ExerciseBoundary::criticalPrice(double tau) const
{
    if (!m_data)
        return std::numeric_limits<double>::quiet_NaN();
    return detail::coreCriticalPrice(m_data->core, tau);
}

double ExerciseBoundary::years() const
{
    return m_data ? m_data->core.in.years : 0.0;
}

} // namespace mag7::pricing
