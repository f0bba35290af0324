#pragma once
// Volatility surface analytics: per-expiry smile fit (raw SVI, arbitrage-aware), ATM term
// structure and constant-maturity interpolation, 25-delta risk reversal and butterfly, IV rank
// and percentile, z-scores against an own history, expected move.
// Units: vols as decimals, time in years, log-moneyness k = ln(K/F). Plain functions; safe from
// any thread.

#include "model/instrument.h"
#include "model/result.h"

#include <span>
#include <vector>

namespace mag7::pricing {

// One implied vol of an expiry (normally the out-of-the-money side at each strike).
struct SmileQuote {
    double strike = 0;
    double iv = 0;
    double weight = 1; // relative confidence (e.g. vega / spread); > 0
};

// Raw SVI: total variance w(k) = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)).
struct SviParameters {
    double a = 0;
    double b = 0;
    double rho = 0;
    double m = 0;
    double sigma = 0.1;

    double totalVariance(double logMoneyness) const;
    double impliedVol(double logMoneyness, double years) const;
};

struct SmileFit {
    SviParameters svi;
    double forward = 0;
    double years = 0;
    double rmseVolPoints = 0; // weighted RMS fit error in vol points (1 = 1%)
    int points = 0;
    bool butterflyArbitrageFree = true; // Durrleman's g(k) >= 0 on the quoted range
    double impliedVol(double strike) const;
};

// Fits one expiry. Constraints: b >= 0, |rho| < 1, sigma > 0, a + b sigma sqrt(1 - rho^2) >= 0
// (non-negative variance) and Roger Lee's wing bound b (1 + |rho|) <= 4 / years. Errors: fewer
// than 5 quotes, non-positive inputs, no convergence.
Result<SmileFit> fitSmile(double forward, double years, std::span<const SmileQuote> quotes);

// Strike whose Black-Scholes delta under the fitted smile is `delta` (0.25 for the 25-delta
// call, -0.25 for the 25-delta put).
double deltaStrike(const SmileFit &fit, double delta, double rate, double dividendYield);
// 25-delta risk reversal (IV call - IV put) and butterfly ((IV call + IV put) / 2 - IV ATM).
double riskReversal25(const SmileFit &fit, double rate, double dividendYield);
double butterfly25(const SmileFit &fit, double rate, double dividendYield);

struct TermPoint {
    double years = 0;
    double atmIv = 0;
};
// ATM IV at `years` by linear interpolation of total variance (flat vol beyond the ends).
double interpolateAtmIv(std::span<const TermPoint> term, double years);

// IV rank = (IV - min) / (max - min) x 100 over the history (52 weeks); percentile = share of the
// history (252 days) strictly below `iv`, x 100. NaN for an empty history.
double ivRank(double iv, std::span<const double> history);
double ivPercentile(double iv, std::span<const double> history);
// (value - mean) / sample stdev of the history; NaN with fewer than 2 points or zero spread.
double zScore(double value, std::span<const double> history);

// One-standard-deviation move: spot x IV x sqrt(years).
double expectedMove(double spot, double iv, double years);

} // namespace mag7::pricing
