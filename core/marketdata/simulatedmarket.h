#pragma once
// The embedded simulated market: the desk's default feed, needing nothing installed.
//
// A correlated stochastic-volatility jump-diffusion drives every underlying of the universe
// (market, sector and idiosyncratic factors; betas, vols and starting prices from the universe
// configuration). Quotes and trades follow the exchange calendar (pre-market, regular, after
// hours; NYSE holidays; futures 18:00-17:00 ET) with U-shaped intraday activity. Option chains
// are listed like the real ones and quoted around a Black-Scholes value from an IV surface with
// term structure, skew and spot-vol correlation; earnings and macro days move it.
//
// Deterministic: the same configuration, seed and start time produce the same ticks, whatever
// the sizes of the advanceTo() steps.
//
// Threading: not thread-safe; one thread (the feed thread) drives it. It registers instruments
// in the InstrumentRegistry, which other threads may read concurrently.

#include "marketdata/universeconfig.h"
#include "model/history.h"
#include "model/instrument.h"
#include "model/tick.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace mag7::marketdata {

struct SimulationOptions {
    std::uint64_t seed = 1;
    Timestamp start = 0; // simulation starts at this instant (UTC ns)
};

class SimulatedMarket {
public:
    SimulatedMarket(const UniverseConfig &config, InstrumentRegistry &registry,
                    SimulationOptions options);
    ~SimulatedMarket();
    SimulatedMarket(const SimulatedMarket &) = delete;
    SimulatedMarket &operator=(const SimulatedMarket &) = delete;

    // The instant up to which ticks have been generated.
    Timestamp time() const;

    // Appends every tick with time() < ts <= until to `out`, in time order, and moves time() to
    // `until`. New option contracts are registered when their listing day starts.
    void advanceTo(Timestamp until, TickBatch &out);

    // Every non-option instrument (stocks, ETFs, futures, the VIX index), in configuration order.
    const std::vector<InstrumentId> &underlyings() const;
    // Underlyings that list options.
    const std::vector<InstrumentId> &optionUnderlyings() const;

    // Close of the regular session before the current trading date (the quote board's "change"
    // reference); equals the last daily bar generateHistory() produces for the same seed/start.
    double previousClose(InstrumentId underlying) const;

    double riskFreeRate() const;
    double dividendYield(InstrumentId underlying) const;

    // Earnings, FOMC and CPI events with from <= date <= to.
    std::vector<MarketEvent> events(Date from, Date to) const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

struct HistoryOptions {
    int years = 2;            // daily bars and daily ATM IV
    int minuteSessions = 20;  // most recent sessions of 1-minute bars (regular + extended hours)
};

struct SymbolHistory {
    std::string symbol;
    std::vector<DailyBar> daily;    // oldest first, ending the session before `start`
    std::vector<IvPoint> atmIv;     // optionable underlyings only
    std::vector<Bar> minuteBars;    // oldest first
};

struct History {
    std::vector<SymbolHistory> symbols; // every underlying, configuration order
    std::vector<MarketEvent> events;    // over the history window and 90 days after `start`
};

// The history the desk needs on first run, consistent with SimulatedMarket for the same
// configuration, seed and start (the last daily close is previousClose()).
History generateHistory(const UniverseConfig &config, const SimulationOptions &options,
                        const HistoryOptions &historyOptions = {});

} // namespace mag7::marketdata
