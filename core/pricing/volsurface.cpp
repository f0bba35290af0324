// Smile analytics on a fitted slice (delta strikes, 25-delta risk reversal and butterfly), ATM
// term-structure interpolation and history statistics. The SVI fit itself is in svifit.cpp.
#include "pricing/volsurface.h"

#include "pricing/blackscholes.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mag7::pricing {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Finite values of the history only.
std::vector<double> finiteValues(std::span<const double> history)
{
    std::vector<double> out;
    out.reserve(history.size());
    for (double v : history)
        if (std::isfinite(v))
            out.push_back(v);
    return out;
}

} // namespace

double deltaStrike(const SmileFit &fit, double delta, double rate, double dividendYield)
{
    const double atmVol = fit.impliedVol(fit.forward);
    const double dfQ = std::exp(-dividendYield * fit.years);
    if (!(fit.forward > 0) || !(fit.years > 0) || !(atmVol > 0) || !std::isfinite(delta) ||
        delta == 0 || std::abs(delta) >= dfQ)
        return kNaN;
    const OptionRight right = delta > 0 ? OptionRight::Call : OptionRight::Put;
    const double spot = fit.forward * std::exp(-(rate - dividendYield) * fit.years);
    const double scale = atmVol * std::sqrt(fit.years); // log-moneyness of one ATM stdev
    auto excess = [&](double x) {
        const double strike = fit.forward * std::exp(x * scale);
        const BsmInputs in{
            right, spot,         strike, fit.years, std::max(fit.impliedVol(strike), 1e-8),
            rate,  dividendYield};
        return bsmDelta(in) - delta;
    };
    // Scan +-10 ATM standard deviations for sign changes; take the one nearest the money (the
    // delta is monotone in the strike unless the smile is extremely steep).
    constexpr int kSteps = 200;
    constexpr double kRange = 10;
    double bestLo = kNaN, bestHi = kNaN;
    double previousX = -kRange, previous = excess(previousX);
    for (int i = 1; i <= kSteps; ++i) {
        const double x = -kRange + 2 * kRange * i / kSteps;
        const double value = excess(x);
        if (value == 0)
            return fit.forward * std::exp(x * scale);
        if ((previous < 0) != (value < 0)) {
            const double mid = (x + previousX) / 2;
            if (std::isnan(bestLo) || std::abs(mid) < std::abs((bestLo + bestHi) / 2)) {
                bestLo = previousX;
                bestHi = x;
            }
        }
        previousX = x;
        previous = value;
    }
    if (std::isnan(bestLo))
        return kNaN;
    double lo = bestLo, hi = bestHi;
    const bool loNegative = excess(lo) < 0;
    for (int i = 0; i < 100 && hi - lo > 1e-14; ++i) {
        const double mid = (lo + hi) / 2;
        if ((excess(mid) < 0) == loNegative)
            lo = mid;
        else
            hi = mid;
    }
    return fit.forward * std::exp((lo + hi) / 2 * scale);
}

double riskReversal25(const SmileFit &fit, double rate, double dividendYield)
{
    const double call = deltaStrike(fit, 0.25, rate, dividendYield);
    const double put = deltaStrike(fit, -0.25, rate, dividendYield);
    if (std::isnan(call) || std::isnan(put))
        return kNaN;
    return fit.impliedVol(call) - fit.impliedVol(put);
}

double butterfly25(const SmileFit &fit, double rate, double dividendYield)
{
    const double call = deltaStrike(fit, 0.25, rate, dividendYield);
    const double put = deltaStrike(fit, -0.25, rate, dividendYield);
    if (std::isnan(call) || std::isnan(put))
        return kNaN;
    return (fit.impliedVol(call) + fit.impliedVol(put)) / 2 - fit.impliedVol(fit.forward);
}

double interpolateAtmIv(std::span<const TermPoint> term, double years)
{
    std::vector<TermPoint> points;
    points.reserve(term.size());
    for (const TermPoint &p : term)
        if (std::isfinite(p.years) && p.years > 0 && std::isfinite(p.atmIv) && p.atmIv >= 0)
            points.push_back(p);
    if (points.empty() || std::isnan(years))
        return kNaN;
    std::sort(points.begin(), points.end(),
              [](const TermPoint &a, const TermPoint &b) { return a.years < b.years; });
    if (years <= points.front().years)
        return points.front().atmIv;
    if (years >= points.back().years)
        return points.back().atmIv;
    const auto after = std::lower_bound(points.begin(), points.end(), years,
                                        [](const TermPoint &p, double t) { return p.years < t; });
    if (after->years == years)
        return after->atmIv;
    const TermPoint &before = *(after - 1);
    const double w0 = before.atmIv * before.atmIv * before.years;
    const double w1 = after->atmIv * after->atmIv * after->years;
    const double w = w0 + (w1 - w0) * (years - before.years) / (after->years - before.years);
    return std::sqrt(w / years);
}

double ivRank(double iv, std::span<const double> history)
{
    const std::vector<double> values = finiteValues(history);
    if (values.empty() || !std::isfinite(iv))
        return kNaN;
    // The 52-week window ends today, so today's IV is part of its range: rank is in [0, 100].
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const double low = std::min(*lo, iv);
    const double high = std::max(*hi, iv);
    if (high == low)
        return kNaN;
    return (iv - low) / (high - low) * 100;
}

double ivPercentile(double iv, std::span<const double> history)
{
    const std::vector<double> values = finiteValues(history);
    if (values.empty() || std::isnan(iv))
        return kNaN;
    const auto below =
        std::count_if(values.begin(), values.end(), [&](double v) { return v < iv; });
    return 100.0 * static_cast<double>(below) / static_cast<double>(values.size());
}

double zScore(double value, std::span<const double> history)
{
    const std::vector<double> values = finiteValues(history);
    if (values.size() < 2 || !std::isfinite(value))
        return kNaN;
    double mean = 0;
    for (double v : values)
        mean += v;
    mean /= static_cast<double>(values.size());
    double ss = 0;
    for (double v : values)
        ss += (v - mean) * (v - mean);
    const double stdev = std::sqrt(ss / static_cast<double>(values.size() - 1));
    if (!(stdev > 0))
        return kNaN;
    return (value - mean) / stdev;
}

double expectedMove(double spot, double iv, double years)
{
    if (!(years > 0))
        return 0;
    return spot * iv * std::sqrt(years);
}

} // namespace mag7::pricing
