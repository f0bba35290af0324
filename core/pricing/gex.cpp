// Dealer gamma and delta exposure from open interest.
#include "pricing/gex.h"

#include "pricing/blackscholes.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mag7::pricing {

namespace {

constexpr double kContractSize = 100;
constexpr double kOnePercent = 0.01;
constexpr double kFlipRange = 0.20; // hypothetical spots within +-20% of the spot
constexpr int kFlipSteps = 160;     // 0.25% grid
constexpr double kMaxD1 = 9;        // exp(-d1^2 / 2) < 3e-18 beyond: the gamma is negligible
constexpr double kClusterMedianRatio = 1.5;
constexpr std::size_t kMaxClusters = 5;

bool usable(const GexContract &c)
{
    return std::isfinite(c.strike) && c.strike > 0 && std::isfinite(c.years) && c.years > 0 &&
           std::isfinite(c.iv) && c.iv > 0 && std::isfinite(c.openInterest) && c.openInterest > 0;
}

// Per-contract constants for evaluating the total GEX at many hypothetical spots:
// GEX(x) = sign x OI x 100 x x^2 x 1% x e^(-qT) phi(d1) / (x vol sqrt(T))
//        = weight x x x phi(d1),  d1 = (ln x - ln K + (r - q + vol^2/2) T) / (vol sqrt(T)).
struct GammaTerm {
    double logStrikeLessDrift = 0;
    double inverseStdev = 0;
    double weight = 0;
};

std::vector<GammaTerm> gammaTerms(double rate, double dividendYield,
                                  std::span<const GexContract> contracts)
{
    std::vector<GammaTerm> terms;
    terms.reserve(contracts.size());
    for (const GexContract &c : contracts) {
        if (!usable(c))
            continue;
        const double stdev = c.iv * std::sqrt(c.years);
        const double sign = c.right == OptionRight::Call ? 1.0 : -1.0;
        terms.push_back({std::log(c.strike) - (rate - dividendYield + 0.5 * c.iv * c.iv) * c.years,
                         1 / stdev,
                         sign * c.openInterest * kContractSize * kOnePercent *
                             std::exp(-dividendYield * c.years) / stdev});
    }
    return terms;
}

double totalGex(double spot, const std::vector<GammaTerm> &terms)
{
    if (!(spot > 0))
        return 0;
    const double logSpot = std::log(spot);
    double sum = 0;
    for (const GammaTerm &t : terms) {
        const double d1 = (logSpot - t.logStrikeLessDrift) * t.inverseStdev;
        if (std::abs(d1) < kMaxD1)
            sum += t.weight * std::exp(-0.5 * d1 * d1);
    }
    return sum * spot / std::sqrt(2 * std::numbers::pi);
}

// Zero of the total GEX nearest the spot within +-20%: sign changes between the non-zero values
// of a 0.25% grid (far from every strike the gammas underflow to exactly 0, which is no sign),
// then bisection.
std::optional<double> flipLevel(double spot, const std::vector<GammaTerm> &terms)
{
    if (terms.empty())
        return std::nullopt;
    std::optional<double> best;
    double lastX = 0, last = 0; // the last non-zero value and where
    for (int i = 0; i <= kFlipSteps; ++i) {
        const double x = spot * (1 - kFlipRange + 2 * kFlipRange * i / kFlipSteps);
        const double value = totalGex(x, terms);
        if (value == 0 || std::isnan(value))
            continue;
        if (last != 0 && (last > 0) != (value > 0)) {
            double lo = lastX, hi = x;
            const bool loPositive = last > 0;
            for (int it = 0; it < 100 && hi - lo > 1e-10 * spot; ++it) {
                const double mid = 0.5 * (lo + hi);
                ((totalGex(mid, terms) > 0) == loPositive ? lo : hi) = mid;
            }
            const double root = 0.5 * (lo + hi);
            if (!best || std::abs(root - spot) < std::abs(*best - spot))
                best = root;
        }
        lastX = x;
        last = value;
    }
    return best;
}

// Delta clusters: strikes whose |net delta exposure| is a local maximum along the strikes
// (strictly above the lower neighbour, at least the upper one), at least 1.5x the median of the
// non-zero |net delta exposure| of all strikes; the 5 strongest, returned by ascending strike.
std::vector<double> deltaClusters(const std::vector<GexLevel> &levels)
{
    std::vector<double> magnitude;
    magnitude.reserve(levels.size());
    for (const GexLevel &l : levels)
        magnitude.push_back(std::abs(l.netDeltaExposure));
    std::vector<double> nonZero;
    for (double m : magnitude)
        if (m > 0)
            nonZero.push_back(m);
    if (nonZero.size() < 3)
        return {};
    std::sort(nonZero.begin(), nonZero.end());
    const std::size_t n = nonZero.size();
    const double median = n % 2 == 1 ? nonZero[n / 2] : 0.5 * (nonZero[n / 2 - 1] + nonZero[n / 2]);
    std::vector<std::size_t> peaks;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const bool aboveLower = i == 0 || magnitude[i] > magnitude[i - 1];
        const bool notBelowUpper = i + 1 == levels.size() || magnitude[i] >= magnitude[i + 1];
        if (aboveLower && notBelowUpper && magnitude[i] >= kClusterMedianRatio * median &&
            magnitude[i] > 0)
            peaks.push_back(i);
    }
    std::stable_sort(peaks.begin(), peaks.end(),
                     [&](std::size_t a, std::size_t b) { return magnitude[a] > magnitude[b]; });
    if (peaks.size() > kMaxClusters)
        peaks.resize(kMaxClusters);
    std::vector<double> strikes;
    for (std::size_t i : peaks)
        strikes.push_back(levels[i].strike);
    std::sort(strikes.begin(), strikes.end());
    return strikes;
}

} // namespace

GexProfile computeGex(double spot, double rate, double dividendYield,
                      std::span<const GexContract> contracts)
{
    GexProfile profile;
    profile.spot = spot;
    if (!(spot > 0) || !std::isfinite(spot))
        return profile;
    std::vector<const GexContract *> sorted;
    sorted.reserve(contracts.size());
    for (const GexContract &c : contracts)
        if (usable(c))
            sorted.push_back(&c);
    std::sort(sorted.begin(), sorted.end(),
              [](const GexContract *a, const GexContract *b) { return a->strike < b->strike; });
    for (const GexContract *c : sorted) {
        const BsmInputs in{c->right, spot, c->strike, c->years, c->iv, rate, dividendYield};
        const Greeks g = bsmGreeks(in);
        const double size = c->openInterest * kContractSize;
        const double gex = g.gamma * size * spot * spot * kOnePercent;
        const double deltaExposure = g.delta * size * spot;
        if (profile.levels.empty() ||
            std::abs(c->strike - profile.levels.back().strike) > 1e-9 * c->strike) {
            GexLevel level;
            level.strike = c->strike;
            profile.levels.push_back(level);
        }
        GexLevel &level = profile.levels.back();
        if (c->right == OptionRight::Call) {
            level.callGex += gex;
            level.callDeltaExposure += deltaExposure;
        } else {
            level.putGex -= gex;
            level.putDeltaExposure += deltaExposure;
        }
    }
    double bestCall = 0, bestPut = 0;
    for (GexLevel &level : profile.levels) {
        level.netGex = level.callGex + level.putGex;
        level.netDeltaExposure = level.callDeltaExposure + level.putDeltaExposure;
        profile.totalGex += level.netGex;
        if (level.callGex > bestCall) {
            bestCall = level.callGex;
            profile.callWall = level.strike;
        }
        if (-level.putGex > bestPut) {
            bestPut = -level.putGex;
            profile.putWall = level.strike;
        }
    }
    profile.flipLevel = flipLevel(spot, gammaTerms(rate, dividendYield, contracts));
    profile.deltaClusters = deltaClusters(profile.levels);
    return profile;
}

double totalGexAt(double spot, double rate, double dividendYield,
                  std::span<const GexContract> contracts)
{
    return totalGex(spot, gammaTerms(rate, dividendYield, contracts));
}

} // namespace mag7::pricing
