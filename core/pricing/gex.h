#pragma once
// Dealer positioning from open interest: gamma exposure (GEX) per strike, total GEX, the zero-gamma
// (flip) level, call and put walls, delta exposure per strike and delta clusters.
// The usual convention: dealers are assumed long the calls and short the puts of the open
// interest, so GEX per contract = gamma x OI x 100 x S^2 x 1% (dollars of delta change per 1%
// move) counts positive for calls and negative for puts. Delta exposure = delta x OI x 100 x S
// (dollars; puts negative through their delta).
// Contracts with a non-positive (or non-finite) strike, years, IV or open interest are ignored.
// Plain functions; safe from any thread.

#include "model/instrument.h"

#include <optional>
#include <span>
#include <vector>

namespace mag7::pricing {

struct GexContract {
    double strike = 0;
    OptionRight right = OptionRight::Call;
    double years = 0; // to expiry
    double iv = 0;
    double openInterest = 0; // contracts
};

struct GexLevel {
    double strike = 0;
    double callGex = 0; // >= 0
    double putGex = 0;  // <= 0
    double netGex = 0;
    double callDeltaExposure = 0;
    double putDeltaExposure = 0;
    double netDeltaExposure = 0;
};

struct GexProfile {
    double spot = 0;
    std::vector<GexLevel> levels; // strikes ascending; calls and puts of every expiry summed
    double totalGex = 0;
    // Spot where total GEX changes sign, nearest to spot: totalGexAt() on a 0.25% grid of
    // hypothetical spots within +-20% of the spot, then bisection of the sign change (to 1e-10
    // of the spot). None when the total keeps one sign over that range.
    std::optional<double> flipLevel;
    std::optional<double> callWall; // strike with the largest call GEX (none without calls)
    std::optional<double> putWall;  // strike with the largest |put GEX| (none without puts)
    // Strikes where OI-weighted delta concentrates: |net delta exposure| is a local maximum over
    // the strikes (above the lower neighbour, not below the upper one) and at least 1.5x the
    // median non-zero |net delta exposure| of all strikes; the 5 largest, ascending by strike.
    // Empty with fewer than 3 strikes of non-zero exposure.
    std::vector<double> deltaClusters;
};

GexProfile computeGex(double spot, double rate, double dividendYield,
                      std::span<const GexContract> contracts);
// Total GEX if the underlying were at `spot` (gammas re-evaluated there, IVs and times unchanged;
// contracts more than 9 standard deviations (|d1| > 9) from `spot` count as 0).
double totalGexAt(double spot, double rate, double dividendYield,
                  std::span<const GexContract> contracts);

} // namespace mag7::pricing
