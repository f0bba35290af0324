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
//
// Ticks: quotes for stocks, ETFs, futures and options; trades for all of them. The VIX index
// has no book: its value is published once a second during 09:30-16:15 ET as a Trade tick with
// size 0. Construction simulates the history path up to `start` (0.2-0.4 s). See
// docs/SIMULATOR.md for the model, the listing rules and the tick budget.

#include "marketdata/universeconfig.h"
#include "model/history.h"
#include "model/instrument.h"
#include "model/tick.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace mag7::marketdata {

struct SimulationOptions {
    std::uint64_t seed = 1;
    Timestamp start = 0; // simulation starts at this instant (UTC ns)
};

// Per-contract state the option chain shows beside the quote.
struct OptionStatistics {
    std::int64_t openInterest = 0; // contracts, as of the start of the trading day
    std::int64_t volume = 0;       // contracts traded so far today
    double impliedVol = 0;         // surface IV at the last full repricing (0 before the first)
    double theoreticalValue = 0;   // BSM value at that repricing, dollars
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

    // Open interest, volume and model values of a listed option; nullopt for other ids.
    std::optional<OptionStatistics> optionStatistics(InstrumentId option) const;
    // The latent (efficient) price of an underlying, dollars; the index level for VIX. Model
    // values are those of the internal grid, at most one 100 ms step ahead of time().
    double modelPrice(InstrumentId underlying) const;
    // The surface's implied vol for a strike and expiry of an optionable underlying (expiring at
    // that date's regular close); 0 when the underlying lists no options.
    double impliedVol(InstrumentId underlying, Date expiry, double strike) const;
    // Option contracts currently listed (not expired).
    std::size_t listedOptionCount() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

struct HistoryOptions {
    int years = 2;           // daily bars and daily ATM IV (at most 10)
    int minuteSessions = 20; // most recent sessions of 1-minute bars (regular + extended hours;
                             // at most 60)
};

struct SymbolHistory {
    std::string symbol;
    std::vector<DailyBar> daily; // oldest first, ending the session before `start`
    std::vector<IvPoint> atmIv;  // optionable underlyings only
    std::vector<Bar> minuteBars; // oldest first
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
