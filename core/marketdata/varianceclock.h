#pragma once
// Business time: how much variance each calendar instant carries. Markets move mostly while they
// trade, so the latent processes run on a clock whose rate depends on the session phase
// (regular, extended hours, overnight, closed weekends and holidays) and on macro release days,
// normalised so a nominal year holds one year of variance. Realised and implied variances both
// use it: an option's total variance is vol^2 x businessYears(now, expiry), which is why a 0DTE
// option's calendar-time IV is higher intraday than its 30-day IV.
//
// Day tables are built lazily (append-only, stable references) from an origin date onward.
// Not thread-safe: each simulator (and each history run) owns its clock.

#include "marketdata/dayschedule.h"
#include "marketdata/eventcalendar.h"
#include "marketdata/universeconfig.h"

#include <deque>
#include <vector>

namespace mag7::marketdata {

inline constexpr double kNanosPerYear = 365.0 * static_cast<double>(kNanosPerDay);

struct ClockSegment {
    Timestamp begin = 0; // the segment runs to the next one's begin (or the day's end)
    double weight = 0;   // business years per calendar year
};

struct DayClock {
    DaySchedule schedule;
    std::vector<ClockSegment> segments;
    double cumulativeAtStart = 0; // business years from the origin to dayStart
    double total = 0;             // business years in this day
};

class VarianceClock {
public:
    // Days before `origin` are not available. `etfCloseDelayMinutes` shapes the day schedules.
    VarianceClock(const UniverseConfig &config, const EventCalendar &events, Date origin);

    // The day (Eastern date) and its schedule; `date` >= origin.
    const DayClock &day(Date date);
    // The day containing instant t.
    const DayClock &dayOf(Timestamp t);

    // Business years from the origin to t.
    double cumulative(Timestamp t);
    double businessYears(Timestamp from, Timestamp to) { return cumulative(to) - cumulative(from); }
    // Normalised weight at t (1 = average rate).
    double weightAt(Timestamp t);

    // Weight of each phase after normalisation (for documentation, tests and the bench).
    double regularWeight() const { return m_scale * m_weights.regular; }
    double extendedWeight() const { return m_scale * m_weights.extended; }
    double overnightWeight() const { return m_scale * m_weights.overnight; }
    double closedWeight() const { return m_scale * m_weights.closed; }

private:
    DayClock build(Date date, double cumulativeAtStart) const;

    VarianceWeights m_weights;
    double m_scale = 1;
    int m_extendedRegularMinutes = 15;
    std::vector<const ScheduledEvent *> m_macro; // FOMC and CPI, by time
    const EventCalendar &m_events;
    int m_originDays = 0;
    std::deque<DayClock> m_days;
    const DayClock *m_cursor = nullptr;
};

} // namespace mag7::marketdata
