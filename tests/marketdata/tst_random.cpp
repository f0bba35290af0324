// The simulator's random numbers: reproducible streams and correct distributions (the ziggurat
// normal's moments and tails, the exponential's mean), since every statistic of the simulated
// market rests on them.
#include "marketdata/random.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace mag7::marketdata;

class TestRandom : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameStream();
    void seedsAndKeysSeparateStreams();
    void normalMoments_data();
    void normalMoments();
    void exponentialMean();
    void uniformRange();
};

void TestRandom::sameSeedSameStream()
{
    Rng a(42);
    Rng b(42);
    for (int i = 0; i < 1000; ++i) {
        QCOMPARE(a.next(), b.next());
        QCOMPARE(a.normal(), b.normal());
    }
}

void TestRandom::seedsAndKeysSeparateStreams()
{
    Rng a(1);
    Rng b(2);
    int equal = 0;
    for (int i = 0; i < 100; ++i)
        equal += a.next() == b.next() ? 1 : 0;
    QCOMPARE(equal, 0);
    QVERIFY(mixSeed({1, 2, 3}) != mixSeed({1, 3, 2}));
    QVERIFY(mixSeed({7, 0}) != mixSeed({7}));
    QVERIFY(hashString("AAPL") != hashString("AAPM"));
}

void TestRandom::normalMoments_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::newRow("seed 1") << quint64{1};
    QTest::newRow("seed 12345") << quint64{12345};
}

void TestRandom::normalMoments()
{
    QFETCH(quint64, seed);
    Rng rng(seed);
    const int n = 2'000'000;
    double sum = 0;
    double sum2 = 0;
    double sum3 = 0;
    double sum4 = 0;
    int beyond3 = 0;
    int beyond4 = 0;
    for (int i = 0; i < n; ++i) {
        const double x = rng.normal();
        sum += x;
        sum2 += x * x;
        sum3 += x * x * x;
        sum4 += x * x * x * x;
        beyond3 += std::fabs(x) > 3 ? 1 : 0;
        beyond4 += std::fabs(x) > 4 ? 1 : 0;
    }
    const double mean = sum / n;
    const double variance = sum2 / n - mean * mean;
    const double skew = sum3 / n;
    const double kurtosis = sum4 / n;
    // Standard errors at n = 2e6: mean 7e-4, variance 1e-3, skew 1.7e-3, kurtosis 7e-3.
    const QString info = QStringLiteral("seed %1: mean %2 var %3 skew %4 kurt %5 |x|>3 %6 |x|>4 %7")
                             .arg(seed)
                             .arg(mean)
                             .arg(variance)
                             .arg(skew)
                             .arg(kurtosis)
                             .arg(beyond3)
                             .arg(beyond4);
    QVERIFY2(std::fabs(mean) < 0.004, qPrintable(info));
    QVERIFY2(std::fabs(variance - 1) < 0.006, qPrintable(info));
    QVERIFY2(std::fabs(skew) < 0.01, qPrintable(info));
    QVERIFY2(std::fabs(kurtosis - 3) < 0.04, qPrintable(info));
    // P(|Z| > 3) = 2.70e-3 -> 5400 expected; P(|Z| > 4) = 6.33e-5 -> 127 expected (the tail
    // sampler of the base strip).
    QVERIFY2(beyond3 > 5100 && beyond3 < 5700, qPrintable(info));
    QVERIFY2(beyond4 > 85 && beyond4 < 175, qPrintable(info));
}

void TestRandom::exponentialMean()
{
    Rng rng(9);
    const int n = 1'000'000;
    double sum = 0;
    double tail = 0;
    for (int i = 0; i < n; ++i) {
        const double x = rng.exponential();
        QVERIFY(x > 0);
        sum += x;
        tail += x > 3 ? 1 : 0;
    }
    QVERIFY2(std::fabs(sum / n - 1) < 0.005, qPrintable(QString::number(sum / n)));
    // P(X > 3) = e^-3 = 0.0498.
    QVERIFY2(std::fabs(tail / n - 0.0498) < 0.001, qPrintable(QString::number(tail / n)));
}

void TestRandom::uniformRange()
{
    Rng rng(3);
    std::vector<int> buckets(10, 0);
    for (int i = 0; i < 100000; ++i) {
        const double u = rng.uniform();
        QVERIFY(u >= 0 && u < 1);
        const double p = rng.uniformPositive();
        QVERIFY(p > 0 && p < 1);
        ++buckets[static_cast<std::size_t>(rng.below(10))];
    }
    for (int count : buckets)
        QVERIFY2(count > 9500 && count < 10500, qPrintable(QString::number(count)));
}

QTEST_GUILESS_MAIN(TestRandom)
#include "tst_random.moc"
