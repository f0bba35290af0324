// `mag7 bench replay`: a recording of the simulated market (09:30-11:30 ET with every option the
// recorder keeps; five minutes in --smoke) played back through the replay feed.
//   read     sequential replay as fast as it can be read, ticks/s (goal >= 20M/s); baseline: the
//            archive's generic per-tick visitor (TickArchive::read), which maps each tick to its
//            instrument record.
//   speed    the replay through the desk's market state (quotes, option statistics, 1-minute
//            bars, VWAP: what every panel reads), in multiples of real time (goal >= 100x).
//   jump     jump to a random instant with the full state of every instrument (goal <= 100 ms);
//            baseline: the naive scan that folds every tick from the start of the day.
#include "bench.h"
#include "benchreport.h"
#include "engine/marketstate.h"
#include "engine/recordeduniverse.h"
#include "engine/replayfeed.h"
#include "marketdata/simulatedmarket.h"
#include "marketdata/universeconfig.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "model/marketclock.h"
#include "storage/tickstore.h"

#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <random>

namespace mag7::cli {

namespace {

class CountingSink final : public engine::TickSink {
public:
    void onTicks(std::shared_ptr<const TickBatch> batch) override { ticks += batch->size(); }
    std::uint64_t ticks = 0;
};

class StateSink final : public engine::TickSink {
public:
    explicit StateSink(engine::MarketState &state)
        : m_state(state)
    {}
    void onTicks(std::shared_ptr<const TickBatch> batch) override
    {
        m_state.apply(*batch);
        ticks += batch->size();
    }
    std::uint64_t ticks = 0;

private:
    engine::MarketState &m_state;
};

Status record(const std::filesystem::path &root, Timestamp from, Timestamp to)
{
    InstrumentRegistry registry;
    marketdata::SimulatedMarket market(marketdata::defaultUniverseConfig(), registry, {3, from});
    storage::WriterOptions options;
    options.directory = root / "ticks";
    auto writer = storage::TickWriter::open(registry, options);
    if (!writer)
        return Error{writer.message()};
    TickBatch batch;
    while (market.time() < to) {
        batch.clear();
        market.advanceTo(std::min(to, market.time() + kNanosPerSecond), batch);
        if (Status s = writer.value()->append(batch); !s)
            return s;
        if (Status s = writer.value()->commit(); !s)
            return s;
    }
    return writer.value()->close();
}

} // namespace

int benchReplay(const QStringList &arguments)
{
    const QString command = arguments.value(0, QStringLiteral("mag7 bench replay"));
    bool smoke = false;
    int exitCode = 0;
    if (!parseSmokeOnly(arguments, smoke, exitCode))
        return exitCode;
    QTemporaryDir dir;
    if (!dir.isValid())
        return benchUsage(command, QStringLiteral("cannot create a temporary directory"));
    const std::filesystem::path root = dir.path().toStdString();
    const Date day = makeDate(2025, 1, 15);
    const Timestamp from = fromEastern(day, timeOfDay(9, 30));
    const Timestamp to = from + (smoke ? 5 : 120) * kNanosPerMinute;
    std::fprintf(stderr, "recording %s to %s of the simulated market...\n",
                 formatEasternIso(from).c_str(), formatEasternIso(to).c_str());
    if (Status recorded = record(root, from, to); !recorded)
        return benchUsage(command, QString::fromStdString(recorded.message()));
    auto loaded = engine::loadRecordedUniverse(root, from, to);
    if (!loaded)
        return benchUsage(command, QString::fromStdString(loaded.message()));
    const engine::RecordedUniverse &universe = loaded.value();
    const int repetitions = smoke ? 1 : 3;

    // Sequential read: the replay feed as fast as it reads vs the archive's per-tick visitor.
    double best = 0;
    std::uint64_t ticks = 0;
    for (int r = 0; r < repetitions; ++r) {
        auto feed = engine::ReplayFeed::open(universe, from, to);
        // The day file is opened once per replay session: a seek to the start opens it.
        if (!feed || !feed.value()->seek(from))
            return benchUsage(command, QStringLiteral("replay failed"));
        CountingSink sink;
        Stopwatch watch;
        if (!feed.value()->pumpUntil(to, sink))
            return benchUsage(command, QStringLiteral("replay failed"));
        best = std::max(best, static_cast<double>(sink.ticks) / watch.elapsedSeconds());
        ticks = sink.ticks;
    }
    double baselineRate = 0;
    for (int r = 0; r < repetitions; ++r) {
        std::uint64_t visited = 0;
        Stopwatch watch;
        const Status read = universe.archive->read(
            from, to, {}, [&](const Tick &, const storage::InstrumentRecord &) {
                ++visited;
                return true;
            });
        if (!read)
            return benchUsage(command, QString::fromStdString(read.message()));
        baselineRate =
            std::max(baselineRate, static_cast<double>(visited) / watch.elapsedSeconds());
    }
    BenchCase sequential;
    sequential.name = "replay.sequential_read";
    sequential.ours = best;
    sequential.baseline = baselineRate;
    sequential.unit = "ticks/s";
    sequential.n = ticks;
    sequential.higherIsBetter = true;
    sequential.goal = ">= 20M ticks/s";
    sequential.baselineName = "TickArchive::read per-tick visitor";
    printBenchCase(sequential);

    // Replay speed through the market state.
    engine::MarketState state(*universe.registry, universe.reference);
    StateSink stateSink(state);
    auto feed = engine::ReplayFeed::open(universe, from, to);
    if (!feed)
        return benchUsage(command, QString::fromStdString(feed.message()));
    Stopwatch stateWatch;
    if (!feed.value()->pumpUntil(to, stateSink))
        return benchUsage(command, QStringLiteral("replay failed"));
    const double wall = stateWatch.elapsedSeconds();
    const double virtualSeconds = static_cast<double>(to - from) / 1e9;
    BenchCase speed;
    speed.name = "replay.speed_through_market_state";
    speed.ours = virtualSeconds / wall;
    speed.baseline = 1.0;
    speed.unit = "x real time";
    speed.n = stateSink.ticks;
    speed.higherIsBetter = true;
    speed.goal = ">= 100x real time with every panel's state live";
    speed.baselineName = "real time";
    printBenchCase(speed);

    // Jump to time with the full state vs folding every tick from the start of the day.
    std::mt19937_64 random(15);
    std::uniform_int_distribution<Timestamp> instant(from, to - 1);
    const Timestamp dayBegins = calendar::tradingDayWindow(day).begins;
    double jumpMs = 0;
    double naiveMs = 0;
    const int jumps = smoke ? 3 : 20;
    for (int j = 0; j < jumps; ++j) {
        const Timestamp t = instant(random);
        Stopwatch watch;
        auto jumped = feed.value()->seek(t);
        if (!jumped)
            return benchUsage(command, QString::fromStdString(jumped.message()));
        jumpMs = std::max(jumpMs, watch.elapsedSeconds() * 1e3);
        watch.restart();
        std::vector<QuoteState> folded(universe.registry->size());
        const Status read = universe.archive->read(
            dayBegins, t, {}, [&](const Tick &tick, const storage::InstrumentRecord &record) {
                const InstrumentId id = universe.idOf(record);
                if (id < folded.size())
                    folded[id].apply(tick);
                return true;
            });
        if (!read)
            return benchUsage(command, QString::fromStdString(read.message()));
        naiveMs = std::max(naiveMs, watch.elapsedSeconds() * 1e3);
    }
    BenchCase jump;
    jump.name = "replay.jump_to_time";
    jump.ours = jumpMs;
    jump.baseline = naiveMs;
    jump.unit = "ms (slowest of " + std::to_string(jumps) + ")";
    jump.n = universe.registry->size();
    jump.higherIsBetter = false;
    jump.goal = "<= 100 ms with the state of every instrument";
    jump.baselineName = "fold every tick from the start of the day";
    printBenchCase(jump);
    return 0;
}

} // namespace mag7::cli
