// Andersen-Lake-Offengenden fixed-point method for the American put boundary (strike 1).
//
// L. Andersen, M. Lake, D. Offengenden, "High-performance American option pricing", Journal of
// Computational Finance 20(1), 2016 (ALO). With d+-(t, x) = (ln x + (r - q) t) / (sigma sqrt t)
// +- sigma sqrt(t) / 2, the boundary solves ALO's "FP-A" system
//   B(tau) = e^{-(r-q) tau} N(tau, B) / D(tau, B),
//   N = phi(d-(tau, B)) / v + r int_0^tau e^{r u} phi(d-(m, B(tau)/B(u))) / (sigma sqrt m) du,
//   D = phi(d+(tau, B)) / v + Phi(d+(tau, B))
//       + q int_0^tau e^{q u} [Phi(d+(m, .)) + phi(d+(m, .)) / (sigma sqrt m)] du,
// with m = tau - u and v = sigma sqrt(tau), or the "FP-B" form with
//   N = Phi(d-(tau, B)) + r int_0^tau e^{r u} Phi(d-(m, B(tau)/B(u))) du,
//   D = Phi(d+(tau, B)) + q int_0^tau e^{q u} Phi(d+(m, B(tau)/B(u))) du.
// A converges in fewer steps in most of the domain but slows down, then diverges, as the drift
// comes to dominate the volatility (low vol, long expiry), where B converges; the pricer picks
// the equation and the number of steps by the drift ratio (r - q) sqrt(T) / sigma
// (americancore.h). B is represented by H = ln(B/X)^2 at Chebyshev-Lobatto
// points in z = 2 sqrt(tau/T) - 1 (X = B(0+) = min(1, r/q), 1 when q <= 0). The integrals are
// Gauss-Legendre in theta with u = tau sin^2(theta): both sqrt(u) (the boundary's variable) and
// sqrt(m) (the kernel's) are smooth in theta, which is what lets a handful of points reach 1e-6.
// The start is Li's QD+ boundary (M. Li, "Analytical approximations for the critical stock
// prices of American options", Review of Derivatives Research 13, 2010), solved by Halley's
// method per node from the Bjerksund-Stensland (1993) trigger; then one Jacobi-Newton step (ALO:
// Newton on B(tau_j) = F(B)(tau_j) at every node, with F's derivative taken through the explicit,
// non-integral terms only) and plain fixed-point steps.
//
// The price is the European price plus the premium
//   int_0^T [ r e^{-rt} Phi(-d-(t, s / B(T-t))) - q s e^{-qt} Phi(-d+(t, s / B(T-t))) ] dt,
// by Gauss-Legendre in theta, t = T sin^2(theta); it needs only ln B at fixed points, so a cached
// boundary reprices any spot with 2p normal CDFs.
//
// Accuracy of the default scheme (8 Chebyshev intervals, 6 points per fixed-point integral, one
// Jacobi-Newton and one fixed-point step, 20 premium points) against QuantLib's
// QdFpAmericanEngine high-precision scheme over S 50-200, K/S 0.6-1.4, T 1 day-2 years, vol
// 5%-150%, r 0-8%, q 0-5% (tests/pricing/tst_americanrandom*.cpp): max absolute error about
// 9e-5 per 100 of price level, mean about 1e-6; the largest errors are long-dated, low-vol puts
// with r > q, where the fixed-point iteration converges slowest (a second fixed-point step brings
// the maximum to 3e-5). A scheme of 16 intervals, 24 points and 10 steps agrees with the
// high-precision engine to about 1e-6, the reference's own accuracy.
//
// Cost: the collocation points, the quadrature points inside every integral and the Lagrange
// weights that interpolate H there do not depend on the option, so they are tables built once per
// scheme. Per option everything runs four lanes at a time (GCC vector extensions) through
// branch-free exp, log and normal CDF: Phi by Hart's double-precision rational approximation
// (J. F. Hart, Computer Approximations, 1968, algorithm 5666, as given by G. West, "Better
// approximations to cumulative normal functions", Wilmott Magazine 2005), absolute error below
// 3e-16 and the density from the same exponential. The kernels are compiled twice, for AVX2 with
// fused multiply-add (four lanes in one register) and for baseline x86-64 (two-lane SSE2
// registers), and the build is chosen at run time from the CPU; both do the same operations in
// the same order, the AVX2 build rounding once per fused multiply-add, so they agree to rounding
// (about 1e-16 on a premium per unit strike; tests/pricing/tst_american.cpp checks it).
//
// Known limitation: the boundary's limit at expiry, X = min(1, r/q), has a kink in the rates at
// r = q, which the collocation carries into the whole boundary; with rates near zero the price
// moves by about 1e-5 across a 1e-4 rate bump there, so rho is only accurate to about 10% within
// a few basis points of r = q.
#include "pricing/americanboundary.h"

#include "pricing/americankernels.h"

#include <emmintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <numbers>
#include <vector>

namespace mag7::pricing::detail {

namespace {

// ---- Vector arithmetic ----------------------------------------------------------------------
// The per-option kernels are written once for a GCC vector of doubles V and instantiated twice:
// V2 (two lanes, one SSE2 register: every x86-64) and, inside a function compiled for AVX2 and
// FMA, V4 (four lanes, one AVX register), chosen once at run time from the CPU. Vectors never
// cross a function boundary by value (helpers take references and are always inlined), so no
// code depends on the vector ABI. The AVX2 functions also allow the compiler to fuse a * b + c
// into one instruction (ISO C++ mode turns contraction off by default); the two builds then
// agree to rounding.

using V2 = double __attribute__((vector_size(16)));
using V4 = double __attribute__((vector_size(32)));

template <class V>
struct Lanes;
template <>
struct Lanes<V2> {
    using Int = std::int64_t __attribute__((vector_size(16)));
    using UInt = std::uint64_t __attribute__((vector_size(16)));
    static constexpr int count = 2;
};
template <>
struct Lanes<V4> {
    using Int = std::int64_t __attribute__((vector_size(32)));
    using UInt = std::uint64_t __attribute__((vector_size(32)));
    static constexpr int count = 4;
};

// Tables are interleaved in blocks of four points; a V2 build reads each block in two halves.
constexpr int kBlock = 4;

constexpr int blocksOf(int count)
{
    return (count + kBlock - 1) / kBlock;
}

template <class V>
[[gnu::always_inline]] inline void load(const double *p, V &out)
{
    std::memcpy(&out, p, sizeof out);
}

template <class V>
[[gnu::always_inline]] inline void store(double *p, const V &x)
{
    std::memcpy(p, &x, sizeof x);
}

template <class V>
[[gnu::always_inline]] inline void splat(double d, V &out)
{
    out = V{} + d;
}

// Lanes of a where the mask is set, of b elsewhere.
template <class V>
[[gnu::always_inline]] inline void select(const typename Lanes<V>::Int &mask, const V &a,
                                          const V &b, V &out)
{
    out = mask ? a : b;
}

template <class V>
[[gnu::always_inline]] inline void minV(const V &a, const V &b, V &out)
{
    out = a < b ? a : b;
}

template <class V>
[[gnu::always_inline]] inline void maxV(const V &a, const V &b, V &out)
{
    out = a > b ? a : b;
}

// Square root of every lane (SSE2 instructions exist on every x86-64).
[[gnu::always_inline]] inline void sqrtV(const V2 &x, V2 &out)
{
    out = __builtin_bit_cast(V2, _mm_sqrt_pd(__builtin_bit_cast(__m128d, x)));
}

[[gnu::always_inline]] inline void sqrtV(const V4 &x, V4 &out)
{
    const __m128d low = _mm_sqrt_pd(__m128d{x[0], x[1]});
    const __m128d high = _mm_sqrt_pd(__m128d{x[2], x[3]});
    out = V4{low[0], low[1], high[0], high[1]};
}

// The mask of finite lanes (not NaN, not infinite).
template <class V>
[[gnu::always_inline]] inline void finiteV(const V &x, typename Lanes<V>::Int &out)
{
    out = (x - x) == 0.0;
}

template <class V>
[[gnu::always_inline]] inline void absV(const V &x, V &out)
{
    using Int = typename Lanes<V>::Int;
    out = __builtin_bit_cast(V, __builtin_bit_cast(Int, x) & 0x7FFFFFFFFFFFFFFF);
}

// e^x for |x| <= 708 to about 2 ulp: Cody-Waite reduction to |r| <= ln2/2, degree-12 Taylor
// polynomial (Estrin), the power of two assembled in the exponent bits.
template <class V>
[[gnu::always_inline]] inline void expV(const V &x, V &out)
{
    using Int = typename Lanes<V>::Int;
    constexpr double kLog2e = 1.4426950408889634074;
    constexpr double kLn2Hi = 6.93147180369123816490e-01;
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    constexpr double kShifter = 6755399441055744.0; // 1.5 * 2^52: adding it rounds to an integer
    const V shifted = x * kLog2e + kShifter;
    const V k = shifted - kShifter;
    const V r = (x - k * kLn2Hi) - k * kLn2Lo;
    const V r2 = r * r;
    const V r4 = r2 * r2;
    const V r8 = r4 * r4;
    const V p01 = 1.0 + r;
    const V p23 = 0.5 + r * (1.0 / 6);
    const V p45 = 1.0 / 24 + r * (1.0 / 120);
    const V p67 = 1.0 / 720 + r * (1.0 / 5040);
    const V p89 = 1.0 / 40320 + r * (1.0 / 362880);
    const V pab = 1.0 / 3628800 + r * (1.0 / 39916800);
    const V p03 = p01 + r2 * p23;
    const V p47 = p45 + r2 * p67;
    const V p8c = (p89 + r2 * pab) + r4 * (1.0 / 479001600);
    const V p = (p03 + r4 * p47) + r8 * p8c;
    const Int bits = (__builtin_bit_cast(Int, shifted) - 0x4338000000000000 + 1023) << 52;
    out = p * __builtin_bit_cast(V, bits);
}

// ln x for positive normal x to about 1e-15 relative: x = 2^e m with m in [sqrt(1/2), sqrt(2)),
// ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172, by its series to s^17.
template <class V>
[[gnu::always_inline]] inline void logV(const V &x, V &out)
{
    using Int = typename Lanes<V>::Int;
    using UInt = typename Lanes<V>::UInt;
    const UInt bits = __builtin_bit_cast(UInt, x);
    Int exponent = __builtin_bit_cast(Int, (bits >> 52) & 0x7FF) - 1023;
    V m = __builtin_bit_cast(V, (bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000);
    const Int big = m > std::numbers::sqrt2;
    V half;
    splat(0.5, half);
    V one;
    splat(1.0, one);
    V factor;
    select(big, half, one, factor);
    m = m * factor;
    exponent = exponent - big; // the mask is -1 where set
    const V s = (m - 1.0) / (m + 1.0);
    const V s2 = s * s;
    const V s4 = s2 * s2;
    const V s8 = s4 * s4;
    const V q01 = 1.0 + s2 * (1.0 / 3);
    const V q23 = 1.0 / 5 + s2 * (1.0 / 7);
    const V q45 = 1.0 / 9 + s2 * (1.0 / 11);
    const V q67 = 1.0 / 13 + s2 * (1.0 / 15);
    const V series = (q01 + s4 * q23) + s8 * ((q45 + s4 * q67) + s8 * (1.0 / 17));
    // The exponent as a double: add it to 1.5 * 2^52 in the integer domain.
    const V e = __builtin_bit_cast(V, exponent + 0x4338000000000000) - 6755399441055744.0;
    out = 2.0 * s * series + e * std::numbers::ln2;
}

// e^{-x^2/2} with |x| capped at 30: beyond, the result would be a subnormal number, whose
// arithmetic is slow, for a difference that does not matter (e^{-450} ~ 1e-196).
template <class V>
[[gnu::always_inline]] inline void gaussV(const V &x, V &a, V &out)
{
    absV(x, a);
    V cap;
    splat(30.0, cap);
    minV(a, cap, a);
    expV(-0.5 * a * a, out);
}

constexpr double kInvSqrt2Pi = 0.5 * std::numbers::inv_sqrtpi * std::numbers::sqrt2;

// Hart's algorithm 5666 coefficients, lowest degree first.
constexpr double kHartP[] = {220.206867912376,    221.213596169931, 112.079291497871,
                             33.912866078383,     6.37396220353165, 0.700383064443688,
                             3.52624965998911e-02};
constexpr double kHartQ[] = {440.413735824752, 793.826512519948,    637.333633378831,
                             296.564248779674, 86.7807322029461,    16.064177579207,
                             1.75566716318264, 8.83883476483184e-02};

// Phi(x) and phi(x): Hart's algorithm 5666, Phi(-|x|) = e^{-x^2/2} P(|x|) / Q(|x|)
// (asymptotically phi(x) / |x|, so it stays accurate in the tails), absolute error below 3e-16.
template <class V>
[[gnu::always_inline]] inline void normalV(const V &x, V &cdf, V &pdf)
{
    V a;
    V e;
    gaussV(x, a, e);
    V p;
    splat(kHartP[6], p);
#pragma GCC unroll 8
    for (int i = 5; i >= 0; --i)
        p = p * a + kHartP[i];
    V q;
    splat(kHartQ[7], q);
#pragma GCC unroll 8
    for (int i = 6; i >= 0; --i)
        q = q * a + kHartQ[i];
    const V tail = e * p / q;
    const V upper = 1.0 - tail;
    select(x > 0.0, upper, tail, cdf);
    pdf = e * kInvSqrt2Pi;
}

template <class V>
[[gnu::always_inline]] inline void pdfV(const V &x, V &out)
{
    V a;
    V e;
    gaussV(x, a, e);
    out = e * kInvSqrt2Pi;
}

// e^x - 1 without cancellation: Taylor series for |x| < 1/2, e^x - 1 beyond (|x| <= 708).
template <class V>
[[gnu::always_inline]] inline void expm1V(const V &x, V &out)
{
    V e;
    expV(x, e);
    const V x2 = x * x;
    const V x4 = x2 * x2;
    const V x8 = x4 * x4;
    const V t12 = 1.0 + x * 0.5;
    const V t34 = 1.0 / 6 + x * (1.0 / 24);
    const V t56 = 1.0 / 120 + x * (1.0 / 720);
    const V t78 = 1.0 / 5040 + x * (1.0 / 40320);
    const V t9b = (1.0 / 362880 + x * (1.0 / 3628800)) + x2 * (1.0 / 39916800);
    const V series = x * ((t12 + x2 * t34) + x4 * (t56 + x2 * t78) + x8 * t9b);
    const V direct = e - 1.0;
    V a;
    absV(x, a);
    select(a < 0.5, series, direct, out);
}

// ---- Scheme tables --------------------------------------------------------------------------

// Everything of a scheme that does not depend on the option. Per-point and per-price-point
// arrays are padded to a multiple of four lanes; padding lanes have zero weight and harmless
// (finite) geometry.
struct SchemeTables {
    int n = 0; // nodes j = 0..n at z_j = -cos(j pi / n); H_0 = 0
    int l = 0;
    int p = 0;
    int nodeBlocks = 0;
    int pointBlocks = 0;
    int priceBlocks = 0;
    std::vector<double> nodeRoot;    // 4 nodeBlocks: sqrt(tau_j / T) of nodes 1..n
    std::vector<double> pointRoot;   // 4 pointBlocks: sqrt(tau_j / T) of the point's node
    std::vector<double> sineSquared; // u / tau
    std::vector<double> cosine;      // sqrt(m / tau)
    std::vector<double> secant;      // 1 / cosine
    std::vector<double> weight;      // mapped Gauss-Legendre weight (per unit tau)
    // Lagrange weights of H_1..H_n at every point's u, lane-interleaved: group g, node i at
    // [(g n + i) 4 .. + 4).
    std::vector<double> interpolation;
    std::vector<double> priceSine;      // 4 priceBlocks: sqrt(t / T)
    std::vector<double> priceWeight;    // mapped weights (per unit T)
    std::vector<double> priceInterp;    // H_1..H_n weights at T - t, lane-interleaved
    std::vector<double> chebyshevBasis; // (n+1) x n: coefficient k from H_1..H_n

    explicit SchemeTables(const AloScheme &scheme);

    // Lagrange weights on the nodes (Chebyshev-Lobatto barycentric form) at z, for j = 1..n.
    void lagrange(double z, double *out) const
    {
        std::array<double, kMaxNodes + 1> terms{};
        double total = 0;
        for (int j = 0; j <= n; ++j) {
            const double node = -std::cos(std::numbers::pi * j / n);
            double w = (j % 2 == 0) ? 1.0 : -1.0;
            if (j == 0 || j == n)
                w *= 0.5;
            if (std::abs(z - node) < 1e-15) {
                std::fill(out, out + n, 0.0);
                if (j > 0)
                    out[j - 1] = 1;
                return;
            }
            terms[static_cast<std::size_t>(j)] = w / (z - node);
            total += terms[static_cast<std::size_t>(j)];
        }
        for (int j = 1; j <= n; ++j)
            out[j - 1] = terms[static_cast<std::size_t>(j)] / total;
    }
};

SchemeTables::SchemeTables(const AloScheme &scheme)
    : n(std::clamp(scheme.nodes, 1, kMaxNodes))
    , l(std::clamp(scheme.fpOrder, 1, kMaxFpOrder))
    , p(std::clamp(scheme.priceOrder, 1, kMaxPriceOrder))
{
    nodeBlocks = blocksOf(n);
    pointBlocks = blocksOf(n * l);
    priceBlocks = blocksOf(p);
    const auto un = static_cast<std::size_t>(n);
    const auto at = [](int i) { return static_cast<std::size_t>(i); };
    const auto rootOf = [this](int j) { return 0.5 * (1 - std::cos(std::numbers::pi * j / n)); };

    nodeRoot.assign(at(kBlock * nodeBlocks), 1.0);
    for (int j = 1; j <= n; ++j)
        nodeRoot[at(j - 1)] = rootOf(j);

    const std::size_t points = at(kBlock * pointBlocks);
    pointRoot.assign(points, 1.0);
    sineSquared.assign(points, 0.0);
    cosine.assign(points, 1.0);
    secant.assign(points, 1.0);
    weight.assign(points, 0.0);
    interpolation.assign(points * un, 0.0);
    const GaussLegendre &rule = gaussLegendre(at(l));
    std::vector<double> row(un);
    for (int j = 1; j <= n; ++j) {
        for (int k = 0; k < l; ++k) {
            const std::size_t point = at((j - 1) * l + k);
            const std::size_t kk = at(k);
            pointRoot[point] = rootOf(j);
            sineSquared[point] = rule.sine[kk] * rule.sine[kk];
            cosine[point] = rule.cosine[kk];
            secant[point] = 1 / rule.cosine[kk];
            weight[point] = rule.mappedWeight[kk];
            // z of u = tau_j sin^2(theta_k): 2 sqrt(u / T) - 1.
            lagrange(2 * rootOf(j) * rule.sine[kk] - 1, row.data());
            const std::size_t group = point / kBlock;
            const std::size_t lane = point % kBlock;
            for (std::size_t i = 0; i < un; ++i)
                interpolation[(group * un + i) * kBlock + lane] = row[i];
        }
    }

    const std::size_t pricePoints = at(kBlock * priceBlocks);
    priceSine.assign(pricePoints, 1.0);
    priceWeight.assign(pricePoints, 0.0);
    priceInterp.assign(pricePoints * un, 0.0);
    const GaussLegendre &priceRule = gaussLegendre(at(p));
    for (int j = 0; j < p; ++j) {
        const std::size_t jj = at(j);
        priceSine[jj] = priceRule.sine[jj];
        priceWeight[jj] = priceRule.mappedWeight[jj];
        // z of T - t = T cos^2(theta): 2 cos(theta) - 1.
        lagrange(2 * priceRule.cosine[jj] - 1, row.data());
        for (std::size_t i = 0; i < un; ++i)
            priceInterp[((jj / kBlock) * un + i) * kBlock + jj % kBlock] = row[i];
    }

    // c_k = (2/n) sum'' H_i cos(k i pi / n) over Lobatto points cos(i pi / n) = z_{n-i}, then
    // halve c_0 and c_n; H_0 (i = n) is zero.
    chebyshevBasis.assign((un + 1) * un, 0.0);
    for (int k = 0; k <= n; ++k) {
        for (int j = 1; j <= n; ++j) {
            const int i = n - j;
            double w = std::cos(std::numbers::pi * k * i / n) * (2.0 / n);
            if (i == 0)
                w *= 0.5;
            if (k == 0 || k == n)
                w *= 0.5;
            chebyshevBasis[at(k) * un + at(j - 1)] = w;
        }
    }
}

// Tables of the default scheme are built once; other schemes (tuning, tests) are cached per
// thread.
const SchemeTables &tablesFor(const AloScheme &scheme)
{
    const AloScheme standard;
    const auto same = [](const SchemeTables &tables, const AloScheme &s) {
        return tables.n == std::clamp(s.nodes, 1, kMaxNodes) &&
               tables.l == std::clamp(s.fpOrder, 1, kMaxFpOrder) &&
               tables.p == std::clamp(s.priceOrder, 1, kMaxPriceOrder);
    };
    static const std::unique_ptr<const SchemeTables> defaults =
        std::make_unique<const SchemeTables>(standard);
    if (same(*defaults, scheme))
        return *defaults;
    thread_local std::vector<std::unique_ptr<const SchemeTables>> cache;
    for (const auto &tables : cache) {
        if (same(*tables, scheme))
            return *tables;
    }
    cache.push_back(std::make_unique<const SchemeTables>(scheme));
    return *cache.back();
}

inline double clenshaw(int n, const double *c, double z)
{
    double b1 = 0;
    double b2 = 0;
    const double twoZ = 2 * z;
    for (int k = n; k >= 1; --k) {
        const double b0 = c[k] + twoZ * b1 - b2;
        b2 = b1;
        b1 = b0;
    }
    return c[0] + z * b1 - b2;
}

// QD+ is only the start of the fixed-point iteration: a few Halley steps (AloScheme::qdPlusSteps)
// are enough. A fixed count (no convergence test) keeps the price a smooth function of the
// inputs, which the Greeks (bumps) and the implied-volatility solver rely on.

constexpr int kMaxNodeBlocks = blocksOf(kMaxNodes);
constexpr int kMaxPointBlocks = blocksOf(kMaxNodes * kMaxFpOrder);

// Li's (2010) QD+ approximation of ln B at the nodes with times to expiry `tau`, by Halley's
// method in ln B from the Bjerksund-Stensland (1993) trigger of the put with strike 1 (the call
// on "K" with strike "S", rate q, yield r, by put-call symmetry).
template <class V>
[[gnu::always_inline]] inline void qdPlusStart(double r, double q, double vol, double lnX,
                                               int steps, const V &tau, V &lnB)
{
    using Int = typename Lanes<V>::Int;
    const double v2 = vol * vol;
    const double omega = 2 * (r - q) / v2;
    V sqrtTau;
    sqrtV(tau, sqrtTau);
    const V v = vol * sqrtTau;
    const V invV = 1.0 / v;
    const V halfInvTau = 0.5 / tau;
    V dr;
    expV(-r * tau, dr);
    V dq;
    expV(-q * tau, dq);
    V expm1;
    expm1V(-r * tau, expm1);
    const V oneMinusDr = -expm1;
    V root;
    sqrtV((omega - 1) * (omega - 1) + 8 * r / (v2 * oneMinusDr), root);
    const V lambda = 0.5 * (-(omega - 1) - root);
    const V lambdaPrime = 2 * r / (v2 * oneMinusDr * oneMinusDr * root);
    const V alpha = 2 * dr * r / (v2 * (2 * lambda + omega - 1));
    const V beta = alpha * (1.0 / oneMinusDr + lambdaPrime / (2 * lambda + omega - 1)) - lambda;
    const V scale = alpha / (r * dr);

    // Bjerksund-Stensland trigger.
    V lnXv;
    splat(lnX, lnXv);
    lnB = lnXv;
    const double carry = q - r;
    const double a = carry / v2 - 0.5;
    const double betaBs = -a + std::sqrt(std::max(a * a + 2 * q / v2, 0.0));
    const double start = std::exp(-lnX); // max(1, q / r)
    if (betaBs > 1) {
        const double infinity = betaBs / (betaBs - 1);
        if (infinity > start) {
            V h = -(carry * tau + 2 * vol * sqrtTau) / ((infinity - start) * start);
            V floor;
            splat(-700.0, floor);
            maxV(h, floor, h);
            V eh;
            expV(h, eh);
            const V trigger = start + (infinity - start) * (1.0 - eh);
            V lnTrigger;
            logV(trigger, lnTrigger);
            minV(-lnTrigger, lnXv, lnB);
        }
    }

    V lower;
    splat(lnX - 23, lower); // 1e-10 X
    V stepLow;
    splat(-4.0, stepLow);
    V stepHigh;
    splat(0.5, stepHigh);
    const V muInvV = (r - q) * invV;
    for (int step = 0; step < steps; ++step) {
        V x;
        expV(lnB, x);
        const V dp = (lnB + (r - q) * tau) * invV + 0.5 * v;
        const V dm = dp - v;
        V cdfP;
        V pdfP;
        normalV(-dp, cdfP, pdfP);
        V cdfM;
        V pdfM;
        normalV(-dm, cdfM, pdfM);
        const V npv = dr * cdfM - x * dq * cdfP;
        const V theta = r * dr * cdfM - q * x * dq * cdfP - 0.5 * v2 * x * invV * dq * pdfP;
        const V charm = -dq * (pdfP * (muInvV - dm * halfInvTau) + q * cdfP);
        const V gammaX = pdfP * dq * invV;                                           // gamma x
        const V colourX = gammaX * (q + muInvV * dp + (1.0 - dp * dm) * halfInvTau); // colour x
        const V f = (1.0 - dq * cdfP) * x - beta * (1.0 - x - npv) + scale * theta;
        const V f1 = 1.0 - dq * cdfP + gammaX + beta * (1.0 - dq * cdfP) + scale * charm;
        const V f2x = gammaX * (1.0 - dp * invV) + beta * gammaX + scale * colourX;
        // Halley's step in y = ln x: g(y) = f(e^y), g' = f' x, g'' = x (f'' x + f').
        const V g1 = f1 * x;
        const V g2 = x * (f2x + f1);
        const V halley = -2.0 * f * g1 / (2.0 * g1 * g1 - f * g2);
        V change;
        maxV(halley, stepLow, change);
        minV(change, stepHigh, change);
        Int finite;
        finiteV(halley, finite);
        select(finite, change, V{}, change); // no step where Halley's is not finite
        maxV(lnB + change, lower, lnB);
    }
    minV(lnB, lnXv, lnB);
}

// The whole per-option computation: QD+ start, fixed-point iteration, premium tables. Sizes are
// compile-time constants for the default scheme (loops unrolled) and read from the tables when
// N, L, P are 0; the equation (A or B) is a compile-time choice too.
template <class V, int N, int L, int P, bool equationB>
[[gnu::always_inline]] inline void buildBody(double r, double q, double vol, double years,
                                             int qdPlusSteps, int iterations, int newtonSteps,
                                             const SchemeTables &tables, PutBoundary &out)
{
    using Int = typename Lanes<V>::Int;
    constexpr int kLanes = Lanes<V>::count;
    const int n = N > 0 ? N : tables.n;
    const int l = L > 0 ? L : tables.l;
    const int p = P > 0 ? P : tables.p;
    const int nodeSlots = kBlock * blocksOf(n);
    const int pointSlots = kBlock * blocksOf(n * l);
    const int priceSlots = kBlock * blocksOf(p);
    const double lnX = q > r ? std::log(r / q) : 0.0;
    const double mu = r - q;
    const double sqrtT = std::sqrt(years);
    out.rate = r;
    out.yield = q;
    out.vol = vol;
    out.years = years;
    out.lnX = lnX;
    out.nodes = n;
    V lnXv;
    splat(lnX, lnXv);
    const auto at = [](int i) { return static_cast<std::size_t>(i); };

    // Nodes: tau_j, sigma sqrt(tau_j), e^{-(r-q) tau_j}, and H_j (padding slots repeat tau = T
    // and hold H = 0).
    alignas(32) std::array<double, kBlock * kMaxNodeBlocks> h;
    alignas(32) std::array<double, kBlock * kMaxNodeBlocks> nodeTau;
    alignas(32) std::array<double, kBlock * kMaxNodeBlocks> nodeStdev;
    alignas(32) std::array<double, kBlock * kMaxNodeBlocks> nodeDiscount;
    for (int j = 0; j < nodeSlots; j += kLanes) {
        V root;
        load(&tables.nodeRoot[at(j)], root);
        const V tau = years * root * root;
        store(&nodeTau[at(j)], tau);
        V sqrtTau;
        sqrtV(tau, sqrtTau);
        store(&nodeStdev[at(j)], vol * sqrtTau);
        V discount;
        expV(-mu * tau, discount);
        store(&nodeDiscount[at(j)], discount);
        V lnB;
        qdPlusStart(r, q, vol, lnX, qdPlusSteps, tau, lnB);
        const V dist = lnB - lnXv;
        store(&h[at(j)], dist * dist);
    }
    std::fill(h.begin() + n, h.begin() + nodeSlots, 0.0);

    // Integrand points: u = tau sin^2(theta), m = tau cos^2(theta).
    alignas(32) std::array<double, kBlock * kMaxPointBlocks>
        weightRate; // w tau e^{ru} / (s sqrt m)
    alignas(32) std::array<double, kBlock * kMaxPointBlocks> weightYield; // w tau e^{qu}
    alignas(32) std::array<double, kBlock * kMaxPointBlocks> invStdev;    // 1 / (sigma sqrt m)
    alignas(32) std::array<double, kBlock * kMaxPointBlocks> stdev;       // sigma sqrt m
    alignas(32) std::array<double, kBlock * kMaxPointBlocks> drift;       // (r - q) m
    for (int i = 0; i < pointSlots; i += kLanes) {
        V root;
        load(&tables.pointRoot[at(i)], root);
        V sine2;
        load(&tables.sineSquared[at(i)], sine2);
        V cosine;
        load(&tables.cosine[at(i)], cosine);
        V secant;
        load(&tables.secant[at(i)], secant);
        V w;
        load(&tables.weight[at(i)], w);
        const V sqrtTau = sqrtT * root;
        const V tau = sqrtTau * sqrtTau;
        const V u = tau * sine2;
        const V inv = secant / (vol * sqrtTau);
        store(&invStdev[at(i)], inv);
        store(&stdev[at(i)], vol * sqrtTau * cosine);
        store(&drift[at(i)], mu * tau * cosine * cosine);
        V growthRate;
        expV(r * u, growthRate);
        V growthYield;
        expV(q * u, growthYield);
        // Equation A's rate kernel carries 1 / (sigma sqrt m); B's does not.
        store(&weightRate[at(i)], equationB ? w * tau * growthRate : w * tau * growthRate * inv);
        store(&weightYield[at(i)], w * tau * growthYield);
    }

    // Scratch, every used element written before it is read.
    alignas(32) std::array<double, kBlock * kMaxPointBlocks> pointLnB;
    alignas(32) std::array<double, kBlock * kMaxPointBlocks> termRate;
    alignas(32) std::array<double, kBlock * kMaxPointBlocks> termYield;
    alignas(32) std::array<double, kBlock * kMaxNodeBlocks> nodeLnB;
    alignas(32) std::array<double, kBlock * kMaxNodeBlocks> sumRate;
    alignas(32) std::array<double, kBlock * kMaxNodeBlocks> sumYield;
    std::fill(pointLnB.begin() + n * l, pointLnB.begin() + pointSlots, 0.0);
    std::fill(sumRate.begin() + n, sumRate.begin() + nodeSlots, 0.0);
    std::fill(sumYield.begin() + n, sumYield.begin() + nodeSlots, 0.0);
    for (int step = 0; step < iterations; ++step) {
        // ln B at the nodes, and at their integrand points (a node's points are whole vectors
        // when their count is a multiple of the lanes).
        for (int j = 0; j < nodeSlots; j += kLanes) {
            V hNode;
            load(&h[at(j)], hNode);
            V root;
            sqrtV(hNode, root);
            store(&nodeLnB[at(j)], lnX - root);
        }
        constexpr bool kWholeVectors = L > 0 && L % kLanes == 0;
        if constexpr (!kWholeVectors) {
            for (int j = 0; j < n; ++j)
                std::fill(pointLnB.begin() + j * l, pointLnB.begin() + (j + 1) * l, nodeLnB[at(j)]);
        }
        // The integrands: ln B(u) by interpolation of H, then the kernels.
        for (int i = 0; i < pointSlots; i += kLanes) {
            const double *weights =
                &tables.interpolation[at((i / kBlock) * n * kBlock + i % kBlock)];
            V acc{};
#pragma GCC unroll 8
            for (int k = 0; k < n; ++k) {
                V w;
                load(weights + k * kBlock, w);
                acc += w * h[at(k)];
            }
            maxV(acc, V{}, acc);
            V root;
            sqrtV(acc, root);
            V lnB;
            if constexpr (kWholeVectors)
                splat(nodeLnB[at(i / L)], lnB);
            else
                load(&pointLnB[at(i)], lnB);
            V inv;
            load(&invStdev[at(i)], inv);
            V sd;
            load(&stdev[at(i)], sd);
            V dr;
            load(&drift[at(i)], dr);
            const V dp = (lnB - (lnX - root) + dr) * inv + 0.5 * sd;
            V cdfP;
            V pdfP;
            normalV(dp, cdfP, pdfP);
            V wr;
            load(&weightRate[at(i)], wr);
            V wy;
            load(&weightYield[at(i)], wy);
            if constexpr (equationB) {
                // B: r e^{ru} Phi(d-) and q e^{qu} Phi(d+).
                V cdfM;
                V unused;
                normalV(dp - sd, cdfM, unused);
                store(&termRate[at(i)], wr * cdfM);
                store(&termYield[at(i)], wy * cdfP);
            } else {
                // A: r e^{ru} phi(d-) / (sigma sqrt m) and q e^{qu} (Phi(d+) + phi(d+) / ...).
                V pdfM;
                pdfV(dp - sd, pdfM);
                store(&termRate[at(i)], wr * pdfM);
                store(&termYield[at(i)], wy * (cdfP + pdfP * inv));
            }
        }
        for (int j = 0; j < n; ++j) {
            double rate = 0;
            double yield = 0;
            for (int k = 0; k < l; ++k) {
                rate += termRate[at(j * l + k)];
                yield += termYield[at(j * l + k)];
            }
            sumRate[at(j)] = rate;
            sumYield[at(j)] = yield;
        }
        // The update at the nodes.
        const bool newton = step < newtonSteps;
        for (int j = 0; j < nodeSlots; j += kLanes) {
            V lnB;
            load(&nodeLnB[at(j)], lnB);
            V v;
            load(&nodeStdev[at(j)], v);
            const V invV = 1.0 / v;
            V tau;
            load(&nodeTau[at(j)], tau);
            const V dPlus = (lnB + mu * tau) * invV + 0.5 * v;
            const V dMinus = dPlus - v;
            V cdfPlus;
            V pdfPlus;
            normalV(dPlus, cdfPlus, pdfPlus);
            V pdfMinus;
            V cdfMinus;
            normalV(dMinus, cdfMinus, pdfMinus);
            V rates;
            load(&sumRate[at(j)], rates);
            V yields;
            load(&sumYield[at(j)], yields);
            V discount;
            load(&nodeDiscount[at(j)], discount);
            const V numerator = equationB ? cdfMinus + r * rates : pdfMinus * invV + r * rates;
            const V denominator =
                equationB ? cdfPlus + q * yields : pdfPlus * invV + cdfPlus + q * yields;
            const V updated = discount * numerator / denominator;
            Int usable;
            finiteV(updated, usable);
            usable = usable & (updated > 0.0);
            V one;
            splat(1.0, one);
            V safe;
            select(usable, updated, one, safe);
            V lnUpdated;
            logV(safe, lnUpdated);
            select(usable, lnUpdated, lnB, lnUpdated);
            if (newton) {
                // Newton on y - F(y) = 0, y = ln B(tau_j), F' through the explicit terms.
                const V invV2 = invV * invV;
                const V numeratorSlope = equationB ? pdfMinus * invV : -dMinus * pdfMinus * invV2;
                const V denominatorSlope =
                    equationB ? pdfPlus * invV : pdfPlus * (invV - dPlus * invV2);
                const V slope = numeratorSlope / numerator - denominatorSlope / denominator;
                const V newtonStep = (lnUpdated - lnB) / (1.0 - slope);
                Int take;
                finiteV(newtonStep, take);
                take = take & (slope < 0.9);
                select(take, lnB + newtonStep, lnUpdated, lnUpdated);
            }
            minV(lnUpdated, lnXv, lnUpdated);
            const V dist = lnUpdated - lnXv;
            store(&h[at(j)], dist * dist);
        }
        std::fill(h.begin() + n, h.begin() + nodeSlots, 0.0);
    }

    // Chebyshev coefficients of H for lnBoundary() anywhere.
    for (int k = 0; k <= n; ++k) {
        double c = 0;
        for (int i = 0; i < n; ++i)
            c += tables.chebyshevBasis[at(k * n + i)] * h[at(i)];
        out.chebyshev[at(k)] = c;
    }

    // Premium quadrature: t = T sin^2(theta).
    out.priceOrder = p;
    for (int j = 0; j < priceSlots; j += kLanes) {
        const double *weights = &tables.priceInterp[at((j / kBlock) * n * kBlock + j % kBlock)];
        V acc{};
        for (int k = 0; k < n; ++k) {
            V w;
            load(weights + k * kBlock, w);
            acc += w * h[at(k)];
        }
        maxV(acc, V{}, acc);
        V root;
        sqrtV(acc, root);
        store(&out.lnB[at(j)], lnX - root);
        V sine;
        load(&tables.priceSine[at(j)], sine);
        V w;
        load(&tables.priceWeight[at(j)], w);
        const V sqrtTime = sqrtT * sine;
        const V t = sqrtTime * sqrtTime;
        const V scaled = w * years;
        V discountRate;
        expV(-r * t, discountRate);
        V discountYield;
        expV(-q * t, discountYield);
        store(&out.weightRate[at(j)], r * scaled * discountRate);
        store(&out.weightYield[at(j)], q * scaled * discountYield);
        const V sd = vol * sqrtTime;
        store(&out.stdev[at(j)], sd);
        store(&out.invStdev[at(j)], 1.0 / sd);
        store(&out.drift[at(j)], mu * t);
    }
}

template <class V, int P>
[[gnu::always_inline]] inline double premiumBody(const PutBoundary &b, double s)
{
    constexpr int kLanes = Lanes<V>::count;
    const int slots = kBlock * blocksOf(P > 0 ? P : b.priceOrder);
    const double ls = std::log(s);
    // One accumulator per part of a block, summed in the same order by both builds.
    constexpr int kParts = kBlock / kLanes;
    V sumRate[kParts] = {};
    V sumYield[kParts] = {};
    for (int j = 0; j < slots; j += kLanes) {
        const auto at = static_cast<std::size_t>(j);
        V lnB;
        load(&b.lnB[at], lnB);
        V drift;
        load(&b.drift[at], drift);
        V stdev;
        load(&b.stdev[at], stdev);
        V invStdev;
        load(&b.invStdev[at], invStdev);
        V weightRate;
        load(&b.weightRate[at], weightRate);
        V weightYield;
        load(&b.weightYield[at], weightYield);
        const V dPlus = (ls - lnB + drift) * invStdev + 0.5 * stdev;
        V cdfMinus;
        V unused;
        normalV(stdev - dPlus, cdfMinus, unused);
        V cdfPlus;
        normalV(-dPlus, cdfPlus, unused);
        const int part = (j % kBlock) / kLanes;
        sumRate[part] += weightRate * cdfMinus;
        sumYield[part] += weightYield * cdfPlus;
    }
    // Slot sums of a block: (0 + 1) + (2 + 3).
    double ratePairs[kBlock / 2];
    double yieldPairs[kBlock / 2];
    for (int part = 0; part < kParts; ++part) {
        for (int lane = 0; lane < kLanes; lane += 2) {
            ratePairs[(part * kLanes + lane) / 2] = sumRate[part][lane] + sumRate[part][lane + 1];
            yieldPairs[(part * kLanes + lane) / 2] =
                sumYield[part][lane] + sumYield[part][lane + 1];
        }
    }
    return (ratePairs[0] + ratePairs[1]) - s * (yieldPairs[0] + yieldPairs[1]);
}

constexpr AloScheme kDefaultScheme{};

// The builds: baseline x86-64 and AVX2, each for the default scheme and for any other.
struct Kernels {
    void (*buildDefault)(double, double, double, double, int, int, int, bool, const SchemeTables &,
                         PutBoundary &);
    void (*buildAny)(double, double, double, double, int, int, int, bool, const SchemeTables &,
                     PutBoundary &);
    double (*premiumDefault)(const PutBoundary &, double);
    double (*premiumAny)(const PutBoundary &, double);
};

void buildDefaultBaseline(double r, double q, double vol, double years, int qdPlusSteps,
                          int iterations, int newtonSteps, bool equationB,
                          const SchemeTables &tables, PutBoundary &out)
{
    constexpr int n = kDefaultScheme.nodes;
    constexpr int l = kDefaultScheme.fpOrder;
    constexpr int p = kDefaultScheme.priceOrder;
    if (equationB)
        buildBody<V2, n, l, p, true>(r, q, vol, years, qdPlusSteps, iterations, newtonSteps, tables,
                                     out);
    else
        buildBody<V2, n, l, p, false>(r, q, vol, years, qdPlusSteps, iterations, newtonSteps,
                                      tables, out);
}

void buildAnyBaseline(double r, double q, double vol, double years, int qdPlusSteps, int iterations,
                      int newtonSteps, bool equationB, const SchemeTables &tables, PutBoundary &out)
{
    if (equationB)
        buildBody<V2, 0, 0, 0, true>(r, q, vol, years, qdPlusSteps, iterations, newtonSteps, tables,
                                     out);
    else
        buildBody<V2, 0, 0, 0, false>(r, q, vol, years, qdPlusSteps, iterations, newtonSteps,
                                      tables, out);
}

double premiumDefaultBaseline(const PutBoundary &b, double s)
{
    return premiumBody<V2, kDefaultScheme.priceOrder>(b, s);
}

double premiumAnyBaseline(const PutBoundary &b, double s)
{
    return premiumBody<V2, 0>(b, s);
}

__attribute__((target("avx2,fma"), optimize("fp-contract=fast"))) void
buildDefaultAvx2(double r, double q, double vol, double years, int qdPlusSteps, int iterations,
                 int newtonSteps, bool equationB, const SchemeTables &tables, PutBoundary &out)
{
    constexpr int n = kDefaultScheme.nodes;
    constexpr int l = kDefaultScheme.fpOrder;
    constexpr int p = kDefaultScheme.priceOrder;
    if (equationB)
        buildBody<V4, n, l, p, true>(r, q, vol, years, qdPlusSteps, iterations, newtonSteps, tables,
                                     out);
    else
        buildBody<V4, n, l, p, false>(r, q, vol, years, qdPlusSteps, iterations, newtonSteps,
                                      tables, out);
}

__attribute__((target("avx2,fma"), optimize("fp-contract=fast"))) void
buildAnyAvx2(double r, double q, double vol, double years, int qdPlusSteps, int iterations,
             int newtonSteps, bool equationB, const SchemeTables &tables, PutBoundary &out)
{
    if (equationB)
        buildBody<V4, 0, 0, 0, true>(r, q, vol, years, qdPlusSteps, iterations, newtonSteps, tables,
                                     out);
    else
        buildBody<V4, 0, 0, 0, false>(r, q, vol, years, qdPlusSteps, iterations, newtonSteps,
                                      tables, out);
}

__attribute__((target("avx2,fma"), optimize("fp-contract=fast"))) double
premiumDefaultAvx2(const PutBoundary &b, double s)
{
    return premiumBody<V4, kDefaultScheme.priceOrder>(b, s);
}

__attribute__((target("avx2,fma"), optimize("fp-contract=fast"))) double
premiumAnyAvx2(const PutBoundary &b, double s)
{
    return premiumBody<V4, 0>(b, s);
}

constexpr Kernels kBaselineKernels{&buildDefaultBaseline, &buildAnyBaseline,
                                   &premiumDefaultBaseline, &premiumAnyBaseline};
constexpr Kernels kAvx2Kernels{&buildDefaultAvx2, &buildAnyAvx2, &premiumDefaultAvx2,
                               &premiumAnyAvx2};

const Kernels &kernels(KernelIsa isa)
{
    return isa == KernelIsa::Avx2 && cpuHasAvx2() ? kAvx2Kernels : kBaselineKernels;
}

const Kernels &kernels()
{
    return kernels(cpuHasAvx2() ? KernelIsa::Avx2 : KernelIsa::Baseline);
}

bool isDefault(const SchemeTables &tables)
{
    return tables.n == kDefaultScheme.nodes && tables.l == kDefaultScheme.fpOrder &&
           tables.p == kDefaultScheme.priceOrder;
}

} // namespace

double PutBoundary::lnBoundary(double tau) const
{
    const double z = 2 * std::sqrt(std::clamp(tau / years, 0.0, 1.0)) - 1;
    return lnX - std::sqrt(std::max(clenshaw(nodes, chebyshev.data(), z), 0.0));
}

double PutBoundary::premium(double s) const
{
    const Kernels &k = kernels();
    return priceOrder == kDefaultScheme.priceOrder ? k.premiumDefault(*this, s)
                                                   : k.premiumAny(*this, s);
}

double PutBoundary::premium(double s, KernelIsa isa) const
{
    const Kernels &k = kernels(isa);
    return priceOrder == kDefaultScheme.priceOrder ? k.premiumDefault(*this, s)
                                                   : k.premiumAny(*this, s);
}

void PutBoundary::premiumDerivatives(double s, double out[4]) const
{
    const NormalTable &normal = NormalTable::instance();
    const double ls = std::log(s);
    double value = 0;
    double first = 0;
    double second = 0;
    double third = 0;
    for (int j = 0; j < priceOrder; ++j) {
        const auto jj = static_cast<std::size_t>(j);
        const double v = stdev[jj];
        const double a = weightRate[jj];
        const double b = weightYield[jj];
        const double dPlus = (ls - lnB[jj] + drift[jj]) / v + 0.5 * v;
        const double dMinus = dPlus - v;
        double cdfPlus = 0;
        double pdfPlus = 0;
        double cdfMinus = 0;
        double pdfMinus = 0;
        normal.cdfPdf(-dPlus, cdfPlus, pdfPlus);
        normal.cdfPdf(-dMinus, cdfMinus, pdfMinus);
        const double inv = 1 / v;
        value += a * cdfMinus - b * s * cdfPlus;
        first += -a * pdfMinus * inv / s - b * cdfPlus + b * pdfPlus * inv;
        const double gm = 1 + dMinus * inv;
        const double gp = 1 - dPlus * inv;
        second += a * pdfMinus * gm * inv / (s * s) + b * pdfPlus * gp * inv / s;
        third += a * pdfMinus * inv / (s * s * s) * ((-dMinus * gm + inv) * inv - 2 * gm) +
                 b * pdfPlus * inv / (s * s) * ((-dPlus * gp - inv) * inv - gp);
    }
    out[0] = value;
    out[1] = first;
    out[2] = second;
    out[3] = third;
}

bool cpuHasAvx2()
{
    static const bool has = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") != 0 && __builtin_cpu_supports("fma") != 0;
    }();
    return has;
}

void buildPutBoundary(double r, double q, double vol, double years, const AloScheme &scheme,
                      PutBoundary &out)
{
    buildPutBoundary(r, q, vol, years, scheme, out,
                     cpuHasAvx2() ? KernelIsa::Avx2 : KernelIsa::Baseline);
}

void buildPutBoundary(double r, double q, double vol, double years, const AloScheme &scheme,
                      PutBoundary &out, KernelIsa isa)
{
    const SchemeTables &tables = tablesFor(scheme);
    const Kernels &k = kernels(isa);
    const bool equationB = scheme.equation == FixedPointEquation::B;
    const int iterations = scheme.iterations;
    (isDefault(tables) ? k.buildDefault : k.buildAny)(r, q, vol, years, scheme.qdPlusSteps,
                                                      iterations, scheme.newtonSteps, equationB,
                                                      tables, out);
}

} // namespace mag7::pricing::detail
