// OptionChainPanel (offscreen): the symbol picker and expiration strip follow the snapshot, the
// expiry tabs switch the chain, the column chooser changes the table, bid/ask clicks ask for
// legs, the summary line shows the expiry's numbers, and the state round-trips.
#include "optionchainpanel.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QTabBar>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::ChainField;
using mag7::widgets::OptionChainModel;
using mag7::widgets::OptionChainPanel;

namespace {

constexpr Date kNear = makeDate(2025, 1, 17);
constexpr Date kFar = makeDate(2025, 2, 21);

std::shared_ptr<ChainSnapshot> makeChain(InstrumentId underlying, const char *symbol, double spot)
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->underlying = underlying;
    chain->symbol = symbol;
    chain->spot = spot;
    chain->atmIv30 = 0.25;
    chain->asOf = utcMidnight(makeDate(2025, 1, 13)) + 15 * 3600 * kNanosPerSecond;
    InstrumentId id = underlying * 1000;
    for (const Date expiry : {kNear, kFar}) {
        ExpirySummary summary;
        summary.expiry = expiry;
        summary.daysToExpiry = expiry == kNear ? 4 : 39;
        summary.atmStrike = std::round(spot);
        summary.atmIv = expiry == kNear ? 0.31 : 0.27;
        summary.expectedMove = expiry == kNear ? 3.5 : 8.0;
        summary.straddle = expiry == kNear ? 4.4 : 10.1;
        summary.riskReversal25 = -0.031;
        summary.butterfly25 = 0.004;
        summary.firstRow = chain->options.size();
        const double step = expiry == kNear ? 1.0 : 5.0;
        for (int k = -10; k <= 10; ++k) {
            const double strike = std::round(spot) + k * step;
            for (const OptionRight right : {OptionRight::Call, OptionRight::Put}) {
                OptionRow row;
                row.id = id++;
                row.expiry = expiry;
                row.right = right;
                row.strike = strike;
                row.bid = toPrice(2.0);
                row.ask = toPrice(2.1);
                row.mid = 2.05;
                row.iv = 0.3;
                row.ivError = pricing::IvError::None;
                chain->options.push_back(row);
            }
        }
        summary.rowCount = chain->options.size() - summary.firstRow;
        chain->expiries.push_back(summary);
    }
    return chain;
}

DeskSnapshot snapshot()
{
    DeskSnapshot s;
    s.chains = {makeChain(1, "AAPL", 230.0), makeChain(2, "SPY", 590.0)};
    return s;
}

} // namespace

class TestOptionChainPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }
    void followsTheSnapshot();
    void expiryTabsSwitchTheChain();
    void columnChooserChangesTheTable();
    void bidAndAskClicksRequestLegs();
    void strikeFilterLimitsRows();
    void stateRoundTrips();
};

void TestOptionChainPanel::followsTheSnapshot()
{
    OptionChainPanel panel;
    panel.resize(1200, 600);
    panel.show();
    panel.setSnapshot(snapshot());
    auto *symbols = panel.findChild<QComboBox *>(QStringLiteral("chainSymbol"));
    QVERIFY(symbols);
    QCOMPARE(symbols->count(), 2);
    QCOMPARE(panel.symbol(), QStringLiteral("AAPL"));
    QCOMPARE(panel.expiryBar()->count(), 2);
    QVERIFY(panel.expiryBar()->tabText(0).startsWith(QStringLiteral("Jan 17  4d  31.0%  ±3.50")));
    QCOMPARE(panel.model()->expiryDate(), kNear);
    QCOMPARE(panel.model()->chain()->symbol, std::string("AAPL"));
    const QString summary = panel.summaryLabel()->text();
    QVERIFY2(summary.contains(QStringLiteral("230.00")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("±3.50 (1.52%)")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("−3.10")) || summary.contains(QStringLiteral("-3.10")),
             qPrintable(summary));
    panel.setSymbol(QStringLiteral("spy"));
    QCOMPARE(panel.symbol(), QStringLiteral("SPY"));
    QCOMPARE(panel.model()->chain()->symbol, std::string("SPY"));
    QCOMPARE(panel.model()->strikeAt(panel.model()->atmRow()), 590.0);
    // An unknown symbol says so instead of showing another chain.
    panel.setSymbol(QStringLiteral("ZZZZ"));
    QCOMPARE(panel.model()->rowCount(), 0);
    QVERIFY(panel.summaryLabel()->text().contains(QStringLiteral("ZZZZ lists no options")));
    QVERIFY(panel.hasChain(QStringLiteral("aapl")));
    QVERIFY(!panel.hasChain(QStringLiteral("ZZZZ")));
}

void TestOptionChainPanel::expiryTabsSwitchTheChain()
{
    OptionChainPanel panel;
    panel.setStrikesEachSide(0);
    panel.setSnapshot(snapshot());
    QCOMPARE(panel.model()->rowCount(), 21);
    QCOMPARE(panel.model()->strikeAt(1) - panel.model()->strikeAt(0), 1.0);
    panel.expiryBar()->setCurrentIndex(1);
    QCOMPARE(panel.model()->expiryDate(), kFar);
    QCOMPARE(panel.model()->strikeAt(1) - panel.model()->strikeAt(0), 5.0);
    // The choice survives the next snapshot.
    panel.setSnapshot(snapshot());
    QCOMPARE(panel.model()->expiryDate(), kFar);
    QCOMPARE(panel.expiryBar()->currentIndex(), 1);
}

void TestOptionChainPanel::columnChooserChangesTheTable()
{
    OptionChainPanel panel;
    panel.setSnapshot(snapshot());
    auto *button = panel.findChild<QToolButton *>(QStringLiteral("chainColumns"));
    QVERIFY(button && button->menu());
    const int before = panel.model()->columnCount();
    QAction *gex = nullptr;
    QAction *bid = nullptr;
    for (QAction *action : button->menu()->actions()) {
        if (action->text() == QStringLiteral("GEX"))
            gex = action;
        if (action->text() == QStringLiteral("Bid"))
            bid = action;
    }
    QVERIFY(gex && bid);
    QVERIFY(!gex->isChecked());
    QVERIFY(bid->isChecked());
    gex->setChecked(true);
    QCOMPARE(panel.model()->columnCount(), before + 2);
    QVERIFY(panel.model()->columnOf(ChainField::Gex, -1) >= 0);
    bid->setChecked(false);
    QCOMPARE(panel.model()->columnCount(), before);
    QCOMPARE(panel.model()->columnOf(ChainField::Bid, +1), -1);
    QCOMPARE(panel.view()->model()->columnCount(), before);
}

void TestOptionChainPanel::bidAndAskClicksRequestLegs()
{
    OptionChainPanel panel;
    panel.resize(1400, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setSnapshot(snapshot());
    QSignalSpy legs(&panel, &OptionChainPanel::legRequested);
    OptionChainModel *model = panel.model();
    const int row = model->atmRow();
    const QModelIndex ask = model->index(row, model->columnOf(ChainField::Ask, +1));
    const QModelIndex bid = model->index(row, model->columnOf(ChainField::Bid, -1));
    const QModelIndex iv = model->index(row, model->columnOf(ChainField::Iv, -1));
    panel.view()->scrollTo(ask);
    for (const QModelIndex &index : {ask, bid, iv}) {
        const QRect rect = panel.view()->visualRect(index);
        QVERIFY(rect.isValid());
        QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, rect.center());
    }
    QCOMPARE(legs.count(), 2); // the IV cell asks for nothing
    QCOMPARE(legs.at(0).at(0).value<InstrumentId>(), model->contractAt(ask)->id);
    QCOMPARE(legs.at(0).at(1).toInt(), 1);
    QCOMPARE(legs.at(0).at(2).toDouble(), 2.1);
    QCOMPARE(legs.at(1).at(0).value<InstrumentId>(), model->contractAt(bid)->id);
    QCOMPARE(legs.at(1).at(1).toInt(), -1);
    QCOMPARE(legs.at(1).at(2).toDouble(), 2.0);
    QCOMPARE(model->contractAt(bid)->right, OptionRight::Put);
}

void TestOptionChainPanel::strikeFilterLimitsRows()
{
    OptionChainPanel panel;
    panel.setSnapshot(snapshot());
    panel.setStrikesEachSide(3);
    QCOMPARE(panel.model()->rowCount(), 7);
    QCOMPARE(panel.model()->strikeAt(3), 230.0);
    panel.setStrikesEachSide(0);
    QCOMPARE(panel.model()->rowCount(), 21);
}

void TestOptionChainPanel::stateRoundTrips()
{
    QByteArray state;
    {
        OptionChainPanel panel;
        panel.setSnapshot(snapshot());
        panel.setSymbol(QStringLiteral("SPY"));
        panel.setStrikesEachSide(5);
        panel.setFields({ChainField::Mid, ChainField::Gamma, ChainField::Vega});
        state = panel.saveState();
    }
    OptionChainPanel restored;
    QVERIFY(restored.restoreState(state));
    restored.setSnapshot(snapshot());
    QCOMPARE(restored.symbol(), QStringLiteral("SPY"));
    QCOMPARE(restored.model()->strikesEachSide(), 5);
    QCOMPARE(restored.model()->fields(),
             (std::vector<ChainField>{ChainField::Mid, ChainField::Gamma, ChainField::Vega}));
    QCOMPARE(restored.model()->rowCount(), 11);
    QVERIFY(!restored.restoreState(QByteArray("garbage")));
}

QTEST_MAIN(TestOptionChainPanel)
#include "tst_optionchainpanel.moc"
