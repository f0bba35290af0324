// Let's Be Rational (letsberational.cpp): the normalised Black function against an independent
// high-precision reference in every region, its symmetries and vega, and the implied normalised
// volatility: full precision within the two Householder steps the method promises, typed
// statuses outside the bounds.
//
// The reference integrates b'(u) = exp(-x^2/(2u^2) - u^2/8) / sqrt(2 pi) over u in [0, s] (for
// x <= 0, b(x, 0) = 0) in long double with adaptive 20-point Gauss-Legendre: a positive
// integrand, so no cancellation, unlike the Black formula itself, whose two terms nearly cancel
// in the wings. A failure prints every input with %.17g.
#include "pricing/letsberational.h"

#include <QTest>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

using namespace mag7::pricing;
using lbr::normalisedBlack;
using lbr::normalisedVega;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

std::string where(double x, double s, double theta)
{
    char text[160];
    std::snprintf(text, sizeof text, "x=%.17g s=%.17g theta=%.17g h=x/s=%.17g t=s/2=%.17g", x, s,
                  theta, x / s, 0.5 * s);
    return text;
}

std::string number(const char *label, double value)
{
    char text[96];
    std::snprintf(text, sizeof text, " %s=%.17g", label, value);
    return text;
}

// Gauss-Legendre nodes and weights on [-1, 1], by Newton's method on P_20 in long double.
struct GaussLegendre {
    static constexpr int kPoints = 20;
    long double node[kPoints];
    long double weight[kPoints];
    GaussLegendre()
    {
        const long double pi = 3.141592653589793238462643383279502884L;
        for (int i = 0; i < kPoints; ++i) {
            long double z = std::cos(pi * (i + 0.75L) / (kPoints + 0.5L));
            long double derivative = 0;
            for (int iteration = 0; iteration < 100; ++iteration) {
                long double p0 = 1.0L;
                long double p1 = z;
                for (int n = 2; n <= kPoints; ++n) {
                    const long double p2 = ((2 * n - 1) * z * p1 - (n - 1) * p0) / n;
                    p0 = p1;
                    p1 = p2;
                }
                derivative = kPoints * (z * p1 - p0) / (z * z - 1.0L);
                const long double step = p1 / derivative;
                z -= step;
                if (std::fabs(step) < 1e-21L)
                    break;
            }
            node[i] = z;
            weight[i] = 2.0L / ((1.0L - z * z) * derivative * derivative);
        }
    }
};

const GaussLegendre &gaussLegendre()
{
    static const GaussLegendre rule;
    return rule;
}

long double vegaLong(long double x, long double u)
{
    if (u <= 0)
        return 0;
    const long double exponent = -x * x / (2 * u * u) - u * u / 8;
    return std::exp(exponent) * 0.398942280401432677939946059934381868L;
}

long double panel(long double x, long double a, long double b)
{
    const GaussLegendre &rule = gaussLegendre();
    const long double mid = 0.5L * (a + b);
    const long double half = 0.5L * (b - a);
    long double sum = 0;
    for (int i = 0; i < GaussLegendre::kPoints; ++i)
        sum += rule.weight[i] * vegaLong(x, mid + half * rule.node[i]);
    return sum * half;
}

// Adaptive bisection until a panel agrees with its halves within `tolerance` (absolute, the
// same for every panel) or to the rounding of long double; panels below `negligible` are taken
// as they are. The result is within about 1e-18 relative (checked against 80-digit
// evaluations of the Black formula while writing this test).
long double adaptive(long double x, long double a, long double b, long double whole,
                     long double tolerance, long double negligible, int depth)
{
    const long double mid = 0.5L * (a + b);
    const long double left = panel(x, a, mid);
    const long double right = panel(x, mid, b);
    const long double difference = std::fabs(left + right - whole);
    if (depth > 40 || difference <= tolerance || left + right <= negligible ||
        difference <= 16 * std::numeric_limits<long double>::epsilon() * (left + right))
        return left + right;
    return adaptive(x, a, mid, left, tolerance, negligible, depth + 1) +
           adaptive(x, mid, b, right, tolerance, negligible, depth + 1);
}

// b(x, s) of a call with x <= 0, in long double. The integrand peaks at u = sqrt(2|x|); the
// interval is split there and at a few multiples of it so that no panel starts blind.
long double referenceOutOfTheMoney(double x, double s)
{
    const long double lx = x;
    const long double ls = s;
    long double cuts[8];
    int count = 0;
    cuts[count++] = 0;
    const long double peak = std::sqrt(2 * std::fabs(lx));
    for (long double c : {0.25L * peak, 0.5L * peak, peak, 2 * peak, 4 * peak})
        if (c > 0 && c < ls)
            cuts[count++] = c;
    cuts[count++] = ls;
    // A rough total first (1e-6), then panels to 1e-21 of it.
    long double rough = 0;
    for (int i = 0; i + 1 < count; ++i) {
        const long double whole = panel(lx, cuts[i], cuts[i + 1]);
        rough += adaptive(lx, cuts[i], cuts[i + 1], whole, 1e-6L * whole, 0.0L, 0);
    }
    long double total = 0;
    for (int i = 0; i + 1 < count; ++i) {
        total += adaptive(lx, cuts[i], cuts[i + 1], panel(lx, cuts[i], cuts[i + 1]), 1e-21L * rough,
                          1e-24L * rough, 0);
    }
    return total;
}

// The normalised price at any x (calls; a put is the call at -x).
long double reference(double x, double s, double theta)
{
    const long double call = theta < 0 ? -static_cast<long double>(x) : x;
    if (call <= 0)
        return referenceOutOfTheMoney(static_cast<double>(call), s);
    return 2 * std::sinh(call / 2) + referenceOutOfTheMoney(static_cast<double>(-call), s);
}

// Rounding of the inputs moves b by about (1 + h^2 + t^2) eps relative (the sensitivity of
// ln b to ln x and ln s); an accurate evaluation stays within a small multiple of that.
double conditioning(double x, double s)
{
    const double h = x / s;
    const double t = 0.5 * s;
    return 1 + h * h + t * t;
}

} // namespace

class TestLetsBeRational : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void normalisedBlackMatchesReference();
    void normalisedBlackSymmetries();
    void normalisedVegaIsTheDerivative();
    void impliedVolatilityInTwoIterations();
    void impliedVolatilityStatuses();
};

void TestLetsBeRational::normalisedBlackMatchesReference()
{
    // Out of the money over every region: h = x/s from 0 to -60 (asymptotic region I beyond
    // -10), t = s/2 from 1e-7 (small-t region II below 0.21) to 15.
    const double xs[] = {0.0,  -1e-12, -1e-8, -1e-4, -1e-3, -0.01, -0.05, -0.1,  -0.3,  -0.7,
                         -1.0, -1.7,   -3.0,  -5.0,  -8.0,  -12.0, -20.0, -35.0, -60.0, -120.0};
    const double ss[] = {2e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.005, 0.02, 0.05, 0.1, 0.2,  0.3,  0.42,
                         0.5,  0.7,  1.0,  1.5,  2.0,  3.0,   4.5,  6.0,  8.0, 12.0, 20.0, 30.0};
    double worst = 0;
    int compared = 0;
    for (double x : xs) {
        for (double s : ss) {
            // b ~ exp(-(h^2 + t^2)/2) in the wings: skip what underflows in double.
            if (0.5 * (x * x / (s * s) + 0.25 * s * s) > 650)
                continue;
            const long double expected = reference(x, s, 1.0);
            if (!(expected > 1e-290L))
                continue;
            const double got = normalisedBlack(x, s, 1.0);
            const double relative = static_cast<double>(std::fabs(got - expected) / expected);
            const double allowed = 8 * kEps * conditioning(x, s);
            worst = std::max(worst, relative / allowed);
            QVERIFY2(relative <= allowed, (where(x, s, 1.0) + number("got", got) +
                                           number("reference", static_cast<double>(expected)) +
                                           number("relative", relative))
                                              .c_str());
            ++compared;
        }
    }
    QVERIFY(compared > 300);
    qInfo("%d points; worst error / (8 eps (1 + h^2 + t^2)) %.3g", compared, worst);
}

void TestLetsBeRational::normalisedBlackSymmetries()
{
    // In the money: b(x, s) = 2 sinh(x/2) + b(-x, s); a put is the call at -x; at s = 0 the
    // price is the intrinsic value.
    for (double x : {1e-6, 0.01, 0.3, 1.0, 4.0, 20.0}) {
        for (double s : {1e-4, 0.05, 0.5, 2.0, 8.0}) {
            const long double expected = reference(x, s, 1.0);
            const double got = normalisedBlack(x, s, 1.0);
            QVERIFY2(std::fabs(got - expected) <= 8 * kEps * conditioning(x, s) * expected,
                     (where(x, s, 1.0) + number("got", got) +
                      number("reference", static_cast<double>(expected)))
                         .c_str());
            QCOMPARE(normalisedBlack(-x, s, -1.0), got);
            QCOMPARE(normalisedBlack(x, s, -1.0), normalisedBlack(-x, s, 1.0));
        }
        QVERIFY(std::fabs(normalisedBlack(x, 0.0, 1.0) - 2 * std::sinh(x / 2)) <=
                2 * kEps * 2 * std::sinh(x / 2));
        QCOMPARE(normalisedBlack(-x, 0.0, 1.0), 0.0);
    }
}

void TestLetsBeRational::normalisedVegaIsTheDerivative()
{
    for (double x : {0.0, -0.01, -0.5, -3.0, 2.0}) {
        for (double s : {0.01, 0.3, 1.0, 3.0}) {
            const double vega = normalisedVega(x, s);
            const double expected = std::exp(-0.5 * (x * x / (s * s) + s * s / 4)) /
                                    std::sqrt(2 * 3.14159265358979323846);
            QVERIFY2(std::fabs(vega - expected) <= 64 * kEps * conditioning(x, s) * expected,
                     (where(x, s, 1.0) + number("vega", vega)).c_str());
            // Richardson-extrapolated central difference (truncation O(step^4)) with a step
            // small against the scale 1/(1 + h^2 + t^2) on which vega varies.
            const double h = 1e-3 * s / conditioning(x, s);
            auto central = [&](double step) {
                return (normalisedBlack(x, s + step, 1.0) - normalisedBlack(x, s - step, 1.0)) /
                       (2 * step);
            };
            const double numeric = (4 * central(h / 2) - central(h)) / 3;
            // Plus the rounding of b over the step.
            const double rounding = 8 * kEps * normalisedBlack(x, s, 1.0) / h;
            QVERIFY2(
                std::fabs(vega - numeric) <= 1e-8 * expected + rounding,
                (where(x, s, 1.0) + number("vega", vega) + number("numeric", numeric)).c_str());
        }
    }
}

void TestLetsBeRational::impliedVolatilityInTwoIterations()
{
    // The price of vol s at x, inverted with the default two Householder steps: it reprices to
    // the accuracy of the normalised Black function itself, and more iterations do not move
    // it by more than that (the method's claim: two steps reach full precision everywhere).
    const double xs[] = {0.0,  -1e-10, -1e-6, -1e-3, -0.02, -0.1, -0.4, -1.0, -2.5,
                         -5.0, -10.0,  -20.0, -40.0, 1e-4,  0.2,  1.0,  6.0};
    const double ss[] = {1e-6, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.2, 0.35,
                         0.5,  0.8,  1.2,  2.0,  3.0,  5.0, 8.0, 12.0};
    int solved = 0;
    int maxIterations = 0;
    double worstPrice = 0;
    for (double x : xs) {
        for (double s : ss) {
            for (double theta : {1.0, -1.0}) {
                const double beta = normalisedBlack(x, s, theta);
                const double intrinsic = theta * x > 0 ? 2 * std::sinh(std::fabs(x) / 2) : 0.0;
                // Only prices with a time value that double precision resolves.
                if (!(beta - intrinsic > 1e-300) || beta - intrinsic < 1e-12 * beta ||
                    beta >= std::exp(theta * x / 2) * (1 - 1e-12))
                    continue;
                const lbr::Solution two = lbr::impliedNormalisedVolatility(beta, x, theta);
                const lbr::Solution many = lbr::impliedNormalisedVolatility(beta, x, theta, 50);
                QVERIFY2(two.status == lbr::Status::Ok, where(x, s, theta).c_str());
                QVERIFY2(two.iterations <= 2, where(x, s, theta).c_str());
                maxIterations = std::max(maxIterations, two.iterations);
                // Reprices within the forward function's accuracy, relative to the time value.
                const double back = normalisedBlack(x, two.s, theta);
                const double timeValue = beta - intrinsic;
                const double error = std::fabs(back - beta) / timeValue;
                const double allowed = 16 * kEps * conditioning(x, s) * beta / timeValue;
                worstPrice = std::max(worstPrice, error / allowed);
                QVERIFY2(error <= allowed, (where(x, s, theta) + number("beta", beta) +
                                            number("implied s", two.s) + number("repriced", back))
                                               .c_str());
                // Further iterations change s by no more than the price's resolution allows.
                const double vega = normalisedVega(x, s);
                const double resolution = allowed * timeValue / vega + 8 * kEps * s;
                QVERIFY2(
                    std::fabs(many.s - two.s) <= resolution,
                    (where(x, s, theta) + number("after 2", two.s) + number("after 50", many.s))
                        .c_str());
                ++solved;
            }
        }
    }
    QVERIFY(solved > 300);
    qInfo("%d inversions, at most %d iterations; worst repricing error / allowed %.3g", solved,
          maxIterations, worstPrice);
}

void TestLetsBeRational::impliedVolatilityStatuses()
{
    // Below the intrinsic value of an in-the-money call (x > 0).
    const double x = 0.5;
    const double intrinsic = 2 * std::sinh(x / 2);
    QCOMPARE(lbr::impliedNormalisedVolatility(intrinsic * 0.99, x, 1.0).status,
             lbr::Status::BelowIntrinsic);
    QCOMPARE(lbr::impliedNormalisedVolatility(-1e-3, -x, 1.0).status, lbr::Status::BelowIntrinsic);
    // At or above e^{theta x/2}, the price of infinite volatility (in the money, the
    // intrinsic value is subtracted first: only a price clearly above the bound is one).
    QCOMPARE(lbr::impliedNormalisedVolatility(std::exp(x / 2) * (1 + 1e-12), x, 1.0).status,
             lbr::Status::AboveMaximum);
    QCOMPARE(lbr::impliedNormalisedVolatility(std::exp(-x / 2), -x, 1.0).status,
             lbr::Status::AboveMaximum);
    QCOMPARE(lbr::impliedNormalisedVolatility(std::exp(-x / 2) * 1.5, -x, 1.0).status,
             lbr::Status::AboveMaximum);
    QCOMPARE(lbr::impliedNormalisedVolatility(std::exp(x / 2), x, -1.0).status,
             lbr::Status::AboveMaximum);
    // Exactly the intrinsic value: zero volatility.
    const lbr::Solution zero = lbr::impliedNormalisedVolatility(0.0, -x, 1.0);
    QCOMPARE(zero.status, lbr::Status::Ok);
    QCOMPARE(zero.s, 0.0);
    // At the money: b(0, s) = 2 Phi(s/2) - 1.
    const double s = 0.4;
    const lbr::Solution atm =
        lbr::impliedNormalisedVolatility(std::erf(s / (4 * std::sqrt(0.5))), 0.0, 1.0);
    QCOMPARE(atm.status, lbr::Status::Ok);
    QVERIFY2(std::fabs(atm.s - s) <= 16 * kEps * s, number("s", atm.s).c_str());
}

QTEST_GUILESS_MAIN(TestLetsBeRational)
#include "tst_letsberational.moc"
