// Directional and daily playbooks. Besides the 1-minute bars they read the symbol's market and
// the benchmarks' through BarContext::market and BarContext::view (option chain, IV rank,
// relative volume, the day's change, daily bars, earnings):
//   mag7          the trader's MAG7 breakout (AAPL MSFT GOOGL AMZN NVDA TSLA META) traded with
//                 two options: contract 1 exits at the target, contract 2 trails
//   meic          multiple-entry 0DTE iron condors at fixed times of the afternoon
//   gamma-scalp   long ATM straddle when implied vol is cheap against the GARCH forecast or the
//                 realized vol, kept delta-neutral with shares
//   earnings      long straddle or short iron butterfly before a release, from the implied move
//                 against the stock's historical earnings moves
//   ensemble      direction and confidence from the agreement of momentum, RSI, VWAP, relative
//                 strength and the other playbooks' signals of the symbol (runs last)
// They act on regular-session bars only (09:30 to the close of the symbol's trading date), and
// compare prices at 1-minute closes: a level is broken, a target reached or a stop hit when a
// close gets there. Option legs are priced at the chain's mids and netPrice is the sum of
// quantity x mid over the option legs (debit > 0, credit < 0); a leg that closes a contract the
// chain no longer quotes carries a NaN price. Without a market view or a chain the option setups
// stay silent and their state says so.
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "signals/garch.h"
#include "signals/indicators.h"
#include "signals/playbook.h"
#include "signals/playbookfactories.h"
#include "signals/playbookformat.h"
#include "signals/volatility.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

namespace mag7::signals {

namespace {

constexpr Timestamp kEndOfDayExit = 5 * kNanosPerMinute; // before the regular close

// With its sign, and without a "-0.00" for a value that rounds to zero.
std::string signedFixed(double value, int decimals = 2)
{
    if (std::abs(value) < 0.5 * std::pow(10.0, -decimals))
        value = 0;
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%+.*f", decimals, value);
    return buffer;
}

// A fraction as a percentage: 0.061 -> "6.1%"; "n/a" when unknown.
std::string percent(double fraction, int decimals = 1)
{
    return std::isfinite(fraction) ? fixed(fraction * 100, decimals) + "%" : "n/a";
}

int easternMinute(Timestamp ts)
{
    return static_cast<int>(toEastern(ts).nanosOfDay / kNanosPerMinute);
}

std::string clockOfMinute(int minute)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
    return buffer;
}

std::string clock(Timestamp ts)
{
    return clockOfMinute(easternMinute(ts));
}

Timestamp barEnd(const BarContext &context)
{
    return context.bar.start + kNanosPerMinute;
}

bool regularSession(const BarContext &context)
{
    const RangeLevel &ny = context.levels.newYork;
    return ny.ends != 0 && context.bar.start >= ny.begins && context.bar.start < ny.ends;
}

// The note a playbook keeps in the state of `symbol`, or what it waits for before its first bar.
template <class State>
std::string noteOf(const std::map<std::string, State> &states, std::string_view symbol)
{
    const auto it = states.find(std::string(symbol));
    return it == states.end() || it->second.note.empty() ? "waiting for the regular session"
                                                         : it->second.note;
}

// ---- option chain helpers ------------------------------------------------------------------

bool quoted(const OptionQuoteView &quote)
{
    return std::isfinite(quote.mid) && quote.mid > 0;
}

bool quotedWithDelta(const OptionQuoteView &quote)
{
    return quoted(quote) && std::isfinite(quote.delta);
}

// The chain's spot when it has one, else the bar's close.
double spotOf(const BarContext &context)
{
    const OptionChainView *chain = context.market ? context.market->chain.get() : nullptr;
    return chain && std::isfinite(chain->spot) && chain->spot > 0 ? chain->spot : context.bar.close;
}

// The nearest expiry with minDte <= days to expiry <= maxDte.
const ExpiryView *firstExpiry(const OptionChainView &chain, int minDte, int maxDte)
{
    for (const ExpiryView &expiry : chain.expiries) {
        if (expiry.daysToExpiry >= minDte && expiry.daysToExpiry <= maxDte)
            return &expiry;
    }
    return nullptr;
}

// The nearest expiry within the playbook's min_dte..max_dte parameters; null, with `why` saying
// so, when the chain has none.
const ExpiryView *expiryWithin(const Playbook &playbook, const OptionChainView &chain,
                               std::string &why)
{
    const int minDte = static_cast<int>(playbook.parameter("min_dte"));
    const int maxDte = static_cast<int>(playbook.parameter("max_dte"));
    const ExpiryView *expiry = firstExpiry(chain, minDte, maxDte);
    if (!expiry)
        why = "no expiry within " + std::to_string(minDte) + "-" + std::to_string(maxDte) + " DTE";
    return expiry;
}

const ExpiryView *findExpiry(const OptionChainView &chain, Date date)
{
    for (const ExpiryView &expiry : chain.expiries) {
        if (expiry.expiry == date)
            return &expiry;
    }
    return nullptr;
}

// The quoted contract at exactly `strike`.
const OptionQuoteView *findQuote(const ExpiryView &expiry, double strike, OptionRight right)
{
    for (const OptionQuoteView &quote : expiry.options) {
        if (quote.right == right && std::abs(quote.strike - strike) < 1e-9 && quoted(quote))
            return &quote;
    }
    return nullptr;
}

// The quoted contract whose |delta| is nearest `target` (the lower strike on a tie).
const OptionQuoteView *nearestDelta(const ExpiryView &expiry, OptionRight right, double target)
{
    const OptionQuoteView *best = nullptr;
    for (const OptionQuoteView &quote : expiry.options) {
        if (quote.right != right || !quotedWithDelta(quote))
            continue;
        if (!best ||
            std::abs(std::abs(quote.delta) - target) < std::abs(std::abs(best->delta) - target))
            best = &quote;
    }
    return best;
}

// The strike nearest `spot` that has a quoted call and put with deltas; NaN when none.
double atmStrike(const ExpiryView &expiry, double spot)
{
    double best = kUnknown;
    for (const OptionQuoteView &quote : expiry.options) {
        if (quote.right != OptionRight::Call || !quotedWithDelta(quote))
            continue;
        const OptionQuoteView *put = findQuote(expiry, quote.strike, OptionRight::Put);
        if (!put || !std::isfinite(put->delta))
            continue;
        if (!std::isfinite(best) || std::abs(quote.strike - spot) < std::abs(best - spot))
            best = quote.strike;
    }
    return best;
}

// A long wing beyond `inner` (above for calls, below for puts): the quoted contract whose
// strike is nearest `target`, the farther one on a tie.
const OptionQuoteView *wingQuote(const ExpiryView &expiry, OptionRight right, double inner,
                                 double target)
{
    const OptionQuoteView *best = nullptr;
    const double side = right == OptionRight::Call ? 1 : -1;
    for (const OptionQuoteView &quote : expiry.options) {
        if (quote.right != right || !quoted(quote) || side * (quote.strike - inner) <= 0)
            continue;
        const double distance = std::abs(quote.strike - target);
        if (!best || distance < std::abs(best->strike - target) ||
            (distance == std::abs(best->strike - target) &&
             side * (quote.strike - best->strike) > 0))
            best = &quote;
    }
    return best;
}

SignalLeg optionLeg(int quantity, Date expiry, const OptionQuoteView &quote)
{
    SignalLeg leg;
    leg.quantity = quantity;
    leg.expiry = expiry;
    leg.right = quote.right;
    leg.strike = quote.strike;
    leg.price = quote.mid;
    return leg;
}

// A leg closing a contract the playbook holds, at the chain's current mid (NaN when the chain
// no longer quotes it).
SignalLeg closingLeg(int quantity, Date expiry, double strike, OptionRight right,
                     const BarContext &context)
{
    SignalLeg leg;
    leg.quantity = quantity;
    leg.expiry = expiry;
    leg.right = right;
    leg.strike = strike;
    leg.price = kUnknown;
    const OptionChainView *chain = context.market ? context.market->chain.get() : nullptr;
    const ExpiryView *view = chain ? findExpiry(*chain, expiry) : nullptr;
    if (const OptionQuoteView *quote = view ? findQuote(*view, strike, right) : nullptr)
        leg.price = quote->mid;
    return leg;
}

SignalLeg shareLeg(int quantity, double price)
{
    SignalLeg leg;
    leg.quantity = quantity;
    leg.shares = true;
    leg.price = price;
    return leg;
}

// Sum of quantity x mid over the option legs: debit > 0, credit < 0.
double optionNetPrice(const std::vector<SignalLeg> &legs)
{
    double net = 0;
    for (const SignalLeg &leg : legs) {
        if (!leg.shares)
            net += leg.quantity * leg.price;
    }
    return net;
}

std::string contractName(Date expiry, double strike, OptionRight right)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s %g %c", formatDate(expiry).c_str(), strike,
                  right == OptionRight::Call ? 'C' : 'P');
    return buffer;
}

std::string strikeText(double strike)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", strike);
    return buffer;
}

// ---- daily-bar volatility ------------------------------------------------------------------

// The 20-day close-to-close realized volatility and the GARCH(1,1) 7-day forecast of a
// symbol's daily closes (annualised), refit only when the daily bars change.
class DailyVolatility {
public:
    static constexpr int kRealizedWindow = 20;
    static constexpr int kGarchHorizon = 7;
    static constexpr std::size_t kGarchMinimumBars = 60;

    void update(const std::vector<DailyBar> &daily)
    {
        if (m_seen && daily.size() == m_count && (daily.empty() || daily.back() == m_last))
            return;
        m_seen = true;
        m_count = daily.size();
        m_last = daily.empty() ? DailyBar{} : daily.back();
        m_realized = kNoValue;
        m_garch = kNoValue;
        if (daily.empty())
            return;
        const std::vector<Bar> bars = barsFromDaily(daily);
        m_realized = realizedVolatility(bars, VolEstimator::CloseToClose, kRealizedWindow).back();
        if (daily.size() >= kGarchMinimumBars) {
            const Result<GarchFit> fit = fitGarch(logReturns(closesOf(bars)));
            if (fit)
                m_garch = fit->forecastVolatility(kGarchHorizon);
        }
    }
    double realized() const { return m_realized; }
    double garch() const { return m_garch; }

private:
    bool m_seen = false;
    std::size_t m_count = 0;
    DailyBar m_last{};
    double m_realized = kNoValue;
    double m_garch = kNoValue;
};

// ---- MAG7 ------------------------------------------------------------------------------------

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
                   contractName(trade.expiry, trade.strike, trade.right) + " from " +
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
        const std::string contract = contractName(expiry->expiry, quote->strike, right);

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

// ---- MEIC: multiple-entry 0DTE iron condors ----------------------------------------------------

class MultipleEntryIronCondor final : public Playbook {
public:
    MultipleEntryIronCondor()
    {
        addParameter("first_entry", 720, 570, 959,
                     "time of the first entry, minutes after midnight ET (720 = 12:00)");
        addParameter("entry_every_min", 30, 1, 390, "minutes between two entries");
        addParameter("max_entries", 6, 1, 30, "entries per day at most");
        addParameter("short_delta", 0.10, 0.01, 0.5,
                     "sell the call and the put whose |delta| is nearest this");
        addParameter("wing_width", 5, 0.5, 100,
                     "buy the wings this many strike dollars beyond the shorts (nearest listed)");
        addParameter("min_credit", 0.60, 0, 50,
                     "skip the entry when the condor collects less than this per share");
        addParameter("min_iv_rank", 20, 0, 100,
                     "skip the entry when the IV rank is known and below this");
    }

    std::string_view name() const override { return "meic"; }
    std::string_view description() const override
    {
        return "Multiple-entry 0DTE iron condors on SPY, QQQ, IWM and any symbol whose chain "
               "lists a same-day expiry: from 12:00 ET every 30 minutes, up to 6 entries a day, "
               "each selling the 0.10-delta call and put with wings $5 beyond them when the "
               "condor collects at least 0.60 and the IV rank (when known) is at least 20; each "
               "entry is its own signal";
    }
    bool applies(InstrumentKind kind) const override
    {
        return kind == InstrumentKind::Stock || kind == InstrumentKind::Etf ||
               kind == InstrumentKind::Index;
    }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        State &state = m_states[std::string(context.symbol)];
        if (state.date != context.levels.tradingDate) {
            state = State{};
            state.date = context.levels.tradingDate;
        }
        if (!regularSession(context))
            return;
        const SymbolMarket *market = context.market;
        if (!market || !market->chain) {
            state.note = "no option chain";
            return;
        }
        const ExpiryView *expiry = firstExpiry(*market->chain, 0, 0);
        if (!expiry) {
            state.note = "no 0DTE expiry today";
            return;
        }
        const int first = static_cast<int>(parameter("first_entry"));
        const int every = static_cast<int>(parameter("entry_every_min"));
        const int maxEntries = static_cast<int>(parameter("max_entries"));
        const int minute = easternMinute(barEnd(context));
        if (minute < first) {
            state.note = "first entry at " + clockOfMinute(first);
            return;
        }
        const int slot = (minute - first) / every;
        if (slot >= maxEntries) {
            state.note = "done for the day: " + std::to_string(state.entries) + " of " +
                         std::to_string(maxEntries) + " entries taken";
            return;
        }
        if (slot < state.nextSlot)
            return;
        state.nextSlot = slot + 1;
        const std::string entry = "entry " + std::to_string(slot + 1) + " of " +
                                  std::to_string(maxEntries) + " at " +
                                  clockOfMinute(first + slot * every);
        const std::string skipped = tryEntry(context, *expiry, entry, slot + 1, out);
        if (skipped.empty()) {
            ++state.entries;
            state.note =
                entry + ": iron condor sold, " +
                (slot + 1 < maxEntries ? "next at " + clockOfMinute(first + (slot + 1) * every)
                                       : std::string("the last of the day"));
        } else {
            state.note = entry + " skipped: " + skipped;
        }
    }

    std::string state(std::string_view symbol) const override { return noteOf(m_states, symbol); }

private:
    struct State {
        Date date{};
        int nextSlot = 0; // the first entry slot not handled yet today
        int entries = 0;  // condors sold today
        std::string note;
    };

    // Sells one condor; returns why not, or an empty string when it fired.
    std::string tryEntry(const BarContext &context, const ExpiryView &expiry,
                         const std::string &entry, int number, std::vector<Signal> &out)
    {
        const SymbolMarket &market = *context.market;
        const double ivRank = market.ivRank;
        const double minIvRank = parameter("min_iv_rank");
        if (std::isfinite(ivRank) && ivRank < minIvRank)
            return "IV rank " + fixed(ivRank, 0) + " < " + fixed(minIvRank, 0);
        const double shortDelta = parameter("short_delta");
        const double spot = spotOf(context);
        const OptionQuoteView *shortCall = nearestDelta(expiry, OptionRight::Call, shortDelta);
        const OptionQuoteView *shortPut = nearestDelta(expiry, OptionRight::Put, shortDelta);
        if (!shortCall || !shortPut || shortCall->strike <= spot || shortPut->strike >= spot)
            return "no out-of-the-money " + fixed(shortDelta) + "-delta call and put around " +
                   fixed(spot);
        const double width = parameter("wing_width");
        const OptionQuoteView *longCall =
            wingQuote(expiry, OptionRight::Call, shortCall->strike, shortCall->strike + width);
        const OptionQuoteView *longPut =
            wingQuote(expiry, OptionRight::Put, shortPut->strike, shortPut->strike - width);
        if (!longCall || !longPut)
            return "no quoted wing beyond the " + strikeText(shortCall->strike) + " call or the " +
                   strikeText(shortPut->strike) + " put";
        const std::vector<SignalLeg> legs = {
            optionLeg(-1, expiry.expiry, *shortCall), optionLeg(1, expiry.expiry, *longCall),
            optionLeg(-1, expiry.expiry, *shortPut), optionLeg(1, expiry.expiry, *longPut)};
        const double credit = -optionNetPrice(legs);
        const double minCredit = parameter("min_credit");
        if (credit + 1e-9 < minCredit)
            return "credit " + fixed(credit) + " < " + fixed(minCredit);
        const double maxLoss =
            std::max(longCall->strike - shortCall->strike, shortPut->strike - longPut->strike) -
            credit;
        Signal signal =
            makeSignal(context, SignalSide::Short,
                       entry + ": sell the 0DTE " + strikeText(shortCall->strike) + "/" +
                           strikeText(longCall->strike) + " call spread and " +
                           strikeText(shortPut->strike) + "/" + strikeText(longPut->strike) +
                           " put spread for " + fixed(credit) + " credit (≥ " + fixed(minCredit) +
                           "), short deltas " + signedFixed(shortCall->delta) + " / " +
                           signedFixed(shortPut->delta) + ", spot " + fixed(spot) + ", IV rank " +
                           (std::isfinite(ivRank) ? fixed(ivRank, 0) : std::string("unknown")) +
                           ", max loss " + fixed(maxLoss));
        signal.inputs = {{"entry", static_cast<double>(number)},
                         {"spot", spot},
                         {"credit", credit},
                         {"short_call_strike", shortCall->strike},
                         {"short_call_delta", shortCall->delta},
                         {"short_put_strike", shortPut->strike},
                         {"short_put_delta", shortPut->delta},
                         {"iv_rank", ivRank},
                         {"max_loss", maxLoss}};
        signal.structure = "iron condor";
        signal.legs = legs;
        signal.netPrice = -credit;
        out.push_back(std::move(signal));
        return {};
    }

    std::map<std::string, State> m_states;
};

// ---- gamma scalping --------------------------------------------------------------------------

class GammaScalp final : public Playbook {
public:
    GammaScalp()
    {
        addParameter("max_iv_rank", 30, 0, 100, "enter only when the IV rank is below this");
        addParameter("max_iv_forecast", 1.0, 0.1, 5,
                     "enter only when the ATM 30-day IV is at most this multiple of the GARCH(1,1) "
                     "7-day forecast or of the 20-day realized volatility");
        addParameter("min_dte", 7, 0, 365, "straddle expiry at least this many calendar days out");
        addParameter("max_dte", 45, 0, 365, "straddle expiry at most this many calendar days out");
        addParameter(
            "hedge_band", 0.2, 0.01, 2,
            "rebalance with shares when the position's delta per straddle leaves +/- this");
        addParameter("exit_iv_rank", 50, 0, 100, "close the position when the IV rank rises above");
    }

    std::string_view name() const override { return "gamma-scalp"; }
    std::string_view description() const override
    {
        return "Gamma scalping: when the IV rank is below 30 and the ATM 30-day IV is no higher "
               "than the GARCH(1,1) 7-day forecast or the 20-day realized volatility of the daily "
               "closes, buy the ATM straddle of the first expiry 7-45 days out with shares that "
               "neutralise its delta; rebalance the shares whenever the position's delta per "
               "straddle leaves +/- 0.2; close when the IV rank rises above 50 or a day before "
               "expiry";
    }
    bool applies(InstrumentKind kind) const override
    {
        return kind == InstrumentKind::Stock || kind == InstrumentKind::Etf;
    }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        if (!regularSession(context))
            return;
        State &state = m_states[std::string(context.symbol)];
        if (!context.market || !context.market->chain) {
            state.note = state.position ? "holding the straddle; no option chain to re-estimate "
                                          "its delta"
                                        : "no option chain";
            return;
        }
        if (state.position)
            manage(context, state, out);
        else
            enter(context, state, out);
    }

    std::string state(std::string_view symbol) const override { return noteOf(m_states, symbol); }

private:
    struct Position {
        Date expiry{};
        double strike = 0;
        int shares = 0; // the hedge
    };
    struct State {
        std::optional<Position> position;
        bool armed = true; // the entry condition has been false since the last straddle
        Date lastExpiry{};
        DailyVolatility volatility;
        std::string note;
    };

    void enter(const BarContext &context, State &state, std::vector<Signal> &out)
    {
        const SymbolMarket &market = *context.market;
        const OptionChainView &chain = *market.chain;
        const double ivRank = market.ivRank;
        const double maxIvRank = parameter("max_iv_rank");
        const double iv = std::isfinite(market.atmIv30) ? market.atmIv30 : chain.atmIv30;
        state.volatility.update(market.daily);
        const double garch = state.volatility.garch();
        const double realized = state.volatility.realized();
        const double ratio = parameter("max_iv_forecast");
        std::string waiting;
        if (!std::isfinite(ivRank))
            waiting = "IV rank unknown";
        else if (ivRank >= maxIvRank)
            waiting = "IV rank " + fixed(ivRank, 0) + " ≥ " + fixed(maxIvRank, 0);
        else if (!std::isfinite(iv))
            waiting = "ATM IV unknown";
        else if (!(iv <= garch * ratio) && !(iv <= realized * ratio))
            waiting = "ATM IV " + percent(iv) + " above " + fixed(ratio) + " × GARCH 7d " +
                      percent(garch) + " and realized 20d " + percent(realized);
        if (!waiting.empty()) {
            state.armed = true;
            state.note = "waiting: " + waiting;
            return;
        }
        std::string why;
        const ExpiryView *expiry = expiryWithin(*this, chain, why);
        if (!expiry) {
            state.note = why;
            return;
        }
        if (!state.armed && expiry->expiry == state.lastExpiry) {
            state.note = "waiting for the setup to reset after the last straddle";
            return;
        }
        const double spot = spotOf(context);
        const double strike = atmStrike(*expiry, spot);
        if (!std::isfinite(strike)) {
            state.note = "no quoted ATM straddle on " + formatDate(expiry->expiry);
            return;
        }
        const OptionQuoteView &call = *findQuote(*expiry, strike, OptionRight::Call);
        const OptionQuoteView &put = *findQuote(*expiry, strike, OptionRight::Put);
        const double netDelta = call.delta + put.delta;
        const int shares = -static_cast<int>(std::lround(netDelta * 100));
        const std::string straddle = formatDate(expiry->expiry) + " " + strikeText(strike);

        Signal signal = makeSignal(
            context, SignalSide::Long,
            "IV rank " + fixed(ivRank, 0) + " < " + fixed(maxIvRank, 0) + " and ATM IV " +
                percent(iv) + " cheap against " + fixed(ratio) + " × GARCH 7d forecast " +
                percent(garch) + " or realized 20d " + percent(realized) + ": buy the " + straddle +
                " straddle for " + fixed(call.mid + put.mid) + ", its delta " +
                signedFixed(netDelta) + " hedged with " + std::to_string(shares) + " sh");
        signal.inputs = {{"iv_rank", ivRank},
                         {"atm_iv", iv},
                         {"garch_7d", garch},
                         {"realized_20d", realized},
                         {"spot", spot},
                         {"call_delta", call.delta},
                         {"put_delta", put.delta},
                         {"net_delta", netDelta},
                         {"shares", static_cast<double>(shares)},
                         {"dte", static_cast<double>(expiry->daysToExpiry)}};
        signal.structure = "long straddle, delta-hedged";
        signal.legs = {optionLeg(1, expiry->expiry, call), optionLeg(1, expiry->expiry, put)};
        if (shares != 0)
            signal.legs.push_back(shareLeg(shares, context.bar.close));
        signal.netPrice = optionNetPrice(signal.legs);
        out.push_back(std::move(signal));

        state.position = Position{expiry->expiry, strike, shares};
        state.armed = false;
        state.lastExpiry = expiry->expiry;
        state.note = "long the " + straddle + " straddle, " + std::to_string(shares) + " sh";
    }

    void manage(const BarContext &context, State &state, std::vector<Signal> &out)
    {
        Position &position = *state.position;
        const SymbolMarket &market = *context.market;
        const std::string straddle =
            formatDate(position.expiry) + " " + strikeText(position.strike);
        const double exitIvRank = parameter("exit_iv_rank");
        std::string exitWhy;
        if (std::isfinite(market.ivRank) && market.ivRank > exitIvRank)
            exitWhy = "IV rank " + fixed(market.ivRank, 0) + " > " + fixed(exitIvRank, 0);
        else if (daysSinceEpoch(context.levels.tradingDate) >= daysSinceEpoch(position.expiry) - 1)
            exitWhy = "one day to the " + formatDate(position.expiry) + " expiry";
        if (!exitWhy.empty()) {
            std::vector<SignalLeg> legs = {
                closingLeg(-1, position.expiry, position.strike, OptionRight::Call, context),
                closingLeg(-1, position.expiry, position.strike, OptionRight::Put, context)};
            if (position.shares != 0)
                legs.push_back(shareLeg(-position.shares, context.bar.close));
            Signal signal = makeSignal(context, SignalSide::Exit,
                                       exitWhy + ": sell the " + straddle + " straddle at " +
                                           fixed(-optionNetPrice(legs)) + " and close the " +
                                           std::to_string(position.shares) + " sh hedge");
            signal.inputs = {{"iv_rank", market.ivRank},
                             {"shares", static_cast<double>(position.shares)},
                             {"close", context.bar.close}};
            signal.structure = "long straddle, delta-hedged";
            signal.legs = std::move(legs);
            signal.netPrice = optionNetPrice(signal.legs);
            out.push_back(std::move(signal));
            state.position.reset();
            state.note = "flat: " + exitWhy;
            return;
        }

        const ExpiryView *expiry = findExpiry(*market.chain, position.expiry);
        const OptionQuoteView *call =
            expiry ? findQuote(*expiry, position.strike, OptionRight::Call) : nullptr;
        const OptionQuoteView *put =
            expiry ? findQuote(*expiry, position.strike, OptionRight::Put) : nullptr;
        if (!call || !put || !std::isfinite(call->delta) || !std::isfinite(put->delta)) {
            state.note = "holding the " + straddle + " straddle; the chain does not quote it";
            return;
        }
        const double straddleDelta = call->delta + put->delta;
        const double before = straddleDelta + position.shares / 100.0;
        const double band = parameter("hedge_band");
        if (std::abs(before) <= band) {
            state.note = "long the " + straddle + " straddle, " + std::to_string(position.shares) +
                         " sh, delta " + signedFixed(before);
            return;
        }
        const int trade = -static_cast<int>(std::lround(before * 100));
        const int sharesBefore = position.shares;
        position.shares += trade;
        const double after = straddleDelta + position.shares / 100.0;
        const double close = context.bar.close;
        Signal signal = makeSignal(
            context, trade > 0 ? SignalSide::Long : SignalSide::Short,
            "delta hedge at " + fixed(close) + ": position delta " + signedFixed(before) +
                " per straddle (straddle " + signedFixed(straddleDelta) + ", " +
                std::to_string(sharesBefore) + " sh) beyond ±" + fixed(band) + ": " +
                (trade > 0 ? "buy " : "sell ") + std::to_string(std::abs(trade)) + " sh, delta " +
                signedFixed(before) + " -> " + signedFixed(after));
        signal.inputs = {{"close", close},
                         {"call_delta", call->delta},
                         {"put_delta", put->delta},
                         {"straddle_delta", straddleDelta},
                         {"shares_before", static_cast<double>(sharesBefore)},
                         {"delta_before", before},
                         {"delta_after", after}};
        signal.structure = "delta hedge";
        signal.legs = {shareLeg(trade, close)};
        signal.netPrice = trade > 0 ? close : -close;
        out.push_back(std::move(signal));
        state.note = "long the " + straddle + " straddle, " + std::to_string(position.shares) +
                     " sh, delta " + signedFixed(after);
    }

    std::map<std::string, State> m_states;
};

// ---- earnings --------------------------------------------------------------------------------

class EarningsSetup final : public Playbook {
public:
    EarningsSetup()
    {
        addParameter("max_days", 7, 0, 60, "calendar days to the release at most");
        addParameter("min_history", 4, 1, 40, "past releases with a known move needed");
        addParameter("cheap_ratio", 0.8, 0.1, 1,
                     "buy the straddle when the implied move is below this x the historical move");
        addParameter("rich_ratio", 1.25, 1, 5,
                     "sell the iron butterfly when the implied move is above this x the "
                     "historical move");
    }

    std::string_view name() const override { return "earnings"; }
    std::string_view description() const override
    {
        return "Earnings setup for stocks within 7 days of a release: the implied move (the ATM "
               "straddle of the first expiry after the release over spot) against the mean "
               "realized move of at least 4 past releases. Implied below 0.8x historical: long "
               "straddle; above 1.25x: short iron butterfly centred ATM with wings at +/- the "
               "historical move. Once per release; the reason gives the surprise frequency (the "
               "share of releases that moved more than expected)";
    }
    bool applies(InstrumentKind kind) const override { return kind == InstrumentKind::Stock; }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        if (!regularSession(context))
            return;
        State &state = m_states[std::string(context.symbol)];
        const SymbolMarket *market = context.market;
        if (!market || !market->earnings || !market->earnings->next.ok()) {
            state.note = "no earnings date";
            return;
        }
        const EarningsInfo &earnings = *market->earnings;
        if (state.firedFor == earnings.next)
            return;
        const int days = daysSinceEpoch(earnings.next) - daysSinceEpoch(context.levels.tradingDate);
        const int maxDays = static_cast<int>(parameter("max_days"));
        if (days < 0 || days > maxDays) {
            state.note = days < 0 ? "no upcoming earnings"
                                  : "earnings in " + std::to_string(days) + " days (> " +
                                        std::to_string(maxDays) + ")";
            return;
        }
        int releases = 0;
        int surprises = 0;
        double movesSum = 0;
        for (const EarningsMove &move : earnings.past) {
            if (!std::isfinite(move.realizedMove) || !std::isfinite(move.expectedMove))
                continue;
            ++releases;
            movesSum += move.realizedMove;
            if (move.realizedMove > move.expectedMove)
                ++surprises;
        }
        const int minHistory = static_cast<int>(parameter("min_history"));
        if (releases < minHistory) {
            state.note = "only " + std::to_string(releases) + " past releases with moves (< " +
                         std::to_string(minHistory) + ")";
            return;
        }
        if (!market->chain) {
            state.note = "no option chain";
            return;
        }
        const double historical = movesSum / releases;
        const double surpriseFrequency = static_cast<double>(surprises) / releases;
        const ExpiryView *expiry = expiryAfter(*market->chain, earnings);
        const double spot = spotOf(context);
        const double strike = expiry ? atmStrike(*expiry, spot) : kUnknown;
        if (!std::isfinite(strike)) {
            state.note =
                "no quoted ATM straddle after the " + formatDate(earnings.next) + " release";
            return;
        }
        const OptionQuoteView &call = *findQuote(*expiry, strike, OptionRight::Call);
        const OptionQuoteView &put = *findQuote(*expiry, strike, OptionRight::Put);
        const double implied = (call.mid + put.mid) / spot;
        const double cheap = parameter("cheap_ratio");
        const double rich = parameter("rich_ratio");
        const std::string numbers = "earnings in " + std::to_string(days) + " days (" +
                                    formatDate(earnings.next) + "): implied move " +
                                    percent(implied);
        const std::string history = ", surprise frequency " + percent(surpriseFrequency, 0) + " (" +
                                    std::to_string(surprises) + " of " + std::to_string(releases) +
                                    " releases beat the expected move)";
        const std::string straddle = formatDate(expiry->expiry) + " " + strikeText(strike);

        Signal signal;
        if (implied < historical * cheap) {
            signal = makeSignal(context, SignalSide::Long,
                                numbers + " < historical " + percent(historical) + " × " +
                                    fixed(cheap) + history + ": buy the " + straddle +
                                    " straddle for " + fixed(call.mid + put.mid));
            signal.structure = "long straddle";
            signal.legs = {optionLeg(1, expiry->expiry, call), optionLeg(1, expiry->expiry, put)};
        } else if (implied > historical * rich) {
            const double move = spot * historical;
            const OptionQuoteView *upper =
                wingQuote(*expiry, OptionRight::Call, strike, strike + move);
            const OptionQuoteView *lower =
                wingQuote(*expiry, OptionRight::Put, strike, strike - move);
            if (!upper || !lower) {
                state.note =
                    "implied " + percent(implied) + " rich but no wings quoted at ± " + fixed(move);
                return;
            }
            signal = makeSignal(
                context, SignalSide::Short,
                numbers + " > historical " + percent(historical) + " × " + fixed(rich) + history +
                    ": sell the " + straddle + " / " + strikeText(lower->strike) + "-" +
                    strikeText(upper->strike) + " iron butterfly for " +
                    fixed(call.mid + put.mid - upper->mid - lower->mid) + " credit");
            signal.structure = "iron butterfly";
            signal.legs = {optionLeg(-1, expiry->expiry, call), optionLeg(-1, expiry->expiry, put),
                           optionLeg(1, expiry->expiry, *upper),
                           optionLeg(1, expiry->expiry, *lower)};
        } else {
            state.note = "implied " + percent(implied) + " ≈ historical " + percent(historical) +
                         ": no edge";
            return;
        }
        signal.inputs = {{"days_to_earnings", static_cast<double>(days)},
                         {"implied_move", implied},
                         {"historical_move", historical},
                         {"surprise_frequency", surpriseFrequency},
                         {"releases", static_cast<double>(releases)},
                         {"spot", spot},
                         {"straddle", call.mid + put.mid}};
        signal.netPrice = optionNetPrice(signal.legs);
        state.firedFor = earnings.next;
        state.note = signal.structure + " for the " + formatDate(earnings.next) + " release";
        out.push_back(std::move(signal));
    }

    std::string state(std::string_view symbol) const override { return noteOf(m_states, symbol); }

private:
    struct State {
        Date firedFor{}; // the release a structure was proposed for
        std::string note;
    };

    // The first expiry that settles after the release: after its instant when known, else
    // strictly after its date.
    static const ExpiryView *expiryAfter(const OptionChainView &chain, const EarningsInfo &info)
    {
        for (const ExpiryView &expiry : chain.expiries) {
            if (info.time != 0) {
                const std::optional<Timestamp> close = calendar::regularClose(expiry.expiry);
                const Timestamp settles =
                    close ? *close : fromEastern(expiry.expiry, timeOfDay(16, 0));
                if (settles > info.time)
                    return &expiry;
            } else if (daysSinceEpoch(expiry.expiry) > daysSinceEpoch(info.next)) {
                return &expiry;
            }
        }
        return nullptr;
    }

    std::map<std::string, State> m_states;
};

// ---- ensemble --------------------------------------------------------------------------------

class Ensemble final : public Playbook {
public:
    static constexpr int kRsiPeriod = 14;
    static constexpr double kRsiBullish = 55;
    static constexpr double kRsiBearish = 45;
    static constexpr double kHeavyVolume = 1.2;

    Ensemble()
    {
        addParameter("every_min", 5, 1, 390, "minutes between two scorings of a symbol");
        addParameter("lookback_min", 60, 1, 1440,
                     "the other playbooks' signals of the symbol from the last this many minutes "
                     "vote");
        addParameter("min_votes", 4, 1, 30, "components with a known value needed to score");
        addParameter("min_confidence", 0.7, 0.05, 1,
                     "fire when |sum of votes| / components voting reaches this");
        addParameter("rs_pct", 0.3, 0, 10,
                     "relative strength vs SPY or the sector ETF (the day's change difference, "
                     "percent) beyond +/- this votes");
    }

    std::string_view name() const override { return "ensemble"; }
    std::string_view description() const override
    {
        return "Ensemble signal with a confidence score: every 5 minutes it scores 5-day and "
               "20-day momentum, RSI(14) of the daily closes (above 55 bullish, below 45 "
               "bearish), the close against the session VWAP, the day's change against SPY and "
               "the sector ETF (+/- 0.3%) and the symbol's long and short signals of the other "
               "playbooks in the last hour, each +1, -1 or 0. Direction is the sign of the sum, "
               "confidence |sum| / components voting; fires at 0.7 with at least 4 votes when the "
               "direction differs from its last signal of the day. Relative volume and the "
               "volatility regime (IV against GARCH or realized) are reported, not voted";
    }

    void onBar(const BarContext &context, std::vector<Signal> &out) override
    {
        State &state = m_states[std::string(context.symbol)];
        if (state.date != context.levels.tradingDate) {
            state.date = context.levels.tradingDate;
            state.lastDirection = 0;
            state.lastEvaluation = 0;
        }
        if (!regularSession(context))
            return;
        const Timestamp end = barEnd(context);
        const auto every = static_cast<Timestamp>(parameter("every_min")) * kNanosPerMinute;
        if (state.lastEvaluation != 0 && end - state.lastEvaluation < every)
            return;
        state.lastEvaluation = end;

        const std::vector<Component> components = score(context);
        int sum = 0;
        for (const Component &component : components)
            sum += component.vote;
        const int voting = static_cast<int>(components.size());
        const int minVotes = static_cast<int>(parameter("min_votes"));
        if (voting < minVotes) {
            state.note = "only " + std::to_string(voting) + " components voted (< " +
                         std::to_string(minVotes) + ")";
            return;
        }
        const int direction = sum > 0 ? 1 : sum < 0 ? -1 : 0;
        int agree = 0;
        for (const Component &component : components)
            agree += direction != 0 && component.vote == direction ? 1 : 0;
        const double confidence = static_cast<double>(std::abs(sum)) / voting;
        const double minConfidence = parameter("min_confidence");
        const std::string summary = std::string(direction > 0 ? "bullish " : "bearish ") +
                                    std::to_string(agree) + " of " + std::to_string(voting) +
                                    " agree (confidence " + fixed(confidence) + ")";
        if (direction == 0) {
            state.note = "mixed: the " + std::to_string(voting) + " votes cancel out";
            return;
        }
        if (confidence < minConfidence) {
            state.note = summary + " below " + fixed(minConfidence);
            return;
        }
        if (direction == state.lastDirection) {
            state.note = "still " + summary;
            return;
        }

        std::string reason = summary + ": ";
        for (std::size_t i = 0; i < components.size(); ++i) {
            const Component &component = components[i];
            reason += (i ? ", " : "") + component.text;
            if (component.vote == 0)
                reason += " (neutral)";
            else if (component.vote != direction)
                reason += " (against)";
        }
        const std::string regime = regimeText(context, state);
        if (!regime.empty())
            reason += "; " + regime;
        Signal signal =
            makeSignal(context, direction > 0 ? SignalSide::Long : SignalSide::Short, reason);
        for (const Component &component : components) {
            signal.inputs.push_back({component.key, component.value});
            signal.inputs.push_back({component.key + "_vote", static_cast<double>(component.vote)});
        }
        const SymbolMarket *market = context.market;
        signal.inputs.push_back({"relative_volume", market ? market->relativeVolume : kUnknown});
        signal.inputs.push_back({"atm_iv", impliedVol(context)});
        signal.inputs.push_back({"garch_7d", state.volatility.garch()});
        signal.inputs.push_back({"realized_20d", state.volatility.realized()});
        signal.inputs.push_back({"votes", static_cast<double>(voting)});
        signal.inputs.push_back({"vote_sum", static_cast<double>(sum)});
        signal.confidence = confidence;
        out.push_back(std::move(signal));
        state.lastDirection = direction;
        state.note = "last: " + summary + " at " + clock(end);
    }

    std::string state(std::string_view symbol) const override { return noteOf(m_states, symbol); }

private:
    // A component with a known value: +1 bullish, -1 bearish, 0 neutral.
    struct Component {
        std::string key;  // input name
        double value = 0; // what was measured
        int vote = 0;
        std::string text; // "momentum 5d +2.1%"
    };
    struct State {
        Date date{};
        Timestamp lastEvaluation = 0;
        int lastDirection = 0; // of the day's last ensemble signal
        DailyVolatility volatility;
        std::string note;
    };

    static int sign(double value, double band = 0)
    {
        return value > band ? 1 : value < -band ? -1 : 0;
    }

    std::vector<Component> score(const BarContext &context) const
    {
        std::vector<Component> components;
        const double close = context.bar.close;
        const SymbolMarket *market = context.market;
        if (market) {
            for (const int period : {5, 20}) {
                if (static_cast<int>(market->daily.size()) < period)
                    continue;
                // C_now / C_{t-n} - 1 with today's price as the newest close.
                Momentum momentum(period);
                for (std::size_t i = market->daily.size() - period; i < market->daily.size(); ++i)
                    momentum.update(market->daily[i].close);
                const double value = momentum.update(close);
                if (std::isfinite(value)) {
                    const std::string label = std::to_string(period) + "d";
                    components.push_back(
                        {"momentum_" + label, value, sign(value),
                         "momentum " + label + " " + signedFixed(value * 100, 1) + "%"});
                }
            }
            Rsi rsi(kRsiPeriod);
            for (const DailyBar &day : market->daily)
                rsi.update(day.close);
            if (rsi.ready()) {
                const double value = rsi.value();
                components.push_back({"rsi_14", value,
                                      value > kRsiBullish   ? 1
                                      : value < kRsiBearish ? -1
                                                            : 0,
                                      "RSI " + fixed(value, 1)});
            }
        }
        if (std::isfinite(context.vwap) && context.vwap > 0) {
            const double value = close / context.vwap - 1;
            components.push_back({"vs_vwap", value, sign(value),
                                  "close " + fixed(close) +
                                      (value > 0   ? " above"
                                       : value < 0 ? " below"
                                                   : " at") +
                                      " VWAP " + fixed(context.vwap)});
        }
        if (market && context.view) {
            const double band = parameter("rs_pct");
            auto relative = [&](const std::string &benchmark, const std::string &key) {
                const SymbolMarket *other = context.view->find(benchmark);
                const double value =
                    other ? market->changePercent - other->changePercent : kUnknown;
                if (std::isfinite(value))
                    components.push_back(
                        {key, value, sign(value, std::max(band - 1e-9, 0.0)),
                         "RS vs " + benchmark + " " + signedFixed(value, 1) + "%"});
            };
            relative("SPY", "rs_vs_spy_pct");
            if (!market->sectorEtf.empty())
                relative(market->sectorEtf, "rs_vs_sector_pct");
        }
        const Timestamp since =
            barEnd(context) - static_cast<Timestamp>(parameter("lookback_min")) * kNanosPerMinute;
        for (const Signal &signal : context.symbolSignals) {
            if (signal.playbook == name() || signal.side == SignalSide::Exit || signal.time < since)
                continue;
            const int vote = signal.side == SignalSide::Long ? 1 : -1;
            components.push_back({"signal_" + signal.playbook, static_cast<double>(vote), vote,
                                  signal.playbook + " " + signalSideName(signal.side) + " at " +
                                      clock(signal.time)});
        }
        return components;
    }

    static double impliedVol(const BarContext &context)
    {
        const SymbolMarket *market = context.market;
        if (!market)
            return kUnknown;
        if (std::isfinite(market->atmIv30))
            return market->atmIv30;
        return market->chain ? market->chain->atmIv30 : kUnknown;
    }

    // Relative volume and the volatility regime, reported beside the votes.
    static std::string regimeText(const BarContext &context, State &state)
    {
        const SymbolMarket *market = context.market;
        if (!market)
            return {};
        std::string text;
        if (std::isfinite(market->relativeVolume)) {
            text = "rvol " + fixed(market->relativeVolume, 1) +
                   (market->relativeVolume >= kHeavyVolume ? " (heavy)" : "");
        }
        state.volatility.update(market->daily);
        const double iv = impliedVol(context);
        const double garch = state.volatility.garch();
        const double reference = std::isfinite(garch) ? garch : state.volatility.realized();
        if (std::isfinite(iv) && std::isfinite(reference)) {
            text += (text.empty() ? "" : ", ") + std::string("IV ") + percent(iv) +
                    (iv < reference ? " below " : " above ") +
                    (std::isfinite(garch) ? "GARCH 7d " : "realized 20d ") + percent(reference) +
                    (iv < reference ? " (long premium cheap)" : " (long premium dear)");
        }
        return text;
    }

    std::map<std::string, State> m_states;
};

} // namespace

void appendDailyPlaybooks(std::vector<std::unique_ptr<Playbook>> &out)
{
    out.push_back(std::make_unique<Mag7Playbook>());
    out.push_back(std::make_unique<MultipleEntryIronCondor>());
    out.push_back(std::make_unique<GammaScalp>());
    out.push_back(std::make_unique<EarningsSetup>());
    out.push_back(std::make_unique<Ensemble>());
}

} // namespace mag7::signals
