#pragma once
// Conflator: decides which option quotes the tick writer stores (ConflationProfile in
// tickstore.h). Every other tick (stock, ETF, index and futures quotes, every trade) is stored.
//
// For an option quote, in order:
//   1. filtered when DTE (calendar days from the tick's trading date to expiry) exceeds
//      maxDaysToExpiry, or when |strike / S - 1| > maxMoneyness with S the latest mid of the
//      underlying seen here (no underlying quote yet: not filtered);
//   2. dropped when older than the contract's last stored quote (a late, superseded quote);
//   3. dropped when identical (prices, sizes, flags) to the last stored quote; a quote held
//      for the current interval is discarded with it, since the net change is none;
//   4. stored when at least minIntervalNanos passed since the last stored quote;
//   5. otherwise held (replacing any quote already held, which counts as conflated) and
//      released at the end of the interval, time-stamped at that instant.
// Callers must feed ticks in time order and call releaseDue(ts) before offering a tick with
// time ts, so released quotes interleave in time order.
//
// Threading: single-threaded (the tick writer's thread). State is keyed by registry id.

#include "model/instrument.h"
#include "model/tick.h"
#include "storage/tickstore.h"

#include <queue>

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace mag7::storage {

class Conflator {
public:
    enum class Decision { Store, Hold, Drop, Filter };

    explicit Conflator(ConflationProfile profile);

    // `instrument` is the registry entry of tick.instrument; `tradingDate` the tick's trading
    // date (for DTE). Non-option quotes update the underlying mid used for moneyness.
    Decision offer(const Tick &tick, const Instrument &instrument, Date tradingDate);

    // Release time of the earliest held quote, nullopt when none is held.
    std::optional<Timestamp> nextRelease();
    // Removes and returns the earliest held quote, time-stamped at its release time. Requires
    // nextRelease().
    Tick popRelease();

    // Hint that `id` will be offered soon (a contract's state is a likely cache miss).
    void prefetch(InstrumentId id) const
    {
        if (id < m_contracts.size())
            __builtin_prefetch(&m_contracts[id], 1);
    }

    std::uint64_t conflated() const { return m_conflated; }
    std::uint64_t filtered() const { return m_filtered; }
    std::size_t held() const { return m_heldCount; }

private:
    // Per option contract, compact (one cache line): a busy chain touches thousands of
    // contracts per second, and the registry's Instrument objects are far apart in memory.
    struct Contract {
        Timestamp lastStoredTs = 0; // 0: nothing stored yet
        Price bid = 0;              // last stored quote
        Price ask = 0;
        Price strike = 0;
        std::int32_t bidSize = 0;
        std::int32_t askSize = 0;
        InstrumentId underlyingId = kInvalidInstrument;
        std::int32_t expiryDays = 0;  // days since epoch; kNoExpiry when undated
        std::uint32_t generation = 0; // invalidates heap entries of discarded held quotes
        std::uint16_t reserved = 0;
        std::uint8_t flags = 0;
        bool isHeld = false;
    };
    struct Release {
        Timestamp at;
        std::uint64_t order;
        InstrumentId id;
        std::uint32_t generation;
        bool operator>(const Release &other) const
        {
            return at != other.at ? at > other.at : order > other.order;
        }
    };
    enum Kind : std::uint8_t { Unknown = 0, Underlying = 1, Option = 2 };
    static constexpr std::int32_t kNoExpiry = std::numeric_limits<std::int32_t>::min();

    Kind kindOf(InstrumentId id, const Instrument &instrument);
    bool outsideProfile(const Contract &contract, Date tradingDate) const;
    bool sameAsStored(const Contract &contract, const Tick &tick) const;
    void dropStale();

    ConflationProfile m_profile;
    std::vector<std::uint8_t> m_kinds;   // Kind by registry id
    std::vector<Contract> m_contracts;   // by registry id (options only are meaningful)
    std::vector<Tick> m_held;            // held quote by registry id, valid when isHeld
    std::vector<Price> m_underlyingMid2; // by registry id; 0 = no quote yet
    std::priority_queue<Release, std::vector<Release>, std::greater<>> m_releases;
    std::uint64_t m_order = 0;
    std::uint64_t m_conflated = 0;
    std::uint64_t m_filtered = 0;
    std::size_t m_heldCount = 0;
};

} // namespace mag7::storage
