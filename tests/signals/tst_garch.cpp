// GARCH(1,1): the variance recursion and log-likelihood by hand, Hull's worked update example,
// the h-day forecast formula against the expectation recursion, recovery of known parameters
// from long simulated paths, the fit's likelihood at least that of the true parameters, scale
// invariance, and clear errors for returns it cannot fit.
#include "signals/garch.h"

#include <QTest>

#include <cmath>
#include <random>
#include <vector>

using namespace mag7;
using namespace mag7::signals;

namespace {

// Returns of a GARCH(1,1) process with Gaussian shocks, started at the long-run variance and
// run for `burnIn` days before the `count` kept.
std::vector<double> simulate(const GarchParameters &p, int count, std::uint64_t seed,
                             int burnIn = 1000)
{
    std::mt19937_64 random(seed);
    std::normal_distribution<double> normal;
    double variance = p.longRunVariance();
    double previous = 0;
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int t = 0; t < burnIn + count; ++t) {
        if (t > 0)
            variance = garchNextVariance(p, variance, previous);
        previous = std::sqrt(variance) * normal(random);
        if (t >= burnIn)
            out.push_back(previous);
    }
    return out;
}

QString describe(const GarchFit &fit)
{
    return QStringLiteral("omega %1 alpha %2 beta %3 logL %4 converged %5 iterations %6")
        .arg(fit.parameters.omega, 0, 'g', 6)
        .arg(fit.parameters.alpha, 0, 'g', 6)
        .arg(fit.parameters.beta, 0, 'g', 6)
        .arg(fit.logLikelihood, 0, 'g', 10)
        .arg(fit.converged)
        .arg(fit.iterations);
}

} // namespace

class TestGarch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void logLikelihoodByHand();
    void hullUpdateExample();
    void forecastFormula();
    void recoversSimulatedParameters_data();
    void recoversSimulatedParameters();
    void fitIsAtLeastAsLikelyAsTheTruth();
    void scaleInvariance();
    void unfittableReturnsAreErrors();
    void logReturnsOfCloses();
};

void TestGarch::logLikelihoodByHand()
{
    // omega 0.1, alpha 0.2, beta 0.7 over residuals 1, -2, 0.5:
    //   s2_1 = (1 + 4 + 0.25) / 3 = 1.75
    //   s2_2 = 0.1 + 0.2 x 1 + 0.7 x 1.75 = 1.525
    //   s2_3 = 0.1 + 0.2 x 4 + 0.7 x 1.525 = 1.9675
    //   l = -1/2 sum [ln 2pi + ln s2_t + e_t^2 / s2_t] = -5.2467246463412565
    const GarchParameters p{0.1, 0.2, 0.7};
    const std::vector<double> residuals = {1.0, -2.0, 0.5};
    QVERIFY(std::abs(garchLogLikelihood(residuals, p) - -5.2467246463412565) < 1e-13);
    // s2_4 = 0.1 + 0.2 x 0.25 + 0.7 x 1.9675 = 1.52725.
    QVERIFY(std::abs(garchNextVariance(p, 1.9675, 0.5) - 1.52725) < 1e-15);
    // Outside the parameter space, or with too few residuals: no likelihood.
    QCOMPARE(garchLogLikelihood(residuals, {0.0, 0.2, 0.7}),
             -std::numeric_limits<double>::infinity());
    QCOMPARE(garchLogLikelihood(residuals, {0.1, -0.1, 0.7}),
             -std::numeric_limits<double>::infinity());
    QCOMPARE(garchLogLikelihood(std::vector<double>{1.0}, p),
             -std::numeric_limits<double>::infinity());
}

void TestGarch::hullUpdateExample()
{
    // Hull, "Options, Futures, and Other Derivatives", chapter "Volatility" (GARCH(1,1)
    // example): s2_n = 0.000002 + 0.13 u2_{n-1} + 0.86 s2_{n-1}; long-run variance
    // 0.000002 / 0.01 = 0.0002 (1.4% a day). With yesterday's volatility 1.6% and a 1% move,
    // s2_n = 0.000002 + 0.13 x 0.0001 + 0.86 x 0.000256 = 0.00023516 (1.53% a day).
    const GarchParameters hull{0.000002, 0.13, 0.86};
    QVERIFY(std::abs(hull.longRunVariance() - 0.0002) < 1e-18);
    QVERIFY(std::abs(std::sqrt(hull.longRunVariance()) - 0.014142) < 1e-6);
    const double next = garchNextVariance(hull, 0.016 * 0.016, 0.01);
    QVERIFY(std::abs(next - 0.00023516) < 1e-18);
    QVERIFY(std::abs(std::sqrt(next) - 0.0153) < 5e-5);
    QVERIFY(std::isnan(GarchParameters{0.1, 0.5, 0.5}.longRunVariance()));
}

void TestGarch::forecastFormula()
{
    // E[s2_{T+h}] = V_L + (alpha + beta)^(h-1) (s2_{T+1} - V_L) with Hull's parameters and
    // s2_{T+1} = 0.00023516: 0.00023516, 0.0002348084, 0.000234460316, ..., and for h = 7
    // 0.00023310244205293913; the 7-day average 0.000234122605251289, annualised
    // sqrt(252 x avg) = 0.2428968845484125.
    const GarchParameters hull{0.000002, 0.13, 0.86};
    const double next = 0.00023516;
    const double expected[] = {
        0.00023516,         0.0002348084,           0.000234460316,        0.00023411571284,
        0.0002337745557116, 0.00023343681015448398, 0.00023310244205293913};
    // The same numbers from the expectation recursion E[s2_{t+1}] = omega + (alpha + beta)
    // E[s2_t], which is where the closed form comes from.
    double recursive = next;
    double sum = 0;
    for (int h = 1; h <= 7; ++h) {
        const double closed = garchForecastVariance(hull, next, h);
        QVERIFY2(std::abs(closed - expected[h - 1]) < 1e-17,
                 qPrintable(QStringLiteral("h=%1: %2").arg(h).arg(closed, 0, 'g', 17)));
        QVERIFY(std::abs(closed - recursive) < 1e-17);
        sum += closed;
        QVERIFY(std::abs(garchAverageVariance(hull, next, h) - sum / h) < 1e-17);
        recursive = hull.omega + hull.persistence() * recursive;
    }
    QVERIFY(std::abs(garchAverageVariance(hull, next, 7) - 0.000234122605251289) < 1e-17);

    GarchFit fit;
    fit.parameters = hull;
    fit.nextVariance = next;
    QVERIFY(std::abs(fit.forecastVolatility(7) - 0.2428968845484125) < 1e-13);
    QVERIFY(std::abs(fit.forecastVariance(7) - expected[6]) < 1e-17);
    // Far ahead the forecast reaches the long-run variance.
    QVERIFY(std::abs(fit.forecastVariance(100000) - 0.0002) < 1e-15);
}

void TestGarch::recoversSimulatedParameters_data()
{
    QTest::addColumn<double>("omega");
    QTest::addColumn<double>("alpha");
    QTest::addColumn<double>("beta");
    QTest::addColumn<quint64>("seed");
    // Equity-like persistence (16% long-run volatility) and a faster-reverting process.
    QTest::newRow("persistent") << 2e-6 << 0.08 << 0.90 << quint64(42);
    QTest::newRow("persistent, another seed") << 2e-6 << 0.08 << 0.90 << quint64(7);
    QTest::newRow("fast") << 4e-5 << 0.15 << 0.60 << quint64(2025);
}

void TestGarch::recoversSimulatedParameters()
{
    QFETCH(double, omega);
    QFETCH(double, alpha);
    QFETCH(double, beta);
    QFETCH(quint64, seed);
    const GarchParameters truth{omega, alpha, beta};
    const std::vector<double> returns = simulate(truth, 20000, seed);
    const auto fitted = fitGarch(returns);
    QVERIFY2(fitted.ok(), fitted.ok() ? "" : fitted.message().c_str());
    const GarchFit &fit = fitted.value();
    QVERIFY2(fit.converged, qPrintable(describe(fit)));
    QCOMPARE(fit.observations, 20000);
    // Tolerances of about three standard errors for 20,000 observations.
    QVERIFY2(std::abs(fit.parameters.alpha - alpha) < 0.02, qPrintable(describe(fit)));
    QVERIFY2(std::abs(fit.parameters.beta - beta) < 0.04, qPrintable(describe(fit)));
    QVERIFY2(std::abs(fit.longRunVariance() / truth.longRunVariance() - 1.0) < 0.15,
             qPrintable(describe(fit)));
    QVERIFY2(std::abs(fit.parameters.omega / omega - 1.0) < 0.5, qPrintable(describe(fit)));
    QVERIFY(fit.parameters.persistence() < 1.0);
    // The next-day variance continues the filtered recursion.
    const double lastResidual = returns.back() - fit.mean;
    QVERIFY(std::abs(fit.nextVariance -
                     garchNextVariance(fit.parameters, fit.lastVariance, lastResidual)) < 1e-18);
    QVERIFY(fit.forecastVolatility(7) > 0);
}

void TestGarch::fitIsAtLeastAsLikelyAsTheTruth()
{
    const GarchParameters truth{2e-6, 0.08, 0.90};
    const std::vector<double> returns = simulate(truth, 5000, 99);
    const auto fit = fitGarch(returns);
    QVERIFY(fit.ok());
    std::vector<double> residuals = returns;
    for (double &e : residuals)
        e -= fit->mean;
    const double atTruth = garchLogLikelihood(residuals, truth);
    QVERIFY2(fit->logLikelihood >= atTruth - 1e-6,
             qPrintable(describe(fit.value()) + QStringLiteral(" vs %1").arg(atTruth, 0, 'g', 10)));
    QVERIFY(std::abs(fit->logLikelihood - garchLogLikelihood(residuals, fit->parameters)) < 1e-9);
    // A nudge in any direction does not improve on the fit.
    for (const GarchParameters &nudged :
         {GarchParameters{fit->parameters.omega * 1.01, fit->parameters.alpha,
                          fit->parameters.beta},
          GarchParameters{fit->parameters.omega, fit->parameters.alpha + 0.002,
                          fit->parameters.beta - 0.002},
          GarchParameters{fit->parameters.omega, fit->parameters.alpha,
                          fit->parameters.beta - 0.002}})
        QVERIFY(garchLogLikelihood(residuals, nudged) <= fit->logLikelihood + 1e-9);
}

void TestGarch::scaleInvariance()
{
    // Returns in percent instead of decimals: the same alpha and beta, omega x 10^4, the
    // log-likelihood lower by n ln 100.
    const std::vector<double> returns = simulate({2e-6, 0.08, 0.90}, 3000, 5);
    std::vector<double> percent = returns;
    for (double &r : percent)
        r *= 100.0;
    const auto a = fitGarch(returns);
    const auto b = fitGarch(percent);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(std::abs(a->parameters.alpha - b->parameters.alpha) < 1e-6);
    QVERIFY(std::abs(a->parameters.beta - b->parameters.beta) < 1e-6);
    QVERIFY(std::abs(b->parameters.omega / (a->parameters.omega * 1e4) - 1.0) < 1e-4);
    QVERIFY(std::abs((a->logLikelihood - b->logLikelihood) - 3000 * std::log(100.0)) < 1e-5);
}

void TestGarch::unfittableReturnsAreErrors()
{
    const auto few = fitGarch(std::vector<double>(29, 0.01));
    QVERIFY(!few.ok());
    QCOMPARE(QString::fromStdString(few.message()),
             QStringLiteral("GARCH(1,1) needs at least 30 returns, got 29"));
    std::vector<double> returns = simulate({2e-6, 0.08, 0.90}, 100, 1);
    returns[41] = std::numeric_limits<double>::quiet_NaN();
    const auto nan = fitGarch(returns);
    QVERIFY(!nan.ok());
    QCOMPARE(QString::fromStdString(nan.message()),
             QStringLiteral("return 42 is not a finite number"));
    const auto constant = fitGarch(std::vector<double>(100, 0.001));
    QVERIFY(!constant.ok());
    QVERIFY(QString::fromStdString(constant.message()).contains(QStringLiteral("no variance")));
    // Without demeaning, a constant non-zero return has variance about zero; it still fits.
    GarchOptions raw;
    raw.demean = false;
    const auto undemeaned = fitGarch(std::vector<double>(100, 0.001), raw);
    QVERIFY(undemeaned.ok());
    QCOMPARE(undemeaned->mean, 0.0);
}

void TestGarch::logReturnsOfCloses()
{
    const std::vector<double> closes = {100, 110, 0, 121, 121};
    const std::vector<double> returns = logReturns(closes);
    // Pairs with the zero close are skipped.
    QCOMPARE(returns.size(), std::size_t(2));
    QCOMPARE(returns[0], std::log(1.1));
    QCOMPARE(returns[1], 0.0);
    QVERIFY(logReturns(std::vector<double>{100}).empty());
}

QTEST_GUILESS_MAIN(TestGarch)
#include "tst_garch.moc"
