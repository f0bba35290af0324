// Dealer positioning: GEX and delta exposure by hand, aggregation, flip level, walls, clusters.
#include "pricing/blackscholes.h"
#include "pricing/gex.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

using namespace mag7;
using namespace mag7::pricing;

namespace {

constexpr double kDay = 1.0 / 365;
constexpr double kRate = 0.045, kYield = 0.005;

QString describe(double spot, const std::vector<GexContract> &chain)
{
    QString s = QStringLiteral("S=%1 r=%2 q=%3 contracts(K right T iv OI):")
                    .arg(spot)
                    .arg(kRate)
                    .arg(kYield);
    for (const GexContract &c : chain)
        s += QStringLiteral(" [%1 %2 %3 %4 %5]")
                 .arg(c.strike)
                 .arg(c.right == OptionRight::Call ? "C" : "P")
                 .arg(c.years, 0, 'g', 6)
                 .arg(c.iv)
                 .arg(c.openInterest);
    return s;
}

QString describe(const GexProfile &p)
{
    QString s = QStringLiteral(" total=%1 flip=%2 callWall=%3 putWall=%4 clusters=")
                    .arg(p.totalGex, 0, 'g', 10)
                    .arg(p.flipLevel ? QString::number(*p.flipLevel, 'g', 10) : "none")
                    .arg(p.callWall ? QString::number(*p.callWall) : "none")
                    .arg(p.putWall ? QString::number(*p.putWall) : "none");
    for (double c : p.deltaClusters)
        s += QStringLiteral(" %1").arg(c);
    return s;
}

double gexByHand(const GexContract &c, double spot)
{
    const Greeks g = bsmGreeks({c.right, spot, c.strike, c.years, c.iv, kRate, kYield});
    const double sign = c.right == OptionRight::Call ? 1 : -1;
    return sign * g.gamma * c.openInterest * 100 * spot * spot * 0.01;
}

} // namespace

class TestGex : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneContractByHand_data();
    void oneContractByHand();
    void aggregatesPerStrike();
    void flipLevel_data();
    void flipLevel();
    void noFlipWithoutSignChange();
    void walls();
    void deltaClusters();
    void emptyAndInvalid();
    void speed();
};

void TestGex::oneContractByHand_data()
{
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("strike");
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("iv");
    QTest::addColumn<double>("oi");
    QTest::newRow("ATM call 30d") << true << 100.0 << 30 * kDay << 0.25 << 1000.0;
    QTest::newRow("OTM put 7d") << false << 95.0 << 7 * kDay << 0.35 << 2500.0;
    QTest::newRow("0DTE call") << true << 101.0 << 3.0 / 24 * kDay << 0.20 << 40000.0;
}

void TestGex::oneContractByHand()
{
    QFETCH(bool, call);
    QFETCH(double, strike);
    QFETCH(double, years);
    QFETCH(double, iv);
    QFETCH(double, oi);
    const double spot = 100;
    const GexContract c{strike, call ? OptionRight::Call : OptionRight::Put, years, iv, oi};
    const std::vector<GexContract> chain{c};
    const GexProfile p = computeGex(spot, kRate, kYield, chain);
    const QString where = describe(spot, chain) + describe(p);
    const Greeks g = bsmGreeks({c.right, spot, strike, years, iv, kRate, kYield});
    // Gamma x OI x 100 x S^2 x 1%, + for calls, - for puts.
    const double gex = g.gamma * oi * 100 * spot * spot * 0.01;
    QCOMPARE(p.levels.size(), std::size_t{1});
    const GexLevel &l = p.levels[0];
    QCOMPARE(l.strike, strike);
    QVERIFY2(std::abs((call ? l.callGex : -l.putGex) - gex) < 1e-9 * gex, qPrintable(where));
    QCOMPARE(call ? l.putGex : l.callGex, 0.0);
    QVERIFY2(std::abs(p.totalGex - (call ? gex : -gex)) < 1e-9 * gex, qPrintable(where));
    QVERIFY2(std::abs(totalGexAt(spot, kRate, kYield, chain) - p.totalGex) < 1e-9 * gex,
             qPrintable(where));
    // Delta x OI x 100 x S (puts negative through their delta).
    const double dex = g.delta * oi * 100 * spot;
    QVERIFY2(std::abs((call ? l.callDeltaExposure : l.putDeltaExposure) - dex) <
                 1e-9 * std::abs(dex),
             qPrintable(where));
    QVERIFY(call ? dex > 0 : dex < 0);
    QCOMPARE(l.netDeltaExposure, l.callDeltaExposure + l.putDeltaExposure);
    QCOMPARE(l.netGex, l.callGex + l.putGex);
    QCOMPARE(p.callWall.has_value(), call);
    QCOMPARE(p.putWall.has_value(), !call);
    QVERIFY(!p.flipLevel); // one sign only
    // totalGexAt re-evaluates gamma at a hypothetical spot, S^2 included.
    for (double x : {92.0, 104.0}) {
        const double expected = gexByHand(c, x);
        QVERIFY2(std::abs(totalGexAt(x, kRate, kYield, chain) - expected) <
                     1e-9 * std::abs(expected) + 1e-12,
                 qPrintable(where + QStringLiteral(" at %1").arg(x)));
    }
}

void TestGex::aggregatesPerStrike()
{
    const double spot = 250;
    const std::vector<GexContract> chain{{250, OptionRight::Call, 7 * kDay, 0.3, 1000},
                                         {240, OptionRight::Put, 7 * kDay, 0.33, 800},
                                         {250, OptionRight::Call, 35 * kDay, 0.28, 500},
                                         {250, OptionRight::Put, 35 * kDay, 0.29, 1500},
                                         {260, OptionRight::Call, 35 * kDay, 0.27, 700},
                                         {250, OptionRight::Put, 7 * kDay, 0.31, 0}}; // no OI
    const GexProfile p = computeGex(spot, kRate, kYield, chain);
    const QString where = describe(spot, chain) + describe(p);
    QCOMPARE(p.levels.size(), std::size_t{3});
    QCOMPARE(p.levels[0].strike, 240.0);
    QCOMPARE(p.levels[1].strike, 250.0);
    QCOMPARE(p.levels[2].strike, 260.0);
    const double calls = gexByHand(chain[0], spot) + gexByHand(chain[2], spot);
    const double puts = gexByHand(chain[3], spot);
    QVERIFY2(std::abs(p.levels[1].callGex - calls) < 1e-9 * calls, qPrintable(where));
    QVERIFY2(std::abs(p.levels[1].putGex - puts) < 1e-9 * std::abs(puts), qPrintable(where));
    QVERIFY(p.levels[1].callGex > 0 && p.levels[1].putGex < 0 && p.levels[0].putGex < 0);
    double total = 0;
    for (const GexContract &c : chain)
        total += gexByHand(c, spot);
    QVERIFY2(std::abs(p.totalGex - total) < 1e-9 * std::abs(total), qPrintable(where));
    QVERIFY2(std::abs(totalGexAt(spot, kRate, kYield, chain) - total) < 1e-9 * std::abs(total),
             qPrintable(where));
}

void TestGex::flipLevel_data()
{
    QTest::addColumn<double>("putOi");
    QTest::addColumn<double>("callOi");
    QTest::addColumn<double>("putStrike");
    QTest::addColumn<double>("callStrike");
    // Put gamma below, call gamma above: the total crosses zero between them.
    QTest::newRow("balanced") << 5000.0 << 5000.0 << 95.0 << 105.0;
    QTest::newRow("put heavy") << 9000.0 << 4000.0 << 97.0 << 104.0;
    QTest::newRow("call heavy") << 3000.0 << 8000.0 << 92.0 << 101.0;
}

void TestGex::flipLevel()
{
    QFETCH(double, putOi);
    QFETCH(double, callOi);
    QFETCH(double, putStrike);
    QFETCH(double, callStrike);
    const double spot = 100;
    std::vector<GexContract> chain{{putStrike, OptionRight::Put, 21 * kDay, 0.30, putOi},
                                   {callStrike, OptionRight::Call, 21 * kDay, 0.24, callOi},
                                   {callStrike + 5, OptionRight::Call, 49 * kDay, 0.23, callOi / 4},
                                   {putStrike - 5, OptionRight::Put, 49 * kDay, 0.33, putOi / 4}};
    const GexProfile p = computeGex(spot, kRate, kYield, chain);
    const QString where = describe(spot, chain) + describe(p);
    QVERIFY2(p.flipLevel.has_value(), qPrintable(where));
    const double flip = *p.flipLevel;
    QVERIFY2(flip > spot * 0.8 && flip < spot * 1.2, qPrintable(where));
    // The total is ~0 there (relative to its scale) and changes sign across it.
    double scale = 0;
    for (const GexContract &c : chain)
        scale = std::max(scale, std::abs(gexByHand(c, spot)));
    const double at = totalGexAt(flip, kRate, kYield, chain);
    QVERIFY2(std::abs(at) < 1e-8 * scale,
             qPrintable(where + QStringLiteral(" total at flip %1").arg(at)));
    const double below = totalGexAt(flip * 0.999, kRate, kYield, chain);
    const double above = totalGexAt(flip * 1.001, kRate, kYield, chain);
    QVERIFY2((below < 0) != (above < 0),
             qPrintable(where + QStringLiteral(" %1 %2").arg(below).arg(above)));
    // It is the sign change nearest the spot: an independent 0.01% scan over +-20% agrees.
    double nearest = -1;
    double previous = totalGexAt(spot * 0.8, kRate, kYield, chain);
    for (int i = 1; i <= 4000; ++i) {
        const double x = spot * (0.8 + 0.4 * i / 4000);
        const double value = totalGexAt(x, kRate, kYield, chain);
        if ((previous < 0) != (value < 0) &&
            (nearest < 0 || std::abs(x - spot) < std::abs(nearest - spot)))
            nearest = x;
        previous = value;
    }
    QVERIFY2(std::abs(nearest - flip) < 0.0002 * spot,
             qPrintable(where + QStringLiteral(" scan %1").arg(nearest)));
}

void TestGex::noFlipWithoutSignChange()
{
    const std::vector<GexContract> calls{{100, OptionRight::Call, 30 * kDay, 0.3, 1000},
                                         {110, OptionRight::Call, 30 * kDay, 0.3, 2000}};
    const GexProfile p = computeGex(100, kRate, kYield, calls);
    QVERIFY2(!p.flipLevel && p.totalGex > 0, qPrintable(describe(100, calls) + describe(p)));
    const std::vector<GexContract> puts{{90, OptionRight::Put, 30 * kDay, 0.3, 1000}};
    const GexProfile q = computeGex(100, kRate, kYield, puts);
    QVERIFY2(!q.flipLevel && q.totalGex < 0, qPrintable(describe(100, puts) + describe(q)));
    QVERIFY(q.putWall && *q.putWall == 90 && !q.callWall);
}

void TestGex::walls()
{
    const double spot = 400;
    // Call GEX weights OI by gamma: the 420 strike with less OI than 460 still wins.
    const std::vector<GexContract> chain{{410, OptionRight::Call, 14 * kDay, 0.25, 1000},
                                         {420, OptionRight::Call, 14 * kDay, 0.25, 3000},
                                         {460, OptionRight::Call, 14 * kDay, 0.25, 4000},
                                         {390, OptionRight::Put, 14 * kDay, 0.28, 1500},
                                         {380, OptionRight::Put, 14 * kDay, 0.29, 5000},
                                         {340, OptionRight::Put, 14 * kDay, 0.33, 9000}};
    const GexProfile p = computeGex(spot, kRate, kYield, chain);
    const QString where = describe(spot, chain) + describe(p);
    double bestCall = 0, bestPut = 0, callStrike = 0, putStrike = 0;
    for (const GexContract &c : chain) {
        const double g = gexByHand(c, spot);
        if (g > bestCall) {
            bestCall = g;
            callStrike = c.strike;
        }
        if (-g > bestPut) {
            bestPut = -g;
            putStrike = c.strike;
        }
    }
    QVERIFY2(p.callWall && *p.callWall == callStrike && callStrike == 420, qPrintable(where));
    QVERIFY2(p.putWall && *p.putWall == putStrike && putStrike == 380, qPrintable(where));
}

void TestGex::deltaClusters()
{
    const double spot = 100;
    std::vector<GexContract> chain;
    // A background of small open interest at every strike, with concentrations of delta at
    // 90 (puts), 95 (puts, smaller, next to 90: not a local maximum) and 110 (calls).
    for (double k = 80; k <= 120; k += 2.5) {
        chain.push_back({k, OptionRight::Call, 30 * kDay, 0.3, 200});
        chain.push_back({k, OptionRight::Put, 30 * kDay, 0.3, 200});
    }
    chain.push_back({90, OptionRight::Put, 30 * kDay, 0.3, 6000});
    chain.push_back({92.5, OptionRight::Put, 30 * kDay, 0.3, 3000});
    chain.push_back({110, OptionRight::Call, 30 * kDay, 0.3, 8000});
    const GexProfile p = computeGex(spot, kRate, kYield, chain);
    const QString where = describe(spot, chain) + describe(p);
    QCOMPARE(p.deltaClusters, (std::vector<double>{90, 110}));
    // Every cluster is a local maximum of |net delta exposure| at >= 1.5x the median.
    std::vector<double> magnitude;
    for (const GexLevel &l : p.levels)
        magnitude.push_back(std::abs(l.netDeltaExposure));
    std::vector<double> sorted = magnitude;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2]; // odd count
    QCOMPARE(sorted.size() % 2, std::size_t{1});
    for (double k : p.deltaClusters) {
        const auto it = std::find_if(p.levels.begin(), p.levels.end(),
                                     [&](const GexLevel &l) { return l.strike == k; });
        const std::size_t i = static_cast<std::size_t>(it - p.levels.begin());
        QVERIFY2(magnitude[i] >= 1.5 * median && magnitude[i] > magnitude[i - 1] &&
                     magnitude[i] >= magnitude[i + 1],
                 qPrintable(where));
    }
    // At most five, strongest first kept, returned by strike.
    std::vector<GexContract> many;
    for (double k = 50; k <= 150; k += 1) {
        const bool spike = static_cast<int>(k) % 10 == 0;
        many.push_back({k, OptionRight::Call, 60 * kDay, 0.3, spike ? 1000 + 10 * k : 50});
    }
    const GexProfile m = computeGex(spot, kRate, kYield, many);
    QCOMPARE(m.deltaClusters.size(), std::size_t{5});
    QVERIFY2(std::is_sorted(m.deltaClusters.begin(), m.deltaClusters.end()),
             qPrintable(describe(m)));
    // A uniform chain has no concentration.
    std::vector<GexContract> flat;
    for (double k = 90; k <= 110; k += 5)
        flat.push_back({k, OptionRight::Put, 30 * kDay, 0.3, 100 * std::exp(-std::abs(k - 100))});
    const GexProfile f = computeGex(spot, kRate, kYield, flat);
    QVERIFY2(f.deltaClusters.size() <= 1, qPrintable(describe(spot, flat) + describe(f)));
}

void TestGex::emptyAndInvalid()
{
    const GexProfile e = computeGex(100, kRate, kYield, {});
    QVERIFY(e.levels.empty() && e.totalGex == 0 && !e.flipLevel && !e.callWall && !e.putWall &&
            e.deltaClusters.empty());
    QCOMPARE(e.spot, 100.0);
    QCOMPARE(totalGexAt(100, kRate, kYield, {}), 0.0);
    const std::vector<GexContract> invalid{{100, OptionRight::Call, 0, 0.3, 100},
                                           {100, OptionRight::Call, 0.1, 0, 100},
                                           {100, OptionRight::Call, 0.1, 0.3, 0},
                                           {-5, OptionRight::Put, 0.1, 0.3, 100},
                                           {100, OptionRight::Put, 0.1, std::nan(""), 100}};
    const GexProfile i = computeGex(100, kRate, kYield, invalid);
    QVERIFY2(i.levels.empty() && i.totalGex == 0 && !i.flipLevel,
             qPrintable(describe(100, invalid) + describe(i)));
    const std::vector<GexContract> one{{100, OptionRight::Call, 0.1, 0.3, 100}};
    const GexProfile z = computeGex(0, kRate, kYield, one);
    QVERIFY(z.levels.empty() && z.totalGex == 0);
}

void TestGex::speed()
{
    // A full chain: 20 expiries x 50 strikes x call and put.
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> oi(0, 5000);
    std::vector<GexContract> chain;
    for (int e = 0; e < 20; ++e)
        for (int k = 0; k < 50; ++k)
            for (auto right : {OptionRight::Call, OptionRight::Put})
                chain.push_back({150.0 + 2 * k, right, (1 + e * 7) * kDay,
                                 0.25 + 0.002 * std::abs(k - 25), oi(rng)});
    const auto start = std::chrono::steady_clock::now();
    const GexProfile p = computeGex(200, kRate, kYield, chain);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    qInfo("computeGex, %zu contracts: %.2f ms%s", chain.size(), ms, qPrintable(describe(p)));
    QCOMPARE(p.levels.size(), std::size_t{50});
    QVERIFY2(ms < 2000, qPrintable(QString::number(ms)));
}

QTEST_GUILESS_MAIN(TestGex)
#include "tst_gex.moc"
