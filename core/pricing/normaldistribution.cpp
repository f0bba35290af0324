#include "pricing/normaldistribution.h"

#include "pricing/blackscholes.h"
#include "pricing/simdkernels.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace mag7::pricing {

namespace {

// The kernels of the vectorised Black-Scholes code (simdmath.inc) on plain doubles, for the
// scalar normal CDF and the implied-volatility solver.
using Scalar = simd::ScalarPolicy;

#include "pricing/simdmath.inc"

constexpr double kInvSqrtPi = 0.56418958354775628695;
constexpr double kMaxTailRational = 38.5; // fitted range of normalTailRatio

// c[0] + x*(c[1] + x*(c[2] + ...)).
template <int N>
double horner(double x, const double (&c)[N])
{
    double r = c[N - 1];
    for (int i = N - 2; i >= 0; --i)
        r = r * x + c[i];
    return r;
}

// Cody's three ranges for a >= 0 (coefficients in ascending powers).
constexpr double kErfNum[] = {3.20937758913846947e03, 3.77485237685302021e02,
                              1.13864154151050156e02, 3.16112374387056560e00,
                              1.85777706184603153e-1};
constexpr double kErfDen[] = {2.84423683343917062e03, 1.28261652607737228e03,
                              2.44024637934444173e02, 2.36012909523441209e01, 1.0};
constexpr double kMidNum[] = {
    1.23033935479799725e03, 2.05107837782607147e03, 1.71204761263407058e03,
    8.81952221241769090e02, 2.98635138197400131e02, 6.61191906371416295e01,
    8.88314979438837594e00, 5.64188496988670089e-1, 2.15311535474403846e-8};
constexpr double kMidDen[] = {
    1.23033935480374942e03, 3.43936767414372164e03, 4.36261909014324716e03,
    3.29079923573345963e03, 1.62138957456669019e03, 5.37181101862009858e02,
    1.17693950891312499e02, 1.57449261107098347e01, 1.0};
constexpr double kTailNum[] = {6.58749161529837803e-4, 1.60837851487422766e-2,
                               1.25781726111229246e-1, 3.60344899949804439e-1,
                               3.05326634961232344e-1, 1.63153871373020978e-2};
constexpr double kTailDen[] = {2.33520497626869185e-3, 6.05183413124413191e-2,
                               5.27905102951428412e-1, 1.87295284992346047e00,
                               2.56852019228982242e00, 1.0};

// erf(a) for |a| < 0.5.
double erfSmall(double a)
{
    const double a2 = a * a;
    return a * horner(a2, kErfNum) / horner(a2, kErfDen);
}

// erfcx(a) for a >= 0.46875.
double erfcxLarge(double a)
{
    if (a <= 4.0)
        return horner(a, kMidNum) / horner(a, kMidDen);
    const double z = 1.0 / (a * a);
    return (kInvSqrtPi - z * horner(z, kTailNum) / horner(z, kTailDen)) / a;
}

// exp(-a^2) with a^2 split as (a rounded to 1/16)^2 + rest, so the large exponent is exact.
double expMinusSquare(double a)
{
    const double ar = std::trunc(a * 16.0) * 0.0625;
    return expSum<Scalar>(-ar * ar, -(a - ar) * (a + ar));
}

constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

} // namespace

double normalTailScaled(double b)
{
    if (b <= kMaxTailRational) {
        double num;
        double den;
        normalTailRatio<Scalar>(b, &num, &den);
        return num / den;
    }
    if (std::isnan(b))
        return b;
    return 0.5 * erfcxLarge(b * kInvSqrt2);
}

double erfcx(double x)
{
    if (std::isnan(x))
        return x;
    const double a = std::abs(x);
    if (x >= 0)
        return a * kSqrt2 <= kMaxTailRational ? 2.0 * normalTailScaled(a * kSqrt2) : erfcxLarge(a);
    // erfcx(-a) = 2 exp(a^2) - erfcx(a).
    if (a > 26.7)
        return std::numeric_limits<double>::infinity();
    if (a < 0.46875)
        return exp<Scalar>(a * a) * (1.0 + erfSmall(a));
    const double ar = std::trunc(a * 16.0) * 0.0625;
    return 2.0 * expSum<Scalar>(ar * ar, (a - ar) * (a + ar)) - erfcxLarge(a);
}

double erfcCody(double x)
{
    if (std::isnan(x))
        return x;
    const double a = std::abs(x);
    if (a < 0.46875)
        return 1.0 - erfSmall(x);
    const double tail = a > 27.3 ? 0.0 : expMinusSquare(a) * erfcxLarge(a);
    return x > 0 ? tail : 2.0 - tail;
}

double normalCdf(double x)
{
    if (std::isnan(x))
        return x;
    double density;
    return normalCdf<Scalar>(x, &density);
}

double normalPdf(double x)
{
    if (std::isnan(x))
        return x;
    if (!(std::abs(x) < 40.0))
        return 0.0;
    double hi;
    double lo;
    minusHalfSquare<Scalar>(x, &hi, &lo);
    return kInvSqrt2Pi * expSum<Scalar>(hi, lo);
}

double inverseNormalCdf(double p)
{
    if (std::isnan(p))
        return p;
    if (p <= 0.0)
        return -std::numeric_limits<double>::infinity();
    if (p >= 1.0)
        return std::numeric_limits<double>::infinity();
    const double q = p - 0.5;
    if (std::abs(q) <= 0.425) {
        static constexpr double num[] = {3.3871328727963666080e0, 1.3314166789178437745e2,
                                         1.9715909503065514427e3, 1.3731693765509461125e4,
                                         4.5921953931549871457e4, 6.7265770927008700853e4,
                                         3.3430575583588128105e4, 2.5090809287301226727e3};
        static constexpr double den[] = {1.0,
                                         4.2313330701600911252e1,
                                         6.8718700749205790830e2,
                                         5.3941960214247511077e3,
                                         2.1213794301586595867e4,
                                         3.9307895800092710610e4,
                                         2.8729085735721942674e4,
                                         5.2264952788528545610e3};
        const double r = 0.180625 - q * q;
        return q * horner(r, num) / horner(r, den);
    }
    double r = std::sqrt(-log<Scalar>(q < 0 ? p : 1.0 - p));
    double x;
    if (r <= 5.0) {
        static constexpr double num[] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                                         5.76949722146069140550e0,  3.64784832476320460504e0,
                                         1.27045825245236838258e0,  2.41780725177450611770e-1,
                                         2.27238449892691845833e-2, 7.74545014278341407640e-4};
        static constexpr double den[] = {1.0,
                                         2.05319162663775882187e0,
                                         1.67638483018380384940e0,
                                         6.89767334985100004550e-1,
                                         1.48103976427480074590e-1,
                                         1.51986665636164571966e-2,
                                         5.47593808499534494600e-4,
                                         1.05075007164441684324e-9};
        r -= 1.6;
        x = horner(r, num) / horner(r, den);
    } else {
        static constexpr double num[] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                                         1.78482653991729133580e0,  2.96560571828504891230e-1,
                                         2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                         2.71155556874348757815e-5, 2.01033439929228813265e-7};
        static constexpr double den[] = {1.0,
                                         5.99832206555887937690e-1,
                                         1.36929880922735805310e-1,
                                         1.48753612908506148525e-2,
                                         7.86869131145613259100e-4,
                                         1.84631831751005468180e-5,
                                         1.42151175831644588870e-7,
                                         2.04426310338993978564e-15};
        r -= 5.0;
        x = horner(r, num) / horner(r, den);
    }
    return q < 0 ? -x : x;
}

} // namespace mag7::pricing
