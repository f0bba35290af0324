// The convexity playbook, a sweep of the option chain for four anomalies, each its own signal:
// the 30-day 25-delta risk reversal far from its own history (z-score; a risk reversal), an
// inverted ATM term structure (a calendar), a rich smile (25-delta butterfly; a reverse iron
// butterfly) and cheap wings (a strike's IV well below its neighbours'; buy it). It is one of
// the option-structure playbooks (optionplaybooks.cpp) and follows their conventions.
#include "signals/optionplaybooksupport.h"
#include "signals/playbookfactories.h"

#include <cmath>
#include <deque>
#include <map>

namespace mag7::signals {

using namespace optionsupport;

namespace {

constexpr double kRiskReversalDays = 30; // convexity: the risk reversal is sampled at 30 days

// The option of `right` whose delta is nearest `delta` (25-delta call: 0.25, put: -0.25) among
// those `usable` accepts, or null.
template <typename Usable>
const OptionQuoteView *nearestDelta(const ExpiryView &expiry, OptionRight right, double delta,
                                    Usable usable)
{
    const OptionQuoteView *best = nullptr;
    double distance = kInfinity;
    for (const OptionQuoteView &q : expiry.options) {
        if (q.right != right || !std::isfinite(q.delta))
            continue;
        const double d = std::abs(q.delta - delta);
        if (d < distance && usable(q)) {
            best = &q;
            distance = d;
        }
    }
    return best;
}

class ConvexitySweep final : public OptionPlaybook {
public:
    ConvexitySweep()
    {
        addParameter("min_samples", 20, 2, 5000,
                     "risk-reversal samples (one per look) needed before its z-score counts");
        addParameter("history", 500, 2, 5000,
                     "risk-reversal samples kept per symbol: the z-score's window");
        addParameter("z_threshold", 2, 0.5, 10,
                     "|z| of the 30-day 25Δ risk reversal vs its history that counts as extreme");
        addParameter("inversion_ratio", 1.10, 1, 3,
                     "front ATM IV / next-month ATM IV at least this: inverted term structure");
        addParameter("term_front_min_dte", 7, 0, 60,
                     "front expiry of the term-structure test: the first at least this many days "
                     "out (the last days' IVs are noisy)");
        addParameter("term_gap_days", 21, 1, 180,
                     "the next-month expiry is the first at least this many days after the front");
        addParameter("bf_threshold", 0.04, 0.001, 1,
                     "25Δ butterfly (wings over ATM, decimal vol) at least this: a rich smile");
        addParameter("wing_gap", 0.05, 0.005, 1,
                     "a wing whose IV sits this far (decimal vol) below its neighbours' is cheap");
        addParameter("wing_delta", 0.25, 0.01, 0.5,
                     "wings are OTM options with |delta| at most this");
        addParameter("min_dte", 1, 0, 60,
                     "expiries closer than this are left out (0DTE smiles are noisy)");
        addParameter("max_dte", 60, 1, 730,
                     "expiries swept for rich smiles and cheap wings, up to this many days");
    }
    std::string_view name() const override { return "convexity"; }
    std::string_view description() const override
    {
        return "Convexity sweep: the 30-day 25Δ risk reversal far from its own history "
               "(z-score; risk reversal), an inverted ATM term structure (calendar), a rich "
               "smile (25Δ butterfly; reverse iron butterfly) and cheap wings (a strike's IV "
               "well below its neighbours'; buy it); each anomaly fires on its own, once a day";
    }

protected:
    std::string evaluate(const Evaluation &e, std::vector<Signal> &out) override
    {
        std::string note = skew(e, out);
        note += "; " + term(e, out);
        note += "; " + smile(e, out);
        note += "; " + wings(e, out);
        return note;
    }

private:
    bool swept(const ExpiryView &expiry) const
    {
        return expiry.daysToExpiry >= parameter("min_dte") &&
               expiry.daysToExpiry <= parameter("max_dte");
    }

    // The 25Δ risk reversal at 30 days, interpolated in days between the expiries around it
    // (the nearest one when 30 days is outside them).
    double riskReversal30(const OptionChainView &chain) const
    {
        const ExpiryView *before = nullptr;
        const ExpiryView *after = nullptr;
        for (const ExpiryView &expiry : chain.expiries) {
            if (expiry.daysToExpiry < parameter("min_dte") || !std::isfinite(expiry.riskReversal25))
                continue;
            if (expiry.daysToExpiry <= kRiskReversalDays) {
                before = &expiry;
            } else {
                after = &expiry;
                break;
            }
        }
        if (!before || !after || before->daysToExpiry == after->daysToExpiry)
            return before ? before->riskReversal25 : after ? after->riskReversal25 : kUnknown;
        const double t = (kRiskReversalDays - before->daysToExpiry) /
                         (after->daysToExpiry - before->daysToExpiry);
        return before->riskReversal25 + t * (after->riskReversal25 - before->riskReversal25);
    }

    // The swept expiry nearest 30 days.
    const ExpiryView *monthly(const OptionChainView &chain) const
    {
        const ExpiryView *best = nullptr;
        for (const ExpiryView &expiry : chain.expiries) {
            if (swept(expiry) && (!best || std::abs(expiry.daysToExpiry - kRiskReversalDays) <
                                               std::abs(best->daysToExpiry - kRiskReversalDays)))
                best = &expiry;
        }
        return best;
    }

    std::string skew(const Evaluation &e, std::vector<Signal> &out)
    {
        const double rr = riskReversal30(e.chain);
        if (!std::isfinite(rr))
            return "no 25Δ risk reversal";
        auto it = m_history.find(e.context.symbol);
        if (it == m_history.end())
            it = m_history.emplace(std::string(e.context.symbol), std::deque<double>{}).first;
        std::deque<double> &history = it->second;
        const auto samples = history.size();
        const auto needed = static_cast<std::size_t>(parameter("min_samples"));
        double mean = 0;
        double sd = 0;
        if (samples >= needed) {
            for (double x : history)
                mean += x;
            mean /= double(samples);
            double squares = 0;
            for (double x : history)
                squares += (x - mean) * (x - mean);
            sd = std::sqrt(squares / double(samples - 1));
        }
        history.push_back(rr);
        while (history.size() > static_cast<std::size_t>(parameter("history")))
            history.pop_front();
        const std::string rrText = "25Δ risk reversal " + fixed(rr * 100) + " vol pts";
        if (samples < needed)
            return rrText + ", " + std::to_string(samples) + " of " + std::to_string(needed) +
                   " samples for its z-score";
        if (!(sd > 1e-9))
            return rrText + ", its history is flat";
        const double z = (rr - mean) / sd;
        const std::string zText =
            rrText + ", z " + fixed(z) + " over " + std::to_string(samples) + " samples";
        const double threshold = parameter("z_threshold");
        if (std::abs(z) < threshold)
            return zText;
        // Low z: puts rich against calls, buy the call and sell the put (long risk reversal);
        // high z: calls rich, sell the call and buy the put.
        const bool low = z < 0;
        const ExpiryView *expiry = monthly(e.chain);
        if (!expiry)
            return zText + ", no expiry to trade it";
        const OptionQuoteView *callLeg =
            nearestDelta(*expiry, OptionRight::Call, 0.25, low ? quoted : sellable);
        const OptionQuoteView *putLeg =
            nearestDelta(*expiry, OptionRight::Put, -0.25, low ? sellable : quoted);
        if (!callLeg || !putLeg)
            return zText + ", no quoted 25Δ options on " + formatDate(expiry->expiry);
        if (!firstToday(e, low ? "skew low" : "skew high"))
            return zText + ", fired today";
        const int callQuantity = low ? 1 : -1;
        std::vector<SignalLeg> legs = {optionLeg(callQuantity, *expiry, *callLeg),
                                       optionLeg(-callQuantity, *expiry, *putLeg)};
        const double net = callQuantity * (callLeg->mid - putLeg->mid);
        std::string reason =
            rrText + " (30-day) is " + fixed(std::abs(z), 1) + " sd " + (low ? "below" : "above") +
            " its mean " + fixed(mean * 100) + " over " + std::to_string(samples) +
            " samples (sd " + fixed(sd * 100) + ", |z| >= " + fixed(threshold, 1) +
            "): " + (low ? "puts rich against calls" : "calls rich against puts") + "; " +
            (low ? "long" : "short") + " risk reversal " + expiryText(*expiry) + ": " +
            (low ? "buy " : "sell ") + strikeText(callLeg->strike) + " C " + fixed(callLeg->mid) +
            ", " + (low ? "sell " : "buy ") + strikeText(putLeg->strike) + " P " +
            fixed(putLeg->mid) + " (" + netText(net) + ")";
        Signal s = structureSignal(e, low ? SignalSide::Long : SignalSide::Short,
                                   low ? "long risk reversal" : "short risk reversal",
                                   std::move(legs), std::move(reason));
        s.inputs = {{"risk_reversal", rr},        {"mean", mean}, {"sd", sd}, {"z", z},
                    {"samples", double(samples)}, {"net", net}};
        out.push_back(std::move(s));
        return zText;
    }

    std::string term(const Evaluation &e, std::vector<Signal> &out) const
    {
        const ExpiryView *front = nullptr;
        const ExpiryView *next = nullptr;
        for (const ExpiryView &expiry : e.chain.expiries) {
            if (!knownVol(expiry.atmIv) || expiry.daysToExpiry < parameter("term_front_min_dte"))
                continue;
            if (!front)
                front = &expiry;
            else if (expiry.daysToExpiry >= front->daysToExpiry + parameter("term_gap_days")) {
                next = &expiry;
                break;
            }
        }
        if (!front || !next)
            return "no front and next-month ATM IVs";
        const double ratio = front->atmIv / next->atmIv;
        const double threshold = parameter("inversion_ratio");
        const std::string ratioText = "term front/next " + fixed(ratio);
        if (ratio < threshold)
            return ratioText;
        const CalendarLegs legs = atmCalendar(*front, *next, e.spot, OptionRight::Call);
        if (!legs.front)
            return ratioText + ", no ATM strike quoted in both expiries";
        if (!firstToday(e, "term " + formatDate(front->expiry) + " " + formatDate(next->expiry)))
            return ratioText + ", fired today";
        const double debit = legs.back->mid - legs.front->mid;
        std::string reason =
            "ATM term structure inverted: front " + expiryText(*front) + " IV " +
            volText(front->atmIv) + " / next " + expiryText(*next) + " IV " + volText(next->atmIv) +
            " = " + fixed(ratio) + " >= " + fixed(threshold) + "; long calendar " +
            strikeText(legs.front->strike) + " C: sell the front " + fixed(legs.front->mid) +
            ", buy the next " + fixed(legs.back->mid) + " (" + netText(debit) + ")";
        Signal s =
            structureSignal(e, SignalSide::Long, "calendar",
                            {optionLeg(-1, *front, *legs.front), optionLeg(1, *next, *legs.back)},
                            std::move(reason));
        s.inputs = {{"front_iv", front->atmIv},
                    {"next_iv", next->atmIv},
                    {"ratio", ratio},
                    {"front_dte", double(front->daysToExpiry)},
                    {"next_dte", double(next->daysToExpiry)}};
        out.push_back(std::move(s));
        return ratioText;
    }

    std::string smile(const Evaluation &e, std::vector<Signal> &out)
    {
        const ExpiryView *richest = nullptr;
        for (const ExpiryView &expiry : e.chain.expiries) {
            if (swept(expiry) && std::isfinite(expiry.butterfly25) &&
                (!richest || expiry.butterfly25 > richest->butterfly25))
                richest = &expiry;
        }
        if (!richest)
            return "no 25Δ butterfly";
        const double threshold = parameter("bf_threshold");
        const std::string bfText =
            "25Δ butterfly up to " + fixed(richest->butterfly25 * 100, 1) + " vol pts";
        if (richest->butterfly25 < threshold)
            return bfText;
        const ExpiryView &expiry = *richest;
        strikeRows(expiry, m_rows);
        const int atm = nearestRow(m_rows, e.spot, [](const StrikeRow &row) {
            return row.call && row.put && quoted(*row.call) && quoted(*row.put);
        });
        if (atm < 0)
            return bfText + ", no ATM straddle quoted";
        const StrikeRow &straddle = m_rows[atm];
        const OptionQuoteView *callWing =
            nearestDelta(expiry, OptionRight::Call, 0.25, [&](const OptionQuoteView &q) {
                return q.strike > straddle.strike && sellable(q);
            });
        const OptionQuoteView *putWing =
            nearestDelta(expiry, OptionRight::Put, -0.25, [&](const OptionQuoteView &q) {
                return q.strike < straddle.strike && sellable(q);
            });
        if (!callWing || !putWing)
            return bfText + ", no 25Δ strangle with bids";
        if (!firstToday(e, "smile " + formatDate(expiry.expiry)))
            return bfText + ", fired today";
        const double straddleCost = straddle.call->mid + straddle.put->mid;
        const double strangle = callWing->mid + putWing->mid;
        std::string reason =
            "rich smile " + expiryText(expiry) + ": 25Δ butterfly " +
            fixed(expiry.butterfly25 * 100, 1) + " vol pts >= " + fixed(threshold * 100, 1) +
            " over ATM IV " + volText(expiry.atmIv) + "; reverse iron butterfly: buy the " +
            strikeText(straddle.strike) + " straddle " + fixed(straddleCost) + ", sell the " +
            strikeText(putWing->strike) + " P / " + strikeText(callWing->strike) + " C strangle " +
            fixed(strangle) + " (" + netText(straddleCost - strangle) + ")";
        Signal s = structureSignal(
            e, SignalSide::Long, "reverse iron butterfly",
            {optionLeg(1, expiry, *straddle.call), optionLeg(1, expiry, *straddle.put),
             optionLeg(-1, expiry, *callWing), optionLeg(-1, expiry, *putWing)},
            std::move(reason));
        s.inputs = {{"butterfly25", expiry.butterfly25},
                    {"atm_iv", expiry.atmIv},
                    {"dte", double(expiry.daysToExpiry)}};
        out.push_back(std::move(s));
        return bfText;
    }

    // The OTM wing (calls above spot, puts below) whose IV sits furthest below the line between
    // its neighbours' IVs.
    std::string wings(const Evaluation &e, std::vector<Signal> &out)
    {
        const double maxDelta = parameter("wing_delta");
        const double threshold = parameter("wing_gap");
        struct Wing {
            const ExpiryView *expiry = nullptr;
            const OptionQuoteView *option = nullptr;
            const OptionQuoteView *below = nullptr;
            const OptionQuoteView *above = nullptr;
            double fair = 0;
            double gap = 0;
        } best;
        for (const ExpiryView &expiry : e.chain.expiries) {
            if (!swept(expiry))
                continue;
            strikeRows(expiry, m_rows);
            const int n = static_cast<int>(m_rows.size());
            for (int i = 1; i + 1 < n; ++i) {
                const OptionRight right =
                    m_rows[i].strike > e.spot ? OptionRight::Call : OptionRight::Put;
                const OptionQuoteView *q = m_rows[i].get(right);
                if (!q || m_rows[i].strike == e.spot || !knownVol(q->iv) ||
                    !std::isfinite(q->delta) || std::abs(q->delta) > maxDelta || !quoted(*q))
                    continue;
                const OptionQuoteView *below = nullptr;
                const OptionQuoteView *above = nullptr;
                for (int j = i - 1; j >= 0 && !below; --j) {
                    const OptionQuoteView *o = m_rows[j].get(right);
                    below = o && knownVol(o->iv) ? o : nullptr;
                }
                for (int j = i + 1; j < n && !above; ++j) {
                    const OptionQuoteView *o = m_rows[j].get(right);
                    above = o && knownVol(o->iv) ? o : nullptr;
                }
                if (!below || !above)
                    continue;
                const double t = (q->strike - below->strike) / (above->strike - below->strike);
                const double fair = below->iv + t * (above->iv - below->iv);
                const double gap = fair - q->iv;
                if (gap >= threshold && gap > best.gap)
                    best = {&expiry, q, below, above, fair, gap};
            }
        }
        if (!best.option)
            return "no cheap wing";
        const ExpiryView &expiry = *best.expiry;
        const OptionQuoteView &q = *best.option;
        const char right = q.right == OptionRight::Call ? 'C' : 'P';
        const std::string what = strikeText(q.strike) + " " + right;
        if (!firstToday(e, "wing " + formatDate(expiry.expiry) + " " + what))
            return "cheap wing " + what + " fired today";
        std::string reason =
            "cheap wing " + expiryText(expiry) + " " + what + ": IV " + volText(q.iv) + " is " +
            fixed(best.gap * 100, 1) + " vol pts below the " + volText(best.fair) +
            " between its neighbours " + strikeText(best.below->strike) + " (" +
            volText(best.below->iv) + ") and " + strikeText(best.above->strike) + " (" +
            volText(best.above->iv) + "), gap >= " + fixed(threshold * 100, 1) + "; buy it at " +
            fixed(q.mid) + " (Δ " + fixed(q.delta) + ")";
        Signal s = structureSignal(e, SignalSide::Long,
                                   q.right == OptionRight::Call ? "long call (cheap wing)"
                                                                : "long put (cheap wing)",
                                   {optionLeg(1, expiry, q)}, std::move(reason));
        s.inputs = {{"iv", q.iv},
                    {"neighbours_iv", best.fair},
                    {"gap", best.gap},
                    {"delta", q.delta},
                    {"dte", double(expiry.daysToExpiry)}};
        out.push_back(std::move(s));
        return "cheap wing " + what;
    }

    std::map<std::string, std::deque<double>, std::less<>> m_history; // RR samples by symbol
    std::vector<StrikeRow> m_rows; // the expiry being looked at (reused)
};

} // namespace

std::unique_ptr<Playbook> makeConvexityPlaybook()
{
    return std::make_unique<ConvexitySweep>();
}

} // namespace mag7::signals
