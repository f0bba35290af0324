#include "alerts/alertcenter.h"
#include "httptestserver.h"
#include "storage/deskdatabase.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace mag7;
using namespace mag7::alerts;
using namespace mag7::alerts::testing;
using namespace std::chrono_literals;

namespace {

constexpr Timestamp kSecond = 1'000'000'000;
constexpr Timestamp kStart = Timestamp{1'736'779'500} * kSecond; // 2025-01-13T14:45:00Z

Alert levelAlert(std::string symbol = "AAPL")
{
    Alert alert;
    alert.kind = AlertKind::Level;
    alert.symbol = std::move(symbol);
    alert.title = "AAPL touched prior-day high";
    alert.body = "Traded 243.36, prior-day high 243.35.";
    alert.inputs = {{"last", 243.36}, {"level", 243.35}};
    return alert;
}

signals::Signal sampleSignal()
{
    signals::Signal signal;
    signal.time = kStart + 60 * kSecond;
    signal.symbol = "NVDA";
    signal.playbook = "vwap-reclaim";
    signal.side = signals::SignalSide::Long;
    signal.reason = "Closed 0.42 above VWAP 138.10 on 1.8x volume.";
    signal.inputs = {{"close", 138.52}, {"vwap", 138.1}, {"rvol", 1.8}};
    signal.thresholds = {{"min_rvol", 1.5}};
    signal.price = 138.52;
    signal.stop = 137.9;
    return signal; // no target
}

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<storage::DeskDatabase> db;
    Timestamp now = kStart;

    bool open()
    {
        auto opened =
            storage::DeskDatabase::open(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
        if (!opened) {
            qWarning("%s", opened.message().c_str());
            return false;
        }
        db = std::move(opened).value();
        return true;
    }
    void attach(AlertCenter &center)
    {
        center.setClock([this]() { return now; });
    }
    std::vector<storage::DeskDatabase::AlertRecord> alerts() const
    {
        auto rows = db->alertsBetween(0, std::numeric_limits<Timestamp>::max());
        return rows ? rows.value() : std::vector<storage::DeskDatabase::AlertRecord>{};
    }
};

WebhookConfig fastConfig(const QUrl &url)
{
    WebhookConfig config;
    config.url = url;
    config.initialDelay = 5ms;
    config.timeout = 2000ms;
    return config;
}

} // namespace

class TestAlertCenter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void coolDownSuppressesDuplicates();
    void storesEveryAlertWithInputsAndWebhookStatus();
    void storesWebhookFailure();
    void recordsSignalsAndConvertsThemToAlerts();
    void worksWithoutDatabaseOrWebhook();
};

void TestAlertCenter::coolDownSuppressesDuplicates()
{
    Fixture f;
    QVERIFY(f.open());
    HttpTestServer server;
    QVERIFY(server.listen());
    AlertCenter center(f.db.get());
    f.attach(center);
    QCOMPARE(center.cooldown(), 300s);
    QVERIFY(center.setWebhook(fastConfig(server.url())).ok());
    QSignalSpy raised(&center, &AlertCenter::alertRaised);
    QSignalSpy suppressed(&center, &AlertCenter::alertSuppressed);
    QSignalSpy finished(&center, &AlertCenter::webhookFinished);

    QVERIFY(!center.raise(levelAlert()).suppressed);
    f.now += 10 * kSecond;
    QVERIFY(center.raise(levelAlert()).suppressed);        // same key within the cool-down
    QVERIFY(!center.raise(levelAlert("MSFT")).suppressed); // another key
    f.now = kStart + 299 * kSecond;
    QVERIFY(center.raise(levelAlert()).suppressed);
    f.now = kStart + 300 * kSecond; // cool-down over
    QVERIFY(!center.raise(levelAlert()).suppressed);

    QCOMPARE(raised.count(), 3);
    QCOMPARE(suppressed.count(), 2);
    QCOMPARE(center.deliveredCount(), 3);
    QCOMPARE(center.suppressedCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 5000);
    QCOMPARE(server.requests.size(), 3); // suppressed alerts are not pushed

    center.setCooldown(0s); // no de-duplication
    QVERIFY(!center.raise(levelAlert()).suppressed);
    QVERIFY(!center.raise(levelAlert()).suppressed);
}

void TestAlertCenter::storesEveryAlertWithInputsAndWebhookStatus()
{
    Fixture f;
    QVERIFY(f.open());
    HttpTestServer server;
    QVERIFY(server.listen());
    server.script = {HttpResponse{503, "Service Unavailable", {}}};
    AlertCenter center(f.db.get());
    f.attach(center);
    center.setCooldown(60s);
    QVERIFY(center.setWebhook(fastConfig(server.url())).ok());
    QSignalSpy finished(&center, &AlertCenter::webhookFinished);

    const Alert first = center.raise(levelAlert());
    f.now += 5 * kSecond;
    const Alert second = center.raise(levelAlert());
    QVERIFY(first.id != 0 && second.id != 0 && first.id != second.id);
    QCOMPARE(first.time, kStart);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(finished.at(0).at(0).toLongLong(), first.id);
    QCOMPARE(finished.at(0).at(1).toBool(), true);
    QCOMPARE(finished.at(0).at(2).toString(), QStringLiteral("delivered after 2 attempts"));

    const auto rows = f.alerts();
    QCOMPARE(rows.size(), std::size_t{2});
    QCOMPARE(rows[0].id, first.id);
    QCOMPARE(rows[0].time, kStart);
    QCOMPARE(rows[0].kind, std::string("level"));
    QCOMPARE(rows[0].symbol, std::string("AAPL"));
    QCOMPARE(rows[0].title, levelAlert().title);
    QCOMPARE(rows[0].body, levelAlert().body);
    QCOMPARE(rows[0].key, std::string("level|AAPL|AAPL touched prior-day high"));
    QVERIFY(!rows[0].suppressed);
    QCOMPARE(rows[0].webhookStatus, std::string("delivered after 2 attempts"));
    QCOMPARE(rows[0].inputs.size(), std::size_t{2});
    QCOMPARE(rows[0].inputs[0].name, std::string("last"));
    QCOMPARE(rows[0].inputs[0].value, 243.36);
    QCOMPARE(rows[0].inputs[1].name, std::string("level"));
    QCOMPARE(rows[0].inputs[1].value, 243.35);
    QVERIFY(rows[1].suppressed);
    QCOMPARE(rows[1].time, kStart + 5 * kSecond);
    QCOMPARE(rows[1].webhookStatus, std::string());
    QCOMPARE(rows[1].inputs.size(), std::size_t{2});
}

void TestAlertCenter::storesWebhookFailure()
{
    Fixture f;
    QVERIFY(f.open());
    HttpTestServer server;
    QVERIFY(server.listen());
    server.fallback = HttpResponse{400, "Bad Request", {}};
    AlertCenter center(f.db.get());
    f.attach(center);
    QVERIFY(center.setWebhook(fastConfig(server.url())).ok());
    QSignalSpy finished(&center, &AlertCenter::webhookFinished);
    const Alert alert = center.raise(levelAlert());
    QCOMPARE(f.alerts().at(0).webhookStatus, std::string("pending"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    const auto rows = f.alerts();
    QCOMPARE(rows.size(), std::size_t{1});
    QCOMPARE(rows[0].id, alert.id);
    QCOMPARE(rows[0].webhookStatus, std::string("failed after 1 attempt: HTTP 400 Bad Request"));

    // A bad URL is refused when configured; the working webhook stays.
    WebhookConfig bad;
    bad.url = QUrl(QStringLiteral("ftp://phone"));
    QVERIFY(!center.setWebhook(bad).ok());
    QVERIFY(center.webhook().isConfigured());
    center.clearWebhook();
    QVERIFY(!center.webhook().isConfigured());
}

void TestAlertCenter::recordsSignalsAndConvertsThemToAlerts()
{
    Fixture f;
    QVERIFY(f.open());
    AlertCenter center(f.db.get());
    f.attach(center);
    const signals::Signal signal = sampleSignal();
    auto id = center.recordSignal(signal);
    QVERIFY2(id.ok(), id.ok() ? "" : id.message().c_str());
    QVERIFY(id.value() != 0);

    auto rows = f.db->signalsBetween(kStart, kStart + 3600 * kSecond);
    QVERIFY(rows.ok());
    QCOMPARE(rows.value().size(), std::size_t{1});
    const auto &row = rows.value()[0];
    QCOMPARE(row.id, id.value());
    QCOMPARE(row.time, signal.time);
    QCOMPARE(row.symbol, std::string("NVDA"));
    QCOMPARE(row.playbook, std::string("vwap-reclaim"));
    QCOMPARE(row.side, std::string("long"));
    QCOMPARE(row.reason, signal.reason);
    QCOMPARE(row.price, 138.52);
    QCOMPARE(row.stop, 137.9);
    QVERIFY(std::isnan(row.target));
    QCOMPARE(row.inputs.size(), std::size_t{3});
    QCOMPARE(row.inputs[2].name, std::string("rvol"));
    QCOMPARE(row.inputs[2].value, 1.8);
    QCOMPARE(row.thresholds.size(), std::size_t{1});
    QCOMPARE(row.thresholds[0].name, std::string("min_rvol"));

    const Alert alert = alertFromSignal(signal);
    QCOMPARE(alert.kind, AlertKind::Signal);
    QCOMPARE(alert.time, signal.time);
    QCOMPARE(alert.title, std::string("vwap-reclaim long NVDA"));
    QCOMPARE(alert.body, signal.reason);
    QCOMPARE(alert.key, std::string("signal|vwap-reclaim|NVDA|long"));
    const std::vector<AlertInput> inputs = {{"close", 138.52}, {"vwap", 138.1}, {"rvol", 1.8},
                                            {"price", 138.52}, {"stop", 137.9}, {"min_rvol", 1.5}};
    QVERIFY(alert.inputs == inputs);

    const Alert stored = center.raise(alert);
    QVERIFY(!stored.suppressed);
    const auto alerts = f.alerts();
    QCOMPARE(alerts.size(), std::size_t{1});
    QCOMPARE(alerts[0].kind, std::string("signal"));
    QCOMPARE(alerts[0].time, signal.time); // the signal's bar time, not the clock
    QCOMPARE(alerts[0].inputs.size(), inputs.size());
    QCOMPARE(alerts[0].webhookStatus, std::string()); // no webhook configured
}

void TestAlertCenter::worksWithoutDatabaseOrWebhook()
{
    AlertCenter center(nullptr);
    QSignalSpy raised(&center, &AlertCenter::alertRaised);
    const Alert alert = center.raise(levelAlert());
    QCOMPARE(alert.id, std::int64_t{0});
    QVERIFY(alert.time > 0); // stamped by the system clock
    QCOMPARE(raised.count(), 1);
    QCOMPARE(raised.at(0).at(0).value<Alert>().symbol, std::string("AAPL"));
    QVERIFY(center.raise(levelAlert()).suppressed);
    auto id = center.recordSignal(sampleSignal());
    QVERIFY(id.ok() && id.value() == 0);
}

QTEST_GUILESS_MAIN(TestAlertCenter)
#include "tst_alertcenter.moc"
