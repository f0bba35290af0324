// Implied volatility of American prices (impliedVolatilityAmerican()): round trips on 10,000
// random options of the validation domain (price at vol v, recover v to 1e-8, or the price to
// 1e-10 where the price hardly depends on vol), 200 with discrete dividends, agreement with
// QuantLib's own American implied volatility (Brent on QdFp's accurate scheme) within the
// pricers' difference, and the typed errors: below intrinsic, above the upper bound, no time
// value, invalid inputs.
//
// Inputs come from a seeded std::mt19937_64 (americansampling.h); a failure prints every input.
#include "pricing/american.h"
#include "pricing/americansampling.h"
#include "pricing/quantlibreference.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

using namespace mag7;
using namespace mag7::pricing;

namespace {

QString describe(const BsmInputs &in, std::span<const CashDividend> dividends = {})
{
    return QString::fromStdString(describeAmerican(in, dividends));
}

// Round trip of one option; empty when it passes.
QString roundTrip(const BsmInputs &in, std::span<const CashDividend> dividends)
{
    const double price = americanPrice(in, dividends);
    const IvResult iv = impliedVolatilityAmerican(price, in, dividends);
    if (iv.error == IvError::NoTimeValue) {
        // Exercised at once (or worth its deterministic value at any vol up to `in.vol`): the
        // price carries no vol information. Legitimate only if the price is that of zero vol.
        // The solver's price tolerance is 1e-12 of the upper bound (S or K).
        BsmInputs zero = in;
        zero.vol = 0;
        const double floor = americanPrice(zero, dividends);
        const double upper = in.right == OptionRight::Call ? in.spot : in.strike;
        if (price <= floor + 1e-12 * std::max(1.0, upper))
            return {};
        return describe(in, dividends) +
               QStringLiteral(" price %1 has time value over %2 but: no time value")
                   .arg(price, 0, 'g', 17)
                   .arg(floor, 0, 'g', 17);
    }
    if (!iv.ok())
        return describe(in, dividends) + QStringLiteral(" price %1: %2")
                                             .arg(price, 0, 'g', 17)
                                             .arg(QString::fromLatin1(ivErrorMessage(iv.error)));
    if (std::abs(iv.vol - in.vol) <= 1e-8)
        return {};
    BsmInputs back = in;
    back.vol = iv.vol;
    const double repriced = americanPrice(back, dividends);
    if (std::abs(repriced - price) <= 1e-10 * std::max(1.0, price))
        return {};
    return describe(in, dividends) + QStringLiteral(" price %1 implied vol %2 reprices to %3")
                                         .arg(price, 0, 'g', 17)
                                         .arg(iv.vol, 0, 'g', 17)
                                         .arg(repriced, 0, 'g', 17);
}

} // namespace

class TestAmericanImpliedVol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripContinuousYield();
    void roundTripDividends();
    void agreesWithQuantLib();
    void typedErrors();
};

void TestAmericanImpliedVol::roundTripContinuousYield()
{
    const std::vector<BsmInputs> cases = randomAmericanInputs(8080, 10000);
    QStringList failures;
    for (const BsmInputs &in : cases) {
        const QString failure = roundTrip(in, {});
        if (!failure.isEmpty())
            failures << failure;
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestAmericanImpliedVol::roundTripDividends()
{
    // With dividends the price comes from a finite-difference grid, accurate to about 1e-5 per
    // 100: options whose time value over the deterministic (zero-vol) value is below that carry
    // no usable vol information (deep in the money, exercised at the first ex-date) and are
    // skipped.
    const std::vector<DividendCase> cases = randomDividendCases(8081, 200);
    QStringList failures;
    for (const DividendCase &c : cases) {
        BsmInputs zero = c.in;
        zero.vol = 0;
        if (americanPrice(c.in, c.dividends) - americanPrice(zero, c.dividends) <=
            1e-5 * std::sqrt(c.in.spot * c.in.strike) / 100)
            continue;
        const QString failure = roundTrip(c.in, c.dividends);
        if (!failure.isEmpty())
            failures << failure;
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestAmericanImpliedVol::agreesWithQuantLib()
{
    // The same American price inverted by QuantLib (Brent on QdFpAmericanEngine's accurate
    // scheme) and by us: the two pricers differ by up to about 1e-4 per 100 of price level, so
    // the vols may differ by that over vega; the prices each vol gives in our pricer must then
    // agree to within the pricers' difference.
    const std::vector<BsmInputs> cases = randomAmericanInputs(8082, 300);
    QStringList failures;
    for (const BsmInputs &in : cases) {
        const double price = americanPrice(in);
        BsmInputs zero = in;
        zero.vol = 0;
        if (price <= americanPrice(zero) + 1e-6 * in.strike || price < 1e-4)
            continue; // no time value over the deterministic value: nothing to compare
        const IvResult ours = impliedVolatilityAmerican(price, in);
        const auto ql =
            quantlib::americanImpliedVolatility(price, in, quantlib::AmericanEngine::QdFpAccurate);
        if (!ql.ok() || !ours.ok()) {
            failures << describe(in) + QStringLiteral(" price %1: ours %2, QuantLib %3")
                                           .arg(price, 0, 'g', 17)
                                           .arg(QString::fromLatin1(ivErrorMessage(ours.error)))
                                           .arg(QString::fromStdString(ql.ok() ? std::string("ok")
                                                                               : ql.message()));
            continue;
        }
        BsmInputs atQuantLib = in;
        atQuantLib.vol = *ql;
        const double repriced = americanPrice(atQuantLib);
        if (scaledError(in, repriced, price) > 3e-4)
            failures << describe(in) + QStringLiteral(" price %1 vol ours %2 QuantLib %3 (our "
                                                      "price at QuantLib's vol %4)")
                                           .arg(price, 0, 'g', 17)
                                           .arg(ours.vol, 0, 'g', 17)
                                           .arg(*ql, 0, 'g', 17)
                                           .arg(repriced, 0, 'g', 17);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestAmericanImpliedVol::typedErrors()
{
    const BsmInputs put{OptionRight::Put, 90, 100, 0.5, 0.3, 0.05, 0.0};
    const BsmInputs call{OptionRight::Call, 110, 100, 0.5, 0.3, 0.02, 0.04};
    // Below intrinsic value.
    QCOMPARE(impliedVolatilityAmerican(9.5, put).error, IvError::BelowIntrinsic);
    QCOMPARE(impliedVolatilityAmerican(9.0, call).error, IvError::BelowIntrinsic);
    // At or above the upper bound: a put is worth less than K, a call less than S.
    QCOMPARE(impliedVolatilityAmerican(100.0, put).error, IvError::AboveUpperBound);
    QCOMPARE(impliedVolatilityAmerican(150.0, put).error, IvError::AboveUpperBound);
    QCOMPARE(impliedVolatilityAmerican(110.0, call).error, IvError::AboveUpperBound);
    // Exactly intrinsic for a put that is exercised at once at any low vol: no time value.
    QCOMPARE(impliedVolatilityAmerican(10.0, put).error, IvError::NoTimeValue);
    const BsmInputs deep{OptionRight::Put, 40, 100, 1.0, 0.2, 0.05, 0.0};
    QCOMPARE(impliedVolatilityAmerican(60.0, deep).error, IvError::NoTimeValue);
    // Invalid inputs.
    QCOMPARE(impliedVolatilityAmerican(std::numeric_limits<double>::quiet_NaN(), put).error,
             IvError::InvalidInput);
    QCOMPARE(impliedVolatilityAmerican(-1.0, put).error, IvError::BelowIntrinsic);
    BsmInputs expired = put;
    expired.years = 0;
    QCOMPARE(impliedVolatilityAmerican(11.0, expired).error, IvError::InvalidInput);
    BsmInputs noSpot = put;
    noSpot.spot = 0;
    QCOMPARE(impliedVolatilityAmerican(11.0, noSpot).error, IvError::InvalidInput);
    // A vol well inside the range is recovered with the same call.
    const double price = americanPrice(put);
    const IvResult iv = impliedVolatilityAmerican(price, put);
    QVERIFY2(iv.ok() && std::abs(iv.vol - 0.3) <= 1e-10,
             qPrintable(describe(put) + QStringLiteral(" implied %1").arg(iv.vol, 0, 'g', 17)));
}

QTEST_GUILESS_MAIN(TestAmericanImpliedVol)
#include "tst_americanimpliedvol.moc"
