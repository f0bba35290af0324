// "Let's Be Rational" (P. Jaeckel, Wilmott, January 2015, pp. 40-53), written for the desk from
// the paper's mathematics. Notation: x = ln(F/K), s = sigma sqrt(T), h = x/s, t = s/2, and
// Y(z) = Phi(z)/phi(z), so that for a call with x <= 0
//   b(x, s) = Phi(h+t) e^{x/2} - Phi(h-t) e^{-x/2} = exp(-(h^2+t^2)/2)/sqrt(2 pi) [Y(h+t) - Y(h-t)]
// and b'(s) = exp(-(h^2+t^2)/2)/sqrt(2 pi). Four evaluation regions avoid the cancellation in
// Y(h+t) - Y(h-t):
//   I   h < eta, t < tau + |h| - |eta|: asymptotic series of Y for z -> -inf, regrouped as
//       (r/t)(Y(h+t) - Y(h-t)) = 2 sum_n (-1)^n (2n-1)!! q^n sum_i C(2n+1, 2i+1) e^i
//       with r = (h+t)(h-t), q = (h/r)^2, e = (t/h)^2 (17 terms in q);
//   II  t < tau: Taylor series in t, Y(h+t) - Y(h-t) = 2 sum_{k odd} Y^(k)(h) t^k / k!, with
//       Y' = 1 + hY and Y^(k+1) = h Y^(k) + k Y^(k-1) (to t^17);
//   III h + t > 0.85: the Black formula itself (the first term dominates);
//   IV  otherwise: b = exp(-(h^2+t^2)/2)/2 [erfcx(-(h+t)/sqrt2) - erfcx(-(h-t)/sqrt2)].
// The initial guess interpolates s(beta) with Delbourgo-Gregory rational cubics on four branches
// around s_c = sqrt(2|x|) (lower and upper branches after the maps f = (2pi/sqrt27)|x| Phi(-z)^3,
// z = |x|/(sqrt3 s), and f = Phi(-s/2)); Householder(3) steps then solve g(s) = 0 for
// g = 1/ln b - 1/ln beta (lowest branch), ln(b_max - beta) - ln(b_max - b) (highest branch) or
// b - beta (middle branches), with bracketing and bisection as safeguards.
#include "pricing/letsberational.h"

#include "pricing/blackscholes.h"
#include "pricing/normaldistribution.h"
#include "pricing/simdkernels.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>

namespace mag7::pricing::lbr {

namespace {

// exp and log of the desk's scalar math (simdmath.inc; within about 1 ulp).
#include "pricing/simdmath.inc"

[[gnu::always_inline]] inline double fastExp(double x)
{
    return exp<simd::ScalarPolicy>(x);
}

[[gnu::always_inline]] inline double fastLog(double x)
{
    return log<simd::ScalarPolicy>(x);
}

// Cube root of v > 0 (normal): an estimate from the exponent bits (within 4%), then Halley
// steps y <- y (y^3 + 2v) / (2y^3 + v), each tripling the correct digits (to about 1e-16
// after three).
double cubeRoot(double v)
{
    const auto bits = __builtin_bit_cast(std::uint64_t, v);
    double y = __builtin_bit_cast(double, bits / 3 + 0x2a9f7893782da1ceull);
    for (int i = 0; i < 3; ++i) {
        const double y3 = y * y * y;
        y *= (y3 + 2 * v) / (2 * y3 + v);
    }
    return y;
}

constexpr double kInvSqrt2Pi = 0.39894228040143267794;
constexpr double kSqrt2Pi = 2.50662827463100050242;
constexpr double kSqrtPiOver2 = 1.25331413731550025121;
constexpr double kSqrt3 = 1.73205080756887729353;
constexpr double kTwoPi = 6.28318530717958647693;
constexpr double kTwoPiOverSqrt27 = 1.20919957615614523373;
constexpr double kPiOver6 = 0.52359877559829887308;

constexpr double kEta = -10.0;               // region I: h < eta
constexpr double kTau = 0.21022410381342863; // region II: t < tau = 2 eps^(1/16)
constexpr int kAsymptoticTerms = 18;         // powers q^0 .. q^17
constexpr int kSmallTOrder = 17;             // Taylor series to t^17

constexpr double kMaxControl = 2.0 / (DBL_EPSILON * DBL_EPSILON);
constexpr double kMinControl = -(1.0 - 1.4901161193847656e-08); // -(1 - sqrt(eps))

// Coefficients 2 (-1)^n (2n-1)!! C(2n+1, 2i+1) of q^n e^i in region I.
struct AsymptoticTable {
    double c[kAsymptoticTerms][kAsymptoticTerms] = {};
};

constexpr AsymptoticTable makeAsymptoticTable()
{
    AsymptoticTable table;
    double doubleFactorial = 1.0; // (2n-1)!!, with (-1)!! = 1
    for (int n = 0; n < kAsymptoticTerms; ++n) {
        if (n > 0)
            doubleFactorial *= 2 * n - 1;
        const int m = 2 * n + 1;
        const double sign = n % 2 == 0 ? 2.0 : -2.0;
        double binomial = 1.0; // C(m, j)
        for (int j = 0; j <= m; ++j) {
            if (j % 2 == 1)
                table.c[n][(j - 1) / 2] = sign * doubleFactorial * binomial;
            binomial = binomial * (m - j) / (j + 1);
        }
    }
    return table;
}

constexpr AsymptoticTable kAsymptotic = makeAsymptoticTable();

double square(double v)
{
    return v * v;
}

// Region I, x <= 0; `gauss` = exp(-(h^2+t^2)/2).
double blackAsymptotic(double h, double t, double gauss)
{
    const double e = square(t / h);
    const double r = (h + t) * (h - t);
    const double q = square(h / r);
    double sum = 0.0;
    for (int n = kAsymptoticTerms - 1; n >= 0; --n) {
        double inner = 0.0;
        for (int i = n; i >= 0; --i)
            inner = inner * e + kAsymptotic.c[n][i];
        sum = sum * q + inner;
    }
    return kInvSqrt2Pi * gauss * (t / r) * sum;
}

// Region II, x <= 0. Terms are added until they stop mattering (all Y^(k) are positive).
double blackSmallT(double h, double t, double gauss)
{
    // 1 / ((k+1)(k+2)) for k = 1, 3, ..., 15: the step from t^k/k! to t^(k+2)/(k+2)!.
    static constexpr double kStep[] = {1.0 / 6,   1.0 / 20,  1.0 / 42,  1.0 / 72,
                                       1.0 / 110, 1.0 / 156, 1.0 / 210, 1.0 / 272};
    double previous = kSqrt2Pi * normalTailScaled(-h); // Y(h)
    double current = 1.0 + h * previous;               // Y'(h)
    double power = t;                                  // t^k / k!
    double sum = current * power;
    const double t2 = t * t;
    for (int k = 1; k < kSmallTOrder; k += 2) {
        const double even = h * current + k * previous;  // Y^(k+1)(h)
        const double odd = h * even + (k + 1) * current; // Y^(k+2)(h)
        previous = even;
        current = odd;
        power *= t2 * kStep[(k - 1) / 2];
        const double term = current * power;
        sum += term;
        if (term <= 1e-17 * sum)
            break;
    }
    return 2.0 * kInvSqrt2Pi * gauss * sum;
}

// b and b' = d b / d s for a call with x <= 0 and s > 0, given e^{x/2}. With G(z) =
// Phi(-z) e^{z^2/2} (the scaled normal tail), Y(z) = sqrt(2 pi) G(-z) for z <= 0, and
// (h+t)^2/2 = (h^2+t^2)/2 + x/2 gives, for h + t > 0,
//   b = e^{x/2} - exp(-(h^2+t^2)/2) [G(h+t) + G(t-h)],
// which is region III (where b is at least a good fraction of e^{x/2}) and the second half of
// region IV; both use the exponential already needed for b'.
struct BlackValue {
    double b;
    double vega;
};

BlackValue blackOutOfTheMoney(double x, double s, double expHalfX)
{
    const double h = x / s;
    const double t = 0.5 * s;
    const double gauss = fastExp(-0.5 * (h * h + t * t));
    const double vega = kInvSqrt2Pi * gauss;
    if (x < s * kEta && 0.5 * s * s + x < s * (kTau + kEta))
        return {blackAsymptotic(h, t, gauss), vega};
    if (t < kTau)
        return {blackSmallT(h, t, gauss), vega};
    if (h + t <= 0) // region IV, first half
        return {gauss * (normalTailScaled(-(h + t)) - normalTailScaled(t - h)), vega};
    return {expHalfX - gauss * (normalTailScaled(h + t) + normalTailScaled(t - h)), vega};
}

// Normalised intrinsic value of a call, x > 0.
double intrinsicCall(double x)
{
    return 2.0 * std::sinh(0.5 * x);
}

// A call at any x: out of the money directly, in the money as its intrinsic value plus the
// out-of-the-money call at -x (put-call symmetry of the normalised price).
BlackValue blackCallAndVega(double x, double s)
{
    if (!(s > 0))
        return {x > 0 ? intrinsicCall(x) : 0.0, 0.0};
    const double otmX = -std::abs(x);
    const BlackValue otm = blackOutOfTheMoney(otmX, s, fastExp(0.5 * otmX));
    return {x > 0 ? intrinsicCall(x) + otm.b : otm.b, otm.vega};
}

double blackCall(double x, double s)
{
    return blackCallAndVega(x, s).b;
}

// An out-of-the-money call (x <= 0) given e^{x/2}, for the solver.
BlackValue blackOtm(double x, double s, double expHalfX)
{
    if (!(s > 0))
        return {0.0, 0.0};
    return blackOutOfTheMoney(x, s, expHalfX);
}

// The Householder(3) step from the Newton step nu = -g/g', with halley = g''/g' and
// hh3 = g'''/g': nu (1 + nu halley/2) / (1 + nu (halley + nu hh3/6)).
double householderStep(double newton, double halley, double hh3)
{
    return newton * (1.0 + 0.5 * halley * newton) /
           (1.0 + newton * (halley + hh3 * newton * (1.0 / 6)));
}

// Delbourgo-Gregory rational cubic through (xl, yl), (xr, yr) with slopes dl, dr and control r.
double rationalCubic(double v, double xl, double xr, double yl, double yr, double dl, double dr,
                     double r)
{
    const double h = xr - xl;
    if (std::abs(h) <= 0)
        return 0.5 * (yl + yr);
    const double t = (v - xl) / h;
    if (!(r < kMaxControl))
        return yr * t + yl * (1 - t);
    const double u = 1 - t;
    const double t2 = t * t;
    const double u2 = u * u;
    return (yr * t2 * t + (r * yr - h * dr) * t2 * u + (r * yl + h * dl) * t * u2 + yl * u2 * u) /
           (1 + (r - 3) * t * u);
}

bool isZero(double v)
{
    return std::abs(v) < DBL_MIN;
}

// Smallest control parameter that keeps the interpolant monotone and convex (or concave) where
// the data are.
double minimumControl(double dl, double dr, double slope, bool preferShape)
{
    const bool monotonic = dl * slope >= 0 && dr * slope >= 0;
    const bool convex = dl <= slope && slope <= dr;
    const bool concave = dl >= slope && slope >= dr;
    if (!monotonic && !convex && !concave)
        return kMinControl;
    double r1 = -DBL_MAX;
    double r2 = -DBL_MAX;
    if (monotonic) {
        if (!isZero(slope))
            r1 = (dr + dl) / slope;
        else if (preferShape)
            r1 = kMaxControl;
    }
    if (convex || concave) {
        const double span = dr - dl;
        if (!(isZero(slope - dl) || isZero(dr - slope)))
            r2 = std::max(std::abs(span / (dr - slope)), std::abs(span / (slope - dl)));
        else if (preferShape)
            r2 = kMaxControl;
    } else if (monotonic && preferShape) {
        r2 = kMaxControl;
    }
    return std::max(kMinControl, std::max(r1, r2));
}

// Control parameter matching the second derivative at the left or the right end, raised to the
// shape-preserving minimum.
double controlFittingSecondDerivative(bool atLeft, double xl, double xr, double yl, double yr,
                                      double dl, double dr, double second, bool preferShape)
{
    const double h = xr - xl;
    const double slope = (yr - yl) / h;
    const double numerator = 0.5 * h * second + (dr - dl);
    double fitted;
    if (isZero(numerator)) {
        fitted = 0.0;
    } else {
        const double denominator = atLeft ? slope - dl : dr - slope;
        if (isZero(denominator))
            fitted = numerator > 0 ? kMaxControl : kMinControl;
        else
            fitted = numerator / denominator;
    }
    return std::max(fitted, minimumControl(dl, dr, slope, preferShape));
}

// Lower map f(s) = (2pi/sqrt27)|x| Phi(-z)^3, z = |x|/(sqrt3 s), and its first two derivatives
// with respect to beta = b(x, s). Phi(-z) e^{z^2/2} = Y(-z)/sqrt(2pi) keeps them finite.
void lowerMap(double x, double s, double &f, double &fp, double &fpp)
{
    const double ax = std::abs(x);
    const double z = ax / (kSqrt3 * s);
    const double y = z * z;
    const double s2 = s * s;
    const double scaled = normalTailScaled(z); // Phi(-z) e^{y/2}
    const double mills = kSqrt2Pi * scaled;    // Y(-z) = Phi(-z)/phi(z)
    const double gaussZ = fastExp(-0.5 * y);   // e^{-z^2/2}
    const double gaussS = fastExp(0.125 * s2); // e^{s^2/8}
    const double phi = scaled * gaussZ;        // Phi(-z)
    f = kTwoPiOverSqrt27 * ax * phi * phi * phi;
    fp = kTwoPi * y * scaled * scaled * gaussS;
    // e^{3z^2/2 + s^2/4} = gaussS^2 / gaussZ^3 (infinite where the exponential overflows).
    fpp = kPiOver6 * y / (s2 * s) * scaled * (gaussS * gaussS / (gaussZ * gaussZ * gaussZ)) *
          (8 * kSqrt3 * s * ax + (3 * s2 * (s2 - 8) - 8 * x * x) * mills);
}

double inverseLowerMap(double x, double f)
{
    if (!(f > 0))
        return 0.0;
    const double p = cubeRoot(f / (kTwoPiOverSqrt27 * std::abs(x)));
    return std::abs(x / (kSqrt3 * inverseNormalCdf(p)));
}

// Upper map f(s) = Phi(-s/2) and its derivatives with respect to beta.
void upperMap(double x, double s, double &f, double &fp, double &fpp)
{
    f = pricing::normalCdf(-0.5 * s);
    const double w = square(x / s);
    fp = -0.5 * fastExp(0.5 * w);
    fpp = kSqrtPiOver2 * fastExp(w + 0.125 * s * s) * w / s;
}

double inverseUpperMap(double f)
{
    return -2.0 * inverseNormalCdf(f);
}

enum class Objective { Lower, Middle, Upper };

struct Iteration {
    double x;
    double beta;
    double bMax;
    double left;
    double right;
};

// Householder(3) on the branch's objective, bracketed by [left, right], at most n steps.
double refine(const Iteration &it, double s, Objective objective, int maxIterations,
              int &iterations)
{
    double left = it.left;
    double right = it.right;
    double ds = -DBL_MAX;
    double previousDs = 0.0;
    int reversals = 0;
    const double lnBeta = objective == Objective::Lower ? fastLog(it.beta) : 0.0;
    for (; iterations < maxIterations && std::abs(ds) > DBL_EPSILON * s; ++iterations) {
        if (ds * previousDs < 0)
            ++reversals;
        if (iterations > 0 && (reversals == 3 || !(s > left && s < right))) {
            // Looping, or the step left the bracket: bisect.
            s = 0.5 * (left + right);
            if (right - left <= DBL_EPSILON * s)
                break;
            reversals = 0;
            ds = 0.0;
        }
        previousDs = ds;
        const BlackValue value = blackOtm(it.x, s, it.bMax);
        const double b = value.b;
        const double bp = value.vega;
        if (b > it.beta && s < right)
            right = s;
        else if (b < it.beta && s > left)
            left = s;
        if (!(b > 0) || !(bp > 0)) {
            ds = 0.5 * (left + right) - s;
            s += ds;
            continue;
        }
        const double invS = 1.0 / s;
        const double h = it.x * invS;
        const double hOverS = h * invS;
        const double bHalley = h * hOverS - 0.25 * s;                       // b''/b'
        const double bHh3 = bHalley * bHalley - 3 * hOverS * hOverS - 0.25; // b'''/b'
        if (objective == Objective::Lower) {
            // g = 1/ln b - 1/ln beta: Newton step (ln beta - ln b) ln b b / (ln beta b').
            const double lnB = fastLog(b);
            const double invLnB = 1.0 / lnB;
            const double bpob = bp / b;
            const double halley = bHalley - bpob * (1 + 2 * invLnB);
            const double hh3 = bHh3 + 2 * bpob * bpob * (1 + 3 * invLnB * (1 + invLnB)) -
                               3 * bHalley * bpob * (1 + 2 * invLnB);
            const double newton = (lnBeta - lnB) * lnB * b / (lnBeta * bp);
            ds = std::max(-0.5 * s, householderStep(newton, halley, hh3));
        } else if (objective == Objective::Upper) {
            // g = ln((b_max - beta)/(b_max - b)), g' = b'/(b_max - b).
            if (b >= it.bMax)
                break;
            const double gap = it.bMax - b;
            const double g = fastLog((it.bMax - it.beta) / gap);
            const double gp = bp / gap;
            const double halley = bHalley + gp;
            const double hh3 = bHh3 + gp * (2 * gp + 3 * bHalley);
            ds = householderStep(-g / gp, halley, hh3);
        } else {
            // g = b - beta.
            ds = std::max(-0.5 * s, householderStep((it.beta - b) / bp, bHalley, bHh3));
        }
        s += ds;
    }
    return s;
}

// beta of a call with x <= 0, 0 < beta < e^{x/2}.
double solveOutOfTheMoney(double beta, double x, double bMax, int maxIterations, int &iterations)
{
    const double sc = std::sqrt(std::abs(2 * x));
    const BlackValue central = blackOtm(x, sc, bMax);
    const double bc = central.b;
    const double vc = central.vega;
    Iteration it{x, beta, bMax, DBL_MIN, DBL_MAX};
    if (beta < bc) {
        const double sl = sc - bc / vc;
        const BlackValue low = blackOtm(x, sl, bMax);
        const double bl = low.b;
        if (beta < bl) {
            double fl;
            double fpl;
            double fppl;
            lowerMap(x, sl, fl, fpl, fppl);
            double f = 0.0;
            if (std::isfinite(fppl)) {
                const double r =
                    controlFittingSecondDerivative(false, 0.0, bl, 0.0, fl, 1.0, fpl, fppl, true);
                f = rationalCubic(beta, 0.0, bl, 0.0, fl, 1.0, fpl, r);
            }
            if (!(f > 0)) { // quadratic through f(0) = 0, f'(0) = 1, f(bl) = fl
                const double t = beta / bl;
                f = (fl * t + bl * (1 - t)) * t;
            }
            it.right = sl;
            return refine(it, inverseLowerMap(x, f), Objective::Lower, maxIterations, iterations);
        }
        const double vl = low.vega;
        const double r =
            controlFittingSecondDerivative(false, bl, bc, sl, sc, 1 / vl, 1 / vc, 0.0, false);
        it.left = sl;
        it.right = sc;
        return refine(it, rationalCubic(beta, bl, bc, sl, sc, 1 / vl, 1 / vc, r), Objective::Middle,
                      maxIterations, iterations);
    }
    const double sh = vc > DBL_MIN ? sc + (bMax - bc) / vc : sc;
    const BlackValue high = blackOtm(x, sh, bMax);
    const double bh = high.b;
    if (beta <= bh) {
        const double vh = high.vega;
        const double r =
            controlFittingSecondDerivative(true, bc, bh, sc, sh, 1 / vc, 1 / vh, 0.0, false);
        it.left = sc;
        it.right = sh;
        return refine(it, rationalCubic(beta, bc, bh, sc, sh, 1 / vc, 1 / vh, r), Objective::Middle,
                      maxIterations, iterations);
    }
    double fh;
    double fph;
    double fpph;
    upperMap(x, sh, fh, fph, fpph);
    double f = 0.0;
    if (std::isfinite(fpph)) {
        const double r =
            controlFittingSecondDerivative(true, bh, bMax, fh, 0.0, fph, -0.5, fpph, true);
        f = rationalCubic(beta, bh, bMax, fh, 0.0, fph, -0.5, r);
    }
    if (!(f > 0)) { // quadratic through f(bh) = fh, f(bMax) = 0, f'(bMax) = -1/2
        const double span = bMax - bh;
        const double t = (beta - bh) / span;
        f = (fh * (1 - t) + 0.5 * span * t) * (1 - t);
    }
    it.left = sh;
    const double s = inverseUpperMap(f);
    return refine(it, s, beta > 0.5 * bMax ? Objective::Upper : Objective::Middle, maxIterations,
                  iterations);
}

} // namespace

double normalisedBlack(double x, double s, double theta)
{
    return blackCall(theta < 0 ? -x : x, s);
}

double normalisedVega(double x, double s)
{
    return blackCallAndVega(x, s).vega;
}

Solution impliedNormalisedVolatility(double beta, double x, double theta, int maxIterations)
{
    Solution solution;
    // Out of the money: subtract the intrinsic value (put-call parity), then a put is the call
    // at -x.
    if (theta * x > 0) {
        const double intrinsic = intrinsicCall(std::abs(x));
        if (beta < intrinsic) {
            solution.status = Status::BelowIntrinsic;
            return solution;
        }
        beta = beta - intrinsic;
        theta = -theta;
    }
    if (theta < 0)
        x = -x;
    if (!(beta > 0)) {
        if (beta < 0)
            solution.status = Status::BelowIntrinsic;
        return solution;
    }
    const double bMax = fastExp(0.5 * x);
    if (beta >= bMax) {
        solution.status = Status::AboveMaximum;
        return solution;
    }
    solution.s = solveOutOfTheMoney(beta, x, bMax, maxIterations, solution.iterations);
    return solution;
}

} // namespace mag7::pricing::lbr
