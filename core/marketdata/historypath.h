#pragma once
// The historical path that ends where the live simulation begins (internal to the module).
//
// The path starts kPathYears before the simulation's trading date at the configured prices and
// steps on a grid that depends only on the calendar: 30 minutes, then one minute for the last
// kMinutePathSessions sessions. It ends at the hand-off instant: the end of the Eastern day of
// the session before the simulation's trading date, or `start` if that comes first. The same
// (config, seed, start) always gives the same path, whatever window of it is recorded, so the
// history's last close is SimulatedMarket::previousClose().

#include "marketdata/marketpath.h"
#include "marketdata/simulatedmarket.h"

namespace mag7::marketdata {

struct HistoryPathResult {
    FactorModel::State state; // at `end`
    Timestamp end = 0;
    Date previousSession{};
    std::vector<double> previousClose; // per config index, on the instrument's tick
};

// First day of the path and the last day the event calendar must cover for a simulation
// starting at `start`.
Date pathOrigin(Timestamp start);
Date pathEventHorizon(Timestamp start);

// Runs the path; with `history` non-null also records bars, IV and events into it.
HistoryPathResult simulateHistoryPath(MarketWorld &world, std::uint64_t seed, Timestamp start,
                                      const HistoryOptions &options, History *history);

// Value on the instrument's tick grid.
double roundToTick(double value, Price tick);

} // namespace mag7::marketdata
