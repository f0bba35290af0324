#pragma once
// Dealer positioning from open interest: gamma exposure (GEX) per strike, total GEX, the zero-gamma
// (flip) level, call and put walls, delta exposure per strike and delta clusters.
// The usual convention: dealers are assumed long the calls and short the puts of the open
// interest, so GEX per contract = gamma x OI x 100 x S^2 x 1% (dollars of delta change per 1%
// move) counts positive for calls and negative for puts. Delta exposure = delta x OI x 100 x S
// (dollars; puts negative through their delta).
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
    std::vector<GexLevel> levels; // strikes ascending
    double totalGex = 0;
    std::optional<double> flipLevel; // spot where total GEX changes sign, nearest to spot
    std::optional<double> callWall;  // strike with the largest call GEX
    std::optional<double> putWall;   // strike with the largest |put GEX|
    std::vector<double> deltaClusters; // strikes where OI-weighted delta concentrates
};

GexProfile computeGex(double spot, double rate, double dividendYield,
                      std::span<const GexContract> contracts);
// Total GEX if the underlying were at `spot` (gammas re-evaluated there, IVs unchanged).
double totalGexAt(double spot, double rate, double dividendYield,
                  std::span<const GexContract> contracts);

} // namespace mag7::pricing
