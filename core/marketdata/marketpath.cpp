#include "marketdata/marketpath.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <cmath>

namespace mag7::marketdata {

namespace {
constexpr std::uint64_t kEventTag = 0x4556454E54ull; // "EVENT"
} // namespace

MarketWorld::MarketWorld(UniverseConfig universe, Date originDate, Date lastEventDate)
    : config(std::move(universe))
    , model(config)
    , events(config, originDate, lastEventDate)
    , clock(config, events, originDate)
    , surfaces(config, model, events)
    , origin(originDate)
{}

double MarketWorld::price(const FactorModel::State &state, int configIndex) const
{
    const UnderlyingConfig &u = config.underlyings[static_cast<std::size_t>(configIndex)];
    if (u.kind == InstrumentKind::Future) {
        const int name = model.nameOf(config.indexOf(u.tracks));
        return u.ratio * std::exp(state.logPrice[static_cast<std::size_t>(name)]);
    }
    const int name = model.nameOf(configIndex);
    return name < 0 ? 0.0 : std::exp(state.logPrice[static_cast<std::size_t>(name)]);
}

double MarketWorld::atmVol(const FactorModel::State &state, int configIndex, Timestamp t,
                           Timestamp expiry)
{
    const double years = static_cast<double>(expiry - t) / kNanosPerYear;
    const double business = clock.businessYears(t, expiry);
    const double eventVar = surfaces.eventVariance(configIndex, t, expiry);
    return surfaces.atmVol(configIndex, state, years, business, eventVar);
}

double MarketWorld::indexLevel(const FactorModel::State &state, int configIndex, Timestamp t)
{
    const UnderlyingConfig &u = config.underlyings[static_cast<std::size_t>(configIndex)];
    const int source = config.indexOf(u.derivedFrom);
    const Timestamp horizon = t + u.tenorDays * kNanosPerDay;
    const double atm = atmVol(state, source, t, horizon);
    const double sqrtYears = std::sqrt(u.tenorDays / 365.0);
    return 100.0 * surfaces.varianceSwapVol(source, atm, sqrtYears);
}

double eventActivity(const MarketWorld &world, int configIndex, Date date)
{
    const Date previous = calendar::previousTradingDay(date);
    const auto &events = world.events.all();
    double activity = 1.0;
    bool macro = false;
    for (std::size_t i = world.events.firstAfter(fromEastern(previous, 0) - 1);
         i < events.size() && events[i].date <= date; ++i) {
        const ScheduledEvent &e = events[i];
        if (e.underlying < 0) {
            macro = macro || e.date == date;
            continue;
        }
        if (e.underlying != configIndex)
            continue;
        const bool afterClose =
            world.config.underlyings[static_cast<std::size_t>(configIndex)].earnings.timing ==
            EarningsTiming::AfterClose;
        if (afterClose && e.date == previous)
            activity *= 2.5; // the reaction session
        else if (afterClose && e.date == date)
            activity *= 1.5; // positioning, then the after-hours reaction
        else if (!afterClose && e.date == date)
            activity *= 2.5;
    }
    return macro ? activity * 1.2 : activity;
}

double eventJump(const ScheduledEvent &event, std::uint64_t seed)
{
    Rng rng(mixSeed({seed, kEventTag, static_cast<std::uint64_t>(event.time),
                     static_cast<std::uint64_t>(event.kind),
                     static_cast<std::uint64_t>(event.underlying + 1)}));
    if (event.kind == MarketEventKind::Earnings) {
        // Fat-tailed gap with variance E^2: mostly ordinary reactions, one in five a big one.
        const double scale = rng.uniform() < 0.8 ? std::sqrt(0.7) : std::sqrt(2.2);
        return event.logStdDev * scale * rng.normal();
    }
    return event.logStdDev * rng.normal();
}

PathStepper::PathStepper(MarketWorld &world, std::uint64_t seed, std::uint64_t gridSalt)
    : m_world(world)
    , m_seed(seed)
    , m_salt(gridSalt)
{}

void PathStepper::step(FactorModel::State &state, Timestamp t0, Timestamp t1)
{
    const DayClock &day = m_world.clock.dayOf(t0);
    const int dayNumber = daysSinceEpoch(day.schedule.date);
    if (dayNumber != m_rngDay) {
        m_rng.reseed(mixSeed({m_seed, m_salt, static_cast<std::uint64_t>(dayNumber)}));
        m_rngDay = dayNumber;
    }
    const double business = m_world.clock.businessYears(t0, t1);
    const double calendarYears = static_cast<double>(t1 - t0) / kNanosPerYear;
    m_world.model.step(state, calendarYears, business, m_rng);

    const auto &events = m_world.events.all();
    if (!m_eventCursorValid) {
        m_nextEvent = m_world.events.firstAfter(t0 - 1);
        m_eventCursorValid = true;
    }
    while (m_nextEvent < events.size() && events[m_nextEvent].time < t1) {
        const ScheduledEvent &e = events[m_nextEvent++];
        if (e.time < t0)
            continue;
        const double jump = eventJump(e, m_seed);
        if (e.kind == MarketEventKind::Earnings)
            m_world.model.applyNameJump(state, m_world.model.nameOf(e.underlying), jump);
        else
            m_world.model.applyMarketJump(state, jump);
    }
}

} // namespace mag7::marketdata
