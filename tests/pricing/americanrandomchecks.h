#pragma once
// The random American checks shared by tst_americanrandom{put,call}{days,weeks,months,years}.cpp
// and tst_americandividendsrandom{puts,calls}.cpp: price every case with the desk's method and
// with a QuantLib reference, and return one line per case whose scaled error is above the
// tolerance (or whose reference failed), every input included; the summary goes to qInfo.
#include "pricing/american.h"
#include "pricing/americansampling.h"
#include "pricing/quantlibreference.h"

#include <QStringList>
#include <QtGlobal>

#include <cstdint>
#include <limits>
#include <vector>

namespace mag7::pricing::testing {

// Continuous yield, against QdFpAmericanEngine's high-precision scheme.
inline QStringList checkAgainstQdFpHighPrecision(std::uint64_t seed, std::size_t count,
                                                 const AmericanDomain &domain, double tolerance)
{
    const std::vector<BsmInputs> cases = randomAmericanInputs(seed, count, domain);
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
    const ErrorSummary summary = summarizeErrors(cases, ours, reference, tolerance);
    for (const std::size_t i : summary.above) {
        failures << QString::fromStdString(describeAmerican(cases[i])) +
                        QStringLiteral(" ours %1 QdFp high precision %2 (scaled error %3)")
                            .arg(ours[i], 0, 'g', 17)
                            .arg(reference[i], 0, 'g', 17)
                            .arg(scaledError(cases[i], ours[i], reference[i]), 0, 'g', 3);
    }
    qInfo("%zu options: max scaled error %.3g (%s), mean %.3g", summary.count, summary.max,
          describeAmerican(cases[summary.worst]).c_str(), summary.mean);
    return failures;
}

// Discrete cash dividends, against FdBlackScholesVanillaEngine on a 100 x 200 grid.
inline QStringList checkDividendsAgainstQuantLibModerateGrid(std::uint64_t seed, std::size_t count,
                                                             OptionRight right, double tolerance)
{
    const std::vector<DividendCase> cases = randomDividendCases(seed, count, right);
    std::vector<BsmInputs> inputs;
    std::vector<double> ours;
    std::vector<double> reference;
    QStringList failures;
    for (const DividendCase &c : cases) {
        inputs.push_back(c.in);
        ours.push_back(americanPrice(c.in, c.dividends));
        const auto ql = quantlib::americanPriceFiniteDifference(c.in, c.dividends, 100, 200);
        reference.push_back(ql.ok() ? ql->price : std::numeric_limits<double>::quiet_NaN());
        if (!ql.ok())
            failures << QString::fromStdString(describeAmerican(c.in, c.dividends) + ": " +
                                               ql.message());
    }
    const ErrorSummary summary = summarizeErrors(inputs, ours, reference, tolerance);
    for (const std::size_t i : summary.above) {
        failures << QString::fromStdString(describeAmerican(cases[i].in, cases[i].dividends)) +
                        QStringLiteral(" ours %1 QuantLib FD 100x200 %2 (scaled difference %3)")
                            .arg(ours[i], 0, 'g', 17)
                            .arg(reference[i], 0, 'g', 17)
                            .arg(scaledError(inputs[i], ours[i], reference[i]), 0, 'g', 3);
    }
    qInfo("%zu %s with dividends: max scaled difference %.3g (%s), mean %.3g", summary.count,
          right == OptionRight::Call ? "calls" : "puts", summary.max,
          describeAmerican(cases[summary.worst].in, cases[summary.worst].dividends).c_str(),
          summary.mean);
    return failures;
}

} // namespace mag7::pricing::testing
