// mag7 bench pricing, European half: Black-Scholes-Merton price and Greeks (one option at a time
// and batched) and implied volatility, each beside QuantLib 1.29 on the same random options in
// the same run, plus the implied volatility's round-trip price error (docs/PERFORMANCE.md).
//
// The options: calls and puts, spot 5-2000, 1 hour to 2 years, vol 5%-200% (both log-uniform),
// strikes within +-3 standard deviations of the forward, r 0-6%, q 0-4%. Our loops run over
// all the options several times and report the median pass; QuantLib, a hundred times slower,
// runs on a prefix of the same options, alternating with ours.
#include "bench.h"
#include "benchreport.h"
#include "model/marketclock.h"
#include "pricing/blackscholes.h"
#include "pricing/impliedvol.h"
#include "pricing/letsberational.h"
#include "pricing/quantlibreference.h"
#include "pricing/simdkernels.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace mag7::cli {

namespace {

struct Options {
    std::vector<pricing::BsmInputs> inputs;
    // The same options as a structure of arrays, for bsmGreeksBatch.
    std::vector<OptionRight> right;
    std::vector<double> spot, strike, years, vol, rate, yield;
    std::vector<double> price; // bsmPrice at the true vol
};

Options randomOptions(std::size_t n, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    auto uniform = [&](double lo, double hi) {
        return lo + (hi - lo) * (static_cast<double>(rng() >> 11) * 0x1.0p-53);
    };
    auto logUniform = [&](double lo, double hi) {
        return std::exp(uniform(std::log(lo), std::log(hi)));
    };
    Options o;
    for (std::size_t i = 0; i < n; ++i) {
        pricing::BsmInputs in;
        in.right = (rng() >> 63) != 0 ? OptionRight::Call : OptionRight::Put;
        in.spot = logUniform(5.0, 2000.0);
        in.years = logUniform(1.0 / (365.0 * 24.0), 2.0);
        in.vol = logUniform(0.05, 2.0);
        in.rate = uniform(0.0, 0.06);
        in.dividendYield = uniform(0.0, 0.04);
        const double forward = in.spot * std::exp((in.rate - in.dividendYield) * in.years);
        in.strike = forward * std::exp(uniform(-3.0, 3.0) * in.vol * std::sqrt(in.years));
        o.inputs.push_back(in);
        o.right.push_back(in.right);
        o.spot.push_back(in.spot);
        o.strike.push_back(in.strike);
        o.years.push_back(in.years);
        o.vol.push_back(in.vol);
        o.rate.push_back(in.rate);
        o.yield.push_back(in.dividendYield);
        o.price.push_back(pricing::bsmPrice(in));
    }
    return o;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Nanoseconds per item of `run` over `items` items.
template <class Run>
double nanosPerItem(std::size_t items, Run run)
{
    const Stopwatch watch;
    run();
    return static_cast<double>(watch.elapsedNanos()) / static_cast<double>(items);
}

bool outOfTheMoney(const pricing::BsmInputs &in)
{
    const double spotQ = in.spot * std::exp(-in.dividendYield * in.years);
    const double strikeR = in.strike * std::exp(-in.rate * in.years);
    return in.right == OptionRight::Call ? strikeR > spotQ : strikeR < spotQ;
}

// The price at `vol` through the normalised Black function of Let's Be Rational, accurate to a
// few ulps wherever the price is representable (bsmPrice subtracts two terms that nearly cancel
// when vol sqrt(T) is tiny).
double exactPrice(const pricing::BsmInputs &in, double vol)
{
    const double spotQ = in.spot * std::exp(-in.dividendYield * in.years);
    const double strikeR = in.strike * std::exp(-in.rate * in.years);
    return std::sqrt(spotQ * strikeR) *
           pricing::lbr::normalisedBlack(std::log(spotQ / strikeR), vol * std::sqrt(in.years),
                                         in.right == OptionRight::Call ? 1.0 : -1.0);
}

std::string scientific(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2g", value);
    return text;
}

} // namespace

void benchPricingEuropean(const PricingBenchOptions &options)
{
    // 20,000 options (about the listed contracts of the ten underlyings): the working set stays
    // in cache, so the figures are the arithmetic's, not the memory system's.
    const std::size_t ours = options.smoke ? 256 : 20'000;
    const std::size_t theirs = options.smoke ? 16 : 2'000;
    const std::size_t theirsIv = options.smoke ? 8 : 400;
    const int repetitions = options.smoke ? 2 : 15;
    const Options o = randomOptions(ours, options.seed);
    const std::string build = pricing::simd::best().name;
    volatile double sink = 0;

    // Price and Greeks, one option at a time and batched, beside AnalyticEuropeanEngine.
    std::vector<double> columns[6];
    for (auto &column : columns)
        column.resize(ours);
    const pricing::BsmBatch batch{ours,           o.right.data(), o.spot.data(), o.strike.data(),
                                  o.years.data(), o.vol.data(),   o.rate.data(), o.yield.data()};
    const pricing::GreeksBatch firstOrder{columns[0].data(), columns[1].data(), columns[2].data(),
                                          columns[3].data(), columns[4].data(), columns[5].data()};
    std::vector<double> scalarRuns;
    std::vector<double> batchRuns;
    std::vector<double> quantLibRuns;
    for (int r = 0; r < repetitions; ++r) {
        scalarRuns.push_back(nanosPerItem(ours, [&] {
            double sum = 0;
            for (const pricing::BsmInputs &in : o.inputs) {
                const pricing::Greeks g = pricing::bsmGreeks(in);
                sum += g.price + g.delta + g.gamma + g.theta + g.vega + g.rho;
            }
            sink = sink + sum;
        }));
        batchRuns.push_back(nanosPerItem(ours, [&] {
            pricing::bsmGreeksBatch(batch, firstOrder);
            sink = sink + columns[0][ours / 2];
        }));
        quantLibRuns.push_back(nanosPerItem(theirs, [&] {
            double sum = 0;
            for (std::size_t i = 0; i < theirs; ++i) {
                const auto g = pricing::quantlib::europeanPrice(o.inputs[i]);
                if (g)
                    sum += g->price + g->delta + g->gamma + g->theta + g->vega + g->rho;
            }
            sink = sink + sum;
        }));
    }
    const double quantLibNs = median(quantLibRuns);

    BenchCase scalar;
    scalar.name = "pricing.european_scalar";
    scalar.ours = median(scalarRuns);
    scalar.baseline = quantLibNs;
    scalar.baselineName = "QuantLib 1.29 AnalyticEuropeanEngine: price, delta, gamma, theta, "
                          "vega, rho (on the first " +
                          std::to_string(theirs) + " of the same options)";
    scalar.unit = "ns/option";
    scalar.n = ours;
    scalar.higherIsBetter = false;
    scalar.goal =
        ">= 100x QuantLib; <= 30 ns/option (bsmGreeks: price and all nine Greeks, " + build + ")";
    printBenchCase(scalar);

    BenchCase batched;
    batched.name = "pricing.european_batch";
    batched.ours = median(batchRuns);
    batched.baseline = quantLibNs;
    batched.baselineName = scalar.baselineName;
    batched.unit = "ns/option";
    batched.n = ours;
    batched.higherIsBetter = false;
    batched.goal = ">= 100x QuantLib; stretch <= 15 ns/option (bsmGreeksBatch, price and five "
                   "Greeks, " +
                   build + ")";
    printBenchCase(batched);

    // Implied volatility from the prices at the true vols, beside VanillaOption::
    // impliedVolatility (Brent on AnalyticEuropeanEngine).
    std::vector<double> vols(ours);
    std::vector<double> ivRuns;
    std::vector<double> quantLibIvRuns;
    std::vector<double> quantLibVols(theirsIv, 0.0);
    std::size_t failures = 0;
    for (int r = 0; r < repetitions; ++r) {
        ivRuns.push_back(nanosPerItem(ours, [&] {
            std::size_t failed = 0;
            for (std::size_t i = 0; i < ours; ++i) {
                const pricing::IvResult iv = pricing::impliedVolatility(o.price[i], o.inputs[i]);
                vols[i] = iv.vol;
                failed += iv.ok() ? 0 : 1;
            }
            failures = failed;
        }));
        quantLibIvRuns.push_back(nanosPerItem(theirsIv, [&] {
            for (std::size_t i = 0; i < theirsIv; ++i) {
                const auto iv =
                    pricing::quantlib::europeanImpliedVolatility(o.price[i], o.inputs[i]);
                quantLibVols[i] = iv ? iv.value() : 0.0;
            }
        }));
    }
    BenchCase iv;
    iv.name = "pricing.implied_vol";
    iv.ours = median(ivRuns);
    iv.baseline = median(quantLibIvRuns);
    iv.baselineName = "QuantLib 1.29 VanillaOption::impliedVolatility (Brent, accuracy 1e-12) on "
                      "the first " +
                      std::to_string(theirsIv) + " of the same prices";
    iv.unit = "ns/IV";
    iv.n = ours;
    iv.higherIsBetter = false;
    iv.goal = ">= 100x QuantLib; <= 300 ns/IV (Let's Be Rational; " + std::to_string(failures) +
              " of " + std::to_string(ours) + " without a volatility)";
    printBenchCase(iv);

    // Round trips: price -> IV -> price on the out-of-the-money options (where the price is the
    // time value that determines the vol), repriced through the normalised Black function;
    // QuantLib's IVs repriced by its own engine. Through bsmPrice, the repricing adds bsmPrice's
    // own rounding, a few eps of S e^{-qT} + K e^{-rT}.
    double oursWorst = 0;
    double bsmWorst = 0;
    std::size_t compared = 0;
    for (std::size_t i = 0; i < ours; ++i) {
        const pricing::BsmInputs &in = o.inputs[i];
        if (!outOfTheMoney(in) || !(vols[i] > 0))
            continue;
        const double exact = exactPrice(in, in.vol);
        const pricing::IvResult fromExact = pricing::impliedVolatility(exact, in);
        if (!fromExact.ok())
            continue;
        oursWorst = std::max(oursWorst, std::abs(exactPrice(in, fromExact.vol) - exact) / exact);
        pricing::BsmInputs back = in;
        back.vol = vols[i];
        bsmWorst = std::max(bsmWorst, std::abs(pricing::bsmPrice(back) - o.price[i]) / o.price[i]);
        ++compared;
    }
    double quantLibWorst = 0;
    for (std::size_t i = 0; i < theirsIv; ++i) {
        const pricing::BsmInputs &in = o.inputs[i];
        if (!outOfTheMoney(in) || !(quantLibVols[i] > 0))
            continue;
        pricing::BsmInputs back = in;
        back.vol = quantLibVols[i];
        const auto repriced = pricing::quantlib::europeanPrice(back);
        if (repriced)
            quantLibWorst =
                std::max(quantLibWorst, std::abs(repriced->price - o.price[i]) / o.price[i]);
    }
    BenchCase roundTrip;
    roundTrip.name = "pricing.implied_vol_round_trip";
    roundTrip.ours = oursWorst;
    roundTrip.baseline = quantLibWorst;
    roundTrip.baselineName = "QuantLib: its implied vols repriced by AnalyticEuropeanEngine, "
                             "worst relative price error";
    roundTrip.unit = "max relative price error";
    roundTrip.n = compared;
    roundTrip.higherIsBetter = false;
    roundTrip.goal = "<= 1e-12 relative (out-of-the-money prices repriced exactly; through "
                     "bsmPrice the worst was " +
                     scientific(bsmWorst) + ")";
    printBenchCase(roundTrip);
    (void)sink;
}

} // namespace mag7::cli
