// Random American puts (continuous yield), one week to a month to expiry, against QuantLib's
// QdFpAmericanEngine high-precision scheme: 1,100 options, max error <= 2e-4 per 100 of price
// level (scaledError()).
//
// One of eight executables, tst_americanrandom{put,call}{days,weeks,months,years}.cpp, that
// together check 10,000 options over the validation domain of americansampling.h (S 50-200,
// K/S 0.6-1.4, T one day to two years, vol 5%-150%, r 0-8%, q 0-5%). They are split by right
// and expiry because the reference costs 10 ms to over a second per price; the counts keep each
// executable under two minutes. Inputs come from a seeded std::mt19937_64
// (randomAmericanInputs()), so every run sees the same options; a failure prints every input.
#include "pricing/american.h"
#include "pricing/americansampling.h"
#include "pricing/quantlibreference.h"

#include <QTest>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

using namespace mag7;
using namespace mag7::pricing;

class TestAmericanRandomPutWeeks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void againstQdFpHighPrecision();
};

void TestAmericanRandomPutWeeks::againstQdFpHighPrecision()
{
    constexpr std::uint64_t kSeed = 102;
    constexpr std::size_t kCount = 1100;
    constexpr double kTolerance = 2e-4;
    AmericanDomain domain;
    domain.right = OptionRight::Put;
    domain.yearsMin = 7.0 / 365;
    domain.yearsMax = 30.0 / 365;
    const std::vector<BsmInputs> cases = randomAmericanInputs(kSeed, kCount, domain);
    std::vector<double> ours;
    std::vector<double> reference;
    QStringList failures;
    for (const BsmInputs &in : cases) {
        ours.push_back(americanPrice(in));
        const auto ql = quantlib::americanPrice(in, quantlib::AmericanEngine::QdFpHighPrecision);
        reference.push_back(ql.ok() ? ql->price : std::numeric_limits<double>::quiet_NaN());
        if (!ql.ok())
            failures << QString::fromStdString(describeAmerican(in) + ": " + ql.message());
    }
    const ErrorSummary summary = summarizeErrors(cases, ours, reference, kTolerance);
    for (const std::size_t i : summary.above) {
        failures << QString::fromStdString(describeAmerican(cases[i])) +
                        QStringLiteral(" ours %1 QdFp high precision %2 (scaled error %3)")
                            .arg(ours[i], 0, 'g', 17)
                            .arg(reference[i], 0, 'g', 17)
                            .arg(scaledError(cases[i], ours[i], reference[i]), 0, 'g', 3);
    }
    qInfo("%zu options: max scaled error %.3g (%s), mean %.3g", summary.count, summary.max,
          describeAmerican(cases[summary.worst]).c_str(), summary.mean);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestAmericanRandomPutWeeks)
#include "tst_americanrandomputweeks.moc"
