#pragma once
// `mag7 bench <area>` implementations, one file each. Every one accepts --smoke (a tiny run that
// only proves the benchmark still works, used by the test suite) and prints JSON lines through
// printBenchCase().

#include <QStringList>

#include <cstdint>

namespace mag7::cli {

int benchStore(const QStringList &arguments);   // bench_store.cpp
int benchSim(const QStringList &arguments);     // bench_sim.cpp
int benchPricing(const QStringList &arguments); // bench_pricing.cpp
int benchUi(const QStringList &arguments);      // bench_ui.cpp (needs a QApplication)
int benchSignals(const QStringList &arguments); // bench_signals.cpp
int benchReplay(const QStringList &arguments);  // bench_replay.cpp

// Parts of `mag7 bench pricing`, each printing its cases with printBenchCase().
struct PricingBenchOptions {
    bool smoke = false;     // tiny sizes: prove the benchmark runs
    std::uint64_t seed = 1; // random inputs
};
void benchPricingEuropean(const PricingBenchOptions &options); // bench_pricing_european.cpp
void benchPricingAmerican(const PricingBenchOptions &options); // bench_pricing_american.cpp

} // namespace mag7::cli
