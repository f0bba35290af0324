#include "marketdata/underlyingquoter.h"

#include "model/exchangecalendar.h"

#include <algorithm>
#include <cmath>

namespace mag7::marketdata {

namespace {

constexpr std::uint64_t kQuoteTag = 0x51554F5445ull; // "QUOTE"
constexpr double kRegularSeconds = 6.5 * 3600;
constexpr double kExtendedSeconds = 9.5 * 3600;
constexpr double kLondonSeconds = 6.5 * 3600;     // 03:00-09:30
constexpr double kOvernightSeconds = 10.0 * 3600; // 18:00-03:00 and 16:00-17:00

std::int32_t clampSize(double size)
{
    return static_cast<std::int32_t>(std::clamp(size, 1.0, 2.0e9));
}

} // namespace

UnderlyingQuoter::UnderlyingQuoter(MarketWorld &world, std::vector<InstrumentId> ids,
                                   std::uint64_t seed)
    : m_world(world)
    , m_seed(seed)
{
    const UniverseConfig &config = world.config;
    for (std::size_t i = 0; i < config.underlyings.size(); ++i) {
        const UnderlyingConfig &u = config.underlyings[i];
        if (u.kind == InstrumentKind::Index)
            continue; // published by the simulator from the SPY surface
        Instrument instrument;
        instrument.configIndex = static_cast<int>(i);
        instrument.id = ids[i];
        instrument.meanTradeSize = u.tradesPerDay > 0 ? u.averageDailyVolume / u.tradesPerDay : 0;
        m_instruments.push_back(instrument);
    }
}

void UnderlyingQuoter::startDay(const DaySchedule &day)
{
    m_day = day.date;
    m_rng.reseed(
        mixSeed({m_seed, kQuoteTag, static_cast<std::uint64_t>(daysSinceEpoch(day.date))}));
    for (Instrument &instrument : m_instruments) {
        const UnderlyingConfig &u =
            m_world.config.underlyings[static_cast<std::size_t>(instrument.configIndex)];
        // Futures follow their index's news days through the macro multiplier only.
        instrument.activity = eventActivity(
            m_world, u.kind == InstrumentKind::Future ? -1 : instrument.configIndex, day.date);
        // Make every arrival stream independent of the previous day's leftovers.
        instrument.quotes = {0, m_rng.exponential()};
        instrument.trades = {0, m_rng.exponential()};
        instrument.hasQuote = false;
    }
}

UnderlyingQuoter::Rates UnderlyingQuoter::rates(const Instrument &instrument, Timestamp t0,
                                                const DaySchedule &day, double stateActivity) const
{
    const UnderlyingConfig &u =
        m_world.config.underlyings[static_cast<std::size_t>(instrument.configIndex)];
    const ActivityConfig &a = m_world.config.market.activity;
    const double m = stateActivity * instrument.activity;
    Rates r;
    if (u.kind == InstrumentKind::Future) {
        if (!day.futuresOpen(t0))
            return r;
        if (day.tradingDay && day.regular.contains(t0)) {
            const double shape = intradayActivity(day.regularFraction(t0), a.openCloseRatio);
            r.quotesPerSecond = u.quotesPerSecond * shape * m;
            r.tradesPerSecond =
                u.tradesPerDay * a.futuresRegularVolumeShare / kRegularSeconds * shape * m;
            return r;
        }
        const bool london = day.tradingDay && t0 >= day.londonOpen && t0 < day.regular.begin;
        const double factor = london ? a.futuresLondonFactor : a.futuresOvernightFactor;
        const double offHours =
            kLondonSeconds * a.futuresLondonFactor + kOvernightSeconds * a.futuresOvernightFactor;
        r.quotesPerSecond = u.quotesPerSecond * factor * m;
        r.tradesPerSecond = offHours > 0 ? u.tradesPerDay * (1 - a.futuresRegularVolumeShare) *
                                               factor / offHours * m
                                         : 0;
        r.spreadMultiplier = 0.5 * (1 + a.extendedSpreadMultiplier);
        r.sizeMultiplier = 0.5;
        return r;
    }
    if (!day.equityOpen(t0))
        return r;
    if (day.regular.contains(t0)) {
        const double shape = intradayActivity(day.regularFraction(t0), a.openCloseRatio);
        r.quotesPerSecond = u.quotesPerSecond * shape * m;
        r.tradesPerSecond =
            u.tradesPerDay * (1 - a.extendedVolumeShare) / kRegularSeconds * shape * m;
        return r;
    }
    r.quotesPerSecond = u.quotesPerSecond * a.extendedQuoteFactor * m;
    r.tradesPerSecond = u.tradesPerDay * a.extendedVolumeShare / kExtendedSeconds * m;
    r.spreadMultiplier = a.extendedSpreadMultiplier;
    r.sizeMultiplier = 0.3;
    return r;
}

Tick UnderlyingQuoter::makeQuote(Instrument &instrument, Timestamp ts, double price,
                                 const Rates &rates)
{
    const UnderlyingConfig &u =
        m_world.config.underlyings[static_cast<std::size_t>(instrument.configIndex)];
    const Price tick = u.tickSize;
    const double typicalTicks = std::max(1.0, u.spread / toDouble(tick)) * rates.spreadMultiplier;
    // At least one tick; mostly the typical width, now and then wider.
    const auto spreadTicks =
        std::max<std::int64_t>(1, std::llround(typicalTicks * (0.5 + 0.5 * m_rng.exponential())));
    const double priceTicks = price * static_cast<double>(kPriceScale) / static_cast<double>(tick);
    const std::int64_t bidTicks = std::max<std::int64_t>(
        1, std::llround(priceTicks - 0.5 * static_cast<double>(spreadTicks)));
    instrument.bid = bidTicks * tick;
    instrument.ask = (bidTicks + spreadTicks) * tick;
    instrument.hasQuote = true;
    const bool lots = u.kind == InstrumentKind::Future;
    const auto size = [&] {
        const double mean = u.quoteSize * rates.sizeMultiplier;
        if (lots)
            return clampSize(std::round(mean * m_rng.exponential()));
        return clampSize(100.0 * std::max(1.0, std::round(mean / 100.0 * m_rng.exponential())));
    };
    const std::int32_t bidSize = size();
    const std::int32_t askSize = size();
    return Tick::quote(ts, instrument.id, instrument.bid, instrument.ask, bidSize, askSize);
}

Tick UnderlyingQuoter::makeTrade(Instrument &instrument, Timestamp ts)
{
    const UnderlyingConfig &u =
        m_world.config.underlyings[static_cast<std::size_t>(instrument.configIndex)];
    const Price tick = u.tickSize;
    const double side = m_rng.uniform();
    Price price = instrument.ask;
    if (side >= 0.46 && side < 0.92) {
        price = instrument.bid;
    } else if (side >= 0.92) {
        // Inside the spread when there is room (midpoint and price-improved fills).
        const std::int64_t spreadTicks = (instrument.ask - instrument.bid) / tick;
        if (spreadTicks >= 2)
            price = instrument.bid + (1 + static_cast<std::int64_t>(m_rng.below(
                                              static_cast<std::uint64_t>(spreadTicks - 1)))) *
                                         tick;
        else
            price = side < 0.96 ? instrument.bid : instrument.ask;
    }
    double size = instrument.meanTradeSize * m_rng.exponential();
    if (u.kind == InstrumentKind::Future)
        size = std::max(1.0, std::round(size));
    else if (size >= 100)
        size = 100.0 * std::round(size / 100.0); // round lots; smaller prints are odd lots
    else
        size = std::max(1.0, std::round(size));
    return Tick::trade(ts, instrument.id, price, clampSize(size));
}

void UnderlyingQuoter::step(Timestamp t0, Timestamp t1, const DayClock &day,
                            const FactorModel::State &state, TickBatch &out)
{
    if (day.schedule.date != m_day)
        startDay(day.schedule);
    const double span = static_cast<double>(t1 - t0);
    const double seconds = span / static_cast<double>(kNanosPerSecond);
    const double v = state.variance / m_world.model.diffusiveLongRunVariance();
    const double stateActivity = std::clamp(0.5 + 0.5 * v, 0.5, 3.0);
    for (Instrument &instrument : m_instruments) {
        const Rates r = rates(instrument, t0, day.schedule, stateActivity);
        if (r.quotesPerSecond <= 0 && r.tradesPerSecond <= 0) {
            instrument.hasQuote = false;
            continue;
        }
        const double price = m_world.price(state, instrument.configIndex);
        const double q0 = instrument.quotes.accumulated;
        const double q1 = q0 + r.quotesPerSecond * seconds;
        const double d0 = instrument.trades.accumulated;
        const double d1 = d0 + r.tradesPerSecond * seconds;
        const auto timeOf = [&](double next, double a0, double a1) {
            const auto offset = static_cast<Timestamp>((next - a0) / (a1 - a0) * span);
            return std::min(t0 + offset, t1 - 1);
        };
        for (;;) {
            const bool quoteDue = instrument.quotes.next < q1;
            const bool tradeDue = instrument.trades.next < d1;
            if (!quoteDue && !tradeDue)
                break;
            const Timestamp tq = quoteDue ? timeOf(instrument.quotes.next, q0, q1) : t1;
            const Timestamp tt = tradeDue ? timeOf(instrument.trades.next, d0, d1) : t1;
            if (quoteDue && tq <= tt) {
                out.push_back(makeQuote(instrument, tq, price, r));
                instrument.quotes.next += m_rng.exponential();
            } else {
                if (!instrument.hasQuote)
                    out.push_back(makeQuote(instrument, tt, price, r));
                out.push_back(makeTrade(instrument, tt));
                instrument.trades.next += m_rng.exponential();
            }
        }
        instrument.quotes.accumulated = q1;
        instrument.trades.accumulated = d1;
    }
}

} // namespace mag7::marketdata
