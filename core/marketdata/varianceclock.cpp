#include "marketdata/varianceclock.h"

#include "model/easterntime.h"

#include <algorithm>

namespace mag7::marketdata {

namespace {

// Extra regular-session hours (in regular-weight units) one macro day adds: the multiplier
// applies before the release and the after-release one from it to the 16:00 close.
double macroExtraHours(const MacroEventConfig &macro)
{
    const double open = 9.5 * 60;
    const double close = 16.0 * 60;
    const double release = std::clamp(static_cast<double>(macro.releaseMinutes), open, close);
    return ((release - open) * (macro.dayVarianceMultiplier - 1) +
            (close - release) * (macro.afterReleaseVarianceMultiplier - 1)) /
           60.0;
}

} // namespace

VarianceClock::VarianceClock(const UniverseConfig &config, const EventCalendar &events, Date origin)
    : m_weights(config.market.varianceWeights)
    , m_extendedRegularMinutes(config.requote.etfCloseDelayMinutes)
    , m_events(events)
    , m_originDays(daysSinceEpoch(origin))
{
    const VarianceWeights &w = m_weights;
    // A nominal week: five trading days of 6.5 regular, 9.5 extended and 8 overnight hours, a
    // closed Saturday, and a Sunday closed until the 18:00 futures open. Macro days add their
    // expected extra (8 FOMC and 12 CPI days a year).
    const double week = 5 * (6.5 * w.regular + 9.5 * w.extended + 8 * w.overnight) + 42 * w.closed +
                        6 * w.overnight;
    const double macroPerWeek =
        w.regular * (8 * macroExtraHours(config.fomc) + 12 * macroExtraHours(config.cpi)) /
        (365.0 / 7.0);
    m_scale = 168.0 / (week + macroPerWeek);
    for (const ScheduledEvent &e : events.all()) {
        if (e.kind != MarketEventKind::Earnings)
            m_macro.push_back(&e);
    }
}

DayClock VarianceClock::build(Date date, double cumulativeAtStart) const
{
    DayClock day;
    day.schedule = makeDaySchedule(date, m_extendedRegularMinutes);
    day.cumulativeAtStart = cumulativeAtStart;
    const DaySchedule &s = day.schedule;

    std::vector<const ScheduledEvent *> macroToday;
    for (const ScheduledEvent *e : m_macro) {
        if (e->date == date)
            macroToday.push_back(e);
    }
    std::vector<Timestamp> bounds = {s.dayStart};
    if (s.tradingDay) {
        bounds.insert(bounds.end(),
                      {s.preMarket.begin, s.regular.begin, s.regular.end, s.afterHours.end});
        for (const ScheduledEvent *e : macroToday)
            bounds.push_back(e->time);
    }
    for (int i = 0; i < s.futuresCount; ++i) {
        bounds.push_back(s.futures[static_cast<std::size_t>(i)].begin);
        bounds.push_back(s.futures[static_cast<std::size_t>(i)].end);
    }
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());

    const auto rawWeight = [&](Timestamp t) {
        if (s.tradingDay) {
            if (s.regular.contains(t)) {
                double w = m_weights.regular;
                for (const ScheduledEvent *e : macroToday)
                    w *= t < e->time ? e->dayVarianceMultiplier : e->afterReleaseVarianceMultiplier;
                return w;
            }
            if (s.preMarket.contains(t) || s.afterHours.contains(t))
                return m_weights.extended;
            return m_weights.overnight;
        }
        return s.futuresOpen(t) ? m_weights.overnight : m_weights.closed;
    };
    double total = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (bounds[i] < s.dayStart || bounds[i] >= s.dayEnd)
            continue;
        const Timestamp end = i + 1 < bounds.size() ? std::min(bounds[i + 1], s.dayEnd) : s.dayEnd;
        const double weight = m_scale * rawWeight(bounds[i]);
        day.segments.push_back({bounds[i], weight});
        total += weight * static_cast<double>(end - bounds[i]) / kNanosPerYear;
    }
    day.total = total;
    return day;
}

const DayClock &VarianceClock::day(Date date)
{
    const int index = daysSinceEpoch(date) - m_originDays;
    if (index < 0) // before the origin: callers never ask, but stay defined
        return day(dateFromDays(m_originDays));
    while (static_cast<int>(m_days.size()) <= index) {
        const Date next = dateFromDays(m_originDays + static_cast<int>(m_days.size()));
        const double start =
            m_days.empty() ? 0.0 : m_days.back().cumulativeAtStart + m_days.back().total;
        m_days.push_back(build(next, start));
    }
    return m_days[static_cast<std::size_t>(index)];
}

const DayClock &VarianceClock::dayOf(Timestamp t)
{
    if (m_cursor) {
        if (t >= m_cursor->schedule.dayStart && t < m_cursor->schedule.dayEnd)
            return *m_cursor;
        // Simulations walk forward: try the next day before converting time zones.
        if (t >= m_cursor->schedule.dayEnd) {
            const DayClock &next = day(addDays(m_cursor->schedule.date, 1));
            if (t < next.schedule.dayEnd) {
                m_cursor = &next;
                return next;
            }
        }
    }
    const DayClock &d = day(easternDate(t));
    m_cursor = &d;
    return d;
}

double VarianceClock::cumulative(Timestamp t)
{
    const DayClock &d = dayOf(t);
    double c = d.cumulativeAtStart;
    for (std::size_t i = 0; i < d.segments.size(); ++i) {
        const Timestamp begin = d.segments[i].begin;
        if (t <= begin)
            break;
        const Timestamp end =
            i + 1 < d.segments.size() ? d.segments[i + 1].begin : d.schedule.dayEnd;
        c += d.segments[i].weight * static_cast<double>(std::min(t, end) - begin) / kNanosPerYear;
    }
    return c;
}

double VarianceClock::weightAt(Timestamp t)
{
    const DayClock &d = dayOf(t);
    double w = d.segments.empty() ? 0 : d.segments.front().weight;
    for (const ClockSegment &segment : d.segments) {
        if (segment.begin > t)
            break;
        w = segment.weight;
    }
    return w;
}

} // namespace mag7::marketdata
