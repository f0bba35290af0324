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
//
// Method: Zeliade's quasi-explicit calibration. For fixed (m, sigma) the total variance is linear
// in (a, rho b sigma, b sigma); the weighted least-squares fit of those three under the
// constraints above is a convex quadratic programme solved exactly (active set). The outer 2-D
// problem over (m, log sigma) is minimised by Nelder-Mead (restarted once) from the best cell of
// a 7 x 6 grid and from the best cell not adjacent to it (m over the quoted log-moneyness range,
// sigma from 0.3% to 7x that range). Residuals are in total variance scaled by 1 / (2 IV T), so
// that the objective is the weighted squared vol error; the reported rmse is recomputed exactly
// in vol. |rho| is capped at 0.999; the non-negative variance constraint is enforced through an
// inscribed polygon of sqrt(1 - rho^2), refined at the solution while it binds (so it is exact
// where it matters and never violated). m stays within the quoted range +- 2x its width, sigma
// within [0.001, 20] x that width. About 0.3-0.6 ms for 40 quotes.
enum class SmileFitError { TooFewQuotes, InvalidInput, NotConverged };
// The leading text of Result::message() for each error (the message adds details after ": ").
const char *smileFitErrorMessage(SmileFitError error);
Result<SmileFit> fitSmile(double forward, double years, std::span<const SmileQuote> quotes);

// Durrleman's butterfly-arbitrage density condition of a smile slice,
// g(k) = (1 - k w'/(2w))^2 - w'^2/4 (1/w + 1/4) + w''/2 (>= 0 where the slice is free of
// butterfly arbitrage); -infinity where w <= 0.
double durrlemanG(const SviParameters &svi, double logMoneyness);
// g(k) >= 0 on 401 evenly spaced points of [kMin, kMax].
bool sviButterflyFree(const SviParameters &svi, double kMin, double kMax);

// Strike whose Black-Scholes spot delta (with the e^(-qT) factor; spot = F e^(-(r-q)T)) under
// the fitted smile's vol at that strike is `delta` (0.25 for the 25-delta call, -0.25 for the
// 25-delta put). The strike is searched within +-10 ATM standard deviations and, should the smile
// make the delta non-monotone, the solution nearest the forward is returned. NaN when |delta|
// is 0 or >= e^(-qT), or the fit is empty.
double deltaStrike(const SmileFit &fit, double delta, double rate, double dividendYield);
// 25-delta risk reversal (IV call - IV put) and butterfly ((IV call + IV put) / 2 - IV ATM),
// ATM = at the forward. Decimals (0.02 = 2 vol points); NaN when a delta strike is not found.
double riskReversal25(const SmileFit &fit, double rate, double dividendYield);
double butterfly25(const SmileFit &fit, double rate, double dividendYield);

struct TermPoint {
    double years = 0;
    double atmIv = 0;
};
// ATM IV at `years` by linear interpolation of total variance (flat vol beyond the ends). Points
// need not be sorted; points with non-positive years or negative/non-finite IV are ignored. NaN
// when no point is left.
double interpolateAtmIv(std::span<const TermPoint> term, double years);

// IV rank = (IV - min) / (max - min) x 100 over the history (52 weeks); percentile = share of the
// history (252 days) strictly below `iv`, x 100. NaN for an empty history. Non-finite history
// entries are ignored. The 52-week window ends today, so today's IV belongs to the range: a new
// high ranks 100 and a new low 0. NaN when history and today's IV are all equal.
double ivRank(double iv, std::span<const double> history);
double ivPercentile(double iv, std::span<const double> history);
// (value - mean) / sample stdev of the history; NaN with fewer than 2 points or zero spread.
double zScore(double value, std::span<const double> history);

// One-standard-deviation move: spot x IV x sqrt(years); 0 when years <= 0.
double expectedMove(double spot, double iv, double years);

} // namespace mag7::pricing
