#pragma once
// ReplayBar: the scrubber of a replayed trading day, a toolbar row at the bottom of the main
// window that is shown only while the desk replays a recording (hidden for a live or simulated
// feed). It never talks to the engine: it reads DeskSnapshots and asks for changes by signal.
//
// - The timeline (ReplayTimeline) spans the replayed range: session shading (overnight,
//   pre-market, regular, after-hours from the trading-day window), hour ticks, the played part,
//   a position handle, markers for the day's earnings / FOMC / CPI and the trader's bookmarks.
//   A click or a drag of the handle emits jumpRequested once, on release, with the time under
//   the release point; Shift+drag selects a range to loop; Escape clears the selection.
// - Play/pause (Space while the bar has the focus) emits pauseRequested; the speed box emits
//   speedRequested; "+tick" / "+1s" / "+1m" emit stepRequested; the time field (HH:MM:SS Eastern,
//   Enter) emits jumpRequested or refuses a time outside the range with a message.
// - Loop: with a selection [a, b] and Loop on, the position passing b emits jumpRequested(a)
//   once (not again until the position is back before b).
// - Bookmarks (the Bookmark button or Ctrl+B at the current time; right-click a flag to remove
//   it) are kept in QSettings under replay/bookmarks/<trading date>.
//
// setSnapshot is cheap at the GUI cadence: the timeline repaints only when the handle's pixel,
// the played pixel or the feed state changes.

#include "engine/desksnapshot.h"
#include "engine/intradaybars.h"
#include "engine/replayfeed.h"
#include "model/history.h"
#include "replaytimeline.h"

#include <QToolBar>

#include <array>
#include <vector>

class QComboBox;
class QLineEdit;
class QToolButton;

namespace mag7::widgets {

class ReplayBar final : public QToolBar {
    Q_OBJECT
public:
    // The largest speed the desk accepts (mag7desk --speed is limited to (0, 10000]).
    static constexpr double kMaxSpeed = 10000.0;
    static constexpr std::array<double, 10> kSpeeds{0.25, 1,   2,   5,    10,
                                                    50,   100, 500, 1000, kMaxSpeed};

    explicit ReplayBar(QWidget *parent = nullptr);

    // Shows the bar for a replay snapshot and hides it otherwise; updates the timeline, the
    // play button, the speed box and the time field; runs the loop.
    void setSnapshot(const engine::DeskSnapshot &snapshot);
    // The day's market events (earnings, FOMC, CPI); those outside the range are not drawn.
    void setEvents(std::vector<MarketEvent> events);

    // Bookmarks of the replayed trading date, ascending; stored at once in QSettings.
    void addBookmark(Timestamp t);
    void removeBookmark(Timestamp t);
    const std::vector<Timestamp> &bookmarks() const { return m_bookmarks; }
    Date tradingDate() const { return m_tradingDate; }

    void setSelection(Timestamp a, Timestamp b);
    void clearSelection();
    // Parses HH:MM:SS (or HH:MM) Eastern inside the replayed range and emits jumpRequested;
    // otherwise emits message() naming the range and returns false.
    bool jumpToTypedTime(const QString &text);

    ReplayTimeline *timeline() const { return m_timeline; }
    QToolButton *playButton() const { return m_play; }
    QComboBox *speedBox() const { return m_speed; }
    QToolButton *stepTickButton() const { return m_stepTick; }
    QToolButton *stepSecondButton() const { return m_stepSecond; }
    QToolButton *stepMinuteButton() const { return m_stepMinute; }
    QToolButton *stepBarButton() const { return m_stepBar; }
    QLineEdit *timeField() const { return m_time; }
    QToolButton *loopButton() const { return m_loop; }
    QToolButton *bookmarkButton() const { return m_bookmark; }

    // "10:15:30" (Eastern) of a UTC timestamp.
    static QString clockText(Timestamp t);
    // The close of the chart bar of `interval` forming at `position`: buckets align to 09:30 ET
    // (5m: the next whole 5 minutes; 1h: the next half past); daily bars close at the end of
    // the range. Never past `to`.
    static Timestamp nextBarClose(Timestamp position, engine::BarInterval interval, Timestamp to);

Q_SIGNALS:
    void jumpRequested(mag7::Timestamp t);
    void pauseRequested(bool paused);
    void speedRequested(double speed);
    void stepRequested(mag7::engine::ReplayStep step);
    // "+bar": pause and step to the close of the chart's forming bar (nextBarClose()).
    void barStepRequested();
    void message(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void loadBookmarks();
    void saveBookmarks() const;
    void showSpeed(double speed);
    void runLoop(Timestamp position);
    QString rangeText() const;

    ReplayTimeline *m_timeline;
    QToolButton *m_play;
    QComboBox *m_speed;
    QToolButton *m_stepTick;
    QToolButton *m_stepSecond;
    QToolButton *m_stepMinute;
    QToolButton *m_stepBar;
    QLineEdit *m_time;
    QToolButton *m_loop;
    QToolButton *m_bookmark;
    Timestamp m_from = 0;
    Timestamp m_to = 0;
    Date m_tradingDate{};
    bool m_paused = false;
    double m_shownSpeed = 0;
    std::int64_t m_shownSecond = -1;
    Timestamp m_lastPosition = 0;
    bool m_loopJumpPending = false;
    std::vector<Timestamp> m_bookmarks;
};

} // namespace mag7::widgets
