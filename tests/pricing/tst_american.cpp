// American pricing (continuous yield): the regimes where early exercise never pays, exercise at
// once, zero vol, minutes to expiry, no-arbitrage bounds (never below the European price or
// intrinsic value), put-call symmetry, the double-boundary regime against a converged QuantLib
// grid, extreme inputs (vol 1% and 500%, deep in and out of the money, zero and negative rates),
// the two builds of the boundary kernels, and QuantLib's engines on a classic case.
//
// The other American tests: tst_americanrandom{put,call}{days,weeks,months,years}.cpp (10,000
// random options against QdFpAmericanEngine's high-precision scheme, in eight executables by
// right and expiry), tst_americandividends.cpp and tst_americandividendsrandom{puts,calls}.cpp
// (discrete dividends against QuantLib's finite differences), tst_americangreeks.cpp (Greeks
// against finite differences of the price), tst_americanimpliedvol.cpp (implied volatility round
// trips and errors), tst_exerciseboundary.cpp (the cached boundary).
//
// A failure prints every input at round-trip precision (describeAmerican()).
#include "pricing/american.h"
#include "pricing/americanboundary.h"
#include "pricing/americansampling.h"
#include "pricing/quantlibreference.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

Q_DECLARE_METATYPE(mag7::pricing::BsmInputs)

using namespace mag7;
using namespace mag7::pricing;

namespace {

constexpr double kMinute = 1.0 / (365.0 * 24 * 60);
constexpr double kTolerance = 2e-4; // per 100 of price level (scaledError)

QString describe(const BsmInputs &in)
{
    return QString::fromStdString(describeAmerican(in));
}

QString versus(const BsmInputs &in, const char *what, double ours, double reference)
{
    return describe(in) + QStringLiteral(" ours %1 %2 %3 (scaled error %4)")
                              .arg(ours, 0, 'g', 17)
                              .arg(QString::fromLatin1(what))
                              .arg(reference, 0, 'g', 17)
                              .arg(scaledError(in, ours, reference), 0, 'g', 3);
}

double intrinsicValue(const BsmInputs &in)
{
    return std::max(in.right == OptionRight::Call ? in.spot - in.strike : in.strike - in.spot, 0.0);
}

// Brute force: the best discounted exercise value along the deterministic path.
double deterministicValue(const BsmInputs &in)
{
    double best = 0;
    for (int i = 0; i <= 200000; ++i) {
        const double t = in.years * i / 200000;
        const double s = in.spot * std::exp((in.rate - in.dividendYield) * t);
        const double payoff =
            std::max(in.right == OptionRight::Call ? s - in.strike : in.strike - s, 0.0);
        best = std::max(best, std::exp(-in.rate * t) * payoff);
    }
    return best;
}

// QuantLib's finite differences extrapolated to the limit: FdBlackScholesVanillaEngine converges
// at first order here (the exercise constraint is applied after each step), so 2 V(2N) - V(N)
// on N = 2000 and 4000 steps in time and spot is within a few 1e-6 of the limit (checked against
// a 32,000-step binomial tree).
double convergedFiniteDifference(const BsmInputs &in, QString &error)
{
    const auto coarse = quantlib::americanPriceFiniteDifference(in, {}, 2000, 2000);
    const auto fine = quantlib::americanPriceFiniteDifference(in, {}, 4000, 4000);
    if (!coarse.ok() || !fine.ok()) {
        error = QString::fromStdString(!coarse.ok() ? coarse.message() : fine.message());
        return std::nan("");
    }
    return 2 * fine->price - coarse->price;
}

} // namespace

class TestAmerican : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void neverExercisedEqualsEuropean_data();
    void neverExercisedEqualsEuropean();
    void deepInTheMoneyExercisesAtOnce();
    void zeroVolatility_data();
    void zeroVolatility();
    void minutesToExpiry();
    void boundsAndMonotonicity();
    void neverBelowEuropeanOrIntrinsic();
    void putCallSymmetry();
    void doubleBoundaryRegime_data();
    void doubleBoundaryRegime();
    void extremeInputs_data();
    void extremeInputs();
    void kernelBuildsAgree();
    void qdFpSchemesAgree();
    void invalidInputs();
};

void TestAmerican::neverExercisedEqualsEuropean_data()
{
    // By put-call symmetry call(S, K, r, q) = put(K, S, q, r), and a put is never exercised
    // early exactly when r <= 0 and q >= r: a call exactly when q <= 0 and r >= q.
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("yield");
    QTest::newRow("call, no yield") << true << 0.05 << 0.0;
    QTest::newRow("call, negative yield") << true << 0.03 << -0.01;
    QTest::newRow("call, q < r < 0") << true << -0.005 << -0.01;
    QTest::newRow("call, r = q < 0") << true << -0.01 << -0.01;
    QTest::newRow("put, zero rate") << false << 0.0 << 0.02;
    QTest::newRow("put, negative rate") << false << -0.01 << 0.03;
    QTest::newRow("put, r = q < 0") << false << -0.01 << -0.01;
}

void TestAmerican::neverExercisedEqualsEuropean()
{
    QFETCH(bool, call);
    QFETCH(double, rate);
    QFETCH(double, yield);
    for (double spot : {60.0, 95.0, 100.0, 105.0, 160.0}) {
        for (double years : {5 * kMinute, 0.1, 1.0, 2.0}) {
            const BsmInputs in{
                call ? OptionRight::Call : OptionRight::Put, spot, 100, years, 0.3, rate, yield};
            const double american = americanPrice(in);
            const double european = bsmPrice(in);
            QVERIFY2(std::abs(american - european) <= 1e-12 * std::max(1.0, european),
                     qPrintable(describe(in) + QStringLiteral(" american %1 european %2")
                                                   .arg(american, 0, 'g', 17)
                                                   .arg(european, 0, 'g', 17)));
        }
    }
}

void TestAmerican::deepInTheMoneyExercisesAtOnce()
{
    // Far below the put boundary / above the call boundary: worth exactly intrinsic.
    const BsmInputs put{OptionRight::Put, 40, 100, 1.0, 0.2, 0.05, 0.0};
    QCOMPARE(americanPrice(put), 60.0);
    const BsmInputs call{OptionRight::Call, 250, 100, 1.0, 0.2, 0.01, 0.08};
    QCOMPARE(americanPrice(call), 150.0);
    // While the European put is below intrinsic there.
    QVERIFY(bsmPrice(put) < 60.0);
    // Just in the money, it is worth more than intrinsic.
    const BsmInputs near{OptionRight::Put, 95, 100, 1.0, 0.2, 0.05, 0.0};
    QVERIFY(americanPrice(near) > 5.0 + 1e-3);
}

void TestAmerican::zeroVolatility_data()
{
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("spot");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("yield");
    QTest::newRow("put r > q, ITM") << false << 95.0 << 0.05 << 0.01;
    QTest::newRow("put q > r, exercise later") << false << 80.0 << 0.02 << 0.06;
    QTest::newRow("put OTM, drift down") << false << 102.0 << 0.01 << 0.05;
    QTest::newRow("call q > r, ITM") << true << 105.0 << 0.01 << 0.05;
    QTest::newRow("call r > q, OTM drifts in") << true << 97.0 << 0.06 << 0.0;
    QTest::newRow("call negative rate") << true << 110.0 << -0.01 << 0.02;
}

void TestAmerican::zeroVolatility()
{
    QFETCH(bool, call);
    QFETCH(double, spot);
    QFETCH(double, rate);
    QFETCH(double, yield);
    const BsmInputs in{
        call ? OptionRight::Call : OptionRight::Put, spot, 100, 2.0, 0.0, rate, yield};
    const double ours = americanPrice(in);
    const double brute = deterministicValue(in);
    QVERIFY2(std::abs(ours - brute) <= 1e-8, qPrintable(versus(in, "brute force", ours, brute)));
    const auto ql = quantlib::americanPrice(in, quantlib::AmericanEngine::QdFpHighPrecision);
    QVERIFY2(ql.ok(), ql.ok() ? "" : ql.message().c_str());
    QVERIFY2(std::abs(ours - ql->price) <= 1e-8,
             qPrintable(versus(in, "QuantLib", ours, ql->price)));
}

void TestAmerican::minutesToExpiry()
{
    for (double minutes : {1.0, 5.0, 30.0, 390.0}) {
        for (auto right : {OptionRight::Put, OptionRight::Call}) {
            for (double spot : {99.0, 100.0, 100.5}) {
                const BsmInputs in{right, spot, 100, minutes * kMinute, 0.35, 0.05, 0.06};
                const double ours = americanPrice(in);
                QVERIFY2(std::isfinite(ours), qPrintable(describe(in)));
                QVERIFY2(ours >= bsmPrice(in) - 1e-12, qPrintable(describe(in)));
                const auto ql =
                    quantlib::americanPrice(in, quantlib::AmericanEngine::QdFpHighPrecision);
                QVERIFY2(ql.ok(), ql.ok() ? "" : ql.message().c_str());
                QVERIFY2(scaledError(in, ours, ql->price) <= kTolerance,
                         qPrintable(versus(in, "QdFp high precision", ours, ql->price)));
            }
        }
    }
}

void TestAmerican::boundsAndMonotonicity()
{
    for (auto right : {OptionRight::Put, OptionRight::Call}) {
        for (double spot : {70.0, 100.0, 130.0}) {
            for (double years : {0.02, 0.5, 2.0}) {
                double previous = 0;
                for (double vol : {0.05, 0.1, 0.2, 0.4, 0.8, 1.5}) {
                    const BsmInputs in{right, spot, 100, years, vol, 0.04, 0.03};
                    const double price = americanPrice(in);
                    const QString where = describe(in) + QStringLiteral(" price %1").arg(price);
                    QVERIFY2(price >= bsmPrice(in) - 1e-10, qPrintable(where));
                    QVERIFY2(price >= intrinsicValue(in) - 1e-12, qPrintable(where));
                    QVERIFY2(price <= (right == OptionRight::Call ? spot : 100.0),
                             qPrintable(where));
                    QVERIFY2(price >= previous - 1e-12, qPrintable(where + " not rising in vol"));
                    previous = price;
                }
            }
        }
    }
}

void TestAmerican::neverBelowEuropeanOrIntrinsic()
{
    // Every regime, including negative rates and yields, vol from 1% to 300% and expiries from
    // a minute to three years: never below the European price nor intrinsic value, never above
    // the upper bound (S for a call, K for a put).
    AmericanDomain domain;
    domain.yearsMin = kMinute;
    domain.yearsMax = 3.0;
    domain.volMin = 0.01;
    domain.volMax = 3.0;
    domain.rateMin = -0.03;
    domain.yieldMin = -0.03;
    domain.yieldMax = 0.06;
    const std::vector<BsmInputs> cases = randomAmericanInputs(20240601, 2000, domain);
    QStringList failures;
    for (const BsmInputs &in : cases) {
        const double price = americanPrice(in);
        const double european = bsmPrice(in);
        const double upper = in.right == OptionRight::Call ? in.spot : in.strike;
        if (!(price >= european - 1e-12 * std::max(1.0, european)) ||
            !(price >= intrinsicValue(in) - 1e-12 * std::max(1.0, price)) ||
            !(price <= upper * (1 + 1e-12)))
            failures << describe(in) + QStringLiteral(" price %1 European %2 intrinsic %3")
                                           .arg(price, 0, 'g', 17)
                                           .arg(european, 0, 'g', 17)
                                           .arg(intrinsicValue(in), 0, 'g', 17);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestAmerican::putCallSymmetry()
{
    // C(S, K, r, q) = P(K, S, q, r) (McDonald-Schroder).
    for (double spot : {80.0, 100.0, 125.0}) {
        for (double rate : {-0.005, 0.02, 0.07}) {
            const BsmInputs call{OptionRight::Call, spot, 100, 0.75, 0.3, rate, 0.045};
            const BsmInputs put{OptionRight::Put, 100, spot, 0.75, 0.3, 0.045, rate};
            QVERIFY2(std::abs(americanPrice(call) - americanPrice(put)) <= 1e-10,
                     qPrintable(describe(call)));
        }
    }
}

void TestAmerican::doubleBoundaryRegime_data()
{
    // A put with q < r < 0 (a call with r < q < 0) is exercised between two boundaries (Battauz,
    // De Donno and Sbuelz 2015): QdFp does not take it, finite differences do.
    QTest::addColumn<BsmInputs>("in");
    const auto put = [](double spot, double years, double vol, double rate, double yield) {
        return BsmInputs{OptionRight::Put, spot, 100, years, vol, rate, yield};
    };
    const auto call = [](double spot, double years, double vol, double rate, double yield) {
        return BsmInputs{OptionRight::Call, spot, 100, years, vol, rate, yield};
    };
    QTest::newRow("put S=70") << put(70, 1.0, 0.1, -0.01, -0.03);
    QTest::newRow("put S=90") << put(90, 1.0, 0.1, -0.01, -0.03);
    QTest::newRow("put S=100") << put(100, 1.0, 0.1, -0.01, -0.03);
    QTest::newRow("put S=95 vol 30%") << put(95, 0.5, 0.3, -0.02, -0.05);
    QTest::newRow("call S=60 T=0.1 far OTM") << call(60, 0.1, 0.3, -0.01, -0.005);
    QTest::newRow("call S=110") << call(110, 1.0, 0.2, -0.03, -0.01);
    QTest::newRow("call S=100 T=2") << call(100, 2.0, 0.15, -0.02, -0.005);
}

void TestAmerican::doubleBoundaryRegime()
{
    QFETCH(BsmInputs, in);
    const double ours = americanPrice(in);
    QString error;
    const double reference = convergedFiniteDifference(in, error);
    QVERIFY2(std::isfinite(reference), qPrintable(describe(in) + QLatin1Char(' ') + error));
    QVERIFY2(scaledError(in, ours, reference) <= kTolerance,
             qPrintable(versus(in, "converged QuantLib FD", ours, reference)));
    // Worth at least the European price and intrinsic value, and more than the European
    // price where early exercise matters.
    const double european = bsmPrice(in);
    QVERIFY2(ours >= european, qPrintable(versus(in, "European", ours, european)));
    QVERIFY2(ours >= intrinsicValue(in), qPrintable(describe(in)));
    if (reference > european + 1e-3)
        QVERIFY2(ours > european + 1e-3, qPrintable(versus(in, "European", ours, european)));
    // The mirror option by put-call symmetry.
    const BsmInputs mirror{in.right == OptionRight::Call ? OptionRight::Put : OptionRight::Call,
                           in.strike,
                           in.spot,
                           in.years,
                           in.vol,
                           in.dividendYield,
                           in.rate};
    QVERIFY2(std::abs(americanPrice(mirror) - ours) <= 1e-6 * std::max(1.0, ours),
             qPrintable(describe(mirror)));
}

void TestAmerican::extremeInputs_data()
{
    QTest::addColumn<BsmInputs>("in");
    const auto option = [](OptionRight right, double spot, double years, double vol, double rate,
                           double yield) {
        return BsmInputs{right, spot, 100, years, vol, rate, yield};
    };
    const OptionRight put = OptionRight::Put;
    const OptionRight call = OptionRight::Call;
    QTest::newRow("vol 1%, ATM put, 1 year") << option(put, 100, 1.0, 0.01, 0.05, 0.0);
    QTest::newRow("vol 1%, ATM put, 3 months") << option(put, 100, 0.25, 0.01, 0.05, 0.0);
    QTest::newRow("vol 1%, OTM put") << option(put, 101, 1.0, 0.01, 0.05, 0.02);
    QTest::newRow("vol 1%, ATM call, q > r") << option(call, 100, 1.0, 0.01, 0.01, 0.06);
    QTest::newRow("vol 3%, ATM put, 2 years") << option(put, 100, 2.0, 0.03, 0.08, 0.0);
    QTest::newRow("vol 500%, put") << option(put, 100, 1.0, 5.0, 0.05, 0.02);
    QTest::newRow("vol 500%, call") << option(call, 100, 0.5, 5.0, 0.02, 0.05);
    QTest::newRow("vol 500%, 1 day") << option(put, 90, 1.0 / 365, 5.0, 0.05, 0.0);
    QTest::newRow("one minute ATM put") << option(put, 100, kMinute, 0.3, 0.05, 0.0);
    QTest::newRow("one minute ATM call") << option(call, 100, kMinute, 0.3, 0.0, 0.05);
    QTest::newRow("deep ITM put S/K=0.3") << option(put, 30, 1.0, 0.4, 0.05, 0.0);
    QTest::newRow("deep ITM call S/K=3") << option(call, 300, 1.0, 0.4, 0.0, 0.05);
    QTest::newRow("deep OTM put S/K=3") << option(put, 300, 1.0, 0.4, 0.05, 0.0);
    QTest::newRow("deep OTM call S/K=0.3") << option(call, 30, 1.0, 0.4, 0.0, 0.05);
    QTest::newRow("zero rate and yield, put") << option(put, 95, 1.0, 0.3, 0.0, 0.0);
    QTest::newRow("zero rate and yield, call") << option(call, 105, 1.0, 0.3, 0.0, 0.0);
    QTest::newRow("zero rate, put with yield") << option(put, 95, 1.0, 0.3, 0.0, 0.03);
    QTest::newRow("negative rate, call") << option(call, 110, 1.0, 0.25, -0.02, 0.05);
    QTest::newRow("negative yield, put") << option(put, 95, 1.0, 0.25, 0.05, -0.02);
}

void TestAmerican::extremeInputs()
{
    // Against QdFp high precision where QuantLib takes the inputs, else its converged finite
    // differences.
    QFETCH(BsmInputs, in);
    const double ours = americanPrice(in);
    QVERIFY2(std::isfinite(ours), qPrintable(describe(in)));
    const auto hp = quantlib::americanPrice(in, quantlib::AmericanEngine::QdFpHighPrecision);
    double reference = 0;
    const char *what = "QdFp high precision";
    if (hp.ok() && std::isfinite(hp->price)) {
        reference = hp->price;
    } else {
        QString error;
        reference = convergedFiniteDifference(in, error);
        what = "converged QuantLib FD";
        QVERIFY2(std::isfinite(reference), qPrintable(describe(in) + QLatin1Char(' ') + error));
    }
    QVERIFY2(scaledError(in, ours, reference) <= kTolerance,
             qPrintable(versus(in, what, ours, reference)));
    QVERIFY2(ours >= bsmPrice(in) && ours >= intrinsicValue(in), qPrintable(describe(in)));
}

void TestAmerican::kernelBuildsAgree()
{
    // The baseline x86-64 and AVX2 builds of the boundary kernels do the same operations in the
    // same order, the AVX2 build fusing multiply-adds: boundaries and premiums agree to rounding.
    if (!detail::cpuHasAvx2())
        QSKIP("this CPU has no AVX2: only the baseline build runs");
    const std::vector<BsmInputs> cases = randomAmericanInputs(77, 2000);
    for (const BsmInputs &in : cases) {
        const double rate = in.rate + 0.001; // the normalised put of a single-boundary case
        detail::PutBoundary baseline;
        detail::PutBoundary avx2;
        const detail::AloScheme scheme;
        detail::buildPutBoundary(rate, in.dividendYield, in.vol, in.years, scheme, baseline,
                                 detail::KernelIsa::Baseline);
        detail::buildPutBoundary(rate, in.dividendYield, in.vol, in.years, scheme, avx2,
                                 detail::KernelIsa::Avx2);
        const double s = in.spot / in.strike;
        const double premiumBaseline = baseline.premium(s, detail::KernelIsa::Baseline);
        const double premiumAvx2 = avx2.premium(s, detail::KernelIsa::Avx2);
        // The fixed-point steps can amplify a rounding difference in the boundary a little
        // (near r = q, where the boundary hugs its limit); the price sees none of it.
        bool same = std::abs(premiumBaseline - premiumAvx2) <= 1e-14;
        for (double fraction : {0.01, 0.1, 0.5, 1.0}) {
            same = same && std::abs(baseline.lnBoundary(fraction * in.years) -
                                    avx2.lnBoundary(fraction * in.years)) <= 1e-9;
        }
        QVERIFY2(same, qPrintable(describe(in) + QStringLiteral(" premium %1 vs %2")
                                                     .arg(premiumBaseline, 0, 'g', 17)
                                                     .arg(premiumAvx2, 0, 'g', 17)));
    }
}

void TestAmerican::qdFpSchemesAgree()
{
    // A classic case: S = K = 100, T = 1, r = 5%, q = 0, vol = 20% (about 6.0904).
    const BsmInputs in{OptionRight::Put, 100, 100, 1.0, 0.2, 0.05, 0.0};
    const double ours = americanPrice(in);
    for (auto engine :
         {quantlib::AmericanEngine::QdFpHighPrecision, quantlib::AmericanEngine::QdFpAccurate,
          quantlib::AmericanEngine::QdFpFast, quantlib::AmericanEngine::BaroneAdesiWhaley,
          quantlib::AmericanEngine::FiniteDifference}) {
        const auto ql = quantlib::americanPrice(in, engine);
        QVERIFY2(ql.ok(), ql.ok() ? "" : ql.message().c_str());
        const double tolerance = engine == quantlib::AmericanEngine::BaroneAdesiWhaley ? 0.1 : 5e-4;
        QVERIFY2(std::abs(ours - ql->price) <= tolerance,
                 qPrintable(QStringLiteral("%1: %2 vs ours %3")
                                .arg(QString::fromLatin1(quantlib::americanEngineName(engine)))
                                .arg(ql->price, 0, 'g', 12)
                                .arg(ours, 0, 'g', 12)));
    }
    QVERIFY(std::abs(ours - 6.0904) < 1e-3);
}

void TestAmerican::invalidInputs()
{
    QVERIFY(std::isnan(americanPrice({OptionRight::Put, 0, 100, 1, 0.2, 0.05, 0})));
    QVERIFY(std::isnan(americanPrice({OptionRight::Put, 100, -1, 1, 0.2, 0.05, 0})));
    QVERIFY(std::isnan(americanPrice({OptionRight::Put, 100, 100, 1, -0.2, 0.05, 0})));
    QVERIFY(std::isnan(americanPrice({OptionRight::Put, 100, 100, NAN, 0.2, 0.05, 0})));
    // Expired: intrinsic.
    QCOMPARE(americanPrice({OptionRight::Put, 90, 100, 0, 0.2, 0.05, 0}), 10.0);
    QCOMPARE(americanPrice({OptionRight::Call, 90, 100, -1, 0.2, 0.05, 0}), 0.0);
    const auto bad = quantlib::americanPrice({OptionRight::Put, 100, 100, 1, 0.2, 0.05, 0},
                                             quantlib::AmericanEngine::QdFpFast,
                                             std::vector<CashDividend>{{0.5, 1.0}});
    QVERIFY(!bad.ok());
}

QTEST_GUILESS_MAIN(TestAmerican)
#include "tst_american.moc"
