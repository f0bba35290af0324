// ExerciseBoundary, the cached spot-independent boundary: it reprices exactly like
// americanPrice()/americanGreeks() at any spot, and its critical prices behave as the
// early-exercise boundary must: a put's at or below K min(1, r/q) and above the perpetual
// boundary, falling with time to expiry (rising toward expiry), the price at intrinsic value
// below it and above intrinsic above it; a call's the mirror image; agreement with a converged
// boundary (a much larger fixed-point scheme); and the regimes without a single boundary.
//
// Inputs come from a seeded std::mt19937_64 (americansampling.h); a failure prints every input.
#include "pricing/american.h"
#include "pricing/americanboundary.h"
#include "pricing/americansampling.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

using namespace mag7;
using namespace mag7::pricing;

namespace {

QString describe(const BsmInputs &in)
{
    return QString::fromStdString(describeAmerican(in));
}

// The perpetual put boundary (strike 1): g / (g - 1), g the negative root of
// sigma^2 g (g - 1) / 2 + (r - q) g - r = 0 (Merton 1973).
double perpetualPutBoundary(double r, double q, double vol)
{
    const double v2 = vol * vol;
    const double b = r - q - 0.5 * v2;
    const double g = (-b - std::sqrt(b * b + 2 * v2 * r)) / v2;
    return g / (g - 1);
}

} // namespace

class TestExerciseBoundary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void priceMatchesAmericanPrice();
    void greeksMatchAmericanGreeks();
    void criticalPriceBehaves();
    void criticalPriceConverges();
    void regimesWithoutOneBoundary();
    void invalidUse();
};

void TestExerciseBoundary::priceMatchesAmericanPrice()
{
    // 1,000 contracts, each repriced at ten spots from half to one and a half times the strike.
    AmericanDomain domain;
    domain.rateMin = -0.02; // includes the never-exercised and double-boundary regimes
    const std::vector<BsmInputs> contracts = randomAmericanInputs(9090, 1000, domain);
    QStringList failures;
    for (const BsmInputs &contract : contracts) {
        const ExerciseBoundary boundary = ExerciseBoundary::build(contract);
        QCOMPARE(boundary.years(), contract.years);
        for (int i = 0; i < 10; ++i) {
            BsmInputs in = contract;
            in.spot = contract.strike * (0.5 + 0.1 * i + 0.0123);
            const double cached = boundary.price(in.spot);
            const double direct = americanPrice(in);
            if (!(std::abs(cached - direct) <= 1e-12 * std::max(1.0, direct)))
                failures << describe(in) + QStringLiteral(" boundary %1 americanPrice %2")
                                               .arg(cached, 0, 'g', 17)
                                               .arg(direct, 0, 'g', 17);
        }
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestExerciseBoundary::greeksMatchAmericanGreeks()
{
    const std::vector<BsmInputs> contracts = randomAmericanInputs(9091, 300);
    for (const BsmInputs &contract : contracts) {
        const ExerciseBoundary boundary = ExerciseBoundary::build(contract);
        for (double moneyness : {0.8, 1.0, 1.25}) {
            BsmInputs in = contract;
            in.spot = contract.strike * moneyness;
            const Greeks cached = boundary.greeks(in.spot);
            const Greeks direct = americanGreeks(in);
            const double scale = std::max(1.0, direct.price);
            const bool same = std::abs(cached.price - direct.price) <= 1e-12 * scale &&
                              std::abs(cached.delta - direct.delta) <= 1e-12 &&
                              std::abs(cached.gamma - direct.gamma) <= 1e-12 &&
                              std::abs(cached.vega - direct.vega) <= 1e-10 * scale &&
                              std::abs(cached.theta - direct.theta) <= 1e-10 * scale &&
                              std::abs(cached.rho - direct.rho) <= 1e-10 * scale;
            QVERIFY2(same, qPrintable(describe(in) + QStringLiteral(" price %1/%2 vega %3/%4")
                                                         .arg(cached.price, 0, 'g', 17)
                                                         .arg(direct.price, 0, 'g', 17)
                                                         .arg(cached.vega, 0, 'g', 17)
                                                         .arg(direct.vega, 0, 'g', 17)));
        }
    }
}

void TestExerciseBoundary::criticalPriceBehaves()
{
    // Rates above zero: a single boundary for puts (rate r, yield q) and calls (the mirror).
    AmericanDomain domain;
    domain.rateMin = 0.005;
    const std::vector<BsmInputs> contracts = randomAmericanInputs(9092, 2000, domain);
    QStringList failures;
    for (const BsmInputs &in : contracts) {
        const bool call = in.right == OptionRight::Call;
        const double rho = call ? in.dividendYield : in.rate; // the normalised put's rate
        const double kappa = call ? in.rate : in.dividendYield;
        if (!(rho > 0))
            continue; // a call without yield is never exercised (checked below)
        const ExerciseBoundary boundary = ExerciseBoundary::build(in);
        const double limit = kappa > rho ? rho / kappa : 1.0;          // B(0+) / K, put
        const double floor = perpetualPutBoundary(rho, kappa, in.vol); // B(inf) / K, put
        double previous = std::numeric_limits<double>::quiet_NaN();
        for (int i = 1; i <= 40; ++i) {
            const double tau = in.years * i / 40;
            const double critical = boundary.criticalPrice(tau);
            // In put terms: b = B / K for a put, K / B for a call (put-call symmetry).
            const double b = call ? in.strike / critical : critical / in.strike;
            const QString where = describe(in) + QStringLiteral(" tau %1 critical %2")
                                                     .arg(tau, 0, 'g', 17)
                                                     .arg(critical, 0, 'g', 17);
            if (!(b <= limit * (1 + 1e-12)) || !(b >= floor * (1 - 1e-6)))
                failures
                    << where +
                           QStringLiteral(" outside [%1, %2] of the strike").arg(floor).arg(limit);
            // A put's boundary falls as time to expiry grows (a call's rises), up to the
            // interpolation's wiggle; not over the first tenth of the life, where it falls like
            // sqrt(tau ln tau) from its limit and the interpolant has its largest wiggles.
            if (i > 4 && !(b <= previous + 1e-3 * limit))
                failures << where + QStringLiteral(" rises with time to expiry");
            previous = b;
        }
        // Below a put's critical price (above a call's) exercise at once: intrinsic value;
        // half a standard deviation of the life to the other side, more than intrinsic.
        const double critical = boundary.criticalPrice(in.years);
        const double step = std::exp(0.5 * in.vol * std::sqrt(in.years));
        // (1% inside: where two methods are blended, the critical price is their blend and
        // each method's own boundary lies within a fraction of a percent of it.)
        const double inside = call ? critical * 1.01 : critical * 0.99;
        const double outside = call ? critical / step : critical * step;
        const double intrinsicInside = std::abs(inside - in.strike);
        if (std::isfinite(critical) && std::abs(boundary.price(inside) - intrinsicInside) >
                                           1e-12 * std::max(1.0, intrinsicInside))
            failures << describe(in) + QStringLiteral(" not exercised inside the boundary");
        const double intrinsicOutside =
            std::max(call ? outside - in.strike : in.strike - outside, 0.0);
        if (std::isfinite(critical) && !(boundary.price(outside) > intrinsicOutside))
            failures << describe(in) + QStringLiteral(" no time value outside the boundary");
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestExerciseBoundary::criticalPriceConverges()
{
    // Against the boundary of a scheme twice as fine in every direction with ten fixed-point
    // steps: the desk's scheme is within 1% of the strike away from the first few percent of
    // the life (where the boundary falls like sqrt(tau ln tau) and a relative comparison is
    // meaningless). Puts with r > q on the fast method's part of the domain.
    AmericanDomain domain;
    domain.right = OptionRight::Put;
    domain.rateMin = 0.01;
    domain.volMin = 0.15;
    const std::vector<BsmInputs> contracts = randomAmericanInputs(9093, 300, domain);
    for (const BsmInputs &in : contracts) {
        detail::AloScheme fine;
        fine.nodes = 16;
        fine.fpOrder = 24;
        fine.priceOrder = 48;
        fine.qdPlusSteps = 8;
        fine.iterations = 10;
        fine.equation = (in.rate - in.dividendYield) * std::sqrt(in.years) >= in.vol
                            ? detail::FixedPointEquation::B
                            : detail::FixedPointEquation::A;
        detail::PutBoundary reference;
        detail::buildPutBoundary(in.rate, in.dividendYield, in.vol, in.years, fine, reference);
        const ExerciseBoundary boundary = ExerciseBoundary::build(in);
        for (double fraction : {0.1, 0.25, 0.5, 0.75, 1.0}) {
            const double tau = fraction * in.years;
            const double ours = boundary.criticalPrice(tau);
            const double converged = in.strike * std::exp(reference.lnBoundary(tau));
            QVERIFY2(std::abs(ours - converged) <= 1e-2 * in.strike,
                     qPrintable(describe(in) + QStringLiteral(" tau %1: %2 vs converged %3")
                                                   .arg(tau, 0, 'g', 17)
                                                   .arg(ours, 0, 'g', 17)
                                                   .arg(converged, 0, 'g', 17)));
        }
    }
}

void TestExerciseBoundary::regimesWithoutOneBoundary()
{
    // Never exercised early: a put's critical price is 0, a call's infinite.
    const ExerciseBoundary put =
        ExerciseBoundary::build({OptionRight::Put, 100, 100, 1.0, 0.3, -0.01, 0.02});
    QCOMPARE(put.criticalPrice(0.5), 0.0);
    const ExerciseBoundary call =
        ExerciseBoundary::build({OptionRight::Call, 100, 100, 1.0, 0.3, 0.03, 0.0});
    QVERIFY(std::isinf(call.criticalPrice(0.5)));
    // Two boundaries (q < r < 0): no single critical price, but prices are still right.
    const BsmInputs twoBoundaries{OptionRight::Put, 90, 100, 1.0, 0.1, -0.01, -0.03};
    const ExerciseBoundary both = ExerciseBoundary::build(twoBoundaries);
    QVERIFY(std::isnan(both.criticalPrice(0.5)));
    QCOMPARE(both.price(90), americanPrice(twoBoundaries));
    // Zero vol: the deterministic boundary K min(1, r/q).
    const ExerciseBoundary flat =
        ExerciseBoundary::build({OptionRight::Put, 100, 100, 1.0, 0.0, 0.02, 0.05});
    QVERIFY(std::abs(flat.criticalPrice(0.5) - 40.0) <= 1e-12);
}

void TestExerciseBoundary::invalidUse()
{
    const ExerciseBoundary empty;
    QVERIFY(std::isnan(empty.price(100)));
    QVERIFY(std::isnan(empty.criticalPrice(0.5)));
    QCOMPARE(empty.years(), 0.0);
    const ExerciseBoundary boundary =
        ExerciseBoundary::build({OptionRight::Put, 100, 100, 1.0, 0.3, 0.05, 0.0});
    QVERIFY(std::isnan(boundary.price(0)));
    QVERIFY(std::isnan(boundary.price(-5)));
    QVERIFY(std::isnan(boundary.greeks(0).price));
}

QTEST_GUILESS_MAIN(TestExerciseBoundary)
#include "tst_exerciseboundary.moc"
