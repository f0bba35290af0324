#include "alertspanel.h"

#include "alerts/alertcenter.h"
#include "logging/logging.h"
#include "theme.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

#include <cmath>

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
    , m_settingsButton(new QPushButton(tr("Alert settings…"), this))
{
    setObjectName(QStringLiteral("AlertsPanel"));
    m_list->setObjectName(QStringLiteral("alertList"));
    m_list->setAlternatingRowColors(true);
    m_list->setWordWrap(true);
    m_summary->setContentsMargins(6, 2, 6, 2);
    m_summary->setWordWrap(true);
    m_settingsButton->setObjectName(QStringLiteral("alertSettings"));
    m_settingsButton->setToolTip(tr("Webhook, cool-down, sound, notifications, the levels and "
                                    "scanner matches that alert"));
    connect(m_settingsButton, &QPushButton::clicked, this, &AlertsPanel::editSettings);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 4, 0);
    header->addWidget(m_summary, 1);
    header->addWidget(m_settingsButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
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
    applySettings(AlertSettings::load(QSettings()));
}

void AlertsPanel::applySettings(const AlertSettings &settings)
{
    m_settings = settings;
    m_settingsProblem.clear();
    m_center.setCooldown(std::chrono::seconds(settings.cooldownSeconds));
    if (settings.webhookUrl.isEmpty()) {
        m_center.clearWebhook();
    } else {
        alerts::WebhookConfig webhook;
        webhook.url = QUrl(settings.webhookUrl, QUrl::StrictMode);
        if (const Status configured = m_center.setWebhook(webhook); !configured) {
            m_center.clearWebhook();
            m_settingsProblem = QString::fromStdString(configured.message());
            logging::get("desk")->error("alerts webhook: {}", configured.message());
        }
    }
    m_levelWatch.setKinds(settings.levelKinds);
    refreshSummary();
}

void AlertsPanel::editSettings()
{
    AlertSettingsDialog dialog(m_center, m_settings, this);
    if (dialog.exec() == QDialog::Accepted)
        applySettings(dialog.settings());
}

void AlertsPanel::onScan(const QString &rule, const std::vector<alerts::ScanHit> &hits)
{
    // The watch always sees the scan (it is the reference for the next one); alerts only live.
    std::vector<alerts::Alert> raised = m_scanWatch.update(rule.toStdString(), hits, m_marketTime);
    if (!m_live || !m_settings.scannerHits)
        return;
    for (alerts::Alert &alert : raised)
        m_center.raise(std::move(alert));
}

void AlertsPanel::raiseLevelCrossings(const engine::DeskSnapshot &snapshot)
{
    for (std::size_t i = 0; i < snapshot.quotes.size(); ++i) {
        const engine::QuoteRow &row = snapshot.quotes[i];
        const double last = row.lastPrice();
        if (!std::isfinite(last))
            continue;
        // Charts come in quote board order.
        const engine::ChartSeries *chart =
            i < snapshot.charts.size() && snapshot.charts[i].symbol == row.symbol
                ? &snapshot.charts[i]
                : snapshot.chart(row.symbol);
        if (!chart || !chart->sessionLevels)
            continue;
        std::vector<alerts::Alert> crossings =
            m_levelWatch.update(row.symbol, last, *chart->sessionLevels, snapshot.marketTime);
        if (!m_live)
            continue;
        for (alerts::Alert &alert : crossings)
            m_center.raise(std::move(alert));
    }
}

void AlertsPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    m_marketTime = snapshot.marketTime;
    m_live = snapshot.feed.state == engine::FeedState::Live;
    raiseLevelCrossings(snapshot);
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
    if (m_settings.sound)
        QApplication::beep();
    if (m_tray && m_settings.desktop)
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 8000);
    refreshSummary();
}

void AlertsPanel::refreshSummary()
{
    const auto cooldown = m_center.cooldown().count();
    const QString heldBack = cooldown == 0        ? tr("no cool-down")
                             : cooldown % 60 == 0 ? tr("%1 held back by the %2-minute cool-down")
                                                        .arg(m_center.suppressedCount())
                                                        .arg(cooldown / 60)
                                                  : tr("%1 held back by the %2-second cool-down")
                                                        .arg(m_center.suppressedCount())
                                                        .arg(cooldown);
    QString text = tr("%1 alert(s), %2").arg(m_center.deliveredCount()).arg(heldBack);
    if (m_center.webhook().isConfigured())
        text += tr("; pushed to the webhook");
    if (!m_settingsProblem.isEmpty())
        text += tr("; webhook off: %1").arg(m_settingsProblem);
    m_summary->setText(text);
}

} // namespace mag7::widgets
