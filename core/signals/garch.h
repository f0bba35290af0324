#pragma once
// GARCH(1,1) volatility (Bollerslev 1986) on daily log returns, fit by maximum likelihood, and
// its variance forecast.
//
// Model, with residuals e_t = r_t - mu (mu: the sample mean of the returns, or 0):
//   s2_t = omega + alpha * e_{t-1}^2 + beta * s2_{t-1},   omega > 0, alpha >= 0, beta >= 0,
//   alpha + beta < 1 (stationary), s2_1 = the mean of e_t^2 (the sample variance).
// Gaussian log-likelihood:
//   l = -1/2 * sum_t [ ln(2 pi) + ln s2_t + e_t^2 / s2_t ].
// Long-run variance V_L = omega / (1 - alpha - beta). Forecast from the last return T, with
// s2_{T+1} = omega + alpha e_T^2 + beta s2_T known:
//   E[s2_{T+h}] = V_L + (alpha + beta)^(h-1) * (s2_{T+1} - V_L)
// and the average variance over the next h days, whose annualised square root is the h-day
// volatility forecast (comparable with an h-day option's implied volatility):
//   avg_h = 1/h * sum_{k=1..h} E[s2_{T+k}] = V_L + (s2_{T+1} - V_L) (1 - p^h) / (h (1 - p)),
//   p = alpha + beta;   vol_h = sqrt(a * avg_h), a = 252 for daily returns.
//
// The fit maximises l with a Nelder-Mead simplex of its own on unconstrained parameters that
// map onto the stationary region: omega = s^2 exp(x0), alpha + beta = logistic(x1),
// alpha / (alpha + beta) = logistic(x2), where s2 is the sample variance (the search runs on
// returns scaled to unit variance, which keeps it well conditioned at any price scale), each
// x bounded to [-50, 50]. It starts from the best of a small grid of persistence levels and
// shares, and restarts from its optimum until a restart no longer improves the likelihood.
// Deterministic for the same returns; no exceptions; plain values.

#include "model/result.h"

#include <span>
#include <vector>

namespace mag7::signals {

struct GarchParameters {
    double omega = 0;
    double alpha = 0;
    double beta = 0;

    double persistence() const { return alpha + beta; }
    // omega / (1 - alpha - beta); NaN when alpha + beta >= 1.
    double longRunVariance() const;
    bool operator==(const GarchParameters &) const = default;
};

// s2_{t+1} = omega + alpha e_t^2 + beta s2_t.
double garchNextVariance(const GarchParameters &parameters, double variance, double residual);
// E[s2_{T+h}] given s2_{T+1} (h >= 1).
double garchForecastVariance(const GarchParameters &parameters, double nextVariance, int h);
// Mean of E[s2_{T+1}] ... E[s2_{T+h}] (h >= 1).
double garchAverageVariance(const GarchParameters &parameters, double nextVariance, int h);

// The Gaussian log-likelihood l of residuals under the parameters, the recursion started at
// the mean of the squared residuals; -infinity for parameters outside omega > 0, alpha >= 0,
// beta >= 0 or for fewer than two residuals.
double garchLogLikelihood(std::span<const double> residuals, const GarchParameters &parameters);

struct GarchOptions {
    bool demean = true;         // subtract the sample mean (else mu = 0)
    int maxEvaluations = 20000; // likelihood evaluations over all restarts
    double tolerance = 1e-10;   // relative spread of the simplex's likelihoods at convergence
};

inline constexpr int kGarchMinimumReturns = 30;

struct GarchFit {
    GarchParameters parameters;
    double mean = 0;          // mu
    double logLikelihood = 0; // l at the parameters (in the returns' own units)
    bool converged = false;   // the simplex met the tolerance within maxEvaluations
    int iterations = 0;       // simplex iterations over all restarts
    int evaluations = 0;      // likelihood evaluations
    int observations = 0;     // returns used
    double lastVariance = 0;  // s2_T, the conditional variance of the last return
    double nextVariance = 0;  // s2_{T+1}, the variance of the next day

    double longRunVariance() const { return parameters.longRunVariance(); }
    double forecastVariance(int h) const
    {
        return garchForecastVariance(parameters, nextVariance, h);
    }
    double averageVariance(int h) const
    {
        return garchAverageVariance(parameters, nextVariance, h);
    }
    // sqrt(annualization * averageVariance(h)): the h-day forecast as an annualised volatility.
    double forecastVolatility(int h, double annualization = 252.0) const;
};

// Fits GARCH(1,1) to returns (oldest first). Errors: fewer than kGarchMinimumReturns returns, a
// non-finite return, or returns without variance.
Result<GarchFit> fitGarch(std::span<const double> returns, const GarchOptions &options = {});

// ln(C_t / C_{t-1}) for t = 1..n-1; a pair with a non-positive or non-finite close is skipped.
std::vector<double> logReturns(std::span<const double> closes);

} // namespace mag7::signals
