// Lognormal probabilities (ITM, touch) and the position analyser. The analyser scans the P/L at
// the horizon on a log-spot grid (with every strike as a node, so that the piecewise-linear
// expired legs have no kink between nodes), finds breakevens by bisection, and integrates the
// lognormal density exactly over the profitable intervals.
#include "pricing/probability.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace mag7::pricing {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// log N(x), accurate where N(x) underflows (asymptotic Mills ratio series).
double logNormalCdf(double x)
{
    if (x > -30)
        return std::log(normalCdf(x));
    const double x2 = x * x;
    return -0.5 * x2 - std::log(-x) - 0.5 * std::log(2 * std::numbers::pi) +
           std::log1p(-1 / x2 + 3 / (x2 * x2) - 15 / (x2 * x2 * x2));
}

bool isLive(const PositionLeg &leg, double horizonYears)
{
    return leg.kind == PositionLeg::Kind::Option && leg.expiryYears - horizonYears > 0;
}

// Per-unit value of one leg (per share).
double legUnitValue(const PositionLeg &leg, double spot, double horizonYears, double ivShift,
                    double rate, double dividendYield)
{
    if (leg.kind == PositionLeg::Kind::Stock)
        return spot;
    const double remaining = leg.expiryYears - horizonYears;
    if (remaining <= 0) {
        return leg.right == OptionRight::Call ? std::max(spot - leg.strike, 0.0)
                                              : std::max(leg.strike - spot, 0.0);
    }
    const BsmInputs in{
        leg.right, spot,         leg.strike, remaining, std::max(leg.vol + ivShift, 0.0),
        rate,      dividendYield};
    return bsmPrice(in);
}

double legUnitValueAtZero(const PositionLeg &leg, double horizonYears, double rate)
{
    if (leg.kind == PositionLeg::Kind::Stock || leg.right == OptionRight::Call)
        return 0;
    const double remaining = std::max(leg.expiryYears - horizonYears, 0.0);
    return leg.strike * std::exp(-rate * remaining);
}

// The P/L at the horizon as a function of the spot, and its limits at 0 and infinity.
class PnlFunction {
public:
    PnlFunction(const Position &position, double horizonYears, double ivShift)
        : m_position(position)
        , m_horizon(horizonYears)
        , m_shift(ivShift)
        , m_cost(positionEntryCost(position))
    {
        for (const PositionLeg &leg : position.legs) {
            const double size = leg.quantity * leg.multiplier;
            m_scale += std::abs(size) * std::max(std::abs(leg.entryPrice), std::abs(leg.strike));
            m_exposure += std::abs(size);
            if (leg.kind == PositionLeg::Kind::Stock) {
                m_slopeAtInfinity += size;
            } else if (leg.right == OptionRight::Call) {
                const double remaining = std::max(leg.expiryYears - horizonYears, 0.0);
                m_slopeAtInfinity += size * std::exp(-position.dividendYield * remaining);
                m_limitAtInfinity -= size * leg.strike * std::exp(-position.rate * remaining);
            }
            m_valueAtZero += size * legUnitValueAtZero(leg, horizonYears, position.rate);
        }
        m_limitAtInfinity -= m_cost;
    }

    double operator()(double spot) const
    {
        double value = 0;
        for (const PositionLeg &leg : m_position.legs)
            value += leg.quantity * leg.multiplier *
                     legUnitValue(leg, spot, m_horizon, m_shift, m_position.rate,
                                  m_position.dividendYield);
        return value - m_cost;
    }

    // P/L at many spots: live legs through the batched (vectorised) BSM kernel.
    void evaluate(const std::vector<double> &spots, std::vector<double> &out) const
    {
        out.assign(spots.size(), -m_cost);
        std::vector<const PositionLeg *> live;
        for (const PositionLeg &leg : m_position.legs) {
            if (isLive(leg, m_horizon)) {
                live.push_back(&leg);
                continue;
            }
            const double size = leg.quantity * leg.multiplier;
            for (std::size_t i = 0; i < spots.size(); ++i)
                out[i] += size * legUnitValue(leg, spots[i], m_horizon, m_shift, m_position.rate,
                                              m_position.dividendYield);
        }
        if (live.empty())
            return;
        const std::size_t n = spots.size() * live.size();
        std::vector<OptionRight> right(n);
        std::vector<double> spot(n), strike(n), years(n), vol(n), price(n);
        const std::vector<double> rate(n, m_position.rate), yield(n, m_position.dividendYield);
        for (std::size_t l = 0; l < live.size(); ++l) {
            for (std::size_t i = 0; i < spots.size(); ++i) {
                const std::size_t j = l * spots.size() + i;
                right[j] = live[l]->right;
                spot[j] = spots[i];
                strike[j] = live[l]->strike;
                years[j] = live[l]->expiryYears - m_horizon;
                vol[j] = std::max(live[l]->vol + m_shift, 0.0);
            }
        }
        BsmBatch batch;
        batch.size = n;
        batch.right = right.data();
        batch.spot = spot.data();
        batch.strike = strike.data();
        batch.years = years.data();
        batch.vol = vol.data();
        batch.rate = rate.data();
        batch.dividendYield = yield.data();
        GreeksBatch result;
        result.price = price.data();
        bsmGreeksBatch(batch, result);
        for (std::size_t l = 0; l < live.size(); ++l) {
            const double size = live[l]->quantity * live[l]->multiplier;
            for (std::size_t i = 0; i < spots.size(); ++i)
                out[i] += size * price[l * spots.size() + i];
        }
    }

    bool hasLiveLegs() const
    {
        return std::any_of(m_position.legs.begin(), m_position.legs.end(),
                           [&](const PositionLeg &leg) { return isLive(leg, m_horizon); });
    }
    double pnlAtZero() const { return m_valueAtZero - m_cost; }
    double slopeAtInfinity() const { return m_slopeAtInfinity; }
    // The finite limit at infinity when the slope there is zero.
    double limitAtInfinity() const { return m_limitAtInfinity; }
    double exposure() const { return m_exposure; }
    double scale() const { return m_scale; }

private:
    const Position &m_position;
    double m_horizon;
    double m_shift;
    double m_cost;
    double m_scale = 0;
    double m_exposure = 0;
    double m_slopeAtInfinity = 0;
    double m_limitAtInfinity = 0;
    double m_valueAtZero = 0;
};

// Log-spot nodes: a fine region around the spot, strikes and stock entries (+-6 standard
// deviations of the horizon move and of every live leg's remaining move), coarse tails to a
// factor of e^14 either side, every strike. Beyond the fine region the P/L is linear in the spot
// to within rounding.
struct SpotGrid {
    std::vector<double> nodes; // log-spot, ascending
    double fineLo = 0, fineHi = 0;
};

SpotGrid logSpotGrid(const Position &position, double spot, double horizonYears, double vol,
                     double ivShift)
{
    double lo = std::log(spot), hi = lo;
    std::vector<double> kinks;
    double smooth = kInf; // smallest price scale of a live leg's time value (log units)
    double widest = 0;    // largest one
    for (const PositionLeg &leg : position.legs) {
        const double level = leg.kind == PositionLeg::Kind::Stock ? leg.entryPrice : leg.strike;
        if (level > 0 && std::isfinite(level)) {
            lo = std::min(lo, std::log(level));
            hi = std::max(hi, std::log(level));
            kinks.push_back(std::log(level));
        }
        if (isLive(leg, horizonYears)) {
            const double sd =
                std::max(leg.vol + ivShift, 0.01) * std::sqrt(leg.expiryYears - horizonYears);
            smooth = std::min(smooth, sd);
            widest = std::max(widest, sd);
        }
    }
    const double spread = std::min(
        std::max({6 * vol * std::sqrt(std::max(horizonYears, 0.0)), 6 * widest, 0.05}), 10.0);
    const double fineLo = lo - spread, fineHi = hi + spread;
    const double range = fineHi - fineLo;
    constexpr int kMinFine = 150, kMaxFine = 2000;
    const double step = std::clamp(smooth / 4, range / kMaxFine, range / kMinFine);
    const int fine = static_cast<int>(std::ceil(range / step));
    constexpr double kTail = 14;
    constexpr int kTailSteps = 40;
    SpotGrid result{{}, fineLo, fineHi};
    std::vector<double> &grid = result.nodes;
    grid.reserve(static_cast<std::size_t>(fine + 2 * kTailSteps) + kinks.size() + 1);
    for (int i = 0; i < kTailSteps; ++i)
        grid.push_back(fineLo - kTail + kTail * i / kTailSteps);
    for (int i = 0; i <= fine; ++i)
        grid.push_back(fineLo + range * i / fine);
    for (int i = 1; i <= kTailSteps; ++i)
        grid.push_back(fineHi + kTail * i / kTailSteps);
    grid.insert(grid.end(), kinks.begin(), kinks.end());
    std::sort(grid.begin(), grid.end());
    grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
    return result;
}

// Expected per-unit value of a leg at the horizon, S_h lognormal from `spot` with drift r - q
// and `vol`: a live option is worth, in expectation, e^(rh) x its BSM value today with the total
// variance vol^2 h + legVol^2 (T - h) to its expiry (the two lognormal steps compose).
double expectedLegUnitValue(const PositionLeg &leg, double spot, double horizonYears, double vol,
                            double ivShift, double rate, double dividendYield)
{
    const double growth = std::exp(rate * horizonYears);
    if (leg.kind == PositionLeg::Kind::Stock)
        return spot * std::exp((rate - dividendYield) * horizonYears);
    const double remaining = std::max(leg.expiryYears - horizonYears, 0.0);
    const double legVol = std::max(leg.vol + ivShift, 0.0);
    const double total = horizonYears + remaining;
    const double variance = vol * vol * horizonYears + legVol * legVol * remaining;
    if (!(variance > 0)) {
        const double forward = spot * std::exp((rate - dividendYield) * horizonYears);
        return legUnitValue(leg, forward, horizonYears, ivShift, rate, dividendYield);
    }
    const BsmInputs in{leg.right, spot,         leg.strike, total, std::sqrt(variance / total),
                       rate,      dividendYield};
    return growth * bsmPrice(in);
}

} // namespace

double probabilityItm(const BsmInputs &in)
{
    const bool call = in.right == OptionRight::Call;
    if (!(in.spot > 0) || !(in.strike > 0))
        return kNaN;
    if (in.years <= 0)
        return (call ? in.spot > in.strike : in.spot < in.strike) ? 1.0 : 0.0;
    const double stdev = in.vol * std::sqrt(in.years);
    const double drift = std::log(in.spot / in.strike) + (in.rate - in.dividendYield) * in.years;
    if (!(stdev > 0))
        return (call ? drift > 0 : drift < 0) ? 1.0 : 0.0;
    const double d2 = drift / stdev - 0.5 * stdev;
    return normalCdf(call ? d2 : -d2);
}

double probabilityTouch(double spot, double barrier, double years, double vol, double rate,
                        double dividendYield)
{
    if (!(spot > 0) || std::isnan(barrier))
        return kNaN;
    if (barrier == spot)
        return 1;
    if (!(barrier > 0) || years <= 0)
        return 0;
    const double b = std::log(barrier / spot);
    const double stdev = vol * std::sqrt(years);
    if (!(stdev > 0)) { // the path is the forward curve, monotone in time
        const double end = (rate - dividendYield) * years;
        return (b > 0 ? end >= b : end <= b) ? 1.0 : 0.0;
    }
    // Running maximum (minimum) of X_t = mu t + vol W_t with mu = r - q - vol^2/2: reflection
    // principle with drift (Girsanov), e.g. Shreve II, 7.2.
    const double mu = rate - dividendYield - 0.5 * vol * vol;
    const double eta = b > 0 ? 1.0 : -1.0;
    const double first = normalCdf(eta * (mu * years - b) / stdev);
    const double second =
        std::exp(2 * mu * b / (vol * vol) + logNormalCdf(eta * (-b - mu * years) / stdev));
    return std::clamp(first + second, 0.0, 1.0);
}

double positionEntryCost(const Position &position)
{
    double cost = 0;
    for (const PositionLeg &leg : position.legs)
        cost += leg.quantity * leg.multiplier * leg.entryPrice;
    return cost;
}

double positionValue(const Position &position, double spot, double horizonYears, double ivShift)
{
    double value = 0;
    for (const PositionLeg &leg : position.legs)
        value +=
            leg.quantity * leg.multiplier *
            legUnitValue(leg, spot, horizonYears, ivShift, position.rate, position.dividendYield);
    return value;
}

double positionPnl(const Position &position, double spot, double horizonYears, double ivShift)
{
    return positionValue(position, spot, horizonYears, ivShift) - positionEntryCost(position);
}

PnlCurve pnlProfile(const Position &position, std::span<const double> spots, double horizonYears,
                    double ivShift)
{
    PnlCurve curve;
    curve.spots.assign(spots.begin(), spots.end());
    curve.pnl.reserve(spots.size());
    const PnlFunction pnl(position, horizonYears, ivShift);
    for (double s : spots)
        curve.pnl.push_back(pnl(s));
    return curve;
}

PositionStats analyzePosition(const Position &position, double spot, double horizonYears,
                              double vol, double ivShift)
{
    PositionStats stats;
    if (position.legs.empty() || !(spot > 0))
        return stats;
    const double horizon = std::max(horizonYears, 0.0);
    const PnlFunction pnl(position, horizon, ivShift);
    // P/L above this counts as a profit (well above the rounding of the legs' sum, far below a
    // cent): flat zero stretches of P/L are not profitable.
    const double tolerance = 1e-13 * std::max(pnl.scale(), 1.0);
    auto excess = [&](double logSpot) { return pnl(std::exp(logSpot)) - tolerance; };

    // Expected P/L in closed form.
    double expectedValue = 0;
    for (const PositionLeg &leg : position.legs)
        expectedValue += leg.quantity * leg.multiplier *
                         expectedLegUnitValue(leg, spot, horizon, std::max(vol, 0.0), ivShift,
                                              position.rate, position.dividendYield);
    stats.expectedPnl = expectedValue - positionEntryCost(position);

    // Extremes: the grid, the exact limits at 0 and infinity, a parabolic polish of an
    // interior extreme (a smooth maximum of live legs, e.g. a calendar's peak).
    const SpotGrid spotGrid = logSpotGrid(position, spot, horizon, vol, ivShift);
    const std::vector<double> &grid = spotGrid.nodes;
    std::vector<double> spots(grid.size()), values;
    for (std::size_t i = 0; i < grid.size(); ++i)
        spots[i] = std::exp(grid[i]);
    pnl.evaluate(spots, values);
    const double slope = pnl.slopeAtInfinity();
    const double flat = 1e-9 * std::max(pnl.exposure(), 1.0);
    stats.unlimitedProfit = slope > flat;
    stats.unlimitedLoss = slope < -flat;
    // Successive parabolic interpolation around the best node (only live legs make the P/L
    // curve between nodes; expired legs and stock are linear between them).
    auto polish = [&](std::size_t i, double sign) {
        double best = sign * values[i];
        if (!pnl.hasLiveLegs() || i == 0 || i + 1 >= grid.size())
            return best;
        double x0 = grid[i - 1], x1 = grid[i], x2 = grid[i + 1];
        double f0 = sign * values[i - 1], f1 = best, f2 = sign * values[i + 1];
        for (int it = 0; it < 12; ++it) {
            const double p = (x1 - x0) * (f1 - f2), q = (x1 - x2) * (f1 - f0);
            const double denominator = p - q;
            if (denominator == 0)
                break;
            const double x = x1 - 0.5 * ((x1 - x0) * p - (x1 - x2) * q) / denominator;
            if (!(x > x0 && x < x2) || std::abs(x - x1) < 1e-12)
                break;
            const double fx = sign * pnl(std::exp(x));
            best = std::max(best, fx);
            if (fx > f1) {
                (x < x1 ? x2 : x0) = x1;
                (x < x1 ? f2 : f0) = f1;
                x1 = x;
                f1 = fx;
            } else {
                (x < x1 ? x0 : x2) = x;
                (x < x1 ? f0 : f2) = fx;
            }
        }
        return best;
    };
    // Only the fine region: beyond it the P/L is linear (its extremes are the limits), and the
    // far tails carry the rounding of large cancelling terms.
    std::size_t maxAt = grid.size(), minAt = grid.size();
    for (std::size_t i = 0; i < grid.size(); ++i) {
        if (grid[i] < spotGrid.fineLo || grid[i] > spotGrid.fineHi)
            continue;
        if (maxAt == grid.size() || values[i] > values[maxAt])
            maxAt = i;
        if (minAt == grid.size() || values[i] < values[minAt])
            minAt = i;
    }
    double maxPnl = polish(maxAt, 1);
    double minPnl = -polish(minAt, -1);
    maxPnl = std::max(maxPnl, pnl.pnlAtZero());
    minPnl = std::min(minPnl, pnl.pnlAtZero());
    if (std::abs(slope) <= flat) {
        maxPnl = std::max(maxPnl, pnl.limitAtInfinity());
        minPnl = std::min(minPnl, pnl.limitAtInfinity());
    }
    stats.maxProfit = stats.unlimitedProfit ? kInf : std::max(maxPnl, 0.0);
    stats.maxLoss = stats.unlimitedLoss ? -kInf : std::min(minPnl, 0.0);

    // Breakevens: boundaries of {P/L > tolerance} between grid nodes (the P/L is smooth between
    // nodes), by the Illinois variant of regula falsi in log-spot.
    std::vector<bool> profit(grid.size());
    for (std::size_t i = 0; i < grid.size(); ++i)
        profit[i] = values[i] > tolerance;
    for (std::size_t i = 1; i < grid.size(); ++i) {
        if (profit[i] == profit[i - 1])
            continue;
        double a = grid[i - 1], b = grid[i];
        double fa = values[i - 1] - tolerance, fb = values[i] - tolerance;
        for (int it = 0; it < 100 && fb != 0 && std::abs(b - a) > 1e-14 * (1 + std::abs(b)); ++it) {
            const double c =
                std::clamp((a * fb - b * fa) / (fb - fa), std::min(a, b), std::max(a, b));
            const double fc = excess(c);
            if ((fc > 0) != (fb > 0)) {
                a = b;
                fa = fb;
            } else {
                fa /= 2;
            }
            b = c;
            fb = fc;
        }
        stats.breakevens.push_back(std::exp(b));
    }

    // Probability of profit: the lognormal mass of the profitable intervals.
    const double stdev = vol * std::sqrt(horizon);
    if (!(stdev > 0)) {
        const double terminal = spot * std::exp((position.rate - position.dividendYield) * horizon);
        stats.probabilityOfProfit = pnl(terminal) > tolerance ? 1.0 : 0.0;
        stats.expectedPnl = pnl(terminal);
        return stats;
    }
    const double mean =
        std::log(spot) + (position.rate - position.dividendYield - 0.5 * vol * vol) * horizon;
    auto cdf = [&](double level) { return normalCdf((std::log(level) - mean) / stdev); };
    double probability = 0;
    bool inProfit = profit.front();
    double start = 0; // spot where the current profitable interval began
    for (double breakeven : stats.breakevens) {
        if (inProfit)
            probability += cdf(breakeven) - (start > 0 ? cdf(start) : 0.0);
        else
            start = breakeven;
        inProfit = !inProfit;
    }
    if (inProfit)
        probability += 1 - (start > 0 ? cdf(start) : 0.0);
    stats.probabilityOfProfit = std::clamp(probability, 0.0, 1.0);
    return stats;
}

} // namespace mag7::pricing
