#pragma once
// Webhook push of alerts (so the phone gets them): an HTTP POST of the alert's JSON
// (alertJson) to the configured URL. A network error, a timeout, HTTP 429 or 5xx is retried
// with exponential backoff (initial delay x factor^(attempt-1); a Retry-After of N seconds is
// honoured up to maxRetryAfter); any other 4xx gives up at once. Every request ends in exactly
// one delivered() or failed(). send() never blocks: the work runs on the owner's event loop.
//
// Threading: lives on one thread with an event loop (the GUI thread or any worker).

#include "alerts/alert.h"
#include "model/result.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace mag7::alerts {

struct WebhookConfig {
    QUrl url; // http or https with a host
    std::chrono::milliseconds initialDelay{2000};
    double backoffFactor = 2.0;
    int maxAttempts = 5;
    std::chrono::milliseconds timeout{10000};       // per request
    std::chrono::milliseconds maxRetryAfter{60000}; // cap on a server's Retry-After
};

class WebhookSender : public QObject {
    Q_OBJECT
public:
    explicit WebhookSender(QObject *parent = nullptr);
    ~WebhookSender() override;

    // Refuses a URL that is not absolute http(s) with a host, and out-of-range settings, with
    // a message naming the value; the previous configuration stays in force then.
    Status configure(const WebhookConfig &config);
    void clear(); // no webhook; requests in flight still finish
    bool isConfigured() const { return m_configured; }
    const WebhookConfig &config() const { return m_config; }

    // Queues the alert's POST; returns the request id reported by delivered()/failed(), or 0
    // when no webhook is configured.
    quint64 send(const Alert &alert);
    int pendingCount() const { return static_cast<int>(m_requests.size()); }

Q_SIGNALS:
    void delivered(quint64 request, int attempts);
    void failed(quint64 request, int attempts, const QString &reason);

private:
    struct Request {
        QUrl url;
        QByteArray body;
        WebhookConfig config;
        int attempts = 0;
        QNetworkReply *reply = nullptr;
    };
    void post(quint64 id);
    void onFinished(quint64 id, QNetworkReply *reply);
    void retryOrFail(quint64 id, const QString &reason, std::chrono::milliseconds delay);
    void finish(quint64 id, bool ok, const QString &reason);

    QNetworkAccessManager *m_network;
    WebhookConfig m_config;
    bool m_configured = false;
    quint64 m_nextId = 1;
    QHash<quint64, Request> m_requests;
};

// "delivered after 3 attempts" / "failed after 5 attempts: <reason>" for the alert's stored
// webhook status.
QString webhookStatusText(bool delivered, int attempts, const QString &reason = {});

} // namespace mag7::alerts
