#pragma once
// Price levels of one instrument, built from its 1-minute bars: the prior trading date's high,
// low and close, the 3-day high and low, the London and New York opening ranges, the Asia,
// London and New York session highs and lows, and swing highs and lows (fractal pivots). The
// dealer-positioning levels (GEX flip, call and put walls, delta clusters) join them in one
// sorted list for charts and signals.
//
// Trading dates follow calendar::tradingDateOf: a trading date runs from 18:00 ET of the evening
// before to 18:00 ET, and trading on weekends and NYSE holidays (the futures holiday sessions)
// belongs to the next trading date. All times below are US/Eastern wall-clock times of that
// trading date D, converted with the daylight-saving rules of the day they fall on.
//
// Sessions (fixed, Eastern time):
//   Asia      18:00 of the calendar day before D -> 03:00 of D (across midnight; Sunday 18:00
//             for a Monday). Futures trading before that, e.g. the Monday session of a holiday
//             weekend, belongs to D but to no session.
//   London    03:00 -> 08:00 of D, the London morning (08:00-13:00 in London) before New York
//             takes part. The US pre-market 08:00-09:30 (with the 08:30 releases) belongs to no
//             session. Eastern time is kept also in the weeks when only one side of the
//             Atlantic has changed its clocks.
//   New York  09:30 -> the regular close of D (16:00, 13:00 on early-close days).
// Opening ranges: London from 03:00, New York from 09:30, each `openingRangeMinutes` long.
//
// Prior day (the trading date before D in the exchange calendar, holidays skipped):
//   equities, ETFs and indexes: the regular session 09:30-16:00 (13:00 on early closes); the
//     close is the close of the last regular-session bar (the 15:59 bar).
//   futures (/ES, /NQ): the whole trading date up to the 17:00 ET daily halt; the close is the
//     close of the last bar starting before 17:00 ET (before the halt, so 12:59 on a holiday
//     session that halts at 13:00).
// The prior-day and 3-day levels need the tracker to have seen those very trading dates: when a
// date is missing from the bars fed (the desk was not running), they stay unknown rather than
// coming from an older date.
//
// Rules:
//   - A bar belongs to a window [begins, ends) when its start is in it. A window is complete once
//     a bar ending at or after `ends` has been fed (the 09:44 bar completes a 15-minute New York
//     range; the 09:45 bar is outside it).
//   - Equal prices: the earliest bar keeps the high (low) and its time.
//   - Swing pivots: bar i is a swing high when its high is strictly above the high of each of the
//     `swingSpan` bars before and after it (a swing low: low strictly below). Equal highs within
//     the span make no pivot (a double top is not a swing high). A pivot is known only once the
//     `swingSpan`-th bar after it has been fed. Swings run over every bar fed, across sessions
//     and trading dates.
// Unknown values are NaN, unknown times 0.
//
// Threading: a LevelTracker belongs to one thread; snapshots and levels are plain values.

#include "model/instrument.h"
#include "model/tick.h"
#include "model/timestamp.h"

#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

namespace mag7::signals {

inline constexpr double kNoLevel = std::numeric_limits<double>::quiet_NaN();

struct LevelConfig {
    int openingRangeMinutes = 15; // 1..390
    int swingSpan = 2;            // k bars on each side of a pivot, 1..50
    int swingsKept = 10;          // the last N swing highs and N swing lows, 1..1000
};

// High and low of the bars in one time window of the current trading date.
struct RangeLevel {
    double high = kNoLevel;
    double low = kNoLevel;
    Timestamp highTime = 0; // start of the bar that made the high
    Timestamp lowTime = 0;
    Timestamp begins = 0; // the window [begins, ends)
    Timestamp ends = 0;
    bool complete = false; // the window has ended; high and low are final

    bool known() const { return highTime != 0; }
};

struct SwingPoint {
    double price = kNoLevel;
    Timestamp time = 0;        // start of the pivot bar
    Timestamp confirmedBy = 0; // start of the bar `swingSpan` bars later that confirmed it
};

struct LevelSnapshot {
    Date tradingDate{}; // of the last bar fed; zero before any bar
    Timestamp lastBar = 0;

    Date priorDate{}; // the trading date before tradingDate
    double priorHigh = kNoLevel;
    double priorLow = kNoLevel;
    double priorClose = kNoLevel;
    Timestamp priorHighTime = 0;
    Timestamp priorLowTime = 0;
    Timestamp priorCloseTime = 0; // start of the bar whose close is priorClose

    // Over the three trading dates before tradingDate (same session rules as the prior day).
    double threeDayHigh = kNoLevel;
    double threeDayLow = kNoLevel;
    Timestamp threeDayHighTime = 0;
    Timestamp threeDayLowTime = 0;

    RangeLevel londonOpeningRange;
    RangeLevel nyOpeningRange;
    RangeLevel asia;
    RangeLevel london;
    RangeLevel newYork;

    std::vector<SwingPoint> swingHighs; // oldest first, at most LevelConfig::swingsKept
    std::vector<SwingPoint> swingLows;
};

class LevelTracker {
public:
    // Futures use whole trading dates for the prior-day and 3-day levels; every other kind the
    // regular equity session. Config values outside their ranges are clamped into them.
    explicit LevelTracker(InstrumentKind kind, LevelConfig config = {});

    // Feeds the next completed 1-minute bar. Returns false, changing nothing, when the bar does
    // not start after the previous one or its prices are not finite and positive with
    // low <= high.
    bool add(const Bar &bar);

    LevelSnapshot snapshot() const;
    Date tradingDate() const { return m_day.date; }
    const LevelConfig &config() const { return m_config; }
    bool futures() const { return m_futures; }

private:
    // Regular session (equities) or trading date before the halt (futures) of one date.
    struct DaySummary {
        Date date{};
        RangeLevel range;
        double close = kNoLevel;
        Timestamp closeTime = 0;
    };
    struct SwingBar {
        Timestamp start = 0;
        double high = 0;
        double low = 0;
    };

    void beginTradingDate(Timestamp ts);
    const DaySummary *completedDay(Date date) const;
    void addSwingBar(const Bar &bar);

    LevelConfig m_config;
    bool m_futures = false;
    Timestamp m_lastStart = 0;
    Timestamp m_dateEnds = 0; // 18:00 ET ending the current trading date

    DaySummary m_day;                   // the current trading date so far
    std::deque<DaySummary> m_completed; // the last three completed dates, oldest first
    LevelSnapshot m_levels;             // prior, 3-day, ranges and sessions of the current date

    std::deque<SwingBar> m_swingWindow; // the last 2k+1 bars
    std::deque<SwingPoint> m_swingHighs;
    std::deque<SwingPoint> m_swingLows;
};

enum class LevelKind : std::uint8_t {
    PriorHigh,
    PriorLow,
    PriorClose,
    ThreeDayHigh,
    ThreeDayLow,
    LondonOpeningRangeHigh,
    LondonOpeningRangeLow,
    NyOpeningRangeHigh,
    NyOpeningRangeLow,
    AsiaHigh,
    AsiaLow,
    LondonHigh,
    LondonLow,
    NyHigh,
    NyLow,
    SwingHigh,
    SwingLow,
    GexFlip,
    CallWall,
    PutWall,
    DeltaCluster,
};

// Short chart label: "PDH", "PDL", "PDC", "3DH", "3DL", "LDN ORH", "LDN ORL", "NY ORH",
// "NY ORL", "Asia H", "Asia L", "LDN H", "LDN L", "NY H", "NY L", "Swing H", "Swing L", "Flip",
// "Call wall", "Put wall", "Delta cluster".
const char *levelName(LevelKind kind);

struct Level {
    LevelKind kind = LevelKind::PriorHigh;
    double price = kNoLevel;
    // Start of the bar that made the price (prior close: its last bar; GEX levels: the time of
    // the profile they come from).
    Timestamp time = 0;
    // False while the price can still move: an opening range or session still under way.
    bool complete = true;

    const char *name() const { return levelName(kind); }
    bool operator==(const Level &) const = default;
};

// Dealer-positioning levels of the instrument's option chain (from pricing::GexProfile: its
// flipLevel, callWall, putWall and deltaClusters), NaN where the profile has none.
struct GexLevels {
    double flip = kNoLevel;
    double callWall = kNoLevel;
    double putWall = kNoLevel;
    std::vector<double> deltaClusters;
    Timestamp asOf = 0;
};

// Every known level of the snapshot (each kept swing point included) and of `gex`, ascending by
// price; equal prices in LevelKind order, then by time. Levels without a finite positive price
// are left out.
std::vector<Level> mergeLevels(const LevelSnapshot &snapshot, const GexLevels &gex = {});

} // namespace mag7::signals
