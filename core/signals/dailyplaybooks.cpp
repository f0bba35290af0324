// Directional and daily playbooks. Besides the 1-minute bars they read the symbol's market and
// the benchmarks' through BarContext::market and BarContext::view (option chain, IV rank,
// relative volume, the day's change, daily bars, earnings):
//   mag7          the trader's MAG7 breakout (AAPL MSFT GOOGL AMZN NVDA TSLA META) traded with
//                 two options: contract 1 exits at the target, contract 2 trails
//                 (mag7playbook.cpp)
//   meic          multiple-entry 0DTE iron condors at fixed times of the afternoon
//   gamma-scalp   long ATM straddle when implied vol is cheap against the GARCH forecast or the
//                 realized vol, kept delta-neutral with shares
//   earnings      long straddle or short iron butterfly before a release, from the implied move
//                 against the stock's historical earnings moves
//   ensemble      direction and confidence from the agreement of momentum, RSI, VWAP, relative
//                 strength and the other playbooks' signals of the symbol; runs last
//                 (ensembleplaybook.cpp)
// This file holds meic, gamma-scalp and earnings, and appendDailyPlaybooks() with the family's
// order; the helpers they share are in dailyplaybooksupport.h.
//
// They act on regular-session bars only (09:30 to the close of the symbol's trading date), and
// compare prices at 1-minute closes: a level is broken, a target reached or a stop hit when a
// close gets there. Option legs are priced at the chain's mids and netPrice is the sum of
// quantity x mid over the option legs (debit > 0, credit < 0); a leg that closes a contract the
// chain no longer quotes carries a NaN price. Without a market view or a chain the option setups
// stay silent and their state says so.
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "signals/dailyplaybooksupport.h"
#include "signals/playbookfactories.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

namespace mag7::signals {

using namespace dailysupport;

namespace {

// The chain's spot when it has one, else the bar's close.
double spotOf(const BarContext &context)
{
    const OptionChainView *chain = context.market ? context.market->chain.get() : nullptr;
    return chain && std::isfinite(chain->spot) && chain->spot > 0 ? chain->spot : context.bar.close;
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

SignalLeg shareLeg(int quantity, double price)
{
    SignalLeg leg;
    leg.quantity = quantity;
    leg.shares = true;
    leg.price = price;
    return leg;
}

std::string strikeText(double strike)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", strike);
    return buffer;
}

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

} // namespace

void appendDailyPlaybooks(std::vector<std::unique_ptr<Playbook>> &out)
{
    out.push_back(makeMag7Playbook());
    out.push_back(std::make_unique<MultipleEntryIronCondor>());
    out.push_back(std::make_unique<GammaScalp>());
    out.push_back(std::make_unique<EarningsSetup>());
    out.push_back(makeEnsemblePlaybook());
}

} // namespace mag7::signals
