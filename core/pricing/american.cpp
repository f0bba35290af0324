// americanPrice / americanGreeks / impliedVolatilityAmerican: continuous yields through the
// cached-boundary core (exerciseboundary.cpp), discrete cash dividends through finite
// differences (americandividends.cpp).
#include "pricing/american.h"

#include "pricing/americancore.h"
#include "pricing/americandividends.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

namespace mag7::pricing {

namespace {

bool validInputs(const BsmInputs &in)
{
    return in.spot > 0 && in.strike > 0 && in.vol >= 0 && std::isfinite(in.spot) &&
           std::isfinite(in.strike) && std::isfinite(in.vol) && std::isfinite(in.years) &&
           std::isfinite(in.rate) && std::isfinite(in.dividendYield);
}

bool hasDividendsBeforeExpiry(const BsmInputs &in, std::span<const CashDividend> dividends)
{
    return std::any_of(dividends.begin(), dividends.end(), [&](const CashDividend &d) {
        return d.years > 0 && d.years < in.years && d.amount > 0;
    });
}

double intrinsic(const BsmInputs &in)
{
    return std::max(in.right == OptionRight::Call ? in.spot - in.strike : in.strike - in.spot, 0.0);
}

Greeks nanGreeks()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return {nan, nan, nan, nan, nan, nan, nan, nan, nan, nan};
}

// Price and spot derivatives with discrete dividends (finite differences on `layout`'s grid).
detail::SpotValues dividendValues(const BsmInputs &in, std::span<const CashDividend> dividends,
                                  const BsmInputs *layout)
{
    detail::SpotValues out;
    if (!(in.years > 0)) {
        out.price = intrinsic(in);
        out.delta = out.price > 0 ? (in.right == OptionRight::Call ? 1.0 : -1.0) : 0.0;
        return out;
    }
    // Below a standard deviation of 1e-6 over the life the grid could not resolve it, and the
    // deterministic value is exact to that order.
    if (!(in.vol * std::sqrt(in.years) > 1e-6)) {
        out.price = detail::americanZeroVol(in, dividends);
        const double h = 1e-6 * in.spot;
        BsmInputs bumped = in;
        bumped.spot = in.spot + h;
        const double up = detail::americanZeroVol(bumped, dividends);
        bumped.spot = in.spot - h;
        out.delta = (up - detail::americanZeroVol(bumped, dividends)) / (2 * h);
        return out;
    }
    detail::FdGrid grid;
    grid.layout = layout;
    const detail::FdResult fd = detail::americanFiniteDifference(in, dividends, grid);
    out.price = fd.price;
    out.delta = fd.delta;
    out.gamma = fd.gamma;
    out.speed = fd.speed;
    // In the exercise region the grid interpolates intrinsic values: exact but for rounding.
    const double exercise = intrinsic(in);
    if (out.price < exercise) {
        out.price = exercise;
        out.delta = exercise > 0 ? (in.right == OptionRight::Call ? 1.0 : -1.0) : 0.0;
        out.gamma = 0;
        out.speed = 0;
    }
    return out;
}

} // namespace

double americanPrice(const BsmInputs &in, std::span<const CashDividend> dividends)
{
    if (!validInputs(in))
        return std::numeric_limits<double>::quiet_NaN();
    if (hasDividendsBeforeExpiry(in, dividends))
        return dividendValues(in, dividends, nullptr).price;
    detail::AmericanCore core;
    detail::buildCore(in, core);
    return detail::coreValues(core, in.spot, false).price;
}

Greeks americanGreeks(const BsmInputs &in, std::span<const CashDividend> dividends)
{
    if (!validInputs(in))
        return nanGreeks();
    const bool withDividends = hasDividendsBeforeExpiry(in, dividends);
    // Theta moves every ex-date with the expiry; the step stays within half the time to the
    // next ex-date so that none passes now.
    double maxTimeStep = 1e300;
    if (withDividends) {
        for (const CashDividend &d : dividends) {
            if (d.years > 0 && d.years < in.years && d.amount > 0)
                maxTimeStep = std::min(maxTimeStep, 0.5 * d.years);
        }
    }
    const detail::Bumps bumps = detail::makeBumps(in, maxTimeStep);
    detail::SpotValues bumped[detail::Bumps::kCount];
    if (withDividends) {
        // Every re-pricing on the base grid; a time step moves the ex-dates with the expiry
        // (calendar time passing), so they stay put relative to expiry.
        std::vector<CashDividend> shifted(dividends.begin(), dividends.end());
        for (int i = 0; i < detail::Bumps::kCount; ++i) {
            const double shift = bumps.inputs[i].years - in.years;
            for (std::size_t k = 0; k < shifted.size(); ++k)
                shifted[k].years = dividends[k].years + shift;
            bumped[i] = dividendValues(bumps.inputs[i], shifted, &in);
        }
        return detail::assembleGreeks(dividendValues(in, dividends, &in), bumped, bumps);
    }
    auto cores = std::make_unique<detail::AmericanCore[]>(detail::Bumps::kCount + 1);
    detail::buildCore(in, cores[0]);
    for (int i = 0; i < detail::Bumps::kCount; ++i) {
        detail::AmericanCore &core = cores[static_cast<std::size_t>(i + 1)];
        detail::buildCore(bumps.inputs[i], core);
        bumped[i] = detail::coreValues(core, in.spot, true);
    }
    return detail::assembleGreeks(detail::coreValues(cores[0], in.spot, true), bumped, bumps);
}

IvResult impliedVolatilityAmerican(double price, const BsmInputs &in,
                                   std::span<const CashDividend> dividends)
{
    if (!std::isfinite(price) || !(in.spot > 0) || !(in.strike > 0) || !(in.years > 0) ||
        !validInputs({in.right, in.spot, in.strike, in.years, 0.0, in.rate, in.dividendYield}))
        return {0, IvError::InvalidInput};
    const bool call = in.right == OptionRight::Call;
    const double upper = call ? in.spot : in.strike;
    const double floorValue = intrinsic(in);
    const double tolerance = 1e-12 * std::max(1.0, upper);
    if (price < floorValue - tolerance)
        return {0, IvError::BelowIntrinsic};
    if (price >= upper - tolerance)
        return {0, IvError::AboveUpperBound};

    BsmInputs work = in;
    const auto model = [&](double vol) {
        work.vol = vol;
        return americanPrice(work, dividends);
    };
    // The American price rises with vol from its zero-vol value (>= intrinsic): the
    // deterministic best exercise, in closed form.
    work.vol = 0;
    double lo = 0;
    double fLo = detail::americanZeroVol(work, dividends) - price;
    if (fLo >= -tolerance)
        return {0, IvError::NoTimeValue};
    double hi = 2.0;
    double fHi = model(hi) - price;
    while (fHi < 0 && hi < 50) {
        lo = hi;
        fLo = fHi;
        hi *= 3;
        fHi = model(hi) - price;
    }
    if (fHi < 0)
        return {hi, IvError::NotConverged};

    // Brent's method on the bracket [lo, hi].
    double a = lo;
    double fa = fLo;
    double b = hi;
    double fb = fHi;
    double c = a;
    double fc = fa;
    double d = b - a;
    double e = d;
    const double priceTolerance = 1e-11 * std::max(1.0, price);
    for (int iteration = 0; iteration < 100; ++iteration) {
        if ((fb > 0) == (fc > 0)) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if (std::abs(fc) < std::abs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        const double volTolerance = 1e-13 * std::abs(b) + 1e-15;
        const double middle = 0.5 * (c - b);
        if (std::abs(fb) <= priceTolerance || std::abs(middle) <= volTolerance)
            return {b, IvError::None};
        if (std::abs(e) >= volTolerance && std::abs(fa) > std::abs(fb)) {
            // Inverse quadratic interpolation or secant.
            double p = 0;
            double q = 0;
            const double s = fb / fa;
            if (a == c) {
                p = 2 * middle * s;
                q = 1 - s;
            } else {
                const double qq = fa / fc;
                const double rr = fb / fc;
                p = s * (2 * middle * qq * (qq - rr) - (b - a) * (rr - 1));
                q = (qq - 1) * (rr - 1) * (s - 1);
            }
            if (p > 0)
                q = -q;
            p = std::abs(p);
            if (2 * p < std::min(3 * middle * q - std::abs(volTolerance * q), std::abs(e * q))) {
                e = d;
                d = p / q;
            } else {
                d = middle;
                e = d;
            }
        } else {
            d = middle;
            e = d;
        }
        a = b;
        fa = fb;
        b += std::abs(d) > volTolerance ? d : (middle > 0 ? volTolerance : -volTolerance);
        fb = model(b) - price;
    }
    return {b, IvError::NotConverged};
}

} // namespace mag7::pricing
