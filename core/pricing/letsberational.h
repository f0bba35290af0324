#pragma once
// Implied Black volatility to machine precision after P. Jaeckel, "Let's Be Rational",
// Wilmott, January 2015, pp. 40-53: the normalised Black function evaluated without cancellation
// in the wings, a rational initial guess on four branches, and at most two Householder(3) steps.
// Written from the paper's mathematics for the desk (see letsberational.cpp); impliedvol.cpp
// maps Black-Scholes-Merton prices onto it. Plain functions; safe from any thread.

namespace mag7::pricing::lbr {

// Normalised Black price b(x, s) = e^{x/2} Phi(x/s + s/2) - e^{-x/2} Phi(x/s - s/2) of a call
// (theta = +1) or theta*(...) with the signs of the arguments flipped for a put (theta = -1),
// with x = ln(F/K), s = sigma sqrt(T). Undiscounted price = sqrt(F K) * b.
double normalisedBlack(double x, double s, double theta);

// d b / d s = exp(-(x^2/s^2 + s^2/4)/2) / sqrt(2 pi), the same for calls and puts.
double normalisedVega(double x, double s);

enum class Status {
    Ok,
    BelowIntrinsic, // beta below the normalised intrinsic value
    AboveMaximum,   // beta at or above e^{theta x / 2}, the price of infinite volatility
};

struct Solution {
    double s = 0; // sigma sqrt(T); 0 when beta equals the intrinsic value
    Status status = Status::Ok;
    int iterations = 0;
};

// s such that normalisedBlack(x, s, theta) == beta. `maxIterations` Householder steps after the
// rational guess (the paper shows two reach full precision).
Solution impliedNormalisedVolatility(double beta, double x, double theta, int maxIterations = 2);

} // namespace mag7::pricing::lbr
