// Realized volatility estimators: close-to-close, Parkinson, Garman-Klass and Yang-Zhang against
// values hand-computed from their published formulas on a small series, the warm-up, the
// annualisation, agreement with the true volatility of a simulated market (with and without
// the overnight jump each estimator sees), long streams equal to a fresh window, and invalid
// bars.
#include "signals/volatility.h"

#include <QTest>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

using namespace mag7;
using namespace mag7::signals;

namespace {

Bar ohlc(Timestamp start, double open, double high, double low, double close)
{
    return Bar{start, open, high, low, close, 1000};
}

// Six daily bars (open, high, low, close) for the hand computations below.
const std::vector<Bar> kSixDays = {
    ohlc(0, 100.0, 102.0, 99.0, 101.0),  ohlc(1, 101.5, 103.0, 100.5, 102.5),
    ohlc(2, 102.0, 102.8, 99.8, 100.2),  ohlc(3, 99.5, 101.0, 98.5, 100.8),
    ohlc(4, 101.2, 104.0, 101.0, 103.6), ohlc(5, 104.1, 105.2, 102.9, 103.0)};

bool near(double got, double expected, double relative)
{
    return std::abs(got - expected) <= relative * std::abs(expected);
}

QString describe(double got, double expected)
{
    return QStringLiteral("got %1, expected %2").arg(got, 0, 'g', 17).arg(expected, 0, 'g', 17);
}

} // namespace

class TestVolatility : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handComputed_data();
    void handComputed();
    void parkinsonOfOneBar();
    void annualisationScalesTheVariance();
    void simulatedMarket();
    void longStreamEqualsAFreshWindow_data();
    void longStreamEqualsAFreshWindow();
    void invalidBarsAreIgnored();
    void smallWindowsAreRaised();
};

void TestVolatility::handComputed_data()
{
    // Window n = 5 over kSixDays, annualised with a = 252. Expected values computed by hand
    // from the published formulas (see volatility.h), to 17 significant digits:
    //  close-to-close: the 5 log returns ln(C_i/C_{i-1}) of bars 2..6 have sample variance
    //    3.6889131826307436e-4, so sigma = sqrt(252 * s2) = 0.30489442796203203;
    //  Parkinson (1980): sum ln(H/L)^2 / (4 * 5 * ln 2) over bars 1..5 = 2.7822956778002624e-4
    //    (sigma 0.2647902020101322) and over bars 2..6 = 2.491924939660073e-4
    //    (sigma 0.25059231528407616);
    //  Garman-Klass (1980): mean of 0.5 ln(H/L)^2 - (2 ln 2 - 1) ln(C/O)^2 over bars 1..5 =
    //    2.9067984317237866e-4 (sigma 0.2706498115267022), over bars 2..6 =
    //    2.4935674317444424e-4 (sigma 0.2506748876133386);
    //  Yang-Zhang (2000), bars 2..6 with bar 1's close: k = 0.34 / (1.34 + 6/4) =
    //    0.11971830985915495, s2_overnight = 3.391366492785247e-5, s2_open-to-close =
    //    2.9512482964732736e-4, s2_Rogers-Satchell = 2.411035597044865e-4, so
    //    s2 = 2.8148455976634106e-4 and sigma = 0.2663345810463184.
    QTest::addColumn<int>("estimator");
    QTest::addColumn<double>("fifthBar");
    QTest::addColumn<double>("sixthBar");
    QTest::addColumn<double>("sixthVariance");
    QTest::newRow("close-to-close") << int(VolEstimator::CloseToClose) << kNoValue
                                    << 0.30489442796203203 << 3.6889131826307436e-4;
    QTest::newRow("parkinson") << int(VolEstimator::Parkinson) << 0.2647902020101322
                               << 0.25059231528407616 << 2.491924939660073e-4;
    QTest::newRow("garman-klass") << int(VolEstimator::GarmanKlass) << 0.2706498115267022
                                  << 0.2506748876133386 << 2.4935674317444424e-4;
    QTest::newRow("yang-zhang") << int(VolEstimator::YangZhang) << kNoValue << 0.2663345810463184
                                << 2.8148455976634106e-4;
}

void TestVolatility::handComputed()
{
    QFETCH(int, estimator);
    QFETCH(double, fifthBar);
    QFETCH(double, sixthBar);
    QFETCH(double, sixthVariance);
    const std::vector<double> values =
        realizedVolatility(kSixDays, VolEstimator(estimator), 5, 252.0);
    QCOMPARE(values.size(), kSixDays.size());
    for (int i = 0; i < 4; ++i)
        QVERIFY2(std::isnan(values[static_cast<std::size_t>(i)]), "warming up");
    if (std::isnan(fifthBar))
        QVERIFY(std::isnan(values[4]));
    else
        QVERIFY2(near(values[4], fifthBar, 1e-12), qPrintable(describe(values[4], fifthBar)));
    QVERIFY2(near(values[5], sixthBar, 1e-12), qPrintable(describe(values[5], sixthBar)));

    RealizedVolatility stream(VolEstimator(estimator), 5, 252.0);
    for (const Bar &bar : kSixDays)
        stream.update(bar);
    QVERIFY(stream.ready());
    QVERIFY2(near(stream.variance(), sixthVariance, 1e-12),
             qPrintable(describe(stream.variance(), sixthVariance)));
    QCOMPARE(stream.value(), values[5]);
}

void TestVolatility::parkinsonOfOneBar()
{
    // A single bar with H/L = 1.1: s2 = ln(1.1)^2 / (4 ln 2) = 0.0032763713930836426.
    RealizedVolatility parkinson(VolEstimator::Parkinson, 1, 1.0);
    const double sigma = parkinson.update(ohlc(0, 105, 110, 100, 105));
    QVERIFY(near(parkinson.variance(), 0.0032763713930836426, 1e-14));
    QVERIFY(near(sigma, std::sqrt(0.0032763713930836426), 1e-14));
    // Garman-Klass of a bar that closes where it opened is 0.5 ln(H/L)^2 = 2 ln 2 x Parkinson.
    RealizedVolatility gk(VolEstimator::GarmanKlass, 1, 1.0);
    gk.update(ohlc(0, 105, 110, 100, 105));
    QVERIFY(near(gk.variance(), 2.0 * std::numbers::ln2 * 0.0032763713930836426, 1e-14));
}

void TestVolatility::annualisationScalesTheVariance()
{
    const double daily = realizedVolatility(kSixDays, VolEstimator::YangZhang, 5, 252.0).back();
    const double perBar = realizedVolatility(kSixDays, VolEstimator::YangZhang, 5, 1.0).back();
    QVERIFY(near(daily, perBar * std::sqrt(252.0), 1e-14));
    const double minutes =
        realizedVolatility(kSixDays, VolEstimator::YangZhang, 5, 252.0 * 390.0).back();
    QVERIFY(near(minutes, perBar * std::sqrt(252.0 * 390.0), 1e-14));
    QCOMPARE(volEstimatorName(VolEstimator::YangZhang), "yang-zhang");
}

void TestVolatility::simulatedMarket()
{
    // 2,000 days of a market with 20% annual volatility, a fifth of each day's variance in the
    // overnight jump and the rest spread over 390 one-minute steps of a Brownian motion. Close
    // to close and Yang-Zhang see the whole variance (20%); Parkinson and Garman-Klass see the
    // trading day only (20% x sqrt(0.8) = 17.9%), a little less because 390 steps miss part of
    // the true high-low range.
    const double sigma = 0.20;
    const double dailyVariance = sigma * sigma / 252.0;
    std::mt19937_64 random(20250113);
    std::normal_distribution<double> normal;
    std::vector<Bar> bars;
    double logPrice = std::log(100.0);
    for (int day = 0; day < 2000; ++day) {
        logPrice += std::sqrt(0.2 * dailyVariance) * normal(random);
        const double open = logPrice;
        double high = open;
        double low = open;
        for (int step = 0; step < 390; ++step) {
            logPrice += std::sqrt(0.8 * dailyVariance / 390.0) * normal(random);
            high = std::max(high, logPrice);
            low = std::min(low, logPrice);
        }
        bars.push_back(
            ohlc(day, std::exp(open), std::exp(high), std::exp(low), std::exp(logPrice)));
    }
    const int window = 1999;
    const double closeToClose = realizedVolatility(bars, VolEstimator::CloseToClose, window).back();
    const double yangZhang = realizedVolatility(bars, VolEstimator::YangZhang, window).back();
    const double parkinson = realizedVolatility(bars, VolEstimator::Parkinson, window).back();
    const double garmanKlass = realizedVolatility(bars, VolEstimator::GarmanKlass, window).back();
    const double intraday = sigma * std::sqrt(0.8);
    QVERIFY2(near(closeToClose, sigma, 0.05), qPrintable(describe(closeToClose, sigma)));
    QVERIFY2(near(yangZhang, sigma, 0.05), qPrintable(describe(yangZhang, sigma)));
    QVERIFY2(near(parkinson, intraday, 0.07), qPrintable(describe(parkinson, intraday)));
    QVERIFY2(near(garmanKlass, intraday, 0.07), qPrintable(describe(garmanKlass, intraday)));
    QVERIFY2(parkinson < intraday && garmanKlass < intraday, "discrete ranges are short");
}

void TestVolatility::longStreamEqualsAFreshWindow_data()
{
    QTest::addColumn<int>("estimator");
    for (VolEstimator e : {VolEstimator::CloseToClose, VolEstimator::Parkinson,
                           VolEstimator::GarmanKlass, VolEstimator::YangZhang})
        QTest::newRow(volEstimatorName(e)) << int(e);
}

void TestVolatility::longStreamEqualsAFreshWindow()
{
    QFETCH(int, estimator);
    std::mt19937_64 random(3);
    std::normal_distribution<double> normal(0.0, 0.001);
    std::vector<Bar> bars;
    double price = 500;
    for (int i = 0; i < 100000; ++i) {
        const double open = price * std::exp(normal(random));
        price = open * std::exp(normal(random));
        const double high = std::max(open, price) * std::exp(std::abs(normal(random)));
        const double low = std::min(open, price) * std::exp(-std::abs(normal(random)));
        bars.push_back(ohlc(i, open, high, low, price));
    }
    const int window = 30;
    RealizedVolatility stream(VolEstimator(estimator), window, 252.0 * 390.0);
    for (const Bar &bar : bars)
        stream.update(bar);
    RealizedVolatility fresh(VolEstimator(estimator), window, 252.0 * 390.0);
    for (std::size_t i = bars.size() - window - 1; i < bars.size(); ++i)
        fresh.update(bars[i]);
    QVERIFY2(near(stream.value(), fresh.value(), 1e-9),
             qPrintable(describe(stream.value(), fresh.value())));
}

void TestVolatility::invalidBarsAreIgnored()
{
    RealizedVolatility clean(VolEstimator::YangZhang, 5);
    RealizedVolatility noisy(VolEstimator::YangZhang, 5);
    for (const Bar &bar : kSixDays) {
        clean.update(bar);
        noisy.update(bar);
        const double before = noisy.value();
        QCOMPARE(noisy.update(ohlc(9, 100, 99, 101, 100)), before);      // high below low
        QCOMPARE(noisy.update(ohlc(9, 100, 101, 0, 100)), before);       // zero low
        QCOMPARE(noisy.update(ohlc(9, -1, 101, 99, 100)), before);       // negative open
        QCOMPARE(noisy.update(ohlc(9, 100, 101, 99, kNoValue)), before); // no close
    }
    QCOMPARE(noisy.value(), clean.value());
    noisy.reset();
    QVERIFY(std::isnan(noisy.value()) && !noisy.ready());
}

void TestVolatility::smallWindowsAreRaised()
{
    QCOMPARE(RealizedVolatility(VolEstimator::CloseToClose, 1).window(), 2);
    QCOMPARE(RealizedVolatility(VolEstimator::YangZhang, 0).window(), 2);
    QCOMPARE(RealizedVolatility(VolEstimator::Parkinson, 0).window(), 1);
    QCOMPARE(RealizedVolatility(VolEstimator::GarmanKlass, 1).window(), 1);
}

QTEST_GUILESS_MAIN(TestVolatility)
#include "tst_volatility.moc"
