// What the option-structure playbooks share; see optionplaybooksupport.h.
#include "signals/optionplaybooksupport.h"

#include <algorithm>
#include <cstdio>

namespace mag7::signals::optionsupport {

namespace {

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

} // namespace

bool quoted(const OptionQuoteView &q)
{
    return std::isfinite(q.bid) && std::isfinite(q.ask) && std::isfinite(q.mid) && q.ask > 0 &&
           q.bid >= 0 && q.bid <= q.ask && q.mid > 0;
}

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

void strikeRows(const ExpiryView &expiry, std::vector<StrikeRow> &rows)
{
    rows.clear();
    for (const OptionQuoteView &q : expiry.options) {
        if (rows.empty() || rows.back().strike != q.strike)
            rows.push_back({q.strike, nullptr, nullptr});
        (q.right == OptionRight::Call ? rows.back().call : rows.back().put) = &q;
    }
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

void OptionPlaybook::onBar(const BarContext &context, std::vector<Signal> &out)
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

std::string OptionPlaybook::state(std::string_view symbol) const
{
    const auto it = m_states.find(symbol);
    return it == m_states.end() || it->second.note.empty() ? "waiting for the first bar"
                                                           : it->second.note;
}

Signal OptionPlaybook::structureSignal(const Evaluation &e, SignalSide side, std::string structure,
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

} // namespace mag7::signals::optionsupport
