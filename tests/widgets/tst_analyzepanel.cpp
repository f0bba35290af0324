// AnalyzePosition and AnalyzePanel (offscreen): legs from chain clicks merge and net out,
// templates pick the right strikes, the chart's curves are pricing's P/L profile, the what-if
// time moves in minutes up to the first expiry, the IV shift moves the curve, and the statistics
// and position Greeks agree with pricing.
#include "analyzepanel.h"
#include "analyzeposition.h"
#include "model/easterntime.h"
#include "pricing/probability.h"
#include "pricing/timetoexpiry.h"
#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::AnalyzePanel;
using mag7::widgets::AnalyzePosition;
using mag7::widgets::PositionTemplate;

namespace {

constexpr Date kNear = makeDate(2025, 1, 17);
constexpr Date kFar = makeDate(2025, 2, 21);
// Monday 2025-01-13 10:00 ET.
const Timestamp kNow = *parseIsoTimestamp("2025-01-13T10:00");

// Strikes 80..120 by 1 for both expiries, spot 100, Black-Scholes quotes at 25% vol.
std::shared_ptr<ChainSnapshot> makeChain()
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->underlying = 3;
    chain->symbol = "TEST";
    chain->spot = 100.0;
    chain->rate = 0.04;
    chain->dividendYield = 0.01;
    chain->asOf = kNow;
    chain->atmIv30 = 0.25;
    InstrumentId id = 500;
    for (const Date expiry : {kNear, kFar}) {
        ExpirySummary summary;
        summary.expiry = expiry;
        summary.years = pricing::yearsToExpiry(kNow, expiry);
        summary.atmStrike = 100;
        summary.atmIv = 0.25;
        summary.expectedMove = 100 * 0.25 * std::sqrt(summary.years);
        summary.firstRow = chain->options.size();
        for (int strike = 80; strike <= 120; ++strike) {
            for (const OptionRight right : {OptionRight::Call, OptionRight::Put}) {
                OptionRow row;
                row.id = id++;
                row.expiry = expiry;
                row.right = right;
                row.strike = strike;
                row.years = summary.years;
                row.iv = 0.25;
                row.ivError = pricing::IvError::None;
                row.greeks =
                    pricing::bsmGreeks({right, 100.0, double(strike), row.years, 0.25, 0.04, 0.01});
                row.mid = row.greeks.price;
                row.bid = toPrice(std::max(row.mid - 0.05, 0.01));
                row.ask = toPrice(row.mid + 0.05);
                chain->options.push_back(row);
            }
        }
        summary.rowCount = chain->options.size() - summary.firstRow;
        chain->expiries.push_back(summary);
    }
    return chain;
}

const OptionRow &contract(const ChainSnapshot &chain, Date expiry, double strike, OptionRight right)
{
    for (const OptionRow &row : chain.options) {
        if (row.expiry == expiry && row.strike == strike && row.right == right)
            return row;
    }
    qFatal("no such contract");
}

DeskSnapshot snapshotOf(std::shared_ptr<ChainSnapshot> chain)
{
    DeskSnapshot snapshot;
    snapshot.marketTime = kNow;
    snapshot.chains = {std::move(chain)};
    return snapshot;
}

} // namespace

class TestAnalyzePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }
    void clicksAddMergeAndNetOut();
    void templatesPickTheirStrikes_data();
    void templatesPickTheirStrikes();
    void curvesArePricingsProfile();
    void whatIfTimeAndIvShiftMoveTheCurve();
    void statisticsAndGreeksAgreeWithPricing();
    void unknownContractsAreIgnored();
};

void TestAnalyzePanel::clicksAddMergeAndNetOut()
{
    const auto chain = makeChain();
    AnalyzePosition position;
    const OptionRow &call = contract(*chain, kNear, 100, OptionRight::Call);
    QVERIFY(position.addContract(*chain, call.id, +1, 2.00));
    QVERIFY(position.addContract(*chain, call.id, +1, 3.00));
    QCOMPARE(position.legs().size(), std::size_t(1));
    QCOMPARE(position.legs()[0].quantity, 2);
    QCOMPARE(position.legs()[0].entryPrice, 2.5); // average entry
    QCOMPARE(position.legs()[0].expiryInstant, pricing::expiryInstant(kNear));
    QVERIFY(position.addContract(*chain, call.id, -2, 4.00));
    QVERIFY(position.empty()); // closed out
    QVERIFY(!position.addContract(*chain, 999999, 1, 1.0));
}

void TestAnalyzePanel::templatesPickTheirStrikes_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("legs"); // quantity right strike [F for the far expiry]
    // Near expiry: 4 days, expected move 100 x 0.25 x sqrt(4.25/365) ~ 2.7: +-1 sigma strikes
    // 103 and 97, wings two strikes further.
    QTest::newRow("straddle") << int(PositionTemplate::LongStraddle) << "+1C100 +1P100";
    QTest::newRow("strangle") << int(PositionTemplate::ShortStrangle) << "-1C103 -1P97";
    QTest::newRow("bull call") << int(PositionTemplate::BullCallVertical) << "+1C100 -1C103";
    QTest::newRow("bear put") << int(PositionTemplate::BearPutVertical) << "+1P100 -1P97";
    QTest::newRow("iron condor") << int(PositionTemplate::IronCondor)
                                 << "+1P95 -1P97 -1C103 +1C105";
    QTest::newRow("butterfly") << int(PositionTemplate::LongCallButterfly) << "+1C98 -2C100 +1C102";
    QTest::newRow("calendar") << int(PositionTemplate::CallCalendar) << "-1C100 +1C100F";
}

void TestAnalyzePanel::templatesPickTheirStrikes()
{
    QFETCH(int, kind);
    QFETCH(QString, legs);
    const auto chain = makeChain();
    AnalyzePosition position;
    QVERIFY(position.applyTemplate(*chain, static_cast<PositionTemplate>(kind), kNear));
    QStringList got;
    for (const auto &leg : position.legs()) {
        got << QStringLiteral("%1%2%3%4")
                       .arg(leg.quantity > 0 ? "+" : "")
                       .arg(leg.quantity)
                       .arg(leg.right == OptionRight::Call ? "C" : "P")
                       .arg(leg.strike) +
                   (leg.expiry == kFar ? "F" : "");
        // Templates enter at the mid.
        QCOMPARE(leg.entryPrice, contract(*chain, leg.expiry, leg.strike, leg.right).mid);
    }
    QCOMPARE(got.join(' '), legs);
}

void TestAnalyzePanel::curvesArePricingsProfile()
{
    const auto chain = makeChain();
    AnalyzePanel panel;
    panel.setSnapshot(snapshotOf(chain));
    panel.setSymbol(QStringLiteral("TEST"));
    QVERIFY(panel.applyTemplate(PositionTemplate::IronCondor));
    QVERIFY(!panel.curveSpots().empty());
    const pricing::Position p = panel.position().position(kNow, chain->rate, chain->dividendYield);
    const double toExpiry = pricing::yearsToExpiry(kNow, kNear);
    const auto expiry = pricing::pnlProfile(p, panel.curveSpots(), toExpiry, 0.0);
    const auto now = pricing::pnlProfile(p, panel.curveSpots(), 0.0, 0.0);
    for (std::size_t i = 0; i < panel.curveSpots().size(); ++i) {
        QCOMPARE(panel.expiryCurve()[i], expiry.pnl[i]);
        QCOMPARE(panel.horizonCurve()[i], now.pnl[i]);
    }
    // The iron condor: a credit, max loss below the wings' width, flat top at the credit.
    const double credit = -panel.result().entryCost;
    QVERIFY(credit > 0);
    const double top = *std::max_element(panel.expiryCurve().begin(), panel.expiryCurve().end());
    QVERIFY2(std::abs(top - credit) < 1e-6, qPrintable(QString::number(top)));
    const double bottom = *std::min_element(panel.expiryCurve().begin(), panel.expiryCurve().end());
    QVERIFY2(std::abs(bottom - (credit - 200)) < 1e-6, qPrintable(QString::number(bottom)));
    QCOMPARE(panel.legsModel()->rowCount(), 4);
    QCOMPARE(panel.pnlTable()->rowCount(), 9);
    QCOMPARE(panel.pnlTable()->columnCount(), 5);
}

void TestAnalyzePanel::whatIfTimeAndIvShiftMoveTheCurve()
{
    const auto chain = makeChain();
    AnalyzePanel panel;
    panel.setSnapshot(snapshotOf(chain));
    panel.setSymbol(QStringLiteral("TEST"));
    QVERIFY(panel.applyTemplate(PositionTemplate::LongStraddle));
    const std::size_t middle = panel.curveSpots().size() / 2;
    const double atNow = panel.horizonCurve()[middle];
    // One day later, at the spot, the straddle has lost time value.
    panel.setHorizonMinutes(24 * 60);
    const double dayLater = panel.horizonCurve()[middle];
    QVERIFY2(dayLater < atNow, qPrintable(QStringLiteral("%1 %2").arg(dayLater).arg(atNow)));
    // Minute resolution: 1 minute more is a different (smaller) value.
    panel.setHorizonMinutes(24 * 60 + 1);
    QVERIFY(panel.horizonCurve()[middle] < dayLater);
    // Past the first expiry the horizon is the expiry.
    panel.setHorizonMinutes(100000);
    for (std::size_t i = 0; i < panel.curveSpots().size(); ++i)
        QCOMPARE(panel.horizonCurve()[i], panel.expiryCurve()[i]);
    // +10 vol points: a long straddle gains.
    panel.setHorizonMinutes(0);
    panel.setIvShiftPoints(10);
    QVERIFY(panel.horizonCurve()[middle] > atNow + 50);
    QVERIFY(panel.result().pnl > 50);
}

void TestAnalyzePanel::statisticsAndGreeksAgreeWithPricing()
{
    const auto chain = makeChain();
    AnalyzePanel panel;
    panel.setSnapshot(snapshotOf(chain));
    panel.setSymbol(QStringLiteral("TEST"));
    QVERIFY(panel.applyTemplate(PositionTemplate::BullCallVertical));
    const pricing::Position p = panel.position().position(kNow, chain->rate, chain->dividendYield);
    const double toExpiry = pricing::yearsToExpiry(kNow, kNear);
    const pricing::PositionStats stats = pricing::analyzePosition(p, 100.0, toExpiry, 0.25);
    QCOMPARE(panel.result().stats.probabilityOfProfit, stats.probabilityOfProfit);
    QCOMPARE(panel.result().stats.breakevens.size(), std::size_t(1));
    QCOMPARE(panel.result().stats.maxLoss, stats.maxLoss);
    // Position delta: 100 x (delta of the 100 call - delta of the 103 call).
    const double expected =
        100 * (pricing::bsmGreeks({OptionRight::Call, 100, 100, toExpiry, 0.25, 0.04, 0.01}).delta -
               pricing::bsmGreeks({OptionRight::Call, 100, 103, toExpiry, 0.25, 0.04, 0.01}).delta);
    QVERIFY2(std::abs(panel.result().greeks.delta - expected) < 1e-9,
             qPrintable(QStringLiteral("%1 vs %2").arg(panel.result().greeks.delta).arg(expected)));
    QVERIFY(panel.statsLabel()->text().contains(QStringLiteral("Prob. of profit at expiry")));
}

void TestAnalyzePanel::unknownContractsAreIgnored()
{
    AnalyzePanel panel;
    panel.setSnapshot(snapshotOf(makeChain()));
    QSignalSpy changed(&panel, &AnalyzePanel::positionChanged);
    panel.addLeg(123456789, 1, 1.0);
    QCOMPARE(changed.count(), 0);
    QVERIFY(panel.position().empty());
    QVERIFY(panel.statsLabel()->text().contains(QStringLiteral("No position")));
}

QTEST_MAIN(TestAnalyzePanel)
#include "tst_analyzepanel.moc"
