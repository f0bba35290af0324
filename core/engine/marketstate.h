#pragma once
// MarketState: the engine thread's view of the market. It applies tick batches in time order,
// keeps the latest quote of every instrument, the trading-day statistics of every underlying
// (open, high, low, volume, previous close, relative volume) and of every option (volume, open
// interest), notes which chains changed, assembles their inputs for the chain analytics, and
// fills the quote board rows of a snapshot.
//
// Threading: owned and used by the engine thread only.

#include "engine/chainbuilder.h"
#include "engine/desksnapshot.h"
#include "engine/intradaybars.h"
#include "engine/ticksink.h"
#include "model/instrument.h"
#include "model/tick.h"

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace mag7::engine {

struct UnderlyingReference {
    InstrumentId id = kInvalidInstrument;
    std::string name;
    double previousClose = kNoValue;
    double dividendYield = 0;
    bool hasOptions = false;
};

// Reference data the feed provides at start.
struct MarketReference {
    double riskFreeRate = 0.04;
    std::vector<UnderlyingReference> underlyings; // quote board order
};

// Baselines computed from the desk database's history.
struct HistoryBaselines {
    // Average cumulative volume by minute of the trading day (index 0 = 18:00 ET of the evening
    // before; 1440 entries), per symbol.
    std::unordered_map<std::string, std::vector<double>> cumulativeVolume;
    // Daily 30-day ATM IV of the last 252 sessions, oldest first, per symbol.
    std::unordered_map<std::string, std::vector<double>> ivHistory;
    // 1-minute bars of the previous sessions and daily bars, per symbol (charts and levels).
    std::unordered_map<std::string, std::shared_ptr<const PriceHistory>> priceHistory;
    // The event calendar from a year before the start to four months after it (playbooks:
    // next earnings and the moves on the past ones).
    std::vector<MarketEvent> events;
};

// Minute of the trading day for relative volume: minutes since 18:00 ET of the evening before.
int tradingMinuteIndex(Timestamp utc);

class MarketState {
public:
    MarketState(const InstrumentRegistry &registry, MarketReference reference);

    void apply(std::span<const Tick> ticks);
    void setBaselines(HistoryBaselines baselines);
    bool hasBaselines() const { return m_hasBaselines; }
    void setOpenInterest(const OpenInterestTable &table);

    // Relative volumes at market time `now` (call about once a second).
    void refreshRelativeVolumes(Timestamp now);

    // Underlyings with options whose quotes (or their own) changed since the last call.
    std::vector<InstrumentId> takeChangedChains();
    // The chain analytics input of an optionable underlying at `asOf`.
    ChainInput chainInput(InstrumentId underlying, Timestamp asOf) const;
    // 30-day ATM IV from the chain analytics (0 = unknown); refreshes IV rank and percentile.
    void setAtmIv(InstrumentId underlying, double atmIv30);

    const QuoteState *quote(InstrumentId id) const;
    const std::vector<QuoteRow> &rows() const { return m_rows; }
    // Chart data of every underlying (quote board order): history, live 1-minute bars from
    // trades, session VWAP and price levels. Completed bars are shared until the next minute.
    std::vector<ChartSeries> charts();
    // 1-minute bars completed since the last call, per underlying in time order.
    struct CompletedBar {
        const QuoteRow *row = nullptr;
        Bar bar;
    };
    std::vector<CompletedBar> takeCompletedBars();
    // Daily bars of quote board row `row`: the history, then each finished trading date.
    const std::vector<DailyBar> &dailyBars(std::size_t row) const { return m_rowStates[row].daily; }
    Timestamp lastTickTime() const { return m_lastTickTime; }
    const MarketReference &reference() const { return m_reference; }

    // The quotes a replay starts from (ReplayFeed::seek at its start: the day file's state,
    // previous day's instruments included), by instrument id. Rows and statistics are left to
    // the ticks; every chain counts as changed.
    void seedQuotes(std::span<const QuoteState> quotes);

    // Replay jumps (ReplayIndex): what the state derived from its ticks besides the quotes, the
    // option volumes and the completed 1-minute bars (those only grow: each row's bar
    // checkpoint keeps their count). Independent of baselines and open interest.
    struct Checkpoint {
        struct Row {
            QuoteRow row;
            Date tradingDate{};
            double lastRegularPrice = kNoValue;
            std::vector<DailyBar> finished; // trading dates finished by ticks (no history)
            IntradayBarBuilder::Checkpoint bars;
        };
        std::vector<Row> rows; // quote board order
        Date volumeDate{};
        Timestamp lastTickTime = 0;
    };
    Checkpoint checkpoint() const;
    // Option volumes by instrument id, of trading date volumeDate() (every non-row instrument).
    const std::vector<std::int64_t> &optionVolumes() const { return m_optionVolume; }
    Date volumeDate() const { return m_volumeDate; }
    // Quote board row `row`'s completed 1-minute bars.
    std::shared_ptr<const MinuteBars> completedBars(std::size_t row);
    // Sets a state built on the same reference (its baselines and open interest kept) to
    // `checkpoint` taken by another: `bars` are that state's completed bars by row, at or after
    // the checkpoint; `optionVolumes` and `quotes` by instrument id at the checkpoint's time.
    // Rows keep revisions above `revisionFloor` (so a panel that saw revision n notices the
    // change); every completed bar is handed out again by takeCompletedBars() and every chain
    // counts as changed.
    void restore(const Checkpoint &checkpoint,
                 std::span<const std::shared_ptr<const MinuteBars>> bars,
                 std::vector<std::int64_t> optionVolumes, std::vector<QuoteState> quotes,
                 std::uint64_t revisionFloor);

private:
    struct RowState {
        std::size_t row = 0;
        Date tradingDate{};
        double lastRegularPrice = kNoValue; // becomes the previous close at the next date
        bool changed = false;               // for takeChangedChains()
        IntradayBarBuilder bars{InstrumentKind::Stock};
        std::vector<DailyBar> daily; // history, then each finished trading date
        PriceLevels levels;
        std::shared_ptr<const PriceHistory> history;
        std::uint64_t historyRevision = 0; // bumps when history or levels change
        std::size_t barsTaken = 0;         // for takeCompletedBars()
    };

    const calendar::TradingDayWindow &windowFor(Timestamp ts);
    void applyToRow(const Tick &tick, RowState &state);
    void refreshIvStatistics(QuoteRow &row);
    RowState *rowStateOf(InstrumentId id);
    void grow(InstrumentId id);

    const InstrumentRegistry &m_registry;
    MarketReference m_reference;
    std::vector<QuoteState> m_quotes;          // by instrument id
    std::vector<std::int64_t> m_optionVolume;  // by instrument id, this trading date
    std::vector<std::int64_t> m_openInterest;  // by instrument id
    std::vector<InstrumentId> m_underlyingOf;  // by instrument id (options), cached
    std::vector<RowState *> m_rowByInstrument; // by instrument id, null for non-rows
    std::vector<RowState> m_rowStates;
    std::vector<QuoteRow> m_rows;
    Date m_volumeDate{};
    calendar::TradingDayWindow m_window;
    HistoryBaselines m_baselines;
    bool m_hasBaselines = false;
    Timestamp m_lastTickTime = 0;
    VwapSessions m_vwapSessions;
};

// Applies every batch to a state as it arrives: for a feed pumped on the state's own thread.
class MarketStateSink final : public TickSink {
public:
    explicit MarketStateSink(MarketState &state)
        : m_state(state)
    {}
    void onTicks(std::shared_ptr<const TickBatch> batch) override
    {
        m_state.apply(*batch);
        m_ticks += batch->size();
    }
    std::uint64_t ticks() const { return m_ticks; }

private:
    MarketState &m_state;
    std::uint64_t m_ticks = 0;
};

} // namespace mag7::engine
