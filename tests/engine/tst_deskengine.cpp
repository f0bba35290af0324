// The running desk end to end: feed, engine and storage threads on the simulated market.
#include "engine/deskengine.h"
#include "engine/recordeduniverse.h"
#include "model/easterntime.h"
#include "storage/tickstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <thread>

using namespace mag7;
using namespace mag7::engine;

namespace {
std::shared_ptr<const DeskSnapshot>
waitFor(DeskEngine &engine, const std::function<bool(const DeskSnapshot &)> &done, int timeoutMs)
{
    Stopwatch watch;
    while (watch.elapsedMillis() < timeoutMs) {
        auto snapshot = engine.snapshot();
        if (snapshot && done(*snapshot))
            return snapshot;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return engine.snapshot();
}
} // namespace

class TestDeskEngine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultStartIsALiveSession();
    void quotesTheWholeUniverseAndRecords();
    void unusableDataDirectoryIsAClearError();
    void restartResumesTheRecording();
    void anotherWorldIsNotMixedIn();
    void replaysARecordedDay();
    void jumpsRestoreTheStatePlayedToTheInstant();
};

void TestDeskEngine::defaultStartIsALiveSession()
{
    // Regular hours: now.
    const Timestamp monday = *parseIsoTimestamp("2025-01-13T11:00");
    QCOMPARE(defaultSimulationStart(monday), monday);
    // Saturday: Friday's open.
    QCOMPARE(defaultSimulationStart(*parseIsoTimestamp("2025-01-18T12:00")),
             *parseIsoTimestamp("2025-01-17T09:30"));
    // Monday 02:00: the previous Friday's open.
    QCOMPARE(defaultSimulationStart(*parseIsoTimestamp("2025-01-13T02:00")),
             *parseIsoTimestamp("2025-01-10T09:30"));
    // Holiday (MLK): the Friday before.
    QCOMPARE(defaultSimulationStart(*parseIsoTimestamp("2025-01-20T10:00")),
             *parseIsoTimestamp("2025-01-17T09:30"));
    // Pre-market is a live session for stocks.
    const Timestamp pre = *parseIsoTimestamp("2025-01-13T07:00");
    QCOMPARE(defaultSimulationStart(pre), pre);
}

void TestDeskEngine::quotesTheWholeUniverseAndRecords()
{
    QTemporaryDir dir;
    DeskOptions options;
    options.dataDirectory = dir.path().toStdString();
    options.seed = 3;
    options.start = *parseIsoTimestamp("2025-01-13T09:45");
    options.speed = 20.0;
    WallClock wall;
    DeskEngine engine(options, wall);
    const Status started = engine.start();
    QVERIFY2(started.ok(), started.message().c_str());

    auto snapshot = waitFor(
        engine,
        [](const DeskSnapshot &s) {
            if (s.quotes.empty() || !s.historyReady || s.feed.state != FeedState::Live)
                return false;
            for (const QuoteRow &row : s.quotes) {
                const bool quoted = row.kind == InstrumentKind::Index
                                        ? row.last > 0
                                        : row.bid > 0 && row.ask > row.bid;
                if (!quoted)
                    return false;
                if (row.hasOptions && !std::isfinite(row.atmIv))
                    return false;
            }
            return s.recording.recording && s.recording.bytesOnDisk > 0;
        },
        60000);
    QVERIFY(snapshot);
    QVERIFY2(snapshot->quotes.size() >= 12, "the universe has at least 12 quoted instruments");
    QCOMPARE(snapshot->feed.state, FeedState::Live);
    QVERIFY(snapshot->historyReady);
    QVERIFY(snapshot->recording.recording);
    QVERIFY(snapshot->totalTicks > 0);
    for (const QuoteRow &row : snapshot->quotes) {
        const QString what = QString::fromStdString(row.symbol);
        QVERIFY2(std::isfinite(row.previousClose), qPrintable(what + " has a previous close"));
        if (row.kind == InstrumentKind::Index)
            continue;
        QVERIFY2(row.bid > 0 && row.ask > row.bid, qPrintable(what + " quoted"));
    }
    const QuoteRow *spy = nullptr;
    for (const QuoteRow &row : snapshot->quotes) {
        if (row.symbol == "SPY")
            spy = &row;
    }
    QVERIFY(spy);
    QVERIFY2(spy->atmIv > 0.05 && spy->atmIv < 0.6, qPrintable(QString::number(spy->atmIv)));
    QVERIFY(std::isfinite(spy->ivRank) && spy->ivRank >= 0 && spy->ivRank <= 100);
    QVERIFY(std::isfinite(spy->relativeVolume));
    QVERIFY(snapshot->marketTime > *options.start);

    // The day so far (from 18:00 ET the evening before to 09:45) went through the playbooks:
    // every playbook is listed with its parameters, every underlying has a state in the ones
    // that trade it, and every signal is explained.
    QVERIFY(snapshot->signalBoard);
    const SignalBoard &board = *snapshot->signalBoard;
    QCOMPARE(board.playbooks.size(), signals::builtInPlaybooks().size());
    for (const auto &playbook : board.playbooks)
        QVERIFY(!playbook.parameters.empty());
    const auto spyOrb = std::find_if(board.states.begin(), board.states.end(), [](const auto &s) {
        return s.playbook == "ny-orb" && s.symbol == "SPY";
    });
    QVERIFY(spyOrb != board.states.end());
    QVERIFY(std::none_of(board.states.begin(), board.states.end(), [](const auto &s) {
        return s.playbook == "london-orb" && s.symbol == "SPY"; // futures only
    }));
    for (const signals::Signal &signal : board.signals) {
        QVERIFY(!signal.reason.empty());
        QVERIFY(signal.time <= snapshot->marketTime + kNanosPerMinute);
    }

    engine.stop();
    QVERIFY(!engine.isRunning());
    // The day file holds what the engine saw, and opens cleanly after stop.
    auto reader =
        storage::TickDayReader::open(options.dataDirectory / "ticks" / "2025-01-13.sqlite");
    QVERIFY2(reader.ok(), reader.ok() ? "" : reader.message().c_str());
    QVERIFY(reader.value()->tickCount() > 0);
    QVERIFY(reader.value()->fileIdOf("SPY").has_value());
}

void TestDeskEngine::unusableDataDirectoryIsAClearError()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("not-a-directory"));
    QFile blocker(file);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    DeskOptions options;
    options.dataDirectory = (file + QStringLiteral("/data")).toStdString();
    WallClock wall;
    DeskEngine engine(options, wall);
    const Status started = engine.start();
    QVERIFY(!started.ok());
    QVERIFY2(QString::fromStdString(started.message()).contains(QStringLiteral("data directory")),
             started.message().c_str());
}

namespace {
DeskOptions resumeOptions(const QTemporaryDir &dir, std::uint64_t seed)
{
    DeskOptions options;
    options.dataDirectory = dir.path().toStdString();
    options.seed = seed;
    options.start = *parseIsoTimestamp("2025-01-13T09:31");
    options.speed = 2.0;
    return options;
}

// Runs a desk until it is live and has recorded past the start, then stops it.
std::shared_ptr<const DeskSnapshot> runUntilRecorded(const DeskOptions &options)
{
    WallClock wall;
    DeskEngine engine(options, wall);
    if (!engine.start().ok())
        return nullptr;
    auto snapshot = waitFor(
        engine,
        [&](const DeskSnapshot &s) {
            return (s.feed.state == FeedState::Live && s.recording.ticksWritten > 0 &&
                    s.marketTime > *options.start + 2 * kNanosPerSecond) ||
                   !s.recording.error.empty();
        },
        60000);
    engine.stop();
    return snapshot;
}
} // namespace

void TestDeskEngine::restartResumesTheRecording()
{
    QTemporaryDir dir;
    const auto first = runUntilRecorded(resumeOptions(dir, 5));
    QVERIFY(first && first->recording.error.empty());
    const auto path =
        std::filesystem::path(dir.path().toStdString()) / "ticks" / "2025-01-13.sqlite";
    std::uint64_t firstCount = 0;
    Timestamp firstEnd = 0;
    {
        auto reader = storage::TickDayReader::open(path);
        QVERIFY(reader.ok());
        firstCount = reader.value()->tickCount();
        firstEnd = reader.value()->lastTs();
    }
    QVERIFY(firstCount > 0);

    // The same world again: it replays the same ticks, and only the new ones are recorded.
    const auto second = runUntilRecorded(resumeOptions(dir, 5));
    QVERIFY(second && second->recording.error.empty());
    auto reader = storage::TickDayReader::open(path);
    QVERIFY(reader.ok());
    QVERIFY(reader.value()->lastTs() > firstEnd);
    std::uint64_t upToFirstEnd = 0;
    Timestamp previous = 0;
    bool ordered = true;
    const Status read =
        reader.value()->read(0, reader.value()->lastTs() + 1, {}, [&](std::span<const Tick> ticks) {
            for (const Tick &tick : ticks) {
                ordered = ordered && tick.ts >= previous;
                previous = tick.ts;
                upToFirstEnd += tick.ts <= firstEnd ? 1 : 0;
            }
            return true;
        });
    QVERIFY2(read.ok(), read.message().c_str());
    QVERIFY(ordered);
    QCOMPARE(upToFirstEnd, firstCount); // nothing written twice
}

void TestDeskEngine::anotherWorldIsNotMixedIn()
{
    QTemporaryDir dir;
    QVERIFY(runUntilRecorded(resumeOptions(dir, 5)));
    const auto other = runUntilRecorded(resumeOptions(dir, 6));
    QVERIFY(other);
    QVERIFY2(!other->recording.error.empty(), "a different seed must not append to the day file");
    QVERIFY2(QString::fromStdString(other->recording.error).contains(QStringLiteral("seed=5")),
             other->recording.error.c_str());
}

namespace {
// Every quote board row with a recorded quote shows the recording's state after every tick with
// ts <= `at` (bid and ask); at least ten rows are compared.
void compareWithRecording(const DeskSnapshot &snapshot, const storage::TickDayReader &reader,
                          Timestamp at)
{
    auto state = reader.stateAt(at);
    QVERIFY(state.ok());
    int compared = 0;
    for (const QuoteRow &row : snapshot.quotes) {
        const auto fileId = reader.fileIdOf(row.symbol);
        QVERIFY2(fileId.has_value(), row.symbol.c_str());
        const QuoteState &last = state.value()[*fileId];
        if (!last.hasQuote())
            continue;
        QCOMPARE(row.bid, last.bid);
        QCOMPARE(row.ask, last.ask);
        ++compared;
    }
    QVERIFY2(compared >= 10, qPrintable(QStringLiteral("%1 rows compared at %2, %3 rows")
                                            .arg(compared)
                                            .arg(QString::fromStdString(formatEasternIso(at)))
                                            .arg(snapshot.quotes.size())));
}
} // namespace

// A recorded day played back through the desk: the feed says REPLAY with its range, nothing is
// recorded, the clock opens where asked (everything before it is caught up), and at the end of
// the range every quote board row shows the recording's last quote.
void TestDeskEngine::replaysARecordedDay()
{
    QTemporaryDir dir;
    auto recorded = runUntilRecorded(resumeOptions(dir, 5));
    QVERIFY(recorded);
    const Date day = makeDate(2025, 1, 13);
    auto span = recordedDaySpan(dir.path().toStdString(), day);
    QVERIFY2(span.ok(), span.ok() ? "" : span.message().c_str());
    const auto file =
        std::filesystem::path(dir.path().toStdString()) / "ticks" / "2025-01-13.sqlite";
    const auto sizeBefore = std::filesystem::file_size(file);

    DeskOptions options;
    options.dataDirectory = dir.path().toStdString();
    options.replay = ReplayRange{span->from, span->to};
    options.start = span->to - 20 * kNanosPerSecond;
    options.speed = 10.0;
    WallClock wall;
    DeskEngine engine(options, wall);
    const Status started = engine.start();
    QVERIFY2(started.ok(), started.message().c_str());
    auto snapshot = waitFor(
        engine, [](const DeskSnapshot &s) { return s.feed.state == FeedState::Stopped; }, 120000);
    QVERIFY(snapshot);
    QCOMPARE(snapshot->feed.state, FeedState::Stopped);
    QVERIFY(snapshot->feed.replay);
    QVERIFY(!snapshot->feed.simulated);
    QCOMPARE(snapshot->feed.source, std::string("Replay 2025-01-13"));
    QCOMPARE(snapshot->feed.replayFrom, span->from);
    QCOMPARE(snapshot->feed.replayTo, span->to);
    QCOMPARE(snapshot->feed.replayPosition, span->to);
    QCOMPARE(snapshot->marketTime, span->to);
    QVERIFY(!snapshot->recording.recording);
    QCOMPARE(snapshot->recording.ticksWritten, std::uint64_t(0));

    // Every row's quote is the recording's last quote of that instrument.
    auto reader = storage::TickDayReader::open(file);
    QVERIFY(reader.ok());
    compareWithRecording(*snapshot, *reader.value(), span->to);
    if (QTest::currentTestFailed())
        return;

    // Jump back (paused): the desk's state is the recording's state at that instant.
    engine.pause();
    const Timestamp back = span->to - 5 * kNanosPerMinute - 123'456'789;
    QVERIFY(engine.jumpReplay(back).ok());
    snapshot = waitFor(
        engine,
        [&](const DeskSnapshot &s) {
            return s.feed.replayPosition == back && s.feed.state == FeedState::Paused &&
                   s.marketTime == back;
        },
        120000);
    QCOMPARE(snapshot->feed.replayPosition, back);
    compareWithRecording(*snapshot, *reader.value(), back - 1);
    if (QTest::currentTestFailed())
        return;
    // A minute step: paused at the next whole minute.
    QVERIFY(engine.stepReplay(ReplayStep::Minute).ok());
    const Timestamp minute = (back / kNanosPerMinute + 1) * kNanosPerMinute;
    snapshot = waitFor(
        engine, [&](const DeskSnapshot &s) { return s.feed.replayPosition == minute; }, 60000);
    QCOMPARE(snapshot->feed.replayPosition, minute);
    QCOMPARE(snapshot->feed.state, FeedState::Paused);
    // Forwards from there (only the skipped span is played): the recording's state again.
    const Timestamp ahead = span->to - 2 * kNanosPerMinute - 987'654'321;
    QVERIFY(engine.jumpReplay(ahead).ok());
    snapshot = waitFor(
        engine,
        [&](const DeskSnapshot &s) {
            return s.feed.replayPosition == ahead && s.feed.state == FeedState::Paused &&
                   s.marketTime == ahead;
        },
        120000);
    QCOMPARE(snapshot->feed.replayPosition, ahead);
    compareWithRecording(*snapshot, *reader.value(), ahead - 1);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!engine.jumpReplay(span->to + kNanosPerSecond).ok());
    // A tick step: paused at the next recorded tick after the position, with it applied.
    Timestamp nextTick = 0;
    const Status scanned =
        reader.value()->read(ahead, span->to, {}, [&](std::span<const Tick> ticks) {
            nextTick = ticks.front().ts;
            return false;
        });
    QVERIFY2(scanned.ok(), scanned.message().c_str());
    QVERIFY(nextTick >= ahead);
    QVERIFY(engine.stepReplay(ReplayStep::Tick).ok());
    snapshot = waitFor(
        engine, [&](const DeskSnapshot &s) { return s.marketTime == nextTick; }, 60000);
    QCOMPARE(snapshot->marketTime, nextTick);
    QCOMPARE(snapshot->feed.state, FeedState::Paused);
    compareWithRecording(*snapshot, *reader.value(), nextTick);
    if (QTest::currentTestFailed())
        return;
    engine.stop();
    QCOMPARE(std::filesystem::file_size(file), sizeBefore);

    // A date without a recording is refused with the file it looked for.
    auto missing = recordedDaySpan(dir.path().toStdString(), makeDate(2025, 1, 14));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.message().find("no recording of 2025-01-14") != std::string::npos,
             missing.message().c_str());
}

namespace {
bool same(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

// After a jump to `t` (paused, or stopped at the end): the first snapshot published once the engine
// applied every tick the feed delivered before `t`.
std::shared_ptr<const DeskSnapshot> settledAt(DeskEngine &engine, Timestamp t)
{
    const auto at = waitFor(
        engine,
        [&](const DeskSnapshot &s) {
            return s.feed.replayPosition == t && s.marketTime == t &&
                   (s.feed.state == FeedState::Paused || s.feed.state == FeedState::Stopped);
        },
        120000);
    if (!at || at->feed.replayPosition != t || at->marketTime != t)
        return nullptr;
    const std::uint64_t sequence = at->sequence;
    return waitFor(
        engine, [&](const DeskSnapshot &s) { return s.sequence > sequence + 1; }, 10000);
}

// Every quote board row (quote, last, previous close, day open/high/low/volume, last update) and
// every chart series (completed 1-minute bars with their VWAP, the forming bar and the session
// VWAP) of `jumped` equal `played`'s.
void compareSnapshots(const DeskSnapshot &jumped, const DeskSnapshot &played, Timestamp t)
{
    const QString at = QString::fromStdString(formatEasternIso(t));
    QCOMPARE(jumped.quotes.size(), played.quotes.size());
    for (std::size_t i = 0; i < played.quotes.size(); ++i) {
        const QuoteRow &a = jumped.quotes[i];
        const QuoteRow &b = played.quotes[i];
        const QString what = QString::fromStdString(b.symbol) + QStringLiteral(" at ") + at;
        QCOMPARE(a.symbol, b.symbol);
        QVERIFY2(a.bid == b.bid && a.ask == b.ask && a.bidSize == b.bidSize &&
                     a.askSize == b.askSize && a.last == b.last,
                 qPrintable(what + QStringLiteral(": quote")));
        QVERIFY2(same(a.open, b.open) && same(a.high, b.high) && same(a.low, b.low) &&
                     a.volume == b.volume && same(a.previousClose, b.previousClose),
                 qPrintable(what + QStringLiteral(": day statistics")));
        QVERIFY2(a.updated == b.updated, qPrintable(what + QStringLiteral(": last update")));
    }
    QCOMPARE(jumped.charts.size(), played.charts.size());
    int bars = 0;
    for (std::size_t i = 0; i < played.charts.size(); ++i) {
        const ChartSeries &a = jumped.charts[i];
        const ChartSeries &b = played.charts[i];
        const QString what = QString::fromStdString(b.symbol) + QStringLiteral(" at ") + at;
        QVERIFY2(a.completed->bars == b.completed->bars,
                 qPrintable(what + QStringLiteral(": 1-minute bars")));
        QVERIFY2(std::equal(a.completed->vwap.begin(), a.completed->vwap.end(),
                            b.completed->vwap.begin(), b.completed->vwap.end(), same),
                 qPrintable(what + QStringLiteral(": bar VWAP")));
        QVERIFY2(a.hasForming == b.hasForming && (!b.hasForming || a.forming == b.forming) &&
                     same(a.formingVwap, b.formingVwap),
                 qPrintable(what + QStringLiteral(": forming bar and session VWAP")));
        bars += static_cast<int>(b.completed->bars.size());
    }
    QVERIFY2(bars > 0, qPrintable(at + QStringLiteral(": no bars to compare")));
}

// Every chain's contracts show the recording's quote and the day's volume before `t`: how many
// contracts, or -1 (`problem` says which differs).
int chainsMatchRecording(const DeskSnapshot &snapshot, const storage::TickDayReader &reader,
                         Timestamp t, QString &problem)
{
    auto state = reader.stateAt(t - 1);
    if (!state.ok()) {
        problem = QString::fromStdString(state.message());
        return -1;
    }
    std::vector<std::int64_t> volume(state.value().size(), 0);
    const Status read = reader.read(0, t, {}, [&](std::span<const Tick> ticks) {
        for (const Tick &tick : ticks) {
            if (tick.isTrade() && tick.instrument < volume.size())
                volume[tick.instrument] += tick.size();
        }
        return true;
    });
    if (!read.ok()) {
        problem = QString::fromStdString(read.message());
        return -1;
    }
    int contracts = 0;
    for (const auto &chain : snapshot.chains) {
        for (const OptionRow &option : chain->options) {
            const auto fileId = reader.fileIdOf(option.instrument->symbol);
            const QuoteState recorded = fileId ? state.value()[*fileId] : QuoteState{};
            const std::int64_t traded = fileId ? volume[*fileId] : 0;
            if (option.bid != recorded.bid || option.ask != recorded.ask ||
                option.last != recorded.last || option.volume != traded) {
                problem = QString::fromStdString(option.instrument->symbol + " in the chain at " +
                                                 formatEasternIso(chain->asOf));
                return -1;
            }
            ++contracts;
        }
    }
    return contracts;
}
} // namespace

// Jumps backwards and forwards across the night, the pre-market and the regular open: once the
// jumps are prepared, the quote board, the day statistics, the bars so far and the chains are
// exactly those of a desk that played the recording from its start to the same instant (one
// that never prepares jumps, played forwards only), and the signal board says which span the
// playbooks skipped.
void TestDeskEngine::jumpsRestoreTheStatePlayedToTheInstant()
{
    QTemporaryDir dir;
    QVERIFY(runUntilRecorded(resumeOptions(dir, 5)));
    const Date day = makeDate(2025, 1, 13);
    auto span = recordedDaySpan(dir.path().toStdString(), day);
    QVERIFY2(span.ok(), span.ok() ? "" : span.message().c_str());
    auto reader = storage::TickDayReader::open(std::filesystem::path(dir.path().toStdString()) /
                                               "ticks" / "2025-01-13.sqlite");
    QVERIFY(reader.ok());

    DeskOptions options;
    options.dataDirectory = dir.path().toStdString();
    options.replay = ReplayRange{span->from, span->to};
    options.replayPlaying = false;
    WallClock wall;
    DeskEngine jumping(options, wall);
    options.prepareReplayJumps = false;
    DeskEngine playing(options, wall);
    QVERIFY(jumping.start().ok());
    QVERIFY(playing.start().ok());
    auto ready = waitFor(
        jumping, [](const DeskSnapshot &s) { return s.feed.replayJumpsReady && s.historyReady; },
        120000);
    QVERIFY(ready->feed.replayJumpsReady);
    QVERIFY(waitFor(
                playing, [](const DeskSnapshot &s) { return s.historyReady; }, 120000)
                ->historyReady);
    QVERIFY(!playing.snapshot()->feed.replayJumpsReady);

    const Timestamp open = fromEastern(day, timeOfDay(9, 30));
    const std::vector<Timestamp> targets = {
        span->to - 700'000'000,                                   // forwards from the start
        open - 1'000'000,                                         // backwards, just before the open
        open + 30 * kNanosPerSecond,                              // 30 s forwards: played
        fromEastern(day, timeOfDay(4, 0)) + 500'000'000,          // backwards, pre-market
        span->from + 150 * kNanosPerMinute + 7 * kNanosPerSecond, // backwards, overnight
        open + 5 * kNanosPerSecond,                               // forwards across the morning
        open,                                                     // backwards to the open itself
        span->to,                                                 // the end
    };
    // The desk that plays: forwards through the targets in time order.
    std::vector<Timestamp> sorted = targets;
    std::sort(sorted.begin(), sorted.end());
    std::map<Timestamp, std::shared_ptr<const DeskSnapshot>> played;
    for (const Timestamp t : sorted) {
        QVERIFY(playing.jumpReplay(t).ok());
        played[t] = settledAt(playing, t);
        QVERIFY2(played[t], qPrintable(QString::fromStdString(formatEasternIso(t))));
    }
    // The desk that jumps, in the targets' order.
    Timestamp position = jumping.snapshot()->feed.replayPosition; // the paused clock's start
    for (const Timestamp t : targets) {
        const QString at = QString::fromStdString(formatEasternIso(t));
        QVERIFY(jumping.jumpReplay(t).ok());
        const auto jumped = settledAt(jumping, t);
        QVERIFY2(jumped, qPrintable(at));
        compareSnapshots(*jumped, *played[t], t);
        if (QTest::currentTestFailed())
            return;
        compareWithRecording(*jumped, *reader.value(), t - 1);
        if (QTest::currentTestFailed())
            return;
        QString problem;
        const auto chains = waitFor(
            jumping,
            [&](const DeskSnapshot &s) {
                return chainsMatchRecording(s, *reader.value(), t, problem) > 0;
            },
            30000);
        QVERIFY2(chainsMatchRecording(*chains, *reader.value(), t, problem) > 0,
                 qPrintable(at + QStringLiteral(": ") + problem));
        // The playbooks restart on the bars so far (each underlying has its state again), and a
        // restoring jump forwards reports the span whose signals were not evaluated.
        const auto warmed = waitFor(
            jumping, [](const DeskSnapshot &s) { return !s.signalBoard->states.empty(); }, 10000);
        QVERIFY2(!warmed->signalBoard->states.empty(), qPrintable(at));
        const SignalBoard &board = *jumping.snapshot()->signalBoard;
        const bool restoredForwards = t > position + kNanosPerMinute;
        if (restoredForwards) {
            QCOMPARE(board.unevaluatedTo, t);
            QVERIFY2(board.unevaluatedFrom <= position,
                     qPrintable(QString::fromStdString(formatEasternIso(board.unevaluatedFrom) +
                                                       " after " + formatEasternIso(position))));
        }
        QVERIFY(board.unevaluatedTo <= t);
        // No signal fired on the restored bars: only those earlier play fired before the jump.
        for (const signals::Signal &signal : board.signals)
            QVERIFY2(signal.time <= (restoredForwards ? position : t), qPrintable(at));
        position = t;
    }
    jumping.stop();
    playing.stop();
}

QTEST_GUILESS_MAIN(TestDeskEngine)
#include "tst_deskengine.moc"
