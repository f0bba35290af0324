#pragma once
// The instruments and reference data of a recording, for anything that plays recorded ticks
// through the desk's path (the replay feed, `mag7 signals --data`, `mag7 replay`): every
// instrument recorded on the trading dates of a range in one registry (stable ids across the
// day files), the underlyings with their previous close (from the desk database's daily bars
// when there is one), dividend yield and whether they list options, and a mapping from each day
// file's instrument records to registry ids.

#include "engine/marketstate.h"
#include "model/instrument.h"
#include "model/result.h"
#include "storage/deskdatabase.h"
#include "storage/tickstore.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace mag7::engine {

struct RecordedUniverse {
    std::filesystem::path dataDirectory;
    std::unique_ptr<storage::TickArchive> archive;
    std::vector<Date> days; // recorded trading dates in the range
    // Every instrument of those days: `ownedRegistry`, or the registry the caller passed in.
    std::unique_ptr<InstrumentRegistry> ownedRegistry;
    InstrumentRegistry *registry = nullptr;
    std::unordered_map<std::string, InstrumentId> ids;
    std::vector<std::string> underlyings; // recording order
    std::vector<InstrumentKind> kinds;    // of the underlyings
    MarketReference reference;
    std::unique_ptr<storage::DeskDatabase> database; // null when the directory has none

    // The registry id of a day file's record (by symbol).
    InstrumentId idOf(const storage::InstrumentRecord &record) const
    {
        const auto it = ids.find(record.symbol);
        return it == ids.end() ? kInvalidInstrument : it->second;
    }
    bool hasUnderlying(std::string_view symbol) const;
};

struct RecordedUniverseOptions {
    double riskFreeRate = 0.04;
    std::map<std::string, double, std::less<>> dividendYields; // by underlying
};

// Errors: no tick directory, no recording in the range (naming the dates and the directory), a
// damaged day file, a desk database that cannot be opened. `into` (may be null) receives the
// instruments instead of a registry of the universe's own; it must outlive the universe.
Result<RecordedUniverse> loadRecordedUniverse(const std::filesystem::path &dataDirectory,
                                              Timestamp from, Timestamp to,
                                              const RecordedUniverseOptions &options = {},
                                              InstrumentRegistry *into = nullptr);

// The open interest the desk database holds for `day`, by registry id (contracts the registry does
// not know are left out), as the simulated feed publishes it. Errors: the database read failed.
Result<OpenInterestTable> openInterestOf(const storage::DeskDatabase &database,
                                         const InstrumentRegistry &registry, Date day);

// The recorded span of one trading date: [first tick, last tick + 1 ns). Errors: no file for the
// date (naming the file), an empty or damaged file.
struct RecordedSpan {
    Timestamp from = 0;
    Timestamp to = 0;
};
Result<RecordedSpan> recordedDaySpan(const std::filesystem::path &dataDirectory, Date day);

} // namespace mag7::engine
