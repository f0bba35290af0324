// mag7 bench pricing: European and American pricing and IV beside QuantLib (their own files),
// and the full-universe reprice: IV + Greeks of every listed contract of the ten optionable
// underlyings, from the simulated market's quotes, on one core.
#include "bench.h"
#include "benchreport.h"
#include "cliutil.h"
#include "command.h"
#include "marketdata/simulatedmarket.h"
#include "marketdata/universeconfig.h"
#include "model/easterntime.h"
#include "model/marketclock.h"
#include "pricing/chainpricer.h"
#include "pricing/quantlibreference.h"
#include "pricing/timetoexpiry.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace mag7::cli {

namespace {

struct UnderlyingChain {
    double spot = 0;
    double dividendYield = 0;
    std::vector<pricing::ChainQuote> quotes;
};

// The simulated market's chains with their quotes at 10:00 ET (09:31 in smoke mode).
std::vector<UnderlyingChain> simulatedChains(bool smoke, double &rate)
{
    const auto config = marketdata::defaultUniverseConfig();
    InstrumentRegistry registry;
    const Timestamp start = *parseIsoTimestamp("2025-01-13T09:30");
    marketdata::SimulatedMarket market(config, registry, {1, start});
    TickBatch batch;
    market.advanceTo(start + (smoke ? 1 : 30) * kNanosPerMinute, batch);
    std::vector<QuoteState> state(registry.size());
    for (const Tick &tick : batch) {
        if (tick.instrument >= state.size())
            state.resize(tick.instrument + 1);
        state[tick.instrument].apply(tick);
    }
    rate = market.riskFreeRate();
    std::vector<UnderlyingChain> chains;
    for (const InstrumentId underlying : market.optionUnderlyings()) {
        UnderlyingChain chain;
        const QuoteState &u = state[underlying];
        chain.spot = toDouble(u.bid + u.ask) / 2.0;
        chain.dividendYield = market.dividendYield(underlying);
        for (const Instrument *option : registry.optionsOf(underlying)) {
            const double years = pricing::yearsToExpiry(market.time(), option->expiry);
            if (years <= 0 || option->id >= state.size())
                continue;
            const QuoteState &q = state[option->id];
            chain.quotes.push_back(
                {option->right, toDouble(option->strike), years, toDouble(q.bid), toDouble(q.ask)});
        }
        chains.push_back(std::move(chain));
    }
    return chains;
}

void benchUniverseReprice(const PricingBenchOptions &options)
{
    double rate = 0;
    const auto chains = simulatedChains(options.smoke, rate);
    std::size_t contracts = 0;
    for (const auto &chain : chains)
        contracts += chain.quotes.size();

    pricing::ChainPricer pricer;
    std::vector<pricing::ChainAnalytics> out;
    std::size_t priced = 0;
    std::vector<double> runs;
    const int repetitions = options.smoke ? 2 : 15;
    for (int r = 0; r < repetitions; ++r) {
        priced = 0;
        const Stopwatch watch;
        for (const auto &chain : chains) {
            pricer.price(chain.spot, rate, chain.dividendYield, chain.quotes, out);
            priced +=
                static_cast<std::size_t>(std::count_if(out.begin(), out.end(), [](const auto &a) {
                    return a.ivError == pricing::IvError::None;
                }));
        }
        runs.push_back(static_cast<double>(watch.elapsedNanos()) / 1e6);
    }
    std::sort(runs.begin(), runs.end());
    const double oursMs = runs[runs.size() / 2];

    // QuantLib on a sample of the same contracts (impliedVolatility, then the engine's price and
    // Greeks at that vol), extrapolated to the whole universe.
    const std::size_t sampleEvery = options.smoke ? 50 : 10;
    std::size_t sampled = 0;
    const Stopwatch watch;
    for (const auto &chain : chains) {
        for (std::size_t i = 0; i < chain.quotes.size(); i += sampleEvery) {
            const auto &q = chain.quotes[i];
            if (!(q.bid > 0) || q.ask < q.bid)
                continue;
            pricing::BsmInputs in{q.right, chain.spot, q.strike,           q.years,
                                  0,       rate,       chain.dividendYield};
            const auto iv = pricing::quantlib::europeanImpliedVolatility(0.5 * (q.bid + q.ask), in);
            if (iv) {
                in.vol = iv.value();
                (void)pricing::quantlib::europeanPrice(in);
            }
            ++sampled;
        }
    }
    const double perContractMs =
        sampled > 0 ? static_cast<double>(watch.elapsedNanos()) / 1e6 / static_cast<double>(sampled)
                    : 0;
    BenchCase reprice;
    reprice.name = "pricing.universe_reprice";
    reprice.ours = oursMs;
    reprice.baseline = perContractMs * static_cast<double>(contracts);
    reprice.baselineName = "QuantLib impliedVolatility + AnalyticEuropeanEngine, timed on " +
                           std::to_string(sampled) + " of the contracts and scaled to all";
    reprice.unit = "ms";
    reprice.n = contracts;
    reprice.higherIsBetter = false;
    reprice.goal = "<= 10 ms for IV + Greeks of every listed contract (" + std::to_string(priced) +
                   " with a two-sided quote and an IV) of the 10 optionable underlyings, one core";
    printBenchCase(reprice);
}

} // namespace

int benchPricing(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("smoke"), QStringLiteral("Tiny sizes: prove it runs.")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Seed of the random inputs."),
                      QStringLiteral("N"), QStringLiteral("1")});
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    PricingBenchOptions options;
    options.smoke = parser.isSet(QStringLiteral("smoke"));
    bool ok = false;
    options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return fail(command, QStringLiteral("--seed must be a non-negative integer"), 2);
    benchPricingEuropean(options);
    benchPricingAmerican(options);
    benchUniverseReprice(options);
    return 0;
}

} // namespace mag7::cli
