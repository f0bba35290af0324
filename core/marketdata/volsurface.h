#pragma once
// Implied volatility surfaces of the optionable underlyings, tied to the factor model's state.
//
// ATM term structure: the expected variance to the expiry,
//   sigma_ATM^2 T = premium^2 [ D_i vbar(B)/thetaD B + J_i B + sum of event variances ]
// where B is business time to the expiry (varianceclock.h), vbar the Heston mean of the market
// variance over B, D_i the name's diffusive variance, J_i its market-jump variance and the events
// those released before the expiry (earnings E^2, macro beta^2 E^2): so IV ramps into earnings
// (E^2 / T grows as T shrinks) and crushes when the release passes. A single-name spot-vol term
// scales the ATM by exp(-spotVol ln(S/anchor)); the market's own leverage effect arrives through
// v (corr(dS, dv) = rho).
// Smile in standardised moneyness z = ln(K/F) / (sigma_ATM sqrt(T)):
//   IV = sigma_ATM m(z),  m(z) = 1 + skew z / (1 + |z|/3) + smile (sqrt(1 + z^2) - 1)
// (equity put skew with skew < 0; fixed in z, so the smile flattens in strike as 1/sqrt(T)).
// Immutable after construction; safe to share between threads.

#include "marketdata/eventcalendar.h"
#include "marketdata/factormodel.h"

#include <vector>

namespace mag7::marketdata {

struct SurfaceParams {
    int configIndex = -1;
    int name = -1; // factor-model name
    double ivPremium = 1;
    double skew = 0;
    double smile = 0;
    double spotVol = 0;
    double dividendYield = 0;
    double beta = 1;
};

class VolSurfaceModel {
public:
    VolSurfaceModel(const UniverseConfig &config, const FactorModel &model,
                    const EventCalendar &events);

    bool hasSurface(int configIndex) const { return params(configIndex).name >= 0; }
    const SurfaceParams &params(int configIndex) const
    {
        return m_params[static_cast<std::size_t>(configIndex)];
    }

    // Variance (log^2) of the releases in (from, to) that move this underlying.
    double eventVariance(int configIndex, Timestamp from, Timestamp to) const;
    // ATM implied vol of an expiry `calendarYears` and `businessYears` away.
    double atmVol(int configIndex, const FactorModel::State &state, double calendarYears,
                  double businessYears, double eventVariance) const;
    // Fair variance-swap vol over the same horizon from the smile (the VIX construction).
    double varianceSwapVol(int configIndex, double atmVol, double sqrtYears) const;

    static double smileMultiplier(double z, double skew, double smile);
    // d m / d z.
    static double smileSlope(double z, double skew, double smile);

private:
    const FactorModel &m_model;
    const EventCalendar &m_events;
    std::vector<SurfaceParams> m_params;
};

} // namespace mag7::marketdata
