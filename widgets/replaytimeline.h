#pragma once
// ReplayTimeline: the painted timeline of ReplayBar (see replaybar.h). It lays the replayed range
// over a track: session shading from the trading-day window (overnight, pre-market, regular,
// after-hours), Eastern hour ticks and labels, the played part, the position handle, the day's
// events (earnings, FOMC, CPI) and the bookmarks as markers with tooltips, a loop selection and
// the time under the mouse. A click or a handle drag emits jumpRequested once, on release, with
// the time under the release point; Shift+drag selects a range; right-click on a bookmark asks
// for its removal.

#include "model/history.h"
#include "model/timestamp.h"

#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

namespace mag7::widgets {

// The painted timeline of a replayed range. Times are UTC nanoseconds.
class ReplayTimeline final : public QWidget {
    Q_OBJECT
public:
    explicit ReplayTimeline(QWidget *parent = nullptr);

    void setRange(Timestamp from, Timestamp to);
    Timestamp from() const { return m_from; }
    Timestamp to() const { return m_to; }
    // `shown` is where the handle sits (the market clock); `played` how far the recording has
    // been delivered (behind the handle while the engine catches up). Repaints only on change.
    void setPosition(Timestamp shown, Timestamp played, bool paused);
    Timestamp position() const { return m_shown; }
    void setEvents(std::vector<MarketEvent> events);
    const std::vector<MarketEvent> &events() const { return m_events; }
    void setBookmarks(std::vector<Timestamp> bookmarks);
    void setSelection(std::optional<std::pair<Timestamp, Timestamp>> selection);
    const std::optional<std::pair<Timestamp, Timestamp>> &selection() const { return m_selection; }

    // Geometry: the track the range is laid over, and the mapping both ways (clamped).
    QRectF trackRect() const;
    double xForTime(Timestamp t) const;
    Timestamp timeAtX(double x) const;
    // The handle's x: the drag point while dragging, else the position.
    double handleX() const;
    bool isDragging() const { return m_drag != Drag::None; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void jumpRequested(mag7::Timestamp t);
    void selectionChanged();
    void bookmarkRemovalRequested(mag7::Timestamp t);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    enum class Drag { None, Scrub, Select };
    struct Marker {
        Timestamp time = 0;
        QString tip;
        bool bookmark = false;
    };
    void rebuildMarkers();
    const Marker *markerNear(QPointF point) const;
    void paintTrack(QPainter &painter, const QRectF &track) const;
    void paintTicks(QPainter &painter, const QRectF &track) const;
    void paintMarkers(QPainter &painter, const QRectF &track) const;
    void paintTimeBubble(QPainter &painter, double x, Timestamp t) const;

    Timestamp m_from = 0;
    Timestamp m_to = 0;
    Timestamp m_shown = 0;
    Timestamp m_played = 0;
    bool m_paused = false;
    int m_shownPixel = -1;
    int m_playedPixel = -1;
    std::vector<MarketEvent> m_events;
    std::vector<Timestamp> m_bookmarks;
    std::vector<Marker> m_markers; // events and bookmarks in the range, by time
    std::optional<std::pair<Timestamp, Timestamp>> m_selection;
    Drag m_drag = Drag::None;
    Timestamp m_dragStart = 0;
    Timestamp m_dragTime = 0;
    std::optional<double> m_hoverX;
    // After a release the handle stays at the requested time until the clock moves there.
    std::optional<Timestamp> m_requested;
    int m_requestedFrames = 0;
};

} // namespace mag7::widgets
