#include "alerts/webhooksender.h"

#include "logging/logging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace mag7::alerts {

namespace {

// HTTP status that is worth retrying: rate limiting and server-side failures.
bool retryableStatus(int status)
{
    return status == 429 || (status >= 500 && status <= 599);
}

} // namespace

QString webhookStatusText(bool delivered, int attempts, const QString &reason)
{
    const QString tries =
        attempts == 1 ? QStringLiteral("1 attempt") : QStringLiteral("%1 attempts").arg(attempts);
    if (delivered)
        return QStringLiteral("delivered after ") + tries;
    return QStringLiteral("failed after %1: %2").arg(tries, reason);
}

WebhookSender::WebhookSender(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{}

WebhookSender::~WebhookSender()
{
    for (auto &request : m_requests)
        if (request.reply != nullptr) {
            request.reply->disconnect(this);
            request.reply->abort();
        }
}

Status WebhookSender::configure(const WebhookConfig &config)
{
    const QUrl &url = config.url;
    const QString shown = url.toString();
    if (!url.isValid())
        return Error{"webhook URL '" + shown.toStdString() +
                     "' is not valid: " + url.errorString().toStdString()};
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return Error{"webhook URL '" + shown.toStdString() +
                     "' must start with http:// or https://"};
    if (url.host().isEmpty())
        return Error{"webhook URL '" + shown.toStdString() + "' has no host"};
    if (config.maxAttempts < 1 || config.maxAttempts > 100)
        return Error{"webhook max attempts " + std::to_string(config.maxAttempts) +
                     " is outside 1..100"};
    if (config.initialDelay.count() < 0 || !(config.backoffFactor >= 1.0) ||
        config.backoffFactor > 60.0)
        return Error{"webhook backoff: initial delay must be >= 0 and factor within 1..60"};
    if (config.timeout.count() <= 0)
        return Error{"webhook timeout must be positive"};
    m_config = config;
    m_configured = true;
    return Status::success();
}

void WebhookSender::clear()
{
    m_configured = false;
}

quint64 WebhookSender::send(const Alert &alert)
{
    if (!m_configured)
        return 0;
    const quint64 id = m_nextId++;
    Request request;
    request.url = m_config.url;
    request.body = alertJson(alert);
    request.config = m_config;
    m_requests.insert(id, request);
    // Posted from the event loop so that send() returns before any network work starts.
    QTimer::singleShot(0, this, [this, id]() { post(id); });
    return id;
}

void WebhookSender::post(quint64 id)
{
    auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    Request &request = it.value();
    ++request.attempts;
    QNetworkRequest http(request.url);
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    http.setTransferTimeout(static_cast<int>(request.config.timeout.count()));
    QNetworkReply *reply = m_network->post(http, request.body);
    request.reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, id, reply]() { onFinished(id, reply); });
}

void WebhookSender::onFinished(quint64 id, QNetworkReply *reply)
{
    reply->deleteLater();
    auto it = m_requests.find(id);
    if (it == m_requests.end())
        return;
    it->reply = nullptr;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const std::chrono::milliseconds backoff{static_cast<std::int64_t>(
        std::llround(static_cast<double>(it->config.initialDelay.count()) *
                     std::pow(it->config.backoffFactor, it->attempts - 1)))};
    if (!statusAttribute.isValid()) {
        const QString reason =
            reply->error() == QNetworkReply::OperationCanceledError
                ? QStringLiteral("timed out after %1 ms").arg(it->config.timeout.count())
                : reply->errorString();
        retryOrFail(id, reason, backoff);
        return;
    }
    const int status = statusAttribute.toInt();
    if (status >= 200 && status <= 299) {
        finish(id, true, {});
        return;
    }
    const QString reason =
        QStringLiteral("HTTP %1 %2")
            .arg(status)
            .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString())
            .trimmed();
    if (!retryableStatus(status)) {
        finish(id, false, reason);
        return;
    }
    std::chrono::milliseconds delay = backoff;
    bool ok = false;
    const int retryAfter =
        QString::fromLatin1(reply->rawHeader("Retry-After")).trimmed().toInt(&ok);
    if (ok && retryAfter >= 0)
        delay = std::min(std::chrono::milliseconds(std::int64_t{retryAfter} * 1000),
                         it->config.maxRetryAfter);
    retryOrFail(id, reason, delay);
}

void WebhookSender::retryOrFail(quint64 id, const QString &reason, std::chrono::milliseconds delay)
{
    Request &request = m_requests[id];
    if (request.attempts >= request.config.maxAttempts) {
        finish(id, false, reason);
        return;
    }
    logging::get("alerts")->info("webhook {}: attempt {} failed ({}); retrying in {} ms",
                                 request.url.toString().toStdString(), request.attempts,
                                 reason.toStdString(), delay.count());
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, id, timer]() {
        timer->deleteLater();
        post(id);
    });
    timer->start(delay);
}

void WebhookSender::finish(quint64 id, bool ok, const QString &reason)
{
    const Request request = m_requests.take(id);
    if (ok) {
        Q_EMIT delivered(id, request.attempts);
        return;
    }
    logging::get("alerts")->warn("webhook {}: {}", request.url.toString().toStdString(),
                                 webhookStatusText(false, request.attempts, reason).toStdString());
    Q_EMIT failed(id, request.attempts, reason);
}

} // namespace mag7::alerts
