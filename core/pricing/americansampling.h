#pragma once
// Seeded random American-option inputs over the desk's validation domain, shared by the tests
// (tests/pricing/tst_american*.cpp, against QuantLib) and `mag7 bench pricing` (timing and the
// measured max error), and the error measure and input description they report with.
// Deterministic for a seed on every platform: std::mt19937_64's sequence is fixed by the C++
// standard, and the mapping to doubles is our own (std distributions are not portable).

#include "pricing/american.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mag7::pricing {

// Continuous yield. Spot uniform, strike = spot x a uniform moneyness factor, time to expiry and
// vol log-uniform, rate and yield uniform, call or put with equal odds (or only one right).
struct AmericanDomain {
    double spotMin = 50;
    double spotMax = 200;
    double moneynessMin = 0.6; // K / S
    double moneynessMax = 1.4;
    double yearsMin = 1.0 / 365; // one day
    double yearsMax = 2.0;
    double volMin = 0.05;
    double volMax = 1.5;
    double rateMin = 0.0;
    double rateMax = 0.08;
    double yieldMin = 0.0;
    double yieldMax = 0.05;
    std::optional<OptionRight> right; // both when empty
};
std::vector<BsmInputs> randomAmericanInputs(std::uint64_t seed, std::size_t count,
                                            const AmericanDomain &domain = {});

// Discrete cash dividends: spot 50-200, K / S 0.6-1.4, expiry one week to two years (whole
// days), vol 10%-80% log-uniform, rate 0-8%, no continuous yield, and quarterly dividends of
// 0.1%-1.25% of spot each (0.4%-5% a year), the first ex-date within 91 days (whole days);
// calls and puts with equal odds, or only one right.
struct DividendCase {
    BsmInputs in;
    std::vector<CashDividend> dividends;
};
std::vector<DividendCase> randomDividendCases(std::uint64_t seed, std::size_t count,
                                              std::optional<OptionRight> right = {});

// |a - b| per 100 of price level: x 100 / sqrt(S K). Prices are homogeneous of degree one in
// (S, K), and the measure is unchanged by put-call symmetry (which swaps S and K).
double scaledError(const BsmInputs &in, double a, double b);

// Errors of `prices` against `reference` for the same inputs, by scaledError(). Cases where the
// reference is not finite are counted in `missing` (and make a check fail).
struct ErrorSummary {
    std::size_t count = 0;
    double max = 0;
    double mean = 0;
    std::size_t worst = 0;            // index of the largest error
    std::vector<std::size_t> above;   // indices of errors above the tolerance
    std::vector<std::size_t> missing; // indices without a finite reference or price
};
ErrorSummary summarizeErrors(std::span<const BsmInputs> inputs, std::span<const double> prices,
                             std::span<const double> reference, double tolerance);

// Every input at round-trip precision ("put S=... K=... T=... vol=... r=... q=... dividends
// [(t, D), ...]"), for failure messages and reports.
std::string describeAmerican(const BsmInputs &in, std::span<const CashDividend> dividends = {});

} // namespace mag7::pricing
