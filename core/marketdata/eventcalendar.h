#pragma once
// The scheduled news the simulator prices and moves on: quarterly earnings of each stock (from
// its configured anchors and weekday, before the open at 07:00 ET or after the close at 16:05
// ET) and the macro releases (FOMC statements at 14:00 ET, CPI at 08:30 ET, from the published
// dates in the configuration and, for years it does not cover, from its nth-weekday rule).
// Immutable after construction; safe to read from any thread.

#include "marketdata/universeconfig.h"
#include "model/history.h"

#include <vector>

namespace mag7::marketdata {

struct ScheduledEvent {
    MarketEventKind kind = MarketEventKind::Earnings;
    int underlying = -1; // config index of the reporting stock; -1 for macro releases
    Date date{};
    Timestamp time = 0;   // the release instant
    double logStdDev = 0; // std dev of the log jump (macro: of the market factor)
    // Macro days: regular-session variance multipliers before and after the release.
    double dayVarianceMultiplier = 1;
    double afterReleaseVarianceMultiplier = 1;
};

class EventCalendar {
public:
    // Every event with from <= date <= to.
    EventCalendar(const UniverseConfig &config, Date from, Date to);

    const std::vector<ScheduledEvent> &all() const { return m_events; } // by time
    // Index of the first event with time > t (all().size() when none).
    std::size_t firstAfter(Timestamp t) const;
    // The desk's view: expected absolute move = std dev * sqrt(2/pi).
    std::vector<MarketEvent> marketEvents(const UniverseConfig &config, Date from, Date to) const;

    Date from() const { return m_from; }
    Date to() const { return m_to; }

private:
    std::vector<ScheduledEvent> m_events;
    Date m_from;
    Date m_to;
};

// The reporting date for one anchor: the last `weekday` on or before (year, month, day), moved to
// the previous trading day when the exchange is closed.
Date earningsDate(const EarningsConfig &earnings, int year, unsigned month, unsigned day);

} // namespace mag7::marketdata
