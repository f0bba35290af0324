// `mag7 bench replay`: a recording of the simulated market (09:30-11:30 ET with every option the
// recorder keeps; five minutes in --smoke) played back through the replay feed.
//   read     sequential replay as fast as it can be read, ticks/s (goal >= 20M/s); baseline: the
//            archive's generic per-tick visitor (TickArchive::read), which maps each tick to its
//            instrument record.
//   speed    the replay through the desk's market state (quotes, option statistics, 1-minute
//            bars, VWAP: what every panel reads), in multiples of real time (goal >= 100x).
//   jump     jump to a random instant with the full state of every instrument (goal <= 100 ms);
//            baseline: the naive scan that folds every tick from the start of the day.
//   desk jump  the desk's jump with its full state: the quotes of every instrument, the market
//            state restored from the jump checkpoints (day statistics, 1-minute bars, VWAP,
//            option volume) and every chain recomputed (IV, Greeks, smiles, GEX) (goal <= 100
//            ms); baseline: playing the range from its start to the instant through the market
//            state, then the same chains. Each jump is checked against that baseline's state.
//            The preparation of the checkpoints (once per replayed range, in the background)
//            is reported beside it.
#include "bench.h"
#include "benchreport.h"
#include "engine/chainanalytics.h"
#include "engine/marketstate.h"
#include "engine/recordeduniverse.h"
#include "engine/replayfeed.h"
#include "engine/replayindex.h"
#include "engine/simulatedworld.h"
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

// Every chain of `state` at `asOf` with its smiles and GEX on the desk's chain workers, as the
// desk recomputes them after a jump; returns how many contracts were priced.
std::size_t buildEveryChain(const engine::MarketState &state, Timestamp asOf)
{
    engine::ChainAnalytics analytics; // fresh: every chain is a full build
    analytics.start();
    std::size_t contracts = 0;
    for (const engine::QuoteRow &row : state.rows()) {
        if (!row.hasOptions)
            continue;
        engine::ChainInput input = state.chainInput(row.id, asOf);
        contracts += input.contracts.size();
        analytics.submit(std::move(input));
    }
    analytics.waitIdle();
    return contracts;
}

// What a jump must reproduce: every quote, the rows' quotes and day statistics, the bars so far
// and the option volumes. Empty when equal, else the first difference.
std::string firstDifference(engine::MarketState &jumped, engine::MarketState &played,
                            std::size_t instruments)
{
    for (std::size_t id = 0; id < instruments; ++id) {
        const auto *a = jumped.quote(static_cast<InstrumentId>(id));
        const auto *b = played.quote(static_cast<InstrumentId>(id));
        if ((a ? *a : QuoteState{}) != (b ? *b : QuoteState{}))
            return "quote of instrument " + std::to_string(id);
    }
    for (std::size_t row = 0; row < jumped.rows().size(); ++row) {
        const engine::QuoteRow &a = jumped.rows()[row];
        const engine::QuoteRow &b = played.rows()[row];
        const auto same = [](double x, double y) { return x == y || (x != x && y != y); };
        if (a.bid != b.bid || a.ask != b.ask || a.last != b.last || a.volume != b.volume ||
            !same(a.open, b.open) || !same(a.high, b.high) || !same(a.low, b.low) ||
            a.updated != b.updated)
            return "quote board row " + a.symbol;
        if (jumped.completedBars(row)->bars != played.completedBars(row)->bars)
            return "1-minute bars of " + a.symbol;
    }
    if (jumped.optionVolumes() != played.optionVolumes())
        return "option volumes";
    return {};
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
    if (Status recorded = engine::recordSimulatedMarket(root, 3, from, to); !recorded)
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
    engine::MarketStateSink stateSink(state);
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
    speed.n = stateSink.ticks();
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

    // The desk's jump with its full state vs playing the range to the instant.
    Stopwatch prepareWatch;
    auto index = engine::ReplayIndex::build(universe, universe.reference, from, to);
    if (!index)
        return benchUsage(command, QString::fromStdString(index.message()));
    BenchCase prepare;
    prepare.name = "replay.jump_preparation";
    prepare.ours = prepareWatch.elapsedSeconds();
    prepare.unit = "s (background, once per replayed range)";
    prepare.n = index.value()->ticksPlayed();
    prepare.higherIsBetter = false;
    prepare.goal = "ready well before the first jump (the desk plays from the start until then)";
    printBenchCase(prepare);
    double deskMs = 0;
    double playMs = 0;
    std::size_t contracts = 0;
    const int deskJumps = smoke ? 3 : 10;
    for (int j = 0; j < deskJumps; ++j) {
        const Timestamp t = instant(random);
        Stopwatch watch;
        engine::MarketState jumped(*universe.registry, universe.reference);
        if (auto restored = index.value()->jump(jumped, *feed.value(), t); !restored)
            return benchUsage(command, QString::fromStdString(restored.message()));
        contracts = buildEveryChain(jumped, t);
        deskMs = std::max(deskMs, watch.elapsedSeconds() * 1e3);

        watch.restart();
        engine::MarketState played(*universe.registry, universe.reference);
        auto seeded = feed.value()->seek(from);
        if (!seeded)
            return benchUsage(command, QString::fromStdString(seeded.message()));
        played.seedQuotes(seeded.value());
        engine::MarketStateSink playedSink(played);
        if (!feed.value()->pumpUntil(t, playedSink))
            return benchUsage(command, QStringLiteral("replay failed"));
        (void)buildEveryChain(played, t);
        playMs = std::max(playMs, watch.elapsedSeconds() * 1e3);
        if (const std::string difference =
                firstDifference(jumped, played, universe.registry->size());
            !difference.empty()) {
            std::fprintf(stderr, "%s: the jump to %s differs from playing to it: %s\n",
                         command.toStdString().c_str(), formatEasternIso(t).c_str(),
                         difference.c_str());
            return 1;
        }
    }
    BenchCase desk;
    desk.name = "replay.desk_jump_full_state";
    desk.ours = deskMs;
    desk.baseline = playMs;
    desk.unit = "ms (slowest of " + std::to_string(deskJumps) + ")";
    desk.n = contracts;
    desk.higherIsBetter = false;
    desk.goal = "<= 100 ms: every quote, day statistics, bars, option volume and every chain";
    desk.baselineName = "play the range from its start to the instant, then the same chains";
    printBenchCase(desk);
    return 0;
}

} // namespace mag7::cli
