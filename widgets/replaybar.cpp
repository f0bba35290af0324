#include "replaybar.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QToolButton>

#include <algorithm>

namespace mag7::widgets {

namespace {

QString speedText(double speed)
{
    if (speed >= ReplayBar::kMaxSpeed)
        return QObject::tr("max");
    return QStringLiteral("%1×").arg(speed);
}

QString bookmarkKey(Date date)
{
    return QStringLiteral("replay/bookmarks/%1").arg(QString::fromStdString(formatDate(date)));
}

} // namespace

QString ReplayBar::clockText(Timestamp t)
{
    const std::int64_t seconds = toEastern(t).nanosOfDay / kNanosPerSecond;
    return QStringLiteral("%1:%2:%3")
        .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
        .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

Timestamp ReplayBar::nextBarClose(Timestamp position, engine::BarInterval interval, Timestamp to)
{
    if (interval == engine::BarInterval::Day1)
        return to;
    // Eastern time is a whole number of hours from UTC, so 09:30 ET is half past a UTC hour:
    // buckets of 1, 5 and 15 minutes close on UTC multiples, hour buckets at half past.
    const std::int64_t unit = engine::barIntervalMinutes(interval) * kNanosPerMinute;
    const std::int64_t offset = interval == engine::BarInterval::Hour1 ? 30 * kNanosPerMinute : 0;
    const std::int64_t buckets = (position - offset) / unit + 1;
    return std::min(buckets * unit + offset, to);
}

ReplayBar::ReplayBar(QWidget *parent)
    : QToolBar(tr("Replay"), parent)
    , m_timeline(new ReplayTimeline(this))
    , m_play(new QToolButton(this))
    , m_speed(new QComboBox(this))
    , m_stepTick(new QToolButton(this))
    , m_stepSecond(new QToolButton(this))
    , m_stepMinute(new QToolButton(this))
    , m_stepBar(new QToolButton(this))
    , m_time(new QLineEdit(this))
    , m_loop(new QToolButton(this))
    , m_bookmark(new QToolButton(this))
{
    setObjectName(QStringLiteral("replayBar"));
    setMovable(false);
    setFloatable(false);
    setFocusPolicy(Qt::StrongFocus);

    m_play->setObjectName(QStringLiteral("replayPlay"));
    m_play->setText(QStringLiteral("❚❚"));
    m_play->setToolTip(tr("Play / pause the replay (Space)"));
    connect(m_play, &QToolButton::clicked, this, [this] { Q_EMIT pauseRequested(!m_paused); });

    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    m_speed->setToolTip(tr("Replay speed (virtual seconds per second)"));
    for (double speed : kSpeeds)
        m_speed->addItem(speedText(speed), speed);
    m_speed->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_speed, &QComboBox::activated, this,
            [this](int index) { Q_EMIT speedRequested(m_speed->itemData(index).toDouble()); });

    m_stepTick->setObjectName(QStringLiteral("replayStepTick"));
    m_stepTick->setText(tr("+tick"));
    m_stepTick->setToolTip(tr("Pause and step to the next recorded tick (with every tick at its "
                              "time)"));
    connect(m_stepTick, &QToolButton::clicked, this,
            [this] { Q_EMIT stepRequested(engine::ReplayStep::Tick); });
    m_stepSecond->setObjectName(QStringLiteral("replayStepSecond"));
    m_stepSecond->setText(tr("+1s"));
    m_stepSecond->setToolTip(tr("Pause and step to the next whole second"));
    connect(m_stepSecond, &QToolButton::clicked, this,
            [this] { Q_EMIT stepRequested(engine::ReplayStep::Second); });
    m_stepMinute->setObjectName(QStringLiteral("replayStepMinute"));
    m_stepMinute->setText(tr("+1m"));
    m_stepMinute->setToolTip(tr("Pause and step to the next whole minute (one 1-minute bar)"));
    connect(m_stepMinute, &QToolButton::clicked, this,
            [this] { Q_EMIT stepRequested(engine::ReplayStep::Minute); });

    m_stepBar->setObjectName(QStringLiteral("replayStepBar"));
    m_stepBar->setText(tr("+bar"));
    m_stepBar->setToolTip(tr("Pause and step to the close of the chart's forming bar (its "
                             "timeframe: 5m steps to the next whole 5 minutes)"));
    connect(m_stepBar, &QToolButton::clicked, this, &ReplayBar::barStepRequested);

    m_time->setObjectName(QStringLiteral("replayTime"));
    m_time->setToolTip(tr("Market time (Eastern): type HH:MM:SS and Enter to jump there"));
    m_time->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral(R"(\d{0,2}(:\d{0,2}(:\d{0,2})?)?)")), m_time));
    m_time->setAlignment(Qt::AlignCenter);
    m_time->setFixedWidth(m_time->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00")) + 16);
    connect(m_time, &QLineEdit::returnPressed, this, [this] {
        if (jumpToTypedTime(m_time->text()))
            m_timeline->setFocus(Qt::OtherFocusReason);
    });

    m_loop->setObjectName(QStringLiteral("replayLoop"));
    m_loop->setText(tr("Loop"));
    m_loop->setCheckable(true);
    m_loop->setToolTip(tr("Loop the selected range (Shift+drag on the timeline selects it)"));
    connect(m_loop, &QToolButton::toggled, this, [this] { m_loopJumpPending = false; });

    m_bookmark->setObjectName(QStringLiteral("replayBookmark"));
    auto *bookmark = new QAction(tr("Bookmark"), this);
    bookmark->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    bookmark->setShortcutContext(Qt::WindowShortcut);
    bookmark->setToolTip(tr("Bookmark the current time (Ctrl+B)"));
    connect(bookmark, &QAction::triggered, this, [this] { addBookmark(m_timeline->position()); });
    m_bookmark->setDefaultAction(bookmark);

    connect(m_timeline, &ReplayTimeline::jumpRequested, this, &ReplayBar::jumpRequested);
    connect(m_timeline, &ReplayTimeline::bookmarkRemovalRequested, this,
            &ReplayBar::removeBookmark);
    connect(m_timeline, &ReplayTimeline::selectionChanged, this, [this] {
        m_loopJumpPending = false;
        const auto &selection = m_timeline->selection();
        m_loop->setToolTip(selection
                               ? tr("Loop %1 – %2 ET")
                                     .arg(clockText(selection->first), clockText(selection->second))
                               : tr("Loop the selected range (Shift+drag on the "
                                    "timeline selects it)"));
    });

    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(4, 1, 4, 1);
    layout->setSpacing(4);
    layout->addWidget(m_play);
    layout->addWidget(m_speed);
    layout->addWidget(m_stepTick);
    layout->addWidget(m_stepSecond);
    layout->addWidget(m_stepMinute);
    layout->addWidget(m_stepBar);
    layout->addWidget(m_time);
    layout->addWidget(m_timeline, 1);
    layout->addWidget(m_loop);
    layout->addWidget(m_bookmark);
    addWidget(row);
    hide();
}

void ReplayBar::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    const engine::FeedStatus &feed = snapshot.feed;
    if (isHidden() == feed.replay)
        setVisible(feed.replay);
    if (!feed.replay || feed.replayTo <= feed.replayFrom)
        return;
    if (feed.replayFrom != m_from || feed.replayTo != m_to) {
        m_from = feed.replayFrom;
        m_to = feed.replayTo;
        m_tradingDate = calendar::tradingDateOf(m_from);
        m_timeline->setRange(m_from, m_to);
        loadBookmarks();
    }
    // The handle follows the market clock; the played part is what the replay has delivered.
    const Timestamp clock = snapshot.marketTime > 0 ? snapshot.marketTime : feed.replayPosition;
    const Timestamp position = std::clamp(clock, m_from, m_to);
    const bool paused =
        feed.state == engine::FeedState::Paused || feed.state == engine::FeedState::Stopped;
    m_timeline->setPosition(position, std::clamp(feed.replayPosition, m_from, m_to), paused);
    if (paused != m_paused || m_shownSecond < 0) {
        m_paused = paused;
        m_play->setText(paused ? QStringLiteral("▶") : QStringLiteral("❚❚"));
    }
    showSpeed(feed.speed);
    const std::int64_t second = position / kNanosPerSecond;
    if (second != m_shownSecond && !m_time->hasFocus()) {
        m_shownSecond = second;
        m_time->setText(clockText(position));
    }
    runLoop(position);
}

void ReplayBar::runLoop(Timestamp position)
{
    const auto &selection = m_timeline->selection();
    if (m_loop->isChecked() && selection) {
        const auto [a, b] = *selection;
        if (position < b) {
            m_loopJumpPending = false;
        } else if (!m_loopJumpPending && m_lastPosition < b && m_lastPosition >= a) {
            // Passing the end while playing through the selection: back to its start, once.
            m_loopJumpPending = true;
            Q_EMIT jumpRequested(a);
        }
    }
    m_lastPosition = position;
}

void ReplayBar::showSpeed(double speed)
{
    if (speed == m_shownSpeed)
        return;
    m_shownSpeed = speed;
    const int index = m_speed->findData(speed);
    m_speed->setCurrentIndex(index);
    if (index < 0)
        m_speed->setPlaceholderText(speedText(speed));
}

void ReplayBar::setEvents(std::vector<MarketEvent> events)
{
    m_timeline->setEvents(std::move(events));
}

void ReplayBar::addBookmark(Timestamp t)
{
    if (m_to <= m_from || t < m_from || t > m_to)
        return;
    const auto at = std::lower_bound(m_bookmarks.begin(), m_bookmarks.end(), t);
    if (at != m_bookmarks.end() && *at == t)
        return;
    m_bookmarks.insert(at, t);
    saveBookmarks();
    m_timeline->setBookmarks(m_bookmarks);
    Q_EMIT message(tr("Bookmark at %1 ET").arg(clockText(t)));
}

void ReplayBar::removeBookmark(Timestamp t)
{
    const auto at = std::find(m_bookmarks.begin(), m_bookmarks.end(), t);
    if (at == m_bookmarks.end())
        return;
    m_bookmarks.erase(at);
    saveBookmarks();
    m_timeline->setBookmarks(m_bookmarks);
    Q_EMIT message(tr("Bookmark at %1 ET removed").arg(clockText(t)));
}

void ReplayBar::loadBookmarks()
{
    m_bookmarks.clear();
    const QStringList stored = QSettings().value(bookmarkKey(m_tradingDate)).toStringList();
    for (const QString &text : stored) {
        bool ok = false;
        const Timestamp t = text.toLongLong(&ok);
        if (ok)
            m_bookmarks.push_back(t);
    }
    std::sort(m_bookmarks.begin(), m_bookmarks.end());
    m_bookmarks.erase(std::unique(m_bookmarks.begin(), m_bookmarks.end()), m_bookmarks.end());
    m_timeline->setBookmarks(m_bookmarks);
}

void ReplayBar::saveBookmarks() const
{
    QStringList stored;
    stored.reserve(qsizetype(m_bookmarks.size()));
    for (Timestamp t : m_bookmarks)
        stored.push_back(QString::number(t));
    QSettings settings;
    if (stored.isEmpty())
        settings.remove(bookmarkKey(m_tradingDate));
    else
        settings.setValue(bookmarkKey(m_tradingDate), stored);
}

void ReplayBar::setSelection(Timestamp a, Timestamp b)
{
    m_timeline->setSelection(std::pair{a, b});
}

void ReplayBar::clearSelection()
{
    m_timeline->setSelection(std::nullopt);
}

QString ReplayBar::rangeText() const
{
    return tr("%1 – %2 ET").arg(clockText(m_from), clockText(m_to));
}

bool ReplayBar::jumpToTypedTime(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^(\d{1,2}):(\d{2})(?::(\d{2}))?$)"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    const int hour = match.hasMatch() ? match.captured(1).toInt() : -1;
    const int minute = match.hasMatch() ? match.captured(2).toInt() : -1;
    const int second = match.hasMatch() ? match.captured(3).toInt() : -1;
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
        Q_EMIT message(tr("'%1' is not a time: type HH:MM:SS (Eastern)").arg(text));
        return false;
    }
    // The range may start the evening before: try the Eastern dates of both of its ends.
    const std::int64_t ofDay = timeOfDay(hour, minute, second);
    for (Timestamp end : {m_from, m_to}) {
        const Timestamp t = fromEastern(easternDate(end), ofDay);
        if (m_to > m_from && t >= m_from && t <= m_to) {
            Q_EMIT jumpRequested(t);
            return true;
        }
    }
    Q_EMIT message(tr("%1 is outside the replayed range %2").arg(text.trimmed(), rangeText()));
    return false;
}

void ReplayBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && event->modifiers() == Qt::NoModifier) {
        Q_EMIT pauseRequested(!m_paused);
        return;
    }
    if (event->key() == Qt::Key_Escape && m_timeline->selection()) {
        clearSelection();
        return;
    }
    QToolBar::keyPressEvent(event);
}

} // namespace mag7::widgets
