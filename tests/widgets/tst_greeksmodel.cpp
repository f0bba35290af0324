// GreeksModel and GreeksPanel: model contract (QAbstractItemModelTester), every Greek with its
// value per share and per contract and its unit, missing values when there is no IV, and the
// panel following the selected contract through snapshots.
#include "greeksmodel.h"
#include "greekspanel.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::GreeksModel;

namespace {

OptionRow contract(InstrumentId id, double delta)
{
    OptionRow row;
    row.id = id;
    row.expiry = makeDate(2025, 1, 17);
    row.right = OptionRight::Call;
    row.strike = 590;
    row.bid = toPrice(4.10);
    row.ask = toPrice(4.20);
    row.mid = 4.15;
    row.iv = 0.1834;
    row.ivError = pricing::IvError::None;
    row.greeks = {4.15, delta, 0.0321, -0.2875, 0.3312, 0.0456, 0.0012, -0.0034, 0.0005, -0.0009};
    row.probabilityItm = 0.47;
    return row;
}

} // namespace

class TestGreeksModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }
    void passesModelTester();
    void showsEveryGreekWithUnits();
    void noImpliedVolMeansNoGreeks();
    void updatesInPlaceForTheSameContract();
    void panelFollowsTheSelectedContract();
};

void TestGreeksModel::passesModelTester()
{
    GreeksModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setContract(contract(1, 0.52));
    model.setContract(contract(1, 0.53));
    model.setContract(contract(2, 0.40));
    model.setContract(std::nullopt);
}

void TestGreeksModel::showsEveryGreekWithUnits()
{
    GreeksModel model;
    model.setContract(contract(1, 0.5234));
    QCOMPARE(model.rowCount(), static_cast<int>(GreeksModel::RowCount));
    const auto text = [&](GreeksModel::Row row, int column) {
        return model.index(row, column).data().toString();
    };
    QCOMPARE(text(GreeksModel::Delta, GreeksModel::Name), QStringLiteral("Delta"));
    QCOMPARE(text(GreeksModel::Delta, GreeksModel::PerShare), QStringLiteral("0.5234"));
    QCOMPARE(text(GreeksModel::Delta, GreeksModel::PerContract), QStringLiteral("52.34"));
    QCOMPARE(text(GreeksModel::Theta, GreeksModel::PerShare), QStringLiteral("-0.2875"));
    QCOMPARE(text(GreeksModel::Theta, GreeksModel::PerContract), QStringLiteral("-28.75"));
    QCOMPARE(text(GreeksModel::Theta, GreeksModel::Unit), QStringLiteral("$ per day"));
    QCOMPARE(text(GreeksModel::Vega, GreeksModel::Unit), QStringLiteral("$ per vol pt"));
    QCOMPARE(text(GreeksModel::ImpliedVol, GreeksModel::PerShare), QStringLiteral("18.34%"));
    QCOMPARE(text(GreeksModel::ImpliedVol, GreeksModel::PerContract), QString());
    QCOMPARE(text(GreeksModel::Price, GreeksModel::PerContract), QStringLiteral("415.00"));
    QCOMPARE(text(GreeksModel::ProbabilityItm, GreeksModel::PerShare), QStringLiteral("47.00%"));
    QCOMPARE(model.index(GreeksModel::Speed, GreeksModel::PerShare)
                 .data(GreeksModel::ValueRole)
                 .toDouble(),
             -0.0009);
    // Every row has a unit and a definition.
    for (int row = 0; row < GreeksModel::RowCount; ++row) {
        QVERIFY(!text(static_cast<GreeksModel::Row>(row), GreeksModel::Unit).isEmpty());
        QVERIFY(!model.index(row, GreeksModel::Name).data(Qt::ToolTipRole).toString().isEmpty());
    }
}

void TestGreeksModel::noImpliedVolMeansNoGreeks()
{
    GreeksModel model;
    OptionRow row = contract(1, 0.5);
    row.ivError = pricing::IvError::BelowIntrinsic;
    row.iv = 0;
    model.setContract(row);
    QCOMPARE(model.index(GreeksModel::Price, GreeksModel::PerShare).data().toString(),
             QStringLiteral("4.15"));
    QCOMPARE(model.index(GreeksModel::Delta, GreeksModel::PerShare).data().toString(),
             QStringLiteral("—"));
    QVERIFY(std::isnan(model.value(GreeksModel::Gamma)));
}

void TestGreeksModel::updatesInPlaceForTheSameContract()
{
    GreeksModel model;
    model.setContract(contract(1, 0.5));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setContract(contract(1, 0.6));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.value(GreeksModel::Delta), 0.6);
    model.setContract(contract(2, 0.6));
    QCOMPARE(reset.count(), 1);
}

void TestGreeksModel::panelFollowsTheSelectedContract()
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->symbol = "SPY";
    chain->spot = 591.25;
    chain->options = {contract(11, 0.45), contract(12, 0.55)};
    DeskSnapshot snapshot;
    snapshot.chains = {chain};

    widgets::GreeksPanel panel;
    QVERIFY(panel.titleLabel()->text().contains(QStringLiteral("Select a contract")));
    panel.setSnapshot(snapshot);
    panel.setContract(12);
    QCOMPARE(panel.model()->value(GreeksModel::Delta), 0.55);
    QVERIFY(panel.titleLabel()->text().contains(QStringLiteral("SPY 2025-01-17 590 Call")));
    QVERIFY(panel.titleLabel()->text().contains(QStringLiteral("591.25")));
    // A later snapshot moves the contract's numbers.
    auto next = std::make_shared<ChainSnapshot>(*chain);
    next->options[1].greeks.delta = 0.61;
    snapshot.chains = {next};
    panel.setSnapshot(snapshot);
    QCOMPARE(panel.model()->value(GreeksModel::Delta), 0.61);
    // A contract no chain lists clears the panel.
    panel.setContract(99);
    QVERIFY(!panel.model()->contract());
    QVERIFY(std::isnan(panel.model()->value(GreeksModel::Delta)));
}

QTEST_MAIN(TestGreeksModel)
#include "tst_greeksmodel.moc"
