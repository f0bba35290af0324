// The two builds of the vectorised kernels (simdkernels.h): which one runs, and the accuracy of
// their exp, log and normal CDF, vector and one-lane, against long double references. The
// baseline build runs on every x86-64 CPU; the AVX2+FMA build is checked when the CPU has it.
// (Black-Scholes results of the two builds are compared in tst_blackscholes.cpp.) A failure
// prints the argument with %.17g.
#include "pricing/simdkernels.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace mag7::pricing;

namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

std::string at(const simd::Kernels &k, const char *what, double x, double got, long double expected)
{
    char text[240];
    std::snprintf(text, sizeof text, "[%s] %s(%.17g) = %.17g, expected %.20Lg", k.name, what, x,
                  got, expected);
    return text;
}

// Error in units of the last place of the expected value (at least the smallest normal's).
double ulps(double got, long double expected)
{
    const long double magnitude =
        std::max(std::fabs(expected), static_cast<long double>(std::numeric_limits<double>::min()));
    int exponent = 0;
    std::frexp(magnitude, &exponent);
    const long double ulp = std::ldexp(1.0L, exponent - 53);
    return static_cast<double>(std::fabs(got - expected) / ulp);
}

std::vector<const simd::Kernels *> builds()
{
    std::vector<const simd::Kernels *> result{&simd::kernels(simd::Isa::Baseline)};
    if (simd::cpuHasAvx2Fma())
        result.push_back(&simd::kernels(simd::Isa::Avx2));
    return result;
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

long double cdfReference(double x)
{
    return 0.5L * std::erfc(-static_cast<long double>(x) * 0.707106781186547524400844362104849039L);
}

// exp(-x^2/2) in long double with x^2 split exactly.
long double densityReference(double x)
{
    const double head = static_cast<double>(static_cast<float>(x));
    const long double h = head;
    const long double t = x - head;
    return std::exp(-0.5L * h * h) * std::exp(-0.5L * (2 * h * t + t * t));
}

} // namespace

class TestSimdKernels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void buildSelection();
    void expAccuracy();
    void logAccuracy();
    void normalCdfAccuracy();
    void specialValues();
    void arrayLengths();
};

void TestSimdKernels::buildSelection()
{
    const simd::Kernels &baseline = simd::kernels(simd::Isa::Baseline);
    QCOMPARE(baseline.isa, simd::Isa::Baseline);
    const simd::Kernels &avx2 = simd::kernels(simd::Isa::Avx2);
    QCOMPARE(avx2.isa, simd::cpuHasAvx2Fma() ? simd::Isa::Avx2 : simd::Isa::Baseline);
    QCOMPARE(&simd::best(), &avx2);
    qInfo("CPU has AVX2+FMA: %s; running %s", simd::cpuHasAvx2Fma() ? "yes" : "no",
          simd::best().name);
}

void TestSimdKernels::expAccuracy()
{
    // Over the whole range, including results near overflow and in the subnormals.
    Draw draw(0x51d0001);
    std::vector<double> x;
    for (int i = 0; i < 20000; ++i)
        x.push_back(i < 10000 ? draw.uniform(-5.0, 5.0) : draw.uniform(-745.0, 709.7));
    for (double v : {0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0, 0.6931471805599453, 708.0, 709.78,
                     -708.0, -720.0, -744.0})
        x.push_back(v);
    std::vector<double> y(x.size());
    for (const simd::Kernels *k : builds()) {
        k->expArray(x.data(), y.data(), x.size());
        double worstVector = 0;
        double worstScalar = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const long double expected = std::exp(static_cast<long double>(x[i]));
            const double vector = ulps(y[i], expected);
            const double scalar = ulps(k->scalarExp(x[i]), expected);
            worstVector = std::max(worstVector, vector);
            worstScalar = std::max(worstScalar, scalar);
            QVERIFY2(vector <= 1.5, at(*k, "expArray", x[i], y[i], expected).c_str());
            QVERIFY2(scalar <= 1.0,
                     at(*k, "scalarExp", x[i], k->scalarExp(x[i]), expected).c_str());
        }
        qInfo("[%s] exp: worst %.2f ulp (vector), %.2f ulp (one lane)", k->name, worstVector,
              worstScalar);
    }
}

void TestSimdKernels::logAccuracy()
{
    // Positive normal numbers from 1e-300 to 1e300, and next to 1 where ln x is small.
    Draw draw(0x51d0002);
    std::vector<double> x;
    for (int i = 0; i < 20000; ++i)
        x.push_back(std::exp(draw.uniform(-690.0, 690.0)));
    for (int i = 0; i < 5000; ++i)
        x.push_back(1.0 + draw.uniform(-0.01, 0.01));
    for (double v : {1.0, 2.0, 0.5, 1.0 + kEps, 1.0 - kEps / 2, 0.6875, 1.375, 0.7071067811865476,
                     std::numeric_limits<double>::min(), std::numeric_limits<double>::max()})
        x.push_back(v);
    std::vector<double> y(x.size());
    for (const simd::Kernels *k : builds()) {
        k->logArray(x.data(), y.data(), x.size());
        double worstVector = 0;
        double worstScalar = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const long double expected = std::log(static_cast<long double>(x[i]));
            const double vector = ulps(y[i], expected);
            const double scalar = ulps(k->scalarLog(x[i]), expected);
            worstVector = std::max(worstVector, vector);
            worstScalar = std::max(worstScalar, scalar);
            QVERIFY2(vector <= 2.0, at(*k, "logArray", x[i], y[i], expected).c_str());
            QVERIFY2(scalar <= 1.0,
                     at(*k, "scalarLog", x[i], k->scalarLog(x[i]), expected).c_str());
        }
        qInfo("[%s] log: worst %.2f ulp (vector), %.2f ulp (one lane)", k->name, worstVector,
              worstScalar);
    }
    // One lane also takes subnormals.
    for (const simd::Kernels *k : builds()) {
        for (double v : {std::numeric_limits<double>::denorm_min(), 1e-310, 3.7e-320}) {
            const long double expected = std::log(static_cast<long double>(v));
            QVERIFY2(ulps(k->scalarLog(v), expected) <= 1.0,
                     at(*k, "scalarLog", v, k->scalarLog(v), expected).c_str());
        }
    }
}

void TestSimdKernels::normalCdfAccuracy()
{
    // A few ulps relative over [-38, 8]; the density exp(-x^2/2) to about 2 ulps.
    Draw draw(0x51d0003);
    std::vector<double> x;
    for (int i = 0; i < 20000; ++i)
        x.push_back(draw.uniform(-38.0, 8.0));
    for (double v : {0.0, -1e-300, 1e-300, -1.0, 1.0, -37.5, 7.9})
        x.push_back(v);
    std::vector<double> cdf(x.size());
    std::vector<double> density(x.size());
    for (const simd::Kernels *k : builds()) {
        k->normalCdfArray(x.data(), cdf.data(), density.data(), x.size());
        double worstCdf = 0;
        double worstDensity = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const long double expected = cdfReference(x[i]);
            const double error = ulps(cdf[i], expected);
            worstCdf = std::max(worstCdf, error);
            QVERIFY2(error <= 8.0, at(*k, "normalCdf", x[i], cdf[i], expected).c_str());
            const long double e = densityReference(x[i]);
            worstDensity = std::max(worstDensity, ulps(density[i], e));
            QVERIFY2(ulps(density[i], e) <= 3.0, at(*k, "density", x[i], density[i], e).c_str());
        }
        qInfo("[%s] normal CDF: worst %.2f ulp; density %.2f ulp", k->name, worstCdf, worstDensity);
        // Without a density array.
        std::vector<double> again(x.size());
        k->normalCdfArray(x.data(), again.data(), nullptr, x.size());
        QVERIFY(again == cdf);
    }
}

void TestSimdKernels::specialValues()
{
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (const simd::Kernels *k : builds()) {
        const double x[] = {inf, -inf, nan, 710.0, -746.0, 0.0};
        double y[6];
        k->expArray(x, y, 6);
        QCOMPARE(y[0], inf);
        QCOMPARE(y[1], 0.0);
        QVERIFY(std::isnan(y[2]));
        QCOMPARE(y[3], inf);
        QCOMPARE(y[4], 0.0);
        QCOMPARE(y[5], 1.0);
        QCOMPARE(k->scalarExp(inf), inf);
        QCOMPARE(k->scalarExp(-inf), 0.0);
        QVERIFY(std::isnan(k->scalarExp(nan)));
        QCOMPARE(k->scalarExp(710.0), inf);
        QCOMPARE(k->scalarExp(-746.0), 0.0);
        QCOMPARE(k->scalarExp(0.0), 1.0);
        QCOMPARE(k->scalarLog(1.0), 0.0);
        QCOMPARE(k->scalarLog(0.0), -inf);
        QCOMPARE(k->scalarLog(inf), inf);
        QVERIFY(std::isnan(k->scalarLog(-1.0)));
        QVERIFY(std::isnan(k->scalarLog(nan)));
        const double cdfIn[] = {-inf, inf, -50.0, 50.0};
        double cdfOut[4];
        k->normalCdfArray(cdfIn, cdfOut, nullptr, 4);
        QCOMPARE(cdfOut[0], 0.0);
        QCOMPARE(cdfOut[1], 1.0);
        QCOMPARE(cdfOut[2], 0.0);
        QCOMPARE(cdfOut[3], 1.0);
    }
}

void TestSimdKernels::arrayLengths()
{
    // Every length up to two groups and more, including the padded last group; nothing is
    // written past n.
    for (const simd::Kernels *k : builds()) {
        for (std::size_t n = 0; n <= 11; ++n) {
            std::vector<double> x(n + 1, 0.5);
            for (std::size_t i = 0; i < n; ++i)
                x[i] = 0.1 * static_cast<double>(i + 1);
            std::vector<double> y(n + 1, -7.0);
            k->expArray(x.data(), y.data(), n);
            QCOMPARE(y[n], -7.0);
            for (std::size_t i = 0; i < n; ++i)
                QVERIFY(ulps(y[i], std::exp(static_cast<long double>(x[i]))) <= 2.0);
        }
    }
}

QTEST_GUILESS_MAIN(TestSimdKernels)
#include "tst_simdkernels.moc"
