// Random American calls (continuous yield), one week to a month to expiry, against QuantLib's
// QdFpAmericanEngine high-precision scheme: 2,000 options, max error <= 2e-4 per 100 of price
// level (scaledError()).
//
// One of eight executables, tst_americanrandom{put,call}{days,weeks,months,years}.cpp, that
// together check 10,000 options over the validation domain of americansampling.h (S 50-200,
// K/S 0.6-1.4, T one day to two years, vol 5%-150%, r 0-8%, q 0-5%). They are split by right
// and expiry because the reference costs 10 ms to over a second per price; the counts keep each
// executable under two minutes. Inputs come from a seeded std::mt19937_64
// (randomAmericanInputs()), so every run sees the same options; a failure prints every input.
#include "americanrandomchecks.h"

#include <QTest>

using namespace mag7;
using namespace mag7::pricing;

class TestAmericanRandomCallWeeks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void againstQdFpHighPrecision();
};

void TestAmericanRandomCallWeeks::againstQdFpHighPrecision()
{
    constexpr std::uint64_t kSeed = 106;
    constexpr std::size_t kCount = 2000;
    constexpr double kTolerance = 2e-4;
    AmericanDomain domain;
    domain.right = OptionRight::Call;
    domain.yearsMin = 7.0 / 365;
    domain.yearsMax = 30.0 / 365;
    const QStringList failures =
        testing::checkAgainstQdFpHighPrecision(kSeed, kCount, domain, kTolerance);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestAmericanRandomCallWeeks)
#include "tst_americanrandomcallweeks.moc"
