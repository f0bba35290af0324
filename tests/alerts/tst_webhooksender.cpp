#include "alerts/webhooksender.h"
#include "httptestserver.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>

using namespace mag7;
using namespace mag7::alerts;
using namespace mag7::alerts::testing;
using namespace std::chrono_literals;

namespace {

Alert sampleAlert()
{
    Alert alert;
    alert.time = Timestamp{1'736'779'500'250} * 1'000'000; // 2025-01-13T14:45:00.250Z
    alert.kind = AlertKind::Signal;
    alert.symbol = "NVDA";
    alert.title = "vwap-reclaim long NVDA";
    alert.body = "Closed 0.42 above VWAP 138.10 on 1.8x volume.";
    alert.inputs = {{"close", 138.52},
                    {"vwap", 138.1},
                    {"rvol", 1.8},
                    {"target", std::numeric_limits<double>::quiet_NaN()}};
    return alert;
}

const QByteArray kExpectedBody =
    R"({"body":"Closed 0.42 above VWAP 138.10 on 1.8x volume.","inputs":{"close":138.52,)"
    R"("rvol":1.8,"target":null,"vwap":138.1},"kind":"signal","symbol":"NVDA",)"
    R"("time":"2025-01-13T14:45:00.250Z","title":"vwap-reclaim long NVDA"})";

WebhookConfig fastConfig(const QUrl &url)
{
    WebhookConfig config;
    config.url = url;
    config.initialDelay = 10ms;
    config.maxAttempts = 5;
    config.timeout = 2000ms;
    return config;
}

HttpResponse response(int status, QByteArray reason,
                      QList<QPair<QByteArray, QByteArray>> headers = {})
{
    return HttpResponse{status, std::move(reason), std::move(headers)};
}

} // namespace

class TestWebhookSender : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bodyIsTheAlertJson();
    void retriesServerErrorsWithBackoffThenDelivers();
    void honoursRetryAfterOn429();
    void givesUpAtOnceOnClientError();
    void retriesWhenServerIsDownThenFails();
    void timesOutAndRetries();
    void refusesBadConfiguration();
    void sendReturnsBeforeAnyNetworkWork();
};

void TestWebhookSender::bodyIsTheAlertJson()
{
    QCOMPARE(alertJson(sampleAlert()), kExpectedBody);
}

void TestWebhookSender::retriesServerErrorsWithBackoffThenDelivers()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.script = {response(500, "Internal Server Error"), response(503, "Service Unavailable"),
                     response(200, "OK")};
    WebhookSender sender;
    QVERIFY(sender.configure(fastConfig(server.url())).ok());
    QSignalSpy delivered(&sender, &WebhookSender::delivered);
    QSignalSpy failed(&sender, &WebhookSender::failed);
    const quint64 id = sender.send(sampleAlert());
    QVERIFY(id != 0);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, 5000);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(delivered.at(0).at(0).toULongLong(), id);
    QCOMPARE(delivered.at(0).at(1).toInt(), 3);
    QCOMPARE(server.requests.size(), 3);
    for (const HttpRequest &request : server.requests) {
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/hook"));
        QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(request.body, kExpectedBody);
    }
    // Backoff 10 ms then 20 ms.
    QVERIFY(server.requests[1].receivedMs - server.requests[0].receivedMs >= 9);
    QVERIFY(server.requests[2].receivedMs - server.requests[1].receivedMs >= 19);
    QCOMPARE(sender.pendingCount(), 0);
}

void TestWebhookSender::honoursRetryAfterOn429()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.script = {response(429, "Too Many Requests", {{"Retry-After", "1"}}),
                     response(200, "OK")};
    WebhookSender sender;
    QVERIFY(sender.configure(fastConfig(server.url())).ok());
    QSignalSpy delivered(&sender, &WebhookSender::delivered);
    sender.send(sampleAlert());
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 1, 5000);
    QCOMPARE(delivered.at(0).at(1).toInt(), 2);
    QCOMPARE(server.requests.size(), 2);
    // The server's Retry-After (1 s), not the 10 ms backoff.
    QVERIFY2(
        server.requests[1].receivedMs - server.requests[0].receivedMs >= 950,
        qPrintable(QString::number(server.requests[1].receivedMs - server.requests[0].receivedMs)));
}

void TestWebhookSender::givesUpAtOnceOnClientError()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.fallback = response(400, "Bad Request");
    WebhookSender sender;
    QVERIFY(sender.configure(fastConfig(server.url())).ok());
    QSignalSpy delivered(&sender, &WebhookSender::delivered);
    QSignalSpy failed(&sender, &WebhookSender::failed);
    sender.send(sampleAlert());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    QCOMPARE(failed.at(0).at(1).toInt(), 1);
    const QString reason = failed.at(0).at(2).toString();
    QVERIFY2(reason.contains(QLatin1String("400")), qPrintable(reason));
    QCOMPARE(server.requests.size(), 1);
    QCOMPARE(delivered.count(), 0);
    QCOMPARE(sender.pendingCount(), 0); // nothing left to retry
    QCOMPARE(webhookStatusText(false, 1, reason),
             QStringLiteral("failed after 1 attempt: HTTP 400 Bad Request"));
}

void TestWebhookSender::retriesWhenServerIsDownThenFails()
{
    QUrl url;
    {
        HttpTestServer closed;
        QVERIFY(closed.listen());
        url = closed.url();
    } // nobody listens on that port any more
    WebhookSender sender;
    auto config = fastConfig(url);
    config.initialDelay = 5ms;
    config.maxAttempts = 3;
    QVERIFY(sender.configure(config).ok());
    QSignalSpy failed(&sender, &WebhookSender::failed);
    sender.send(sampleAlert());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    QCOMPARE(failed.at(0).at(1).toInt(), 3);
    QVERIFY(!failed.at(0).at(2).toString().isEmpty());
}

void TestWebhookSender::timesOutAndRetries()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.answer = false;
    WebhookSender sender;
    auto config = fastConfig(server.url());
    config.timeout = 150ms;
    config.maxAttempts = 2;
    QVERIFY(sender.configure(config).ok());
    QSignalSpy failed(&sender, &WebhookSender::failed);
    sender.send(sampleAlert());
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
    QCOMPARE(failed.at(0).at(1).toInt(), 2);
    const QString reason = failed.at(0).at(2).toString();
    QVERIFY2(reason.contains(QLatin1String("timed out")), qPrintable(reason));
    QCOMPARE(server.requests.size(), 2);
}

void TestWebhookSender::refusesBadConfiguration()
{
    WebhookSender sender;
    WebhookConfig config;
    for (const char *url : {"not a url", "ftp://example.com/hook", "http://", "hook"}) {
        config.url = QUrl(QString::fromLatin1(url));
        const Status status = sender.configure(config);
        QVERIFY2(!status.ok(), url);
        QVERIFY2(status.message().find("webhook URL") != std::string::npos,
                 status.message().c_str());
    }
    QVERIFY(!sender.isConfigured());
    QCOMPARE(sender.send(sampleAlert()), quint64{0});

    config.url = QUrl(QStringLiteral("https://phone.example.com/alerts"));
    config.maxAttempts = 0;
    const Status attempts = sender.configure(config);
    QVERIFY(!attempts.ok());
    QVERIFY(attempts.message().find("max attempts 0") != std::string::npos);
    config.maxAttempts = 5;
    QVERIFY(sender.configure(config).ok());
    QVERIFY(sender.isConfigured());
    QCOMPARE(sender.config().initialDelay, 2000ms);
    QCOMPARE(sender.config().backoffFactor, 2.0);
}

void TestWebhookSender::sendReturnsBeforeAnyNetworkWork()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    WebhookSender sender;
    QVERIFY(sender.configure(fastConfig(server.url())).ok());
    QSignalSpy delivered(&sender, &WebhookSender::delivered);
    sender.send(sampleAlert());
    sender.send(sampleAlert());
    QCOMPARE(server.requests.size(), 0);
    QCOMPARE(sender.pendingCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), 2, 5000);
}

QTEST_GUILESS_MAIN(TestWebhookSender)
#include "tst_webhooksender.moc"
