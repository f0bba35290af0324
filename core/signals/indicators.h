#pragma once
// Technical indicators over bars: moving averages, Wilder's RSI and ATR, the session-anchored
// VWAP, momentum, relative volume by time of day and relative strength against a benchmark.
// Realized volatility estimators are in volatility.h, GARCH(1,1) in garch.h.
//
// Every indicator is a small streaming class: update() takes the next bar (or value) in time
// order and returns the indicator's value after it, or NaN (kNoValue) while it is warming up.
// An update costs O(1): rolling sums are kept incrementally and recomputed from their window
// once per window length (amortised O(1)), so rounding never builds up over a long stream.
// The batch functions run the same classes over a span and return one value per input, so a
// batch result and a stream give the same numbers.
//
// Inputs: a non-finite value is ignored, and so is a non-positive price (RSI, momentum,
// relative strength) or a bar that fails isValidBar(): the indicator keeps its state and
// returns its current value. Periods below 1 count as 1.
//
// Threading: plain values; an instance belongs to one thread.

#include "model/exchangecalendar.h"
#include "model/history.h"
#include "model/tick.h"
#include "model/timestamp.h"

#include <array>
#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace mag7::signals {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// True when the bar's prices are finite and positive, high >= low and the volume is not
// negative: what every bar indicator accepts.
bool isValidBar(const Bar &bar);

// The last `length` values with their sum, mean and sample variance. Sums are taken about a
// shift (the window's mean at the last recomputation), so the variance of prices near 100 with
// a spread of 0.01 keeps its digits.
class RollingWindow {
public:
    explicit RollingWindow(int length);

    void push(double value); // drops the oldest value once the window is full
    void reset();

    int length() const { return static_cast<int>(m_values.size()); }
    int size() const { return static_cast<int>(m_size); }
    bool full() const { return m_size == m_values.size(); }
    double sum() const;
    double mean() const; // NaN when empty
    // 1/(k-1) * sum (x - mean)^2 over the k values held; NaN below two values.
    double sampleVariance() const;

private:
    void recompute();

    std::vector<double> m_values;
    std::size_t m_next = 0;
    std::size_t m_size = 0;
    std::size_t m_pushesSinceRecompute = 0;
    double m_shift = 0;
    double m_shiftedSum = 0;        // sum (x - shift)
    double m_shiftedSumSquares = 0; // sum (x - shift)^2
};

// Simple moving average: SMA_t = (x_t + x_{t-1} + ... + x_{t-n+1}) / n; ready after n values.
class Sma {
public:
    explicit Sma(int period);
    double update(double value);
    double update(const Bar &bar) { return update(bar.close); }
    double value() const { return m_value; }
    bool ready() const { return m_window.full(); }
    int period() const { return m_window.length(); }
    void reset();

private:
    RollingWindow m_window;
    double m_value = kNoValue;
};

// Exponential moving average with alpha = 2 / (n + 1), seeded with the SMA of the first n
// values: EMA_n = SMA_n, then EMA_t = alpha * x_t + (1 - alpha) * EMA_{t-1}. Ready after n
// values.
class Ema {
public:
    explicit Ema(int period);
    double update(double value);
    double update(const Bar &bar) { return update(bar.close); }
    double value() const { return m_value; }
    bool ready() const { return m_count >= m_period; }
    int period() const { return m_period; }
    double alpha() const { return m_alpha; }
    void reset();

private:
    int m_period;
    double m_alpha;
    int m_count = 0;
    double m_seedSum = 0;
    double m_value = kNoValue;
};

// Relative strength index with Wilder's smoothing (Wilder 1978):
//   change_t = C_t - C_{t-1}; gain = max(change, 0), loss = max(-change, 0)
//   first averages: the simple mean of the first n gains and of the first n losses
//   then AG_t = (AG_{t-1} * (n - 1) + gain_t) / n, likewise AL_t
//   RSI = 100 - 100 / (1 + AG / AL) = 100 * AG / (AG + AL); 100 when AL = 0, 50 when both are 0.
// Ready after n + 1 closes (n changes).
class Rsi {
public:
    explicit Rsi(int period);
    double update(double close);
    double update(const Bar &bar) { return update(bar.close); }
    double value() const { return m_value; }
    bool ready() const { return m_changes >= m_period; }
    int period() const { return m_period; }
    double averageGain() const { return m_averageGain; }
    double averageLoss() const { return m_averageLoss; }
    void reset();

private:
    int m_period;
    int m_changes = 0;
    double m_previous = kNoValue;
    double m_averageGain = 0; // a running sum while warming up
    double m_averageLoss = 0;
    double m_value = kNoValue;
};

// Average true range with Wilder's smoothing (Wilder 1978):
//   TR_t = max(H_t - L_t, |H_t - C_{t-1}|, |L_t - C_{t-1}|), and TR_1 = H_1 - L_1
//   ATR_n = (TR_1 + ... + TR_n) / n, then ATR_t = (ATR_{t-1} * (n - 1) + TR_t) / n.
// Ready after n bars.
class Atr {
public:
    explicit Atr(int period);
    double update(const Bar &bar);
    double value() const { return m_value; }
    bool ready() const { return m_count >= m_period; }
    int period() const { return m_period; }
    void reset();

    // The true range of `bar` after a bar that closed at `previousClose` (NaN: none).
    static double trueRange(const Bar &bar, double previousClose);

private:
    int m_period;
    int m_count = 0;
    double m_previousClose = kNoValue;
    double m_sum = 0;
    double m_value = kNoValue;
};

// Where a session VWAP starts. Equity: the regular open (09:30 ET; bars outside the regular
// session 09:30-16:00, or 09:30-13:00 on early-close days, belong to no session). Futures: 18:00
// ET of the evening before the trading date, running through the whole trading date.
enum class VwapAnchor { Equity, Futures };

// The anchor (session start) of the session a bar starting at `barStart` belongs to, or 0 when
// it is outside every session. Caches the calendar of the last trading date asked for.
class SessionAnchors {
public:
    explicit SessionAnchors(VwapAnchor kind);
    Timestamp anchorOf(Timestamp barStart);

private:
    VwapAnchor m_kind;
    calendar::TradingDayWindow m_window;
};

// Session-anchored volume-weighted average price over intraday (e.g. 1-minute) bars:
//   typical price TP_i = (H_i + L_i + C_i) / 3
//   VWAP_t = sum(TP_i * V_i) / sum(V_i) over the bars i <= t of the session holding bar t,
// reset whenever the anchor changes. NaN outside a session and until the session has volume.
class SessionVwap {
public:
    // Returns the session start for a bar's start time, 0 outside any session.
    using AnchorFunction = std::function<Timestamp(Timestamp barStart)>;

    explicit SessionVwap(VwapAnchor anchor = VwapAnchor::Equity);
    explicit SessionVwap(AnchorFunction anchorOf);

    double update(const Bar &bar);
    double value() const;
    Timestamp anchor() const { return m_anchor; }
    void reset();

private:
    AnchorFunction m_anchorOf;
    Timestamp m_anchor = 0;
    double m_priceVolume = 0;
    double m_volume = 0;
};

// Momentum: C_t / C_{t-n} - 1 (0.05 = up 5% over n bars). Ready after n + 1 closes.
class Momentum {
public:
    explicit Momentum(int period);
    double update(double close);
    double update(const Bar &bar) { return update(bar.close); }
    double value() const { return m_value; }
    bool ready() const { return m_count > m_period; }
    int period() const { return m_period; }
    void reset();

private:
    int m_period;
    std::vector<double> m_closes; // ring of the last n + 1 closes
    std::size_t m_next = 0;
    int m_count = 0;
    double m_value = kNoValue;
};

// Relative strength against a benchmark over n bars, the ratio of the two gross returns:
//   RS_t = (A_t / A_{t-n}) / (B_t / B_{t-n})
// 1 = in line with the benchmark, 1.02 = 2% ahead of it. Ready after n + 1 pairs of closes; a
// pair with either close invalid is ignored as a whole.
class RelativeStrength {
public:
    explicit RelativeStrength(int period);
    double update(double assetClose, double benchmarkClose);
    double value() const { return m_value; }
    bool ready() const { return m_asset.ready(); }
    int period() const { return m_asset.period(); }
    void reset();

private:
    Momentum m_asset;
    Momentum m_benchmark;
    double m_value = kNoValue;
};

// Relative volume against the same time of day over the previous sessions, over 1-minute bars:
//   minute m of the trading day: minutes since 18:00 ET of the evening before (0..1439), the
//   index the quote board uses; a session is a trading date (calendar::tradingDateOf)
//   cumulative volume CV_s(m) = the volume of session s's bars up to and including minute m
//   RVOL_t = CV_today(m_t) / mean over the last k sessions of CV_s(m_t)
// Ready once k sessions have completed; NaN where the previous sessions had no volume yet by
// that minute. A session's profile is folded in when the first bar of the next session
// arrives, so each bar costs O(1) and each session change O(1440).
class RelativeVolume {
public:
    static constexpr int kMinutesPerDay = 1440;

    explicit RelativeVolume(int sessions = 20);
    double update(const Bar &bar);
    double value() const { return m_value; }
    bool ready() const { return static_cast<int>(m_profiles.size()) >= m_sessions; }
    int sessions() const { return m_sessions; }
    void reset();

    // Minute of the trading day of an instant: minutes since 18:00 ET (0..1439).
    static int minuteOfTradingDay(Timestamp utc);

private:
    void closeSession();

    int m_sessions;
    calendar::TradingDayWindow m_window; // the current session's trading date
    bool m_inSession = false;
    std::array<double, kMinutesPerDay> m_today{}; // volume per minute of the current session
    double m_todayCumulative = 0;
    std::deque<std::vector<double>> m_profiles; // cumulative volume per minute, oldest first
    std::vector<double> m_profileSum;           // sum of m_profiles, minute by minute
    double m_value = kNoValue;
};

// Batch forms: one value per input, NaN while warming up.
std::vector<double> sma(std::span<const double> values, int period);
std::vector<double> ema(std::span<const double> values, int period);
std::vector<double> rsi(std::span<const double> closes, int period);
std::vector<double> atr(std::span<const Bar> bars, int period);
std::vector<double> sessionVwap(std::span<const Bar> bars, VwapAnchor anchor);
std::vector<double> momentum(std::span<const double> closes, int period);
std::vector<double> relativeVolume(std::span<const Bar> minuteBars, int sessions = 20);
// One value per asset bar: the benchmark's close is that of its latest bar starting at or
// before the asset bar (NaN until the benchmark has a bar). Both spans in time order.
std::vector<double> relativeStrength(std::span<const Bar> asset, std::span<const Bar> benchmark,
                                     int period);

// The closes of bars, in order.
std::vector<double> closesOf(std::span<const Bar> bars);
// Daily bars as Bars starting at the regular open (09:30 ET) of their date.
std::vector<Bar> barsFromDaily(std::span<const DailyBar> daily);

} // namespace mag7::signals
