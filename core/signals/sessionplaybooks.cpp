// Session playbooks from the trader's masterplan, driven by 1-minute bars and levels:
//   ny-orb       New York opening-range breakout (any stock, ETF or future)
//   london-orb   London opening-range breakout (/ES, /NQ)
//   ny-vwap      VWAP reclaim / reject in the New York session
//   ny-candles   engulfing and inside-bar breaks on 5-minute bars in the New York session
//   ict-sweep    liquidity sweep of the Asia, London or prior-day high/low that closes back
//                inside (/ES, /NQ)
#include "model/easterntime.h"
#include "signals/playbook.h"
#include "signals/playbookfactories.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace mag7::signals {

namespace {

std::string fixed(double value, int decimals = 2)
{
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string clock(Timestamp ts)
{
    const LocalDateTime local = toEastern(ts);
    const auto minutes = local.nanosOfDay / kNanosPerMinute;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", static_cast<long long>(minutes / 60),
                  static_cast<long long>(minutes % 60));
    return buffer;
}

bool inWindow(const RangeLevel &range, Timestamp ts)
{
    return ts >= range.begins && ts < range.ends;
}

// ---- opening-range breakout ----------------------------------------------------------------

class OpeningRangeBreakout final : public Playbook {
public:
    enum class Session { NewYork, London };

    explicit OpeningRangeBreakout(Session session)
        : m_session(session)
    {
        addParameter("buffer", 0.1, 0, 2,
                     "the close must clear the range by this fraction of the range's width");
        addParameter("volume_factor", 1.2, 0, 10,
                     "breakout bar volume at least this multiple of the average range bar");
        addParameter("max_range_pct", 1.5, 0.05, 10,
                     "skip the day when the range is wider than this % of price");
        addParameter("entry_window_min", 120, 1, 600,
                     "minutes after the range completes during which a breakout counts");
    }

    std::string_view name() const override
    {
        return m_session == Session::NewYork ? "ny-orb" : "london-orb";
    }
    std::string_view description() const override
    {
        return m_session == Session::NewYork
                   ? "New York opening-range breakout: a 1-minute close beyond the 09:30 range "
                     "(plus a buffer) on rising volume; stop at the range's middle, first target "
                     "one range width"
                   : "London opening-range breakout on /ES and /NQ: a 1-minute close beyond the "
                     "03:00 range (plus a buffer) on rising volume; stop at the range's middle, "
                     "first target one range width";
    }
    bool applies(InstrumentKind kind) const override
    {
        return m_session == Session::NewYork ? Playbook::applies(kind)
                                             : kind == InstrumentKind::Future;
    }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        const RangeLevel &range = m_session == Session::NewYork ? context.levels.nyOpeningRange
                                                                : context.levels.londonOpeningRange;
        State &state = m_states[std::string(context.symbol)];
        if (state.date != context.levels.tradingDate) {
            state = State{};
            state.date = context.levels.tradingDate;
        }
        if (!range.complete || !range.known())
            return;
        const Timestamp barEnd = context.bar.start + kNanosPerMinute;
        if (context.bar.start < range.ends)
            return; // the bar that completed the range is not a breakout
        const double width = range.high - range.low;
        const double mid = (range.high + range.low) / 2;
        if (!(width > 0) || width / mid * 100 > parameter("max_range_pct")) {
            state.note = "range " + fixed(width) + " too wide: no trade today";
            return;
        }
        if (barEnd >
            range.ends + static_cast<Timestamp>(parameter("entry_window_min")) * kNanosPerMinute) {
            state.note = "entry window closed";
            return;
        }
        // Average volume of the range's bars, once per day (the range is final).
        if (state.averageVolume < 0) {
            double rangeVolume = 0;
            int rangeBars = 0;
            for (const Bar &bar : context.recent) {
                if (inWindow(range, bar.start)) {
                    rangeVolume += static_cast<double>(bar.volume);
                    ++rangeBars;
                }
            }
            state.averageVolume = rangeBars > 0 ? rangeVolume / rangeBars : 0;
        }
        const double averageVolume = state.averageVolume;
        const double volumeRatio =
            averageVolume > 0 ? static_cast<double>(context.bar.volume) / averageVolume : 0;
        const double buffer = parameter("buffer") * width;
        const std::string session = m_session == Session::NewYork ? "NY" : "London";
        auto fire = [&](SignalSide side, double level) {
            const bool up = side == SignalSide::Long;
            Signal signal = makeSignal(
                context, side,
                session + " opening range " + (up ? "high " : "low ") + fixed(level) +
                    (up ? " broken up" : " broken down") + ": close " + fixed(context.bar.close) +
                    (up ? " > " : " < ") + fixed(up ? level + buffer : level - buffer) +
                    " (level " + (up ? "+ " : "- ") + fixed(parameter("buffer")) + " x range " +
                    fixed(width) + ") at " + clock(barEnd) + ", volume " + fixed(volumeRatio, 1) +
                    "x the range's average");
            signal.inputs = {{"range_high", range.high},
                             {"range_low", range.low},
                             {"close", context.bar.close},
                             {"volume", static_cast<double>(context.bar.volume)},
                             {"volume_ratio", volumeRatio}};
            signal.stop = mid;
            signal.target = up ? range.high + width : range.low - width;
            out.push_back(std::move(signal));
            state.note = std::string(up ? "long" : "short") + " from " + fixed(context.bar.close) +
                         " at " + clock(barEnd) + ", stop " + fixed(mid);
        };
        const bool volumeOk = volumeRatio >= parameter("volume_factor");
        if (!state.firedLong && context.bar.close > range.high + buffer && volumeOk) {
            state.firedLong = true;
            fire(SignalSide::Long, range.high);
        } else if (!state.firedShort && context.bar.close < range.low - buffer && volumeOk) {
            state.firedShort = true;
            fire(SignalSide::Short, range.low);
        } else if (state.note.empty()) {
            state.note = "watching " + fixed(range.low) + " - " + fixed(range.high);
        }
    }

    std::string state(std::string_view symbol) const override
    {
        const auto it = m_states.find(std::string(symbol));
        return it == m_states.end() || it->second.note.empty() ? "waiting for the opening range"
                                                               : it->second.note;
    }

private:
    struct State {
        Date date{};
        bool firedLong = false;
        bool firedShort = false;
        double averageVolume = -1; // of the range's bars; -1 until the range is complete
        std::string note;
    };
    Session m_session;
    std::map<std::string, State> m_states;
};

// ---- VWAP reclaim / reject -----------------------------------------------------------------

class VwapReclaim final : public Playbook {
public:
    VwapReclaim()
    {
        addParameter("bars_beyond", 10, 2, 240,
                     "consecutive 1-minute closes on the other side of VWAP before the cross");
        addParameter("confirm_pct", 0.02, 0, 2,
                     "the crossing close must clear VWAP by this % of price");
        addParameter("cooldown_min", 30, 0, 390, "minutes between two signals of a symbol");
    }
    std::string_view name() const override { return "ny-vwap"; }
    std::string_view description() const override
    {
        return "VWAP reclaim (long) or reject (short) in the New York session: after a run of "
               "closes on one side of the session VWAP, a close beyond it on the other side";
    }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        State &state = m_states[std::string(context.symbol)];
        const RangeLevel &ny = context.levels.newYork;
        if (!std::isfinite(context.vwap) || !inWindow(ny, context.bar.start)) {
            state.below = state.above = 0;
            return;
        }
        const double close = context.bar.close;
        const double confirm = parameter("confirm_pct") / 100 * context.vwap;
        const auto needed = static_cast<int>(parameter("bars_beyond"));
        const Timestamp barEnd = context.bar.start + kNanosPerMinute;
        const bool cooled = barEnd - state.lastSignal >=
                            static_cast<Timestamp>(parameter("cooldown_min")) * kNanosPerMinute;
        auto fire = [&](SignalSide side, int run) {
            const bool up = side == SignalSide::Long;
            Signal signal =
                makeSignal(context, side,
                           std::string(up ? "VWAP reclaim" : "VWAP reject") + ": close " +
                               fixed(close) + (up ? " above" : " below") + " VWAP " +
                               fixed(context.vwap) + " after " + std::to_string(run) + " closes " +
                               (up ? "below" : "above") + " it, at " + clock(barEnd));
            signal.inputs = {{"close", close}, {"vwap", context.vwap}, {"run", double(run)}};
            signal.stop = up ? std::min(context.bar.low, context.vwap - 2 * confirm)
                             : std::max(context.bar.high, context.vwap + 2 * confirm);
            out.push_back(std::move(signal));
            state.lastSignal = barEnd;
        };
        if (close > context.vwap + confirm) {
            if (state.below >= needed && cooled)
                fire(SignalSide::Long, state.below);
            state.below = 0;
            ++state.above;
        } else if (close < context.vwap - confirm) {
            if (state.above >= needed && cooled)
                fire(SignalSide::Short, state.above);
            state.above = 0;
            ++state.below;
        }
    }

    std::string state(std::string_view symbol) const override
    {
        const auto it = m_states.find(std::string(symbol));
        if (it == m_states.end())
            return "waiting for the New York session";
        if (it->second.above > 0)
            return std::to_string(it->second.above) + " closes above VWAP";
        if (it->second.below > 0)
            return std::to_string(it->second.below) + " closes below VWAP";
        return "at VWAP";
    }

private:
    struct State {
        int above = 0;
        int below = 0;
        Timestamp lastSignal = 0;
    };
    std::map<std::string, State> m_states;
};

// ---- candle signals on 5-minute bars -------------------------------------------------------

class CandleSignals final : public Playbook {
public:
    CandleSignals()
    {
        addParameter("min_body", 0.5, 0, 1,
                     "engulfing bar's body at least this fraction of its range");
    }
    std::string_view name() const override { return "ny-candles"; }
    std::string_view description() const override
    {
        return "Candle signals on 5-minute bars in the New York session: bullish or bearish "
               "engulfing, and the break of an inside bar's mother bar";
    }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        const Bar *bar = context.completedFiveMinute;
        if (!bar || !inWindow(context.levels.newYork, bar->start) || context.fiveMinute.size() < 2)
            return;
        const auto &bars = context.fiveMinute;
        const Bar &previous = bars[bars.size() - 2];
        if (!inWindow(context.levels.newYork, previous.start))
            return;
        const double body = std::abs(bar->close - bar->open);
        const double range = bar->high - bar->low;
        const bool strong = range > 0 && body / range >= parameter("min_body");
        const double previousLow = std::min(previous.open, previous.close);
        const double previousHigh = std::max(previous.open, previous.close);
        const std::string when = clock(bar->start) + "-" + clock(bar->start + 5 * kNanosPerMinute);
        auto fire = [&](SignalSide side, std::string reason, double stop) {
            Signal signal = makeSignal(context, side, std::move(reason));
            signal.inputs = {{"open", bar->open},
                             {"high", bar->high},
                             {"low", bar->low},
                             {"close", bar->close},
                             {"previous_open", previous.open},
                             {"previous_close", previous.close}};
            signal.stop = stop;
            m_last[std::string(context.symbol)] = signal.reason;
            out.push_back(std::move(signal));
        };
        if (strong && previous.close < previous.open && bar->close > bar->open &&
            bar->open <= previousLow && bar->close >= previousHigh) {
            fire(SignalSide::Long,
                 "bullish engulfing " + when + ": body " + fixed(bar->open) + " -> " +
                     fixed(bar->close) + " engulfs the previous body " + fixed(previous.open) +
                     " -> " + fixed(previous.close),
                 bar->low);
            return;
        }
        if (strong && previous.close > previous.open && bar->close < bar->open &&
            bar->open >= previousHigh && bar->close <= previousLow) {
            fire(SignalSide::Short,
                 "bearish engulfing " + when + ": body " + fixed(bar->open) + " -> " +
                     fixed(bar->close) + " engulfs the previous body " + fixed(previous.open) +
                     " -> " + fixed(previous.close),
                 bar->high);
            return;
        }
        if (bars.size() < 3)
            return;
        const Bar &mother = bars[bars.size() - 3];
        const bool inside = previous.high < mother.high && previous.low > mother.low &&
                            inWindow(context.levels.newYork, mother.start);
        if (!inside)
            return;
        if (bar->close > mother.high)
            fire(SignalSide::Long,
                 "inside-bar break up " + when + ": close " + fixed(bar->close) +
                     " above the mother bar's high " + fixed(mother.high),
                 mother.low);
        else if (bar->close < mother.low)
            fire(SignalSide::Short,
                 "inside-bar break down " + when + ": close " + fixed(bar->close) +
                     " below the mother bar's low " + fixed(mother.low),
                 mother.high);
    }

    std::string state(std::string_view symbol) const override
    {
        const auto it = m_last.find(std::string(symbol));
        return it == m_last.end() ? "no pattern yet" : "last: " + it->second;
    }

private:
    std::map<std::string, std::string> m_last;
};

// ---- ICT liquidity sweep -------------------------------------------------------------------

class LiquiditySweep final : public Playbook {
public:
    LiquiditySweep()
    {
        addParameter("min_penetration_pct", 0.02, 0, 1,
                     "the sweep must trade beyond the level by at least this % of price");
        addParameter("max_bars_back", 3, 1, 30,
                     "bars allowed to close back inside after the level was taken");
    }
    std::string_view name() const override { return "ict-sweep"; }
    std::string_view description() const override
    {
        return "ICT liquidity sweep on /ES and /NQ: price runs the Asia, London or prior-day "
               "high (low), then closes back inside within a few bars; a breakout that holds "
               "does not count. Short after a swept high, long after a swept low; stop beyond "
               "the sweep's extreme";
    }
    bool applies(InstrumentKind kind) const override { return kind == InstrumentKind::Future; }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        State &state = m_states[std::string(context.symbol)];
        if (state.date != context.levels.tradingDate) {
            state = State{};
            state.date = context.levels.tradingDate;
        }
        const LevelSnapshot &levels = context.levels;
        struct Candidate {
            const char *name;
            double price;
            bool high;
            bool usable;
        };
        const Candidate candidates[] = {
            {"Asia high", levels.asia.high, true, levels.asia.complete},
            {"Asia low", levels.asia.low, false, levels.asia.complete},
            {"London high", levels.london.high, true, levels.london.complete},
            {"London low", levels.london.low, false, levels.london.complete},
            {"prior-day high", levels.priorHigh, true, true},
            {"prior-day low", levels.priorLow, false, true},
        };
        const Bar &bar = context.bar;
        const Timestamp barEnd = bar.start + kNanosPerMinute;
        const double penetration = parameter("min_penetration_pct") / 100 * bar.close;
        const auto maxBars = static_cast<int>(parameter("max_bars_back"));
        for (const Candidate &c : candidates) {
            if (!c.usable || !std::isfinite(c.price))
                continue;
            Watch &watch = state.watches[c.name];
            if (watch.done)
                continue;
            const double beyond = c.high ? bar.high - c.price : c.price - bar.low;
            const bool closedInside = c.high ? bar.close < c.price : bar.close > c.price;
            if (watch.barsSinceTaken < 0) {
                if (beyond < penetration)
                    continue;
                watch.barsSinceTaken = 0;
                watch.extreme = c.high ? bar.high : bar.low;
            } else {
                ++watch.barsSinceTaken;
                watch.extreme =
                    c.high ? std::max(watch.extreme, bar.high) : std::min(watch.extreme, bar.low);
            }
            if (closedInside) {
                const SignalSide side = c.high ? SignalSide::Short : SignalSide::Long;
                Signal signal = makeSignal(
                    context, side,
                    std::string("liquidity sweep of the ") + c.name + " " + fixed(c.price) +
                        ": traded to " + fixed(watch.extreme) + ", closed back inside at " +
                        fixed(bar.close) + " " + std::to_string(watch.barsSinceTaken) +
                        " bar(s) later, at " + clock(barEnd));
                signal.inputs = {{"level", c.price},
                                 {"extreme", watch.extreme},
                                 {"close", bar.close},
                                 {"bars_back", double(watch.barsSinceTaken)}};
                signal.stop = watch.extreme;
                state.note = signal.reason;
                out.push_back(std::move(signal));
                watch.done = true;
            } else if (watch.barsSinceTaken >= maxBars) {
                // Held beyond the level: a breakout, not a sweep.
                watch.done = true;
                state.note = std::string(c.name) + " broken and held";
            }
        }
    }

    std::string state(std::string_view symbol) const override
    {
        const auto it = m_states.find(std::string(symbol));
        return it == m_states.end() || it->second.note.empty() ? "watching session levels"
                                                               : it->second.note;
    }

private:
    struct Watch {
        int barsSinceTaken = -1; // -1: level not taken yet
        double extreme = 0;
        bool done = false;
    };
    struct State {
        Date date{};
        std::map<std::string, Watch> watches;
        std::string note;
    };
    std::map<std::string, State> m_states;
};

} // namespace

void appendSessionPlaybooks(std::vector<std::unique_ptr<Playbook>> &out)
{
    out.push_back(std::make_unique<OpeningRangeBreakout>(OpeningRangeBreakout::Session::NewYork));
    out.push_back(std::make_unique<OpeningRangeBreakout>(OpeningRangeBreakout::Session::London));
    out.push_back(std::make_unique<VwapReclaim>());
    out.push_back(std::make_unique<CandleSignals>());
    out.push_back(std::make_unique<LiquiditySweep>());
}

} // namespace mag7::signals
