// Black-Scholes-Merton price and Greeks: published values, QuantLib's AnalyticEuropeanEngine on
// random options, finite differences, the batched and scalar paths, and the edge cases (expiry,
// zero volatility, extreme moneyness, invalid inputs).
//
// Random inputs come from a seeded std::mt19937_64 through explicit bit manipulation, so every
// run (and every standard library) sees the same options. A failure prints every input with
// %.17g so that it can be replayed exactly.
#include "pricing/blackscholes.h"
#include "pricing/quantlibreference.h"
#include "pricing/simdkernels.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace mag7;
using namespace mag7::pricing;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string describe(const BsmInputs &in)
{
    char text[256];
    std::snprintf(text, sizeof text, "%s S=%.17g K=%.17g T=%.17g vol=%.17g r=%.17g q=%.17g",
                  in.right == OptionRight::Call ? "call" : "put", in.spot, in.strike, in.years,
                  in.vol, in.rate, in.dividendYield);
    return text;
}

std::string number(const char *label, double value)
{
    char text[96];
    std::snprintf(text, sizeof text, " %s=%.17g", label, value);
    return text;
}

// Uniform doubles from raw 64-bit draws (the standard distributions are not specified bit for
// bit across libraries).
class Draw {
public:
    explicit Draw(std::uint64_t seed)
        : m_rng(seed)
    {}
    double uniform() { return static_cast<double>(m_rng() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    double logUniform(double lo, double hi)
    {
        return std::exp(uniform(std::log(lo), std::log(hi)));
    }
    bool coin() { return (m_rng() >> 63) != 0; }

private:
    std::mt19937_64 m_rng;
};

// The test population: calls and puts, spot 1-5000, time 1 minute to 3 years, vol 1%-500%,
// r -2%..10%, q -1%..8%; strikes alternately within +-8 standard deviations of the spot and
// log-uniform over spot/5 .. 5 spot (far into both wings for short times).
BsmInputs randomOption(Draw &draw, bool aroundTheMoney)
{
    BsmInputs in;
    in.right = draw.coin() ? OptionRight::Call : OptionRight::Put;
    in.spot = draw.logUniform(1.0, 5000.0);
    in.years = draw.logUniform(1.0 / (365.0 * 1440.0), 3.0);
    in.vol = draw.logUniform(0.01, 5.0);
    in.rate = draw.uniform(-0.02, 0.10);
    in.dividendYield = draw.uniform(-0.01, 0.08);
    const double stdDev = in.vol * std::sqrt(in.years);
    in.strike = aroundTheMoney ? in.spot * std::exp(draw.uniform(-8.0, 8.0) * stdDev)
                               : in.spot * draw.logUniform(0.2, 5.0);
    return in;
}

// How far apart two correct evaluations of the closed forms can be, from the rounding of their
// inputs and intermediate values (each side rounds S e^{-qT}, K e^{-rT}, ln(S/K) and d1 its own
// way), in units of `factor` eps:
//  - d1 carries an absolute error of about eps * kappa with
//    kappa = (1 + |ln(S/K)| + |(r-q)T|) / (vol sqrt T) + |d1|, which moves the normal CDF by
//    phi(d1) eps kappa absolute and the density by (|d1| kappa + d1^2) eps relative (the last
//    term is the rounding of the exponent d1^2/2);
//  - the price and rho, differences of S e^{-qT} Phi and K e^{-rT} Phi, carry an absolute
//    error of a few eps times S e^{-qT} + K e^{-rT} (QuantLib evaluates Phi of a negative
//    argument as 1 + erf, absolute rather than relative);
//  - theta adds r and q times those terms;
//  - the density-proportional Greeks get an absolute floor of the same number of eps times
//    their at-the-money size (far in the wings QuantLib's gamma, a sum of terms of order
//    d1/(vol sqrt T) times the result, loses relative precision on values like 1e-260).
// With `quantLib`, theta and rho also allow for QuantLib's formulas: its theta takes ln(F/S)
// from the rounded forward (eps (S + K) / T per year) and its rho is T (e^{-rT} (...) - price),
// which cancels for deep in-the-money calls (eps (S e^{-qT} + K e^{-rT}) T).
struct Tolerances {
    double price, delta, gamma, theta, vega, rho;
    double densityRelative; // relative error of terms proportional to phi(d1)
};

Tolerances closedFormTolerances(const BsmInputs &in, const Greeks &reference, double factor,
                                bool quantLib = false)
{
    const double years = std::max(in.years, 0.0);
    const double sqrtT = std::sqrt(years);
    const double stdDev = in.vol * sqrtT;
    const double dfQ = std::exp(-in.dividendYield * years);
    const double dfR = std::exp(-in.rate * years);
    const double spotQ = in.spot * dfQ;
    const double strikeR = in.strike * dfR;
    const double moneyness = std::log(in.spot / in.strike);
    const double drift = (in.rate - in.dividendYield) * years;
    const double d1 = (moneyness + drift) / stdDev + 0.5 * stdDev;
    const double kappa = (1.0 + std::abs(moneyness) + std::abs(drift)) / stdDev + std::abs(d1);
    const double density = std::exp(-0.5 * std::min(d1 * d1, 1400.0)) * 0.3989422804014327;
    const double unit = factor * kEps;
    Tolerances t;
    t.densityRelative = unit * (4.0 + std::abs(d1) * kappa + d1 * d1);
    const double cdf = 1.0 + density * kappa;
    t.price = unit * (spotQ + strikeR) * cdf;
    t.delta = unit * dfQ * cdf;
    constexpr double kAtTheMoneyDensity = 0.3989422804014327;
    t.gamma = t.densityRelative * std::abs(reference.gamma) +
              unit * dfQ * kAtTheMoneyDensity / (in.spot * stdDev);
    t.vega = t.densityRelative * std::abs(reference.vega) +
             unit * spotQ * sqrtT * kAtTheMoneyDensity * 0.01;
    t.theta = (t.densityRelative * density + unit * kAtTheMoneyDensity) *
                  (0.5 * spotQ * in.vol / sqrtT / 365.0) +
              unit * (std::abs(in.rate) * strikeR + std::abs(in.dividendYield) * spotQ) * cdf /
                  365.0 * 4.0;
    t.rho = unit * strikeR * years * 0.01 * cdf;
    if (quantLib) {
        t.theta += unit * (in.spot + in.strike) / (years * 365.0);
        t.rho += unit * (spotQ + strikeR) * years * 0.01;
    }
    return t;
}

// Compares price and the five first-order Greeks; returns an empty string or the failure.
std::string compareFirstOrder(const BsmInputs &in, const Greeks &ours, const Greeks &reference,
                              double factor, const char *referenceName, double *worstRatio)
{
    const Tolerances t =
        closedFormTolerances(in, reference, factor, std::string(referenceName) == "quantlib");
    struct Item {
        const char *name;
        double ours, reference, tolerance;
    };
    const Item items[] = {{"price", ours.price, reference.price, t.price},
                          {"delta", ours.delta, reference.delta, t.delta},
                          {"gamma", ours.gamma, reference.gamma, t.gamma},
                          {"theta", ours.theta, reference.theta, t.theta},
                          {"vega", ours.vega, reference.vega, t.vega},
                          {"rho", ours.rho, reference.rho, t.rho}};
    for (const Item &item : items) {
        const double difference = std::abs(item.ours - item.reference);
        const double tolerance = item.tolerance + 1e-300;
        if (worstRatio)
            *worstRatio = std::max(*worstRatio, difference / tolerance);
        if (!(difference <= tolerance)) {
            return describe(in) + " " + item.name + number("ours", item.ours) +
                   number(referenceName, item.reference) + number("tolerance", tolerance);
        }
    }
    return {};
}

// Second-order Greeks of two evaluations of the same option. Each is a density term times a
// factor in d1 and d2 that can pass through zero (vanna ~ d2, vomma ~ d1 d2, speed ~ 1 +
// d1/(vol sqrt T), charm ~ (r-q)/(vol sqrt T) - d2/(2T)), so besides the density's relative
// rounding each allows the factor's absolute rounding, eps kappa per unit of d1 or d2.
std::string compareSecondOrder(const BsmInputs &in, const Greeks &ours, const Greeks &reference,
                               double factor)
{
    const Tolerances t = closedFormTolerances(in, reference, factor);
    const double years = std::max(in.years, 1e-300);
    const double stdDev = in.vol * std::sqrt(years);
    const double moneyness = std::log(in.spot / in.strike);
    const double drift = (in.rate - in.dividendYield) * years;
    const double d1 = (moneyness + drift) / stdDev + 0.5 * stdDev;
    const double d2 = d1 - stdDev;
    const double kappa = (1.0 + std::abs(moneyness) + std::abs(drift)) / stdDev + std::abs(d1);
    const double shift = factor * kEps * kappa; // absolute rounding of d1 and d2
    const double relative = t.densityRelative;
    const double dfQ = std::exp(-in.dividendYield * years);
    const double density = dfQ * std::exp(-0.5 * std::min(d1 * d1, 1400.0)) * 0.3989422804014327;
    const double vannaUnit = density / in.vol * 0.01; // vanna = -vannaUnit * d2
    const double vommaUnit = std::abs(reference.vega) / in.vol * 0.01;
    const double speedUnit = std::abs(reference.gamma) / in.spot;
    const double charmUnit = density / 365.0;
    struct Item {
        const char *name;
        double ours, reference, tolerance;
    };
    const Item items[] = {
        {"vanna", ours.vanna, reference.vanna,
         relative * std::abs(reference.vanna) + vannaUnit * shift},
        {"vomma", ours.vomma, reference.vomma,
         relative * std::abs(reference.vomma) + vommaUnit * (std::abs(d1) + std::abs(d2)) * shift},
        {"speed", ours.speed, reference.speed,
         relative * speedUnit * (1 + std::abs(d1) / stdDev) + speedUnit * shift / stdDev},
        {"charm", ours.charm, reference.charm,
         relative * (std::abs(reference.charm) +
                     charmUnit * (std::abs(in.rate - in.dividendYield) / stdDev +
                                  (1 + std::abs(d2)) / years)) +
             charmUnit * shift / years + factor * kEps * std::abs(in.dividendYield) * dfQ / 365.0}};
    for (const Item &item : items) {
        if (!(std::abs(item.ours - item.reference) <= item.tolerance + 1e-300))
            return describe(in) + " " + item.name + number("ours", item.ours) +
                   number("reference", item.reference) + number("tolerance", item.tolerance);
    }
    return {};
}

bool sameOrBothNaN(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

} // namespace

class TestBlackScholes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void publishedValues_data();
    void publishedValues();
    void matchesQuantLibOnRandomOptions();
    void matchesQuantLibAtTheEdges_data();
    void matchesQuantLibAtTheEdges();
    void putCallParity();
    void greeksMatchFiniteDifferences();
    void secondOrderGreeksMatchFiniteDifferences();
    void batchEqualsScalar();
    void baselineAndAvx2BuildsAgree();
    void deepInAndOutOfTheMoney();
    void expiredAndZeroVolatility();
    void zeroSpotOrStrike();
    void invalidInputsGiveNaN();
};

void TestBlackScholes::publishedValues_data()
{
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("spot");
    QTest::addColumn<double>("strike");
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("carry"); // Haug's cost of carry b = r - q
    QTest::addColumn<double>("vol");
    QTest::addColumn<QString>("what");
    QTest::addColumn<double>("expected"); // in Haug's units: per 1.00 of vol or rate, per year
    // E. G. Haug, The Complete Guide to Option Pricing Formulas, 2nd ed. (McGraw-Hill, 2007).
    // Values are printed to four decimals; the tolerance is half a unit in the last place.
    // 1.1.1, Black-Scholes (1973) stock option.
    QTest::newRow("Haug 1.1.1 call price")
        << true << 60.0 << 65.0 << 0.25 << 0.08 << 0.08 << 0.30 << "price" << 2.1334;
    // 1.1.2, Merton (1973) option on a stock index paying a yield (q = 5%).
    QTest::newRow("Haug 1.1.2 put price")
        << false << 100.0 << 95.0 << 0.5 << 0.10 << 0.05 << 0.20 << "price" << 2.4648;
    // 1.1.3, Black (1976) option on a futures price (b = 0): call and put both 1.7011.
    QTest::newRow("Haug 1.1.3 call price")
        << true << 19.0 << 19.0 << 0.75 << 0.10 << 0.0 << 0.28 << "price" << 1.7011;
    QTest::newRow("Haug 1.1.3 put price")
        << false << 19.0 << 19.0 << 0.75 << 0.10 << 0.0 << 0.28 << "price" << 1.7011;
    // 1.1.5, Garman-Kohlhagen (1983) currency option (domestic 6%, foreign 8%).
    QTest::newRow("Haug 1.1.5 call price")
        << true << 1.56 << 1.60 << 0.5 << 0.06 << -0.02 << 0.12 << "price" << 0.0291;
    // Chapter 2 (Black-Scholes-Merton Greeks): the delta example on a futures option (b = 0).
    QTest::newRow("Haug delta call")
        << true << 105.0 << 100.0 << 0.5 << 0.10 << 0.0 << 0.36 << "delta" << 0.5946;
    QTest::newRow("Haug delta put")
        << false << 105.0 << 100.0 << 0.5 << 0.10 << 0.0 << 0.36 << "delta" << -0.3566;
    // The gamma example (stock option, nine months).
    QTest::newRow("Haug gamma") << true << 55.0 << 60.0 << 0.75 << 0.10 << 0.10 << 0.30 << "gamma"
                                << 0.0278;
    // The theta example: put on an index, one month (T = 0.0833), q = 5%; theta per year.
    QTest::newRow("Haug theta put")
        << false << 430.0 << 405.0 << 0.0833 << 0.07 << 0.02 << 0.20 << "theta" << -31.1924;
    // The rho example: call, one year; rho per 1.00 of rate.
    QTest::newRow("Haug rho call")
        << true << 72.0 << 75.0 << 1.0 << 0.09 << 0.09 << 0.19 << "rho" << 38.7325;
}

void TestBlackScholes::publishedValues()
{
    QFETCH(bool, call);
    QFETCH(double, spot);
    QFETCH(double, strike);
    QFETCH(double, years);
    QFETCH(double, rate);
    QFETCH(double, carry);
    QFETCH(double, vol);
    QFETCH(QString, what);
    QFETCH(double, expected);
    const BsmInputs in{
        call ? OptionRight::Call : OptionRight::Put, spot, strike, years, vol, rate, rate - carry};
    const Greeks g = bsmGreeks(in);
    double value = 0;
    if (what == "price")
        value = g.price;
    else if (what == "delta")
        value = g.delta;
    else if (what == "gamma")
        value = g.gamma;
    else if (what == "theta")
        value = g.theta * 365.0; // per day -> per year
    else if (what == "rho")
        value = g.rho * 100.0; // per point -> per 1.00
    QVERIFY2(std::abs(value - expected) <= 0.5e-4,
             (describe(in) + " " + what.toStdString() + number("value", value) +
              number("expected", expected))
                 .c_str());
    QCOMPARE(bsmPrice(in), g.price);
    QCOMPARE(bsmDelta(in), g.delta);
}

void TestBlackScholes::matchesQuantLibOnRandomOptions()
{
    Draw draw(0x5eed0001);
    constexpr int kCases = 20000;
    double worst = 0;
    for (int i = 0; i < kCases; ++i) {
        const BsmInputs in = randomOption(draw, i % 2 == 0);
        const auto reference = quantlib::europeanPrice(in);
        QVERIFY2(reference.ok(), describe(in).c_str());
        const Greeks ours = bsmGreeks(in);
        const std::string failure =
            compareFirstOrder(in, ours, reference.value(), 32.0, "quantlib", &worst);
        QVERIFY2(failure.empty(), failure.c_str());
    }
    qInfo("%d options; worst difference / tolerance %.3g", kCases, worst);
}

void TestBlackScholes::matchesQuantLibAtTheEdges_data()
{
    QTest::addColumn<double>("spot");
    QTest::addColumn<double>("strike");
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("vol");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("yield");
    constexpr double kMinute = 1.0 / (365.0 * 1440.0);
    QTest::newRow("one minute ATM") << 100.0 << 100.0 << kMinute << 0.2 << 0.04 << 0.01;
    QTest::newRow("one minute OTM") << 100.0 << 100.05 << kMinute << 0.2 << 0.04 << 0.01;
    QTest::newRow("one second") << 250.0 << 250.01 << kMinute / 60 << 0.3 << 0.04 << 0.01;
    QTest::newRow("five minutes 1% vol") << 100.0 << 100.001 << 5 * kMinute << 0.01 << 0.04 << 0.0;
    QTest::newRow("vol 1% year") << 100.0 << 103.0 << 1.0 << 0.01 << 0.03 << 0.0;
    QTest::newRow("vol 500% year") << 100.0 << 150.0 << 1.0 << 5.0 << 0.03 << 0.01;
    QTest::newRow("vol 500% three years") << 100.0 << 10.0 << 3.0 << 5.0 << 0.03 << 0.01;
    QTest::newRow("zero rates") << 100.0 << 90.0 << 0.5 << 0.25 << 0.0 << 0.0;
    QTest::newRow("negative rates") << 100.0 << 110.0 << 2.0 << 0.25 << -0.02 << -0.01;
    QTest::newRow("rate below yield") << 50.0 << 48.0 << 1.0 << 0.3 << 0.01 << 0.08;
    QTest::newRow("deep ITM call") << 5000.0 << 1000.0 << 0.25 << 0.2 << 0.05 << 0.0;
    QTest::newRow("deep OTM call") << 1000.0 << 5000.0 << 0.25 << 0.2 << 0.05 << 0.0;
    QTest::newRow("penny spot") << 1.0 << 1.5 << 0.1 << 1.0 << 0.05 << 0.0;
}

void TestBlackScholes::matchesQuantLibAtTheEdges()
{
    QFETCH(double, spot);
    QFETCH(double, strike);
    QFETCH(double, years);
    QFETCH(double, vol);
    QFETCH(double, rate);
    QFETCH(double, yield);
    for (auto right : {OptionRight::Call, OptionRight::Put}) {
        const BsmInputs in{right, spot, strike, years, vol, rate, yield};
        const auto reference = quantlib::europeanPrice(in);
        QVERIFY2(reference.ok(), describe(in).c_str());
        const std::string failure =
            compareFirstOrder(in, bsmGreeks(in), reference.value(), 32.0, "quantlib", nullptr);
        QVERIFY2(failure.empty(), failure.c_str());
    }
}

void TestBlackScholes::putCallParity()
{
    // C - P = S e^{-qT} - K e^{-rT}, to the rounding of the larger of the two terms.
    Draw draw(0x5eed0002);
    for (int i = 0; i < 2000; ++i) {
        BsmInputs in = randomOption(draw, true);
        in.right = OptionRight::Call;
        const Greeks call = bsmGreeks(in);
        in.right = OptionRight::Put;
        const Greeks put = bsmGreeks(in);
        const double spotQ = in.spot * std::exp(-in.dividendYield * in.years);
        const double strikeR = in.strike * std::exp(-in.rate * in.years);
        const double scale = spotQ + strikeR;
        QVERIFY2(std::abs(call.price - put.price - (spotQ - strikeR)) <= 16 * kEps * scale,
                 (describe(in) + number("call", call.price) + number("put", put.price)).c_str());
        const double dfQ = std::exp(-in.dividendYield * in.years);
        QVERIFY2(std::abs(call.delta - put.delta - dfQ) <= 16 * kEps,
                 (describe(in) + number("call delta", call.delta) + number("put delta", put.delta))
                     .c_str());
        QVERIFY2(std::abs(call.gamma - put.gamma) <= 16 * kEps * call.gamma, describe(in).c_str());
        QVERIFY2(std::abs(call.vega - put.vega) <= 16 * kEps * call.vega, describe(in).c_str());
    }
}

void TestBlackScholes::greeksMatchFiniteDifferences()
{
    const double h = 1e-3;
    for (auto right : {OptionRight::Call, OptionRight::Put}) {
        for (double strike : {80.0, 100.0, 125.0}) {
            const BsmInputs in{right, 100.0, strike, 30.0 / 365, 0.28, 0.04, 0.01};
            const Greeks g = bsmGreeks(in);
            auto priceWith = [&](auto change) {
                BsmInputs x = in;
                change(x);
                return bsmPrice(x);
            };
            const double delta = (priceWith([&](BsmInputs &x) { x.spot += h; }) -
                                  priceWith([&](BsmInputs &x) { x.spot -= h; })) /
                                 (2 * h);
            const double vega = (priceWith([&](BsmInputs &x) { x.vol += 1e-5; }) -
                                 priceWith([&](BsmInputs &x) { x.vol -= 1e-5; })) /
                                2e-5 * 0.01;
            const double theta = (priceWith([&](BsmInputs &x) { x.years -= 1e-5; }) -
                                  priceWith([&](BsmInputs &x) { x.years += 1e-5; })) /
                                 2e-5 / 365;
            const double rho = (priceWith([&](BsmInputs &x) { x.rate += 1e-6; }) -
                                priceWith([&](BsmInputs &x) { x.rate -= 1e-6; })) /
                               2e-6 * 0.01;
            auto check = [&](const char *name, double ours, double numeric) {
                const double tolerance = 1e-6 + 1e-5 * std::abs(numeric);
                QVERIFY2(std::abs(ours - numeric) <= tolerance,
                         (describe(in) + " " + name + number("analytic", ours) +
                          number("numeric", numeric))
                             .c_str());
            };
            check("delta", g.delta, delta);
            check("vega", g.vega, vega);
            check("theta", g.theta, theta);
            check("rho", g.rho, rho);
        }
    }
}

void TestBlackScholes::secondOrderGreeksMatchFiniteDifferences()
{
    // vanna = d delta / d vol point, charm = d delta / d calendar day (time passing),
    // vomma = d vega / d vol point, speed = d gamma / d spot: Richardson-extrapolated central
    // differences of the first-order Greeks (truncation O(h^4)), with steps that move d1 and d2
    // by about 1e-3, on options where that is well conditioned (|d1|, |d2| <= 4, a day or more).
    Draw draw(0x5eed0003);
    int checked = 0;
    while (checked < 2000) {
        const BsmInputs in = randomOption(draw, true);
        const double stdDev = in.vol * std::sqrt(in.years);
        const double d1 =
            (std::log(in.spot / in.strike) + (in.rate - in.dividendYield) * in.years) / stdDev +
            0.5 * stdDev;
        const double d2 = d1 - stdDev;
        if (std::abs(d1) > 4 || std::abs(d2) > 4 || in.years < 1.0 / 365)
            continue;
        ++checked;
        const Greeks g = bsmGreeks(in);
        const double reach = std::max({std::abs(d1), std::abs(d2), 1.0});
        auto derivative = [&](auto change, auto pick, double h) {
            auto central = [&](double step) {
                BsmInputs up = in;
                BsmInputs down = in;
                change(up, step);
                change(down, -step);
                return (pick(bsmGreeks(up)) - pick(bsmGreeks(down))) / (2 * step);
            };
            return (4 * central(h / 2) - central(h)) / 3;
        };
        const double hSpot = 1e-3 * in.spot * stdDev;
        const double hVol = 1e-3 * in.vol / reach;
        const double hYears = 1e-3 * in.years / reach;
        auto spot = [](BsmInputs &x, double h) { x.spot += h; };
        auto vol = [](BsmInputs &x, double h) { x.vol += h; };
        auto years = [](BsmInputs &x, double h) { x.years -= h; }; // time passing
        const double vanna = derivative(
                                 vol, [](const Greeks &x) { return x.delta; }, hVol) *
                             0.01;
        const double vomma = derivative(
                                 vol, [](const Greeks &x) { return x.vega; }, hVol) *
                             0.01;
        const double charm = derivative(
                                 years, [](const Greeks &x) { return x.delta; }, hYears) /
                             365.0;
        const double speed = derivative(
            spot, [](const Greeks &x) { return x.gamma; }, hSpot);
        // Floors where a second-order Greek crosses zero: the sizes of its terms.
        const double dfQ = std::exp(-in.dividendYield * in.years);
        const double density = dfQ * std::exp(-0.5 * d1 * d1) * 0.3989422804014327;
        const double vannaSize = density * (1 + std::abs(d2)) / in.vol * 0.01;
        const double vommaSize = g.vega * (1 + d1 * d1 + d2 * d2) / in.vol * 0.01;
        const double charmSize = (density * (std::abs(in.rate - in.dividendYield) / stdDev +
                                             (1 + std::abs(d2)) / in.years) +
                                  std::abs(in.dividendYield) * dfQ) /
                                 365.0;
        const double speedSize = g.gamma * (1 + std::abs(d1)) / (in.spot * stdDev);
        auto check = [&](const char *name, double ours, double numeric, double size) {
            const double tolerance = 1e-6 * std::abs(numeric) + 1e-8 * size;
            QVERIFY2(std::abs(ours - numeric) <= tolerance,
                     (describe(in) + " " + name + number("analytic", ours) +
                      number("numeric", numeric) + number("tolerance", tolerance))
                         .c_str());
        };
        check("vanna", g.vanna, vanna, vannaSize);
        check("vomma", g.vomma, vomma, vommaSize);
        check("charm", g.charm, charm, charmSize);
        check("speed", g.speed, speed, speedSize);
    }
}

void TestBlackScholes::batchEqualsScalar()
{
    // Same arithmetic lane by lane; the scalar path's table-driven exp and log may differ from
    // the vector ones by an ulp, which moves results by the rounding units of
    // closedFormTolerances. An odd count exercises the padded last group; a few invalid and
    // limit options sit among regular ones.
    Draw draw(0x5eed0004);
    constexpr std::size_t kCount = 10007;
    std::vector<BsmInputs> inputs;
    for (std::size_t i = 0; i < kCount; ++i)
        inputs.push_back(randomOption(draw, i % 3 != 0));
    inputs[5].years = 0;
    inputs[17].vol = 0;
    inputs[40].spot = kNaN;
    inputs[41].vol = -0.2;
    inputs[kCount - 1].years = -1.0;
    std::vector<OptionRight> right;
    std::vector<double> spot, strike, years, vol, rate, yield;
    for (const BsmInputs &in : inputs) {
        right.push_back(in.right);
        spot.push_back(in.spot);
        strike.push_back(in.strike);
        years.push_back(in.years);
        vol.push_back(in.vol);
        rate.push_back(in.rate);
        yield.push_back(in.dividendYield);
    }
    const BsmBatch batch{kCount,       right.data(), spot.data(), strike.data(),
                         years.data(), vol.data(),   rate.data(), yield.data()};
    std::vector<double> out[10];
    for (auto &column : out)
        column.assign(kCount, -1.0);
    const GreeksBatch all{out[0].data(), out[1].data(), out[2].data(), out[3].data(),
                          out[4].data(), out[5].data(), out[6].data(), out[7].data(),
                          out[8].data(), out[9].data()};
    bsmGreeksBatch(batch, all);
    // Price only: the other columns stay untouched.
    std::vector<double> priceOnly(kCount, -1.0);
    GreeksBatch onlyPrice;
    onlyPrice.price = priceOnly.data();
    bsmGreeksBatch(batch, onlyPrice);
    double worst = 0;
    for (std::size_t i = 0; i < kCount; ++i) {
        const BsmInputs &in = inputs[i];
        const Greeks scalar = bsmGreeks(in);
        const Greeks batched{out[0][i], out[1][i], out[2][i], out[3][i], out[4][i],
                             out[5][i], out[6][i], out[7][i], out[8][i], out[9][i]};
        QVERIFY2(sameOrBothNaN(priceOnly[i], batched.price),
                 (describe(in) + number("price only", priceOnly[i]) +
                  number("with Greeks", batched.price))
                     .c_str());
        if (std::isnan(scalar.price)) {
            for (int c = 0; c < 10; ++c)
                QVERIFY2(std::isnan(out[c][i]), describe(in).c_str());
            continue;
        }
        if (!(in.years > 0) || !(in.vol > 0)) {
            QVERIFY2(scalar.price == batched.price && scalar.delta == batched.delta &&
                         scalar.theta == batched.theta && scalar.rho == batched.rho &&
                         scalar.charm == batched.charm,
                     describe(in).c_str());
            continue;
        }
        const std::string failure = compareFirstOrder(in, batched, scalar, 8.0, "scalar", &worst);
        QVERIFY2(failure.empty(), failure.c_str());
        const std::string second = compareSecondOrder(in, batched, scalar, 8.0);
        QVERIFY2(second.empty(), second.c_str());
    }
    qInfo("%zu options; worst difference / tolerance %.3g", kCount, worst);
}

void TestBlackScholes::baselineAndAvx2BuildsAgree()
{
    // The same closed forms compiled for x86-64 (SSE2, no fused multiply-add) and AVX2+FMA:
    // equal up to their rounding, scalar and batched.
    if (!simd::cpuHasAvx2Fma())
        QSKIP("this CPU has no AVX2+FMA: only the baseline build runs");
    const simd::Kernels &baseline = simd::kernels(simd::Isa::Baseline);
    const simd::Kernels &avx2 = simd::kernels(simd::Isa::Avx2);
    Draw draw(0x5eed0005);
    constexpr std::size_t kCount = 10001;
    std::vector<BsmInputs> inputs;
    std::vector<OptionRight> right;
    std::vector<double> spot, strike, years, vol, rate, yield;
    for (std::size_t i = 0; i < kCount; ++i) {
        const BsmInputs in = randomOption(draw, i % 2 == 0);
        inputs.push_back(in);
        right.push_back(in.right);
        spot.push_back(in.spot);
        strike.push_back(in.strike);
        years.push_back(in.years);
        vol.push_back(in.vol);
        rate.push_back(in.rate);
        yield.push_back(in.dividendYield);
    }
    const BsmBatch batch{kCount,       right.data(), spot.data(), strike.data(),
                         years.data(), vol.data(),   rate.data(), yield.data()};
    std::vector<double> a[10];
    std::vector<double> b[10];
    for (int c = 0; c < 10; ++c) {
        a[c].resize(kCount);
        b[c].resize(kCount);
    }
    auto columns = [](std::vector<double>(&v)[10]) {
        return GreeksBatch{v[0].data(), v[1].data(), v[2].data(), v[3].data(), v[4].data(),
                           v[5].data(), v[6].data(), v[7].data(), v[8].data(), v[9].data()};
    };
    baseline.batch(batch, columns(a));
    avx2.batch(batch, columns(b));
    double worst = 0;
    for (std::size_t i = 0; i < kCount; ++i) {
        const BsmInputs &in = inputs[i];
        const Greeks scalarBaseline = baseline.greeks(in);
        const Greeks scalarAvx2 = avx2.greeks(in);
        const Greeks batchBaseline{a[0][i], a[1][i], a[2][i], a[3][i], a[4][i],
                                   a[5][i], a[6][i], a[7][i], a[8][i], a[9][i]};
        const Greeks batchAvx2{b[0][i], b[1][i], b[2][i], b[3][i], b[4][i],
                               b[5][i], b[6][i], b[7][i], b[8][i], b[9][i]};
        for (const auto &[ours, reference] :
             {std::pair{scalarAvx2, scalarBaseline}, std::pair{batchAvx2, batchBaseline},
              std::pair{batchBaseline, scalarBaseline}}) {
            const std::string first = compareFirstOrder(in, ours, reference, 8.0, "other", &worst);
            QVERIFY2(first.empty(), first.c_str());
            const std::string second = compareSecondOrder(in, ours, reference, 8.0);
            QVERIFY2(second.empty(), second.c_str());
        }
    }
    qInfo("%zu options; worst difference / tolerance %.3g", kCount, worst);
}

void TestBlackScholes::deepInAndOutOfTheMoney()
{
    // Strikes 20 to 60 standard deviations away: finite prices equal to the discounted
    // intrinsic value of the forward (or 0), delta 0 or +-e^{-qT}, no NaN or infinity.
    for (auto right : {OptionRight::Call, OptionRight::Put}) {
        for (double z : {-60.0, -40.0, -20.0, 20.0, 40.0, 60.0}) {
            for (double years : {1.0 / (365 * 1440), 7.0 / 365, 2.0}) {
                const double vol = 0.3;
                const double spot = 100.0;
                const double strike = spot * std::exp(z * vol * std::sqrt(years));
                const BsmInputs in{right, spot, strike, years, vol, 0.05, 0.02};
                const Greeks g = bsmGreeks(in);
                const double spotQ = spot * std::exp(-0.02 * years);
                const double strikeR = strike * std::exp(-0.05 * years);
                const double sign = right == OptionRight::Call ? 1.0 : -1.0;
                const double intrinsic = std::max(sign * (spotQ - strikeR), 0.0);
                const double scale = spotQ + strikeR;
                for (double v : {g.price, g.delta, g.gamma, g.theta, g.vega, g.rho, g.vanna,
                                 g.charm, g.vomma, g.speed})
                    QVERIFY2(std::isfinite(v), describe(in).c_str());
                QVERIFY2(std::abs(g.price - intrinsic) <= 16 * kEps * scale,
                         (describe(in) + number("price", g.price) + number("intrinsic", intrinsic))
                             .c_str());
                const double expectedDelta = intrinsic > 0 ? sign * std::exp(-0.02 * years) : 0;
                QVERIFY2(std::abs(g.delta - expectedDelta) <= 16 * kEps,
                         (describe(in) + number("delta", g.delta)).c_str());
                QVERIFY2(g.gamma >= 0 && g.gamma < 1e-30, describe(in).c_str());
                QVERIFY2(g.vega >= 0 && g.vega < 1e-30, describe(in).c_str());
                QVERIFY2(g.price >= 0, describe(in).c_str());
            }
        }
    }
}

void TestBlackScholes::expiredAndZeroVolatility()
{
    // At or past expiry: the intrinsic value, delta 0 or +-1, every other Greek 0.
    for (double years : {0.0, -1.0 / 365}) {
        const BsmInputs call{OptionRight::Call, 101.0, 100.0, years, 0.3, 0.05, 0.01};
        const Greeks c = bsmGreeks(call);
        QCOMPARE(c.price, 1.0);
        QCOMPARE(c.delta, 1.0);
        QCOMPARE(bsmPrice(call), 1.0);
        QCOMPARE(bsmDelta(call), 1.0);
        for (double v : {c.gamma, c.theta, c.vega, c.rho, c.vanna, c.charm, c.vomma, c.speed})
            QCOMPARE(v, 0.0);
        const BsmInputs put{OptionRight::Put, 101.0, 100.0, years, 0.3, 0.05, 0.01};
        const Greeks p = bsmGreeks(put);
        QCOMPARE(p.price, 0.0);
        QCOMPARE(p.delta, 0.0);
        const BsmInputs atTheMoney{OptionRight::Call, 100.0, 100.0, years, 0.3, 0.05, 0.01};
        QCOMPARE(bsmGreeks(atTheMoney).price, 0.0);
        QCOMPARE(bsmGreeks(atTheMoney).delta, 0.0);
    }
    // Zero vol with time left: the discounted intrinsic value of the forward; theta, rho and
    // charm are those of that value as time passes.
    const double years = 0.5;
    const BsmInputs call{OptionRight::Call, 100.0, 95.0, years, 0.0, 0.05, 0.02};
    const Greeks c = bsmGreeks(call);
    const double spotQ = 100.0 * std::exp(-0.02 * years);
    const double strikeR = 95.0 * std::exp(-0.05 * years);
    QVERIFY(std::abs(c.price - (spotQ - strikeR)) <= 8 * kEps * 100);
    QVERIFY(std::abs(c.delta - std::exp(-0.02 * years)) <= 4 * kEps);
    QVERIFY(std::abs(c.theta - (0.02 * spotQ - 0.05 * strikeR) / 365) <= 8 * kEps);
    QVERIFY(std::abs(c.rho - strikeR * years * 0.01) <= 8 * kEps);
    QVERIFY(std::abs(c.charm - 0.02 * std::exp(-0.02 * years) / 365) <= 8 * kEps);
    QCOMPARE(c.gamma, 0.0);
    QCOMPARE(c.vega, 0.0);
    const BsmInputs put{OptionRight::Put, 100.0, 95.0, years, 0.0, 0.05, 0.02};
    QCOMPARE(bsmGreeks(put).price, 0.0);
    QCOMPARE(bsmGreeks(put).delta, 0.0);
    // Vanishing but positive vol approaches the same limit.
    BsmInputs tiny = call;
    tiny.vol = 1e-12;
    QVERIFY(std::abs(bsmPrice(tiny) - c.price) <= 8 * kEps * 100);
}

void TestBlackScholes::zeroSpotOrStrike()
{
    // Valid limits: a worthless underlying leaves the put worth K e^{-rT}; a zero strike makes
    // the call worth S e^{-qT}.
    const BsmInputs put{OptionRight::Put, 0.0, 100.0, 1.0, 0.3, 0.05, 0.01};
    QVERIFY(std::abs(bsmPrice(put) - 100.0 * std::exp(-0.05)) <= 8 * kEps * 100);
    const BsmInputs call{OptionRight::Call, 0.0, 100.0, 1.0, 0.3, 0.05, 0.01};
    QCOMPARE(bsmPrice(call), 0.0);
    const BsmInputs free{OptionRight::Call, 100.0, 0.0, 1.0, 0.3, 0.05, 0.01};
    QVERIFY(std::abs(bsmPrice(free) - 100.0 * std::exp(-0.01)) <= 8 * kEps * 100);
}

void TestBlackScholes::invalidInputsGiveNaN()
{
    const double inf = std::numeric_limits<double>::infinity();
    const BsmInputs good{OptionRight::Call, 100.0, 100.0, 0.5, 0.3, 0.05, 0.01};
    std::vector<BsmInputs> bad;
    auto add = [&](auto change) {
        BsmInputs in = good;
        change(in);
        bad.push_back(in);
    };
    add([&](BsmInputs &in) { in.spot = kNaN; });
    add([&](BsmInputs &in) { in.spot = -1.0; });
    add([&](BsmInputs &in) { in.spot = inf; });
    add([&](BsmInputs &in) { in.strike = -100.0; });
    add([&](BsmInputs &in) { in.strike = kNaN; });
    add([&](BsmInputs &in) { in.strike = inf; });
    add([&](BsmInputs &in) { in.years = kNaN; });
    add([&](BsmInputs &in) { in.years = inf; });
    add([&](BsmInputs &in) { in.vol = -0.01; });
    add([&](BsmInputs &in) { in.vol = kNaN; });
    add([&](BsmInputs &in) { in.vol = inf; });
    add([&](BsmInputs &in) { in.rate = kNaN; });
    add([&](BsmInputs &in) { in.rate = -inf; });
    add([&](BsmInputs &in) { in.dividendYield = kNaN; });
    add([&](BsmInputs &in) { in.dividendYield = inf; });
    for (BsmInputs in : bad) {
        for (auto right : {OptionRight::Call, OptionRight::Put}) {
            in.right = right;
            const Greeks g = bsmGreeks(in);
            for (double v : {g.price, g.delta, g.gamma, g.theta, g.vega, g.rho, g.vanna, g.charm,
                             g.vomma, g.speed})
                QVERIFY2(std::isnan(v), describe(in).c_str());
            QVERIFY2(std::isnan(bsmPrice(in)), describe(in).c_str());
            QVERIFY2(std::isnan(bsmDelta(in)), describe(in).c_str());
        }
    }
    // In a batch, invalid lanes are NaN and their neighbours are unaffected.
    std::vector<BsmInputs> mixed;
    for (const BsmInputs &in : bad) {
        mixed.push_back(in);
        mixed.push_back(good);
    }
    const std::size_t n = mixed.size();
    std::vector<OptionRight> right(n);
    std::vector<double> spot(n), strike(n), years(n), vol(n), rate(n), yield(n), price(n), delta(n);
    for (std::size_t i = 0; i < n; ++i) {
        right[i] = mixed[i].right;
        spot[i] = mixed[i].spot;
        strike[i] = mixed[i].strike;
        years[i] = mixed[i].years;
        vol[i] = mixed[i].vol;
        rate[i] = mixed[i].rate;
        yield[i] = mixed[i].dividendYield;
    }
    GreeksBatch out;
    out.price = price.data();
    out.delta = delta.data();
    bsmGreeksBatch({n, right.data(), spot.data(), strike.data(), years.data(), vol.data(),
                    rate.data(), yield.data()},
                   out);
    const Greeks expected = bsmGreeks(good);
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 2 == 0) {
            QVERIFY2(std::isnan(price[i]) && std::isnan(delta[i]), describe(mixed[i]).c_str());
        } else {
            const Tolerances t = closedFormTolerances(good, expected, 4.0);
            QVERIFY(std::abs(price[i] - expected.price) <= t.price);
            QVERIFY(std::abs(delta[i] - expected.delta) <= t.delta);
        }
    }
}

QTEST_GUILESS_MAIN(TestBlackScholes)
#include "tst_blackscholes.moc"
