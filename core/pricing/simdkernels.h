#pragma once
// The vectorised kernels behind bsmGreeks(), bsmGreeksBatch() and the array math, each compiled
// twice: for baseline x86-64 (SSE2, two lanes) and for AVX2+FMA (four lanes). The AVX2 build is
// used only when the CPU reports both AVX2 and FMA (checked once, at start-up); asking for it on
// a CPU without them runs the baseline build instead. Internal to the pricing module and its
// tests.

#include "pricing/blackscholes.h"

#include <bit>
#include <cstddef>
#include <cstdint>

namespace mag7::pricing::simd {

enum class Isa {
    Baseline, // x86-64 SSE2
    Avx2,     // AVX2 + FMA
};

struct Kernels {
    Isa isa;
    const char *name;
    Greeks (*greeks)(const BsmInputs &in);     // price and every Greek
    Greeks (*firstOrder)(const BsmInputs &in); // vanna, charm, vomma and speed left 0
    void (*batch)(const BsmBatch &in, const GreeksBatch &out);
    // Element-wise: y[i] = f(x[i]) for i < n.
    void (*expArray)(const double *x, double *y, std::size_t n);
    void (*logArray)(const double *x, double *y, std::size_t n); // x > 0, finite
    // cdf[i] = Phi(x[i]); density[i] = exp(-x[i]^2/2) when density is not null.
    void (*normalCdfArray)(const double *x, double *cdf, double *density, std::size_t n);
    // The one-lane (table-driven) exp and log of the scalar kernels.
    double (*scalarExp)(double x);
    double (*scalarLog)(double x);
};

// The one-lane policy of simdmath.inc for scalar code compiled for baseline x86-64: the special
// functions (normaldistribution.cpp) and the implied-volatility solver include simdmath.inc with
// it for their exp, log and normal CDF.
struct ScalarPolicy {
    using V = double;
    using U = std::uint64_t;
    static constexpr int lanes = 1;
    static constexpr bool fused = false;
    static V fma(V a, V b, V c) { return a * b + c; }
    static V splat(double d) { return d; }
    static U splatU(std::uint64_t u) { return u; }
};

bool cpuHasAvx2Fma();
// The kernels of one build; asking for Avx2 on a CPU without it gives the baseline kernels.
const Kernels &kernels(Isa isa);
// The fastest build the CPU supports.
const Kernels &best();

// Tables of the one-lane exp and log in simdmath.inc, computed at compile time in extended
// precision (x86 long double, 64-bit significand) and stored as double pairs hi + lo.
//   exp: 2^(j/128) = expHi[j] + expLo[j], j = 0..127.
//   log: the reduced argument z in [0.6875, 1.375) falls in one of 128 cells (by the top seven
//   bits of its significand offset from 0.6875); cell i has a reciprocal logInv[i] of its centre,
//   rounded to 26 bits so that a 27-bit head of z times it is exact, and
//   -ln(logInv[i]) = logHi[i] + logLo[i] with logHi a multiple of 2^-42 (so that adding
//   k ln2hi, k < 2^11, is exact). The two cells next to 1 use logInv = 1, logHi = 0.
constexpr int kTableBits = 7;
constexpr int kTableSize = 1 << kTableBits;
constexpr std::uint64_t kLogOffset = 0x3fe6000000000000ull; // bits of 0.6875

struct MathTables {
    double expHi[kTableSize];
    double expLo[kTableSize];
    double logInv[kTableSize];
    double logHi[kTableSize];
    double logLo[kTableSize];
};

namespace detail {

constexpr long double kLn2 = 0.693147180559945309417232121458176568L;

// e^y for |y| < 1 by its Taylor series.
constexpr long double expSeries(long double y)
{
    long double sum = 1.0L;
    long double term = 1.0L;
    for (int n = 1; n < 40; ++n) {
        term *= y / n;
        sum += term;
    }
    return sum;
}

// ln(y) for y in [0.5, 2]: 2 atanh(u), u = (y-1)/(y+1).
constexpr long double logSeries(long double y)
{
    const long double u = (y - 1.0L) / (y + 1.0L);
    const long double u2 = u * u;
    long double power = u;
    long double sum = 0.0L;
    for (int n = 0; n < 60; ++n) {
        sum += power / (2 * n + 1);
        power *= u2;
    }
    return 2.0L * sum;
}

// value rounded to `bits` significant bits (value in [0.5, 2)).
constexpr double roundToBits(long double value, int bits)
{
    const long double scale = static_cast<long double>(std::uint64_t{1} << (bits - 1));
    long double scaled = value * scale;
    const long double floorScaled = static_cast<long double>(static_cast<std::uint64_t>(scaled));
    scaled = scaled - floorScaled >= 0.5L ? floorScaled + 1.0L : floorScaled;
    return static_cast<double>(scaled / scale);
}

// value rounded to the nearest multiple of `unit`.
constexpr double roundToMultiple(long double value, long double unit)
{
    const long double scaled = value / unit;
    const bool negative = scaled < 0;
    const long double magnitude = negative ? -scaled : scaled;
    auto whole = static_cast<std::uint64_t>(magnitude);
    if (magnitude - static_cast<long double>(whole) >= 0.5L)
        ++whole;
    const long double rounded = static_cast<long double>(whole) * unit;
    return static_cast<double>(negative ? -rounded : rounded);
}

constexpr MathTables makeMathTables()
{
    MathTables t{};
    for (int j = 0; j < kTableSize; ++j) {
        const long double value = expSeries(kLn2 * j / kTableSize);
        t.expHi[j] = static_cast<double>(value);
        t.expLo[j] = static_cast<double>(value - t.expHi[j]);
    }
    for (int i = 0; i < kTableSize; ++i) {
        const std::uint64_t start =
            kLogOffset + (static_cast<std::uint64_t>(i) << (52 - kTableBits));
        const std::uint64_t end = start + (std::uint64_t{1} << (52 - kTableBits));
        const long double lo = std::bit_cast<double>(start);
        const long double hi = std::bit_cast<double>(end);
        if (lo <= 1.0L && 1.0L <= hi) { // one of the two cells next to 1
            t.logInv[i] = 1.0;
            t.logHi[i] = 0.0;
            t.logLo[i] = 0.0;
            continue;
        }
        const long double centre = 0.5L * (lo + hi);
        t.logInv[i] = roundToBits(1.0L / centre, 26);
        const long double logC = -logSeries(t.logInv[i]);
        t.logHi[i] = roundToMultiple(logC, 0x1p-42L);
        t.logLo[i] = static_cast<double>(logC - t.logHi[i]);
    }
    return t;
}

} // namespace detail

inline constexpr MathTables kMathTables = detail::makeMathTables();

} // namespace mag7::pricing::simd
