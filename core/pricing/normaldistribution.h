#pragma once
// Special functions for the implied-volatility solver: the scaled normal tail, the scaled
// complementary error function and the inverse of the standard normal CDF. normalCdf and
// normalPdf (declared in blackscholes.h) are defined in normaldistribution.cpp too.
// Plain functions, no state; safe from any thread.

namespace mag7::pricing {

// Phi(-b) exp(b^2/2) = erfcx(b/sqrt2)/2 for b >= 0: the normal tail without its Gaussian factor,
// from the minimax rational approximation the vectorised Black-Scholes kernels use (fitted on
// [0, 38.5], a few ulps relative) and Cody's asymptotic form beyond.
double normalTailScaled(double b);

// erfcx(x) = exp(x^2) erfc(x) for every real x, a few ulps relative: normalTailScaled for
// x >= 0, and 2 exp(x^2) - erfcx(-x) below with W. J. Cody's rational Chebyshev approximations
// ("Rational Chebyshev Approximations for the Error Function", Math. Comp. 23 (1969) 631-637).
// Finite for x > -26.6, +inf below; NaN only for NaN.
double erfcx(double x);

// erfc(x) from Cody's approximations (a few ulps relative; 0 beyond x = 27.3).
double erfcCody(double x);

// Phi^-1(p): M. J. Wichura, "Algorithm AS 241: The Percentage Points of the Normal
// Distribution", Applied Statistics 37 (1988) 477-484 (PPND16, about 1e-16 relative).
// p <= 0 gives -inf, p >= 1 gives +inf, NaN gives NaN.
double inverseNormalCdf(double p);

} // namespace mag7::pricing
