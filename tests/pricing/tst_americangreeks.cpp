// American Greeks (americanGreeks()) against finite differences of americanPrice(): delta and
// gamma in spot, vega, rho and theta in the desk's units (per point of vol or rate, per calendar
// day), on 10,000 random options of the validation domain (continuous yield) and 150 with
// discrete dividends; and the Greeks' price is the price.
//
// The differences here use other steps than the pricer's own bumps (makeBumps(): 1e-3 vol,
// 1e-4 rate, 1e-3 of the expiry), extrapolated from two step sizes with the pair's difference
// as their error estimate, so a unit or sign slip, a wrong step or a jump between the pricer's
// methods fails them. Gamma is not compared where spot +- the step straddles the exercise
// boundary: the price is only once differentiable there (smooth pasting).
//
// Inputs come from a seeded std::mt19937_64 (americansampling.h); a failure prints every input.
#include "pricing/american.h"
#include "pricing/americansampling.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <vector>

using namespace mag7;
using namespace mag7::pricing;

namespace {

// A Greek by central differences at steps h and h/2: Richardson's extrapolation of the two and
// an estimate of its error (the two differ by three quarters of the step-h truncation error).
struct Estimate {
    double value = 0;
    double error = 0;
};

struct Differences {
    Estimate delta;
    Estimate gamma;
    Estimate vega;
    Estimate rho;
    Estimate theta;
    bool gammaValid = true;
    bool nearExercise = false; // some bumped price is intrinsic value
};

Estimate central(const std::function<double(double)> &f, double h, double scale)
{
    const double wide = (f(h) - f(-h)) / (2 * h) * scale;
    const double narrow = (f(0.5 * h) - f(-0.5 * h)) / h * scale;
    return {(4 * narrow - wide) / 3, std::abs(narrow - wide)};
}

// `stepScale` widens the vol and time steps: with dividends every price comes from its own
// finite-difference grid, laid out for its inputs, so prices carry grid noise of about 1e-5
// that a narrow step would turn into large differences (americanGreeks() reprices its bumps on
// the base grid instead). The rate step stays narrow: a deep in-the-money call's decision to
// exercise before an ex-date flips at a critical rate, where the price has a genuine kink.
Differences finiteDifferences(const BsmInputs &in, std::span<const CashDividend> dividends,
                              double stepScale)
{
    Differences d;
    const auto americanPrice = [&d](const BsmInputs &x, std::span<const CashDividend> divs) {
        const double price = pricing::americanPrice(x, divs);
        const double intrinsic =
            std::max(x.right == OptionRight::Call ? x.spot - x.strike : x.strike - x.spot, 0.0);
        if (price <= intrinsic + 1e-12 * std::max(1.0, price))
            d.nearExercise = true;
        return price;
    };
    const double base = americanPrice(in, dividends);
    // Spot steps small against the distribution's width sigma sqrt(T) (short expiries).
    const double h = in.spot * std::min(2e-3, 0.02 * in.vol * std::sqrt(in.years));
    const auto atSpot = [&](double bump) {
        BsmInputs x = in;
        x.spot = in.spot + bump;
        return americanPrice(x, dividends);
    };
    d.delta = central(atSpot, h, 1.0);
    const double up = atSpot(h);
    const double down = atSpot(-h);
    const double upHalf = atSpot(0.5 * h);
    const double downHalf = atSpot(-0.5 * h);
    const double wide = (up - 2 * base + down) / (h * h);
    const double narrow = (upHalf - 2 * base + downHalf) / (0.25 * h * h);
    d.gamma = {(4 * narrow - wide) / 3, std::abs(narrow - wide)};
    d.vega = central(
        [&](double bump) {
            BsmInputs x = in;
            x.vol = in.vol + bump;
            return americanPrice(x, dividends);
        },
        4e-3 * stepScale * in.vol, 0.01);
    d.rho = central(
        [&](double bump) {
            BsmInputs x = in;
            x.rate = in.rate + bump;
            return americanPrice(x, dividends);
        },
        5e-4, 0.01);
    // Calendar time passing: the expiry and every ex-date come closer together (theta is the
    // change per calendar day as time passes, so the sign of the step is reversed). The step
    // carries no ex-date past now, where the price jumps.
    double timeStep = 4e-3 * stepScale * in.years;
    for (const CashDividend &dividend : dividends) {
        if (dividend.years > 0)
            timeStep = std::min(timeStep, 0.25 * dividend.years);
    }
    d.theta = central(
        [&](double bump) {
            BsmInputs x = in;
            x.years = in.years - bump;
            std::vector<CashDividend> shifted(dividends.begin(), dividends.end());
            for (CashDividend &dividend : shifted)
                dividend.years -= bump;
            return americanPrice(x, shifted);
        },
        timeStep, 1.0 / 365);
    // Where the price equals intrinsic value at one of the spots but not all (the boundary lies
    // between them), gamma has no finite-difference counterpart.
    const auto exercised = [&](double spot, double value) {
        const double intrinsic =
            std::max(in.right == OptionRight::Call ? spot - in.strike : in.strike - spot, 0.0);
        return value <= intrinsic + 1e-12 * std::max(1.0, value);
    };
    const int count = static_cast<int>(exercised(in.spot + h, up)) +
                      static_cast<int>(exercised(in.spot, base)) +
                      static_cast<int>(exercised(in.spot - h, down));
    d.gammaValid = count == 0 || count == 3;
    return d;
}

// |greek - estimate| within an absolute floor, a relative part and twice the estimate's own
// error (large only where the price is not smooth on the step's scale: next to the exercise
// boundary, where the price meets intrinsic value).
bool near(double greek, const Estimate &e, double absolute, double relative)
{
    return std::abs(greek - e.value) <=
           absolute + relative * std::max(std::abs(greek), std::abs(e.value)) + 2 * e.error;
}

QString report(const BsmInputs &in, std::span<const CashDividend> dividends, const Greeks &g,
               const Differences &d)
{
    return QString::fromStdString(describeAmerican(in, dividends)) +
           QStringLiteral(" delta %1/%2 gamma %3/%4 vega %5/%6 rho %7/%8 theta %9/%10 "
                          "(Greek/finite difference)")
               .arg(g.delta, 0, 'g', 10)
               .arg(d.delta.value, 0, 'g', 10)
               .arg(g.gamma, 0, 'g', 10)
               .arg(d.gamma.value, 0, 'g', 10)
               .arg(g.vega, 0, 'g', 10)
               .arg(d.vega.value, 0, 'g', 10)
               .arg(g.rho, 0, 'g', 10)
               .arg(d.rho.value, 0, 'g', 10)
               .arg(g.theta, 0, 'g', 10)
               .arg(d.theta.value, 0, 'g', 10);
}

// Tolerances per 100 of price level (s = sqrt(S K) / 100): the pricer's bumps have errors of
// second order in their steps. The absolute floors allow for the approximation's own
// non-smoothness at the scale of 1e-6 in price: where the boundary's limit at expiry,
// K min(1, r/q), has its kink (r = q) and where a bump moves the option into or out of the
// exercise region, a rate bump of 1e-4 sees price changes of that order, i.e. rho differences
// of a few 1e-4 per point. Options whose bumped prices touch intrinsic value get 1e-3.
bool agree(const BsmInputs &in, const Greeks &g, const Differences &d, double relative)
{
    const double s = std::sqrt(in.spot * in.strike) / 100;
    const double parameterFloor = (d.nearExercise ? 1e-3 : 2e-4) * s;
    const double thetaFloor = (d.nearExercise ? 1e-3 : 1e-5) * s;
    // Next to r = q the boundary's limit at expiry has a kink in the rate, and with rates near
    // zero it moves the approximate price by about 1e-5 across a 1e-4 rate bump: rho is only
    // compared away from it (a limitation of the method, see americanboundary.cpp).
    const bool rhoComparable = std::abs(in.rate - in.dividendYield) > 1e-3;
    return near(g.delta, d.delta, 2e-5, 2e-3) &&
           (!d.gammaValid || near(g.gamma, d.gamma, 2e-6 / s, 1e-2)) &&
           near(g.vega, d.vega, parameterFloor, relative) &&
           (!rhoComparable || near(g.rho, d.rho, parameterFloor, relative)) &&
           near(g.theta, d.theta, thetaFloor, 2.5 * relative);
}

} // namespace

class TestAmericanGreeks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void continuousYield();
    void discreteDividends();
    void priceMatches();
};

void TestAmericanGreeks::continuousYield()
{
    const std::vector<BsmInputs> cases = randomAmericanInputs(4711, 10000);
    QStringList failures;
    for (const BsmInputs &in : cases) {
        const Greeks g = americanGreeks(in);
        const Differences d = finiteDifferences(in, {}, 1.0);
        if (!agree(in, g, d, 2e-3))
            failures << report(in, {}, g, d);
    }
    qInfo("%zu options, %lld outside tolerance", cases.size(),
          static_cast<long long>(failures.size()));
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestAmericanGreeks::discreteDividends()
{
    const std::vector<DividendCase> cases = randomDividendCases(4712, 150);
    QStringList failures;
    for (const DividendCase &c : cases) {
        const Greeks g = americanGreeks(c.in, c.dividends);
        const Differences d = finiteDifferences(c.in, c.dividends, 5.0);
        if (!agree(c.in, g, d, 1e-2))
            failures << report(c.in, c.dividends, g, d);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestAmericanGreeks::priceMatches()
{
    // The Greeks' price is americanPrice() up to the two evaluations of the premium integral
    // (with and without its spot derivatives).
    const std::vector<BsmInputs> cases = randomAmericanInputs(4713, 2000);
    for (const BsmInputs &in : cases) {
        const double price = americanPrice(in);
        const Greeks g = americanGreeks(in);
        QVERIFY2(std::abs(g.price - price) <= 1e-10 * std::max(1.0, price),
                 qPrintable(QString::fromStdString(describeAmerican(in)) +
                            QStringLiteral(" Greeks' price %1 price %2")
                                .arg(g.price, 0, 'g', 17)
                                .arg(price, 0, 'g', 17)));
    }
}

QTEST_GUILESS_MAIN(TestAmericanGreeks)
#include "tst_americangreeks.moc"
