// Option-structure playbooks on the symbol's option chain (BarContext::market), evaluated at a
// completed 1-minute bar at most once every `every_min` minutes per symbol:
//   fat-tail    long OTM butterflies costing under $0.50, centred 2-3 expected moves from spot,
//               0-7 DTE, payoff/cost >= 10
//   convexity   convexity sweep: the 30-day 25-delta risk reversal far from its own history
//               (z-score), an inverted ATM term structure, a rich smile (25-delta butterfly)
//               and cheap wings (a strike's IV well below its neighbours')
//               (convexityplaybook.cpp)
//   calendar    long ATM calendar when the front IV >= the back IV x 1.15 and earnings are more
//               than 30 days away
//   iron-fly    short iron butterfly, 0-14 DTE, in range-bound, low-vol regimes
//
// A setup fires once per symbol and trading date (a butterfly once per expiry and side, an
// anomaly once per kind and expiry, a calendar once per pair of expiries); its legs are priced at
// their mids and netPrice is their sum (debit > 0, credit < 0). Side: Long when the structure as
// named is bought (butterfly, calendar, long risk reversal, a cheap wing, reverse iron
// butterfly), Short when it is sold (short iron butterfly, short risk reversal). A leg that is
// sold needs a bid; no leg may have an empty or crossed quote. Without a market view or a chain
// the playbooks stay silent and their state says so.
//
// Cost: a look at the chain is linear in its contracts (a few microseconds for 2,000); between
// looks a bar costs one map lookup per playbook.
//
// This file holds fat-tail, calendar and iron-fly, and appendOptionPlaybooks() with the
// family's order; the OptionPlaybook base class and the chain helpers they share are in
// optionplaybooksupport.h.
#include "signals/optionplaybooksupport.h"
#include "signals/playbookfactories.h"
#include "signals/volatility.h"

#include <algorithm>
#include <cmath>

namespace mag7::signals {

using namespace optionsupport;

namespace {

constexpr int kMomentumDays = 5;     // iron-fly: the trend is the 5-day close-to-close change
constexpr int kRealizedVolDays = 20; // iron-fly: close-to-close realized vol over 20 sessions

// The expiry's one-sigma move in dollars: its expected move, else spot x ATM IV x sqrt(years).
double sigmaMove(const ExpiryView &expiry, double spot)
{
    if (std::isfinite(expiry.expectedMove) && expiry.expectedMove > 0)
        return expiry.expectedMove;
    if (std::isfinite(expiry.atmIv) && expiry.atmIv > 0 && expiry.years > 0)
        return spot * expiry.atmIv * std::sqrt(expiry.years);
    return kUnknown;
}

// ---- fat tail: cheap OTM butterflies on the 2-3 sigma edges --------------------------------

class FatTail final : public OptionPlaybook {
public:
    FatTail()
    {
        addParameter("max_dte", 7, 0, 60, "expiries from 0 to this many days out");
        addParameter("min_sigma", 2, 0.5, 10,
                     "the fly's centre at least this many expected moves from spot");
        addParameter("max_sigma", 3, 0.5, 10,
                     "the fly's centre at most this many expected moves from spot");
        addParameter("min_wing_steps", 1, 1, 20,
                     "narrowest wings tried, in listed strikes either side of the centre");
        addParameter("max_wing_steps", 3, 1, 20,
                     "widest wings tried, in listed strikes either side of the centre");
        addParameter("max_cost", 0.5, 0.01, 20, "most a fly may cost at mids (per share)");
        addParameter("min_cost", 0.02, 0, 20,
                     "least a fly must cost at mids: a cheaper one is quote noise, not a debit");
        addParameter("min_ratio", 10, 1, 1000,
                     "payoff (wing width - cost) at least this multiple of the cost");
    }
    std::string_view name() const override { return "fat-tail"; }
    std::string_view description() const override
    {
        return "Fat tail: long OTM call butterflies above spot and put butterflies below it, "
               "centred 2-3 expected moves away, 0-7 DTE, costing under $0.50 at mids with "
               "payoff/cost >= 10; the best fly per side and expiry, once a day";
    }

protected:
    std::string evaluate(const Evaluation &e, std::vector<Signal> &out) override
    {
        const double maxDte = parameter("max_dte");
        const double minSigma = parameter("min_sigma");
        const double maxSigma = parameter("max_sigma");
        int expiries = 0;
        int priced = 0;
        std::string already;
        for (const ExpiryView &expiry : e.chain.expiries) {
            if (expiry.daysToExpiry < 0 || expiry.daysToExpiry > maxDte)
                continue;
            const double sigma = sigmaMove(expiry, e.spot);
            if (!(sigma > 0))
                continue;
            ++expiries;
            strikeRows(expiry, m_rows);
            for (const OptionRight right : {OptionRight::Call, OptionRight::Put}) {
                const bool call = right == OptionRight::Call;
                const double from = call ? e.spot + minSigma * sigma : e.spot - maxSigma * sigma;
                const double to = call ? e.spot + maxSigma * sigma : e.spot - minSigma * sigma;
                const Fly fly = bestFly(right, from, to, priced);
                if (fly.centre < 0)
                    continue;
                const std::string side = call ? "call butterfly" : "put butterfly";
                if (!firstToday(e, formatDate(expiry.expiry) + " " + side)) {
                    already = side + " " + formatDate(expiry.expiry) + " fired today";
                    continue;
                }
                out.push_back(signal(e, expiry, right, sigma, fly));
            }
        }
        if (expiries == 0)
            return "no expiry within " + fixed(maxDte, 0) + " DTE with an expected move";
        std::string note = std::to_string(priced) + " flies priced on " + std::to_string(expiries) +
                           " expiries within " + fixed(maxDte, 0) + " DTE, none at " +
                           fixed(minSigma, 1) + "-" + fixed(maxSigma, 1) + "σ costing " +
                           fixed(parameter("min_cost")) + "-" + fixed(parameter("max_cost")) +
                           " with payoff/cost >= " + fixed(parameter("min_ratio"), 1);
        return already.empty() ? note : already;
    }

private:
    struct Fly {
        int centre = -1; // row indexes
        int lower = -1;
        int upper = -1;
        double width = 0;
        double cost = 0;
        double payoff = 0;
        double ratio = 0;
    };

    // The qualifying fly of `right` centred in [from, to] with the highest payoff/cost; counts
    // the debit flies it priced.
    Fly bestFly(OptionRight right, double from, double to, int &priced) const
    {
        const int minSteps = static_cast<int>(parameter("min_wing_steps"));
        const int maxSteps = static_cast<int>(parameter("max_wing_steps"));
        const double minCost = parameter("min_cost");
        const double maxCost = parameter("max_cost");
        const double minRatio = parameter("min_ratio");
        const int n = static_cast<int>(m_rows.size());
        Fly best;
        for (int c = 0; c < n; ++c) {
            const double k = m_rows[c].strike;
            const OptionQuoteView *centre = m_rows[c].get(right);
            if (k < from || k > to || !centre || !sellable(*centre))
                continue;
            for (int w = minSteps; w <= maxSteps && c - w >= 0 && c + w < n; ++w) {
                const OptionQuoteView *lower = m_rows[c - w].get(right);
                const OptionQuoteView *upper = m_rows[c + w].get(right);
                if (!lower || !upper || !quoted(*lower) || !quoted(*upper))
                    continue;
                const double width = k - lower->strike;
                if (std::abs(upper->strike - k - width) > 1e-9 * k)
                    continue; // broken wings: not a butterfly
                const double cost = lower->mid - 2 * centre->mid + upper->mid;
                if (!(cost > 0))
                    continue; // not a debit at mids
                ++priced;
                const double payoff = width - cost;
                const double ratio = payoff / cost;
                if (cost < minCost || cost > maxCost || ratio < minRatio || ratio <= best.ratio)
                    continue;
                best = {c, c - w, c + w, width, cost, payoff, ratio};
            }
        }
        return best;
    }

    Signal signal(const Evaluation &e, const ExpiryView &expiry, OptionRight right, double sigma,
                  const Fly &fly) const
    {
        const bool call = right == OptionRight::Call;
        const StrikeRow &lower = m_rows[fly.lower];
        const StrikeRow &centre = m_rows[fly.centre];
        const StrikeRow &upper = m_rows[fly.upper];
        const double sigmas = std::abs(centre.strike - e.spot) / sigma;
        std::string reason =
            std::string(call ? "call" : "put") + " butterfly " + strikeText(lower.strike) + "/" +
            strikeText(centre.strike) + "/" + strikeText(upper.strike) + " " + expiryText(expiry) +
            " for " + fixed(fly.cost) + ": pays up to " + fixed(fly.payoff) + ", " +
            fixed(fly.ratio, 1) + "x the cost; centre " + strikeText(centre.strike) + " is " +
            fixed(sigmas, 1) + "σ " + (call ? "above" : "below") + " spot " + fixed(e.spot) +
            " (expected move " + fixed(sigma) + ")";
        Signal s = structureSignal(e, SignalSide::Long, call ? "call butterfly" : "put butterfly",
                                   {optionLeg(1, expiry, *lower.get(right)),
                                    optionLeg(-2, expiry, *centre.get(right)),
                                    optionLeg(1, expiry, *upper.get(right))},
                                   std::move(reason));
        s.inputs = {{"spot", e.spot},
                    {"expected_move", sigma},
                    {"dte", double(expiry.daysToExpiry)},
                    {"centre", centre.strike},
                    {"width", fly.width},
                    {"cost", fly.cost},
                    {"payoff", fly.payoff},
                    {"ratio", fly.ratio},
                    {"centre_sigmas", sigmas}};
        s.target = centre.strike; // where the fly pays the most at expiry
        return s;
    }

    std::vector<StrikeRow> m_rows; // the expiry being looked at (reused)
};

// ---- calendar: front IV rich against the back, no earnings in between ---------------------

class CalendarSpread final : public OptionPlaybook {
public:
    CalendarSpread()
    {
        addParameter("iv_ratio", 1.15, 1, 3, "front ATM IV at least this multiple of the back's");
        addParameter("min_days_to_earnings", 30, 0, 365,
                     "next earnings more than this many days away (stocks need a known date)");
        addParameter("front_min_dte", 7, 0, 365, "front expiry at least this many days out");
        addParameter("front_max_dte", 45, 0, 365, "front expiry at most this many days out");
        addParameter("min_gap_days", 21, 1, 365,
                     "back expiry: the first at least this many days after the front");
        addParameter("puts", 0, 0, 1, "0: a calendar of calls, 1: of puts");
    }
    std::string_view name() const override { return "calendar"; }
    std::string_view description() const override
    {
        return "Calendar: when the front ATM IV is at least 1.15x the back's and earnings are "
               "more than 30 days away, sell the front ATM option and buy the back one at the "
               "same strike (a debit); once a day per pair of expiries";
    }

protected:
    std::string evaluate(const Evaluation &e, std::vector<Signal> &out) override
    {
        const double minDays = parameter("min_days_to_earnings");
        const Date today = e.context.levels.tradingDate;
        std::string earningsText;
        double daysToEarnings = kUnknown;
        if (e.market.earnings && e.market.earnings->next.ok()) {
            const Date next = e.market.earnings->next;
            daysToEarnings = daysSinceEpoch(next) - daysSinceEpoch(today);
            earningsText =
                "next earnings in " + fixed(daysToEarnings, 0) + " days (" + formatDate(next) + ")";
            if (daysToEarnings <= minDays)
                return earningsText + ", not more than " + fixed(minDays, 0) + ": no calendar";
        } else if (e.context.kind == InstrumentKind::Stock) {
            return "no earnings date known for " + std::string(e.context.symbol) +
                   ": a stock's calendar needs earnings more than " + fixed(minDays, 0) +
                   " days away";
        } else {
            earningsText = "no earnings to cross";
        }

        const ExpiryView *front = nullptr;
        const ExpiryView *back = nullptr;
        for (const ExpiryView &expiry : e.chain.expiries) {
            if (!knownVol(expiry.atmIv))
                continue;
            if (!front) {
                if (expiry.daysToExpiry >= parameter("front_min_dte") &&
                    expiry.daysToExpiry <= parameter("front_max_dte"))
                    front = &expiry;
            } else if (expiry.daysToExpiry >= front->daysToExpiry + parameter("min_gap_days")) {
                back = &expiry;
                break;
            }
        }
        if (!front || !back)
            return "no front expiry in " + fixed(parameter("front_min_dte"), 0) + "-" +
                   fixed(parameter("front_max_dte"), 0) + " DTE with a back one " +
                   fixed(parameter("min_gap_days"), 0) + "+ days later";
        const double ratio = front->atmIv / back->atmIv;
        const double threshold = parameter("iv_ratio");
        const std::string ivText = "front " + expiryText(*front) + " IV " + volText(front->atmIv) +
                                   ", back " + expiryText(*back) + " IV " + volText(back->atmIv) +
                                   ", ratio " + fixed(ratio);
        if (ratio < threshold)
            return ivText + " < " + fixed(threshold);
        const OptionRight right = parameter("puts") >= 0.5 ? OptionRight::Put : OptionRight::Call;
        const CalendarLegs legs = atmCalendar(*front, *back, e.spot, right);
        if (!legs.front)
            return ivText + ", no ATM strike quoted in both expiries";
        const double debit = legs.back->mid - legs.front->mid;
        if (!(debit > 0))
            return ivText + ", the back option is not dearer than the front";
        if (!firstToday(e, formatDate(front->expiry) + " " + formatDate(back->expiry)))
            return ivText + ", fired today";
        const std::string option =
            strikeText(legs.front->strike) + (right == OptionRight::Call ? " C" : " P");
        std::string reason = "long calendar " + option + ": sell " + expiryText(*front) + " " +
                             fixed(legs.front->mid) + ", buy " + expiryText(*back) + " " +
                             fixed(legs.back->mid) + " for a debit of " + fixed(debit) +
                             "; front IV " + volText(front->atmIv) + " / back IV " +
                             volText(back->atmIv) + " = " + fixed(ratio) +
                             " >= " + fixed(threshold) + "; " + earningsText;
        Signal s =
            structureSignal(e, SignalSide::Long, "calendar",
                            {optionLeg(-1, *front, *legs.front), optionLeg(1, *back, *legs.back)},
                            std::move(reason));
        s.inputs = {{"front_iv", front->atmIv},
                    {"back_iv", back->atmIv},
                    {"iv_ratio", ratio},
                    {"front_dte", double(front->daysToExpiry)},
                    {"back_dte", double(back->daysToExpiry)},
                    {"strike", legs.front->strike},
                    {"days_to_earnings", daysToEarnings}};
        out.push_back(std::move(s));
        return ivText;
    }
};

// ---- iron butterfly: range-bound, low-vol regimes -----------------------------------------

class IronButterfly final : public OptionPlaybook {
public:
    IronButterfly()
    {
        addParameter("range_days", 10, 2, 120,
                     "daily bars whose high-low range measures the range-bound regime");
        addParameter("max_range_pct", 6, 0.1, 50,
                     "that window's high - low at most this % of the last close");
        addParameter("max_trend_pct", 2, 0, 50,
                     "the 5-day close-to-close change at most this % either way");
        addParameter("max_iv_rank", 35, 0, 100, "low vol: IV rank at most this");
        addParameter("max_iv_rv", 1.1, 0.1, 5,
                     "low vol without an IV rank: ATM IV at most this multiple of the 20-day "
                     "close-to-close realized vol");
        addParameter("min_dte", 0, 0, 60, "the expiry traded: the first from this many days");
        addParameter("max_dte", 14, 0, 60, "... to this many days out");
    }
    std::string_view name() const override { return "iron-fly"; }
    std::string_view description() const override
    {
        return "Iron butterfly: in a range-bound (10-day range <= 6%, 5-day change <= 2%), "
               "low-vol (IV rank <= 35, or ATM IV <= 1.1x realized) regime, sell the ATM "
               "straddle and buy wings one expected move away on the first 0-14 DTE expiry "
               "(a credit); once a day per expiry";
    }

protected:
    std::string evaluate(const Evaluation &e, std::vector<Signal> &out) override
    {
        const ExpiryView *expiry = nullptr;
        for (const ExpiryView &candidate : e.chain.expiries) {
            if (candidate.daysToExpiry >= parameter("min_dte") &&
                candidate.daysToExpiry <= parameter("max_dte")) {
                expiry = &candidate;
                break;
            }
        }
        if (!expiry)
            return "no expiry in " + fixed(parameter("min_dte"), 0) + "-" +
                   fixed(parameter("max_dte"), 0) + " DTE";

        // Range-bound: the window's range and the 5-day change, from finished sessions.
        const std::vector<DailyBar> &daily = e.market.daily;
        const auto days = static_cast<std::size_t>(parameter("range_days"));
        const std::size_t needed = std::max<std::size_t>(days, kMomentumDays + 1);
        if (daily.size() < needed)
            return "needs " + std::to_string(needed) + " daily bars, has " +
                   std::to_string(daily.size());
        double high = -kInfinity;
        double low = kInfinity;
        for (std::size_t i = daily.size() - days; i < daily.size(); ++i) {
            high = std::max(high, daily[i].high);
            low = std::min(low, daily[i].low);
        }
        const double close = daily.back().close;
        const double rangePct = (high - low) / close * 100;
        const double trendPct = (close / daily[daily.size() - 1 - kMomentumDays].close - 1) * 100;
        const std::string regimeText = fixed(days, 0) + "-day range " + fixed(rangePct, 1) +
                                       "%, 5-day change " + (trendPct >= 0 ? "+" : "") +
                                       fixed(trendPct, 1) + "%";
        if (!(rangePct <= parameter("max_range_pct")) ||
            !(std::abs(trendPct) <= parameter("max_trend_pct")))
            return "not range-bound: " + regimeText + " (at most " +
                   fixed(parameter("max_range_pct"), 1) + "% and " +
                   fixed(parameter("max_trend_pct"), 1) + "%)";

        // Low vol: IV rank, else ATM IV against realized.
        std::string volRegime;
        double atmIv = kUnknown;
        double realized = kUnknown;
        if (std::isfinite(e.market.ivRank)) {
            volRegime = "IV rank " + fixed(e.market.ivRank, 0);
            if (e.market.ivRank > parameter("max_iv_rank"))
                return volRegime + " > " + fixed(parameter("max_iv_rank"), 0) + ": not low vol";
            volRegime += " <= " + fixed(parameter("max_iv_rank"), 0);
        } else {
            atmIv = knownVol(e.market.atmIv30)  ? e.market.atmIv30
                    : knownVol(e.chain.atmIv30) ? e.chain.atmIv30
                                                : expiry->atmIv;
            realized = realizedVol20(daily);
            if (!knownVol(atmIv) || !knownVol(realized))
                return "IV rank unknown and no ATM IV or " + std::to_string(kRealizedVolDays) +
                       "-day realized vol to compare";
            const double limit = realized * parameter("max_iv_rv");
            volRegime = "ATM IV " + volText(atmIv) + " vs 20-day realized " + volText(realized);
            if (atmIv > limit)
                return volRegime + ": above " + fixed(parameter("max_iv_rv")) +
                       "x realized, not low vol";
            volRegime += " (<= " + fixed(parameter("max_iv_rv")) + "x)";
        }

        // The structure: short ATM straddle, long wings one expected move away.
        const double move = sigmaMove(*expiry, e.spot);
        if (!(move > 0))
            return "no expected move for " + formatDate(expiry->expiry);
        strikeRows(*expiry, m_rows);
        const int atm = nearestRow(m_rows, e.spot, [](const StrikeRow &row) {
            return row.call && row.put && sellable(*row.call) && sellable(*row.put);
        });
        if (atm < 0)
            return "no ATM straddle with bids on " + formatDate(expiry->expiry);
        const double k = m_rows[atm].strike;
        const int up = nearestRow(m_rows, k + move, [k](const StrikeRow &row) {
            return row.strike > k && row.call && quoted(*row.call);
        });
        const int down = nearestRow(m_rows, k - move, [k](const StrikeRow &row) {
            return row.strike < k && row.put && quoted(*row.put);
        });
        if (up < 0 || down < 0)
            return "no quoted wings on " + formatDate(expiry->expiry);
        const StrikeRow &centre = m_rows[atm];
        const StrikeRow &upper = m_rows[up];
        const StrikeRow &lower = m_rows[down];
        const double credit = centre.call->mid + centre.put->mid - upper.call->mid - lower.put->mid;
        const double width = std::max(upper.strike - k, k - lower.strike);
        const double maxLoss = width - credit;
        if (!(credit > 0) || !(maxLoss > 0))
            return "the iron butterfly on " + formatDate(expiry->expiry) +
                   " does not price (credit " + fixed(credit) + ")";
        if (!firstToday(e, formatDate(expiry->expiry)))
            return regimeText + ", " + volRegime + "; fired today";
        const std::string widthText = upper.strike - k == k - lower.strike
                                          ? fixed(width)
                                          : fixed(k - lower.strike) + "/" + fixed(upper.strike - k);
        std::string reason = "short iron butterfly " + expiryText(*expiry) + " " +
                             strikeText(lower.strike) + "/" + strikeText(k) + "/" +
                             strikeText(upper.strike) + ": sell the " + strikeText(k) +
                             " straddle, buy the wings " + widthText + " away (expected move " +
                             fixed(move) + ") for a credit of " + fixed(credit) + "; max loss " +
                             fixed(maxLoss) + ", breakevens " + fixed(k - credit) + " / " +
                             fixed(k + credit) + "; " + regimeText + ", " + volRegime;
        Signal s = structureSignal(
            e, SignalSide::Short, "iron butterfly",
            {optionLeg(-1, *expiry, *centre.call), optionLeg(-1, *expiry, *centre.put),
             optionLeg(1, *expiry, *upper.call), optionLeg(1, *expiry, *lower.put)},
            std::move(reason));
        s.inputs = {{"range_pct", rangePct},
                    {"trend_pct", trendPct},
                    {"iv_rank", e.market.ivRank},
                    {"atm_iv", atmIv},
                    {"realized_vol", realized},
                    {"expected_move", move},
                    {"credit", credit},
                    {"width", width},
                    {"max_loss", maxLoss},
                    {"lower_breakeven", k - credit},
                    {"upper_breakeven", k + credit}};
        s.target = k; // the structure earns the most pinned at the centre
        out.push_back(std::move(s));
        return regimeText;
    }

private:
    // Close-to-close realized vol of the last 20 sessions (21 closes), NaN with fewer.
    static double realizedVol20(const std::vector<DailyBar> &daily)
    {
        if (daily.size() < kRealizedVolDays + 1)
            return kUnknown;
        RealizedVolatility estimator(VolEstimator::CloseToClose, kRealizedVolDays);
        for (std::size_t i = daily.size() - kRealizedVolDays - 1; i < daily.size(); ++i) {
            const DailyBar &d = daily[i];
            estimator.update(Bar{utcMidnight(d.date), d.open, d.high, d.low, d.close, d.volume});
        }
        return estimator.value();
    }

    std::vector<StrikeRow> m_rows; // the expiry being looked at (reused)
};

} // namespace

void appendOptionPlaybooks(std::vector<std::unique_ptr<Playbook>> &out)
{
    out.push_back(std::make_unique<FatTail>());
    out.push_back(makeConvexityPlaybook());
    out.push_back(std::make_unique<CalendarSpread>());
    out.push_back(std::make_unique<IronButterfly>());
}

} // namespace mag7::signals
