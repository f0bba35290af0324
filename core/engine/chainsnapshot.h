#pragma once
// Immutable analytics of one underlying's option chain at an instant: every contract's quote,
// implied vol, Greeks, probability ITM and GEX, a summary per expiry (ATM IV, expected move,
// 25-delta risk reversal and butterfly from the smile fit) and the dealer-positioning profile.
// Built off the engine thread by the ChainAnalytics worker; shared by shared_ptr, never modified.

#include "model/instrument.h"
#include "model/price.h"
#include "pricing/blackscholes.h"
#include "pricing/gex.h"
#include "pricing/impliedvol.h"
#include "pricing/volsurface.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mag7::engine {

struct OptionRow {
    InstrumentId id = kInvalidInstrument;
    const Instrument *instrument = nullptr; // registry-owned, valid for the registry's life
    Date expiry{};
    OptionRight right = OptionRight::Call;
    double strike = 0;
    double years = 0; // to the expiry instant
    Price bid = 0;
    Price ask = 0;
    std::int32_t bidSize = 0;
    std::int32_t askSize = 0;
    Price last = 0;
    std::int64_t volume = 0;       // contracts today
    std::int64_t openInterest = 0; // contracts at the start of the day
    double mid = 0;
    double iv = 0;
    pricing::IvError ivError = pricing::IvError::InvalidInput;
    pricing::Greeks greeks;
    double probabilityItm = 0;
    double gex = 0; // this contract's GEX (calls +, puts -), dollars per 1% move
};

struct ExpirySummary {
    Date expiry{};
    int daysToExpiry = 0; // calendar days
    double years = 0;
    double forward = 0;
    double atmStrike = 0;
    double atmIv = 0;          // 0 when unknown
    double straddle = 0;       // ATM call mid + put mid
    double expectedMove = 0;   // spot x ATM IV x sqrt(years)
    double riskReversal25 = 0; // from the smile fit; NaN without a fit
    double butterfly25 = 0;
    std::optional<pricing::SmileFit> smile;
    std::size_t firstRow = 0; // rows [firstRow, firstRow + rowCount) of ChainSnapshot::options
    std::size_t rowCount = 0;
};

struct ChainSnapshot {
    InstrumentId underlying = kInvalidInstrument;
    std::string symbol;
    Timestamp asOf = 0;
    double spot = 0;
    double rate = 0;
    double dividendYield = 0;
    double atmIv30 = 0;                  // 30-day constant-maturity ATM IV; 0 when unknown
    std::vector<ExpirySummary> expiries; // by date
    std::vector<OptionRow> options;      // by expiry, strike, call before put
    pricing::GexProfile gex;
    std::uint64_t sequence = 0;
};

} // namespace mag7::engine
