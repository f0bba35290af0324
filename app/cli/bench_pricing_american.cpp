// mag7 bench pricing, American half (docs/PERFORMANCE.md, "American price"): the desk's American
// pricer beside QuantLib 1.29 on the same random options in the same run.
//
//   pricing.american                       ns per price, ours vs QdFpAmericanEngine's fast
//                                          scheme (QuantLib's quickest accurate engine)
//   pricing.american_max_error             the max error of ours and of QdFp fast against
//                                          QdFp's high-precision scheme on the same options
//   pricing.american_reprice_cached_boundary  ns per price at a new spot from a cached
//                                          ExerciseBoundary, vs QdFp fast (which has no cache)
//   pricing.american_dividends             ms per price with discrete cash dividends, ours vs
//                                          QuantLib's FdBlackScholesVanillaEngine at its
//                                          2000 x 2000 reference grid, and both errors against
//                                          QuantLib's grids extrapolated to the limit (4000 x
//                                          4000 and 2000 x 2000)
//
// The options (americansampling.h): calls and puts, spot 50-200, K/S 0.6-1.4, one day to two
// years, vol 5%-150%, r 0-8%, q 0-5%. Timings alternate ours and QuantLib's over the same
// options several times and report medians, so that a busy machine slows both alike. Errors are
// per 100 of price level (|a - b| x 100 / sqrt(S K)).
#include "bench.h"
#include "benchreport.h"
#include "model/marketclock.h"
#include "pricing/american.h"
#include "pricing/americansampling.h"
#include "pricing/quantlibreference.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace mag7::cli {

namespace {

using pricing::quantlib::AmericanEngine;

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

std::string format(const char *pattern, double value)
{
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

double quantLibPrice(const pricing::BsmInputs &in, AmericanEngine engine)
{
    const auto result = pricing::quantlib::americanPrice(in, engine);
    return result.ok() ? result->price : std::numeric_limits<double>::quiet_NaN();
}

// Keeps the optimiser from dropping a loop whose results are otherwise unused.
volatile double g_sink = 0;

// ns per price of ours and of QdFp fast over the same options, alternating.
struct Timing {
    double oursNs = 0;
    double quantLibNs = 0;
};

Timing timePrices(const std::vector<pricing::BsmInputs> &inputs, std::size_t quantLibCount,
                  int rounds)
{
    std::vector<double> ours;
    std::vector<double> quantLib;
    for (int round = 0; round < rounds; ++round) {
        double sum = 0;
        Stopwatch watch;
        for (const pricing::BsmInputs &in : inputs)
            sum += pricing::americanPrice(in);
        ours.push_back(static_cast<double>(watch.elapsedNanos()) /
                       static_cast<double>(inputs.size()));
        watch.restart();
        for (std::size_t i = 0; i < quantLibCount; ++i)
            sum += quantLibPrice(inputs[i], AmericanEngine::QdFpFast);
        quantLib.push_back(static_cast<double>(watch.elapsedNanos()) /
                           static_cast<double>(quantLibCount));
        g_sink = g_sink + sum;
    }
    return {median(ours), median(quantLib)};
}

void benchPrice(const PricingBenchOptions &options)
{
    const std::size_t count = options.smoke ? 50 : 5000;
    const std::size_t quantLibCount = options.smoke ? 10 : 1000;
    const int rounds = options.smoke ? 1 : 5;
    const auto inputs = pricing::randomAmericanInputs(options.seed, count);
    // Warm-up: the first price builds the quadrature and interpolation tables.
    for (std::size_t i = 0; i < 10; ++i) {
        g_sink = g_sink + pricing::americanPrice(inputs[i]) +
                 quantLibPrice(inputs[i], AmericanEngine::QdFpFast);
    }
    const Timing timing = timePrices(inputs, quantLibCount, rounds);

    // Accuracy against QdFp high precision (10 ms to over a second per price) on a prefix.
    const std::size_t checked = options.smoke ? 3 : 400;
    const std::vector<pricing::BsmInputs> prefix(inputs.begin(),
                                                 inputs.begin() + static_cast<long>(checked));
    std::vector<double> ours;
    std::vector<double> fast;
    std::vector<double> reference;
    for (const pricing::BsmInputs &in : prefix) {
        ours.push_back(pricing::americanPrice(in));
        fast.push_back(quantLibPrice(in, AmericanEngine::QdFpFast));
        reference.push_back(quantLibPrice(in, AmericanEngine::QdFpHighPrecision));
    }
    const auto oursError = pricing::summarizeErrors(prefix, ours, reference, 2e-4);
    const auto fastError = pricing::summarizeErrors(prefix, fast, reference, 2e-4);

    BenchCase price;
    price.name = "pricing.american";
    price.ours = timing.oursNs;
    price.baseline = timing.quantLibNs;
    price.baselineName = "QuantLib 1.29 QdFpAmericanEngine fastScheme() (median of " +
                         std::to_string(rounds) + " passes over " + std::to_string(quantLibCount) +
                         " of the options)";
    price.unit = "ns/price";
    price.n = count;
    price.higherIsBetter = false;
    price.goal = ">= 10x QdFp fast at max error <= 2e-4 vs QdFp high precision; measured on " +
                 std::to_string(oursError.count) + " options: max error ours " +
                 format("%.2g", oursError.max) + ", QdFp fast " + format("%.2g", fastError.max);
    printBenchCase(price);

    BenchCase error;
    error.name = "pricing.american_max_error";
    error.ours = oursError.max;
    error.baseline = fastError.max;
    error.baselineName = "QuantLib 1.29 QdFpAmericanEngine fastScheme(), same options";
    error.unit = "max abs error per 100 of price level vs QdFp highPrecisionScheme()";
    error.n = oursError.count;
    error.higherIsBetter = false;
    error.goal = "<= 2e-4 (mean ours " + format("%.2g", oursError.mean) + ", QdFp fast " +
                 format("%.2g", fastError.mean) +
                 "; worst: " + pricing::describeAmerican(prefix[oursError.worst]) + ")";
    printBenchCase(error);
}

void benchCachedBoundary(const PricingBenchOptions &options)
{
    // Contracts with a boundary each, repriced at spots across +-30% of the strike.
    const std::size_t contracts = options.smoke ? 10 : 400;
    const int spots = options.smoke ? 5 : 50;
    const int rounds = options.smoke ? 1 : 5;
    const auto inputs = pricing::randomAmericanInputs(options.seed + 1, contracts);
    std::vector<pricing::ExerciseBoundary> boundaries;
    for (const pricing::BsmInputs &in : inputs)
        boundaries.push_back(pricing::ExerciseBoundary::build(in));
    const auto spotOf = [&](std::size_t contract, int i) {
        return inputs[contract].strike * (0.7 + 0.6 * (i + 0.5) / spots);
    };
    std::vector<double> ours;
    std::vector<double> quantLib;
    const std::size_t quantLibContracts = std::min<std::size_t>(contracts, options.smoke ? 2 : 40);
    for (int round = 0; round < rounds; ++round) {
        double sum = 0;
        Stopwatch watch;
        for (std::size_t c = 0; c < contracts; ++c) {
            for (int i = 0; i < spots; ++i)
                sum += boundaries[c].price(spotOf(c, i));
        }
        ours.push_back(static_cast<double>(watch.elapsedNanos()) /
                       static_cast<double>(contracts * static_cast<std::size_t>(spots)));
        watch.restart();
        for (std::size_t c = 0; c < quantLibContracts; ++c) {
            for (int i = 0; i < spots; ++i) {
                pricing::BsmInputs in = inputs[c];
                in.spot = spotOf(c, i);
                sum += quantLibPrice(in, AmericanEngine::QdFpFast);
            }
        }
        quantLib.push_back(
            static_cast<double>(watch.elapsedNanos()) /
            static_cast<double>(quantLibContracts * static_cast<std::size_t>(spots)));
        g_sink = g_sink + sum;
    }
    BenchCase reprice;
    reprice.name = "pricing.american_reprice_cached_boundary";
    reprice.ours = median(ours);
    reprice.baseline = median(quantLib);
    reprice.baselineName = "QuantLib 1.29 QdFpAmericanEngine fastScheme(), a full price per spot";
    reprice.unit = "ns/price";
    reprice.n = contracts * static_cast<std::size_t>(spots);
    reprice.higherIsBetter = false;
    reprice.goal = "per-spot reprice from a cached ExerciseBoundary (" + std::to_string(spots) +
                   " spots per contract, the boundary built once)";
    printBenchCase(reprice);
}

void benchDividends(const PricingBenchOptions &options)
{
    const std::size_t count = options.smoke ? 1 : 20;
    const auto cases = pricing::randomDividendCases(options.seed + 2, count);
    double oursMs = 0;
    double quantLibMs = 0;
    std::vector<pricing::BsmInputs> inputs;
    std::vector<double> ours;
    std::vector<double> quantLib;
    std::vector<double> reference;
    for (const pricing::DividendCase &c : cases) {
        Stopwatch watch;
        const double price = pricing::americanPrice(c.in, c.dividends);
        oursMs += static_cast<double>(watch.elapsedNanos()) * 1e-6;
        watch.restart();
        const auto fine =
            pricing::quantlib::americanPrice(c.in, AmericanEngine::FiniteDifference, c.dividends);
        quantLibMs += static_cast<double>(watch.elapsedNanos()) * 1e-6;
        // The limit: QuantLib's scheme converges at first order in time and second in spot
        // with dividends; doubling both, 2 V(4000 x 4000) - V(2000 x 2000), cancels the time
        // error and leaves half the space error (within about 1e-4 per 100 of the limit;
        // tests/pricing/tst_americandividends.cpp).
        const auto finer =
            pricing::quantlib::americanPriceFiniteDifference(c.in, c.dividends, 4000, 4000);
        const double nan = std::numeric_limits<double>::quiet_NaN();
        inputs.push_back(c.in);
        ours.push_back(price);
        quantLib.push_back(fine.ok() ? fine->price : nan);
        reference.push_back(fine.ok() && finer.ok() ? 2 * finer->price - fine->price : nan);
    }
    const auto oursError = pricing::summarizeErrors(inputs, ours, reference, 2e-4);
    const auto quantLibError = pricing::summarizeErrors(inputs, quantLib, reference, 2e-4);
    BenchCase dividends;
    dividends.name = "pricing.american_dividends";
    dividends.ours = oursMs / static_cast<double>(count);
    dividends.baseline = quantLibMs / static_cast<double>(count);
    dividends.baselineName =
        "QuantLib 1.29 FdBlackScholesVanillaEngine, 2000 x 2000 Crank-Nicolson (the reference "
        "grid), discrete cash dividends";
    dividends.unit = "ms/price";
    dividends.n = count;
    dividends.higherIsBetter = false;
    dividends.goal = "max error <= 2e-4 vs QuantLib extrapolated to the limit: ours " +
                     format("%.2g", oursError.max) + ", QuantLib 2000 x 2000 " +
                     format("%.2g", quantLibError.max);
    printBenchCase(dividends);
}

} // namespace

void benchPricingAmerican(const PricingBenchOptions &options)
{
    benchPrice(options);
    benchCachedBoundary(options);
    benchDividends(options);
}

} // namespace mag7::cli
