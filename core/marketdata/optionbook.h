#pragma once
// The listed option chains of every optionable underlying and their quoting.
//
// Listing: at the start of each trading day the book registers the contracts optionlisting.h
// prescribes (existing ones keep their ids; strikes are added as the spot moves), retires
// expired ones, rolls open interest (seeded humped around the money, larger at round strikes
// and monthlies; then yesterday's volume moves it) and resets daily volume.
// Quoting (regular session; ETF options until 16:15 except on their expiry day): every contract
// is checked at most once per second, at a cadence set by its DTE and delta
// (requoteIntervalSeconds), from a timing wheel on the 100 ms grid so only due contracts are
// touched. A check is the cheap first-order estimate
// |delta dS| + vega |dIV| + |theta dt| against `thresholdTicks` increments; only when it passes
// (or the last full pricing is older than fullRefreshSeconds) is the contract repriced with
// pricing::bsmGreeks on the surface IV, and a quote is emitted only if the bid or ask changed.
// Far out-of-the-money contracts barely move, so they rarely tick.
// Trades: Poisson prints per underlying (U-shaped), spread over contracts by a weight humped
// around the money and heavy in the front expiries, at the bid, the ask or the mid.
// Not thread-safe; owned by the simulator (the registry it fills is thread-safe).

#include "marketdata/marketpath.h"
#include "model/instrument.h"
#include "model/tick.h"

#include <optional>
#include <unordered_map>
#include <vector>

namespace mag7::marketdata {

inline constexpr std::int64_t kGridStepNanos = 100 * kNanosPerMilli;
inline constexpr int kStepsPerSecond = static_cast<int>(kNanosPerSecond / kGridStepNanos);
// Requote schedule horizon: a timing wheel of this many grid steps (longer than any cadence).
inline constexpr int kWheelSteps = 256 * kStepsPerSecond;

struct OptionContractStatistics {
    std::int64_t openInterest = 0;
    std::int64_t volume = 0;     // contracts traded today
    double impliedVol = 0;       // surface IV at the last full pricing
    double theoreticalValue = 0; // at the last full pricing
    Timestamp pricedAt = 0;
};

class OptionBook {
public:
    OptionBook(MarketWorld &world, InstrumentRegistry &registry,
               const std::vector<InstrumentId> &underlyingIds, std::uint64_t seed);

    // Lists the chains for trading date `today` at time `now` (a trading day).
    void list(Date today, Timestamp now, const FactorModel::State &state);

    // Quotes and trades of the grid step [t0, t1) for the state at t1.
    void step(Timestamp t0, Timestamp t1, const DayClock &day, const FactorModel::State &state,
              TickBatch &out);

    // Counts an option trade the caller has handed out (volume counts only delivered prints).
    void recordTrade(const Tick &trade);

    std::optional<OptionContractStatistics> statistics(InstrumentId option) const;
    std::size_t activeContracts() const;

private:
    struct Contract {
        InstrumentId id = kInvalidInstrument;
        int chain = 0;
        int expiry = 0;
        OptionRight right = OptionRight::Call;
        bool active = true;
        bool quoted = false;
        std::uint8_t slot = 0; // grid step within the opening second of its first check
        std::uint8_t checkSeconds = 1;
        std::int64_t nextCheck = -1; // grid step index of the next check (-1: unscheduled)
        double strike = 0;
        double logStrike = 0;
        // State of the last full pricing.
        Timestamp pricedAt = 0;
        double spot = 0;
        double logSpot = 0;
        double atm = 0;
        double iv = 0;
        double ivSlope = 0; // d IV / d ln S at fixed strike
        double delta = 0;
        double vega = 0;  // per vol point (0.01)
        double theta = 0; // per calendar day
        double theo = 0;
        double z = 0;
        Price bid = 0;
        Price ask = 0;
        std::int64_t openInterest = 0;
        std::int64_t volume = 0;
    };
    struct Expiry {
        Date date{};
        Timestamp instant = 0; // regular close of the expiry date (PM settlement)
        bool monthly = false;
        bool active = true;
        double cumulativeAtExpiry = 0;
        double eventVariance = 0;
        Timestamp eventsValidUntil = 0; // recompute eventVariance from this instant
        std::vector<std::uint32_t> contracts;
        // Refreshed every step while the chain quotes.
        bool live = false;
        double years = 0;
        double sqrtYears = 0;
        double atm = 0;
        double forwardFactor = 1;
    };
    struct Chain {
        int configIndex = -1;
        InstrumentId underlyingId = kInvalidInstrument;
        bool isEtf = false;
        bool sessionOpen = false;
        std::vector<Expiry> expiries;
        std::vector<std::vector<std::uint32_t>>
            wheel; // contracts due, by grid step mod kWheelSteps
        std::unordered_map<std::uint64_t, std::uint32_t> byKey; // (expiry, strike, right)
        double openInterestScale = 0;
        double tradeAccumulated = 0;
        double nextTrade = 0;
        std::vector<double> tradeCumulative;
        std::vector<std::uint32_t> tradeContracts;
        Timestamp tradeWeightsAt = 0;
    };

    void listChain(Chain &chain, Date today, Timestamp now, const FactorModel::State &state);
    void openSession(Chain &chain, std::int64_t step);
    void closeSession(Chain &chain);
    void schedule(Chain &chain, std::uint32_t index, std::int64_t step);
    void refreshExpiries(Chain &chain, Timestamp t, double cumulativeNow,
                         const FactorModel::State &state);
    void reprice(Contract &contract, const Chain &chain, const Expiry &expiry, double spot,
                 Timestamp t);
    Tick quoteTick(Contract &contract, Timestamp ts);
    void rebuildTradeWeights(Chain &chain, Timestamp t);
    void trade(Chain &chain, Timestamp t0, Timestamp t1, const DaySchedule &day, double activity,
               TickBatch &out);

    MarketWorld &m_world;
    InstrumentRegistry &m_registry;
    std::uint64_t m_seed;
    std::vector<Chain> m_chains;
    std::vector<Contract> m_contracts;
    std::unordered_map<InstrumentId, std::uint32_t> m_byId;
    std::vector<std::uint32_t> m_due; // scratch: the bucket being processed
    Rng m_rng;
    Date m_today{};
};

} // namespace mag7::marketdata
