// ReplayBar: shown only while the desk replays; the handle sits where the clock is; a click or a
// drag jumps once to the time under the release point; speeds, steps and typed times ask the
// engine for the right thing (+bar steps to the chart bar's close); a selected range loops once per
// pass; bookmarks persist per date; the day's events sit at their times.
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "replaybar.h"
#include "temporarysettings.h"
#include "theme.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace mag7;
using namespace mag7::widgets;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

engine::DeskSnapshot replaySnapshot(Timestamp position,
                                    engine::FeedState state = engine::FeedState::Live)
{
    engine::DeskSnapshot snapshot;
    snapshot.marketTime = position;
    snapshot.feed.state = state;
    snapshot.feed.simulated = false;
    snapshot.feed.replay = true;
    snapshot.feed.source = "Replay 2025-01-15";
    snapshot.feed.replayFrom = at("2025-01-15T08:00:00-05:00");
    snapshot.feed.replayTo = at("2025-01-15T12:00:00-05:00");
    snapshot.feed.replayPosition = position;
    snapshot.feed.speed = 1;
    return snapshot;
}

Timestamp jumpTarget(const QSignalSpy &spy, int index = 0)
{
    return spy.at(index).at(0).value<Timestamp>();
}

} // namespace

class TestReplayBar : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        useTemporarySettings(m_dir.path(), QStringLiteral("tst_replaybar"));
        applyTheme(*qApp, ThemeKind::Dark);
    }
    void init() { QSettings().clear(); }

    void hiddenUnlessReplaying()
    {
        ReplayBar bar;
        engine::DeskSnapshot live;
        live.marketTime = at("2025-01-15T10:00:00-05:00");
        live.feed.state = engine::FeedState::Live;
        bar.setSnapshot(live);
        QVERIFY(bar.isHidden());
        bar.setSnapshot(replaySnapshot(at("2025-01-15T10:00:00-05:00")));
        QVERIFY(!bar.isHidden());
        bar.setSnapshot(live);
        QVERIFY(bar.isHidden());
    }

    void barClosesFollowTheChartBuckets()
    {
        const Timestamp to = at("2025-01-15T12:00:00-05:00");
        const auto next = [to](const char *iso, engine::BarInterval interval) {
            return ReplayBar::nextBarClose(at(iso), interval, to);
        };
        using engine::BarInterval;
        QCOMPARE(next("2025-01-15T10:03:20-05:00", BarInterval::Minute1),
                 at("2025-01-15T10:04:00-05:00"));
        QCOMPARE(next("2025-01-15T10:03:20-05:00", BarInterval::Minute5),
                 at("2025-01-15T10:05:00-05:00"));
        // On a close: the next one, not the same instant.
        QCOMPARE(next("2025-01-15T10:05:00-05:00", BarInterval::Minute5),
                 at("2025-01-15T10:10:00-05:00"));
        QCOMPARE(next("2025-01-15T09:31:00-05:00", BarInterval::Minute15),
                 at("2025-01-15T09:45:00-05:00"));
        // Hour bars run 09:30-10:30, 10:30-11:30.
        QCOMPARE(next("2025-01-15T09:40:00-05:00", BarInterval::Hour1),
                 at("2025-01-15T10:30:00-05:00"));
        QCOMPARE(next("2025-01-15T10:30:00-05:00", BarInterval::Hour1),
                 at("2025-01-15T11:30:00-05:00"));
        QCOMPARE(next("2025-01-15T09:40:00-05:00", BarInterval::Day1), to);
        QCOMPARE(next("2025-01-15T11:59:00-05:00", BarInterval::Hour1), to);
    }

    void handleAtPosition()
    {
        ReplayBar bar;
        bar.resize(1000, bar.sizeHint().height());
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:00:00-05:00")));
        const QRectF track = bar.timeline()->trackRect();
        QVERIFY(track.width() > 300);
        // 09:00 is a quarter of 08:00-12:00.
        QCOMPARE(bar.timeline()->handleX(), track.left() + 0.25 * track.width());
        QCOMPARE(bar.timeField()->text(), QStringLiteral("09:00:00"));
        bar.setSnapshot(replaySnapshot(at("2025-01-15T12:00:00-05:00")));
        QCOMPARE(bar.timeline()->handleX(), track.right());
    }

    void dragJumpsOnceOnRelease()
    {
        ReplayBar bar;
        bar.resize(1000, bar.sizeHint().height());
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:00:00-05:00")));
        ReplayTimeline *timeline = bar.timeline();
        QSignalSpy jumps(&bar, &ReplayBar::jumpRequested);
        const QRectF track = timeline->trackRect();
        const int y = int(track.center().y());
        const QPoint press(int(track.left() + 0.25 * track.width()), y);
        const QPoint middle(int(track.left() + 0.5 * track.width()), y);
        const QPoint release(int(track.left() + 0.75 * track.width()), y);
        QTest::mousePress(timeline, Qt::LeftButton, {}, press);
        QTest::mouseMove(timeline, middle);
        QVERIFY(timeline->isDragging());
        QCOMPARE(timeline->handleX(), timeline->xForTime(timeline->timeAtX(middle.x())));
        QTest::mouseMove(timeline, release);
        QCOMPARE(jumps.count(), 0);
        QTest::mouseRelease(timeline, Qt::LeftButton, {}, release);
        QCOMPARE(jumps.count(), 1);
        const Timestamp from = at("2025-01-15T08:00:00-05:00");
        const Timestamp to = at("2025-01-15T12:00:00-05:00");
        const double fraction = (release.x() - track.left()) / track.width();
        const Timestamp expected = from + Timestamp(std::llround(fraction * double(to - from)));
        QCOMPARE(jumpTarget(jumps), expected);
        // The handle waits at the target while the engine gets there.
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:00:01-05:00")));
        QCOMPARE(timeline->handleX(), timeline->xForTime(expected));
    }

    void speedsAndSteps()
    {
        ReplayBar bar;
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:00:00-05:00")));
        QSignalSpy speeds(&bar, &ReplayBar::speedRequested);
        QComboBox *box = bar.speedBox();
        QCOMPARE(box->count(), int(ReplayBar::kSpeeds.size()));
        QCOMPARE(box->currentText(), QStringLiteral("1×"));
        for (int i = 0; i < box->count(); ++i)
            Q_EMIT box->activated(i);
        QCOMPARE(speeds.count(), 10);
        const std::array<double, 10> expected{0.25, 1, 2, 5, 10, 50, 100, 500, 1000, 10000};
        for (int i = 0; i < 10; ++i)
            QCOMPARE(speeds.at(i).at(0).toDouble(), expected[std::size_t(i)]);
        QCOMPARE(box->itemText(box->count() - 1), QStringLiteral("max"));
        // The box shows the engine's speed, including one it does not list.
        auto fast = replaySnapshot(at("2025-01-15T09:00:01-05:00"));
        fast.feed.speed = 50;
        bar.setSnapshot(fast);
        QCOMPARE(box->currentText(), QStringLiteral("50×"));
        fast.feed.speed = 60;
        bar.setSnapshot(fast);
        QCOMPARE(box->currentIndex(), -1);
        QCOMPARE(box->placeholderText(), QStringLiteral("60×"));

        QSignalSpy steps(&bar, &ReplayBar::stepRequested);
        bar.stepSecondButton()->click();
        bar.stepMinuteButton()->click();
        bar.stepTickButton()->click();
        QCOMPARE(steps.count(), 3);
        QCOMPARE(steps.at(0).at(0).value<engine::ReplayStep>(), engine::ReplayStep::Second);
        QCOMPARE(steps.at(1).at(0).value<engine::ReplayStep>(), engine::ReplayStep::Minute);
        QCOMPARE(steps.at(2).at(0).value<engine::ReplayStep>(), engine::ReplayStep::Tick);
        QSignalSpy barSteps(&bar, &ReplayBar::barStepRequested);
        bar.stepBarButton()->click();
        QCOMPARE(barSteps.count(), 1);

        QSignalSpy pauses(&bar, &ReplayBar::pauseRequested);
        bar.playButton()->click();
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:00:02-05:00"), engine::FeedState::Paused));
        bar.playButton()->click();
        QCOMPARE(pauses.count(), 2);
        QCOMPARE(pauses.at(0).at(0).toBool(), true);
        QCOMPARE(pauses.at(1).at(0).toBool(), false);
        // Space while the bar has the focus.
        QTest::keyClick(bar.timeline(), Qt::Key_Space);
        QCOMPARE(pauses.count(), 3);
        QCOMPARE(pauses.at(2).at(0).toBool(), false);
    }

    void typedTime()
    {
        ReplayBar bar;
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:00:00-05:00")));
        QSignalSpy jumps(&bar, &ReplayBar::jumpRequested);
        QSignalSpy messages(&bar, &ReplayBar::message);
        bar.timeField()->setText(QStringLiteral("10:30:15"));
        QTest::keyClick(bar.timeField(), Qt::Key_Return);
        QCOMPARE(jumps.count(), 1);
        QCOMPARE(jumpTarget(jumps), at("2025-01-15T10:30:15-05:00"));
        QVERIFY(!bar.jumpToTypedTime(QStringLiteral("13:00:00")));
        QCOMPARE(jumps.count(), 1);
        QCOMPARE(messages.count(), 1);
        QCOMPARE(messages.at(0).at(0).toString(),
                 QStringLiteral("13:00:00 is outside the replayed range 08:00:00 – 12:00:00 ET"));
        QVERIFY(!bar.jumpToTypedTime(QStringLiteral("25:00")));
        QCOMPARE(messages.count(), 2);
    }

    void loopJumpsBackOnce()
    {
        ReplayBar bar;
        const Timestamp a = at("2025-01-15T09:30:00-05:00");
        const Timestamp b = at("2025-01-15T09:45:00-05:00");
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:40:00-05:00")));
        bar.setSelection(b, a); // either order
        QCOMPARE(*bar.timeline()->selection(), std::pair(a, b));
        bar.loopButton()->setChecked(true);
        QSignalSpy jumps(&bar, &ReplayBar::jumpRequested);
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:44:59-05:00")));
        QCOMPARE(jumps.count(), 0);
        bar.setSnapshot(replaySnapshot(b + kNanosPerSecond));
        QCOMPARE(jumps.count(), 1);
        QCOMPARE(jumpTarget(jumps), a);
        // Still past b while the engine catches up: no second jump.
        bar.setSnapshot(replaySnapshot(b + 2 * kNanosPerSecond, engine::FeedState::CatchingUp));
        bar.setSnapshot(replaySnapshot(b + 3 * kNanosPerSecond));
        QCOMPARE(jumps.count(), 1);
        // Back at a and through b again: the next pass loops again.
        bar.setSnapshot(replaySnapshot(a));
        bar.setSnapshot(replaySnapshot(b));
        QCOMPARE(jumps.count(), 2);
        // Escape clears the selection and with it the loop.
        QTest::keyClick(&bar, Qt::Key_Escape);
        QVERIFY(!bar.timeline()->selection());
        bar.setSnapshot(replaySnapshot(a));
        bar.setSnapshot(replaySnapshot(b + kNanosPerSecond));
        QCOMPARE(jumps.count(), 2);
    }

    void shiftDragSelects()
    {
        ReplayBar bar;
        bar.resize(1000, bar.sizeHint().height());
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:00:00-05:00")));
        ReplayTimeline *timeline = bar.timeline();
        QSignalSpy jumps(&bar, &ReplayBar::jumpRequested);
        const QRectF track = timeline->trackRect();
        const int y = int(track.center().y());
        const QPoint start(int(track.left() + 0.5 * track.width()), y);
        const QPoint end(int(track.left() + 0.6 * track.width()), y);
        QTest::mousePress(timeline, Qt::LeftButton, Qt::ShiftModifier, start);
        QTest::mouseMove(timeline, end);
        QTest::mouseRelease(timeline, Qt::LeftButton, Qt::ShiftModifier, end);
        QCOMPARE(jumps.count(), 0);
        QVERIFY(timeline->selection());
        QCOMPARE(timeline->selection()->first, timeline->timeAtX(start.x()));
        QCOMPARE(timeline->selection()->second, timeline->timeAtX(end.x()));
    }

    void bookmarksPersistPerDate()
    {
        const Timestamp mark = at("2025-01-15T10:12:13-05:00");
        {
            ReplayBar bar;
            bar.setSnapshot(replaySnapshot(mark));
            QCOMPARE(bar.tradingDate(), *parseDate("2025-01-15"));
            bar.bookmarkButton()->click();
            bar.addBookmark(at("2025-01-15T09:00:00-05:00"));
            bar.addBookmark(at("2025-01-15T13:00:00-05:00")); // outside the range: ignored
            QCOMPARE(bar.bookmarks().size(), std::size_t(2));
        }
        QSettings().sync();
        ReplayBar restored;
        restored.setSnapshot(replaySnapshot(at("2025-01-15T08:30:00-05:00")));
        const std::vector<Timestamp> expected{at("2025-01-15T09:00:00-05:00"), mark};
        QCOMPARE(restored.bookmarks(), expected);
        restored.removeBookmark(mark);
        ReplayBar again;
        again.setSnapshot(replaySnapshot(at("2025-01-15T08:30:00-05:00")));
        QCOMPARE(again.bookmarks().size(), std::size_t(1));
    }

    void eventMarkersAtTheirTimes()
    {
        ReplayBar bar;
        bar.resize(1000, bar.sizeHint().height());
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        bar.setSnapshot(replaySnapshot(at("2025-01-15T09:00:00-05:00")));
        MarketEvent cpi{MarketEventKind::Cpi, "", *parseDate("2025-01-15"),
                        at("2025-01-15T08:30:00-05:00"), 0.01};
        MarketEvent earnings{MarketEventKind::Earnings, "NVDA", *parseDate("2025-01-15"),
                             at("2025-01-15T16:05:00-05:00"), 0.08};
        bar.setEvents({cpi, earnings});
        ReplayTimeline *timeline = bar.timeline();
        QCOMPARE(timeline->events().size(), std::size_t(2));
        const QRectF track = timeline->trackRect();
        // CPI 08:30 is an eighth of 08:00-12:00; the 16:05 earnings fall outside and are not drawn.
        QCOMPARE(timeline->xForTime(cpi.time), track.left() + 0.125 * track.width());
        const QImage image = timeline->grab().toImage();
        const QColor marker = image.pixelColor(int(timeline->xForTime(cpi.time)), 3);
        QCOMPARE(marker.rgb(), deskColors().down.rgb());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestReplayBar)
#include "tst_replaybar.moc"
