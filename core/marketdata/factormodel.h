#pragma once
// The latent price model behind every underlying: a correlated stochastic-volatility
// jump-diffusion in business time (see varianceclock.h).
//
//   market   dM = sqrt(v) dW,  dv = kappa (thetaD - v) dt + xi sqrt(v) dZ,  corr(dW, dZ) = rho,
//            plus rare log-normal market jumps and the macro release jumps
//   sector   dF_k = sigma_k * lambda * dB_k,            lambda = sqrt(v / thetaD)
//   name i   d ln S_i = (r - q_i) dt_cal - convexity + beta_i dM + s_i dF_k + iota_i lambda dB_i
//                       + beta_i x (market jumps) + earnings gaps
//
// thetaD is the long-run *diffusive* market variance: longRunVol^2 minus the annual variance of
// the market jumps and the macro releases, so each name's total variance (beta^2 longRunVol^2 +
// s^2 sigma_k^2 + iota^2) is exactly its configured vol^2. Vol clustering and the leverage effect
// reach every name through lambda. Futures follow their ETF (ratio x price); the VIX index is
// read off the SPY surface; neither has a latent state of its own.
//
// Plain C++; a FactorModel is immutable after construction and may be shared; a State belongs to
// one simulation.

#include "marketdata/random.h"
#include "marketdata/universeconfig.h"

#include <vector>

namespace mag7::marketdata {

struct NameFactors {
    int configIndex = -1;
    double initialPrice = 0;
    double beta = 0;
    int sector = -1; // index into UniverseConfig::sectors
    double sectorLoading = 0;
    double sectorVol = 0;
    double idiosyncraticVol = 0; // iota
    double dividendYield = 0;
    double totalVariance = 0;     // configured vol^2
    double diffusiveVariance = 0; // beta^2 thetaD + s^2 sigma_k^2 + iota^2 (at v = thetaD)
    double jumpVariance = 0;      // beta^2 x market jump variance per year
    double jumpCompensator = 0;   // E[exp(beta J) - 1] x intensity, per business year
    double anchorRate = 0;        // spot-vol anchor relaxation, per business year
};

class FactorModel {
public:
    explicit FactorModel(const UniverseConfig &config);

    struct State {
        double variance = 0;          // market variance v (per business year)
        std::vector<double> logPrice; // per name
        std::vector<double> anchor;   // slow average of logPrice (single-name spot-vol)
    };

    State initialState() const;

    // One step of `calendarYears` carrying `businessYears` of variance (jumps included).
    void step(State &state, double calendarYears, double businessYears, Rng &rng) const;
    // A macro release: a market log jump, applied to every name through its beta.
    void applyMarketJump(State &state, double logJump) const;
    void applyNameJump(State &state, int name, double logJump) const;

    int nameCount() const { return static_cast<int>(m_names.size()); }
    const NameFactors &name(int index) const { return m_names[static_cast<std::size_t>(index)]; }
    // Name index of a configured underlying, -1 for futures and indices.
    int nameOf(int configIndex) const
    {
        return m_nameOfConfig[static_cast<std::size_t>(configIndex)];
    }

    double diffusiveLongRunVariance() const { return m_thetaD; }
    double meanReversion() const { return m_kappa; }
    double riskFreeRate() const { return m_rate; }
    // Heston mean of v over the next `businessYears`, starting from v.
    double expectedAverageVariance(double v, double businessYears) const;
    // Instantaneous diffusive variance of a name per business year in state v.
    double diffusiveVariance(int name, double v) const;
    // Correlation of two names' diffusive returns at v = thetaD (what 5-minute returns show).
    double diffusiveCorrelation(int a, int b) const;

private:
    std::vector<NameFactors> m_names;
    std::vector<int> m_nameOfConfig;
    std::vector<double> m_sectorVols;
    double m_rate = 0;
    double m_thetaD = 0;
    double m_kappa = 0;
    double m_xi = 0;
    double m_rho = 0;
    double m_rhoBar = 0;
    double m_varianceFloor = 0;
    double m_jumpsPerYear = 0;
    double m_jumpMean = 0;
    double m_jumpStdDev = 0;
    mutable std::vector<double> m_sectorShock; // scratch
};

} // namespace mag7::marketdata
