// ReplayIndex over a real recording of the simulated market (09:27-09:36 ET across the regular
// open, options included): a jump to any instant, forwards or backwards, checkpoints and the
// range's ends included, gives exactly the market state that playing the range from its start
// to that instant gives: every instrument's quote, every quote board row (quote, last, day
// open/high/low/volume, previous close, last update), the completed 1-minute bars with their
// VWAP, the forming bar and its VWAP, the trading dates finished, and every option volume. Also
// for a range that starts inside the day file (the quotes before it come from the file's state).
#include "engine/replayindex.h"
#include "engine/simulatedworld.h"
#include "model/easterntime.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace mag7;
using namespace mag7::engine;

namespace {

bool same(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

QString when(Timestamp t)
{
    return QString::fromStdString(formatEasternIso(t));
}

// Every tick-derived part of `jumped` equals `played`'s (QCOMPARE-style: the test stops at the
// first difference, naming it).
void compareStates(MarketState &jumped, MarketState &played, std::size_t instruments, Timestamp t)
{
    int quoted = 0; // once played: the underlyings before the open, the options from it
    for (std::size_t id = 0; id < instruments; ++id) {
        const QuoteState *a = jumped.quote(static_cast<InstrumentId>(id));
        const QuoteState *b = played.quote(static_cast<InstrumentId>(id));
        QVERIFY2((a ? *a : QuoteState{}) == (b ? *b : QuoteState{}),
                 qPrintable(QStringLiteral("quote of instrument %1 at %2").arg(id).arg(when(t))));
        quoted += b && b->hasQuote() ? 1 : 0;
    }
    QVERIFY2(
        played.lastTickTime() == 0 || quoted >= 10,
        qPrintable(
            QStringLiteral("%1 quoted of %2 at %3").arg(quoted).arg(instruments).arg(when(t))));
    QCOMPARE(jumped.lastTickTime(), played.lastTickTime());
    QCOMPARE(jumped.volumeDate(), played.volumeDate());
    QVERIFY2(jumped.optionVolumes() == played.optionVolumes(),
             qPrintable(QStringLiteral("option volumes at %1").arg(when(t))));
    QCOMPARE(jumped.rows().size(), played.rows().size());
    const std::vector<ChartSeries> jumpedCharts = jumped.charts();
    const std::vector<ChartSeries> playedCharts = played.charts();
    const MarketState::Checkpoint jumpedDays = jumped.checkpoint();
    const MarketState::Checkpoint playedDays = played.checkpoint();
    for (std::size_t row = 0; row < played.rows().size(); ++row) {
        const QuoteRow &a = jumped.rows()[row];
        const QuoteRow &b = played.rows()[row];
        const QString what = QString::fromStdString(b.symbol) + QStringLiteral(" at ") + when(t);
        QCOMPARE(a.symbol, b.symbol);
        QVERIFY2(a.bid == b.bid && a.ask == b.ask && a.bidSize == b.bidSize &&
                     a.askSize == b.askSize,
                 qPrintable(what + QStringLiteral(": quote")));
        QVERIFY2(a.last == b.last, qPrintable(what + QStringLiteral(": last")));
        QVERIFY2(same(a.open, b.open) && same(a.high, b.high) && same(a.low, b.low),
                 qPrintable(what + QStringLiteral(": open/high/low")));
        QVERIFY2(a.volume == b.volume, qPrintable(what + QStringLiteral(": volume")));
        QVERIFY2(same(a.previousClose, b.previousClose),
                 qPrintable(what + QStringLiteral(": previous close")));
        QVERIFY2(a.updated == b.updated, qPrintable(what + QStringLiteral(": updated")));
        const ChartSeries &ca = jumpedCharts[row];
        const ChartSeries &cb = playedCharts[row];
        QVERIFY2(ca.completed->bars == cb.completed->bars,
                 qPrintable(what + QStringLiteral(": 1-minute bars")));
        QVERIFY2(ca.completed->vwap.size() == cb.completed->vwap.size() &&
                     std::equal(ca.completed->vwap.begin(), ca.completed->vwap.end(),
                                cb.completed->vwap.begin(), same),
                 qPrintable(what + QStringLiteral(": bar VWAP")));
        QVERIFY2(ca.hasForming == cb.hasForming && (!cb.hasForming || ca.forming == cb.forming),
                 qPrintable(what + QStringLiteral(": forming bar")));
        QVERIFY2(same(ca.formingVwap, cb.formingVwap),
                 qPrintable(what + QStringLiteral(": session VWAP")));
        const MarketState::Checkpoint::Row &da = jumpedDays.rows[row];
        const MarketState::Checkpoint::Row &db = playedDays.rows[row];
        QVERIFY2(da.tradingDate == db.tradingDate && same(da.lastRegularPrice, db.lastRegularPrice),
                 qPrintable(what + QStringLiteral(": trading date")));
        QVERIFY2(da.finished.size() == db.finished.size(),
                 qPrintable(what + QStringLiteral(": finished dates")));
    }
}

} // namespace

class TestReplayIndex : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jumpEqualsPlayingFromTheStart();
    void rangeStartingInsideTheDay();
    void checkpointsEvery20Seconds();
    void cancelledPreparationIsAnError();

private:
    // Jumps (in the given order) with one index and feed; plays a second state forwards through
    // the same instants in time order; compares at each.
    void jumpAndPlay(Timestamp from, Timestamp to, std::vector<Timestamp> instants);

    QTemporaryDir m_dir;
    Timestamp m_from = 0;
    Timestamp m_to = 0;
    std::unique_ptr<RecordedUniverse> m_universe;
};

void TestReplayIndex::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const std::filesystem::path root = m_dir.path().toStdString();
    m_from = fromEastern(makeDate(2025, 1, 13), timeOfDay(9, 27));
    m_to = fromEastern(makeDate(2025, 1, 13), timeOfDay(9, 36));
    const Status recorded = recordSimulatedMarket(root, 11, m_from, m_to);
    QVERIFY2(recorded.ok(), recorded.message().c_str());
    auto universe = loadRecordedUniverse(root, m_from, m_to);
    QVERIFY2(universe.ok(), universe.ok() ? "" : universe.message().c_str());
    m_universe = std::make_unique<RecordedUniverse>(std::move(universe).value());
    QVERIFY(m_universe->registry->size() > 1000); // options recorded too
}

void TestReplayIndex::jumpAndPlay(Timestamp from, Timestamp to, std::vector<Timestamp> instants)
{
    auto index = ReplayIndex::build(*m_universe, m_universe->reference, from, to);
    QVERIFY2(index.ok(), index.ok() ? "" : index.message().c_str());
    QVERIFY(index.value()->ticksPlayed() > 10000);
    // One feed for every jump, as the desk's (its position moves back and forth).
    auto jumpFeed = ReplayFeed::open(*m_universe, from, to);
    QVERIFY(jumpFeed.ok());
    for (const Timestamp t : instants) {
        MarketState jumped(*m_universe->registry, m_universe->reference);
        auto applied = index.value()->jump(jumped, *jumpFeed.value(), t, 7);
        QVERIFY2(applied.ok(), applied.ok() ? "" : applied.message().c_str());
        QCOMPARE(jumpFeed.value()->position(), t);
        for (const QuoteRow &row : jumped.rows())
            QVERIFY(row.revision > 7);

        // The range played from its start (seeded with the quotes there, as the desk starts).
        auto playFeed = ReplayFeed::open(*m_universe, from, to);
        QVERIFY(playFeed.ok());
        MarketState played(*m_universe->registry, m_universe->reference);
        auto seeded = playFeed.value()->seek(from);
        QVERIFY(seeded.ok());
        played.seedQuotes(seeded.value());
        MarketStateSink playedSink(played);
        QVERIFY(playFeed.value()->pumpUntil(t, playedSink).ok());

        compareStates(jumped, played, m_universe->registry->size(), t);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestReplayIndex::jumpEqualsPlayingFromTheStart()
{
    const Timestamp open = fromEastern(makeDate(2025, 1, 13), timeOfDay(9, 30));
    std::vector<Timestamp> instants = {
        open + 3 * kNanosPerMinute + 123'456'789,          // after the open
        open - 2 * kNanosPerMinute - 5'000'000,            // backwards, before the open
        open,                                              // the open itself (a checkpoint)
        open + 1,                                          // just after
        m_to,                                              // the end
        m_from,                                            // the start
        open + 5 * kNanosPerMinute + 59 * kNanosPerSecond, // forwards, end of a minute
        open - 1,                                          // backwards, just before the open
    };
    std::mt19937_64 random(3);
    std::uniform_int_distribution<Timestamp> instant(m_from, m_to);
    for (int i = 0; i < 8; ++i)
        instants.push_back(instant(random));
    jumpAndPlay(m_from, m_to, instants);
}

void TestReplayIndex::rangeStartingInsideTheDay()
{
    // The range starts after the file's first ticks: its state starts from the file's quotes.
    const Timestamp from = m_from + 2 * kNanosPerMinute + 17 * kNanosPerSecond;
    const Timestamp to = m_to - kNanosPerMinute;
    jumpAndPlay(from, to,
                {to - 1, from + 40 * kNanosPerSecond, from, to - 3 * kNanosPerMinute + 1, to});
}

void TestReplayIndex::checkpointsEvery20Seconds()
{
    const Timestamp from = m_from + 30 * kNanosPerSecond;
    auto index = ReplayIndex::build(*m_universe, m_universe->reference, from, m_to);
    QVERIFY(index.ok());
    // The start, then every 20 s from 09:27:40 to the end (09:36, the market ticks throughout).
    QCOMPARE(index.value()->checkpointCount(), std::size_t{1 + 26});
    QCOMPARE(index.value()->checkpointBefore(from - kNanosPerMinute), from);
    QCOMPARE(index.value()->checkpointBefore(from + kNanosPerSecond), from);
    const Timestamp minute = m_from + 4 * kNanosPerMinute;
    QCOMPARE(index.value()->checkpointBefore(minute), minute);
    QCOMPARE(index.value()->checkpointBefore(minute + 19 * kNanosPerSecond), minute);
    QCOMPARE(index.value()->checkpointBefore(minute + 59 * kNanosPerSecond),
             minute + 40 * kNanosPerSecond);
    QCOMPARE(index.value()->checkpointBefore(m_to), m_to);
}

void TestReplayIndex::cancelledPreparationIsAnError()
{
    std::atomic<bool> cancel{true};
    auto index = ReplayIndex::build(*m_universe, m_universe->reference, m_from, m_to, &cancel);
    QVERIFY(!index.ok());
    QVERIFY2(index.message().find("cancelled") != std::string::npos, index.message().c_str());
}

QTEST_GUILESS_MAIN(TestReplayIndex)
#include "tst_replayindex.moc"
