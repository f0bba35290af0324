#include "pricing/americandividends.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace mag7::pricing::detail {

namespace {

struct Dividend {
    double tau = 0; // time to expiry at the ex-dividend instant
    double amount = 0;
};

// Dividends strictly inside (0, years) with positive amounts, merged per instant, sorted by
// time to expiry (the order in which the backward induction meets them).
std::vector<Dividend> dividendsBeforeExpiry(double years, std::span<const CashDividend> dividends)
{
    std::vector<Dividend> out;
    for (const CashDividend &dividend : dividends) {
        if (dividend.years > 0 && dividend.years < years && dividend.amount > 0)
            out.push_back({years - dividend.years, dividend.amount});
    }
    std::sort(out.begin(), out.end(),
              [](const Dividend &a, const Dividend &b) { return a.tau < b.tau; });
    std::vector<Dividend> merged;
    for (const Dividend &dividend : out) {
        if (!merged.empty() && std::abs(merged.back().tau - dividend.tau) < 1e-12)
            merged.back().amount += dividend.amount;
        else
            merged.push_back(dividend);
    }
    return merged;
}

// Cubic Lagrange interpolation on a uniform grid (values v, first node x0, spacing dx) and the
// first three derivatives; clamped to the grid's ends.
struct Cubic {
    double value = 0;
    double first = 0;
    double second = 0;
    double third = 0;
};

Cubic interpolate(const std::vector<double> &v, double x0, double dx, double x)
{
    const int last = static_cast<int>(v.size()) - 1;
    const double position = (x - x0) / dx;
    int i = static_cast<int>(std::floor(position)) - 1; // stencil i..i+3
    i = std::clamp(i, 0, last - 3);
    const double t = position - i; // in [0, 3] inside the grid
    const double f0 = v[static_cast<std::size_t>(i)];
    const double f1 = v[static_cast<std::size_t>(i + 1)];
    const double f2 = v[static_cast<std::size_t>(i + 2)];
    const double f3 = v[static_cast<std::size_t>(i + 3)];
    // Newton form on nodes 0, 1, 2, 3.
    const double d1 = f1 - f0;
    const double d2 = (f2 - 2 * f1 + f0) / 2;
    const double d3 = (f3 - 3 * f2 + 3 * f1 - f0) / 6;
    Cubic c;
    c.value = f0 + t * (d1 + (t - 1) * (d2 + (t - 2) * d3));
    // p(t) = f0 + d1 t + d2 t(t-1) + d3 t(t-1)(t-2)
    c.first = (d1 + d2 * (2 * t - 1) + d3 * (3 * t * t - 6 * t + 2)) / dx;
    c.second = (2 * d2 + d3 * (6 * t - 6)) / (dx * dx);
    c.third = 6 * d3 / (dx * dx * dx);
    return c;
}

// The mean of max(f, 0) over an interval on which f is linear from a to b.
double positiveMean(double a, double b)
{
    if (a >= 0 && b >= 0)
        return 0.5 * (a + b);
    if (a <= 0 && b <= 0)
        return 0;
    const double high = std::max(a, b);
    const double low = std::min(a, b);
    return high * high / (2 * (high - low));
}

// One grid: `n` space intervals, `timeSteps` steps.
FdResult solveGrid(const BsmInputs &in, std::span<const CashDividend> dividends, int n,
                   int timeSteps, double widthStdevs, const BsmInputs &layout)
{
    const bool call = in.right == OptionRight::Call;
    const double S0 = in.spot;
    const double K = in.strike;
    const double T = in.years;
    const double r = in.rate;
    const double q = in.dividendYield;
    const double sigma = in.vol;
    const std::vector<Dividend> divs = dividendsBeforeExpiry(T, dividends);
    // Brennan-Schwartz solves the LCP in one sweep when the exercise region, if any, touches the
    // grid's end: [0, B] for a put, [B, inf) for a call. In the double-boundary regime (a put with
    // q < r < 0, a call with r < q < 0; Battauz, De Donno and Sbuelz 2015) the region is an
    // interval [B1, B2] inside the grid, and the LCP is solved by policy iteration instead.
    const bool doubleBoundary = call ? (r < q && q < 0) : (q < r && r < 0);
    double totalDividends = 0;
    for (const Dividend &dividend : divs)
        totalDividends += dividend.amount;

    // Grid in x = ln S: W standard deviations around the spot, widened by the dividends and the
    // drift, with ln K on a node.
    const double layoutSpot = layout.spot;
    const double layoutCarry = (layout.rate - layout.dividendYield) * layout.years;
    const double halfWidth = widthStdevs * layout.vol * std::sqrt(layout.years);
    const double low = std::log(std::max(layoutSpot - totalDividends, 0.05 * layoutSpot)) -
                       halfWidth - std::max(0.0, -layoutCarry);
    const double high = std::log(layoutSpot) + halfWidth + std::max(0.0, layoutCarry);
    const double dx = (high - low) / n;
    const double lnK = std::log(K);
    const double x0 = lnK - std::ceil((lnK - low) / dx) * dx;
    const auto size = static_cast<std::size_t>(n + 1);
    std::vector<double> x(size);
    std::vector<double> spot(size);
    std::vector<double> payoff(size);
    for (std::size_t i = 0; i < size; ++i) {
        x[i] = x0 + static_cast<double>(i) * dx;
        spot[i] = std::exp(x[i]);
        payoff[i] = std::max(call ? spot[i] - K : K - spot[i], 0.0);
    }
    std::vector<double> v = payoff;
    std::vector<double> rhs(size);
    std::vector<double> diag(size);
    std::vector<double> upper(size);
    std::vector<double> lower(size);
    std::vector<double> shifted(size);
    std::vector<double> excess(size);

    // L V_i = a_i V_{i-1} + b V_i + c V_{i+1} (constant coefficients in x).
    // Central differences for the drift while the cell Peclet number |mu| dx / sigma^2 is at
    // most one; beyond (low vol against the drift) they oscillate, and the drift is
    // differenced upwind instead, first order but monotone (the matrix stays an M-matrix).
    const double diffusion = 0.5 * sigma * sigma / (dx * dx);
    const double drift = r - q - 0.5 * sigma * sigma;
    double la = 0;
    double lb = 0;
    double lc = 0;
    if (std::abs(drift) * dx <= sigma * sigma) {
        const double convection = drift / (2 * dx);
        la = diffusion - convection;
        lb = -2 * diffusion - r;
        lc = diffusion + convection;
    } else {
        const double up = std::max(drift, 0.0) / dx;
        const double down = std::max(-drift, 0.0) / dx;
        la = diffusion + down;
        lb = -2 * diffusion - up - down - r;
        lc = diffusion + up;
    }

    const auto boundaryValues = [&](double tau, double &atLow, double &atHigh) {
        const double dr = std::exp(-r * tau);
        const double dq = std::exp(-q * tau);
        if (call) {
            atLow = 0;
            atHigh = std::max(spot[size - 1] - K, spot[size - 1] * dq - K * dr);
        } else {
            atLow = std::max(K - spot[0], K * dr - spot[0] * dq);
            atHigh = 0;
        }
    };

    // Policy iteration (Howard's algorithm; Reisinger and Witte 2012) for the LCP
    //   min(A V - rhs, V - payoff) = 0,  A = tridiag(a, b, c) an M-matrix:
    // every interior row is either the scheme's equation or "exercise" V_i = payoff_i; solve the
    // tridiagonal system for the current choice, then switch each row to whichever of
    // (A V - rhs)_i and (V - payoff)_i is smaller, until no row changes. It terminates in at
    // most n solves and, warm-started from the previous time step's exercise set, usually in
    // one or two.
    std::vector<unsigned char> exercised(size, 0);
    const auto policyIteration = [&](double a, double b, double c, double atLow, double atHigh) {
        const std::size_t last = size - 1;
        v[0] = atLow;
        v[last] = atHigh;
        for (int iteration = 0; iteration < n + 1; ++iteration) {
            // Thomas algorithm on the rows of the current policy (diag holds reciprocals).
            double previousUpper = 0;
            double previousValue = 0;
            for (std::size_t i = 1; i < last; ++i) {
                if (exercised[i]) {
                    diag[i] = 1;
                    upper[i] = 0;
                    lower[i] = payoff[i];
                } else {
                    const double sub = i == 1 ? 0.0 : a;
                    const double super = i + 1 == last ? 0.0 : c;
                    double value = rhs[i];
                    if (i == 1)
                        value -= a * atLow;
                    if (i + 1 == last)
                        value -= c * atHigh;
                    diag[i] = 1 / (b - sub * previousUpper);
                    upper[i] = super * diag[i];
                    lower[i] = (value - sub * previousValue) * diag[i];
                }
                previousUpper = upper[i];
                previousValue = lower[i];
            }
            v[last - 1] = lower[last - 1];
            for (std::size_t i = last - 2; i >= 1; --i)
                v[i] = lower[i] - upper[i] * v[i + 1];
            bool changed = false;
            for (std::size_t i = 1; i < last; ++i) {
                const double residual = a * v[i - 1] + b * v[i] + c * v[i + 1] - rhs[i];
                const unsigned char exercise = v[i] - payoff[i] < residual ? 1 : 0;
                changed = changed || exercise != exercised[i];
                exercised[i] = exercise;
            }
            if (!changed)
                break;
        }
    };

    // One theta-scheme step of size dt ending at tau (theta = 1 implicit, 0.5 Crank-Nicolson),
    // with the early-exercise LCP solved exactly.
    const auto step = [&](double dt, double tau, double theta) {
        const double e = (1 - theta) * dt;
        const double m = theta * dt;
        for (std::size_t i = 1; i + 1 < size; ++i)
            rhs[i] = v[i] + e * (la * v[i - 1] + lb * v[i] + lc * v[i + 1]);
        double atLow = 0;
        double atHigh = 0;
        boundaryValues(tau, atLow, atHigh);
        const std::size_t last = size - 1;
        // Interior equations: -m la V_{i-1} + (1 - m lb) V_i - m lc V_{i+1} = rhs_i.
        const double a = -m * la;
        const double b = 1 - m * lb;
        const double c = -m * lc;
        if (doubleBoundary) {
            policyIteration(a, b, c, atLow, atHigh);
        } else if (!call) {
            rhs[last - 1] -= c * atHigh;
            // Eliminate upwards from the top, then substitute from the bottom with the
            // constraint (the exercise region of a put lies at low prices).
            // diag holds reciprocals: one division per node.
            diag[last - 1] = 1 / b;
            upper[last - 1] = rhs[last - 1];
            for (std::size_t i = last - 1; i > 1; --i) {
                const double factor = c * diag[i];
                diag[i - 1] = 1 / (b - factor * a);
                upper[i - 1] = rhs[i - 1] - factor * upper[i];
            }
            double previous = atLow;
            for (std::size_t i = 1; i < last; ++i) {
                const double value = (upper[i] - a * previous) * diag[i];
                previous = std::max(value, payoff[i]);
                v[i] = previous;
            }
        } else {
            rhs[1] -= a * atLow;
            diag[1] = 1 / b;
            lower[1] = rhs[1];
            for (std::size_t i = 1; i + 2 <= last; ++i) {
                const double factor = a * diag[i];
                diag[i + 1] = 1 / (b - factor * c);
                lower[i + 1] = rhs[i + 1] - factor * lower[i];
            }
            double previous = atHigh;
            for (std::size_t i = last - 1; i >= 1; --i) {
                const double value = (lower[i] - c * previous) * diag[i];
                previous = std::max(value, payoff[i]);
                v[i] = previous;
            }
        }
        v[0] = std::max(atLow, payoff[0]);
        v[last] = std::max(atHigh, payoff[last]);
    };

    // Backward in tau = T - t through segments split at the dividends. In every segment the
    // steps are uniform in sqrt(tau - tau_start): the value has a kink at expiry and after each
    // dividend (exercise just before the ex-date), the exercise boundary moves like the square
    // root of the time since, and uniform steps in tau would make the scheme first order there.
    // A segment of length L gets about timeSteps sqrt(L / T) steps (at least 2), counted on the
    // layout's expiry so that bumped re-pricings keep the same steps.
    const int totalSteps = std::max(timeSteps, 4);
    double tau = 0;
    std::size_t nextDividend = 0;
    while (tau < T) {
        const double end = nextDividend < divs.size() ? divs[nextDividend].tau : T;
        const double layoutSpan = std::sqrt(std::max(end - tau, 0.0) / layout.years);
        const int steps = std::max(2, static_cast<int>(std::ceil(totalSteps * layoutSpan)));
        double previous = tau;
        for (int k = 1; k <= steps; ++k) {
            const double fraction = static_cast<double>(k) / steps;
            const double next = k == steps ? end : tau + (end - tau) * fraction * fraction;
            const double dt = next - previous;
            if (k == 1) {
                // Rannacher start-up: two implicit half steps after the (re-)introduced kink.
                step(0.5 * dt, previous + 0.5 * dt, 1.0);
                step(0.5 * dt, next, 1.0);
            } else {
                step(dt, next, 0.5);
            }
            previous = next;
        }
        tau = end;
        if (nextDividend < divs.size()) {
            // Just before the ex-date the holder owns S; just after, S - D: the value is
            // max(V(S - D), exercise now). The max has a kink where the two cross, generally
            // between nodes; there the node takes the average of the max over its cell, with
            // the difference linear between nodes (Pooley, Forsyth and Vetzal, "Convergence
            // remedies for non-smooth payoffs in option pricing", J. Comp. Finance 6(4), 2003).
            // Without it the error oscillates with the kink's position between nodes and spoils
            // the extrapolation.
            const double amount = divs[nextDividend].amount;
            for (std::size_t i = 0; i < size; ++i) {
                const double after = spot[i] - amount;
                const double xAfter = after > spot[0] ? std::log(after) : x[0];
                excess[i] = interpolate(v, x0, dx, xAfter).value - payoff[i];
            }
            for (std::size_t i = 0; i < size; ++i) {
                const bool crossing = i > 0 && i + 1 < size &&
                                      !((excess[i - 1] > 0) == (excess[i] > 0) &&
                                        (excess[i + 1] > 0) == (excess[i] > 0));
                if (!crossing) {
                    shifted[i] = payoff[i] + std::max(excess[i], 0.0);
                    continue;
                }
                const double left = 0.5 * (excess[i - 1] + excess[i]);
                const double right = 0.5 * (excess[i] + excess[i + 1]);
                shifted[i] = payoff[i] +
                             0.5 * (positiveMean(left, excess[i]) + positiveMean(excess[i], right));
            }
            v.swap(shifted);
            ++nextDividend;
        }
    }

    const Cubic c = interpolate(v, x0, dx, std::log(S0));
    FdResult result;
    result.price = c.value;
    result.delta = c.first / S0;
    result.gamma = (c.second - c.first) / (S0 * S0);
    result.speed = (c.third - 3 * c.second + 2 * c.first) / (S0 * S0 * S0);
    return result;
}

} // namespace

FdResult americanFiniteDifference(const BsmInputs &in, std::span<const CashDividend> dividends,
                                  const FdGrid &grid)
{
    // The space error is a clean O(dx^2) (strike on a node in both grids, smooth dividend
    // interpolation, time error made small by steps uniform in sqrt(tau)): Richardson
    // extrapolation from n and n/2 intervals removes it.
    const BsmInputs &layout = grid.layout ? *grid.layout : in;
    // The value has a kink at expiry, and the last ex-date before it restarts the time stepping
    // from the kinked value: the grid must resolve sigma sqrt(tau) over the shortest such stretch
    // tau (dx at most a twelfth of it), which a dividend a few days before expiry makes far
    // finer than the default. The grid is refined up to four times for it.
    int n = std::max(grid.spaceSteps / 2 * 2, 16);
    const std::vector<Dividend> divs = dividendsBeforeExpiry(in.years, dividends);
    if (!divs.empty() && divs.front().tau > 0) {
        // 2 W sigma sqrt(T) / n <= sigma sqrt(tau) / 12, W = widthStdevs.
        const double needed = 24 * grid.widthStdevs * std::sqrt(layout.years / divs.front().tau);
        const double cap = 4.0 * n;
        n = static_cast<int>(std::min(std::max(static_cast<double>(n), std::ceil(needed)), cap));
        n += n % 2;
    }
    const FdResult fine = solveGrid(in, dividends, n, grid.timeSteps, grid.widthStdevs, layout);
    const FdResult coarse =
        solveGrid(in, dividends, n / 2, grid.timeSteps, grid.widthStdevs, layout);
    const auto extrapolate = [](double f, double c) { return f + (f - c) / 3; };
    FdResult result;
    result.price = extrapolate(fine.price, coarse.price);
    result.delta = extrapolate(fine.delta, coarse.delta);
    result.gamma = extrapolate(fine.gamma, coarse.gamma);
    result.speed = fine.speed;
    return result;
}

double americanZeroVol(const BsmInputs &in, std::span<const CashDividend> dividends)
{
    const bool call = in.right == OptionRight::Call;
    const double K = in.strike;
    const double r = in.rate;
    const double q = in.dividendYield;
    const double T = std::max(in.years, 0.0);
    std::vector<Dividend> divs = dividendsBeforeExpiry(T, dividends);
    // Calendar order.
    std::reverse(divs.begin(), divs.end());
    const auto value = [&](double t, double s) {
        return std::exp(-r * t) * std::max(call ? s - K : K - s, 0.0);
    };
    double best = value(0, in.spot);
    double start = 0;
    double s = in.spot;
    for (std::size_t i = 0; i <= divs.size(); ++i) {
        // Exercise just after an ex-date (the spot has dropped; the best moment for a put).
        best = std::max(best, value(start, s));
        const double end = i < divs.size() ? T - divs[i].tau : T;
        // On [start, end): S(t) = s e^{(r-q)(t - start)}; the discounted exercise value is
        // +-(A e^{-qt} - K e^{-rt}) with A = s e^{-(r-q) start}: check the ends and the
        // stationary point.
        const double sEnd = s * std::exp((r - q) * (end - start));
        best = std::max(best, value(end, sEnd));
        const double a = s * std::exp(-(r - q) * start);
        if (r != q && q != 0 && r * K / (q * a) > 0) {
            const double t = std::log(r * K / (q * a)) / (r - q);
            if (t > start && t < end)
                best = std::max(best, value(t, a * std::exp((r - q) * t)));
        }
        s = sEnd;
        if (i < divs.size())
            s = std::max(s - divs[i].amount, 0.0);
        start = end;
    }
    return best;
}

} // namespace mag7::pricing::detail
