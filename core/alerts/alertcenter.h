#pragma once
// The AlertCenter: every alert goes through raise(). An alert whose key was delivered less than
// the cool-down ago is a duplicate: it is counted and stored as suppressed and not delivered.
// Delivered alerts are emitted (alertRaised: the UI's panel, desktop notification and sound)
// and pushed to the webhook when one is configured; the webhook outcome is written back to the
// alert's stored row. Every raised alert and every recorded playbook signal is stored in the
// desk database with its inputs.
//
// Threading: one thread with an event loop (normally the GUI thread); the desk database passed
// in must only be used from that thread while the AlertCenter lives.

#include "alerts/alert.h"
#include "alerts/webhooksender.h"
#include "model/result.h"
#include "signals/playbook.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <string>
#include <unordered_map>

namespace mag7::storage {
class DeskDatabase;
}

namespace mag7::alerts {

class AlertCenter : public QObject {
    Q_OBJECT
public:
    using Clock = std::function<Timestamp()>; // UTC nanoseconds

    // `database` may be null (nothing is stored); it must outlive the AlertCenter.
    explicit AlertCenter(storage::DeskDatabase *database, QObject *parent = nullptr);

    void setClock(Clock clock);                      // default: the system clock
    void setCooldown(std::chrono::seconds cooldown); // default 300 s; 0 turns it off
    std::chrono::seconds cooldown() const { return m_cooldown; }

    Status setWebhook(const WebhookConfig &config); // a bad URL is refused here
    void clearWebhook();
    WebhookSender &webhook() { return *m_webhook; }

    // Applies the cool-down, stores the alert and, when it is not suppressed, emits alertRaised
    // and pushes it to the webhook. Returns the alert as stored (id, time, suppressed set).
    Alert raise(Alert alert);
    // Stores a playbook signal with its inputs and thresholds; returns its row id (0 without a
    // database). Use raise(alertFromSignal(signal)) to alert on it as well.
    Result<std::int64_t> recordSignal(const signals::Signal &signal);

    int deliveredCount() const { return m_delivered; }
    int suppressedCount() const { return m_suppressed; }

Q_SIGNALS:
    void alertRaised(const mag7::alerts::Alert &alert);
    void alertSuppressed(const mag7::alerts::Alert &alert);
    // The webhook outcome of a delivered alert (status as in webhookStatusText).
    void webhookFinished(qint64 alertId, bool delivered, const QString &status);
    // A store failed (the alert itself is still delivered); the message names the file.
    void storageError(const QString &message);

private:
    void onWebhookFinished(quint64 request, bool ok, int attempts, const QString &reason);

    storage::DeskDatabase *m_database;
    WebhookSender *m_webhook;
    Clock m_clock;
    std::chrono::seconds m_cooldown{300};
    std::unordered_map<std::string, Timestamp> m_lastDelivered; // key -> delivery time
    std::unordered_map<quint64, std::int64_t> m_webhookAlerts;  // request -> alert id
    int m_delivered = 0;
    int m_suppressed = 0;
};

} // namespace mag7::alerts
