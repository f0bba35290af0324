#pragma once
// QuantLib 1.29 as the reference the desk's pricing is checked against (tests) and measured
// beside (benchmarks), and selectable where a user wants the library's own engines.
//
// Threading: QuantLib keeps global state (Settings::evaluationDate, observers); every function
// here holds globalLock() while it runs, so calls are serialised. QuantLib errors come back as
// Result errors, never as exceptions. No QuantLib header is included here.

#include "model/result.h"
#include "pricing/american.h"
#include "pricing/blackscholes.h"

#include <cstddef>
#include <mutex>
#include <span>

namespace mag7::pricing::quantlib {

// The process-wide lock every QuantLib call in the desk holds.
std::mutex &globalLock();

// European: AnalyticEuropeanEngine (quantlibeuropean.cpp). Price and the engine's Greeks
// converted to the desk's units (theta per calendar day, vega and rho per point).
Result<Greeks> europeanPrice(const BsmInputs &in);
// VanillaOption::impliedVolatility with AnalyticEuropeanEngine (Brent on vol x sqrt(T) to
// 1e-12).
Result<double> europeanImpliedVolatility(double price, const BsmInputs &in);

// American engines (quantlibamerican.cpp).
enum class AmericanEngine {
    QdFpHighPrecision, // QdFpAmericanEngine::highPrecisionScheme()
    QdFpAccurate,      // QdFpAmericanEngine::accurateScheme()
    QdFpFast,          // QdFpAmericanEngine::fastScheme()
    BaroneAdesiWhaley, // BaroneAdesiWhaleyApproximationEngine
    FiniteDifference,  // FdBlackScholesVanillaEngine (the only one taking discrete dividends)
};
const char *americanEngineName(AmericanEngine engine);

Result<Greeks> americanPrice(const BsmInputs &in, AmericanEngine engine,
                             std::span<const CashDividend> dividends = {});
// FdBlackScholesVanillaEngine on a chosen grid (AmericanEngine::FiniteDifference is 2000 time x
// 2000 spot steps): for convergence studies and references of a known resolution.
Result<Greeks> americanPriceFiniteDifference(const BsmInputs &in,
                                             std::span<const CashDividend> dividends,
                                             std::size_t timeSteps, std::size_t spotSteps);
Result<double> americanImpliedVolatility(double price, const BsmInputs &in, AmericanEngine engine,
                                         std::span<const CashDividend> dividends = {});

} // namespace mag7::pricing::quantlib
