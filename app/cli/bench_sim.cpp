// `mag7 bench sim`: throughput and tick budget of the embedded simulated market.
//   default  a full regular session (09:30-16:00 ET) of the whole default universe, fast mode
//   --smoke  five simulated minutes from the open (proves the benchmark runs)
//   --date YYYY-MM-DD (a trading day, default 2025-01-13), --seed N (default 1)
// Prints one JSON line per case: ticks/s (goal >= 1e6), ticks and seconds per session (goal
// <= 6e7 ticks, < 60 s), the option-quote share and the count per tick kind, the market's
// construction time and generateHistory()'s time.
#include "bench.h"
#include "benchreport.h"
#include "marketdata/simulatedmarket.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <QElapsedTimer>

#include <cstdio>
#include <vector>

namespace mag7::cli {

namespace {

int usage(const QString &command, const QString &problem)
{
    return benchUsage(command, problem, "[--smoke] [--date YYYY-MM-DD] [--seed N]");
}

enum TickClass : std::uint8_t {
    UnderlyingQuote,
    UnderlyingTrade,
    OptionQuote,
    OptionTrade,
    IndexValue,
    ClassCount
};

} // namespace

int benchSim(const QStringList &arguments)
{
    const QString command = arguments.value(0, QStringLiteral("mag7 bench sim"));
    bool smoke = false;
    Date day = makeDate(2025, 1, 13);
    std::uint64_t seed = 1;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (arg == QLatin1String("--smoke")) {
            smoke = true;
        } else if (arg == QLatin1String("--date") && i + 1 < arguments.size()) {
            const auto parsed = parseDate(arguments[++i].toStdString());
            if (!parsed || !calendar::isTradingDay(*parsed))
                return usage(command, QStringLiteral("--date needs a trading day as YYYY-MM-DD"));
            day = *parsed;
        } else if (arg == QLatin1String("--seed") && i + 1 < arguments.size()) {
            bool ok = false;
            seed = arguments[++i].toULongLong(&ok);
            if (!ok)
                return usage(command, QStringLiteral("--seed needs a non-negative integer"));
        } else {
            return usage(command, QStringLiteral("unknown argument '%1'").arg(arg));
        }
    }
    const auto session = *calendar::equitySession(day);
    const Timestamp start = session.regularOpen;
    const Timestamp end = smoke ? start + 5 * kNanosPerMinute : session.regularClose;
    const std::string window = smoke ? "smoke (5 min)" : "full regular session";
    const marketdata::UniverseConfig config = marketdata::defaultUniverseConfig();
    const marketdata::SimulationOptions options{seed, start};

    QElapsedTimer timer;
    timer.start();
    const marketdata::History history = marketdata::generateHistory(config, options);
    const double historyMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;

    InstrumentRegistry registry;
    timer.restart();
    marketdata::SimulatedMarket market(config, registry, options);
    const double constructMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;

    // Classify ticks by id (the registry is append-only; look new ids up once).
    std::vector<std::uint8_t> classOf;
    const auto classify = [&](const Tick &tick) {
        if (tick.instrument >= classOf.size()) {
            const std::size_t size = registry.size();
            for (auto id = static_cast<InstrumentId>(classOf.size()); id < size; ++id) {
                const Instrument *instrument = registry.get(id);
                classOf.push_back(instrument->isOption()
                                      ? 1
                                      : (instrument->kind == InstrumentKind::Index ? 2 : 0));
            }
        }
        const std::uint8_t c = classOf[tick.instrument];
        if (c == 2)
            return IndexValue;
        if (c == 1)
            return tick.isQuote() ? OptionQuote : OptionTrade;
        return tick.isQuote() ? UnderlyingQuote : UnderlyingTrade;
    };

    std::uint64_t counts[ClassCount] = {};
    std::uint64_t total = 0;
    double simulateNs = 0;
    TickBatch batch;
    batch.reserve(1 << 16);
    // One-second steps, as a paced feed thread would take them (the output does not depend on it).
    for (Timestamp t = start; t < end;) {
        t = std::min(end, t + kNanosPerSecond);
        batch.clear();
        timer.restart();
        market.advanceTo(t, batch);
        simulateNs += static_cast<double>(timer.nsecsElapsed());
        total += batch.size();
        for (const Tick &tick : batch)
            ++counts[classify(tick)];
    }
    const double seconds = simulateNs / 1e9;
    const double ticksPerSecond = seconds > 0 ? static_cast<double>(total) / seconds : 0;

    const auto report = [&](const char *name, double ours, const char *unit, std::uint64_t n,
                            const std::string &goal, bool higherIsBetter = true) {
        BenchCase c;
        c.name = std::string("sim.") + name;
        c.ours = ours;
        c.unit = unit;
        c.n = n;
        c.goal = goal;
        c.higherIsBetter = higherIsBetter;
        printBenchCase(c);
    };
    const std::string date = formatDate(day);
    report("ticks_per_second", ticksPerSecond, "ticks/s", total,
           ">= 1e6 ticks/s (" + window + ", " + date + ", one core)");
    report("session_ticks", static_cast<double>(total), "ticks", total,
           smoke ? "(smoke window)" : "<= 6e7 ticks per full regular session");
    report("session_seconds", seconds, "s", total,
           smoke ? "(smoke window)" : "< 60 s per full regular session", false);
    report("option_quote_share",
           total ? static_cast<double>(counts[OptionQuote]) / static_cast<double>(total) : 0,
           "fraction", total, "");
    report("underlying_quotes", static_cast<double>(counts[UnderlyingQuote]), "ticks",
           counts[UnderlyingQuote], "");
    report("underlying_trades", static_cast<double>(counts[UnderlyingTrade]), "ticks",
           counts[UnderlyingTrade], "");
    report("option_quotes", static_cast<double>(counts[OptionQuote]), "ticks", counts[OptionQuote],
           "");
    report("option_trades", static_cast<double>(counts[OptionTrade]), "ticks", counts[OptionTrade],
           "");
    report("index_values", static_cast<double>(counts[IndexValue]), "ticks", counts[IndexValue],
           "");
    report("listed_options", static_cast<double>(market.listedOptionCount()), "contracts",
           market.listedOptionCount(), "about 20k");
    report("construct_ms", constructMs, "ms", 1, "", false);
    std::uint64_t bars = 0;
    for (const auto &h : history.symbols)
        bars += h.daily.size() + h.minuteBars.size();
    report("history_ms", historyMs, "ms", bars,
           "< 2000 ms (2 years daily + 20 sessions of minutes)", false);
    return 0;
}

} // namespace mag7::cli
