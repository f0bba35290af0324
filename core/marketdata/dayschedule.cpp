#include "marketdata/dayschedule.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <algorithm>
#include <vector>

namespace mag7::marketdata {

DaySchedule makeDaySchedule(Date date, int extendedRegularMinutes)
{
    DaySchedule s;
    s.date = date;
    s.dayStart = fromEastern(date, 0);
    s.dayEnd = fromEastern(addDays(date, 1), 0);
    s.londonOpen = fromEastern(date, timeOfDay(3, 0));
    if (const auto session = calendar::equitySession(date)) {
        s.tradingDay = true;
        s.earlyClose = session->earlyClose;
        s.preMarket = {session->preMarketOpen, session->regularOpen};
        s.regular = {session->regularOpen, session->regularClose};
        s.afterHours = {session->regularClose, session->afterHoursClose};
        s.extendedRegular = {session->regularOpen,
                             session->regularClose + extendedRegularMinutes * kNanosPerMinute};
    }
    // The futures rules only change state at these local times (holiday halts at 13:00 or
    // 13:15, the daily break 17:00-18:00), so probing each piece once is exact.
    const std::int64_t candidates[] = {0, timeOfDay(13, 0), timeOfDay(13, 15), timeOfDay(17, 0),
                                       timeOfDay(18, 0)};
    std::vector<Timestamp> bounds;
    for (std::int64_t tod : candidates)
        bounds.push_back(fromEastern(date, tod));
    bounds.push_back(s.dayEnd);
    for (std::size_t i = 0; i + 1 < bounds.size(); ++i) {
        if (bounds[i] >= bounds[i + 1] || !calendar::isFuturesOpen(bounds[i]))
            continue;
        if (s.futuresCount > 0 &&
            s.futures[static_cast<std::size_t>(s.futuresCount - 1)].end == bounds[i]) {
            s.futures[static_cast<std::size_t>(s.futuresCount - 1)].end = bounds[i + 1];
        } else {
            s.futures[static_cast<std::size_t>(s.futuresCount++)] = {bounds[i], bounds[i + 1]};
        }
    }
    return s;
}

} // namespace mag7::marketdata
