// 5,000 random American calls with discrete cash dividends (randomDividendCases(): S 50-200,
// K/S 0.6-1.4, one week to two years, vol 10%-80%, r 0-8%, quarterly dividends of 0.1%-1.25% of
// spot) against QuantLib's FdBlackScholesVanillaEngine on a moderate grid, 100 time by 200 spot
// steps (about 4 ms an option; a converged QuantLib price costs about 0.7 s and is checked on
// 100 options in tst_americandividends.cpp). With tst_americandividendsrandomputs.cpp: 10,000
// options, split so that each executable stays under two minutes.
//
// The tolerance is QuantLib's own error on that grid: its scheme converges at first order with
// dividends, and against the converged value (our grid at 3200 spot steps, which agrees with
// QuantLib's grids extrapolated to the limit to 1e-4) the 100 x 200 grid is off by up to
// 2.7e-2 per 100 of price level over 400 such options (99th percentile 1.9e-2, median 2e-3;
// long-dated, high-vol options with many dividends are the worst), and by 3.7e-2 over 10,000:
// the tolerance is 5e-2. Our own error against the converged value is below 2e-4
// (tst_americandividends.cpp, on 100 options against QuantLib's extrapolated fine grids). What
// this test adds is breadth: every option of the domain priced by an independent
// implementation, so that a gross error anywhere (a dividend applied on the wrong side of an
// ex-date, a lost exercise decision, a wrong grid) fails it.
//
// Inputs come from a seeded std::mt19937_64; a failure prints every input and dividend.
#include "americanrandomchecks.h"

#include <QTest>

using namespace mag7;
using namespace mag7::pricing;

class TestAmericanDividendsRandomCalls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void againstQuantLibModerateGrid();
};

void TestAmericanDividendsRandomCalls::againstQuantLibModerateGrid()
{
    constexpr std::uint64_t kSeed = 2719;
    constexpr std::size_t kCount = 5000;
    constexpr double kTolerance = 5e-2;
    const QStringList failures = testing::checkDividendsAgainstQuantLibModerateGrid(
        kSeed, kCount, OptionRight::Call, kTolerance);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestAmericanDividendsRandomCalls)
#include "tst_americandividendsrandomcalls.moc"
