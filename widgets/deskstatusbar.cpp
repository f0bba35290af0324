#include "deskstatusbar.h"

#include "model/easterntime.h"
#include "theme.h"

#include <QFileInfo>
#include <QLabel>
#include <QLocale>

#include <algorithm>

namespace mag7::widgets {

namespace {
QString colored(const QString &text, const QColor &color)
{
    return QStringLiteral("<span style='color:%1'>%2</span>").arg(color.name(), text);
}

QString weekdayName(Date date)
{
    static const char *names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    return QString::fromLatin1(names[weekday(date)]);
}
} // namespace

QString DeskStatusBar::feedStateText(engine::FeedState state)
{
    switch (state) {
    case engine::FeedState::Starting:
        return tr("STARTING");
    case engine::FeedState::CatchingUp:
        return tr("CATCHING UP");
    case engine::FeedState::Live:
        return tr("LIVE");
    case engine::FeedState::Paused:
        return tr("PAUSED");
    case engine::FeedState::Stalled:
        return tr("STALLED");
    case engine::FeedState::Stopped:
        return tr("STOPPED");
    case engine::FeedState::Failed:
        return tr("FAILED");
    }
    return {};
}

QString DeskStatusBar::sessionText(SessionPhase phase)
{
    switch (phase) {
    case SessionPhase::Closed:
        return tr("Closed");
    case SessionPhase::PreMarket:
        return tr("Pre-market");
    case SessionPhase::Regular:
        return tr("Regular session");
    case SessionPhase::AfterHours:
        return tr("After hours");
    }
    return {};
}

DeskStatusBar::DeskStatusBar(QWidget *parent)
    : QStatusBar(parent)
    , m_feed(new QLabel(this))
    , m_clock(new QLabel(this))
    , m_session(new QLabel(this))
    , m_rate(new QLabel(this))
    , m_recording(new QLabel(this))
{
    setObjectName(QStringLiteral("DeskStatusBar"));
    setSizeGripEnabled(false);
    m_feed->setObjectName(QStringLiteral("feedLabel"));
    m_clock->setObjectName(QStringLiteral("clockLabel"));
    m_rate->setObjectName(QStringLiteral("rateLabel"));
    m_recording->setObjectName(QStringLiteral("recordingLabel"));
    for (QLabel *label : {m_feed, m_clock, m_session, m_rate, m_recording})
        label->setTextFormat(Qt::RichText);
    addWidget(m_feed);
    addWidget(m_clock);
    addWidget(m_session);
    addPermanentWidget(m_rate);
    addPermanentWidget(m_recording);
    m_feed->setToolTip(tr("Market data source and state; speed is virtual seconds per second"));
    m_clock->setToolTip(tr("Market clock (US/Eastern)"));
    m_rate->setToolTip(tr("Ticks received per second"));
    m_recording->setToolTip(tr("Tick recording into the day's SQLite file"));
}

void DeskStatusBar::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    const DeskColors &colors = deskColors();
    const auto &feed = snapshot.feed;
    QColor stateColor = colors.up;
    if (feed.state == engine::FeedState::Paused || feed.state == engine::FeedState::Starting ||
        feed.state == engine::FeedState::CatchingUp)
        stateColor = colors.warning;
    else if (feed.state != engine::FeedState::Live)
        stateColor = colors.down;
    QString speed;
    if (feed.speed != 1.0)
        speed = QStringLiteral(" %1×").arg(feed.speed, 0, 'g', 4);
    QString source = feed.simulated ? QStringLiteral("<b>SIM</b>")
                                    : QString::fromStdString(feed.source).toHtmlEscaped();
    if (feed.replay) {
        // Replay and live never look alike: an amber REPLAY badge with the recorded date and how
        // far the range has been played.
        const double span = static_cast<double>(feed.replayTo - feed.replayFrom);
        const double done =
            span > 0 ? 100.0 * static_cast<double>(feed.replayPosition - feed.replayFrom) / span
                     : 0.0;
        source = QStringLiteral("%1 %2 · %3%")
                     .arg(colored(QStringLiteral("<b>REPLAY</b>"), colors.warning),
                          QString::fromStdString(formatDate(toEastern(feed.replayFrom).date)))
                     .arg(std::clamp(done, 0.0, 100.0), 0, 'f', 0);
    }
    m_feed->setText(QStringLiteral("%1 %2%3").arg(
        source, colored(QStringLiteral("● ") + feedStateText(feed.state), stateColor), speed));
    if (!feed.message.empty())
        m_feed->setToolTip(QString::fromStdString(feed.message));

    if (snapshot.marketTime > 0) {
        const LocalDateTime local = toEastern(snapshot.marketTime);
        const std::int64_t seconds = local.nanosOfDay / kNanosPerSecond;
        m_clock->setText(
            QStringLiteral("%1 %2 <b>%3:%4:%5</b> ET")
                .arg(weekdayName(local.date), QString::fromStdString(formatDate(local.date)))
                .arg(seconds / 3600, 2, 10, QLatin1Char('0'))
                .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
                .arg(seconds % 60, 2, 10, QLatin1Char('0')));
    }
    QString session = sessionText(snapshot.phase);
    if (snapshot.futuresOpen && snapshot.phase == SessionPhase::Closed)
        session += tr(" · futures open");
    m_session->setText(
        colored(session, snapshot.phase == SessionPhase::Regular ? colors.up : colors.neutral));

    m_rate->setText(QStringLiteral("%1 ticks/s")
                        .arg(QLocale(QLocale::English).toString(snapshot.ticksPerSecond, 'f', 0)));

    const auto &rec = snapshot.recording;
    if (!rec.error.empty()) {
        m_recording->setText(colored(tr("REC error"), colors.down));
        m_recording->setToolTip(QString::fromStdString(rec.error));
    } else if (rec.recording) {
        m_recording->setText(QStringLiteral("%1 %2 · %3")
                                 .arg(colored(QStringLiteral("● REC"), colors.down),
                                      QFileInfo(QString::fromStdString(rec.currentFile)).fileName(),
                                      formatBytes(static_cast<double>(rec.bytesOnDisk))));
        m_recording->setToolTip(QString::fromStdString(rec.currentFile));
    } else {
        m_recording->setText(
            colored(feed.replay ? tr("REC off · replay") : tr("REC off"), colors.neutral));
    }
}

QString DeskStatusBar::feedText() const
{
    return m_feed->text();
}
QString DeskStatusBar::clockText() const
{
    return m_clock->text();
}
QString DeskStatusBar::rateText() const
{
    return m_rate->text();
}
QString DeskStatusBar::recordingText() const
{
    return m_recording->text();
}

} // namespace mag7::widgets
