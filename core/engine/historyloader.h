#pragma once
// First-run history for the simulated desk and the baselines computed from it.
// Plain functions used by the engine's background history thread (and the CLI).

#include "engine/marketstate.h"
#include "model/result.h"

#include <string>
#include <vector>

namespace mag7::storage {
class DeskDatabase;
}
namespace mag7::marketdata {
struct UniverseConfig;
struct SimulationOptions;
} // namespace mag7::marketdata

namespace mag7::engine {

// Generates the simulated market's history (2 years of daily bars and ATM IV, 20 sessions of
// 1-minute bars, the event calendar) into the desk database unless the database already holds
// the history of this seed and start date. Returns true when it generated.
Result<bool> ensureSimulatedHistory(storage::DeskDatabase &database,
                                    const marketdata::UniverseConfig &config,
                                    const marketdata::SimulationOptions &options);

// Relative-volume and IV-rank baselines for `symbols` from the history before `start`:
// average cumulative volume by minute over the last 20 sessions and the last 252 daily ATM IVs;
// and the chart history: those sessions' 1-minute bars with their VWAP (anchored by
// `kinds[i]`, Stock when missing) and about 400 days of daily bars.
Result<HistoryBaselines> loadBaselines(const storage::DeskDatabase &database,
                                       const std::vector<std::string> &symbols, Timestamp start,
                                       const std::vector<InstrumentKind> &kinds = {});

} // namespace mag7::engine
