// Special functions of the pricing module (normaldistribution.h and the normal CDF and density
// of blackscholes.h): published and high-precision values, sweeps against long double
// references (glibc's erfcl, expl), inverse round trips and the behaviour at the ends of the
// range. Reference constants were evaluated at the exact double arguments with 50-digit
// arithmetic (mpmath). A failure prints the argument with %.17g.
#include "pricing/blackscholes.h"
#include "pricing/normaldistribution.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

using namespace mag7::pricing;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();
constexpr long double kInvSqrt2L = 0.707106781186547524400844362104849039L;
constexpr long double kInvSqrt2PiL = 0.398942280401432677939946059934381868L;

std::string at(const char *what, double x, double got, long double expected)
{
    char text[200];
    std::snprintf(text, sizeof text, "%s(%.17g) = %.17g, expected %.20Lg", what, x, got, expected);
    return text;
}

// x^2 as an unevaluated long double sum hi + lo, exact: x split into 26- and 27-bit halves.
struct Square {
    long double hi, lo;
};

Square squareOf(double x)
{
    const double head = static_cast<double>(static_cast<float>(x)); // 24 significant bits
    const double tail = x - head;
    const long double h = head;
    const long double t = tail;
    return {h * h, 2 * h * t + t * t};
}

// e^{x^2} erfc(x) in long double, x >= -26.6 and x <= 100.
long double erfcxReference(double x)
{
    const Square sq = squareOf(x);
    return std::exp(sq.hi) * std::exp(sq.lo) * std::erfc(static_cast<long double>(x));
}

// Phi(x) = erfc(-x/sqrt2)/2 in long double.
long double cdfReference(double x)
{
    return 0.5L * std::erfc(-static_cast<long double>(x) * kInvSqrt2L);
}

long double densityReference(double x)
{
    const Square sq = squareOf(x);
    return kInvSqrt2PiL * std::exp(-0.5L * sq.hi) * std::exp(-0.5L * sq.lo);
}

// Relative error, measured against at least the smallest normal double: subnormal results
// carry fewer significant bits, so there an error of a few units of 2^-1074 is all one can ask.
double relativeError(double got, long double expected)
{
    const long double scale =
        std::max(std::fabs(expected), static_cast<long double>(std::numeric_limits<double>::min()));
    return static_cast<double>(std::fabs(got - expected) / scale);
}

class Draw {
public:
    explicit Draw(std::uint64_t seed)
        : m_rng(seed)
    {}
    double uniform(double lo, double hi)
    {
        return lo + (hi - lo) * (static_cast<double>(m_rng() >> 11) * 0x1.0p-53);
    }

private:
    std::mt19937_64 m_rng;
};

} // namespace

class TestNormalDistribution : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void erfcxKnownValues();
    void erfcxAgainstLongDouble();
    void erfcCodyAgainstErfc();
    void normalTailScaledAgainstLongDouble();
    void normalCdfAndDensity();
    void inverseNormalCdfKnownValues();
    void inverseNormalCdfRoundTrips();
    void endsOfTheRange();
};

void TestNormalDistribution::erfcxKnownValues()
{
    const struct {
        double x;
        long double value;
    } known[] = {{0.0, 1.0L},
                 {0.25, 0.77034654773099674392L},
                 {1.0, 0.42758357615580700441L},
                 {2.5, 0.21080636406114358065L},
                 {5.0, 0.11070463773306862637L},
                 {10.0, 0.056140992743822585858L},
                 {30.0, 0.018795888861416751497L},
                 {100.0, 0.0056416137829894329036L},
                 {1e5, 5.6418958351954680777e-6L},
                 {-0.3, 1.4537492328427655512L},
                 {-1.0, 5.0089800807622834663L},
                 {-5.0, 144009798674.66104041L},
                 {-26.0, 7.6577249314905683515e+293L}};
    for (const auto &k : known) {
        const double got = erfcx(k.x);
        QVERIFY2(relativeError(got, k.value) <= 4 * kEps, at("erfcx", k.x, got, k.value).c_str());
    }
}

void TestNormalDistribution::erfcxAgainstLongDouble()
{
    Draw draw(0xe4f0001);
    for (int i = 0; i < 20000; ++i) {
        const double x = i < 10000 ? draw.uniform(-26.5, 6.0) : draw.uniform(6.0, 100.0);
        const long double expected = erfcxReference(x);
        const double got = erfcx(x);
        QVERIFY2(relativeError(got, expected) <= 4 * kEps, at("erfcx", x, got, expected).c_str());
    }
    // Asymptotic range: erfcx(x) = 1/(x sqrt(pi)) sum_n (-1)^n (2n-1)!! / (2x^2)^n, summed
    // until the terms no longer matter (they shrink quickly for x >= 150).
    for (double x : {150.0, 1e3, 1e6, 1e150}) {
        const long double lx = x;
        long double term = 1;
        long double sum = 1;
        for (int n = 1; n < 30 && std::fabs(term) > 1e-25L; ++n) {
            term *= -(2 * n - 1) / (2 * lx * lx);
            sum += term;
        }
        const long double expected = 0.564189583547756286948079451560772586L / lx * sum;
        QVERIFY2(relativeError(erfcx(x), expected) <= 4 * kEps,
                 at("erfcx", x, erfcx(x), expected).c_str());
    }
}

void TestNormalDistribution::erfcCodyAgainstErfc()
{
    Draw draw(0xe4f0002);
    for (int i = 0; i < 20000; ++i) {
        const double x = draw.uniform(-6.0, 27.2);
        const long double expected = std::erfc(static_cast<long double>(x));
        const double got = erfcCody(x);
        QVERIFY2(relativeError(got, expected) <= 4 * kEps,
                 at("erfcCody", x, got, expected).c_str());
        // And within a few ulps of the C library's double erfc.
        const double library = std::erfc(x);
        QVERIFY2(relativeError(got, library) <= 8 * kEps,
                 at("erfcCody vs std::erfc", x, got, library).c_str());
    }
    QCOMPARE(erfcCody(0.0), 1.0);
    QCOMPARE(erfcCody(30.0), 0.0);
    QCOMPARE(erfcCody(-30.0), 2.0);
}

void TestNormalDistribution::normalTailScaledAgainstLongDouble()
{
    // Phi(-b) e^{b^2/2} = erfcx(b/sqrt2)/2: the rational approximation up to 38.5, the
    // asymptotic form beyond.
    Draw draw(0xe4f0003);
    for (int i = 0; i < 20000; ++i) {
        const double b = i < 15000 ? draw.uniform(0.0, 38.5) : draw.uniform(38.5, 130.0);
        const long double lb = b;
        const Square sq = squareOf(b);
        const long double expected =
            0.5L * std::exp(0.5L * sq.hi) * std::exp(0.5L * sq.lo) * std::erfc(lb * kInvSqrt2L);
        const double got = normalTailScaled(b);
        QVERIFY2(relativeError(got, expected) <= 8 * kEps,
                 at("normalTailScaled", b, got, expected).c_str());
    }
}

void TestNormalDistribution::normalCdfAndDensity()
{
    const struct {
        double x;
        long double value;
    } known[] = {{0.0, 0.5L},
                 {-1.0, 0.15865525393145705141L},
                 {1.5, 0.933192798731141934L},
                 {-5.0, 2.8665157187919391167e-7L},
                 {-10.0, 7.619853024160526066e-24L},
                 {-20.0, 2.7536241186062336951e-89L},
                 {6.0, 0.99999999901341235496L}};
    for (const auto &k : known) {
        const double got = normalCdf(k.x);
        QVERIFY2(relativeError(got, k.value) <= 4 * kEps,
                 at("normalCdf", k.x, got, k.value).c_str());
    }
    // A few ulps relative over [-38, 8] (beyond 8, 1 - Phi is below half an ulp of 1).
    Draw draw(0xe4f0004);
    for (int i = 0; i < 20000; ++i) {
        const double x = draw.uniform(-38.0, 8.0);
        const long double expected = cdfReference(x);
        const double got = normalCdf(x);
        QVERIFY2(relativeError(got, expected) <= 8 * kEps,
                 at("normalCdf", x, got, expected).c_str());
        const long double density = densityReference(x);
        QVERIFY2(relativeError(normalPdf(x), density) <= 8 * kEps,
                 at("normalPdf", x, normalPdf(x), density).c_str());
        QVERIFY2(normalPdf(-x) == normalPdf(x),
                 at("normalPdf symmetry", x, normalPdf(-x), 0).c_str());
    }
    // Symmetry: Phi(x) + Phi(-x) = 1 within rounding.
    for (double x : {0.1, 0.7, 1.3, 2.9, 4.4}) {
        QVERIFY(std::abs(normalCdf(x) + normalCdf(-x) - 1.0) <= 2 * kEps);
    }
}

void TestNormalDistribution::inverseNormalCdfKnownValues()
{
    const struct {
        double p;
        long double x;
    } known[] = {{0.5, 0.0L},
                 {0.975, 1.9599639845400538556L},
                 {0.025, -1.9599639845400542118L},
                 {0.3, -0.52440051270804081597L},
                 {1e-10, -6.3613409024040561991L},
                 {1e-300, -37.047096299361199237L},
                 {0.999999, 4.7534243088170877657L}};
    for (const auto &k : known) {
        const double got = inverseNormalCdf(k.p);
        QVERIFY2(std::fabs(got - k.x) <= 4 * kEps * std::fabs(k.x),
                 at("inverseNormalCdf", k.p, got, k.x).c_str());
    }
}

void TestNormalDistribution::inverseNormalCdfRoundTrips()
{
    // x = Phi^-1(p) against the exact inverse (one Newton step from x in long double): within
    // a few ulps of x plus the conditioning of the inverse, eps min(p, 1 - p) / phi(x).
    Draw draw(0xe4f0005);
    auto check = [&](double p) {
        const double x = inverseNormalCdf(p);
        const long double exact = x - (cdfReference(x) - p) / densityReference(x);
        const long double tail = p < 0.5 ? static_cast<long double>(p) : 1.0L - p;
        const long double allowed =
            4 * kEps * std::fabs(exact) + 2 * kEps * tail / densityReference(x);
        QVERIFY2(std::fabs(x - exact) <= allowed, at("inverseNormalCdf", p, x, exact).c_str());
        // Round trip through the CDF: the few ulps of x move Phi by |x| phi(x) / Phi(x) ~ x^2
        // times as much, relative, in the tail.
        const double back = normalCdf(x);
        QVERIFY2(std::fabs(back - p) <= kEps * (16 + 8 * x * x) * static_cast<double>(tail),
                 at("normalCdf(inverseNormalCdf)", p, back, p).c_str());
    };
    for (int i = 0; i < 20000; ++i)
        check(draw.uniform(1e-6, 1.0 - 1e-6));
    for (int k = 1; k <= 307; ++k)
        check(std::pow(10.0, -k));
    for (double p : {0.02425, 0.075, 0.425, 0.5 + 0.425, 0.97575, 1.0 - 1e-12})
        check(p);
}

void TestNormalDistribution::endsOfTheRange()
{
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(std::isnan(erfcx(nan)));
    QVERIFY(std::isnan(erfcCody(nan)));
    QVERIFY(std::isnan(normalTailScaled(nan)));
    QVERIFY(std::isnan(normalCdf(nan)));
    QVERIFY(std::isnan(normalPdf(nan)));
    QVERIFY(std::isnan(inverseNormalCdf(nan)));
    QCOMPARE(erfcx(-27.0), inf);
    QCOMPARE(erfcx(inf), 0.0);
    QCOMPARE(normalCdf(-inf), 0.0);
    QCOMPARE(normalCdf(inf), 1.0);
    QCOMPARE(normalCdf(-40.0), 0.0);
    QCOMPARE(normalCdf(40.0), 1.0);
    QCOMPARE(normalPdf(inf), 0.0);
    QCOMPARE(normalPdf(-50.0), 0.0);
    QCOMPARE(inverseNormalCdf(0.0), -inf);
    QCOMPARE(inverseNormalCdf(-0.5), -inf);
    QCOMPARE(inverseNormalCdf(1.0), inf);
    QCOMPARE(inverseNormalCdf(2.0), inf);
    // The smallest positive probabilities still invert to finite values.
    QVERIFY(std::isfinite(inverseNormalCdf(std::numeric_limits<double>::min())));
    QVERIFY(std::isfinite(inverseNormalCdf(std::numeric_limits<double>::denorm_min())));
    QVERIFY(inverseNormalCdf(std::numeric_limits<double>::denorm_min()) < -38.0);
}

QTEST_GUILESS_MAIN(TestNormalDistribution)
#include "tst_normaldistribution.moc"
