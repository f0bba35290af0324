#pragma once
// Internal: the early-exercise boundary of a normalised American put (strike 1) by the fixed-point
// method of Andersen, Lake and Offengenden (2016), and the early-exercise premium integral on
// it. Used by exerciseboundary.cpp / american.cpp; calls go through put-call symmetry. Not a
// public API (american.h is).

#include <array>

namespace mag7::pricing::detail {

// ALO's two forms of the boundary equation (americanboundary.cpp). A converges in fewer steps
// where the drift is small against the volatility; it converges more slowly, and then diverges,
// as the drift comes to dominate (low vol, long expiry, r well above q), where B still converges.
// The pricer picks the form and the number of steps by the drift ratio (americancore.h).
enum class FixedPointEquation {
    A,
    B,
};

// Collocation, iteration and quadrature sizes. The defaults are the desk's tuned scheme (see
// americanboundary.cpp for the accuracy and cost they give); larger schemes converge to the exact
// boundary (tests use them as an independent reference).
struct AloScheme {
    int nodes = 8;       // Chebyshev intervals in sqrt(tau): nodes + 1 collocation points
    int fpOrder = 6;     // Gauss-Legendre points of the integrals in every fixed-point step
    int priceOrder = 20; // Gauss-Legendre points of the final premium integral
    int qdPlusSteps = 3; // Halley steps of the QD+ start at every node
    int iterations = 2;  // fixed-point steps after the QD+ start
    int newtonSteps = 1; // how many of them (the first) are Jacobi-Newton steps
    FixedPointEquation equation = FixedPointEquation::A;
};

// The kernels are compiled for baseline x86-64 (SSE2) and for AVX2 with fused multiply-add; both
// do the same operations in the same order and agree to rounding. AVX2 is used when the CPU has
// AVX2 and FMA (cpuHasAvx2()).
enum class KernelIsa {
    Baseline,
    Avx2,
};
bool cpuHasAvx2();

inline constexpr int kMaxNodes = 24;
inline constexpr int kMaxFpOrder = 32;
inline constexpr int kMaxPriceOrder = 64;

// The put boundary B(tau) = X exp(-sqrt(H(z))), z = 2 sqrt(tau/T) - 1, X = min(1, r/q) (1 when
// q <= 0), H a Chebyshev series; valid for rate > 0, vol > 0, T > 0 (the single-boundary case).
struct PutBoundary {
    double rate = 0;
    double yield = 0;
    double vol = 0;
    double years = 0;
    double lnX = 0;
    int nodes = 8;
    std::array<double, kMaxNodes + 1> chebyshev{}; // coefficients of H in T_k(z)
    // Premium quadrature in sqrt(t), t = time from now, at p points (padded with zero weights to
    // a multiple of four): log boundary at T - t, weights times r e^{-rt} and q e^{-qt},
    // sigma sqrt(t) and its reciprocal, (r - q) t. Written by buildPutBoundary() (left
    // uninitialised before: a boundary is built on every pricing call).
    int priceOrder = 20;
    alignas(32) std::array<double, kMaxPriceOrder> lnB;
    alignas(32) std::array<double, kMaxPriceOrder> weightRate;
    alignas(32) std::array<double, kMaxPriceOrder> weightYield;
    alignas(32) std::array<double, kMaxPriceOrder> stdev;
    alignas(32) std::array<double, kMaxPriceOrder> invStdev;
    alignas(32) std::array<double, kMaxPriceOrder> drift;

    // ln B(tau) for 0 <= tau <= years.
    double lnBoundary(double tau) const;
    // Early-exercise premium of the put with strike 1 at spot s > 0: the American price is the
    // European price plus this (for s above the boundary at T).
    double premium(double s) const;
    // The same with a chosen kernel build (Avx2 falls back to Baseline on a CPU without it).
    double premium(double s, KernelIsa isa) const;
    // Premium and its first three derivatives in s.
    void premiumDerivatives(double s, double out[4]) const;
};

void buildPutBoundary(double rate, double yield, double vol, double years, const AloScheme &scheme,
                      PutBoundary &out);
void buildPutBoundary(double rate, double yield, double vol, double years, const AloScheme &scheme,
                      PutBoundary &out, KernelIsa isa);

} // namespace mag7::pricing::detail
