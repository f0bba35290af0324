#include "model/price.h"
#include "model/tick.h"

#include <QTest>

using namespace mag7;

class TestPrice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void convertsExactly();
    void roundsToIncrements();
    void formats();
    void tickAccessors();
};

void TestPrice::convertsExactly()
{
    QCOMPARE(toPrice(230.15), Price{2'301'500});
    QCOMPARE(toPrice(0.05), Price{500});
    QCOMPARE(toDouble(toPrice(5987.25)), 5987.25);
    QCOMPARE(toPrice(-1.2345), Price{-12'345});
}

void TestPrice::roundsToIncrements()
{
    QCOMPARE(roundToIncrement(5987.13, toPrice(0.25)), toPrice(5987.25));
    QCOMPARE(floorToIncrement(3.07, toPrice(0.05)), toPrice(3.05));
    QCOMPARE(ceilToIncrement(3.01, toPrice(0.05)), toPrice(3.05));
    QCOMPARE(floorToIncrement(3.05, toPrice(0.05)), toPrice(3.05)); // exact stays
    QCOMPARE(ceilToIncrement(3.05, toPrice(0.05)), toPrice(3.05));
}

void TestPrice::formats()
{
    QCOMPARE(QString::fromStdString(formatPrice(toPrice(230.1))), "230.10");
    QCOMPARE(QString::fromStdString(formatPrice(toPrice(0.1234))), "0.1234");
    QCOMPARE(QString::fromStdString(formatPrice(toPrice(-2.5))), "-2.50");
    QCOMPARE(QString::fromStdString(formatPrice(toPrice(9.999), 2)), "10.00");
    QCOMPARE(QString::fromStdString(formatPrice(toPrice(5987.25), 0)), "5987");
}

void TestPrice::tickAccessors()
{
    const Tick trade = Tick::trade(5, 2, toPrice(100.01), 300);
    QVERIFY(trade.isTrade());
    QCOMPARE(trade.price(), toPrice(100.01));
    QCOMPARE(trade.size(), 300);
    QuoteState state;
    state.apply(Tick::quote(4, 2, toPrice(100), toPrice(100.02), 5, 7));
    state.apply(trade);
    QCOMPARE(state.bid, toPrice(100));
    QCOMPARE(state.last, toPrice(100.01));
    QCOMPARE(state.tradeTs, Timestamp{5});
}

QTEST_GUILESS_MAIN(TestPrice)
#include "tst_price.moc"
