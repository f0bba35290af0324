// `mag7 bench signals`: the signal side of the desk on the simulated market's first hour
// (09:30-10:30 ET; five minutes in --smoke), every case beside a baseline in the same run.
//   playbooks  every built-in playbook over every underlying at each 1-minute bar close, with
//              the market view the desk gives them (chains of the ten optionable underlyings,
//              a year of daily bars and IV, earnings) refreshed at every close (goal <= 5 ms per
//              close); baseline: rebuilding each symbol's state from the day's bars at every
//              close, as a stateless implementation would.
//   scanner    a rule over every listed contract of the ten optionable underlyings (goal <= 20 ms);
//              baseline: the same rule written as C++ by hand (the floor an interpreter can reach).
#include "bench.h"
#include "benchreport.h"
#include "cliutil.h"
#include "engine/chainbuilder.h"
#include "engine/intradaybars.h"
#include "engine/marketstate.h"
#include "engine/playbookmarket.h"
#include "engine/scanner.h"
#include "marketdata/simulatedmarket.h"
#include "marketdata/universeconfig.h"
#include "model/easterntime.h"
#include "model/marketclock.h"
#include "signals/playbook.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace mag7::cli {

namespace {

constexpr const char *kRule = "rvol > 1.2 and ivr > 30 and dte <= 7 and abs(delta) between 0.25 "
                              "and 0.4 and spreadpct < 10";

struct SymbolBars {
    std::string symbol;
    InstrumentKind kind = InstrumentKind::Stock;
    std::vector<Bar> bars;
};

struct Universe {
    InstrumentRegistry registry;
    std::vector<SymbolBars> bars;
    std::vector<std::shared_ptr<const engine::ChainSnapshot>> chains;
    std::vector<engine::QuoteRow> rows;
    std::vector<std::vector<DailyBar>> daily; // by row
    std::vector<MarketEvent> events;
    std::map<std::string, std::vector<double>, std::less<>> ivHistory;
    std::map<std::string, std::string, std::less<>> sectors;
};

void buildUniverse(bool smoke, Universe &universe)
{
    const auto config = marketdata::defaultUniverseConfig();
    const Timestamp open = *parseIsoTimestamp("2025-01-13T09:30");
    marketdata::SimulatedMarket market(config, universe.registry, {1, open});
    engine::MarketReference reference;
    reference.riskFreeRate = market.riskFreeRate();
    for (InstrumentId id : market.underlyings()) {
        engine::UnderlyingReference ref;
        ref.id = id;
        ref.previousClose = market.previousClose(id);
        ref.dividendYield = market.dividendYield(id);
        const auto &listed = market.optionUnderlyings();
        ref.hasOptions = std::find(listed.begin(), listed.end(), id) != listed.end();
        reference.underlyings.push_back(ref);
    }
    engine::MarketState state(universe.registry, reference);
    std::map<InstrumentId, engine::IntradayBarBuilder> builders;
    engine::VwapSessions sessions;
    const Timestamp end = open + (smoke ? 5 : 60) * kNanosPerMinute;
    TickBatch batch;
    for (Timestamp t = open; t < end;) {
        t = std::min(end, t + kNanosPerMinute);
        batch.clear();
        market.advanceTo(t, batch);
        state.apply(batch);
        for (const Tick &tick : batch) {
            const Instrument *instrument = universe.registry.get(tick.instrument);
            if (!tick.isTrade() || !instrument || instrument->kind == InstrumentKind::Option ||
                instrument->kind == InstrumentKind::Index)
                continue;
            auto it = builders.try_emplace(tick.instrument, instrument->kind).first;
            it->second.addTrade(tick.ts, toDouble(tick.price()), tick.size(), sessions);
        }
    }
    for (auto &[id, builder] : builders) {
        const Instrument *instrument = universe.registry.get(id);
        SymbolBars bars{instrument->symbol, instrument->kind, builder.completed()->bars};
        universe.bars.push_back(std::move(bars));
    }
    // Chains at the end of the window, with the desk's chain analytics; IV rank and relative
    // volume set so the rule has something to find.
    engine::ChainBuilder chainBuilder;
    for (InstrumentId id : market.optionUnderlyings())
        universe.chains.push_back(chainBuilder.build(state.chainInput(id, end), {}, nullptr));
    for (engine::QuoteRow row : state.rows()) {
        row.relativeVolume = 1.5;
        row.ivRank = 45;
        universe.rows.push_back(row);
    }
    // A year of daily bars and ATM IV and the event calendar, as the desk database holds them.
    const marketdata::History history = marketdata::generateHistory(
        config, {1, open}, marketdata::HistoryOptions{smoke ? 1 : 2, 0});
    for (const engine::QuoteRow &row : universe.rows) {
        std::vector<DailyBar> daily;
        for (const marketdata::SymbolHistory &symbol : history.symbols) {
            if (symbol.symbol != row.symbol)
                continue;
            daily = symbol.daily;
            std::vector<double> iv;
            for (const IvPoint &point : symbol.atmIv)
                iv.push_back(point.atmIv);
            if (!iv.empty())
                universe.ivHistory.emplace(row.symbol, std::move(iv));
        }
        universe.daily.push_back(std::move(daily));
        if (const auto *underlying = config.find(row.symbol);
            underlying && !underlying->sector.empty())
            universe.sectors.emplace(row.symbol, underlying->sector);
    }
    universe.events = history.events;
}

// Every close of the window: each symbol's bar through the runner.
double playbookMsPerClose(const Universe &universe, bool stateless, int &closes,
                          std::size_t &signalCount, double &maxMs)
{
    std::size_t minutes = 0;
    for (const auto &s : universe.bars)
        minutes = std::max(minutes, s.bars.size());
    signals::PlaybookRunner runner(signals::builtInPlaybooks());
    std::vector<signals::Signal> out;
    engine::PlaybookMarket market(universe.sectors);
    market.setHistory(universe.events, universe.ivHistory);
    std::vector<const std::vector<DailyBar> *> daily;
    for (const auto &bars : universe.daily)
        daily.push_back(&bars);
    const signals::MarketView *view = &market.view();
    Stopwatch watch;
    closes = 0;
    for (std::size_t m = 0; m < minutes; ++m) {
        Timestamp closeTime = 0;
        for (const auto &s : universe.bars) {
            if (m < s.bars.size())
                closeTime = std::max(closeTime, s.bars[m].start + kNanosPerMinute);
        }
        const std::int64_t closeStart = watch.elapsedNanos();
        market.refresh(universe.rows, daily, universe.chains, closeTime);
        if (stateless) {
            // Rebuild every symbol's levels, VWAP and playbook state from the day's first bar.
            signals::PlaybookRunner fresh(signals::builtInPlaybooks());
            for (std::size_t i = 0; i <= m; ++i) {
                for (const auto &s : universe.bars) {
                    if (i < s.bars.size())
                        (void)fresh.addBar(s.symbol, s.kind, s.bars[i], out, view);
                }
            }
        } else {
            for (const auto &s : universe.bars) {
                if (m < s.bars.size())
                    (void)runner.addBar(s.symbol, s.kind, s.bars[m], out, view);
            }
        }
        maxMs = std::max(maxMs, static_cast<double>(watch.elapsedNanos() - closeStart) / 1e6);
        ++closes;
    }
    signalCount = out.size();
    return static_cast<double>(watch.elapsedNanos()) / 1e6 / std::max(closes, 1);
}

// The scanner rule written by hand.
std::size_t nativeScan(const Universe &universe)
{
    std::size_t hits = 0;
    for (const auto &chain : universe.chains) {
        double rvol = NAN;
        double ivr = NAN;
        for (const auto &row : universe.rows) {
            if (row.id == chain->underlying) {
                rvol = row.relativeVolume;
                ivr = row.ivRank;
            }
        }
        for (const auto &expiry : chain->expiries) {
            for (std::size_t i = expiry.firstRow; i < expiry.firstRow + expiry.rowCount; ++i) {
                const engine::OptionRow &o = chain->options[i];
                if (o.ivError != pricing::IvError::None || !(o.mid > 0))
                    continue;
                const double spreadPct = toDouble(o.ask - o.bid) / o.mid * 100;
                const double delta = std::abs(o.greeks.delta);
                hits += rvol > 1.2 && ivr > 30 && expiry.daysToExpiry <= 7 && delta >= 0.25 &&
                        delta <= 0.4 && spreadPct < 10;
            }
        }
    }
    return hits;
}

} // namespace

int benchSignals(const QStringList &arguments)
{
    const QString command = arguments.value(0, QStringLiteral("mag7 bench signals"));
    bool smoke = false;
    int exitCode = 0;
    if (!parseSmokeOnly(arguments, smoke, exitCode))
        return exitCode;
    Universe universe;
    buildUniverse(smoke, universe);

    int closes = 0;
    std::size_t signalCount = 0;
    double maxMs = 0;
    const double ours = playbookMsPerClose(universe, false, closes, signalCount, maxMs);
    int baselineCloses = 0;
    std::size_t baselineSignals = 0;
    double baselineMaxMs = 0;
    const double baseline =
        playbookMsPerClose(universe, true, baselineCloses, baselineSignals, baselineMaxMs);
    BenchCase playbooks;
    playbooks.name = "signals.playbooks_per_bar_close";
    playbooks.ours = ours;
    playbooks.baseline = baseline;
    playbooks.unit = "ms";
    playbooks.n = static_cast<std::uint64_t>(closes);
    playbooks.higherIsBetter = false;
    playbooks.goal =
        "<= 5 ms for every playbook (" + std::to_string(signals::builtInPlaybooks().size()) +
        ") over " + std::to_string(universe.bars.size()) + " underlyings; " +
        std::to_string(signalCount) + " signals; slowest close " + jsonNumber(maxMs, 2) +
        " ms (the first: chains converted, GARCH fitted once a day)";
    playbooks.baselineName = "state rebuilt from the day's first bar at every close";
    printBenchCase(playbooks);

    auto scanner = engine::Scanner::create(kRule);
    if (!scanner)
        return benchUsage(command, QString::fromStdString(scanner.message()));
    std::size_t contracts = 0;
    for (const auto &chain : universe.chains)
        contracts += chain->options.size();
    const int repetitions = smoke ? 3 : 50;
    std::size_t hits = 0;
    Stopwatch watch;
    for (int r = 0; r < repetitions; ++r)
        hits = scanner->scan(universe.chains, universe.rows).size();
    const double scanMs = static_cast<double>(watch.elapsedNanos()) / 1e6 / repetitions;
    std::size_t nativeHits = 0;
    watch.restart();
    for (int r = 0; r < repetitions; ++r)
        nativeHits = nativeScan(universe);
    const double nativeMs = static_cast<double>(watch.elapsedNanos()) / 1e6 / repetitions;
    BenchCase scan;
    scan.name = "signals.scanner_rule";
    scan.ours = scanMs;
    scan.baseline = nativeMs;
    scan.unit = "ms";
    scan.n = contracts;
    scan.higherIsBetter = false;
    scan.goal = "<= 20 ms over ~20k contracts; rule \"" + std::string(kRule) +
                "\": " + std::to_string(hits) +
                " hits (hand-written: " + std::to_string(nativeHits) + ")";
    scan.baselineName = "the same rule as hand-written C++";
    printBenchCase(scan);
    return 0;
}

} // namespace mag7::cli
