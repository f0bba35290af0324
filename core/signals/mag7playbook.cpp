// The mag7 playbook: the trader's MAG7 breakout (AAPL MSFT GOOGL AMZN NVDA TSLA META) through
// the prior-day or New York opening-range level with relative volume, IV rank and strength vs
// QQQ, traded with two options: contract 1 exits at the target, contract 2 trails. It follows
// the conventions of the daily playbooks (dailyplaybooks.cpp): regular-session bars only, levels
// compared at 1-minute closes, legs priced at the chain's mids.
#include "signals/dailyplaybooksupport.h"
#include "signals/playbookfactories.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace mag7::signals {

using namespace dailysupport;

namespace {

constexpr Timestamp kEndOfDayExit = 5 * kNanosPerMinute; // before the regular close

constexpr std::array<std::string_view, 7> kMag7Names = {"AAPL", "MSFT", "GOOGL", "AMZN",
                                                        "NVDA", "TSLA", "META"};

bool isMag7(std::string_view symbol)
{
    return std::find(kMag7Names.begin(), kMag7Names.end(), symbol) != kMag7Names.end();
}

class Mag7Playbook final : public Playbook {
public:
    static constexpr int kAtrPeriod = 14;

    Mag7Playbook()
    {
        addParameter("min_rvol", 1.5, 0, 20,
                     "relative volume (against the same time of day) at least this");
        addParameter("max_iv_rank", 60, 0, 100,
                     "IV rank at most this: buy premium only when options are not rich");
        addParameter("min_rs_pct", 0.5, 0, 20,
                     "the day's change minus QQQ's, in percent: at least this for longs, at most "
                     "minus this for shorts");
        addParameter("stop_atr", 0.5, 0, 10,
                     "stop this many ATR(14) of 1-minute bars beyond the broken level");
        addParameter("risk_dollars", 500, 1, 1000000,
                     "the most the two contracts may lose at the stop, each estimated as "
                     "|delta| x |entry - stop| x 100");
        addParameter("min_dte", 0, 0, 60, "option expiry at least this many calendar days out");
        addParameter("max_dte", 7, 0, 60, "option expiry at most this many calendar days out");
        addParameter("target_delta", 0.5, 0.05, 0.95,
                     "buy the strike whose |delta| is nearest this (calls long, puts short)");
        addParameter("target_r", 1.0, 0.1, 10,
                     "contract 1 exits this many entry-to-stop distances (R) from the entry");
        addParameter("trail_atr", 1.0, 0.1, 10,
                     "contract 2 trails this many ATR(14) behind the best close since entry");
    }

    std::string_view name() const override { return "mag7"; }
    std::string_view description() const override
    {
        return "The trader's MAG7 playbook, for AAPL, MSFT, GOOGL, AMZN, NVDA, TSLA and META only: "
               "in the regular session a 1-minute close through the prior-day or New York "
               "opening-range high (low) with relative volume, IV rank not rich and the day's "
               "change ahead of (behind) QQQ's, once a day per direction. Buys 2 contracts of "
               "the short-dated option nearest the target delta when their estimated loss at the "
               "stop (the level less 0.5 ATR) fits the risk per trade; contract 1 exits at the "
               "target, contract 2 trails 1 ATR behind the best close; all out at 15:55 ET";
    }
    bool applies(InstrumentKind kind) const override { return kind == InstrumentKind::Stock; }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        if (!isMag7(context.symbol))
            return;
        State &state = m_states[std::string(context.symbol)];
        if (state.date != context.levels.tradingDate) {
            if (state.phase != Phase::Flat) {
                closeOut(context, state, state.phase == Phase::TwoOn ? 2 : 1,
                         "the session of " + formatDate(state.date) +
                             " ended with the position open: all out at " +
                             fixed(context.bar.close),
                         out);
            }
            state.date = context.levels.tradingDate;
            state.firedLong = state.firedShort = false;
        }
        if (!regularSession(context))
            return;
        state.atr.update(context.bar);
        if (state.phase == Phase::Flat)
            enter(context, state, out);
        else
            manage(context, state, out);
    }

    std::string state(std::string_view symbol) const override
    {
        if (!isMag7(symbol))
            return "not a MAG7 name (AAPL MSFT GOOGL AMZN NVDA TSLA META)";
        const auto it = m_states.find(std::string(symbol));
        if (it == m_states.end())
            return "waiting for the regular session";
        const State &state = it->second;
        const Trade &trade = state.trade;
        switch (state.phase) {
        case Phase::TwoOn:
            return std::string(trade.direction > 0 ? "long" : "short") + " 2× " +
                   contractLabel(trade.expiry, trade.strike, trade.right) + " from " +
                   fixed(trade.entry) + ", stop " + fixed(trade.stop) + ", target " +
                   fixed(trade.target);
        case Phase::OneTrailing:
            return "1 contract trailing at " + fixed(trade.trail);
        case Phase::Flat:
            break;
        }
        return state.note.empty() ? "waiting for the regular session" : state.note;
    }

private:
    enum class Phase { Flat, TwoOn, OneTrailing };
    struct Trade {
        int direction = 0; // +1 long (calls), -1 short (puts)
        Date expiry{};
        double strike = 0;
        OptionRight right = OptionRight::Call;
        double entry = 0;
        double stop = 0;
        double target = 0;
        double targetR = 0;
        double trail = 0; // contract 2's stop: starts at `stop`, moves only in the trade's favour
        double best = 0;  // highest (long) or lowest (short) close since entry
    };
    struct State {
        Date date{};
        bool firedLong = false;
        bool firedShort = false;
        Atr atr{kAtrPeriod};
        Phase phase = Phase::Flat;
        Trade trade;
        std::string note;
    };
    struct KeyLevel {
        const char *name;
        double price;
    };

    void enter(const BarContext &context, State &state, std::vector<Signal> &out)
    {
        const SymbolMarket *market = context.market;
        if (!market) {
            state.note = "no market data";
            return;
        }
        if (!market->chain) {
            state.note = "no option chain";
            return;
        }
        const double rvol = market->relativeVolume;
        const double minRvol = parameter("min_rvol");
        if (!std::isfinite(rvol) || rvol + 1e-9 < minRvol) {
            state.note = std::isfinite(rvol)
                             ? "waiting: rvol " + fixed(rvol, 1) + " < " + fixed(minRvol, 1)
                             : "waiting: relative volume unknown";
            return;
        }
        const double ivRank = market->ivRank;
        const double maxIvRank = parameter("max_iv_rank");
        if (!std::isfinite(ivRank) || ivRank > maxIvRank) {
            state.note = std::isfinite(ivRank)
                             ? "waiting: IV rank " + fixed(ivRank, 0) + " > " + fixed(maxIvRank, 0)
                             : "waiting: IV rank unknown";
            return;
        }
        const SymbolMarket *qqq = context.view ? context.view->find("QQQ") : nullptr;
        const double rs = qqq ? market->changePercent - qqq->changePercent : kUnknown;
        const double minRs = parameter("min_rs_pct");
        if (!std::isfinite(rs) || std::abs(rs) + 1e-9 < minRs) {
            state.note = std::isfinite(rs) ? "waiting: RS vs QQQ " + signedFixed(rs, 1) +
                                                 "% inside ±" + fixed(minRs, 1) + "%"
                                           : "waiting: the day's change vs QQQ unknown";
            return;
        }
        const int direction = rs > 0 ? 1 : -1;
        const char *side = direction > 0 ? "long" : "short";
        if (direction > 0 ? state.firedLong : state.firedShort) {
            state.note = std::string(side) + " already taken today";
            return;
        }
        if (!state.atr.ready()) {
            state.note = "waiting: ATR(14) warming up";
            return;
        }
        const Timestamp end = barEnd(context);
        if (end >= context.levels.newYork.ends - kEndOfDayExit) {
            state.note = "no new entries before the close";
            return;
        }

        // The key level this close broke: prior-day or opening-range high (low).
        const LevelSnapshot &levels = context.levels;
        const RangeLevel &range = levels.nyOpeningRange;
        const bool rangeReady = range.complete && range.known();
        const std::array<KeyLevel, 2> candidates =
            direction > 0 ? std::array<KeyLevel, 2>{{{"prior-day high", levels.priorHigh},
                                                     {"opening-range high",
                                                      rangeReady ? range.high : kNoLevel}}}
                          : std::array<KeyLevel, 2>{
                                {{"prior-day low", levels.priorLow},
                                 {"opening-range low", rangeReady ? range.low : kNoLevel}}};
        const double close = context.bar.close;
        const double previous =
            context.recent.size() >= 2 ? context.recent[context.recent.size() - 2].close : kNoLevel;
        const KeyLevel *broken = nullptr;
        std::string watching;
        for (const KeyLevel &level : candidates) {
            if (!std::isfinite(level.price))
                continue;
            watching += (watching.empty() ? "" : " or the ") + std::string(level.name) + " " +
                        fixed(level.price);
            const bool crossed = std::isfinite(previous) &&
                                 direction * (previous - level.price) <= 0 &&
                                 direction * (close - level.price) > 0;
            if (crossed && (!broken || direction * (level.price - broken->price) > 0))
                broken = &level;
        }
        if (!broken) {
            state.note = watching.empty()
                             ? "waiting: no prior-day or opening-range level yet"
                             : "ready " + std::string(side) + ": waiting for a close " +
                                   (direction > 0 ? "above" : "below") + " the " + watching;
            return;
        }

        // The contract and the risk of two of them at the stop.
        std::string why;
        const ExpiryView *expiry = expiryWithin(*this, *market->chain, why);
        if (!expiry) {
            state.note = "skipped: " + why;
            return;
        }
        const OptionRight right = direction > 0 ? OptionRight::Call : OptionRight::Put;
        const OptionQuoteView *quote = nearestDelta(*expiry, right, parameter("target_delta"));
        if (!quote) {
            state.note = std::string("skipped: no quoted ") + (direction > 0 ? "call" : "put") +
                         " with a delta on " + formatDate(expiry->expiry);
            return;
        }
        const double atr = state.atr.value();
        const double stopAtr = parameter("stop_atr");
        const double stop = broken->price - direction * stopAtr * atr;
        const double distance = std::abs(close - stop);
        const double delta = std::abs(quote->delta);
        const double loss = delta * distance * 100;
        const double risk = parameter("risk_dollars");
        if (2 * loss > risk) {
            state.note = "skipped: risk 2×$" + fixed(loss) + " > $" + fixed(risk, 0);
            return;
        }
        const double targetR = parameter("target_r");
        const double target = close + direction * targetR * distance;
        const std::string contract = contractLabel(expiry->expiry, quote->strike, right);

        Signal signal = makeSignal(
            context, direction > 0 ? SignalSide::Long : SignalSide::Short,
            std::string("MAG7 ") + side + ": close " + fixed(close) + " broke the " + broken->name +
                " " + fixed(broken->price) + " at " + clock(end) + " with rvol " + fixed(rvol, 1) +
                " ≥ " + fixed(minRvol, 1) + ", IV rank " + fixed(ivRank, 0) + " ≤ " +
                fixed(maxIvRank, 0) + " and RS vs QQQ " + signedFixed(rs, 1) + "%; buy 2× " +
                contract + " @ " + fixed(quote->mid) + " (delta " + fixed(delta) + "), stop " +
                fixed(stop) + " (level " + (direction > 0 ? "- " : "+ ") + fixed(stopAtr, 1) +
                " × ATR " + fixed(atr) + "), risk 2×$" + fixed(loss) + " ≤ $" + fixed(risk, 0) +
                ", contract 1 target " + fixed(target) + " (" + signedFixed(targetR, 1) +
                "R), contract 2 trails " + fixed(parameter("trail_atr"), 1) + " ATR");
        signal.inputs = {{"close", close},
                         {"level", broken->price},
                         {"previous_close", previous},
                         {"relative_volume", rvol},
                         {"iv_rank", ivRank},
                         {"change_pct", market->changePercent},
                         {"qqq_change_pct", qqq->changePercent},
                         {"rs_vs_qqq_pct", rs},
                         {"atr", atr},
                         {"delta", delta},
                         {"option_mid", quote->mid},
                         {"dte", static_cast<double>(expiry->daysToExpiry)},
                         {"loss_per_contract", loss}};
        signal.stop = stop;
        signal.target = target;
        signal.structure = "2-contract split";
        signal.legs = {optionLeg(2, expiry->expiry, *quote)};
        signal.netPrice = optionNetPrice(signal.legs);
        out.push_back(std::move(signal));

        (direction > 0 ? state.firedLong : state.firedShort) = true;
        state.phase = Phase::TwoOn;
        state.trade = Trade{direction, expiry->expiry, quote->strike, right, close,
                            stop,      target,         targetR,       stop,  close};
    }

    void manage(const BarContext &context, State &state, std::vector<Signal> &out)
    {
        Trade &trade = state.trade;
        const int direction = trade.direction;
        const double close = context.bar.close;
        trade.best = direction > 0 ? std::max(trade.best, close) : std::min(trade.best, close);
        const double atr = state.atr.value();
        if (std::isfinite(atr)) {
            const double candidate = trade.best - direction * parameter("trail_atr") * atr;
            trade.trail =
                direction > 0 ? std::max(trade.trail, candidate) : std::min(trade.trail, candidate);
        }
        const int open = state.phase == Phase::TwoOn ? 2 : 1;
        const Timestamp end = barEnd(context);
        if (end >= context.levels.newYork.ends - kEndOfDayExit) {
            closeOut(context, state, open,
                     "end of day " + clock(end) + ": " +
                         (open == 2 ? "both contracts" : "the trailing contract") + " out at " +
                         fixed(close) + ", no short-dated option held overnight",
                     out);
            return;
        }
        if (state.phase == Phase::TwoOn) {
            if (direction * (close - trade.stop) <= 0) {
                closeOut(context, state, 2,
                         "stop " + fixed(trade.stop) + " hit: both contracts out, close " +
                             fixed(close),
                         out);
            } else if (direction * (close - trade.target) >= 0) {
                closeOut(context, state, 1,
                         "contract 1 target " + fixed(trade.target) + " reached (" +
                             signedFixed(trade.targetR, 1) + "R): close " + fixed(close) +
                             ", contract 2 trails at " + fixed(trade.trail),
                         out);
                state.phase = Phase::OneTrailing;
            }
            return;
        }
        if (direction * (close - trade.trail) <= 0) {
            closeOut(context, state, 1,
                     "contract 2 trailing stop " + fixed(trade.trail) + " hit: close " +
                         fixed(close) + ", best close " + fixed(trade.best),
                     out);
        }
    }

    // Sells `contracts` of the trade's option; flat when none is left.
    void closeOut(const BarContext &context, State &state, int contracts, std::string reason,
                  std::vector<Signal> &out)
    {
        const Trade &trade = state.trade;
        Signal signal = makeSignal(context, SignalSide::Exit, std::move(reason));
        signal.inputs = {
            {"close", context.bar.close}, {"entry", trade.entry},
            {"stop", trade.stop},         {"target", trade.target},
            {"trail", trade.trail},       {"best_close", trade.best},
            {"atr", state.atr.value()},   {"contracts", static_cast<double>(contracts)}};
        signal.structure = contracts == 2 ? "2-contract split" : "single contract";
        signal.legs = {closingLeg(-contracts, trade.expiry, trade.strike, trade.right, context)};
        signal.netPrice = optionNetPrice(signal.legs);
        state.note = "flat: " + signal.reason;
        out.push_back(std::move(signal));
        const int held = state.phase == Phase::TwoOn ? 2 : 1;
        if (contracts >= held)
            state.phase = Phase::Flat;
    }

    std::map<std::string, State> m_states;
};

} // namespace

std::unique_ptr<Playbook> makeMag7Playbook()
{
    return std::make_unique<Mag7Playbook>();
}

} // namespace mag7::signals
