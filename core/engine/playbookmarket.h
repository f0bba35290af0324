#pragma once
// PlaybookMarket: the signals::MarketView the desk's playbooks see at each 1-minute close, kept
// from the engine's own state: every underlying's last price, change, relative volume, IV rank
// and percentile (quote board rows), its finished daily bars, its daily ATM IV history, its
// option chain as the playbooks read it (converted once per chain recomputation), its earnings
// (next release and how the stock moved on the past ones) and its sector ETF.
//
// Threading: the engine thread only.

#include "engine/chainsnapshot.h"
#include "engine/desksnapshot.h"
#include "engine/marketstate.h"
#include "model/history.h"
#include "signals/marketview.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mag7::engine {

// The chain as the playbooks read it: expiries with their summaries and every contract's quote,
// IV and Greeks (theta per calendar day, vega per vol point), the GEX flip and walls.
signals::OptionChainView toChainView(const ChainSnapshot &chain);

// Earnings of `symbol` as of trading date `today`: the next release on or after today and every
// earlier release whose move the daily bars show (release before the open: the close before it
// to that day's close; after the close: that day's close to the next session's close).
std::optional<signals::EarningsInfo> earningsOf(const std::string &symbol,
                                                const std::vector<MarketEvent> &events,
                                                const std::vector<DailyBar> &daily, Date today);

class PlaybookMarket {
public:
    // `sectors`: symbol -> its sector ETF (symbols without one are left out).
    explicit PlaybookMarket(std::map<std::string, std::string, std::less<>> sectors = {});

    // From the history loader: the event calendar and each symbol's daily ATM IV history.
    void setHistory(std::vector<MarketEvent> events,
                    std::map<std::string, std::vector<double>, std::less<>> ivHistory);
    void setHistory(const HistoryBaselines &baselines); // its events and IV history

    // Refreshes every symbol from the quote board rows, their finished daily bars (same order
    // as `rows`) and the latest chains; `now` is the market time of the closing bar.
    void refresh(const std::vector<QuoteRow> &rows,
                 const std::vector<const std::vector<DailyBar> *> &daily,
                 const std::vector<std::shared_ptr<const ChainSnapshot>> &chains, Timestamp now);

    const signals::MarketView &view() const { return m_view; }

private:
    struct Cached {
        std::uint64_t chainSequence = 0;
        std::size_t dailyCount = 0;
        Date earningsFor{};
    };
    std::map<std::string, std::string, std::less<>> m_sectors;
    std::vector<MarketEvent> m_events;
    std::map<std::string, std::vector<double>, std::less<>> m_ivHistory;
    std::map<std::string, Cached, std::less<>> m_cache;
    signals::MarketView m_view;
};

} // namespace mag7::engine
