#pragma once
// Intraday bars: 1-minute bars and the session-anchored VWAP of an underlying built from its
// trades, the VWAP sessions themselves and the price levels taken from daily bars.
//
// Threading: plain values; an IntradayBarBuilder belongs to one thread (the engine thread).

#include "engine/desksnapshot.h"
#include "model/exchangecalendar.h"
#include "model/history.h"
#include "model/instrument.h"
#include "model/tick.h"
#include "signals/indicators.h"

#include <memory>
#include <span>
#include <vector>

namespace mag7::engine {

// The VWAP session a trade belongs to, by instrument kind, with the session rules of
// signals::SessionAnchors: equities, ETFs and indexes anchor at the regular open and end at the
// regular close (pre-market and after-hours trades are outside any session); futures anchor at
// 18:00 ET of the evening before their trading date and run through it.
class VwapSessions {
public:
    // The session's anchor (its start), or 0 when `ts` is outside every VWAP session.
    Timestamp anchorOf(InstrumentKind kind, Timestamp ts);

private:
    signals::SessionAnchors m_equity{signals::VwapAnchor::Equity};
    signals::SessionAnchors m_futures{signals::VwapAnchor::Futures};
};

// Running VWAP of one session: sum(price x size) / sum(size), reset when the anchor changes.
class VwapAccumulator {
public:
    // Adds `size` at `price` to the session anchored at `anchor` (0: outside any session, the
    // VWAP becomes NaN until the next session starts).
    void add(Timestamp anchor, double price, double size);
    double value() const;

private:
    Timestamp m_anchor = 0;
    double m_priceVolume = 0;
    double m_volume = 0;
};

class IntradayBarBuilder {
public:
    explicit IntradayBarBuilder(InstrumentKind kind);

    // Adds one trade (in time order; an older trade goes into the forming bar).
    void addTrade(Timestamp ts, double price, std::int64_t size, VwapSessions &sessions);

    bool hasForming() const { return m_hasForming; }
    const Bar &forming() const { return m_forming; }
    double formingVwap() const { return m_vwap.value(); }
    std::size_t completedCount() const { return m_bars.bars.size(); }
    std::span<const Bar> completedBars() const { return m_bars.bars; }
    // The completed bars as an immutable shared copy, made again only after a bar completed.
    std::shared_ptr<const MinuteBars> completed();
    std::uint64_t revision() const { return m_revision; }

    // Everything but the completed bars themselves, which only grow: a checkpoint keeps how many
    // there were and is restored over a later copy of the same builder's completed bars.
    struct Checkpoint {
        std::size_t completed = 0;
        Bar forming;
        bool hasForming = false;
        VwapAccumulator vwap;
        std::uint64_t revision = 0;
    };
    Checkpoint checkpoint() const;
    // `later` holds at least `checkpoint.completed` bars, the first of them the checkpoint's.
    void restore(const Checkpoint &checkpoint, const MinuteBars &later);

private:
    InstrumentKind m_kind;
    MinuteBars m_bars;
    Bar m_forming;
    bool m_hasForming = false;
    VwapAccumulator m_vwap;
    std::shared_ptr<const MinuteBars> m_published;
    std::uint64_t m_revision = 0;
};

// Session VWAP of history bars that carry no trades: each bar's typical price
// (high + low + close) / 3 weighted by its volume.
MinuteBars withTypicalPriceVwap(std::vector<Bar> bars, InstrumentKind kind);

// Levels for `tradingDate` from daily bars (oldest first; bars on or after the date are ignored).
PriceLevels levelsFrom(std::span<const DailyBar> daily, Date tradingDate);

// Chart timeframes. Intraday buckets align to 09:30 ET (a 1-hour bar covers 09:30-10:30, a
// 15-minute bar 09:45-10:00); daily bars are trading dates.
enum class BarInterval { Minute1, Minute5, Minute15, Hour1, Day1 };
const char *barIntervalName(BarInterval interval); // "1m", "5m", "15m", "1h", "1D"
int barIntervalMinutes(BarInterval interval);      // 1440 for Day1

// Aggregates 1-minute bars (time order) into `interval` bars: open of the first minute, high,
// low, close of the last, summed volume; the VWAP of an aggregated bar is the VWAP at its last
// minute. Day1 buckets by trading date; equities and ETFs use regular-session minutes only,
// futures their whole trading date.
MinuteBars aggregateBars(const MinuteBars &minutes, BarInterval interval, InstrumentKind kind);

// Appends `minutes` (1-minute bars) aggregated to `interval` onto `out`, merging into its last
// bar when that bar's bucket continues. Same rules as aggregateBars().
void appendAggregated(MinuteBars &out, std::span<const Bar> minutes, std::span<const double> vwap,
                      BarInterval interval, InstrumentKind kind);

} // namespace mag7::engine
