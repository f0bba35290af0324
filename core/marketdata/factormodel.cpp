#include "marketdata/factormodel.h"

#include <algorithm>
#include <cmath>

namespace mag7::marketdata {

FactorModel::FactorModel(const UniverseConfig &config)
    : m_rate(config.market.riskFreeRate)
    , m_kappa(config.market.meanReversion)
    , m_xi(config.market.volOfVol)
    , m_rho(config.market.spotVolCorrelation)
    , m_rhoBar(std::sqrt(
          std::max(0.0, 1 - config.market.spotVolCorrelation * config.market.spotVolCorrelation)))
    , m_jumpsPerYear(config.market.jumpsPerYear)
    , m_jumpMean(config.market.jumpMean)
    , m_jumpStdDev(config.market.jumpStdDev)
{
    const MarketConfig &m = config.market;
    const double marketJumpVariance =
        m.jumpsPerYear * (m.jumpMean * m.jumpMean + m.jumpStdDev * m.jumpStdDev);
    // 8 FOMC and 12 CPI releases a year, as the variance clock assumes.
    const double macroJumpVariance =
        8 * config.fomc.move * config.fomc.move + 12 * config.cpi.move * config.cpi.move;
    const double longRun = m.longRunVol * m.longRunVol;
    m_thetaD = longRun - marketJumpVariance - macroJumpVariance;
    // A floor keeps the discretised variance (full truncation Euler) away from zero; a quarter
    // of the long-run vol is below anything the market has printed.
    m_varianceFloor = 0.0625 * m_thetaD;

    for (const SectorConfig &s : config.sectors)
        m_sectorVols.push_back(s.vol);
    m_sectorShock.resize(m_sectorVols.size());
    m_nameOfConfig.assign(config.underlyings.size(), -1);
    // Half-life in trading days -> relaxation rate per business year (252 trading days).
    const double anchorRate = std::log(2.0) / (m.spotVolHalfLifeDays / 252.0);
    for (std::size_t i = 0; i < config.underlyings.size(); ++i) {
        const UnderlyingConfig &u = config.underlyings[i];
        if (u.kind != InstrumentKind::Stock && u.kind != InstrumentKind::Etf)
            continue;
        NameFactors f;
        f.configIndex = static_cast<int>(i);
        f.initialPrice = u.price;
        f.beta = u.beta;
        f.dividendYield = u.dividendYield;
        f.totalVariance = u.vol * u.vol;
        double sectorVariance = 0;
        if (!u.sector.empty()) {
            for (std::size_t k = 0; k < config.sectors.size(); ++k) {
                if (config.sectors[k].symbol == u.sector)
                    f.sector = static_cast<int>(k);
            }
            f.sectorLoading = u.sectorLoading;
            f.sectorVol = m_sectorVols[static_cast<std::size_t>(f.sector)];
            sectorVariance = f.sectorLoading * f.sectorLoading * f.sectorVol * f.sectorVol;
        }
        const double idiosyncratic =
            std::max(0.0, f.totalVariance - f.beta * f.beta * longRun - sectorVariance);
        f.idiosyncraticVol = std::sqrt(idiosyncratic);
        f.diffusiveVariance = f.beta * f.beta * m_thetaD + sectorVariance + idiosyncratic;
        f.jumpVariance = f.beta * f.beta * marketJumpVariance;
        const double b = f.beta;
        f.jumpCompensator =
            m.jumpsPerYear *
            (std::exp(b * m.jumpMean + 0.5 * b * b * m.jumpStdDev * m.jumpStdDev) - 1);
        f.anchorRate = anchorRate;
        m_nameOfConfig[i] = static_cast<int>(m_names.size());
        m_names.push_back(f);
    }
}

FactorModel::State FactorModel::initialState() const
{
    State s;
    s.variance = m_thetaD;
    for (const NameFactors &f : m_names) {
        s.logPrice.push_back(std::log(f.initialPrice));
        s.anchor.push_back(std::log(f.initialPrice));
    }
    return s;
}

void FactorModel::step(State &state, double calendarYears, double businessYears, Rng &rng) const
{
    const double b = businessYears;
    const double vPlus = std::max(state.variance, 0.0);
    const double sqrtB = std::sqrt(b);
    const double z1 = rng.normal();
    const double z2 = rng.normal();
    const double dM = std::sqrt(vPlus) * sqrtB * z1;
    const double lambda2 = vPlus / m_thetaD;
    const double lambda = std::sqrt(lambda2);
    for (std::size_t k = 0; k < m_sectorVols.size(); ++k)
        m_sectorShock[k] = m_sectorVols[k] * lambda * sqrtB * rng.normal();

    for (std::size_t i = 0; i < m_names.size(); ++i) {
        const NameFactors &f = m_names[i];
        double sectorShock = 0;
        double sectorVariance = 0;
        if (f.sector >= 0) {
            sectorShock = f.sectorLoading * m_sectorShock[static_cast<std::size_t>(f.sector)];
            sectorVariance = f.sectorLoading * f.sectorLoading * f.sectorVol * f.sectorVol;
        }
        double idiosyncratic = 0;
        if (f.idiosyncraticVol > 0)
            idiosyncratic = f.idiosyncraticVol * lambda * sqrtB * rng.normal();
        const double variance =
            f.beta * f.beta * vPlus +
            lambda2 * (sectorVariance + f.idiosyncraticVol * f.idiosyncraticVol);
        const double drift =
            (m_rate - f.dividendYield) * calendarYears - 0.5 * variance * b - f.jumpCompensator * b;
        double &x = state.logPrice[i];
        x += drift + f.beta * dM + sectorShock + idiosyncratic;
        double &anchor = state.anchor[i];
        anchor += (x - anchor) * std::min(1.0, f.anchorRate * b);
    }

    const double zv = m_rho * z1 + m_rhoBar * z2;
    state.variance += m_kappa * (m_thetaD - vPlus) * b + m_xi * std::sqrt(vPlus) * sqrtB * zv;
    state.variance = std::max(state.variance, m_varianceFloor);

    // Market jumps arrive in business time (mostly while the market trades).
    if (m_jumpsPerYear > 0 && rng.uniform() < m_jumpsPerYear * b)
        applyMarketJump(state, m_jumpMean + m_jumpStdDev * rng.normal());
}

void FactorModel::applyMarketJump(State &state, double logJump) const
{
    for (std::size_t i = 0; i < m_names.size(); ++i)
        state.logPrice[i] += m_names[i].beta * logJump;
}

void FactorModel::applyNameJump(State &state, int name, double logJump) const
{
    state.logPrice[static_cast<std::size_t>(name)] += logJump;
}

double FactorModel::expectedAverageVariance(double v, double businessYears) const
{
    const double x = m_kappa * businessYears;
    const double g = x < 1e-8 ? 1.0 - 0.5 * x : (1.0 - std::exp(-x)) / x;
    return m_thetaD + (v - m_thetaD) * g;
}

double FactorModel::diffusiveVariance(int name, double v) const
{
    return m_names[static_cast<std::size_t>(name)].diffusiveVariance * v / m_thetaD;
}

double FactorModel::diffusiveCorrelation(int a, int b) const
{
    const NameFactors &fa = m_names[static_cast<std::size_t>(a)];
    const NameFactors &fb = m_names[static_cast<std::size_t>(b)];
    double covariance = fa.beta * fb.beta * m_thetaD;
    if (fa.sector >= 0 && fa.sector == fb.sector)
        covariance += fa.sectorLoading * fb.sectorLoading * fa.sectorVol * fa.sectorVol;
    if (a == b)
        return 1.0;
    return covariance / std::sqrt(fa.diffusiveVariance * fb.diffusiveVariance);
}

} // namespace mag7::marketdata
