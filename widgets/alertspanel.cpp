#include "alertspanel.h"

#include "alerts/alertcenter.h"
#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace mag7::widgets {

namespace {
constexpr Timestamp kLiveWindow = 2 * kNanosPerMinute;

std::string keyOf(const signals::Signal &signal)
{
    return signal.symbol + '|' + signal.playbook + '|' + signals::signalSideName(signal.side);
}

} // namespace

AlertsPanel::AlertsPanel(alerts::AlertCenter &center, QWidget *parent)
    : QWidget(parent)
    , m_center(center)
    , m_list(new QListWidget(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("AlertsPanel"));
    m_list->setObjectName(QStringLiteral("alertList"));
    m_list->setAlternatingRowColors(true);
    m_list->setWordWrap(true);
    m_summary->setContentsMargins(6, 2, 6, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(m_list, 1);
    m_center.setClock([this] { return m_marketTime; });
    connect(&m_center, &alerts::AlertCenter::alertRaised, this,
            [this](const alerts::Alert &alert) { show(alert); });
    connect(&m_center, &alerts::AlertCenter::alertSuppressed, this, [this] { refreshSummary(); });
    connect(&m_center, &alerts::AlertCenter::storageError, this, [this](const QString &message) {
        m_summary->setText(tr("Alerts are not being stored: %1").arg(message));
    });
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT symbolChanged(item->data(Qt::UserRole).toString());
    });
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->setToolTip(tr("Mag7 Desk alerts"));
        m_tray->show();
    }
    refreshSummary();
}

void AlertsPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    m_marketTime = snapshot.marketTime;
    if (!snapshot.signalBoard || snapshot.signalBoard->signals.empty())
        return;
    const auto &all = snapshot.signalBoard->signals;
    // The signals after the last one handled, oldest first.
    std::size_t first = all.size();
    while (first > 0) {
        const signals::Signal &s = all[first - 1];
        if (s.time < m_lastTime || (s.time == m_lastTime && keyOf(s) == m_lastKey))
            break;
        --first;
    }
    for (std::size_t i = first; i < all.size(); ++i) {
        const signals::Signal &signal = all[i];
        if (signal.time + kLiveWindow >= snapshot.marketTime) {
            (void)m_center.recordSignal(signal);
            m_center.raise(alerts::alertFromSignal(signal));
        }
    }
    m_lastTime = all.back().time;
    m_lastKey = keyOf(all.back());
}

void AlertsPanel::show(const alerts::Alert &alert)
{
    const QString title = QString::fromStdString(alert.title);
    const QString body = QString::fromStdString(alert.body);
    auto *item = new QListWidgetItem(
        QStringLiteral("%1  %2\n%3").arg(formatEasternClock(alert.time), title, body));
    item->setData(Qt::UserRole, QString::fromStdString(alert.symbol));
    item->setToolTip(body);
    m_list->insertItem(0, item);
    while (m_list->count() > 500)
        delete m_list->takeItem(m_list->count() - 1);
    QApplication::beep();
    if (m_tray)
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 8000);
    refreshSummary();
}

void AlertsPanel::refreshSummary()
{
    m_summary->setText(
        tr("%1 alert(s), %2 held back by the %3-minute cool-down%4")
            .arg(m_center.deliveredCount())
            .arg(m_center.suppressedCount())
            .arg(m_center.cooldown().count() / 60)
            .arg(m_center.webhook().isConfigured() ? tr("; pushed to the webhook") : QString()));
}

} // namespace mag7::widgets
