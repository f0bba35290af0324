#include "marketdata/volsurface.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace mag7::marketdata {

namespace {

constexpr double kMinMultiplier = 0.35;
constexpr double kMaxMultiplier = 4.0;
constexpr double kSkewSaturation = 3.0;
constexpr double kMaxSpotVolLog = 0.5;

// Simpson nodes over a standard normal on [-6, 6] for the variance-swap integral.
struct NormalQuadrature {
    static constexpr int kNodes = 61;
    std::array<double, kNodes> x{};
    std::array<double, kNodes> w{};
    NormalQuadrature()
    {
        const double h = 12.0 / (kNodes - 1);
        double sum = 0;
        for (int i = 0; i < kNodes; ++i) {
            x[static_cast<std::size_t>(i)] = -6.0 + h * i;
            const double simpson = (i == 0 || i == kNodes - 1) ? 1 : (i % 2 == 1 ? 4 : 2);
            const double pdf =
                std::exp(-0.5 * x[static_cast<std::size_t>(i)] * x[static_cast<std::size_t>(i)]);
            w[static_cast<std::size_t>(i)] = simpson * pdf;
            sum += w[static_cast<std::size_t>(i)];
        }
        for (double &weight : w)
            weight /= sum; // exact normalisation: E[1] = 1
    }
};

const NormalQuadrature &quadrature()
{
    static const NormalQuadrature q;
    return q;
}

} // namespace

VolSurfaceModel::VolSurfaceModel(const UniverseConfig &config, const FactorModel &model,
                                 const EventCalendar &events)
    : m_model(model)
    , m_events(events)
    , m_params(config.underlyings.size())
{
    for (std::size_t i = 0; i < config.underlyings.size(); ++i) {
        const UnderlyingConfig &u = config.underlyings[i];
        SurfaceParams &p = m_params[i];
        p.configIndex = static_cast<int>(i);
        if (!u.listsOptions())
            continue;
        p.name = model.nameOf(static_cast<int>(i));
        p.ivPremium = u.options.ivPremium;
        p.skew = u.options.skew;
        p.smile = u.options.smile;
        p.spotVol = u.options.spotVol;
        p.dividendYield = u.dividendYield;
        p.beta = u.beta;
    }
}

double VolSurfaceModel::eventVariance(int configIndex, Timestamp from, Timestamp to) const
{
    const SurfaceParams &p = params(configIndex);
    double variance = 0;
    const auto &all = m_events.all();
    for (std::size_t i = m_events.firstAfter(from); i < all.size() && all[i].time < to; ++i) {
        const ScheduledEvent &e = all[i];
        if (e.kind == MarketEventKind::Earnings) {
            if (e.underlying == configIndex)
                variance += e.logStdDev * e.logStdDev;
        } else {
            variance += p.beta * p.beta * e.logStdDev * e.logStdDev;
        }
    }
    return variance;
}

double VolSurfaceModel::atmVol(int configIndex, const FactorModel::State &state,
                               double calendarYears, double businessYears,
                               double eventVariance) const
{
    const SurfaceParams &p = params(configIndex);
    const NameFactors &f = m_model.name(p.name);
    const double years = std::max(calendarYears, 1e-9);
    const double vbar = m_model.expectedAverageVariance(state.variance, businessYears);
    const double diffusive = f.diffusiveVariance * vbar / m_model.diffusiveLongRunVariance();
    const double total =
        (diffusive + f.jumpVariance) * std::max(businessYears, 0.0) + eventVariance;
    double vol = p.ivPremium * std::sqrt(std::max(total, 1e-12) / years);
    if (p.spotVol != 0) {
        const double move = state.logPrice[static_cast<std::size_t>(p.name)] -
                            state.anchor[static_cast<std::size_t>(p.name)];
        vol *= std::exp(-p.spotVol * std::clamp(move, -kMaxSpotVolLog, kMaxSpotVolLog));
    }
    return vol;
}

double VolSurfaceModel::varianceSwapVol(int configIndex, double atmVol, double sqrtYears) const
{
    // Gatheral (The Volatility Surface, ch. 11): the fair variance is the smile's variance
    // averaged over d2 ~ N(0,1); with z = -d2 - sigma sqrt(T)/2 in our standardisation.
    const SurfaceParams &p = params(configIndex);
    const NormalQuadrature &q = quadrature();
    const double shift = 0.5 * atmVol * sqrtYears;
    double mean = 0;
    for (int i = 0; i < NormalQuadrature::kNodes; ++i) {
        const double m = smileMultiplier(q.x[static_cast<std::size_t>(i)] - shift, p.skew, p.smile);
        mean += q.w[static_cast<std::size_t>(i)] * m * m;
    }
    return atmVol * std::sqrt(mean);
}

double VolSurfaceModel::smileMultiplier(double z, double skew, double smile)
{
    const double m = 1.0 + skew * z / (1.0 + std::fabs(z) / kSkewSaturation) +
                     smile * (std::sqrt(1.0 + z * z) - 1.0);
    return std::clamp(m, kMinMultiplier, kMaxMultiplier);
}

double VolSurfaceModel::smileSlope(double z, double skew, double smile)
{
    const double raw = 1.0 + skew * z / (1.0 + std::fabs(z) / kSkewSaturation) +
                       smile * (std::sqrt(1.0 + z * z) - 1.0);
    if (raw <= kMinMultiplier || raw >= kMaxMultiplier)
        return 0;
    const double saturation = 1.0 + std::fabs(z) / kSkewSaturation;
    return skew / (saturation * saturation) + smile * z / std::sqrt(1.0 + z * z);
}

} // namespace mag7::marketdata
