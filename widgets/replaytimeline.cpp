#include "replaytimeline.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "replaybar.h"
#include "theme.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace mag7::widgets {

namespace {

constexpr double kMarkerRow = 11; // flags and event markers above the track
constexpr double kTrackHeight = 12;
constexpr int kRequestedHoldFrames = 90; // ~1.5 s at 60 Hz before the handle follows the clock
constexpr double kMarkerHitRadius = 5;

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

QColor withAlpha(QColor colour, int alpha)
{
    colour.setAlpha(alpha);
    return colour;
}

QColor eventColour(MarketEventKind kind)
{
    return kind == MarketEventKind::Earnings ? deskColors().warning : deskColors().down;
}

QString eventTip(const MarketEvent &event)
{
    const QString time = ReplayBar::clockText(event.time);
    switch (event.kind) {
    case MarketEventKind::Earnings:
        return QObject::tr("%1 earnings %2 ET (expected move ±%3%)")
            .arg(QString::fromStdString(event.symbol), time)
            .arg(event.expectedMove * 100.0, 0, 'f', 1);
    case MarketEventKind::Fomc:
        return QObject::tr("FOMC decision %1 ET").arg(time);
    case MarketEventKind::Cpi:
        return QObject::tr("CPI release %1 ET").arg(time);
    }
    return time;
}

} // namespace

ReplayTimeline::ReplayTimeline(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("replayTimeline"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Click or drag to jump; Shift+drag selects a range to loop; Esc clears it"));
}

QSize ReplayTimeline::sizeHint() const
{
    return {600, minimumSizeHint().height()};
}

QSize ReplayTimeline::minimumSizeHint() const
{
    return {200, int(kMarkerRow + kTrackHeight) + 5 + fontMetrics().height() + 1};
}

void ReplayTimeline::setRange(Timestamp from, Timestamp to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    m_shownPixel = m_playedPixel = -1;
    rebuildMarkers();
    update();
}

void ReplayTimeline::setPosition(Timestamp shown, Timestamp played, bool paused)
{
    m_shown = shown;
    m_played = played;
    if (m_requested) {
        const bool arrived = std::llabs(shown - *m_requested) < kNanosPerSecond * 2;
        if (arrived || ++m_requestedFrames > kRequestedHoldFrames)
            m_requested.reset();
    }
    const int shownPixel = int(std::lround(handleX()));
    const int playedPixel = int(std::lround(xForTime(std::min(played, shown))));
    if (shownPixel == m_shownPixel && playedPixel == m_playedPixel && paused == m_paused)
        return;
    m_shownPixel = shownPixel;
    m_playedPixel = playedPixel;
    m_paused = paused;
    update();
}

void ReplayTimeline::setEvents(std::vector<MarketEvent> events)
{
    m_events = std::move(events);
    rebuildMarkers();
    update();
}

void ReplayTimeline::setBookmarks(std::vector<Timestamp> bookmarks)
{
    m_bookmarks = std::move(bookmarks);
    rebuildMarkers();
    update();
}

void ReplayTimeline::setSelection(std::optional<std::pair<Timestamp, Timestamp>> selection)
{
    if (selection && selection->first > selection->second)
        std::swap(selection->first, selection->second);
    if (selection == m_selection)
        return;
    m_selection = selection;
    update();
    Q_EMIT selectionChanged();
}

void ReplayTimeline::rebuildMarkers()
{
    m_markers.clear();
    for (const MarketEvent &event : m_events)
        if (event.time >= m_from && event.time <= m_to)
            m_markers.push_back({event.time, eventTip(event), false});
    for (Timestamp t : m_bookmarks)
        if (t >= m_from && t <= m_to)
            m_markers.push_back(
                {t, tr("Bookmark %1 ET (right-click removes it)").arg(ReplayBar::clockText(t)),
                 true});
    std::stable_sort(m_markers.begin(), m_markers.end(),
                     [](const Marker &a, const Marker &b) { return a.time < b.time; });
}

QRectF ReplayTimeline::trackRect() const
{
    // Side margins leave room for a centred hour label at either end.
    const double margin = fontMetrics().horizontalAdvance(QStringLiteral("00:00")) / 2.0 + 3;
    return {margin, kMarkerRow, std::max(1.0, width() - 2 * margin), kTrackHeight};
}

double ReplayTimeline::xForTime(Timestamp t) const
{
    const QRectF track = trackRect();
    if (m_to <= m_from)
        return track.left();
    const double fraction = std::clamp(double(t - m_from) / double(m_to - m_from), 0.0, 1.0);
    return track.left() + fraction * track.width();
}

Timestamp ReplayTimeline::timeAtX(double x) const
{
    const QRectF track = trackRect();
    const double fraction = std::clamp((x - track.left()) / track.width(), 0.0, 1.0);
    return m_from + Timestamp(std::llround(fraction * double(m_to - m_from)));
}

double ReplayTimeline::handleX() const
{
    if (m_drag == Drag::Scrub)
        return xForTime(m_dragTime);
    return xForTime(m_requested.value_or(m_shown));
}

const ReplayTimeline::Marker *ReplayTimeline::markerNear(QPointF point) const
{
    if (point.y() > kMarkerRow + 2)
        return nullptr;
    const Marker *best = nullptr;
    double bestDistance = kMarkerHitRadius;
    for (const Marker &marker : m_markers) {
        const double distance =
            std::abs(xForTime(marker.time) + (marker.bookmark ? 2 : 0) - point.x());
        if (distance <= bestDistance) {
            best = &marker;
            bestDistance = distance;
        }
    }
    return best;
}

bool ReplayTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        if (const Marker *marker = markerNear(help->pos()))
            QToolTip::showText(help->globalPos(), marker->tip, this);
        else
            QToolTip::showText(help->globalPos(), toolTip(), this);
        return true;
    }
    return QWidget::event(event);
}

void ReplayTimeline::mousePressEvent(QMouseEvent *event)
{
    if (m_to <= m_from)
        return;
    const QPointF point = event->position();
    if (event->button() == Qt::RightButton) {
        if (const Marker *marker = markerNear(point); marker && marker->bookmark)
            Q_EMIT bookmarkRemovalRequested(marker->time);
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    m_dragTime = m_dragStart = timeAtX(point.x());
    m_drag = (event->modifiers() & Qt::ShiftModifier) ? Drag::Select : Drag::Scrub;
    update();
}

void ReplayTimeline::mouseMoveEvent(QMouseEvent *event)
{
    m_hoverX = event->position().x();
    if (m_drag != Drag::None)
        m_dragTime = timeAtX(event->position().x());
    update();
}

void ReplayTimeline::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || m_drag == Drag::None)
        return;
    const Timestamp at = timeAtX(event->position().x());
    const Drag drag = m_drag;
    m_drag = Drag::None;
    if (drag == Drag::Select) {
        // A selection narrower than a few pixels is a slip, not a range.
        if (std::abs(xForTime(at) - xForTime(m_dragStart)) >= 3)
            setSelection(std::pair{m_dragStart, at});
        update();
        return;
    }
    m_requested = at;
    m_requestedFrames = 0;
    update();
    Q_EMIT jumpRequested(at);
}

void ReplayTimeline::leaveEvent(QEvent *event)
{
    m_hoverX.reset();
    update();
    QWidget::leaveEvent(event);
}

void ReplayTimeline::paintTrack(QPainter &painter, const QRectF &track) const
{
    const QPalette &pal = palette();
    const DeskColors &colours = deskColors();
    const QColor base = pal.color(QPalette::Base);
    painter.fillRect(track, base);

    // Session shading from the trading-day window of the replayed date.
    const Date date = calendar::tradingDateOf(m_from);
    const calendar::TradingDayWindow window = calendar::tradingDayWindow(date);
    // Sessions in greys so the played part (the accent) always reads apart from them.
    const QColor extended = mix(base, colours.neutral, 0.16);
    const QColor regular = mix(base, colours.neutral, 0.34);
    auto shade = [&](Timestamp a, Timestamp b, const QColor &colour) {
        if (b <= m_from || a >= m_to)
            return;
        const double x0 = xForTime(std::max(a, m_from));
        const double x1 = xForTime(std::min(b, m_to));
        painter.fillRect(QRectF(x0, track.top(), x1 - x0, track.height()), colour);
    };
    if (const auto session = calendar::equitySession(date)) {
        shade(session->preMarketOpen, window.regularOpen, extended);
        shade(window.regularOpen, window.regularClose, regular);
        shade(window.regularClose, session->afterHoursClose, extended);
    }

    // The played part: a translucent wash and a solid line along the bottom of the track.
    const double playedX = xForTime(std::min(m_played, m_shown));
    const QRectF played(track.left(), track.top(), playedX - track.left(), track.height());
    painter.fillRect(played, withAlpha(colours.accent, 110));
    painter.fillRect(QRectF(track.left(), track.bottom() - 3, played.width(), 3), colours.accent);

    if (m_selection || m_drag == Drag::Select) {
        const auto [a, b] =
            m_drag == Drag::Select ? std::pair{m_dragStart, m_dragTime} : *m_selection;
        const double x0 = xForTime(std::min(a, b));
        const double x1 = xForTime(std::max(a, b));
        const QRectF selected(x0, track.top() - 2, x1 - x0, track.height() + 4);
        painter.fillRect(selected, withAlpha(colours.warning, 60));
        painter.setPen(QPen(colours.warning, 1.5));
        painter.drawLine(QPointF(x0, selected.top()), QPointF(x0, selected.bottom()));
        painter.drawLine(QPointF(x1, selected.top()), QPointF(x1, selected.bottom()));
    }
    painter.setPen(colours.grid);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(track.adjusted(-0.5, -0.5, 0.5, 0.5));
}

void ReplayTimeline::paintTicks(QPainter &painter, const QRectF &track) const
{
    // Eastern hours are whole UTC hours. Labels every 1, 2, 3, 4 or 6 hours, as room allows.
    const QFontMetrics metrics = fontMetrics();
    const double perHour = track.width() * double(kNanosPerHour) / double(m_to - m_from);
    const double labelWidth = metrics.horizontalAdvance(QStringLiteral("00:00")) + 10;
    int labelStep = 6;
    for (int step : {1, 2, 3, 4})
        if (perHour * step >= labelWidth) {
            labelStep = step;
            break;
        }
    const bool halfHours = perHour >= 60;
    const Timestamp unit = halfHours ? kNanosPerHour / 2 : kNanosPerHour;
    const QColor tick =
        mix(palette().color(QPalette::Window), palette().color(QPalette::WindowText), 0.45);
    const double labelTop = track.bottom() + 4;
    // A range that starts a little after a whole hour (the first recorded tick) still shows
    // that hour at its left end.
    Timestamp first = m_from / unit * unit;
    if (first < m_from - kNanosPerMinute)
        first += unit;
    for (Timestamp t = first; t <= m_to; t += unit) {
        const double x = std::round(xForTime(t)) + 0.5;
        const std::int64_t ofDay = toEastern(t).nanosOfDay;
        const bool wholeHour = ofDay % kNanosPerHour == 0;
        const int hour = int(ofDay / kNanosPerHour);
        const bool labelled = wholeHour && hour % labelStep == 0;
        painter.setPen(tick);
        painter.drawLine(QPointF(x, track.bottom() + 1),
                         QPointF(x, track.bottom() + (labelled    ? 4
                                                      : wholeHour ? 3
                                                                  : 2)));
        if (!labelled)
            continue;
        const QString label = QStringLiteral("%1:00").arg(hour, 2, 10, QLatin1Char('0'));
        const double w = metrics.horizontalAdvance(label);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRectF(x - w / 2, labelTop, w + 1, metrics.height()), Qt::AlignCenter,
                         label);
    }
}

void ReplayTimeline::paintMarkers(QPainter &painter, const QRectF &track) const
{
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const MarketEvent &event : m_events) {
        if (event.time < m_from || event.time > m_to)
            continue;
        // A downward triangle above the track and a hairline through it.
        const double x = xForTime(event.time);
        const QColor colour = eventColour(event.kind);
        painter.setPen(QPen(withAlpha(colour, 170), 1));
        painter.drawLine(QPointF(x, track.top()), QPointF(x, track.bottom()));
        QPainterPath triangle;
        triangle.moveTo(x - 4.5, 1);
        triangle.lineTo(x + 4.5, 1);
        triangle.lineTo(x, kMarkerRow - 1);
        triangle.closeSubpath();
        painter.fillPath(triangle, colour);
    }
    const QColor flag = deskColors().up;
    for (Timestamp t : m_bookmarks) {
        if (t < m_from || t > m_to)
            continue;
        // A small flag: its pole stands on the track, the pennant points right.
        const double x = std::round(xForTime(t)) + 0.5;
        painter.setPen(QPen(flag, 1.2));
        painter.drawLine(QPointF(x, 1), QPointF(x, track.top() + 3));
        QPainterPath pennant;
        pennant.moveTo(x, 1);
        pennant.lineTo(x + 6, 3.5);
        pennant.lineTo(x, 6);
        pennant.closeSubpath();
        painter.fillPath(pennant, flag);
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
}

void ReplayTimeline::paintTimeBubble(QPainter &painter, double x, Timestamp t) const
{
    // The time over the label row, in a box that hides the hour labels below it.
    const QString text = ReplayBar::clockText(t);
    const QFontMetrics metrics = fontMetrics();
    const double w = metrics.horizontalAdvance(text) + 8;
    const double left = std::clamp(x - w / 2, 0.0, width() - w);
    const QRectF box(left, kMarkerRow + kTrackHeight + 2, w, metrics.height() + 1);
    painter.setPen(deskColors().grid);
    painter.setBrush(palette().color(QPalette::ToolTipBase));
    painter.drawRect(box);
    painter.setPen(palette().color(QPalette::ToolTipText));
    painter.drawText(box, Qt::AlignCenter, text);
}

void ReplayTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    if (m_to <= m_from)
        return;
    const QRectF track = trackRect();
    paintTrack(painter, track);
    paintTicks(painter, track);
    paintMarkers(painter, track);

    // The hover line (thin) and the handle (a knob on a line through the track).
    const QColor text = palette().color(QPalette::WindowText);
    if (m_hoverX && m_drag == Drag::None) {
        const double x = std::clamp(*m_hoverX, track.left(), track.right());
        painter.setPen(QPen(withAlpha(text, 120), 1, Qt::DashLine));
        painter.drawLine(QPointF(x, track.top()), QPointF(x, track.bottom()));
    }
    const double hx = handleX();
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QRectF knob(hx - 3.5, track.top() - 3, 7, track.height() + 6);
    painter.setPen(QPen(palette().color(QPalette::Base), 1));
    painter.setBrush(m_paused ? deskColors().warning : text);
    painter.drawRoundedRect(knob, 2, 2);
    painter.setRenderHint(QPainter::Antialiasing, false);

    if (m_drag != Drag::None)
        paintTimeBubble(painter, xForTime(m_dragTime), m_dragTime);
    else if (m_hoverX)
        paintTimeBubble(painter, std::clamp(*m_hoverX, track.left(), track.right()),
                        timeAtX(*m_hoverX));
}

} // namespace mag7::widgets
