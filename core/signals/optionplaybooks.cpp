// Option-structure playbooks on the symbol's option chain (BarContext::market), evaluated at a
// completed 1-minute bar at most once every `every_min` minutes per symbol:
//   fat-tail    long OTM butterflies costing under $0.50, centred 2-3 expected moves from spot,
//               0-7 DTE, payoff/cost >= 10
//   convexity   convexity sweep: the 30-day 25-delta risk reversal far from its own history
//               (z-score), an inverted ATM term structure, a rich smile (25-delta butterfly)
//               and cheap wings (a strike's IV well below its neighbours')
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
#include "signals/playbook.h"
#include "signals/playbookfactories.h"
#include "signals/playbookformat.h"
#include "signals/volatility.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <limits>
#include <map>
#include <set>

namespace mag7::signals {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr int kMomentumDays = 5;         // iron-fly: the trend is the 5-day close-to-close change
constexpr int kRealizedVolDays = 20;     // iron-fly: close-to-close realized vol over 20 sessions
constexpr double kRiskReversalDays = 30; // convexity: the risk reversal is sampled at 30 days

bool quoted(const OptionQuoteView &q)
{
    return std::isfinite(q.bid) && std::isfinite(q.ask) && std::isfinite(q.mid) && q.ask > 0 &&
           q.bid >= 0 && q.bid <= q.ask && q.mid > 0;
}

// A leg that is sold needs a bid.
bool sellable(const OptionQuoteView &q)
{
    return quoted(q) && q.bid > 0;
}

std::string strikeText(double strike)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", strike);
    return buffer;
}

std::string volText(double iv)
{
    return fixed(iv * 100, 1) + "%";
}

std::string expiryText(const ExpiryView &expiry)
{
    return formatDate(expiry.expiry) + " (" + std::to_string(expiry.daysToExpiry) + " DTE)";
}

std::string netText(double net)
{
    return net >= 0 ? "debit " + fixed(net) : "credit " + fixed(-net);
}

// One listed strike of an expiry with its call and put (null when not listed).
struct StrikeRow {
    double strike = 0;
    const OptionQuoteView *call = nullptr;
    const OptionQuoteView *put = nullptr;
    const OptionQuoteView *get(OptionRight right) const
    {
        return right == OptionRight::Call ? call : put;
    }
};

void strikeRows(const ExpiryView &expiry, std::vector<StrikeRow> &rows)
{
    rows.clear();
    for (const OptionQuoteView &q : expiry.options) {
        if (rows.empty() || rows.back().strike != q.strike)
            rows.push_back({q.strike, nullptr, nullptr});
        (q.right == OptionRight::Call ? rows.back().call : rows.back().put) = &q;
    }
}

// The row nearest `target` that `usable` accepts, or -1.
template <typename Usable>
int nearestRow(const std::vector<StrikeRow> &rows, double target, Usable usable)
{
    int best = -1;
    double distance = kInfinity;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double d = std::abs(rows[i].strike - target);
        if (d < distance && usable(rows[i])) {
            best = static_cast<int>(i);
            distance = d;
        }
    }
    return best;
}

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

const OptionQuoteView *findOption(const ExpiryView &expiry, double strike, OptionRight right)
{
    auto it = std::lower_bound(expiry.options.begin(), expiry.options.end(), strike,
                               [](const OptionQuoteView &q, double k) { return q.strike < k; });
    for (; it != expiry.options.end() && it->strike == strike; ++it) {
        if (it->right == right)
            return &*it;
    }
    return nullptr;
}

// The expiry's one-sigma move in dollars: its expected move, else spot x ATM IV x sqrt(years).
double sigmaMove(const ExpiryView &expiry, double spot)
{
    if (std::isfinite(expiry.expectedMove) && expiry.expectedMove > 0)
        return expiry.expectedMove;
    if (std::isfinite(expiry.atmIv) && expiry.atmIv > 0 && expiry.years > 0)
        return spot * expiry.atmIv * std::sqrt(expiry.years);
    return kUnknown;
}

bool knownVol(double iv)
{
    return std::isfinite(iv) && iv > 0;
}

SignalLeg optionLeg(int quantity, const ExpiryView &expiry, const OptionQuoteView &quote)
{
    SignalLeg leg;
    leg.quantity = quantity;
    leg.expiry = expiry.expiry;
    leg.right = quote.right;
    leg.strike = quote.strike;
    leg.price = quote.mid;
    return leg;
}

// A long calendar at the strike nearest spot quoted in both expiries: sell the front, buy the
// back. Null legs when there is none.
struct CalendarLegs {
    const OptionQuoteView *front = nullptr;
    const OptionQuoteView *back = nullptr;
};

CalendarLegs atmCalendar(const ExpiryView &front, const ExpiryView &back, double spot,
                         OptionRight right)
{
    CalendarLegs best;
    double distance = kInfinity;
    for (const OptionQuoteView &q : front.options) {
        const double d = std::abs(q.strike - spot);
        if (q.right != right || d >= distance || !sellable(q))
            continue;
        const OptionQuoteView *later = findOption(back, q.strike, right);
        if (!later || !quoted(*later))
            continue;
        best = {&q, later};
        distance = d;
    }
    return best;
}

// ---- shared: the chain, the every_min throttle, fire-once keys, the state ------------------

class OptionPlaybook : public Playbook {
public:
    void onBar(const BarContext &context, std::vector<Signal> &out) final
    {
        auto it = m_states.find(context.symbol);
        if (it == m_states.end())
            it = m_states.emplace(std::string(context.symbol), SymbolState{}).first;
        SymbolState &state = it->second;
        if (state.date != context.levels.tradingDate) {
            state.date = context.levels.tradingDate;
            state.fired.clear();
        }
        if (!context.view) {
            state.note = "no market view: the option chain is not available";
            return;
        }
        if (!context.market || !context.market->chain) {
            state.note.assign("no option chain for ").append(context.symbol);
            return;
        }
        const Timestamp barEnd = context.bar.start + kNanosPerMinute;
        const auto every = static_cast<Timestamp>(parameter("every_min")) * kNanosPerMinute;
        if (state.evaluated && barEnd - state.lastEvaluation < every)
            return;
        state.evaluated = true;
        state.lastEvaluation = barEnd;
        const OptionChainView &chain = *context.market->chain;
        const double spot =
            std::isfinite(chain.spot) && chain.spot > 0 ? chain.spot : context.bar.close;
        if (chain.expiries.empty()) {
            state.note.assign("the option chain of ").append(context.symbol).append(" is empty");
            return;
        }
        const std::size_t before = out.size();
        state.note = evaluate({context, *context.market, chain, spot, state.fired}, out);
        if (out.size() > before)
            state.note = "fired: " + out.back().reason;
    }

    std::string state(std::string_view symbol) const final
    {
        const auto it = m_states.find(symbol);
        return it == m_states.end() || it->second.note.empty() ? "waiting for the first bar"
                                                               : it->second.note;
    }

protected:
    OptionPlaybook()
    {
        addParameter("every_min", 5, 1, 240,
                     "look at a symbol's chain at most once every this many minutes");
    }

    struct Evaluation {
        const BarContext &context;
        const SymbolMarket &market;
        const OptionChainView &chain;
        double spot;                       // the chain's spot, else the bar's close
        std::set<std::string> &firedToday; // keys of the setups fired on this trading date
    };

    // Looks at the chain, appends its signals, returns the symbol's state for the desk.
    virtual std::string evaluate(const Evaluation &e, std::vector<Signal> &out) = 0;

    // True the first time `key` fires for the symbol on this trading date.
    static bool firstToday(const Evaluation &e, std::string key)
    {
        return e.firedToday.insert(std::move(key)).second;
    }

    // A signal proposing `legs` at their mids; netPrice is their sum.
    Signal structureSignal(const Evaluation &e, SignalSide side, std::string structure,
                           std::vector<SignalLeg> legs, std::string reason) const
    {
        Signal signal = makeSignal(e.context, side, std::move(reason));
        signal.structure = std::move(structure);
        double net = 0;
        for (const SignalLeg &leg : legs)
            net += leg.quantity * leg.price;
        signal.netPrice = net;
        signal.legs = std::move(legs);
        return signal;
    }

private:
    struct SymbolState {
        Date date{};
        bool evaluated = false;
        Timestamp lastEvaluation = 0;
        std::set<std::string> fired;
        std::string note;
    };
    std::map<std::string, SymbolState, std::less<>> m_states;
};

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

// ---- convexity sweep: skew, term structure, smile, cheap wings ----------------------------

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
    out.push_back(std::make_unique<ConvexitySweep>());
    out.push_back(std::make_unique<CalendarSpread>());
    out.push_back(std::make_unique<IronButterfly>());
}

} // namespace mag7::signals
