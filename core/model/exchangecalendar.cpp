#include "model/exchangecalendar.h"

#include "model/easterntime.h"

namespace mag7 {

const char *sessionPhaseName(SessionPhase phase)
{
    switch (phase) {
    case SessionPhase::Closed:
        return "closed";
    case SessionPhase::PreMarket:
        return "pre-market";
    case SessionPhase::Regular:
        return "regular";
    case SessionPhase::AfterHours:
        return "after-hours";
    }
    return "closed";
}

namespace calendar {
namespace {

// Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
Date easterSunday(int y)
{
    const int a = y % 19;
    const int b = y / 100;
    const int c = y % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
    return makeDate(y, static_cast<unsigned>(month), static_cast<unsigned>(dayOfMonth));
}

// Fixed-date holiday observed on Friday when it falls on Saturday, Monday when on Sunday.
bool isObserved(Date date, unsigned m, unsigned d)
{
    const int y = year(date);
    const Date actual = makeDate(y, m, d);
    Date observed = actual;
    if (weekday(actual) == 6)
        observed = addDays(actual, -1);
    else if (weekday(actual) == 0)
        observed = addDays(actual, 1);
    return observed == date;
}

struct SpecialClosure {
    Date date;
    const char *name;
};

// Unscheduled full-day NYSE closures.
constexpr SpecialClosure kSpecialClosures[] = {
    {makeDate(2001, 9, 11), "September 11 closure"},
    {makeDate(2001, 9, 12), "September 11 closure"},
    {makeDate(2001, 9, 13), "September 11 closure"},
    {makeDate(2001, 9, 14), "September 11 closure"},
    {makeDate(2004, 6, 11), "National Day of Mourning (Reagan)"},
    {makeDate(2007, 1, 2), "National Day of Mourning (Ford)"},
    {makeDate(2012, 10, 29), "Hurricane Sandy"},
    {makeDate(2012, 10, 30), "Hurricane Sandy"},
    {makeDate(2018, 12, 5), "National Day of Mourning (G. H. W. Bush)"},
    {makeDate(2025, 1, 9), "National Day of Mourning (Carter)"},
};

} // namespace

std::string holidayName(Date date)
{
    if (isWeekend(date))
        return {};
    for (const auto &closure : kSpecialClosures) {
        if (closure.date == date)
            return closure.name;
    }
    const int y = year(date);
    const unsigned m = month(date);
    // New Year's Day: observed on Monday when on Sunday; NYSE does not close on the Friday before
    // when January 1 is a Saturday.
    if (date == makeDate(y, 1, 1) || (m == 1 && day(date) == 2 && weekday(date) == 1))
        return "New Year's Day";
    if (y >= 1998 && date == nthWeekdayOfMonth(y, 1, 1, 3))
        return "Martin Luther King Jr. Day";
    if (date == nthWeekdayOfMonth(y, 2, 1, 3))
        return "Washington's Birthday";
    if (date == addDays(easterSunday(y), -2))
        return "Good Friday";
    if (date == nthWeekdayOfMonth(y, 5, 1, -1))
        return "Memorial Day";
    if (y >= 2022 && isObserved(date, 6, 19))
        return "Juneteenth";
    if (isObserved(date, 7, 4))
        return "Independence Day";
    if (date == nthWeekdayOfMonth(y, 9, 1, 1))
        return "Labor Day";
    if (date == nthWeekdayOfMonth(y, 11, 4, 4))
        return "Thanksgiving Day";
    if (isObserved(date, 12, 25))
        return "Christmas Day";
    return {};
}

bool isHoliday(Date date)
{
    return !holidayName(date).empty();
}

bool isTradingDay(Date date)
{
    return !isWeekend(date) && !isHoliday(date);
}

bool isEarlyClose(Date date)
{
    if (!isTradingDay(date))
        return false;
    const int y = year(date);
    const unsigned wd = weekday(date);
    if (date == makeDate(y, 7, 3) && wd >= 1 && wd <= 4)
        return true;
    if (date == addDays(nthWeekdayOfMonth(y, 11, 4, 4), 1))
        return true;
    if (date == makeDate(y, 12, 24) && wd >= 1 && wd <= 4)
        return true;
    return false;
}

Date nextTradingDay(Date date)
{
    Date d = addDays(date, 1);
    while (!isTradingDay(d))
        d = addDays(d, 1);
    return d;
}

Date previousTradingDay(Date date)
{
    Date d = addDays(date, -1);
    while (!isTradingDay(d))
        d = addDays(d, -1);
    return d;
}

Date tradingDayOnOrAfter(Date date)
{
    return isTradingDay(date) ? date : nextTradingDay(date);
}

Date tradingDayOnOrBefore(Date date)
{
    return isTradingDay(date) ? date : previousTradingDay(date);
}

int tradingDaysBetween(Date from, Date to)
{
    if (to < from)
        return -tradingDaysBetween(to, from);
    int count = 0;
    for (Date d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
        if (isTradingDay(d))
            ++count;
    }
    return count;
}

std::optional<EquitySession> equitySession(Date date)
{
    if (!isTradingDay(date))
        return std::nullopt;
    const bool early = isEarlyClose(date);
    EquitySession s;
    s.preMarketOpen = fromEastern(date, timeOfDay(4, 0));
    s.regularOpen = fromEastern(date, timeOfDay(9, 30));
    s.regularClose = fromEastern(date, early ? timeOfDay(13, 0) : timeOfDay(16, 0));
    s.afterHoursClose = fromEastern(date, early ? timeOfDay(17, 0) : timeOfDay(20, 0));
    s.earlyClose = early;
    return s;
}

SessionPhase equityPhase(Timestamp utc)
{
    const auto session = equitySession(easternDate(utc));
    if (!session)
        return SessionPhase::Closed;
    if (utc < session->preMarketOpen || utc >= session->afterHoursClose)
        return SessionPhase::Closed;
    if (utc < session->regularOpen)
        return SessionPhase::PreMarket;
    if (utc < session->regularClose)
        return SessionPhase::Regular;
    return SessionPhase::AfterHours;
}

std::optional<Timestamp> regularClose(Date date)
{
    const auto session = equitySession(date);
    if (!session)
        return std::nullopt;
    return session->regularClose;
}

bool isFuturesOpen(Timestamp utc)
{
    const LocalDateTime local = toEastern(utc);
    const unsigned wd = weekday(local.date);
    const std::int64_t t = local.nanosOfDay;
    const std::int64_t evening = timeOfDay(18, 0);
    if (t >= evening) {
        // Evening session opens for the next trading date, Sunday through Thursday.
        if (wd == 5 || wd == 6)
            return false;
        const Date next = addDays(local.date, 1);
        // No evening open into a day on which Globex stays closed all day.
        const std::string name = holidayName(next);
        if (name == "Christmas Day" || name == "New Year's Day" || name == "Good Friday")
            return false;
        return true;
    }
    if (wd == 0 || wd == 6)
        return false;
    const std::string name = holidayName(local.date);
    if (!name.empty()) {
        if (name == "Christmas Day" || name == "New Year's Day" || name == "Good Friday")
            return false;
        return t < timeOfDay(13, 0);
    }
    if (isEarlyClose(local.date))
        return t < timeOfDay(13, 15);
    return t < timeOfDay(17, 0);
}

Date tradingDateOf(Timestamp utc)
{
    const LocalDateTime local = toEastern(utc);
    if (local.nanosOfDay >= timeOfDay(18, 0))
        return nextTradingDay(local.date);
    return tradingDayOnOrAfter(local.date);
}

TradingDayWindow tradingDayWindow(Date tradingDate)
{
    TradingDayWindow window;
    window.tradingDate = tradingDate;
    window.begins = fromEastern(previousTradingDay(tradingDate), timeOfDay(18, 0));
    window.ends = fromEastern(tradingDate, timeOfDay(18, 0));
    if (const auto session = equitySession(tradingDate)) {
        window.regularOpen = session->regularOpen;
        window.regularClose = session->regularClose;
    }
    return window;
}

Date thirdFriday(int y, unsigned m)
{
    return nthWeekdayOfMonth(y, m, 5, 3);
}

} // namespace calendar
} // namespace mag7
