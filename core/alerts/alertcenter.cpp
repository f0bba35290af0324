#include "alerts/alertcenter.h"

#include "logging/logging.h"
#include "storage/deskdatabase.h"

#include <QDateTime>

namespace mag7::alerts {

namespace {

// Alert inputs and signal values as the desk database's named values.
template <class Value>
std::vector<storage::DeskDatabase::NamedValue> namedValues(const std::vector<Value> &values)
{
    std::vector<storage::DeskDatabase::NamedValue> out;
    out.reserve(values.size());
    for (const auto &value : values)
        out.push_back({value.name, value.value});
    return out;
}

} // namespace

AlertCenter::AlertCenter(storage::DeskDatabase *database, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_webhook(new WebhookSender(this))
    , m_clock([]() { return Timestamp{QDateTime::currentMSecsSinceEpoch()} * 1'000'000; })
{
    connect(m_webhook, &WebhookSender::delivered, this, [this](quint64 request, int attempts) {
        onWebhookFinished(request, true, attempts, {});
    });
    connect(m_webhook, &WebhookSender::failed, this,
            [this](quint64 request, int attempts, const QString &reason) {
                onWebhookFinished(request, false, attempts, reason);
            });
}

void AlertCenter::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void AlertCenter::setCooldown(std::chrono::seconds cooldown)
{
    m_cooldown = std::max(cooldown, std::chrono::seconds{0});
}

Status AlertCenter::setWebhook(const WebhookConfig &config)
{
    return m_webhook->configure(config);
}

void AlertCenter::clearWebhook()
{
    m_webhook->clear();
}

Alert AlertCenter::raise(Alert alert)
{
    const Timestamp now = m_clock();
    if (alert.time == 0)
        alert.time = now;
    const std::string key = alert.effectiveKey();
    const Timestamp cooldown = Timestamp{m_cooldown.count()} * 1'000'000'000;
    auto last = m_lastDelivered.find(key);
    alert.suppressed =
        cooldown > 0 && last != m_lastDelivered.end() && now - last->second < cooldown;
    if (!alert.suppressed)
        m_lastDelivered[key] = now;
    const bool push = !alert.suppressed && m_webhook->isConfigured();

    if (m_database != nullptr) {
        storage::DeskDatabase::AlertRecord record;
        record.time = alert.time;
        record.kind = alertKindName(alert.kind);
        record.symbol = alert.symbol;
        record.title = alert.title;
        record.body = alert.body;
        record.inputs = namedValues(alert.inputs);
        record.key = key;
        record.suppressed = alert.suppressed;
        record.webhookStatus = push ? "pending" : "";
        auto id = m_database->writeAlert(record);
        if (id) {
            alert.id = id.value();
        } else {
            logging::get("alerts")->error("storing alert '{}': {}", alert.title, id.message());
            Q_EMIT storageError(QString::fromStdString(id.message()));
        }
    }

    if (alert.suppressed) {
        ++m_suppressed;
        Q_EMIT alertSuppressed(alert);
        return alert;
    }
    ++m_delivered;
    if (push)
        m_webhookAlerts[m_webhook->send(alert)] = alert.id;
    Q_EMIT alertRaised(alert);
    return alert;
}

Result<std::int64_t> AlertCenter::recordSignal(const signals::Signal &signal)
{
    if (m_database == nullptr)
        return std::int64_t{0};
    storage::DeskDatabase::SignalRecord record;
    record.time = signal.time;
    record.symbol = signal.symbol;
    record.playbook = signal.playbook;
    record.side = signals::signalSideName(signal.side);
    record.reason = signal.reason;
    record.price = signal.price;
    record.stop = signal.stop;
    record.target = signal.target;
    record.inputs = namedValues(signal.inputs);
    record.thresholds = namedValues(signal.thresholds);
    auto id = m_database->writeSignal(record);
    if (!id) {
        logging::get("alerts")->error("storing signal of {} on {}: {}", signal.playbook,
                                      signal.symbol, id.message());
        Q_EMIT storageError(QString::fromStdString(id.message()));
    }
    return id;
}

void AlertCenter::onWebhookFinished(quint64 request, bool ok, int attempts, const QString &reason)
{
    const auto it = m_webhookAlerts.find(request);
    if (it == m_webhookAlerts.end())
        return;
    const std::int64_t alertId = it->second;
    m_webhookAlerts.erase(it);
    const QString status = webhookStatusText(ok, attempts, reason);
    if (m_database != nullptr && alertId != 0) {
        if (Status s = m_database->setAlertWebhookStatus(alertId, status.toStdString()); !s) {
            logging::get("alerts")->error("storing webhook status: {}", s.message());
            Q_EMIT storageError(QString::fromStdString(s.message()));
        }
    }
    Q_EMIT webhookFinished(alertId, ok, status);
}

} // namespace mag7::alerts
