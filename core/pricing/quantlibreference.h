#pragma once
// QuantLib 1.29 as the reference the desk's pricing is checked against (tests) and measured
// beside (benchmarks), and selectable where a user wants the library's own engines.
//
// Threading: QuantLib keeps global state (Settings::evaluationDate, observers); every function
// here takes one process-wide lock, so calls are serialised. QuantLib errors come back as
// Result errors, never as exceptions.

#include "pricing/american.h"
#include "pricing/blackscholes.h"
#include "model/result.h"

#include <span>

namespace mag7::pricing::quantlib {

enum class Engine {
    AnalyticEuropean,          // AnalyticEuropeanEngine
    QdFpAmericanHighPrecision, // QdFpAmericanEngine::highPrecisionScheme()
    QdFpAmericanAccurate,      // QdFpAmericanEngine::accurateScheme()
    QdFpAmericanFast,          // QdFpAmericanEngine::fastScheme()
    BaroneAdesiWhaley,         // BaroneAdesiWhaleyApproximationEngine
    FiniteDifference,          // FdBlackScholesVanillaEngine (American exercise; discrete dividends)
};

const char *engineName(Engine engine);

// Price and the Greeks the engine provides (others are 0). Discrete dividends need
// FiniteDifference.
Result<Greeks> price(const BsmInputs &in, Engine engine,
                     std::span<const CashDividend> dividends = {});
// VanillaOption::impliedVolatility with the given engine (Brent, accuracy 1e-12 in price).
Result<double> impliedVolatility(double price, const BsmInputs &in, Engine engine,
                                 std::span<const CashDividend> dividends = {});

} // namespace mag7::pricing::quantlib
