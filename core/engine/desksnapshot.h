#pragma once
// Immutable snapshots of the desk's state, published by the engine thread and read by the GUI
// on its refresh timer. A snapshot never changes after publication; share it by shared_ptr.

#include "engine/chainsnapshot.h"
#include "model/exchangecalendar.h"
#include "model/history.h"
#include "model/instrument.h"
#include "model/price.h"
#include "model/tick.h"
#include "signals/playbook.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::engine {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// One row of the quote board: an underlying (stock, ETF, index, future).
struct QuoteRow {
    InstrumentId id = kInvalidInstrument;
    std::string symbol;
    std::string name;
    InstrumentKind kind = InstrumentKind::Stock;
    bool hasOptions = false; // lists options (ATM IV and IV rank apply)
    Price bid = 0;
    Price ask = 0;
    std::int32_t bidSize = 0;
    std::int32_t askSize = 0;
    Price last = 0; // last trade (0 before the first trade)
    double previousClose = kNoValue;
    double open = kNoValue; // regular session
    double high = kNoValue;
    double low = kNoValue;
    std::int64_t volume = 0;          // trading-date volume, extended hours included
    double relativeVolume = kNoValue; // volume / average volume by this time of day (20 sessions)
    double atmIv = kNoValue;          // 30-day constant-maturity ATM implied vol (decimal)
    double ivRank = kNoValue;         // 0-100: (IV - min52w) / (max52w - min52w)
    double ivPercentile = kNoValue;   // 0-100: share of the last 252 days with IV below today's
    Timestamp updated = 0;            // last tick applied
    std::uint64_t revision = 0;       // increases whenever any field changes

    double lastPrice() const
    {
        if (last != 0)
            return toDouble(last);
        if (bid > 0 && ask > 0)
            return toDouble(bid + ask) / 2.0;
        return kNoValue;
    }
    double change() const { return lastPrice() - previousClose; }
    double changePercent() const { return 100.0 * change() / previousClose; }
};

// Price levels of an underlying from its daily bars before the current trading date (regular
// session): the prior day's high, low and close and the high and low of the last three sessions.
struct PriceLevels {
    Date tradingDate{}; // the date these levels apply to
    double priorHigh = kNoValue;
    double priorLow = kNoValue;
    double priorClose = kNoValue;
    double threeDayHigh = kNoValue;
    double threeDayLow = kNoValue;
};

// 1-minute bars with the session VWAP at each bar's close (NaN outside the VWAP session:
// equities and ETFs anchor at the regular open and stop at the regular close; futures anchor at
// 18:00 ET and run through their trading date).
struct MinuteBars {
    std::vector<Bar> bars; // by start time
    std::vector<double> vwap;
};

// History of an underlying before the desk's first trading date, from the desk database:
// 1-minute bars of the previous sessions (VWAP from each bar's typical price, as the database
// keeps no trades) and daily bars (oldest first).
struct PriceHistory {
    MinuteBars minutes;
    std::vector<DailyBar> daily;
};

// Everything a price chart of one underlying needs. `completed` holds the live 1-minute bars
// since the desk started (built from trades), shared with later snapshots until the next minute
// closes; `forming` is the minute still open.
struct ChartSeries {
    InstrumentId id = kInvalidInstrument;
    std::string symbol;
    InstrumentKind kind = InstrumentKind::Stock;
    std::shared_ptr<const PriceHistory> history; // null until the history is loaded
    std::shared_ptr<const MinuteBars> completed; // never null
    Bar forming;
    double formingVwap = kNoValue;
    bool hasForming = false;
    PriceLevels levels;
    // The session's levels as the playbooks see them (prior day, 3-day, opening ranges, Asia /
    // London / New York highs and lows, swing points) merged with the chain's GEX flip, walls and
    // delta clusters, ascending by price (signals::mergeLevels). Null before the first bar.
    std::shared_ptr<const std::vector<signals::Level>> sessionLevels;
    std::uint64_t revision = 0; // increases whenever a bar or a level changes
};

// The playbooks running in the desk: their signals of the session (newest last, at most the last
// 500), each playbook's description and parameters, and its state per symbol.
struct SignalBoard {
    struct PlaybookInfo {
        std::string name;
        std::string description;
        std::vector<signals::PlaybookParameter> parameters;
        bool enabled = true;
    };
    struct State {
        std::string playbook;
        std::string symbol;
        std::string state;
    };
    std::vector<signals::Signal> signals;
    // Replay: a span of the day whose signals the log may lack because a jump skipped it (the
    // playbooks were warmed up on its bars without firing); none when from == to.
    Timestamp unevaluatedFrom = 0;
    Timestamp unevaluatedTo = 0;
    std::vector<PlaybookInfo> playbooks;
    std::vector<State> states;
    std::uint64_t revision = 0;
};

// CatchingUp: the feed is generating the trading day up to the clock as fast as it can (the
// simulated desk starts its market at the trading date's beginning, 18:00 ET the evening before).
enum class FeedState { Starting, CatchingUp, Live, Paused, Stalled, Stopped, Failed };
const char *feedStateName(FeedState state);

struct FeedStatus {
    FeedState state = FeedState::Starting;
    std::string source;  // "Simulated market", "Replay 2025-01-13", "Alpaca"...
    std::string message; // error or detail
    double speed = 1.0;  // virtual-time speed factor (1 = real time)
    bool simulated = true;
    // Replay of a recording: the range and how far it has been played (Stopped at its end).
    bool replay = false;
    Timestamp replayFrom = 0;
    Timestamp replayTo = 0;
    Timestamp replayPosition = 0;
    bool replayJumpsReady = false; // jumps restore the state at once (else they play the range)
};

struct RecordingStatus {
    bool enabled = false;   // asked for
    bool recording = false; // actually writing
    std::uint64_t ticksWritten = 0;
    std::uint64_t bytesOnDisk = 0;
    std::string currentFile;
    std::string error;
};

struct DeskSnapshot {
    std::uint64_t sequence = 0;
    Timestamp marketTime = 0;
    SessionPhase phase = SessionPhase::Closed;
    bool futuresOpen = false;
    FeedStatus feed;
    double ticksPerSecond = 0; // ticks received per wall-clock second (recent average)
    std::uint64_t totalTicks = 0;
    RecordingStatus recording;
    bool historyReady = false; // relative volume and IV rank baselines loaded
    std::vector<QuoteRow> quotes;
    // Chain analytics of every optionable underlying (by underlying id); each is shared with
    // later snapshots until its chain is recomputed.
    std::vector<std::shared_ptr<const ChainSnapshot>> chains;
    // Price chart data of every underlying, in quote board order.
    std::vector<ChartSeries> charts;
    // Playbook signals and states (never null after start()).
    std::shared_ptr<const SignalBoard> signalBoard;

    const ChartSeries *chart(std::string_view symbol) const
    {
        for (const ChartSeries &series : charts) {
            if (series.symbol == symbol)
                return &series;
        }
        return nullptr;
    }
};

} // namespace mag7::engine
