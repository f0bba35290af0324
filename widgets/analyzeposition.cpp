#include "analyzeposition.h"

#include "pricing/timetoexpiry.h"

#include <algorithm>
#include <cmath>

namespace mag7::widgets {

namespace {

constexpr double kMultiplier = 100.0;

const engine::OptionRow *findContract(const engine::ChainSnapshot &chain, InstrumentId id)
{
    for (const engine::OptionRow &row : chain.options) {
        if (row.id == id)
            return &row;
    }
    return nullptr;
}

AnalyzeLeg legOf(const engine::OptionRow &row, int quantity, double price)
{
    AnalyzeLeg leg;
    leg.contract = row.id;
    leg.symbol = row.instrument ? row.instrument->symbol : std::string();
    leg.right = row.right;
    leg.strike = row.strike;
    leg.expiry = row.expiry;
    leg.expiryInstant = pricing::expiryInstant(row.expiry);
    leg.quantity = quantity;
    leg.entryPrice = price;
    leg.iv = row.ivError == pricing::IvError::None ? row.iv : 0;
    return leg;
}

// The expiry summary on or after `expiry` (the last one when none is), or null.
const engine::ExpirySummary *expiryOnOrAfter(const engine::ChainSnapshot &chain, Date expiry)
{
    for (const engine::ExpirySummary &summary : chain.expiries) {
        if (!(summary.expiry < expiry))
            return &summary;
    }
    return chain.expiries.empty() ? nullptr : &chain.expiries.back();
}

// The contracts of one expiry with a two-sided quote, by strike.
struct Strikes {
    std::vector<double> strikes;
    std::vector<const engine::OptionRow *> calls;
    std::vector<const engine::OptionRow *> puts;
    std::size_t atm = 0;

    const engine::OptionRow *at(long index, OptionRight right) const
    {
        if (index < 0 || index >= static_cast<long>(strikes.size()))
            return nullptr;
        const auto i = static_cast<std::size_t>(index);
        return right == OptionRight::Call ? calls[i] : puts[i];
    }
    // Index of the strike nearest `price`.
    long nearest(double price) const
    {
        long best = 0;
        for (std::size_t i = 1; i < strikes.size(); ++i) {
            if (std::abs(strikes[i] - price) <
                std::abs(strikes[static_cast<std::size_t>(best)] - price))
                best = static_cast<long>(i);
        }
        return best;
    }
};

Strikes strikesOf(const engine::ChainSnapshot &chain, const engine::ExpirySummary &summary)
{
    Strikes out;
    const std::size_t end = std::min(chain.options.size(), summary.firstRow + summary.rowCount);
    for (std::size_t i = summary.firstRow; i < end; ++i) {
        const engine::OptionRow &row = chain.options[i];
        if (out.strikes.empty() || out.strikes.back() != row.strike) {
            out.strikes.push_back(row.strike);
            out.calls.push_back(nullptr);
            out.puts.push_back(nullptr);
        }
        const bool quoted = row.bid > 0 && row.ask >= row.bid;
        if (quoted)
            (row.right == OptionRight::Call ? out.calls.back() : out.puts.back()) = &row;
    }
    if (!out.strikes.empty()) {
        const double atm = summary.atmStrike > 0 ? summary.atmStrike : chain.spot;
        out.atm = static_cast<std::size_t>(out.nearest(atm));
    }
    return out;
}

} // namespace

const char *templateName(PositionTemplate kind)
{
    switch (kind) {
    case PositionTemplate::LongStraddle:
        return "Long straddle";
    case PositionTemplate::ShortStrangle:
        return "Short strangle";
    case PositionTemplate::BullCallVertical:
        return "Bull call vertical";
    case PositionTemplate::BearPutVertical:
        return "Bear put vertical";
    case PositionTemplate::IronCondor:
        return "Iron condor";
    case PositionTemplate::LongCallButterfly:
        return "Long call butterfly";
    case PositionTemplate::CallCalendar:
        return "Call calendar";
    }
    return "";
}

bool AnalyzePosition::addContract(const engine::ChainSnapshot &chain, InstrumentId contract,
                                  int quantity, double price)
{
    const engine::OptionRow *row = findContract(chain, contract);
    if (!row || quantity == 0 || !(price >= 0))
        return false;
    if (m_underlying != chain.symbol) {
        m_legs.clear();
        m_underlying = chain.symbol;
    }
    for (std::size_t i = 0; i < m_legs.size(); ++i) {
        AnalyzeLeg &leg = m_legs[i];
        if (leg.contract != contract)
            continue;
        const int total = leg.quantity + quantity;
        if (total == 0) {
            m_legs.erase(m_legs.begin() + static_cast<std::ptrdiff_t>(i));
            return true;
        }
        // Same direction: average entry; a partial close keeps the entry of what remains.
        if ((leg.quantity > 0) == (quantity > 0))
            leg.entryPrice = (leg.entryPrice * leg.quantity + price * quantity) / total;
        else if ((total > 0) != (leg.quantity > 0))
            leg.entryPrice = price; // flipped through zero: the rest is a new position
        leg.quantity = total;
        return true;
    }
    m_legs.push_back(legOf(*row, quantity, price));
    return true;
}

bool AnalyzePosition::applyTemplate(const engine::ChainSnapshot &chain, PositionTemplate kind,
                                    Date expiry)
{
    const engine::ExpirySummary *summary = expiryOnOrAfter(chain, expiry);
    if (!summary)
        return false;
    const Strikes strikes = strikesOf(chain, *summary);
    if (strikes.strikes.size() < 3)
        return false;
    const auto atm = static_cast<long>(strikes.atm);
    const double move = summary->expectedMove > 0 ? summary->expectedMove : 0.02 * chain.spot;
    const long up = std::max(strikes.nearest(chain.spot + move), atm + 1);
    const long down = std::min(strikes.nearest(chain.spot - move), atm - 1);
    const long wing = 2; // strikes between the short and long legs of a spread

    struct Want {
        long index;
        OptionRight right;
        int quantity;
        const engine::ExpirySummary *expiry;
    };
    std::vector<Want> wants;
    const engine::ExpirySummary *next = nullptr;
    switch (kind) {
    case PositionTemplate::LongStraddle:
        wants = {{atm, OptionRight::Call, 1, summary}, {atm, OptionRight::Put, 1, summary}};
        break;
    case PositionTemplate::ShortStrangle:
        wants = {{up, OptionRight::Call, -1, summary}, {down, OptionRight::Put, -1, summary}};
        break;
    case PositionTemplate::BullCallVertical:
        wants = {{atm, OptionRight::Call, 1, summary}, {up, OptionRight::Call, -1, summary}};
        break;
    case PositionTemplate::BearPutVertical:
        wants = {{atm, OptionRight::Put, 1, summary}, {down, OptionRight::Put, -1, summary}};
        break;
    case PositionTemplate::IronCondor:
        wants = {{down - wing, OptionRight::Put, 1, summary},
                 {down, OptionRight::Put, -1, summary},
                 {up, OptionRight::Call, -1, summary},
                 {up + wing, OptionRight::Call, 1, summary}};
        break;
    case PositionTemplate::LongCallButterfly:
        wants = {{atm - wing, OptionRight::Call, 1, summary},
                 {atm, OptionRight::Call, -2, summary},
                 {atm + wing, OptionRight::Call, 1, summary}};
        break;
    case PositionTemplate::CallCalendar: {
        for (const engine::ExpirySummary &candidate : chain.expiries) {
            if (summary->expiry < candidate.expiry) {
                next = &candidate;
                break;
            }
        }
        if (!next)
            return false;
        wants = {{atm, OptionRight::Call, -1, summary}};
        break;
    }
    }

    std::vector<AnalyzeLeg> legs;
    for (const Want &want : wants) {
        const engine::OptionRow *row = strikes.at(want.index, want.right);
        if (!row)
            return false;
        legs.push_back(legOf(*row, want.quantity, row->mid));
    }
    if (next) {
        // The back month at the front month's ATM strike.
        const Strikes back = strikesOf(chain, *next);
        const engine::OptionRow *row = nullptr;
        for (std::size_t i = 0; i < back.strikes.size(); ++i) {
            if (back.strikes[i] == strikes.strikes[strikes.atm])
                row = back.calls[i];
        }
        if (!row)
            return false;
        legs.push_back(legOf(*row, 1, row->mid));
    }
    m_legs = std::move(legs);
    m_underlying = chain.symbol;
    return true;
}

void AnalyzePosition::setQuantity(std::size_t leg, int quantity)
{
    if (leg >= m_legs.size())
        return;
    if (quantity == 0)
        removeLeg(leg);
    else
        m_legs[leg].quantity = quantity;
}

void AnalyzePosition::removeLeg(std::size_t leg)
{
    if (leg < m_legs.size())
        m_legs.erase(m_legs.begin() + static_cast<std::ptrdiff_t>(leg));
}

void AnalyzePosition::clear()
{
    m_legs.clear();
}

void AnalyzePosition::updateFromChain(const engine::ChainSnapshot &chain)
{
    if (chain.symbol != m_underlying)
        return;
    for (AnalyzeLeg &leg : m_legs) {
        const engine::OptionRow *row = findContract(chain, leg.contract);
        if (row && row->ivError == pricing::IvError::None && row->iv > 0)
            leg.iv = row->iv;
    }
}

Timestamp AnalyzePosition::firstExpiry() const
{
    Timestamp first = 0;
    for (const AnalyzeLeg &leg : m_legs) {
        if (first == 0 || leg.expiryInstant < first)
            first = leg.expiryInstant;
    }
    return first;
}

pricing::Position AnalyzePosition::position(Timestamp now, double rate, double dividendYield) const
{
    pricing::Position position;
    position.rate = rate;
    position.dividendYield = dividendYield;
    for (const AnalyzeLeg &leg : m_legs) {
        pricing::PositionLeg out;
        out.kind = pricing::PositionLeg::Kind::Option;
        out.right = leg.right;
        out.strike = leg.strike;
        out.expiryYears = pricing::yearsBetween(now, leg.expiryInstant);
        out.quantity = leg.quantity;
        out.entryPrice = leg.entryPrice;
        out.vol = leg.iv;
        out.multiplier = kMultiplier;
        position.legs.push_back(out);
    }
    return position;
}

AnalyzeResult AnalyzePosition::evaluate(Timestamp now, Timestamp horizon, double spot, double rate,
                                        double dividendYield, double vol, double ivShift) const
{
    AnalyzeResult result;
    const pricing::Position p = position(now, rate, dividendYield);
    const double horizonYears = std::max(pricing::yearsBetween(now, horizon), 0.0);
    result.entryCost = pricing::positionEntryCost(p);
    result.value = pricing::positionValue(p, spot, horizonYears, ivShift);
    result.pnl = result.value - result.entryCost;
    const double toFirstExpiry = std::max(pricing::yearsBetween(now, firstExpiry()), 0.0);
    result.stats =
        pricing::analyzePosition(p, spot, toFirstExpiry, std::max(vol + ivShift, 0.0), ivShift);
    for (const pricing::PositionLeg &leg : p.legs) {
        const double remaining = leg.expiryYears - horizonYears;
        if (!(remaining > 0))
            continue; // expired legs: intrinsic value, no Greeks left but delta
        const pricing::Greeks g =
            pricing::bsmGreeks({leg.right, spot, leg.strike, remaining,
                                std::max(leg.vol + ivShift, 0.0), rate, dividendYield});
        const double scale = leg.quantity * leg.multiplier;
        result.greeks.price += scale * g.price;
        result.greeks.delta += scale * g.delta;
        result.greeks.gamma += scale * g.gamma;
        result.greeks.theta += scale * g.theta;
        result.greeks.vega += scale * g.vega;
        result.greeks.rho += scale * g.rho;
        result.greeks.vanna += scale * g.vanna;
        result.greeks.charm += scale * g.charm;
        result.greeks.vomma += scale * g.vomma;
        result.greeks.speed += scale * g.speed;
    }
    // Legs expired at the horizon still carry delta through their intrinsic value.
    for (const pricing::PositionLeg &leg : p.legs) {
        if (leg.expiryYears - horizonYears > 0)
            continue;
        const bool itm = leg.right == OptionRight::Call ? spot > leg.strike : spot < leg.strike;
        if (itm)
            result.greeks.delta +=
                leg.quantity * leg.multiplier * (leg.right == OptionRight::Call ? 1.0 : -1.0);
    }
    return result;
}

} // namespace mag7::widgets
