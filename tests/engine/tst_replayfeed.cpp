// ReplayFeed over a real recording of the simulated market (09:28-09:36 ET, options included,
// written by the TickWriter with its snapshots): pumping delivers exactly the recorded ticks in
// order with registry ids; a VirtualClock paces it (speed 1x and 10x against a manual wall clock,
// pause holds it); steps by tick / second / minute; and the state after a jump (snapshots plus
// the ticks after them) equals the state reached by playing from the start, for every
// instrument, at many random instants, forwards and backwards.
#include "engine/recordeduniverse.h"
#include "engine/replayfeed.h"
#include "engine/simulatedworld.h"
#include "model/easterntime.h"

#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace mag7;
using namespace mag7::engine;

namespace {

class CollectingSink final : public TickSink {
public:
    void onTicks(std::shared_ptr<const TickBatch> batch) override
    {
        ticks.insert(ticks.end(), batch->begin(), batch->end());
    }
    TickBatch ticks;
};

// Folds ticks into the state of every instrument, as a consumer playing from the start would.
void fold(std::vector<QuoteState> &state, const TickBatch &ticks)
{
    for (const Tick &tick : ticks) {
        if (tick.instrument >= state.size())
            state.resize(tick.instrument + 1);
        state[tick.instrument].apply(tick);
    }
}

} // namespace

class TestReplayFeed : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pumpsTheRecordingInOrder();
    void pacedBySpeedAndPause();
    void steps();
    void jumpEqualsPlayingFromTheStart();
    void symbolFilterAndErrors();
    void runsOnItsThread();

private:
    QTemporaryDir m_dir;
    Timestamp m_from = 0;
    Timestamp m_to = 0;
    std::unique_ptr<RecordedUniverse> m_universe;
    TickBatch m_recorded; // everything the reader returns, with registry ids
};

void TestReplayFeed::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const std::filesystem::path root = m_dir.path().toStdString();
    m_from = fromEastern(makeDate(2025, 1, 13), timeOfDay(9, 28));
    m_to = fromEastern(makeDate(2025, 1, 13), timeOfDay(9, 36));
    const Status recorded = recordSimulatedMarket(root, 7, m_from, m_to);
    QVERIFY2(recorded.ok(), recorded.message().c_str());
    auto universe = loadRecordedUniverse(root, m_from, m_to);
    QVERIFY2(universe.ok(), universe.ok() ? "" : universe.message().c_str());
    m_universe = std::make_unique<RecordedUniverse>(std::move(universe).value());
    QVERIFY(m_universe->hasUnderlying("SPY"));
    QVERIFY(m_universe->registry->size() > 1000); // options recorded too

    // The reference: the archive's own time-ordered read, mapped to registry ids.
    const Status read = m_universe->archive->read(
        m_from, m_to, {}, [&](const Tick &tick, const storage::InstrumentRecord &record) {
            Tick mapped = tick;
            mapped.instrument = m_universe->idOf(record);
            m_recorded.push_back(mapped);
            return true;
        });
    QVERIFY(read.ok());
    QVERIFY(m_recorded.size() > 10000);
}

void TestReplayFeed::pumpsTheRecordingInOrder()
{
    auto feed = ReplayFeed::open(*m_universe, m_from, m_to);
    QVERIFY(feed.ok());
    CollectingSink sink;
    // In uneven pieces: the concatenation is the recording, nothing twice, nothing lost.
    const Timestamp cuts[] = {m_from + 1,
                              m_from + 777'000'000,
                              m_from + 61 * kNanosPerSecond,
                              m_from + 61 * kNanosPerSecond,
                              m_to - 1,
                              m_to + kNanosPerMinute};
    std::uint64_t delivered = 0;
    for (const Timestamp cut : cuts) {
        auto n = feed.value()->pumpUntil(cut, sink);
        QVERIFY(n.ok());
        delivered += n.value();
        QCOMPARE(feed.value()->position(), std::min(cut, m_to));
        for (const Tick &tick : sink.ticks)
            QVERIFY(tick.ts < std::min(cut, m_to));
    }
    QCOMPARE(delivered, std::uint64_t(m_recorded.size()));
    QCOMPARE(sink.ticks.size(), m_recorded.size());
    QVERIFY(sink.ticks == m_recorded);
    QVERIFY(feed.value()->finished());
    QCOMPARE(feed.value()->ticksDelivered(), std::uint64_t(m_recorded.size()));
}

void TestReplayFeed::pacedBySpeedAndPause()
{
    for (const double speed : {1.0, 10.0}) {
        ManualClock wall(1'000 * kNanosPerSecond);
        VirtualClock clock(wall, m_from, speed);
        auto feed = ReplayFeed::open(*m_universe, m_from, m_to);
        QVERIFY(feed.ok());
        CollectingSink sink;
        // One wall second: speed x one virtual second, exactly.
        wall.advance(kNanosPerSecond);
        QVERIFY(feed.value()->pumpUntil(clock.now(), sink).ok());
        const Timestamp due = m_from + static_cast<std::int64_t>(speed * kNanosPerSecond);
        QCOMPARE(clock.now(), due);
        const auto expected = std::count_if(m_recorded.begin(), m_recorded.end(),
                                            [&](const Tick &t) { return t.ts < due; });
        QCOMPARE(std::int64_t(sink.ticks.size()), std::int64_t(expected));
        QCOMPARE(feed.value()->position(), due);

        // Paused: wall time passes, nothing more is due.
        clock.pause();
        wall.advance(5 * kNanosPerSecond);
        QVERIFY(feed.value()->pumpUntil(clock.now(), sink).ok());
        QCOMPARE(std::int64_t(sink.ticks.size()), std::int64_t(expected));
        clock.resume();
        wall.advance(kNanosPerSecond);
        QVERIFY(feed.value()->pumpUntil(clock.now(), sink).ok());
        QCOMPARE(feed.value()->position(),
                 due + static_cast<std::int64_t>(speed * kNanosPerSecond));
    }
}

void TestReplayFeed::steps()
{
    auto feed = ReplayFeed::open(*m_universe, m_from, m_to);
    QVERIFY(feed.ok());
    CollectingSink sink;
    // Tick: the first recorded tick and every tick sharing its timestamp.
    auto n = feed.value()->step(ReplayStep::Tick, sink);
    QVERIFY(n.ok());
    const Timestamp first = m_recorded.front().ts;
    const auto ties = std::count_if(m_recorded.begin(), m_recorded.end(),
                                    [&](const Tick &t) { return t.ts == first; });
    QCOMPARE(std::int64_t(n.value()), std::int64_t(ties));
    QCOMPARE(feed.value()->position(), first + 1);
    // Second: up to the next whole second.
    QVERIFY(feed.value()->step(ReplayStep::Second, sink).ok());
    QCOMPARE(feed.value()->position(), (first / kNanosPerSecond + 1) * kNanosPerSecond);
    // Minute: up to the next whole minute (one 1-minute bar).
    QVERIFY(feed.value()->step(ReplayStep::Minute, sink).ok());
    const Timestamp minute = (first / kNanosPerMinute + 1) * kNanosPerMinute;
    QCOMPARE(feed.value()->position(), minute);
    const auto before = std::count_if(m_recorded.begin(), m_recorded.end(),
                                      [&](const Tick &t) { return t.ts < minute; });
    QCOMPARE(std::int64_t(sink.ticks.size()), std::int64_t(before));
    // At the end a step does nothing.
    QVERIFY(feed.value()->pumpUntil(m_to, sink).ok());
    auto none = feed.value()->step(ReplayStep::Tick, sink);
    QVERIFY(none.ok());
    QCOMPARE(none.value(), std::uint64_t(0));
}

void TestReplayFeed::jumpEqualsPlayingFromTheStart()
{
    // The state of every instrument after playing from the start of the day file.
    const auto played = [&](Timestamp t) {
        std::vector<QuoteState> state(m_universe->registry->size());
        TickBatch before;
        const Status read = m_universe->archive->read(
            m_universe->days.empty() ? m_from
                                     : calendar::tradingDayWindow(m_universe->days.front()).begins,
            t, {}, [&](const Tick &tick, const storage::InstrumentRecord &record) {
                Tick mapped = tick;
                mapped.instrument = m_universe->idOf(record);
                before.push_back(mapped);
                return true;
            });
        [&] { QVERIFY(read.ok()); }();
        fold(state, before);
        return state;
    };
    auto feed = ReplayFeed::open(*m_universe, m_from, m_to);
    QVERIFY(feed.ok());
    std::mt19937_64 random(20250113);
    std::uniform_int_distribution<Timestamp> instant(m_from, m_to);
    std::vector<Timestamp> instants = {m_from, m_to, m_from + kNanosPerMinute,
                                       m_from + kNanosPerMinute + 1};
    for (int i = 0; i < 12; ++i)
        instants.push_back(instant(random));
    instants.push_back(m_from + 2 * kNanosPerMinute); // backwards after later ones
    for (const Timestamp t : instants) {
        auto jumped = feed.value()->seek(t);
        QVERIFY2(jumped.ok(), jumped.ok() ? "" : jumped.message().c_str());
        QCOMPARE(feed.value()->position(), t);
        const auto expected = played(t);
        QCOMPARE(jumped.value().size(), expected.size());
        for (std::size_t id = 0; id < expected.size(); ++id) {
            if (!(jumped.value()[id] == expected[id]))
                QFAIL(qPrintable(QStringLiteral("instrument %1 (%2) differs at %3")
                                     .arg(id)
                                     .arg(QString::fromStdString(
                                         m_universe->registry->get(InstrumentId(id))->symbol))
                                     .arg(QString::fromStdString(formatEasternIso(t)))));
        }
        // And the ticks after the jump continue from there: state + ticks = played further on.
        CollectingSink sink;
        const Timestamp later = std::min(m_to, t + 20 * kNanosPerSecond);
        QVERIFY(feed.value()->pumpUntil(later, sink).ok());
        auto continued = jumped.value();
        fold(continued, sink.ticks);
        continued.resize(expected.size());
        QVERIFY(continued == played(later));
    }
}

void TestReplayFeed::symbolFilterAndErrors()
{
    auto spy = ReplayFeed::open(*m_universe, m_from, m_to, {"SPY"});
    QVERIFY(spy.ok());
    CollectingSink sink;
    QVERIFY(spy.value()->pumpUntil(m_to, sink).ok());
    const InstrumentId spyId = m_universe->ids.at("SPY");
    QVERIFY(!sink.ticks.empty());
    for (const Tick &tick : sink.ticks)
        QCOMPARE(tick.instrument, spyId);
    const auto expected = std::count_if(m_recorded.begin(), m_recorded.end(),
                                        [&](const Tick &t) { return t.instrument == spyId; });
    QCOMPARE(std::int64_t(sink.ticks.size()), std::int64_t(expected));

    auto unknown = ReplayFeed::open(*m_universe, m_from, m_to, {"ZZZZ"});
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.message(), std::string("unknown symbol 'ZZZZ': not in the recording"));
    auto empty = ReplayFeed::open(*m_universe, m_to, m_from);
    QVERIFY(!empty.ok());
    QVERIFY(empty.message().find("range is empty") != std::string::npos);
    auto missing = loadRecordedUniverse(m_dir.path().toStdString(),
                                        fromEastern(makeDate(2025, 3, 3), timeOfDay(9, 30)),
                                        fromEastern(makeDate(2025, 3, 3), timeOfDay(10, 0)));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.message().find("no recording between 2025-03-03 and 2025-03-03") !=
                 std::string::npos,
             missing.message().c_str());
}

void TestReplayFeed::runsOnItsThread()
{
    ManualClock clock(m_to + kNanosPerSecond); // everything is due
    auto feed = ReplayFeed::open(*m_universe, m_from, m_to);
    QVERIFY(feed.ok());
    CollectingSink sink;
    feed.value()->start(clock, sink);
    QTRY_VERIFY_WITH_TIMEOUT(!feed.value()->isRunning(), 60000);
    feed.value()->stop();
    QVERIFY(feed.value()->finished());
    QVERIFY(feed.value()->lastError().empty());
    QVERIFY(sink.ticks == m_recorded);
}

QTEST_GUILESS_MAIN(TestReplayFeed)
#include "tst_replayfeed.moc"
