#pragma once
// Identity of a simulated world and where its recording stands.
//
// A simulated market is a deterministic function of its seed and universe configuration, so a
// recording names both as its source ("simulated seed=7 universe=1f0c2a9e"): the tick store then
// refuses to mix two worlds in one data directory, and a desk restarted on the same world resumes
// recording where the day file ends instead of writing the same ticks twice.

#include "engine/ticksink.h"
#include "marketdata/universeconfig.h"
#include "model/result.h"
#include "model/timestamp.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace mag7::marketdata {
class SimulatedMarket;
}

namespace mag7::engine {

std::string simulatedSourceName(std::uint64_t seed, std::string_view universeJson);

// A universe configuration with the text it was parsed from.
struct UniverseSource {
    marketdata::UniverseConfig config;
    std::string text;
};
// Loads `file`, or the built-in universe when `file` is empty. Errors name the file and field.
Result<UniverseSource> loadUniverseSource(const std::filesystem::path &file);

// Open interest of every listed, unexpired contract at the market's current trading date.
std::shared_ptr<OpenInterestTable> collectOpenInterest(const marketdata::SimulatedMarket &market,
                                                       const InstrumentRegistry &registry);

// The last tick time of the day file of `tradingDate` in `ticksDirectory`, 0 when there is none.
Result<Timestamp> recordedUntil(const std::filesystem::path &ticksDirectory, Date tradingDate);

// Records the simulated market of the built-in universe (options included) with `seed` from
// `from` to `to` into <root>/ticks, one commit per second of market time as the desk records
// (benchmarks and tests). Errors: the tick writer's.
Status recordSimulatedMarket(const std::filesystem::path &root, std::uint64_t seed, Timestamp from,
                             Timestamp to);

} // namespace mag7::engine
