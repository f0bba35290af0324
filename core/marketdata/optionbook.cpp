#include "marketdata/optionbook.h"

#include "marketdata/optionlisting.h"
#include "marketdata/optionquoting.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "model/occsymbol.h"
#include "pricing/blackscholes.h"

#include <algorithm>
#include <cmath>

namespace mag7::marketdata {

namespace {

constexpr std::uint64_t kOptionTag = 0x4F5054494F4Eull; // "OPTION"
constexpr double kRegularSeconds = 6.5 * 3600;
constexpr Timestamp kTradeWeightRefresh = 60 * kNanosPerSecond;

std::uint64_t contractKey(Date expiry, Price strike, OptionRight right)
{
    return (static_cast<std::uint64_t>(daysSinceEpoch(expiry)) << 40) |
           (static_cast<std::uint64_t>(strike) << 1) | static_cast<std::uint64_t>(right);
}

int daysBetween(Date from, Date to)
{
    return daysSinceEpoch(to) - daysSinceEpoch(from);
}

} // namespace

OptionBook::OptionBook(MarketWorld &world, InstrumentRegistry &registry,
                       const std::vector<InstrumentId> &underlyingIds, std::uint64_t seed)
    : m_world(world)
    , m_registry(registry)
    , m_seed(seed)
{
    if (!world.config.optionListingEnabled)
        return;
    for (std::size_t i = 0; i < world.config.underlyings.size(); ++i) {
        const UnderlyingConfig &u = world.config.underlyings[i];
        if (!u.listsOptions())
            continue;
        Chain chain;
        chain.configIndex = static_cast<int>(i);
        chain.underlyingId = underlyingIds[i];
        chain.isEtf = u.kind == InstrumentKind::Etf;
        chain.wheel.resize(kWheelSteps);
        m_chains.push_back(std::move(chain));
    }
}

void OptionBook::list(Date today, Timestamp now, const FactorModel::State &state)
{
    m_today = today;
    m_rng.reseed(mixSeed({m_seed, kOptionTag, static_cast<std::uint64_t>(daysSinceEpoch(today))}));
    for (Chain &chain : m_chains)
        listChain(chain, today, now, state);
}

void OptionBook::listChain(Chain &chain, Date today, Timestamp now, const FactorModel::State &state)
{
    const UnderlyingConfig &u =
        m_world.config.underlyings[static_cast<std::size_t>(chain.configIndex)];
    for (Expiry &expiry : chain.expiries) {
        if (!expiry.active)
            continue;
        if (expiry.date < today || expiry.instant <= now) {
            expiry.active = false;
            for (std::uint32_t index : expiry.contracts) {
                m_contracts[index].active = false;
                m_contracts[index].quoted = false;
            }
            continue;
        }
        // Open interest moves overnight with the previous session's trading.
        for (std::uint32_t index : expiry.contracts) {
            Contract &c = m_contracts[index];
            const double change = static_cast<double>(c.volume) * (m_rng.uniform() - 0.35);
            c.openInterest = std::max<std::int64_t>(0, c.openInterest + std::llround(change));
            c.volume = 0;
        }
    }

    const double spot = m_world.price(state, chain.configIndex);
    const double rate = m_world.config.market.riskFreeRate;
    std::vector<std::uint32_t> added;
    std::vector<double> shapes;
    for (const ListedExpiry &listed : listedExpiries(u.options, today)) {
        const auto close = calendar::regularClose(listed.date);
        const Timestamp instant = close ? *close : fromEastern(listed.date, timeOfDay(16, 0));
        if (instant <= now)
            continue; // today's expiry when the simulation starts after the close
        auto found =
            std::find_if(chain.expiries.begin(), chain.expiries.end(),
                         [&](const Expiry &e) { return e.active && e.date == listed.date; });
        if (found == chain.expiries.end()) {
            Expiry expiry;
            expiry.date = listed.date;
            expiry.instant = instant;
            expiry.monthly = listed.monthly;
            expiry.cumulativeAtExpiry = m_world.clock.cumulative(instant);
            chain.expiries.push_back(std::move(expiry));
            found = chain.expiries.end() - 1;
        }
        const int expiryIndex = static_cast<int>(found - chain.expiries.begin());
        const double years = static_cast<double>(instant - now) / kNanosPerYear;
        // Exchanges list by price, not by today's vol: the range uses the configured vol (with
        // the implied premium), so the listing does not swing with the variance state.
        const double atm = u.vol * u.options.ivPremium;
        const int dte = daysBetween(today, listed.date);
        const double forward = spot * std::exp((rate - u.dividendYield) * years);
        for (Price strike : listedStrikes(u.options.strikes, spot, atm, years, dte)) {
            for (OptionRight right : {OptionRight::Call, OptionRight::Put}) {
                const std::uint64_t key = contractKey(listed.date, strike, right);
                if (chain.byKey.count(key) != 0)
                    continue;
                OptionSymbol symbol;
                symbol.root = u.symbol;
                symbol.expiry = listed.date;
                symbol.right = right;
                symbol.strikeThousandths = OptionSymbol::strikeThousandthsFromPrice(strike);
                Instrument instrument;
                instrument.symbol = symbol.format(OptionSymbolFormat::OccCompact);
                instrument.kind = InstrumentKind::Option;
                instrument.underlying = u.symbol;
                instrument.underlyingId = chain.underlyingId;
                instrument.expiry = listed.date;
                instrument.right = right;
                instrument.strike = strike;
                instrument.multiplier = 100;
                instrument.tickSize = kCent;
                Contract c;
                c.id = m_registry.add(std::move(instrument));
                c.chain = static_cast<int>(&chain - m_chains.data());
                c.expiry = expiryIndex;
                c.right = right;
                c.strike = toDouble(strike);
                c.logStrike = std::log(c.strike);
                c.slot = static_cast<std::uint8_t>(m_rng.below(kStepsPerSecond));
                const auto index = static_cast<std::uint32_t>(m_contracts.size());
                const double z = std::log(c.strike / forward) / (atm * std::sqrt(years));
                shapes.push_back(openInterestShape(z, strike, listed.monthly, dte) *
                                 std::exp(0.6 * m_rng.normal() - 0.18));
                added.push_back(index);
                m_contracts.push_back(c);
                m_byId.emplace(c.id, index);
                chain.byKey.emplace(key, index);
                chain.expiries[static_cast<std::size_t>(expiryIndex)].contracts.push_back(index);
            }
        }
    }
    if (chain.openInterestScale <= 0) {
        double sum = 0;
        for (double s : shapes)
            sum += s;
        chain.openInterestScale = sum > 0 ? u.options.openInterest / sum : 0;
    }
    for (std::size_t i = 0; i < added.size(); ++i)
        m_contracts[added[i]].openInterest = std::llround(chain.openInterestScale * shapes[i]);

    closeSession(chain);
    chain.tradeWeightsAt = 0;
    chain.tradeAccumulated = 0;
    chain.nextTrade = m_rng.exponential();
}

void OptionBook::schedule(Chain &chain, std::uint32_t index, std::int64_t step)
{
    m_contracts[index].nextCheck = step;
    chain.wheel[static_cast<std::size_t>(step % kWheelSteps)].push_back(index);
}

void OptionBook::openSession(Chain &chain, std::int64_t step)
{
    // Every live contract gets its opening quote within the first second, on its own slot.
    for (const Expiry &expiry : chain.expiries) {
        if (!expiry.active)
            continue;
        for (std::uint32_t index : expiry.contracts)
            schedule(chain, index, step + m_contracts[index].slot);
    }
    chain.sessionOpen = true;
}

void OptionBook::closeSession(Chain &chain)
{
    for (auto &bucket : chain.wheel)
        bucket.clear();
    for (const Expiry &expiry : chain.expiries) {
        for (std::uint32_t index : expiry.contracts) {
            m_contracts[index].quoted = false;
            m_contracts[index].nextCheck = -1;
        }
    }
    chain.sessionOpen = false;
}

void OptionBook::refreshExpiries(Chain &chain, Timestamp t, double cumulativeNow,
                                 const FactorModel::State &state)
{
    const UnderlyingConfig &u =
        m_world.config.underlyings[static_cast<std::size_t>(chain.configIndex)];
    const double carry = m_world.config.market.riskFreeRate - u.dividendYield;
    const auto &events = m_world.events.all();
    for (Expiry &expiry : chain.expiries) {
        expiry.live = expiry.active && t < expiry.instant;
        if (!expiry.live)
            continue;
        if (t >= expiry.eventsValidUntil) {
            expiry.eventVariance =
                m_world.surfaces.eventVariance(chain.configIndex, t, expiry.instant);
            const std::size_t next = m_world.events.firstAfter(t);
            expiry.eventsValidUntil =
                next < events.size() ? std::min(events[next].time, expiry.instant) : expiry.instant;
        }
        expiry.years = static_cast<double>(expiry.instant - t) / kNanosPerYear;
        expiry.sqrtYears = std::sqrt(expiry.years);
        const double business = std::max(0.0, expiry.cumulativeAtExpiry - cumulativeNow);
        expiry.atm = m_world.surfaces.atmVol(chain.configIndex, state, expiry.years, business,
                                             expiry.eventVariance);
        expiry.forwardFactor = std::exp(carry * expiry.years);
    }
}

void OptionBook::reprice(Contract &c, const Chain &chain, const Expiry &expiry, double spot,
                         Timestamp t)
{
    const UnderlyingConfig &u =
        m_world.config.underlyings[static_cast<std::size_t>(chain.configIndex)];
    const SurfaceParams &surface = m_world.surfaces.params(chain.configIndex);
    const double logSpot = std::log(spot);
    const double logForward = logSpot + std::log(expiry.forwardFactor);
    const double z = (c.logStrike - logForward) / (expiry.atm * expiry.sqrtYears);
    const double iv = expiry.atm * VolSurfaceModel::smileMultiplier(z, surface.skew, surface.smile);
    pricing::BsmInputs in;
    in.right = c.right;
    in.spot = spot;
    in.strike = c.strike;
    in.years = expiry.years;
    in.vol = iv;
    in.rate = m_world.config.market.riskFreeRate;
    in.dividendYield = u.dividendYield;
    const pricing::Greeks g = pricing::bsmGreeks(in);
    c.pricedAt = t;
    c.spot = spot;
    c.logSpot = logSpot;
    c.atm = expiry.atm;
    c.iv = iv;
    // z falls as spot rises: dIV/dlnS = atm m'(z) dz/dlnS = -m'(z) / sqrt(T).
    c.ivSlope = -VolSurfaceModel::smileSlope(z, surface.skew, surface.smile) / expiry.sqrtYears;
    c.delta = g.delta;
    c.vega = g.vega;
    c.theta = g.theta;
    c.theo = g.price;
    c.z = z;
    const double intrinsic =
        std::max(0.0, c.right == OptionRight::Call ? spot - c.strike : c.strike - spot);
    const OptionQuote q =
        quoteOption(g.price, intrinsic, z, u.options.spread, u.options.pennyBelow);
    c.bid = q.bid;
    c.ask = q.ask;
}

Tick OptionBook::quoteTick(Contract &c, Timestamp ts)
{
    const double depth = 8.0 + 240.0 * std::exp(-0.5 * c.z * c.z);
    const auto size = [&] {
        return static_cast<std::int32_t>(
            std::clamp<long long>(std::llround(depth * (0.3 + 1.4 * m_rng.uniform())), 1, 500));
    };
    const std::int32_t bidSize = size();
    const std::int32_t askSize = size();
    c.quoted = true;
    return Tick::quote(ts, c.id, c.bid, c.ask, bidSize, askSize);
}

void OptionBook::step(Timestamp t0, Timestamp t1, const DayClock &day,
                      const FactorModel::State &state, TickBatch &out)
{
    const DaySchedule &s = day.schedule;
    const RequoteConfig &policy = m_world.config.requote;
    const std::int64_t gridStep = t0 / kGridStepNanos;
    const bool secondBoundary = t0 % kNanosPerSecond == 0;
    const double activity =
        std::clamp(0.5 + 0.5 * state.variance / m_world.model.diffusiveLongRunVariance(), 0.5, 3.0);
    double cumulativeNow = -1;
    for (Chain &chain : m_chains) {
        const bool window =
            s.tradingDay && (chain.isEtf ? s.extendedRegular.contains(t0) : s.regular.contains(t0));
        if (!window) {
            if (chain.sessionOpen)
                closeSession(chain);
            continue;
        }
        // ATM levels move slowly: refresh them once a second (and when the session opens).
        const bool opening = !chain.sessionOpen;
        if (opening || secondBoundary) {
            if (cumulativeNow < 0)
                cumulativeNow = m_world.clock.cumulative(t0);
            refreshExpiries(chain, t0, cumulativeNow, state);
        }
        if (opening)
            openSession(chain, gridStep);
        const UnderlyingConfig &u =
            m_world.config.underlyings[static_cast<std::size_t>(chain.configIndex)];
        const double spot = m_world.price(state, chain.configIndex);
        const double logSpot = std::log(spot);
        // Take the due bucket out (checked contracts reschedule into later buckets).
        m_due.clear();
        m_due.swap(chain.wheel[static_cast<std::size_t>(gridStep % kWheelSteps)]);
        for (std::uint32_t index : m_due) {
            Contract &c = m_contracts[index];
            if (c.nextCheck != gridStep || !c.active)
                continue; // a stale entry (rescheduled or retired)
            const Expiry &expiry = chain.expiries[static_cast<std::size_t>(c.expiry)];
            if (!expiry.live)
                continue; // expired today: no more quotes
            bool requote =
                !c.quoted || t0 - c.pricedAt >= policy.fullRefreshSeconds * kNanosPerSecond;
            if (!requote) {
                const double ivChange =
                    (expiry.atm - c.atm) * (c.iv / c.atm) + c.ivSlope * (logSpot - c.logSpot);
                const double days =
                    static_cast<double>(t0 - c.pricedAt) / static_cast<double>(kNanosPerDay);
                const double change = estimatedValueChange(c.delta, spot - c.spot, c.vega * 100.0,
                                                           ivChange, c.theta, days);
                const double tick = toDouble(optionTick(toPrice(c.theo), u.options.pennyBelow));
                requote = change >= policy.thresholdTicks * tick;
            }
            if (requote) {
                const Price oldBid = c.bid;
                const Price oldAsk = c.ask;
                const bool wasQuoted = c.quoted;
                reprice(c, chain, expiry, spot, t0);
                c.checkSeconds = static_cast<std::uint8_t>(std::clamp(
                    requoteIntervalSeconds(policy, daysBetween(m_today, expiry.date), c.delta), 1,
                    255));
                if (!wasQuoted || c.bid != oldBid || c.ask != oldAsk)
                    out.push_back(
                        quoteTick(c, t0 + static_cast<Timestamp>(m_rng.below(kGridStepNanos))));
            }
            schedule(chain, index, gridStep + c.checkSeconds * kStepsPerSecond);
        }
        if (u.options.tradesPerDay > 0 && s.regular.contains(t0))
            trade(chain, t0, t1, s, activity, out);
    }
}

void OptionBook::rebuildTradeWeights(Chain &chain, Timestamp t)
{
    chain.tradeWeightsAt = t;
    chain.tradeCumulative.clear();
    chain.tradeContracts.clear();
    double total = 0;
    for (const Expiry &expiry : chain.expiries) {
        if (!expiry.live)
            continue;
        const int dte = daysBetween(m_today, expiry.date);
        // Index ETF volume crowds into 0DTE; single-stock volume into the weeklies.
        const double dteWeight = chain.isEtf ? 1.0 / (1.0 + 1.5 * dte) : 1.0 / (1.0 + 0.3 * dte);
        for (std::uint32_t index : expiry.contracts) {
            const Contract &c = m_contracts[index];
            if (!c.quoted)
                continue;
            total += (0.03 + std::exp(-0.5 * c.z * c.z / (1.2 * 1.2))) * dteWeight;
            chain.tradeCumulative.push_back(total);
            chain.tradeContracts.push_back(index);
        }
    }
}

void OptionBook::trade(Chain &chain, Timestamp t0, Timestamp t1, const DaySchedule &day,
                       double activity, TickBatch &out)
{
    const UnderlyingConfig &u =
        m_world.config.underlyings[static_cast<std::size_t>(chain.configIndex)];
    const double shape =
        intradayActivity(day.regularFraction(t0), m_world.config.market.activity.openCloseRatio);
    const double rate = u.options.tradesPerDay / kRegularSeconds * shape * activity;
    const double a0 = chain.tradeAccumulated;
    const double a1 =
        a0 + rate * static_cast<double>(t1 - t0) / static_cast<double>(kNanosPerSecond);
    chain.tradeAccumulated = a1;
    if (chain.nextTrade >= a1)
        return;
    if (chain.tradeWeightsAt == 0 || t0 - chain.tradeWeightsAt >= kTradeWeightRefresh)
        rebuildTradeWeights(chain, t0);
    const double meanSize = u.options.volumePerDay / u.options.tradesPerDay;
    while (chain.nextTrade < a1) {
        const auto ts = std::min(t0 + static_cast<Timestamp>((chain.nextTrade - a0) / (a1 - a0) *
                                                             static_cast<double>(t1 - t0)),
                                 t1 - 1);
        chain.nextTrade += m_rng.exponential();
        if (chain.tradeCumulative.empty())
            continue;
        const double pick = m_rng.uniform() * chain.tradeCumulative.back();
        const auto it =
            std::upper_bound(chain.tradeCumulative.begin(), chain.tradeCumulative.end(), pick);
        const std::size_t position =
            std::min<std::size_t>(static_cast<std::size_t>(it - chain.tradeCumulative.begin()),
                                  chain.tradeContracts.size() - 1);
        Contract &c = m_contracts[chain.tradeContracts[position]];
        if (!c.quoted || !chain.expiries[static_cast<std::size_t>(c.expiry)].live)
            continue;
        const double side = m_rng.uniform();
        Price price = side < 0.4 ? c.ask : c.bid;
        if (side >= 0.8) {
            // Mid fills where the spread has room for one.
            const Price tick = optionTick(c.bid, u.options.pennyBelow);
            const std::int64_t steps = (c.ask - c.bid) / tick;
            price = steps >= 2 ? floorOptionPrice(toDouble(c.bid + (steps / 2) * tick),
                                                  u.options.pennyBelow)
                               : c.bid;
        }
        const auto size = static_cast<std::int32_t>(
            std::clamp<long long>(std::llround(meanSize * m_rng.exponential()), 1, 5000));
        out.push_back(Tick::trade(ts, c.id, price, size));
    }
}

void OptionBook::recordTrade(const Tick &trade)
{
    const auto it = m_byId.find(trade.instrument);
    if (it != m_byId.end())
        m_contracts[it->second].volume += trade.size();
}

std::optional<OptionContractStatistics> OptionBook::statistics(InstrumentId option) const
{
    const auto it = m_byId.find(option);
    if (it == m_byId.end())
        return std::nullopt;
    const Contract &c = m_contracts[it->second];
    OptionContractStatistics stats;
    stats.openInterest = c.openInterest;
    stats.volume = c.volume;
    stats.impliedVol = c.iv;
    stats.theoreticalValue = c.theo;
    stats.pricedAt = c.pricedAt;
    return stats;
}

std::size_t OptionBook::activeContracts() const
{
    std::size_t n = 0;
    for (const Contract &c : m_contracts)
        n += c.active ? 1 : 0;
    return n;
}

} // namespace mag7::marketdata
