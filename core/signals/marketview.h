#pragma once
// What the option and daily playbooks see beyond a symbol's 1-minute bars: its option chain with
// implied vols and Greeks, its IV rank, relative volume and daily bars, its earnings, and the
// same for the benchmarks (SPY, QQQ, sector ETFs). Plain data, filled by whoever runs the
// playbooks (the desk engine from its snapshots, the CLI from recorded data, tests by hand).
//
// Conventions: vols are annualised decimals, prices in dollars, NaN means unknown. Options of
// an expiry are sorted by strike, the call before the put.

#include "model/history.h"
#include "model/instrument.h"
#include "model/timestamp.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::signals {

inline constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

struct OptionQuoteView {
    double strike = 0;
    OptionRight right = OptionRight::Call;
    double bid = 0;
    double ask = 0;
    double mid = 0;
    double iv = kUnknown; // NaN when the quote admits no implied vol
    double delta = kUnknown;
    double gamma = kUnknown;
    double theta = kUnknown; // per calendar day
    double vega = kUnknown;  // per vol point (0.01)
    std::int64_t volume = 0;
    std::int64_t openInterest = 0;
};

struct ExpiryView {
    Date expiry{};
    int daysToExpiry = 0; // calendar days from the chain's trading date
    double years = 0;     // to the expiry instant
    double forward = 0;
    double atmIv = kUnknown;
    double expectedMove = kUnknown;       // spot x ATM IV x sqrt(years), dollars
    double riskReversal25 = kUnknown;     // 25-delta call IV - put IV (smile fit)
    double butterfly25 = kUnknown;        // (25d call IV + 25d put IV) / 2 - ATM IV
    std::vector<OptionQuoteView> options; // by strike, call before put
};

struct OptionChainView {
    Timestamp asOf = 0;
    double spot = kUnknown;
    double rate = 0;
    double dividendYield = 0;
    double atmIv30 = kUnknown;
    std::vector<ExpiryView> expiries; // by date
    double gammaFlip = kUnknown;      // zero-gamma level
    double callWall = kUnknown;
    double putWall = kUnknown;
};

// A past earnings release of the symbol and what the stock did on it.
struct EarningsMove {
    Date date{};
    double expectedMove = kUnknown; // the implied/expected absolute move, fraction of price
    double realizedMove = kUnknown; // |close after / close before - 1|
};

struct EarningsInfo {
    Date next{};                    // next release on or after today (invalid when none known)
    Timestamp time = 0;             // its instant
    double expectedMove = kUnknown; // fraction of price
    std::vector<EarningsMove> past; // oldest first
};

// One symbol's market beyond its bars at the current bar's close.
struct SymbolMarket {
    std::string symbol;
    InstrumentKind kind = InstrumentKind::Stock;
    double last = kUnknown;
    double changePercent = kUnknown;  // vs the previous close, percent
    double relativeVolume = kUnknown; // vs the same time of day over 20 sessions
    double ivRank = kUnknown;         // 0-100
    double ivPercentile = kUnknown;   // 0-100
    double atmIv30 = kUnknown;
    std::vector<DailyBar> daily;   // finished sessions, oldest first
    std::vector<double> ivHistory; // daily 30-day ATM IV of the last 252 sessions, oldest first
    std::shared_ptr<const OptionChainView> chain; // null when the symbol lists no options
    std::optional<EarningsInfo> earnings;         // stocks with a known calendar
    std::string sectorEtf;                        // "XLK"..., empty when none
};

// Every symbol's market, looked up by symbol.
class MarketView {
public:
    const SymbolMarket *find(std::string_view symbol) const
    {
        const auto it = m_symbols.find(symbol);
        return it == m_symbols.end() ? nullptr : &it->second;
    }
    SymbolMarket &upsert(const std::string &symbol)
    {
        SymbolMarket &market = m_symbols[symbol];
        market.symbol = symbol;
        return market;
    }
    const std::map<std::string, SymbolMarket, std::less<>> &symbols() const { return m_symbols; }

private:
    std::map<std::string, SymbolMarket, std::less<>> m_symbols;
};

} // namespace mag7::signals
