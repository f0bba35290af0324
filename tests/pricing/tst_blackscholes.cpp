// Black-Scholes-Merton price and Greeks: published values, parity and finite differences.
#include "pricing/blackscholes.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::pricing;

namespace {
QString describe(const BsmInputs &in)
{
    return QStringLiteral("%1 S=%2 K=%3 T=%4 vol=%5 r=%6 q=%7")
        .arg(in.right == OptionRight::Call ? "call" : "put")
        .arg(in.spot, 0, 'g', 12)
        .arg(in.strike, 0, 'g', 12)
        .arg(in.years, 0, 'g', 12)
        .arg(in.vol, 0, 'g', 12)
        .arg(in.rate, 0, 'g', 12)
        .arg(in.dividendYield, 0, 'g', 12);
}
} // namespace

class TestBlackScholes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void publishedValues_data();
    void publishedValues();
    void putCallParity();
    void greeksMatchFiniteDifferences();
    void expiredIsIntrinsic();
};

void TestBlackScholes::publishedValues_data()
{
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("spot");
    QTest::addColumn<double>("strike");
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("yield");
    QTest::addColumn<double>("vol");
    QTest::addColumn<double>("expected");
    QTest::addColumn<double>("tolerance");
    // Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), example 1.1.1: 2.1334.
    QTest::newRow("Haug 1.1.1 call")
        << true << 60.0 << 65.0 << 0.25 << 0.08 << 0.0 << 0.30 << 2.1334 << 5e-5;
    // Haug example 1.1.6 (Merton with yield): put S=100 K=95 T=0.5 r=10% q=5% vol=20%: 2.4648.
    QTest::newRow("Haug 1.1.6 put")
        << false << 100.0 << 95.0 << 0.5 << 0.10 << 0.05 << 0.20 << 2.4648 << 5e-5;
    // Hull, Options, Futures and Other Derivatives, example 15.6: call 4.76, put 0.81.
    QTest::newRow("Hull call") << true << 42.0 << 40.0 << 0.5 << 0.10 << 0.0 << 0.20 << 4.76
                               << 5e-3;
    QTest::newRow("Hull put") << false << 42.0 << 40.0 << 0.5 << 0.10 << 0.0 << 0.20 << 0.81
                              << 5e-3;
}

void TestBlackScholes::publishedValues()
{
    QFETCH(bool, call);
    QFETCH(double, spot);
    QFETCH(double, strike);
    QFETCH(double, years);
    QFETCH(double, rate);
    QFETCH(double, yield);
    QFETCH(double, vol);
    QFETCH(double, expected);
    QFETCH(double, tolerance);
    const BsmInputs in{
        call ? OptionRight::Call : OptionRight::Put, spot, strike, years, vol, rate, yield};
    const double price = bsmPrice(in);
    QVERIFY2(std::abs(price - expected) <= tolerance,
             qPrintable(describe(in) +
                        QStringLiteral(" price %1 expected %2").arg(price).arg(expected)));
    QCOMPARE(bsmGreeks(in).price, price);
}

void TestBlackScholes::putCallParity()
{
    for (double strike : {50.0, 90.0, 100.0, 110.0, 200.0}) {
        for (double years : {1.0 / 365 / 24, 7.0 / 365, 1.0}) {
            BsmInputs in{OptionRight::Call, 100.0, strike, years, 0.35, 0.045, 0.012};
            const double call = bsmPrice(in);
            in.right = OptionRight::Put;
            const double put = bsmPrice(in);
            const double forwardValue =
                100.0 * std::exp(-0.012 * years) - strike * std::exp(-0.045 * years);
            QVERIFY2(std::abs(call - put - forwardValue) < 1e-10, qPrintable(describe(in)));
        }
    }
}

void TestBlackScholes::greeksMatchFiniteDifferences()
{
    const double h = 1e-3;
    for (auto right : {OptionRight::Call, OptionRight::Put}) {
        for (double strike : {80.0, 100.0, 125.0}) {
            const BsmInputs in{right, 100.0, strike, 30.0 / 365, 0.28, 0.04, 0.01};
            const Greeks g = bsmGreeks(in);
            auto priceWith = [&](auto change) {
                BsmInputs x = in;
                change(x);
                return bsmPrice(x);
            };
            auto greeksWith = [&](auto change) {
                BsmInputs x = in;
                change(x);
                return bsmGreeks(x);
            };
            const double delta = (priceWith([&](BsmInputs &x) { x.spot += h; }) -
                                  priceWith([&](BsmInputs &x) { x.spot -= h; })) /
                                 (2 * h);
            const double gamma = (greeksWith([&](BsmInputs &x) { x.spot += h; }).delta -
                                  greeksWith([&](BsmInputs &x) { x.spot -= h; }).delta) /
                                 (2 * h);
            const double vega = (priceWith([&](BsmInputs &x) { x.vol += 1e-5; }) -
                                 priceWith([&](BsmInputs &x) { x.vol -= 1e-5; })) /
                                2e-5 * 0.01;
            const double theta = (priceWith([&](BsmInputs &x) { x.years -= 1e-5; }) -
                                  priceWith([&](BsmInputs &x) { x.years += 1e-5; })) /
                                 2e-5 / 365;
            const double rho = (priceWith([&](BsmInputs &x) { x.rate += 1e-6; }) -
                                priceWith([&](BsmInputs &x) { x.rate -= 1e-6; })) /
                               2e-6 * 0.01;
            const double vanna = (greeksWith([&](BsmInputs &x) { x.vol += 1e-5; }).delta -
                                  greeksWith([&](BsmInputs &x) { x.vol -= 1e-5; }).delta) /
                                 2e-5 * 0.01;
            const double charm = (greeksWith([&](BsmInputs &x) { x.years -= 1e-6; }).delta -
                                  greeksWith([&](BsmInputs &x) { x.years += 1e-6; }).delta) /
                                 2e-6 / 365;
            const double vomma = (greeksWith([&](BsmInputs &x) { x.vol += 1e-5; }).vega -
                                  greeksWith([&](BsmInputs &x) { x.vol -= 1e-5; }).vega) /
                                 2e-5 * 0.01;
            const double speed = (greeksWith([&](BsmInputs &x) { x.spot += h; }).gamma -
                                  greeksWith([&](BsmInputs &x) { x.spot -= h; }).gamma) /
                                 (2 * h);
            const QString where = describe(in);
            auto check = [&](const char *name, double ours, double numeric) {
                const double tolerance = 1e-6 + 1e-5 * std::abs(numeric);
                QVERIFY2(std::abs(ours - numeric) <= tolerance,
                         qPrintable(where + QStringLiteral(" %1 analytic %2 numeric %3")
                                                .arg(name)
                                                .arg(ours, 0, 'g', 10)
                                                .arg(numeric, 0, 'g', 10)));
            };
            check("delta", g.delta, delta);
            check("gamma", g.gamma, gamma);
            check("vega", g.vega, vega);
            check("theta", g.theta, theta);
            check("rho", g.rho, rho);
            check("vanna", g.vanna, vanna);
            check("charm", g.charm, charm);
            check("vomma", g.vomma, vomma);
            check("speed", g.speed, speed);
        }
    }
}

void TestBlackScholes::expiredIsIntrinsic()
{
    const BsmInputs call{OptionRight::Call, 101.0, 100.0, 0.0, 0.3, 0.05, 0.0};
    QCOMPARE(bsmPrice(call), 1.0);
    QCOMPARE(bsmDelta(call), 1.0);
    const BsmInputs put{OptionRight::Put, 101.0, 100.0, 0.0, 0.3, 0.05, 0.0};
    QCOMPARE(bsmPrice(put), 0.0);
    QCOMPARE(bsmGreeks(put).delta, 0.0);
}

QTEST_GUILESS_MAIN(TestBlackScholes)
#include "tst_blackscholes.moc"
