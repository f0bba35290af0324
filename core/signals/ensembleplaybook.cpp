// The ensemble playbook: direction and confidence from the agreement of momentum, RSI, VWAP,
// relative strength and the other playbooks' signals of the symbol. It runs after every other
// playbook (appendDailyPlaybooks) so that their signals of this bar vote, and acts on
// regular-session bars only, like the other daily playbooks (dailyplaybooks.cpp).
#include "signals/dailyplaybooksupport.h"
#include "signals/playbookfactories.h"

#include <algorithm>
#include <cmath>

namespace mag7::signals {

using namespace dailysupport;

namespace {

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
               "the sector ETF (+/- 0.3%; SPY and an ETF are not scored against themselves) and "
               "the symbol's long and short signals of the other playbooks in the last hour, "
               "each +1, -1 or 0. Direction is the sign of the sum, confidence |sum| / "
               "components voting; fires at 0.7 with at least 4 votes when the direction differs "
               "from its last signal of the day. Relative volume and the volatility regime (IV "
               "against GARCH or realized) are reported, not voted";
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
            // A benchmark is not compared with itself: SPY casts no vote against SPY, nor a
            // sector ETF against itself.
            auto relative = [&](const std::string &benchmark, const std::string &key) {
                if (benchmark == context.symbol)
                    return;
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

std::unique_ptr<Playbook> makeEnsemblePlaybook()
{
    return std::make_unique<Ensemble>();
}

} // namespace mag7::signals
