// SVI smile fit (known parameters, noise, the simulator's smile shapes, weights, constraints,
// typed errors, Durrleman's condition) and the smile/term/history analytics.
#include "pricing/blackscholes.h"
#include "pricing/volsurface.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

using namespace mag7;
using namespace mag7::pricing;

namespace {

QString describe(double forward, double years, const std::vector<SmileQuote> &quotes)
{
    QString s =
        QStringLiteral("F=%1 T=%2 quotes(K:iv:w)=").arg(forward, 0, 'g', 12).arg(years, 0, 'g', 12);
    for (const SmileQuote &q : quotes)
        s += QStringLiteral(" %1:%2:%3")
                 .arg(q.strike, 0, 'g', 10)
                 .arg(q.iv, 0, 'g', 10)
                 .arg(q.weight, 0, 'g', 4);
    return s;
}

QString describe(const SviParameters &p)
{
    return QStringLiteral("svi a=%1 b=%2 rho=%3 m=%4 sigma=%5")
        .arg(p.a, 0, 'g', 10)
        .arg(p.b, 0, 'g', 10)
        .arg(p.rho, 0, 'g', 10)
        .arg(p.m, 0, 'g', 10)
        .arg(p.sigma, 0, 'g', 10);
}

QString describe(const SmileFit &f)
{
    return describe(f.svi) + QStringLiteral(" rmse=%1vp noArb=%2")
                                 .arg(f.rmseVolPoints, 0, 'g', 6)
                                 .arg(f.butterflyArbitrageFree);
}

// Strikes at `count` evenly spaced ATM standard deviations in [zLo, zHi].
std::vector<double> strikesByZ(double forward, double years, double atmVol, double zLo, double zHi,
                               int count)
{
    std::vector<double> strikes;
    for (int i = 0; i < count; ++i) {
        const double z = zLo + (zHi - zLo) * i / (count - 1);
        strikes.push_back(forward * std::exp(z * atmVol * std::sqrt(years)));
    }
    return strikes;
}

std::vector<SmileQuote> quotesFromSvi(const SviParameters &p, double forward, double years,
                                      const std::vector<double> &strikes)
{
    std::vector<SmileQuote> quotes;
    for (double k : strikes)
        quotes.push_back({k, p.impliedVol(std::log(k / forward), years), 1.0});
    return quotes;
}

// The constraints of fitSmile()'s contract.
QString constraintViolation(const SmileFit &f)
{
    const SviParameters &p = f.svi;
    if (!(p.b >= 0))
        return "b < 0";
    if (!(std::abs(p.rho) < 1))
        return "|rho| >= 1";
    if (!(p.sigma > 0))
        return "sigma <= 0";
    if (!(p.a + p.b * p.sigma * std::sqrt(1 - p.rho * p.rho) >= -1e-14))
        return "negative minimum variance";
    if (!(p.b * (1 + std::abs(p.rho)) <= 4 / f.years * (1 + 1e-9)))
        return "Lee wing bound";
    return {};
}

// Simulator-like smile: sigma_ATM (1 + skew z + smile z^2), z = ln(K/F) / (sigma_ATM sqrt(T)).
double quadraticSmile(double strike, double forward, double years, double atm, double skew,
                      double smile)
{
    const double z = std::log(strike / forward) / (atm * std::sqrt(years));
    return atm * (1 + skew * z + smile * z * z);
}

// The market simulator's own multiplier (core/marketdata/volsurface.cpp, smileMultiplier).
double simulatorSmile(double strike, double forward, double years, double atm, double skew,
                      double smile)
{
    const double z = std::log(strike / forward) / (atm * std::sqrt(years));
    const double m =
        1.0 + skew * z / (1.0 + std::abs(z) / 3.0) + smile * (std::sqrt(1 + z * z) - 1);
    return atm * std::clamp(m, 0.35, 4.0);
}

QString errorOf(const Result<SmileFit> &r)
{
    return r.ok() ? QString() : QString::fromStdString(r.message());
}

constexpr double kHour = 1.0 / (365 * 24);
constexpr double kDay = 1.0 / 365;

} // namespace

class TestVolSurface : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recoversKnownSvi_data();
    void recoversKnownSvi();
    void noisySmile_data();
    void noisySmile();
    void simulatorShapes_data();
    void simulatorShapes();
    void weightsSteerTheFit();
    void enforcesLeeBound();
    void typedErrors();
    void flatSmile();
    void durrlemanCondition();
    void deltaStrikes();
    void riskReversalAndButterfly();
    void atmTermInterpolation();
    void historyStatistics();
    void expectedMoveFormula();
    void fitSpeed();
};

void TestVolSurface::recoversKnownSvi_data()
{
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("rho");
    QTest::addColumn<double>("m");
    QTest::addColumn<double>("sigma");
    // Parameters in total variance; sensible equity smiles with put skew (rho < 0).
    QTest::newRow("1y classic") << 1.0 << 0.02 << 0.1 << -0.6 << 0.05 << 0.2;
    QTest::newRow("1y negative a") << 1.0 << -0.01 << 0.15 << -0.4 << 0.0 << 0.3;
    QTest::newRow("2y flat wings") << 2.0 << 0.03 << 0.08 << -0.7 << 0.1 << 0.4;
    QTest::newRow("30d") << 30 * kDay << 0.002 << 0.03 << -0.5 << 0.01 << 0.05;
    QTest::newRow("7d") << 7 * kDay << 0.0008 << 0.012 << -0.45 << 0.005 << 0.03;
    QTest::newRow("1d") << kDay << 0.00015 << 0.004 << -0.3 << 0.0 << 0.008;
    QTest::newRow("2h 0DTE") << 2 * kHour << 0.00002 << 0.0012 << -0.5 << 0.001 << 0.002;
    QTest::newRow("call skew") << 0.25 << 0.01 << 0.05 << 0.3 << -0.02 << 0.1;
}

void TestVolSurface::recoversKnownSvi()
{
    QFETCH(double, years);
    QFETCH(double, a);
    QFETCH(double, b);
    QFETCH(double, rho);
    QFETCH(double, m);
    QFETCH(double, sigma);
    const SviParameters truth{a, b, rho, m, sigma};
    const double forward = 250;
    const double atm = truth.impliedVol(0, years);
    const auto strikes = strikesByZ(forward, years, atm, -3, 2.5, 25);
    const auto quotes = quotesFromSvi(truth, forward, years, strikes);
    const Result<SmileFit> fit = fitSmile(forward, years, quotes);
    const QString where = describe(forward, years, quotes) + " truth " + describe(truth);
    QVERIFY2(fit.ok(), qPrintable(where + " error " + errorOf(fit)));
    const QString got = where + " fit " + describe(*fit);
    QVERIFY2(constraintViolation(*fit).isEmpty(),
             qPrintable(got + " " + constraintViolation(*fit)));
    QVERIFY2(fit->rmseVolPoints < 1e-3, qPrintable(got));
    QCOMPARE(fit->points, 25);
    // The smile between the quotes matches too.
    const double kLo = std::log(strikes.front() / forward),
                 kHi = std::log(strikes.back() / forward);
    for (int i = 0; i <= 100; ++i) {
        const double k = kLo + (kHi - kLo) * i / 100;
        const double diff = (fit->svi.impliedVol(k, years) - truth.impliedVol(k, years)) * 100;
        QVERIFY2(std::abs(diff) < 2e-3,
                 qPrintable(got + QStringLiteral(" k=%1 diff=%2vp").arg(k).arg(diff)));
    }
    // Parameters: relative to their natural scales.
    const double wScale = atm * atm * years;
    QVERIFY2(std::abs(fit->svi.a - a) < 1e-3 * wScale + 1e-3 * std::abs(a), qPrintable(got));
    QVERIFY2(std::abs(fit->svi.b - b) < 2e-3 * b, qPrintable(got));
    QVERIFY2(std::abs(fit->svi.rho - rho) < 2e-3, qPrintable(got));
    QVERIFY2(std::abs(fit->svi.m - m) < 2e-3 * sigma, qPrintable(got));
    QVERIFY2(std::abs(fit->svi.sigma - sigma) < 2e-3 * sigma, qPrintable(got));
    QVERIFY2(fit->butterflyArbitrageFree, qPrintable(got));
}

void TestVolSurface::noisySmile_data()
{
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("noiseVolPoints");
    QTest::addColumn<unsigned>("seed");
    QTest::newRow("30d 0.3vp") << 30 * kDay << 0.3 << 11u;
    QTest::newRow("1y 0.5vp") << 1.0 << 0.5 << 12u;
    QTest::newRow("1d 0.2vp") << kDay << 0.2 << 13u;
    QTest::newRow("90d 1vp") << 90 * kDay << 1.0 << 14u;
}

void TestVolSurface::noisySmile()
{
    QFETCH(double, years);
    QFETCH(double, noiseVolPoints);
    QFETCH(unsigned, seed);
    const double forward = 400;
    // A simulator-like smile (not SVI): the fit must absorb the noise, not follow it.
    const double atm = 0.32, skew = -0.12, smile = 0.04;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0, noiseVolPoints / 100);
    std::vector<SmileQuote> quotes;
    const auto strikes = strikesByZ(forward, years, atm, -2.5, 2.0, 41);
    for (double k : strikes)
        quotes.push_back(
            {k, quadraticSmile(k, forward, years, atm, skew, smile) + noise(rng), 1.0});
    const Result<SmileFit> fit = fitSmile(forward, years, quotes);
    const QString where = describe(forward, years, quotes);
    QVERIFY2(fit.ok(), qPrintable(where + " " + errorOf(fit)));
    const QString got = where + " fit " + describe(*fit);
    QVERIFY2(constraintViolation(*fit).isEmpty(), qPrintable(got));
    // The residual is the noise: 41 points, 5 parameters.
    QVERIFY2(fit->rmseVolPoints > 0.6 * noiseVolPoints && fit->rmseVolPoints < 1.3 * noiseVolPoints,
             qPrintable(got));
    // The fitted smile is closer to the truth than the quotes are.
    double sse = 0;
    for (double k : strikes) {
        const double diff =
            fit->impliedVol(k) - quadraticSmile(k, forward, years, atm, skew, smile);
        sse += diff * diff;
    }
    const double rmsToTruth = std::sqrt(sse / static_cast<double>(strikes.size())) * 100;
    qInfo("%s: rmse %.3f vp, distance to the true smile %.3f vp", QTest::currentDataTag(),
          fit->rmseVolPoints, rmsToTruth);
    QVERIFY2(rmsToTruth < 0.7 * noiseVolPoints,
             qPrintable(got + QStringLiteral(" to truth %1").arg(rmsToTruth)));
}

void TestVolSurface::simulatorShapes_data()
{
    QTest::addColumn<bool>("simulator");
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("atm");
    QTest::addColumn<double>("skew");
    QTest::addColumn<double>("smile");
    QTest::addColumn<double>("zLo");
    QTest::addColumn<double>("zHi");
    const double tenors[] = {2 * kHour, kDay, 7 * kDay, 30 * kDay, 90 * kDay, 1.0, 2.0};
    const char *names[] = {"2h", "1d", "7d", "30d", "90d", "1y", "2y"};
    for (int i = 0; i < 7; ++i) {
        for (bool simulator : {false, true}) {
            const char *shape = simulator ? "sim" : "quad";
            QTest::addRow("%s %s single-name", shape, names[i])
                << simulator << tenors[i] << 0.30 << -0.10 << (simulator ? 0.08 : 0.04) << -2.5
                << 2.5;
            QTest::addRow("%s %s index", shape, names[i])
                << simulator << tenors[i] << 0.16 << -0.25 << (simulator ? 0.05 : 0.025) << -3.0
                << 2.0;
            QTest::addRow("%s %s high vol", shape, names[i])
                << simulator << tenors[i] << 0.65 << -0.06 << (simulator ? 0.10 : 0.05) << -2.0
                << 2.0;
        }
    }
}

void TestVolSurface::simulatorShapes()
{
    QFETCH(bool, simulator);
    QFETCH(double, years);
    QFETCH(double, atm);
    QFETCH(double, skew);
    QFETCH(double, smile);
    QFETCH(double, zLo);
    QFETCH(double, zHi);
    const double forward = 180;
    std::vector<SmileQuote> quotes;
    for (double k : strikesByZ(forward, years, atm, zLo, zHi, 31)) {
        const double iv = simulator ? simulatorSmile(k, forward, years, atm, skew, smile)
                                    : quadraticSmile(k, forward, years, atm, skew, smile);
        quotes.push_back({k, iv, 1.0});
    }
    const Result<SmileFit> fit = fitSmile(forward, years, quotes);
    const QString where = describe(forward, years, quotes);
    QVERIFY2(fit.ok(), qPrintable(where + " " + errorOf(fit)));
    const QString got = where + " fit " + describe(*fit);
    QVERIFY2(constraintViolation(*fit).isEmpty(), qPrintable(got));
    qInfo("%s: rmse %.4f vp", QTest::currentDataTag(), fit->rmseVolPoints);
    QVERIFY2(fit->rmseVolPoints < 0.3, qPrintable(got));
    QVERIFY2(std::abs(fit->impliedVol(forward) - atm) * 100 < 0.3, qPrintable(got));
}

void TestVolSurface::weightsSteerTheFit()
{
    const double forward = 100, years = 0.25;
    const SviParameters truth{0.005, 0.04, -0.5, 0.0, 0.1};
    auto quotes =
        quotesFromSvi(truth, forward, years, strikesByZ(forward, years, 0.2, -2.5, 2.5, 21));
    // An outlier 5 vol points off: with a tiny weight it barely moves the fit.
    quotes[10].iv += 0.05;
    quotes[10].weight = 1e-4;
    const Result<SmileFit> light = fitSmile(forward, years, quotes);
    QVERIFY2(light.ok(), qPrintable(describe(forward, years, quotes)));
    QVERIFY2(std::abs(light->impliedVol(quotes[10].strike) - truth.impliedVol(0, years)) < 0.002,
             qPrintable(describe(forward, years, quotes) + " " + describe(*light)));
    // With a huge weight the fit goes through it.
    quotes[10].weight = 1e4;
    const Result<SmileFit> heavy = fitSmile(forward, years, quotes);
    QVERIFY2(heavy.ok(), qPrintable(describe(forward, years, quotes)));
    QVERIFY2(std::abs(heavy->impliedVol(quotes[10].strike) - quotes[10].iv) < 0.002,
             qPrintable(describe(forward, years, quotes) + " " + describe(*heavy)));
}

void TestVolSurface::enforcesLeeBound()
{
    // Wings far steeper than Lee's bound allows (total variance slope ~ 8 / T): the fit must stay
    // within b (1 + |rho|) <= 4 / T and non-negative variance.
    const double forward = 100, years = 1.0;
    std::vector<SmileQuote> quotes;
    for (int i = -6; i <= 6; ++i) {
        const double k = 0.1 * i;
        const double w = 0.04 + 8 * std::abs(k);
        quotes.push_back({forward * std::exp(k), std::sqrt(w / years), 1.0});
    }
    const Result<SmileFit> fit = fitSmile(forward, years, quotes);
    QVERIFY2(fit.ok(), qPrintable(describe(forward, years, quotes)));
    QVERIFY2(constraintViolation(*fit).isEmpty(),
             qPrintable(describe(forward, years, quotes) + " " + describe(*fit) + " " +
                        constraintViolation(*fit)));
    QVERIFY2(fit->svi.b * (1 + std::abs(fit->svi.rho)) > 3.9,
             qPrintable(describe(*fit))); // bound binds
}

void TestVolSurface::typedErrors()
{
    const std::vector<SmileQuote> good{
        {90, 0.3, 1}, {95, 0.28, 1}, {100, 0.26, 1}, {105, 0.25, 1}, {110, 0.25, 1}};
    QVERIFY(fitSmile(100, 0.1, good).ok());
    auto expect = [](const Result<SmileFit> &r, SmileFitError e, const QString &what) {
        QVERIFY2(!r.ok(), qPrintable(what));
        QVERIFY2(r.message().rfind(smileFitErrorMessage(e), 0) == 0,
                 qPrintable(what + " message " + errorOf(r)));
    };
    const std::vector<SmileQuote> four(good.begin(), good.begin() + 4);
    expect(fitSmile(100, 0.1, four), SmileFitError::TooFewQuotes, "4 quotes");
    expect(fitSmile(100, 0.1, {}), SmileFitError::TooFewQuotes, "no quotes");
    auto duplicated = good;
    duplicated[4].strike = 105; // 5 quotes, 4 strikes
    expect(fitSmile(100, 0.1, duplicated), SmileFitError::TooFewQuotes, "duplicate strikes");
    expect(fitSmile(0, 0.1, good), SmileFitError::InvalidInput, "forward 0");
    expect(fitSmile(100, 0, good), SmileFitError::InvalidInput, "years 0");
    expect(fitSmile(100, -1, good), SmileFitError::InvalidInput, "years < 0");
    expect(fitSmile(std::numeric_limits<double>::quiet_NaN(), 0.1, good),
           SmileFitError::InvalidInput, "forward NaN");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (auto change :
         {std::function<void(SmileQuote &)>([](SmileQuote &q) { q.iv = 0; }),
          std::function<void(SmileQuote &)>([](SmileQuote &q) { q.iv = -0.2; }),
          std::function<void(SmileQuote &)>([&](SmileQuote &q) { q.iv = nan; }),
          std::function<void(SmileQuote &)>([](SmileQuote &q) { q.strike = -5; }),
          std::function<void(SmileQuote &)>([](SmileQuote &q) { q.weight = 0; }),
          std::function<void(SmileQuote &)>([&](SmileQuote &q) { q.weight = nan; })}) {
        auto bad = good;
        change(bad[2]);
        expect(fitSmile(100, 0.1, bad), SmileFitError::InvalidInput, describe(100, 0.1, bad));
    }
}

void TestVolSurface::flatSmile()
{
    std::vector<SmileQuote> quotes;
    for (double k : {80.0, 90.0, 100.0, 110.0, 120.0, 130.0})
        quotes.push_back({k, 0.25, 1});
    const Result<SmileFit> fit = fitSmile(100, 0.5, quotes);
    QVERIFY2(fit.ok(), qPrintable(describe(100, 0.5, quotes)));
    QVERIFY2(fit->rmseVolPoints < 1e-6, qPrintable(describe(*fit)));
    for (double k : {70.0, 100.0, 140.0})
        QVERIFY2(std::abs(fit->impliedVol(k) - 0.25) < 1e-6, qPrintable(describe(*fit)));
    QVERIFY(fit->butterflyArbitrageFree);
}

void TestVolSurface::durrlemanCondition()
{
    // Axel Vogt's parameters (Gatheral and Jacquier, "Arbitrage-free SVI volatility surfaces",
    // 2013): the density is negative around k = 0.6-0.8.
    const SviParameters vogt{-0.0410, 0.1331, 0.3060, 0.3586, 0.4153};
    QVERIFY2(!sviButterflyFree(vogt, -1.5, 1.5), qPrintable(describe(vogt)));
    QVERIFY(durrlemanG(vogt, 0.7) < 0);
    QVERIFY(durrlemanG(vogt, -1.0) > 0);
    const SviParameters fine{0.02, 0.1, -0.6, 0.05, 0.2};
    QVERIFY(sviButterflyFree(fine, -1.5, 1.5));
    // Durrleman's g against finite differences of w.
    const double h = 1e-4;
    for (double k : {-0.8, -0.2, 0.0, 0.3, 0.9}) {
        const double w = fine.totalVariance(k);
        const double w1 = (fine.totalVariance(k + h) - fine.totalVariance(k - h)) / (2 * h);
        const double w2 = (fine.totalVariance(k + h) - 2 * w + fine.totalVariance(k - h)) / (h * h);
        const double g = std::pow(1 - k * w1 / (2 * w), 2) - w1 * w1 / 4 * (1 / w + 0.25) + w2 / 2;
        QVERIFY2(std::abs(durrlemanG(fine, k) - g) < 1e-5,
                 qPrintable(QStringLiteral("k=%1").arg(k)));
    }
    // A fit of Vogt's smile reports the arbitrage.
    const double years = 1;
    std::vector<SmileQuote> quotes;
    for (int i = 0; i <= 30; ++i) {
        const double k = -1.0 + 2.0 * i / 30;
        quotes.push_back({100 * std::exp(k), vogt.impliedVol(k, years), 1});
    }
    const Result<SmileFit> fit = fitSmile(100, years, quotes);
    QVERIFY2(fit.ok(), qPrintable(describe(100, years, quotes)));
    QVERIFY2(fit->rmseVolPoints < 0.05, qPrintable(describe(*fit)));
    QVERIFY2(!fit->butterflyArbitrageFree,
             qPrintable(describe(100, years, quotes) + " " + describe(*fit)));
}

void TestVolSurface::deltaStrikes()
{
    const double forward = 120, years = 0.3, rate = 0.045, yield = 0.015, vol = 0.28;
    // Flat smile: closed form K = F exp(-N^-1(|delta| e^(qT)) sign vol sqrt(T) + vol^2 T / 2).
    SmileFit flat;
    flat.forward = forward;
    flat.years = years;
    flat.svi = SviParameters{vol * vol * years, 0, 0, 0, 0.1};
    const double spot = forward * std::exp(-(rate - yield) * years);
    for (double delta : {0.1, 0.25, 0.5, 0.75, -0.1, -0.25, -0.5}) {
        const double k = deltaStrike(flat, delta, rate, yield);
        const OptionRight right = delta > 0 ? OptionRight::Call : OptionRight::Put;
        const double got = bsmDelta({right, spot, k, years, vol, rate, yield});
        QVERIFY2(
            std::abs(got - delta) < 1e-10,
            qPrintable(QStringLiteral("delta %1 strike %2 got %3").arg(delta).arg(k).arg(got)));
        // The inverse in closed form through the normal quantile of the computed strike.
        const double d1 = (std::log(spot / k) + (rate - yield + vol * vol / 2) * years) /
                          (vol * std::sqrt(years));
        const double expected = delta > 0 ? std::exp(-yield * years) * normalCdf(d1)
                                          : -std::exp(-yield * years) * normalCdf(-d1);
        QVERIFY(std::abs(expected - delta) < 1e-10);
    }
    QVERIFY(std::isnan(deltaStrike(flat, 0, rate, yield)));
    QVERIFY(std::isnan(deltaStrike(flat, 1.0, rate, yield)));
    QVERIFY(std::isnan(deltaStrike(flat, -1.0, rate, yield)));
    // Skewed smile: the strike's delta under its own smile vol is the target.
    SmileFit skewed = flat;
    skewed.svi = SviParameters{0.012, 0.09, -0.7, 0.02, 0.12};
    for (double delta : {0.25, -0.25, 0.1, -0.1}) {
        const double k = deltaStrike(skewed, delta, rate, yield);
        const OptionRight right = delta > 0 ? OptionRight::Call : OptionRight::Put;
        const double got = bsmDelta({right, spot, k, years, skewed.impliedVol(k), rate, yield});
        QVERIFY2(
            std::abs(got - delta) < 1e-10,
            qPrintable(describe(skewed.svi) +
                       QStringLiteral(" delta %1 strike %2 got %3").arg(delta).arg(k).arg(got)));
        QVERIFY(delta > 0 ? k > forward : k < forward);
    }
}

void TestVolSurface::riskReversalAndButterfly()
{
    const double rate = 0.04, yield = 0.0;
    SmileFit fit;
    fit.forward = 500;
    fit.years = 45 * kDay;
    fit.svi = SviParameters{0.004, 0.05, -0.6, 0.01, 0.06};
    const double kc = deltaStrike(fit, 0.25, rate, yield),
                 kp = deltaStrike(fit, -0.25, rate, yield);
    const double rr = riskReversal25(fit, rate, yield);
    const double bf = butterfly25(fit, rate, yield);
    QCOMPARE(rr, fit.impliedVol(kc) - fit.impliedVol(kp));
    QCOMPARE(bf, (fit.impliedVol(kc) + fit.impliedVol(kp)) / 2 - fit.impliedVol(500));
    QVERIFY2(rr < -0.01,
             qPrintable(describe(fit.svi) + QStringLiteral(" rr=%1").arg(rr))); // put skew
    QVERIFY2(bf > 0,
             qPrintable(describe(fit.svi) + QStringLiteral(" bf=%1").arg(bf))); // convex smile
    // Symmetric smile: no risk reversal; flat smile: no butterfly either.
    fit.svi = SviParameters{0.004, 0.05, 0.0, 0.0, 0.06};
    // Symmetric smile: the 25-delta call sits further from the forward than the put (d1 carries
    // +vol^2 T / 2), so a small positive risk reversal remains; computed by hand here.
    {
        const double s = fit.impliedVol(500) * std::sqrt(fit.years);
        const double kCall = deltaStrike(fit, 0.25, 0, 0), kPut = deltaStrike(fit, -0.25, 0, 0);
        const double rrSym = riskReversal25(fit, 0, 0);
        qInfo("symmetric smile: RR %.5f, call at %.4f, put at %.4f ATM stdevs", rrSym,
              std::log(kCall / 500) / s, std::log(kPut / 500) / s);
        QVERIFY2(rrSym > 0 && rrSym < 0.01, qPrintable(QStringLiteral("rr=%1").arg(rrSym)));
        QVERIFY(std::log(kCall / 500) > -std::log(kPut / 500));
    }
    fit.svi = SviParameters{0.01, 0.0, 0.0, 0.0, 0.1};
    QVERIFY(std::abs(riskReversal25(fit, rate, yield)) < 1e-14);
    QVERIFY(std::abs(butterfly25(fit, rate, yield)) < 1e-14);
}

void TestVolSurface::atmTermInterpolation()
{
    const std::vector<TermPoint> term{{0.5, 0.25}, {0.1, 0.30}, {1.0, 0.22}}; // unsorted on purpose
    QCOMPARE(interpolateAtmIv(term, 0.1), 0.30);
    QCOMPARE(interpolateAtmIv(term, 0.5), 0.25);
    QCOMPARE(interpolateAtmIv(term, 0.05), 0.30); // flat before the first
    QCOMPARE(interpolateAtmIv(term, 3.0), 0.22);  // flat after the last
    const double w = 0.09 * 0.1 + (0.0625 * 0.5 - 0.09 * 0.1) * (0.3 - 0.1) / 0.4;
    QVERIFY(std::abs(interpolateAtmIv(term, 0.3) - std::sqrt(w / 0.3)) < 1e-15);
    const double w2 = 0.0625 * 0.5 + (0.0484 - 0.0625 * 0.5) * 0.5;
    QVERIFY(std::abs(interpolateAtmIv(term, 0.75) - std::sqrt(w2 / 0.75)) < 1e-15);
    QVERIFY(std::isnan(interpolateAtmIv({}, 0.3)));
    const std::vector<TermPoint> invalid{{0, 0.3}, {-1, 0.2}};
    QVERIFY(std::isnan(interpolateAtmIv(invalid, 0.3)));
}

void TestVolSurface::historyStatistics()
{
    const std::vector<double> history{0.20, 0.25, 0.30, 0.35, 0.40, 0.30};
    QVERIFY(std::abs(ivRank(0.30, history) - 50) < 1e-12);
    QVERIFY(std::abs(ivRank(0.20, history) - 0) < 1e-12);
    QVERIFY(std::abs(ivRank(0.40, history) - 100) < 1e-12);
    QVERIFY(std::abs(ivRank(0.45, history) - 100) < 1e-12); // a new high: today is in the window
    QVERIFY(std::abs(ivRank(0.10, history) - 0) < 1e-12);   // a new low
    // Percentile: strictly below; ties don't count.
    QVERIFY(std::abs(ivPercentile(0.30, history) - 100.0 * 2 / 6) < 1e-12);
    QVERIFY(std::abs(ivPercentile(0.31, history) - 100.0 * 4 / 6) < 1e-12);
    QCOMPARE(ivPercentile(0.10, history), 0.0);
    QCOMPARE(ivPercentile(0.50, history), 100.0);
    QVERIFY(std::isnan(ivRank(0.3, {})));
    QVERIFY(std::isnan(ivPercentile(0.3, {})));
    const std::vector<double> constant{0.3, 0.3, 0.3};
    QVERIFY(std::isnan(ivRank(0.3, constant)));
    // z-score with the sample standard deviation: mean 0.3, sd sqrt(0.035 / 5).
    const double sd = std::sqrt((0.01 + 0.0025 + 0 + 0.0025 + 0.01 + 0) / 5);
    QVERIFY(std::abs(zScore(0.40, history) - 0.10 / sd) < 1e-12);
    QVERIFY(std::isnan(zScore(0.3, std::vector<double>{0.3})));
    QVERIFY(std::isnan(zScore(0.3, constant)));
    const std::vector<double> withNan{0.2, std::numeric_limits<double>::quiet_NaN(), 0.4};
    QVERIFY(std::abs(ivRank(0.3, withNan) - 50) < 1e-12);
}

void TestVolSurface::expectedMoveFormula()
{
    QVERIFY(std::abs(expectedMove(100, 0.2, 0.25) - 10) < 1e-12);
    QVERIFY(std::abs(expectedMove(450, 0.3, 1.0 / 365) - 450 * 0.3 / std::sqrt(365.0)) < 1e-12);
    QCOMPARE(expectedMove(100, 0.2, 0), 0.0);
}

void TestVolSurface::fitSpeed()
{
    const double forward = 230, years = 30 * kDay;
    std::mt19937_64 rng(7);
    std::normal_distribution<double> noise(0, 0.002);
    std::vector<std::vector<SmileQuote>> smiles;
    for (int s = 0; s < 20; ++s) {
        std::vector<SmileQuote> quotes;
        for (double k : strikesByZ(forward, years, 0.3, -2.5, 2.5, 40))
            quotes.push_back(
                {k, quadraticSmile(k, forward, years, 0.3, -0.1, 0.06) + noise(rng), 1});
        smiles.push_back(std::move(quotes));
    }
    const auto start = std::chrono::steady_clock::now();
    double sum = 0;
    for (const auto &quotes : smiles) {
        const Result<SmileFit> fit = fitSmile(forward, years, quotes);
        QVERIFY(fit.ok());
        sum += fit->rmseVolPoints;
    }
    const double micros =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count() /
        static_cast<double>(smiles.size());
    qInfo("fitSmile, 40 quotes: %.0f us per fit (mean rmse %.3f vp)", micros, sum / 20);
    QVERIFY2(micros < 20000, qPrintable(QStringLiteral("%1 us").arg(micros)));
}

QTEST_GUILESS_MAIN(TestVolSurface)
#include "tst_volsurface.moc"
