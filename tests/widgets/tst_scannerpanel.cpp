// ScannerPanel and ScanResultsModel (offscreen): the rule selects the contracts it describes,
// a bad rule keeps the previous one and shows its column, a rescan of the same matches keeps the
// rows, and the model passes QAbstractItemModelTester.
#include "scannerpanel.h"
#include "scanresultsmodel.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::ScannerPanel;
using mag7::widgets::ScanResultsModel;

namespace {

// SPY at 100: one 2-day expiry, strikes 90..110 step 5, call delta 0.5 - (K - 100) x 0.04.
engine::DeskSnapshot makeSnapshot(double ivRank)
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->underlying = 1;
    chain->symbol = "SPY";
    chain->spot = 100;
    ExpirySummary expiry;
    expiry.expiry = makeDate(2025, 1, 17);
    expiry.daysToExpiry = 2;
    InstrumentId id = 10;
    for (int strike = 90; strike <= 110; strike += 5) {
        for (OptionRight right : {OptionRight::Call, OptionRight::Put}) {
            OptionRow row;
            row.id = id++;
            row.expiry = expiry.expiry;
            row.right = right;
            row.strike = strike;
            const double callDelta = 0.5 - (strike - 100) * 0.04;
            row.greeks.delta = right == OptionRight::Call ? callDelta : callDelta - 1;
            row.ivError = pricing::IvError::None;
            row.iv = 0.2;
            row.mid = 1;
            chain->options.push_back(row);
        }
    }
    expiry.rowCount = chain->options.size();
    chain->expiries.push_back(expiry);
    engine::DeskSnapshot snapshot;
    snapshot.chains.push_back(chain);
    QuoteRow row;
    row.id = 1;
    row.symbol = "SPY";
    row.ivRank = ivRank;
    snapshot.quotes.push_back(row);
    return snapshot;
}

} // namespace

class TestScannerPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }

    void scansAndKeepsRows()
    {
        ScannerPanel panel;
        QAbstractItemModelTester tester(panel.results(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.setSnapshot(makeSnapshot(60));
        // Default rule: ivr > 50 and dte <= 7 and |delta| in [0.25, 0.4] -> 105 call, 95 put.
        QCOMPARE(panel.results()->rowCount(), 2);
        QCOMPARE(panel.results()->index(0, ScanResultsModel::Strike).data().toString(),
                 QStringLiteral("95"));
        QCOMPARE(panel.results()->index(0, ScanResultsModel::Type).data().toString(),
                 QStringLiteral("Put"));
        QVERIFY(panel.statusLabel()->text().startsWith(QStringLiteral("2 of 10 contracts match")));

        // The same matches in a new snapshot: updated in place, no reset.
        QSignalSpy resets(panel.results(), &QAbstractItemModel::modelReset);
        QSignalSpy changes(panel.results(), &QAbstractItemModel::dataChanged);
        panel.setSnapshot(makeSnapshot(70));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);

        // IV rank below the rule: nothing.
        panel.setSnapshot(makeSnapshot(40));
        QCOMPARE(panel.results()->rowCount(), 0);

        QVERIFY(panel.setRule(QStringLiteral("put and strike >= 100")));
        QCOMPARE(panel.results()->rowCount(), 3);
        QSignalSpy picked(&panel, &ScannerPanel::symbolChanged);
        Q_EMIT panel.findChild<QAbstractItemView *>()->activated(panel.results()->index(0, 0));
        QCOMPARE(picked.count(), 1);
        QCOMPARE(picked.first().first().toString(), QStringLiteral("SPY"));
    }

    void reportsEachScanForTheAlerts()
    {
        ScannerPanel panel;
        std::vector<std::pair<QString, std::vector<alerts::ScanHit>>> scans;
        connect(&panel, &ScannerPanel::scanned, &panel,
                [&](const QString &rule, const std::vector<alerts::ScanHit> &hits) {
                    scans.emplace_back(rule, hits);
                });
        panel.setSnapshot(makeSnapshot(60));
        QCOMPARE(scans.size(), std::size_t(1));
        QCOMPARE(scans[0].first, panel.rule());
        QCOMPARE(scans[0].second.size(), std::size_t(2));
        const alerts::ScanHit &put = scans[0].second[0];
        QCOMPARE(put.contract, std::string("SPY 2025-01-17 95 P"));
        QCOMPARE(put.symbol, std::string("SPY"));
        const auto value = [&](const char *name) {
            for (const auto &input : put.values) {
                if (input.name == name)
                    return input.value;
            }
            return -999.0;
        };
        QCOMPARE(value("delta"), -0.3);
        QCOMPARE(value("dte"), 2.0);
        QCOMPARE(value("iv"), 0.2);

        panel.setSnapshot(makeSnapshot(40));
        QCOMPARE(scans.size(), std::size_t(2));
        QVERIFY(scans[1].second.empty());
    }

    void badRuleKeepsThePreviousOne()
    {
        ScannerPanel panel;
        panel.setSnapshot(makeSnapshot(60));
        QVERIFY(!panel.setRule(QStringLiteral("dte <= 7 and wobble > 2")));
        QVERIFY2(panel.statusLabel()->text().contains(
                     QStringLiteral("at column 14: unknown variable 'wobble'")),
                 qPrintable(panel.statusLabel()->text()));
        QCOMPARE(panel.rule(),
                 QStringLiteral("ivr > 50 and dte <= 7 and abs(delta) between 0.25 and 0.4"));
        QCOMPARE(panel.results()->rowCount(), 2);
        // State round trip.
        QVERIFY(panel.setRule(QStringLiteral("call")));
        ScannerPanel restored;
        QVERIFY(restored.restoreState(panel.saveState()));
        QCOMPARE(restored.rule(), QStringLiteral("call"));
        QVERIFY(!restored.restoreState(QByteArray("not (")));
    }
};

QTEST_MAIN(TestScannerPanel)
#include "tst_scannerpanel.moc"
