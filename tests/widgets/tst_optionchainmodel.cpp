// OptionChainModel: model contract (QAbstractItemModelTester), the calls | strike | puts layout
// and its mirrored columns, the expected strikes and the ATM row, the strike window, sigma
// markers, in-the-money shading, flashes on changed quotes and change notifications.
#include "optionchainmodel.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::ChainField;
using mag7::widgets::OptionChainModel;

namespace {

constexpr Date kNear = makeDate(2025, 1, 17);
constexpr Date kFar = makeDate(2025, 2, 21);

// Strikes 90..110 step 5 for the near expiry and 80..120 step 10 for the far one, spot 101.
std::shared_ptr<ChainSnapshot> makeChain(double spot = 101.0, double bidShift = 0.0)
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->underlying = 7;
    chain->symbol = "TEST";
    chain->spot = spot;
    InstrumentId id = 100;
    const auto addExpiry = [&](Date expiry, double first, double last, double step, double move) {
        ExpirySummary summary;
        summary.expiry = expiry;
        summary.daysToExpiry = 10;
        summary.atmStrike = std::round(spot / step) * step;
        summary.atmIv = 0.2;
        summary.expectedMove = move;
        summary.firstRow = chain->options.size();
        for (double strike = first; strike <= last + 1e-9; strike += step) {
            for (const OptionRight right : {OptionRight::Call, OptionRight::Put}) {
                OptionRow row;
                row.id = id++;
                row.expiry = expiry;
                row.right = right;
                row.strike = strike;
                const double intrinsic =
                    std::max(right == OptionRight::Call ? spot - strike : strike - spot, 0.0);
                row.bid = toPrice(intrinsic + 1.0 + bidShift);
                row.ask = toPrice(intrinsic + 1.1 + bidShift);
                row.mid = intrinsic + 1.05 + bidShift;
                row.volume = 10;
                row.openInterest = 1000 + static_cast<std::int64_t>(strike);
                row.iv = 0.2;
                row.ivError = pricing::IvError::None;
                row.greeks.delta = right == OptionRight::Call ? 0.5 : -0.5;
                row.greeks.theta = -0.05;
                row.gex = right == OptionRight::Call ? 1e6 : -2e6;
                chain->options.push_back(row);
            }
        }
        summary.rowCount = chain->options.size() - summary.firstRow;
        chain->expiries.push_back(summary);
    };
    addExpiry(kNear, 90, 110, 5, 4.0);
    addExpiry(kFar, 80, 120, 10, 9.0);
    return chain;
}

} // namespace

class TestOptionChainModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }
    void passesModelTester();
    void showsTheExpiryStrikesWithCallsAndPutsMirrored();
    void picksTheNearestListedExpiry();
    void marksAtmAndSigmaStrikes();
    void shadesInTheMoneyContracts();
    void limitsStrikesAroundAtm();
    void columnsFollowTheFields();
    void flashesChangedQuotesThenExpires();
    void notifiesWithoutResetWhenStrikesAreUnchanged();
    void missingValuesShowADash();
};

void TestOptionChainModel::passesModelTester()
{
    OptionChainModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setChain(makeChain(), kNear, 0);
    model.setChain(makeChain(101.0, 0.05), kNear, 100);
    model.setChain(makeChain(), kFar, 200);
    model.setFields({ChainField::Iv, ChainField::Gex});
    model.setStrikesEachSide(1);
    model.expireFlashes(10'000);
    model.setChain(nullptr, kNear, 300);
    QCOMPARE(model.rowCount(), 0);
}

void TestOptionChainModel::showsTheExpiryStrikesWithCallsAndPutsMirrored()
{
    OptionChainModel model;
    model.setFields({ChainField::Bid, ChainField::Ask, ChainField::Delta});
    model.setChain(makeChain(), kNear, 0);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.columnCount(), 7);
    const QStringList strikes = {"90", "95", "100", "105", "110"};
    for (int r = 0; r < 5; ++r)
        QCOMPARE(model.index(r, model.strikeColumn()).data().toString(), strikes[r]);
    // Calls: Delta, Bid, Ask | Strike | Bid, Ask, Delta: puts outward, calls mirrored with the
    // bid/ask pair kept in reading order.
    const QStringList headers = {"Delta", "Bid", "Ask", "Strike", "Bid", "Ask", "Delta"};
    for (int c = 0; c < 7; ++c)
        QCOMPARE(model.headerData(c, Qt::Horizontal).toString(), headers[c]);
    QCOMPARE(model.index(0, 0).data(OptionChainModel::SideRole).toInt(), 1);
    QCOMPARE(model.index(0, 6).data(OptionChainModel::SideRole).toInt(), -1);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("0.500"));
    QCOMPARE(model.index(0, 6).data().toString(), QStringLiteral("-0.500"));
    // The 90 call is 11 in the money: bid 12.00; the 90 put is out: bid 1.00.
    QCOMPARE(model.index(0, model.columnOf(ChainField::Bid, +1)).data().toString(),
             QStringLiteral("12.00"));
    QCOMPARE(model.index(0, model.columnOf(ChainField::Bid, -1)).data().toString(),
             QStringLiteral("1.00"));
    const OptionRow *call = model.contractAt(model.index(0, 1));
    const OptionRow *put = model.contractAt(model.index(0, 4));
    QVERIFY(call && put);
    QCOMPARE(call->right, OptionRight::Call);
    QCOMPARE(put->right, OptionRight::Put);
    QCOMPARE(call->strike, 90.0);
    QVERIFY(!model.contractAt(model.index(0, model.strikeColumn())));
    QCOMPARE(model.index(0, 1).data(OptionChainModel::ContractIdRole).toULongLong(),
             static_cast<qulonglong>(call->id));
}

void TestOptionChainModel::picksTheNearestListedExpiry()
{
    OptionChainModel model;
    model.setChain(makeChain(), makeDate(2025, 1, 20), 0); // between the two: the far one
    QCOMPARE(model.expiryDate(), kFar);
    QCOMPARE(model.rowCount(), 5); // 80..120 by 10
    QCOMPARE(model.strikeAt(0), 80.0);
    model.setChain(makeChain(), makeDate(2025, 6, 1), 1); // after the last: the last
    QCOMPARE(model.expiryDate(), kFar);
    model.setChain(makeChain(), makeDate(2024, 1, 1), 2);
    QCOMPARE(model.expiryDate(), kNear);
}

void TestOptionChainModel::marksAtmAndSigmaStrikes()
{
    OptionChainModel model;
    model.setChain(makeChain(101.0), kNear, 0);
    QCOMPARE(model.atmRow(), 2); // 100
    QVERIFY(model.index(2, 0).data(OptionChainModel::AtmRole).toBool());
    QVERIFY(!model.index(1, 0).data(OptionChainModel::AtmRole).toBool());
    // Expected move 4: +1 sigma at 105 (nearest 105), -1 sigma 97 (nearest 95), +2 sigma 109
    // (110), -2 sigma 93: nearest 95 is taken by -1 sigma, so no second marker there.
    QCOMPARE(model.index(3, 0).data(OptionChainModel::SigmaRole).toInt(), 1);
    QCOMPARE(model.index(1, 0).data(OptionChainModel::SigmaRole).toInt(), -1);
    QCOMPARE(model.index(4, 0).data(OptionChainModel::SigmaRole).toInt(), 2);
    QCOMPARE(model.index(0, 0).data(OptionChainModel::SigmaRole).toInt(), 0);
    QCOMPARE(model.index(2, 0).data(OptionChainModel::SigmaRole).toInt(), 0);
}

void TestOptionChainModel::shadesInTheMoneyContracts()
{
    OptionChainModel model;
    model.setChain(makeChain(101.0), kNear, 0);
    const int callBid = model.columnOf(ChainField::Bid, +1);
    const int putBid = model.columnOf(ChainField::Bid, -1);
    // Calls below the spot and puts above it are in the money.
    QVERIFY(model.index(2, callBid).data(OptionChainModel::InTheMoneyRole).toBool());  // 100 C
    QVERIFY(!model.index(3, callBid).data(OptionChainModel::InTheMoneyRole).toBool()); // 105 C
    QVERIFY(!model.index(2, putBid).data(OptionChainModel::InTheMoneyRole).toBool());  // 100 P
    QVERIFY(model.index(3, putBid).data(OptionChainModel::InTheMoneyRole).toBool());   // 105 P
    QVERIFY(model.index(2, callBid).data(Qt::BackgroundRole).value<QColor>().isValid());
    QVERIFY(!model.index(3, callBid).data(Qt::BackgroundRole).isValid());
}

void TestOptionChainModel::limitsStrikesAroundAtm()
{
    OptionChainModel model;
    model.setStrikesEachSide(1);
    model.setChain(makeChain(101.0), kNear, 0);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.strikeAt(0), 95.0);
    QCOMPARE(model.strikeAt(2), 105.0);
    QCOMPARE(model.atmRow(), 1);
    // The window moves with the ATM strike.
    model.setChain(makeChain(108.0), kNear, 10);
    QCOMPARE(model.strikeAt(1), 110.0);
    QCOMPARE(model.rowCount(), 2); // 105, 110: nothing above 110
    model.setStrikesEachSide(0);
    QCOMPARE(model.rowCount(), 5);
}

void TestOptionChainModel::columnsFollowTheFields()
{
    OptionChainModel model;
    model.setChain(makeChain(), kNear, 0);
    QCOMPARE(model.columnCount(), 2 * static_cast<int>(widgets::defaultChainFields().size()) + 1);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setFields({ChainField::OpenInterest, ChainField::Gex, ChainField::ProbabilityItm});
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.columnCount(), 7);
    QCOMPARE(model.columnOf(ChainField::Bid, +1), -1);
    QCOMPARE(model.columnOf(ChainField::Gex, -1), 5);
    QCOMPARE(model.columnOf(ChainField::Gex, +1), 1);
    QCOMPARE(model.headerData(6, Qt::Horizontal).toString(), QStringLiteral("Prob ITM"));
    QCOMPARE(model.index(0, model.columnOf(ChainField::Gex, +1)).data().toString(),
             QStringLiteral("+1.0M"));
    QCOMPARE(model.index(0, model.columnOf(ChainField::Gex, -1)).data().toString(),
             QStringLiteral("−2.0M"));
    QCOMPARE(model.index(0, model.columnOf(ChainField::OpenInterest, -1)).data().toString(),
             QStringLiteral("1,090"));
    // Derived numbers explain themselves.
    QVERIFY(model.headerData(model.columnOf(ChainField::Gex, -1), Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("open interest × 100 × spot²")));
}

void TestOptionChainModel::flashesChangedQuotesThenExpires()
{
    OptionChainModel model;
    model.setChain(makeChain(101.0, 0.0), kNear, 1000);
    const int callBid = model.columnOf(ChainField::Bid, +1);
    const int callIv = model.columnOf(ChainField::Iv, +1);
    QCOMPARE(model.index(0, callBid).data(OptionChainModel::FlashRole).toInt(), 0);
    auto higher = makeChain(101.0, 0.05);
    for (auto &row : higher->options)
        row.iv = 0.21; // model outputs change too, but do not flash
    model.setChain(higher, kNear, 1100);
    QCOMPARE(model.index(0, callBid).data(OptionChainModel::FlashRole).toInt(), 1);
    QCOMPARE(model.index(0, callIv).data(OptionChainModel::FlashRole).toInt(), 0);
    QCOMPARE(model.index(0, callIv).data().toString(), QStringLiteral("21.0%"));
    model.setChain(makeChain(101.0, -0.05), kNear, 1200);
    QCOMPARE(model.index(0, callBid).data(OptionChainModel::FlashRole).toInt(), -1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.expireFlashes(1200 + OptionChainModel::kFlashMs - 1);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(model.index(0, callBid).data(OptionChainModel::FlashRole).toInt(), -1);
    model.expireFlashes(1200 + OptionChainModel::kFlashMs);
    QCOMPARE(model.index(0, callBid).data(OptionChainModel::FlashRole).toInt(), 0);
    QCOMPARE(changed.count(), 1); // every row changed: one span
}

void TestOptionChainModel::notifiesWithoutResetWhenStrikesAreUnchanged()
{
    OptionChainModel model;
    model.setChain(makeChain(), kNear, 0);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // Only the 105 call changes.
    auto next = makeChain();
    for (auto &row : next->options) {
        if (row.expiry == kNear && row.strike == 105 && row.right == OptionRight::Call)
            row.bid += toPrice(0.01);
    }
    model.setChain(next, kNear, 10);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 3);
    QCOMPARE(bottomRight.row(), 3);
    // An identical chain changes nothing.
    changed.clear();
    model.setChain(next, kNear, 20);
    QCOMPARE(changed.count(), 0);
    // Another expiry is another set of rows.
    model.setChain(next, kFar, 30);
    QCOMPARE(reset.count(), 1);
}

void TestOptionChainModel::missingValuesShowADash()
{
    auto chain = makeChain();
    chain->options[0].ivError = pricing::IvError::BelowIntrinsic; // the 90 call
    chain->options[0].iv = 0;
    chain->options[0].bid = 0;
    OptionChainModel model;
    model.setChain(chain, kNear, 0);
    QCOMPARE(model.index(0, model.columnOf(ChainField::Iv, +1)).data().toString(),
             QStringLiteral("—"));
    QCOMPARE(model.index(0, model.columnOf(ChainField::Bid, +1)).data().toString(),
             QStringLiteral("—"));
    QVERIFY(std::isnan(model.index(0, model.columnOf(ChainField::Delta, +1))
                           .data(OptionChainModel::SortRole)
                           .toDouble()));
    QVERIFY(model.index(0, model.columnOf(ChainField::Iv, +1))
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("No IV")));
}

QTEST_MAIN(TestOptionChainModel)
#include "tst_optionchainmodel.moc"
