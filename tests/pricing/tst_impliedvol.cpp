// Implied volatility: QuantLib's Brent solver on random options, round trips to machine
// precision, the grid of docs/PERFORMANCE.md without a failure, typed errors outside the bounds
// and the batch against the scalar call.
//
// Round trips are measured where the price determines the volatility to double precision: the
// time value (the price of the out-of-the-money option) is repriced through the normalised Black
// function of Let's Be Rational, which is accurate to a few ulps everywhere. Repricing through
// bsmPrice() instead adds bsmPrice's own rounding, S e^{-qT} Phi(d1) - K e^{-rT} Phi(d2) losing
// digits to cancellation when vol sqrt(T) is tiny; that path is checked against its own bound.
// Random inputs come from a seeded std::mt19937_64; a failure prints every input with %.17g.
#include "pricing/impliedvol.h"
#include "pricing/letsberational.h"
#include "pricing/quantlibreference.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace mag7;
using namespace mag7::pricing;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr double kMinute = 1.0 / (365.0 * 1440.0);

std::string describe(const BsmInputs &in, double price)
{
    char text[320];
    std::snprintf(text, sizeof text,
                  "%s S=%.17g K=%.17g T=%.17g vol=%.17g r=%.17g q=%.17g price=%.17g",
                  in.right == OptionRight::Call ? "call" : "put", in.spot, in.strike, in.years,
                  in.vol, in.rate, in.dividendYield, price);
    return text;
}

std::string number(const char *label, double value)
{
    char text[96];
    std::snprintf(text, sizeof text, " %s=%.17g", label, value);
    return text;
}

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

// Discounted spot and strike, and the normalised coordinates of impliedvol.cpp.
struct Forward {
    double spotQ, strikeR, x;
};

Forward forwardOf(const BsmInputs &in)
{
    const double spotQ = in.spot * std::exp(-in.dividendYield * in.years);
    const double strikeR = in.strike * std::exp(-in.rate * in.years);
    return {spotQ, strikeR, std::log(spotQ / strikeR)};
}

bool outOfTheMoney(const BsmInputs &in)
{
    const Forward f = forwardOf(in);
    return in.right == OptionRight::Call ? f.strikeR > f.spotQ : f.strikeR < f.spotQ;
}

// The price at `vol` through the normalised Black function (accurate to a few ulps relative).
double exactPrice(const BsmInputs &in, double vol)
{
    const Forward f = forwardOf(in);
    return std::sqrt(f.spotQ * f.strikeR) *
           lbr::normalisedBlack(f.x, vol * std::sqrt(in.years),
                                in.right == OptionRight::Call ? 1.0 : -1.0);
}

// d price / d vol of the option, for the conditioning of the inverse.
double vegaPerUnitVol(const BsmInputs &in, double vol)
{
    const Forward f = forwardOf(in);
    const double s = vol * std::sqrt(in.years);
    return std::sqrt(f.spotQ * f.strikeR) * lbr::normalisedVega(f.x, s) * std::sqrt(in.years);
}

// Random options with strikes within +-6 standard deviations of the forward.
BsmInputs randomOption(Draw &draw)
{
    BsmInputs in;
    in.right = draw.coin() ? OptionRight::Call : OptionRight::Put;
    in.spot = draw.logUniform(1.0, 5000.0);
    in.years = draw.logUniform(kMinute, 3.0);
    in.vol = draw.logUniform(0.01, 5.0);
    in.rate = draw.uniform(-0.02, 0.10);
    in.dividendYield = draw.uniform(-0.01, 0.08);
    const double forward = in.spot * std::exp((in.rate - in.dividendYield) * in.years);
    in.strike = forward * std::exp(draw.uniform(-6.0, 6.0) * in.vol * std::sqrt(in.years));
    return in;
}

} // namespace

class TestImpliedVol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesQuantLib();
    void roundTripsToMachinePrecision();
    void roundTripsThroughBsmPrice();
    void performanceGridHasNoFailure();
    void boundsAreTypedErrors();
    void invalidInputs();
    void batchEqualsScalar();
};

void TestImpliedVol::matchesQuantLib()
{
    // QuantLib's Brent stops within 1e-12 of the root in vol sqrt(T) (the variable it solves
    // for, see quantlibeuropean.cpp); where the price barely moves with the vol, both solvers
    // only know the vol to the price's rounding divided by vega.
    Draw draw(0x1b0001);
    constexpr int kCases = 12000;
    double worstScaled = 0;
    int quantLibCannot = 0;
    for (int i = 0; i < kCases; ++i) {
        const BsmInputs in = randomOption(draw);
        const double price = bsmPrice(in);
        const IvResult ours = impliedVolatility(price, in);
        const auto reference = quantlib::europeanImpliedVolatility(price, in);
        if (!ours.ok()) {
            // Only options whose time value is lost in the price's rounding.
            QVERIFY2(!outOfTheMoney(in) && (ours.error == IvError::NoTimeValue ||
                                            ours.error == IvError::AboveUpperBound),
                     (describe(in, price) + " " + ivErrorMessage(ours.error)).c_str());
            continue;
        }
        if (!reference.ok()) {
            // QuantLib cannot bracket a root only where its own price is off: far in a wing,
            // its Phi(-x) as 1 + erf(..) leaves prices below ~1e-15 S without digits.
            const auto qlPrice = quantlib::europeanPrice(in);
            QVERIFY2(qlPrice.ok() && std::abs(qlPrice.value().price - price) > 1e-6 * price,
                     (describe(in, price) + " QuantLib: " + reference.message()).c_str());
            ++quantLibCannot;
            continue;
        }
        const double sqrtT = std::sqrt(in.years);
        const Forward f = forwardOf(in);
        const double noise = 4 * kEps * (price + f.spotQ + f.strikeR);
        const double conditioning = noise / std::max(vegaPerUnitVol(in, ours.vol), 1e-300);
        const double tolerance = 2e-12 + 4 * kEps * ours.vol * sqrtT + conditioning * sqrtT;
        const double scaledDifference = std::abs(ours.vol - reference.value()) * sqrtT;
        worstScaled = std::max(worstScaled, scaledDifference / tolerance);
        QVERIFY2(scaledDifference <= tolerance,
                 (describe(in, price) + number("ours", ours.vol) +
                  number("quantlib", reference.value()) + number("tolerance", tolerance / sqrtT))
                     .c_str());
    }
    QVERIFY(quantLibCannot < kCases / 100);
    qInfo("%d options (%d where QuantLib's own price has no digits left); worst |ours - "
          "QuantLib| sqrt(T) / tolerance %.3g",
          kCases, quantLibCannot, worstScaled);
}

void TestImpliedVol::roundTripsToMachinePrecision()
{
    // Out-of-the-money prices (every price's time value): price -> vol -> price within 1e-12
    // relative, and the vol within its conditioning of the true one.
    Draw draw(0x1b0002);
    constexpr int kCases = 20000;
    double worstPrice = 0;
    int solved = 0;
    for (int i = 0; i < kCases; ++i) {
        BsmInputs in = randomOption(draw);
        if (!outOfTheMoney(in))
            in.right = in.right == OptionRight::Call ? OptionRight::Put : OptionRight::Call;
        const double price = exactPrice(in, in.vol);
        if (!(price > std::numeric_limits<double>::min()))
            continue; // underflows: no price to invert
        const IvResult iv = impliedVolatility(price, in);
        QVERIFY2(iv.ok(), (describe(in, price) + " " + ivErrorMessage(iv.error)).c_str());
        const double back = exactPrice(in, iv.vol);
        const double relative = std::abs(back - price) / price;
        worstPrice = std::max(worstPrice, relative);
        QVERIFY2(relative <= 1e-12,
                 (describe(in, price) + number("iv", iv.vol) + number("repriced", back)).c_str());
        // The vol: the price's relative rounding over its elasticity in the vol. The rounding
        // includes that of x = ln(F/K) (a few eps absolute; the test and impliedVolatility
        // round the discount factors differently), which moves ln(price) by |x|/s^2 per unit.
        const double elasticity = vegaPerUnitVol(in, in.vol) * in.vol / price;
        const double s = in.vol * std::sqrt(in.years);
        const double xSensitivity = 1 + std::abs(forwardOf(in).x) / (s * s);
        const double volTolerance = in.vol * kEps * (16 + 8 * xSensitivity / elasticity);
        QVERIFY2(std::abs(iv.vol - in.vol) <= volTolerance,
                 (describe(in, price) + number("iv", iv.vol) + number("tolerance", volTolerance))
                     .c_str());
        ++solved;
    }
    QVERIFY(solved > kCases * 9 / 10);
    qInfo("%d round trips; worst relative price error %.3g", solved, worstPrice);
}

void TestImpliedVol::roundTripsThroughBsmPrice()
{
    // price = bsmPrice(vol) -> iv -> bsmPrice(iv): in or out of the money, within 1e-12 of the
    // price plus bsmPrice's rounding, a few eps of S e^{-qT} + K e^{-rT} (the size of the terms
    // it subtracts).
    Draw draw(0x1b0003);
    constexpr int kCases = 10000;
    int solved = 0;
    double worst = 0;
    for (int i = 0; i < kCases; ++i) {
        BsmInputs in = randomOption(draw);
        const double price = bsmPrice(in);
        const IvResult iv = impliedVolatility(price, in);
        if (!iv.ok()) {
            QVERIFY2(!outOfTheMoney(in),
                     (describe(in, price) + " " + ivErrorMessage(iv.error)).c_str());
            continue;
        }
        BsmInputs back = in;
        back.vol = iv.vol;
        const double repriced = bsmPrice(back);
        const Forward f = forwardOf(in);
        const double tolerance = 1e-12 * price + 8 * kEps * (f.spotQ + f.strikeR);
        worst = std::max(worst, std::abs(repriced - price) / tolerance);
        QVERIFY2(
            std::abs(repriced - price) <= tolerance,
            (describe(in, price) + number("iv", iv.vol) + number("repriced", repriced)).c_str());
        ++solved;
    }
    QVERIFY(solved > kCases * 9 / 10);
    qInfo("%d round trips; worst error / tolerance %.3g", solved, worst);
}

void TestImpliedVol::performanceGridHasNoFailure()
{
    // docs/PERFORMANCE.md: strikes at -6..+6 standard deviations from the forward, 5 minutes
    // to 2 years, vol 1% to 500%, calls and puts, positive and negative rates. Every
    // out-of-the-money option solves and reprices within 1e-12; an in-the-money one solves
    // whenever its time value stands above the rounding of its intrinsic value (otherwise it
    // is a typed NoTimeValue or AboveUpperBound), repricing within 1e-12 of its price plus
    // that rounding.
    const double minutes[] = {5.0,         60.0,         390.0,        1440.0,      7 * 1440.0,
                              30 * 1440.0, 182 * 1440.0, 365 * 1440.0, 730 * 1440.0};
    const double vols[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 1.0, 2.0, 3.5, 5.0};
    const double rates[][2] = {{0.04, 0.01}, {-0.01, 0.03}, {0.0, 0.0}};
    int solved = 0;
    int noTimeValue = 0;
    double worstOtm = 0;
    for (const auto &rq : rates) {
        for (double m : minutes) {
            for (double vol : vols) {
                for (int step = -24; step <= 24; ++step) {
                    const double z = step * 0.25;
                    const double years = m * kMinute;
                    const double spot = 100.0;
                    const double forward = spot * std::exp((rq[0] - rq[1]) * years);
                    const double strike = forward * std::exp(z * vol * std::sqrt(years));
                    for (auto right : {OptionRight::Call, OptionRight::Put}) {
                        const BsmInputs in{right, spot, strike, years, vol, rq[0], rq[1]};
                        const bool otm = outOfTheMoney(in);
                        const double price = otm ? exactPrice(in, vol) : bsmPrice(in);
                        const IvResult iv = impliedVolatility(price, in);
                        const Forward f = forwardOf(in);
                        if (!otm && !iv.ok()) {
                            const double intrinsic = std::abs(f.spotQ - f.strikeR);
                            QVERIFY2(
                                (iv.error == IvError::NoTimeValue ||
                                 iv.error == IvError::AboveUpperBound) &&
                                    price - intrinsic <= 64 * kEps * std::max(f.spotQ, f.strikeR),
                                (describe(in, price) + " " + ivErrorMessage(iv.error)).c_str());
                            ++noTimeValue;
                            continue;
                        }
                        QVERIFY2(iv.ok(),
                                 (describe(in, price) + " " + ivErrorMessage(iv.error)).c_str());
                        const double back = exactPrice(in, iv.vol);
                        const double error = std::abs(back - price);
                        if (otm) {
                            worstOtm = std::max(worstOtm, error / price);
                            QVERIFY2(error <= 1e-12 * price,
                                     (describe(in, price) + number("iv", iv.vol) +
                                      number("repriced", back))
                                         .c_str());
                        } else {
                            QVERIFY2(error <= 1e-12 * price + 8 * kEps * (f.spotQ + f.strikeR),
                                     (describe(in, price) + number("iv", iv.vol) +
                                      number("repriced", back))
                                         .c_str());
                        }
                        ++solved;
                    }
                }
            }
        }
    }
    QVERIFY(solved > 2500);
    qInfo("%d grid options solved, %d in the money without a representable time value; worst "
          "out-of-the-money round trip %.3g",
          solved, noTimeValue, worstOtm);
}

void TestImpliedVol::boundsAreTypedErrors()
{
    const BsmInputs call{OptionRight::Call, 100.0, 90.0, 30.0 / 365, 0.0, 0.0, 0.0};
    QCOMPARE(impliedVolatility(9.0, call).error, IvError::BelowIntrinsic);
    QCOMPARE(impliedVolatility(-0.01, call).error, IvError::BelowIntrinsic);
    QCOMPARE(impliedVolatility(10.0, call).error, IvError::NoTimeValue);
    QCOMPARE(impliedVolatility(100.0, call).error, IvError::AboveUpperBound);
    QCOMPARE(impliedVolatility(150.0, call).error, IvError::AboveUpperBound);
    QCOMPARE(impliedVolatility(10.5, call).error, IvError::None);
    // With rates: the bounds are discounted.
    const BsmInputs put{OptionRight::Put, 100.0, 110.0, 1.0, 0.0, 0.05, 0.02};
    const double spotQ = 100.0 * std::exp(-0.02);
    const double strikeR = 110.0 * std::exp(-0.05);
    QCOMPARE(impliedVolatility(strikeR - spotQ - 0.01, put).error, IvError::BelowIntrinsic);
    QCOMPARE(impliedVolatility(strikeR - spotQ, put).error, IvError::NoTimeValue);
    QCOMPARE(impliedVolatility(strikeR, put).error, IvError::AboveUpperBound);
    QCOMPARE(impliedVolatility(strikeR * (1 - 1e-9), put).error, IvError::None);
    // Out of the money, no time value at zero.
    const BsmInputs otm{OptionRight::Call, 100.0, 120.0, 0.25, 0.0, 0.03, 0.0};
    QCOMPARE(impliedVolatility(0.0, otm).error, IvError::NoTimeValue);
    // The vol is 0 whenever the error is set.
    QCOMPARE(impliedVolatility(9.0, call).vol, 0.0);
    QCOMPARE(QString(ivErrorMessage(IvError::None)), QString("ok"));
    QCOMPARE(QString(ivErrorMessage(IvError::InvalidInput)), QString("invalid input"));
    QCOMPARE(QString(ivErrorMessage(IvError::BelowIntrinsic)), QString("below intrinsic"));
    QCOMPARE(QString(ivErrorMessage(IvError::AboveUpperBound)), QString("above upper bound"));
    QCOMPARE(QString(ivErrorMessage(IvError::NoTimeValue)), QString("no time value"));
    QCOMPARE(QString(ivErrorMessage(IvError::NotConverged)), QString("not converged"));
}

void TestImpliedVol::invalidInputs()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const BsmInputs good{OptionRight::Call, 100.0, 100.0, 0.5, 0.0, 0.04, 0.01};
    QVERIFY(impliedVolatility(5.0, good).ok());
    QCOMPARE(impliedVolatility(nan, good).error, IvError::InvalidInput);
    QCOMPARE(impliedVolatility(inf, good).error, IvError::InvalidInput);
    auto with = [&](auto change) {
        BsmInputs in = good;
        change(in);
        return impliedVolatility(5.0, in).error;
    };
    QCOMPARE(with([](BsmInputs &in) { in.spot = 0; }), IvError::InvalidInput);
    QCOMPARE(with([](BsmInputs &in) { in.spot = -100; }), IvError::InvalidInput);
    QCOMPARE(with([&](BsmInputs &in) { in.spot = nan; }), IvError::InvalidInput);
    QCOMPARE(with([&](BsmInputs &in) { in.spot = inf; }), IvError::InvalidInput);
    QCOMPARE(with([](BsmInputs &in) { in.strike = 0; }), IvError::InvalidInput);
    QCOMPARE(with([&](BsmInputs &in) { in.strike = nan; }), IvError::InvalidInput);
    QCOMPARE(with([](BsmInputs &in) { in.years = 0; }), IvError::InvalidInput);
    QCOMPARE(with([](BsmInputs &in) { in.years = -1; }), IvError::InvalidInput);
    QCOMPARE(with([&](BsmInputs &in) { in.years = inf; }), IvError::InvalidInput);
    QCOMPARE(with([&](BsmInputs &in) { in.rate = nan; }), IvError::InvalidInput);
    QCOMPARE(with([&](BsmInputs &in) { in.dividendYield = inf; }), IvError::InvalidInput);
    // in.vol is ignored.
    QVERIFY(with([&](BsmInputs &in) { in.vol = nan; }) == IvError::None);
}

void TestImpliedVol::batchEqualsScalar()
{
    Draw draw(0x1b0004);
    constexpr std::size_t kCount = 1003;
    std::vector<OptionRight> right(kCount);
    std::vector<double> spot(kCount), strike(kCount), years(kCount), vol(kCount, 0.0), rate(kCount),
        yield(kCount), prices(kCount), vols(kCount);
    std::vector<IvError> errors(kCount);
    std::vector<BsmInputs> inputs;
    for (std::size_t i = 0; i < kCount; ++i) {
        const BsmInputs in = randomOption(draw);
        inputs.push_back(in);
        right[i] = in.right;
        spot[i] = in.spot;
        strike[i] = in.strike;
        years[i] = in.years;
        rate[i] = in.rate;
        yield[i] = in.dividendYield;
        prices[i] = bsmPrice(in);
    }
    prices[3] = -1.0;         // below intrinsic
    prices[4] = 1e300;        // above the upper bound
    years[5] = 0.0;           // invalid
    prices[6] = std::nan(""); // invalid
    const BsmBatch batch{kCount,       right.data(), spot.data(), strike.data(),
                         years.data(), vol.data(),   rate.data(), yield.data()};
    impliedVolatilityBatch(prices.data(), batch, vols.data(), errors.data());
    std::vector<double> volsOnly(kCount);
    impliedVolatilityBatch(prices.data(), batch, volsOnly.data(), nullptr);
    for (std::size_t i = 0; i < kCount; ++i) {
        BsmInputs in = inputs[i];
        in.years = years[i];
        const IvResult scalar = impliedVolatility(prices[i], in);
        QVERIFY2(scalar.vol == vols[i] && scalar.error == errors[i] && volsOnly[i] == vols[i],
                 (describe(in, prices[i]) + number("batch", vols[i]) + number("scalar", scalar.vol))
                     .c_str());
    }
    QCOMPARE(errors[3], IvError::BelowIntrinsic);
    QCOMPARE(errors[4], IvError::AboveUpperBound);
    QCOMPARE(errors[5], IvError::InvalidInput);
    QCOMPARE(errors[6], IvError::InvalidInput);
}

QTEST_GUILESS_MAIN(TestImpliedVol)
#include "tst_impliedvol.moc"
