#include "marketdata/eventcalendar.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <tuple>

namespace mag7::marketdata {

namespace {

void addMacro(std::vector<ScheduledEvent> &out, const MacroEventConfig &macro, MarketEventKind kind,
              Date from, Date to)
{
    // Published dates win; the rule fills only years the list does not mention, so a partial
    // year is never doubled.
    std::set<int> coveredYears;
    for (Date d : macro.dates)
        coveredYears.insert(year(d));
    std::vector<Date> dates;
    for (Date d : macro.dates)
        dates.push_back(d);
    for (int y = year(from); y <= year(to); ++y) {
        if (coveredYears.count(y) != 0)
            continue;
        for (unsigned m : macro.ruleMonths)
            dates.push_back(
                calendar::tradingDayOnOrAfter(nthWeekdayOfMonth(y, m, macro.ruleWeekday, macro.ruleNth)));
    }
    for (Date d : dates) {
        if (d < from || d > to)
            continue;
        ScheduledEvent e;
        e.kind = kind;
        e.date = d;
        e.time = fromEastern(d, macro.releaseMinutes * kNanosPerMinute);
        e.logStdDev = macro.move;
        e.dayVarianceMultiplier = macro.dayVarianceMultiplier;
        e.afterReleaseVarianceMultiplier = macro.afterReleaseVarianceMultiplier;
        out.push_back(e);
    }
}

} // namespace

Date earningsDate(const EarningsConfig &earnings, int y, unsigned m, unsigned d)
{
    const Date last = Date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::last};
    const Date anchor = makeDate(y, m, std::min(d, day(last)));
    const unsigned back = (weekday(anchor) + 7 - earnings.weekday) % 7;
    return calendar::tradingDayOnOrBefore(addDays(anchor, -static_cast<int>(back)));
}

EventCalendar::EventCalendar(const UniverseConfig &config, Date from, Date to)
    : m_from(from)
    , m_to(to)
{
    for (std::size_t i = 0; i < config.underlyings.size(); ++i) {
        const UnderlyingConfig &u = config.underlyings[i];
        if (!u.earnings.enabled)
            continue;
        for (int y = year(from); y <= year(to); ++y) {
            for (const auto &[m, d] : u.earnings.anchors) {
                const Date date = earningsDate(u.earnings, y, m, d);
                if (date < from || date > to)
                    continue;
                ScheduledEvent e;
                e.kind = MarketEventKind::Earnings;
                e.underlying = static_cast<int>(i);
                e.date = date;
                if (u.earnings.timing == EarningsTiming::BeforeOpen) {
                    e.time = fromEastern(date, timeOfDay(7, 0));
                } else {
                    const auto close = calendar::regularClose(date);
                    e.time = (close ? *close : fromEastern(date, timeOfDay(16, 0))) +
                             5 * kNanosPerMinute;
                }
                e.logStdDev = u.earnings.move;
                m_events.push_back(e);
            }
        }
    }
    addMacro(m_events, config.fomc, MarketEventKind::Fomc, from, to);
    addMacro(m_events, config.cpi, MarketEventKind::Cpi, from, to);
    std::sort(
        m_events.begin(), m_events.end(), [](const ScheduledEvent &a, const ScheduledEvent &b) {
            return std::tie(a.time, a.kind, a.underlying) < std::tie(b.time, b.kind, b.underlying);
        });
}

std::size_t EventCalendar::firstAfter(Timestamp t) const
{
    const auto it =
        std::upper_bound(m_events.begin(), m_events.end(), t,
                         [](Timestamp value, const ScheduledEvent &e) { return value < e.time; });
    return static_cast<std::size_t>(it - m_events.begin());
}

std::vector<MarketEvent> EventCalendar::marketEvents(const UniverseConfig &config, Date from,
                                                     Date to) const
{
    std::vector<MarketEvent> out;
    const double absMoveFactor = std::sqrt(2.0 / 3.14159265358979323846);
    for (const ScheduledEvent &e : m_events) {
        if (e.date < from || e.date > to)
            continue;
        MarketEvent m;
        m.kind = e.kind;
        if (e.underlying >= 0)
            m.symbol = config.underlyings[static_cast<std::size_t>(e.underlying)].symbol;
        m.date = e.date;
        m.time = e.time;
        m.expectedMove = e.logStdDev * absMoveFactor;
        out.push_back(std::move(m));
    }
    return out;
}

} // namespace mag7::marketdata
