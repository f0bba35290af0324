// AlertsPanel (offscreen): live signals become alerts (stored, listed newest first, sent to the
// link group on activation); signals replayed while the desk catches up do not; a repeat within
// the cool-down is held back; the AlertCenter runs on the market clock. A level crossed between
// consecutive snapshots alerts once (only watched kinds, only while the feed is live); scanner
// hits alert only for contracts that start matching; the settings are applied.
#include "alerts/alertcenter.h"
#include "alertspanel.h"
#include "model/easterntime.h"
#include "storage/deskdatabase.h"
#include "temporarysettings.h"
#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::AlertsPanel;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

signals::Signal makeSignal(const char *iso, const char *symbol)
{
    signals::Signal s;
    s.time = at(iso);
    s.symbol = symbol;
    s.playbook = "ny-orb";
    s.side = signals::SignalSide::Long;
    s.reason = std::string("breakout of ") + symbol;
    s.price = 100;
    s.inputs = {{"close", 100}};
    return s;
}

DeskSnapshot snapshotAt(const char *now, std::vector<signals::Signal> list)
{
    DeskSnapshot snapshot;
    snapshot.marketTime = at(now);
    auto board = std::make_shared<SignalBoard>();
    board->signals = std::move(list);
    snapshot.signalBoard = board;
    return snapshot;
}

// SPY at `last` with a prior-day high of 101 and a swing high of 100.5, at 11:00 + `minute`.
DeskSnapshot levelSnapshot(int minute, double last, FeedState state = FeedState::Live)
{
    DeskSnapshot snapshot;
    snapshot.marketTime = at("2025-01-15T11:00:00-05:00") + minute * kNanosPerMinute;
    snapshot.feed.state = state;
    QuoteRow row;
    row.symbol = "SPY";
    row.last = toPrice(last);
    snapshot.quotes.push_back(row);
    ChartSeries chart;
    chart.symbol = "SPY";
    chart.completed = std::make_shared<MinuteBars>();
    chart.sessionLevels = std::make_shared<std::vector<signals::Level>>(std::vector<signals::Level>{
        {signals::LevelKind::SwingHigh, 100.5, at("2025-01-15T10:30:00-05:00"), true},
        {signals::LevelKind::PriorHigh, 101, at("2025-01-14T15:00:00-05:00"), true}});
    snapshot.charts.push_back(chart);
    snapshot.signalBoard = std::make_shared<SignalBoard>();
    return snapshot;
}

alerts::ScanHit hit(const char *contract)
{
    return {contract, "SPY", {{"ivr", 55}}};
}

} // namespace

class TestAlertsPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        useTemporarySettings(m_dir.path(), QStringLiteral("tst_alertspanel"));
        QSettings().clear();
        widgets::applyTheme(*qApp, widgets::ThemeKind::Dark);
    }

    void levelCrossAlertsOnce()
    {
        alerts::AlertCenter center(nullptr);
        AlertsPanel panel(center);
        QVERIFY(panel.settingsButton());
        QCOMPARE(panel.settings().cooldownSeconds, 300); // the defaults
        panel.setSnapshot(levelSnapshot(0, 100.2));      // the reference price
        QCOMPARE(panel.list()->count(), 0);
        // Through the swing high (not watched by default) and the prior-day high.
        panel.setSnapshot(levelSnapshot(1, 101.2));
        QCOMPARE(panel.list()->count(), 1);
        QVERIFY(panel.list()->item(0)->text().contains(QStringLiteral("SPY PDH 101.00")));
        QVERIFY(panel.list()->item(0)->text().contains(QStringLiteral("crossed above")));
        QVERIFY(panel.list()->item(0)->text().startsWith(QStringLiteral("11:01")));
        // Staying above: nothing more.
        panel.setSnapshot(levelSnapshot(2, 101.3));
        panel.setSnapshot(levelSnapshot(3, 101.3));
        QCOMPARE(panel.list()->count(), 1);
        QCOMPARE(center.deliveredCount(), 1);

        // Swing highs watched too now: back down through both.
        widgets::AlertSettings settings = panel.settings();
        settings.levelKinds.push_back(signals::LevelKind::SwingHigh);
        panel.applySettings(settings);
        panel.setSnapshot(levelSnapshot(4, 100.4));
        QCOMPARE(panel.list()->count(), 3);

        // While the desk catches up with the day, crossings only move the reference.
        panel.setSnapshot(levelSnapshot(5, 101.5, FeedState::CatchingUp));
        QCOMPARE(panel.list()->count(), 3);
        panel.setSnapshot(levelSnapshot(6, 101.6));
        QCOMPARE(panel.list()->count(), 3);
    }

    void scannerHitsAlertWhenNew()
    {
        alerts::AlertCenter center(nullptr);
        AlertsPanel panel(center);
        panel.setSnapshot(levelSnapshot(0, 100.2));
        const QString rule = QStringLiteral("ivr > 50");
        panel.onScan(rule, {hit("SPY 2025-01-17 590 C")}); // the reference
        QCOMPARE(panel.list()->count(), 0);
        panel.onScan(rule, {hit("SPY 2025-01-17 590 C"), hit("SPY 2025-01-17 595 C")});
        QCOMPARE(panel.list()->count(), 1);
        QVERIFY(panel.list()->item(0)->text().contains(QStringLiteral("595 C")));
        panel.onScan(rule, {hit("SPY 2025-01-17 590 C"), hit("SPY 2025-01-17 595 C")});
        QCOMPARE(panel.list()->count(), 1);

        // Scanner-hit alerts off: a new match is not raised.
        widgets::AlertSettings settings = panel.settings();
        settings.scannerHits = false;
        panel.applySettings(settings);
        panel.onScan(rule, {hit("SPY 2025-01-17 590 C"), hit("SPY 2025-01-17 600 C")});
        QCOMPARE(panel.list()->count(), 1);
        // Not live: nothing either.
        settings.scannerHits = true;
        panel.applySettings(settings);
        panel.setSnapshot(levelSnapshot(1, 100.2, FeedState::CatchingUp));
        panel.onScan(rule, {hit("SPY 2025-01-17 605 C")});
        QCOMPARE(panel.list()->count(), 1);
    }

    void settingsApplied()
    {
        {
            QSettings settings;
            settings.setValue(QStringLiteral("alerts/cooldownSeconds"), 90);
            settings.setValue(QStringLiteral("alerts/webhookUrl"), QStringLiteral("bogus"));
        }
        alerts::AlertCenter center(nullptr);
        AlertsPanel panel(center);
        QCOMPARE(center.cooldown(), std::chrono::seconds(90));
        QVERIFY(!center.webhook().isConfigured());
        QVERIFY(panel.summary()->text().contains(QStringLiteral("webhook off")));
        widgets::AlertSettings settings = panel.settings();
        settings.webhookUrl = QStringLiteral("https://hooks.example.com/desk");
        settings.cooldownSeconds = 600;
        panel.applySettings(settings);
        QVERIFY(center.webhook().isConfigured());
        QCOMPARE(center.cooldown(), std::chrono::seconds(600));
        QVERIFY(panel.summary()->text().contains(QStringLiteral("10-minute cool-down")));
        QVERIFY(panel.summary()->text().contains(QStringLiteral("pushed to the webhook")));
        QSettings().clear();
    }

    void liveSignalsBecomeAlerts()
    {
        QTemporaryDir dir;
        auto database =
            storage::DeskDatabase::open(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
        QVERIFY(database.ok());
        alerts::AlertCenter center(database.value().get());
        AlertsPanel panel(center);

        // 09:50 happened while the desk caught up; 10:59 is live at 11:00.
        const auto old = makeSignal("2025-01-15T09:50:00-05:00", "SPY");
        const auto live = makeSignal("2025-01-15T10:59:00-05:00", "QQQ");
        panel.setSnapshot(snapshotAt("2025-01-15T11:00:00-05:00", {old, live}));
        QCOMPARE(panel.list()->count(), 1);
        QVERIFY(panel.list()->item(0)->text().contains(QStringLiteral("ny-orb long QQQ")));
        QVERIFY(panel.list()->item(0)->text().startsWith(QStringLiteral("10:59")));
        // The same board again: nothing new.
        panel.setSnapshot(snapshotAt("2025-01-15T11:00:30-05:00", {old, live}));
        QCOMPARE(panel.list()->count(), 1);

        // A repeat of the same setup a minute later is within the cool-down: held back.
        const auto repeat = makeSignal("2025-01-15T11:01:00-05:00", "QQQ");
        const auto other = makeSignal("2025-01-15T11:01:00-05:00", "IWM");
        panel.setSnapshot(snapshotAt("2025-01-15T11:01:00-05:00", {old, live, repeat, other}));
        QCOMPARE(panel.list()->count(), 2);
        QVERIFY(panel.list()->item(0)->text().contains(QStringLiteral("IWM")));
        QCOMPARE(center.suppressedCount(), 1);
        QVERIFY(panel.summary()->text().startsWith(QStringLiteral("2 alert(s), 1 held back")));

        // Stored: the three live signals and three alerts (one suppressed), in market time.
        auto signalRows = database.value()->signalsBetween(at("2025-01-15T00:00:00-05:00"),
                                                           at("2025-01-16T00:00:00-05:00"));
        QVERIFY(signalRows.ok());
        QCOMPARE(signalRows->size(), std::size_t{3});
        auto alertRows = database.value()->alertsBetween(at("2025-01-15T00:00:00-05:00"),
                                                         at("2025-01-16T00:00:00-05:00"));
        QVERIFY(alertRows.ok());
        QCOMPARE(alertRows->size(), std::size_t{3});

        QSignalSpy picked(&panel, &AlertsPanel::symbolChanged);
        Q_EMIT panel.list()->itemActivated(panel.list()->item(1));
        QCOMPARE(picked.first().first().toString(), QStringLiteral("QQQ"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestAlertsPanel)
#include "tst_alertspanel.moc"
