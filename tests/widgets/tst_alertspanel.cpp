// AlertsPanel (offscreen): live signals become alerts (stored, listed newest first, sent to the
// link group on activation); signals replayed while the desk catches up do not; a repeat within
// the cool-down is held back; the AlertCenter runs on the market clock.
#include "alerts/alertcenter.h"
#include "alertspanel.h"
#include "model/easterntime.h"
#include "storage/deskdatabase.h"
#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QListWidget>
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

} // namespace

class TestAlertsPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }

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
};

QTEST_MAIN(TestAlertsPanel)
#include "tst_alertspanel.moc"
