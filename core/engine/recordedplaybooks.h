#pragma once
// Runs the desk's playbooks over a recording the way the live desk runs them: every recorded
// tick (underlyings and options) goes through a MarketState; each completed 1-minute bar goes to
// the runner with the market at its close (quotes, relative volume and IV rank from the desk
// database's history, daily bars, earnings, and option chains rebuilt every few minutes of market
// time by the ChainBuilder), so the option and daily playbooks fire from a recording exactly as
// they would have live. Synchronous; used by `mag7 signals --data`.

#include "model/result.h"
#include "signals/playbook.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace mag7::engine {

struct RecordedRunOptions {
    // <dir>/ticks/YYYY-MM-DD.sqlite; <dir>/desk.sqlite (optional: history baselines, earnings,
    // previous closes and open interest come from it when present).
    std::filesystem::path dataDirectory;
    Timestamp from = 0;
    Timestamp to = 0;
    std::string symbol;   // feed only this underlying's bars to the playbooks (empty: all)
    int chainMinutes = 5; // chains are rebuilt at every this many minutes of market time (1..60)
    double riskFreeRate = 0.04;
    std::map<std::string, double, std::less<>> dividendYields; // by underlying
    std::map<std::string, std::string, std::less<>> sectors;   // underlying -> sector ETF
};

struct RecordedRunSummary {
    std::uint64_t ticks = 0;
    std::uint64_t bars = 0; // completed 1-minute bars fed to the playbooks
    std::uint64_t signals = 0;
    std::uint64_t chainsBuilt = 0;
    std::size_t underlyings = 0;
    bool history = false; // the desk database supplied baselines
};

// Errors: no tick files, an unknown symbol, a damaged file, a desk database that cannot be read.
// `onSignal` sees every signal in time order.
Result<RecordedRunSummary>
runRecordedPlaybooks(const RecordedRunOptions &options, signals::PlaybookRunner &runner,
                     const std::function<void(const signals::Signal &)> &onSignal);

} // namespace mag7::engine
