#pragma once
// Exchange calendar: NYSE equity sessions (holidays, early closes, pre-market / regular /
// after-hours) and CME Globex equity-index futures sessions, all in US/Eastern time.
// Stateless functions; safe from any thread.
//
// Equities: pre-market 04:00-09:30, regular 09:30-16:00, after hours 16:00-20:00 ET. On early-close
// days (July 3 when a Monday-Thursday, the day after Thanksgiving, December 24 when a
// Monday-Thursday) regular hours end 13:00 and after hours 17:00.
// Futures (/ES, /NQ): Sunday 18:00 to Friday 17:00 ET with a daily break 17:00-18:00. On an NYSE
// holiday the session halts at 13:00 ET, except Good Friday, Christmas and New Year's Day when
// Globex stays closed; on an NYSE early-close day it halts at 13:15 ET. Trading after 18:00 ET
// belongs to the next trading date.

#include "model/timestamp.h"

#include <optional>
#include <string>

namespace mag7 {

enum class SessionPhase { Closed, PreMarket, Regular, AfterHours };

const char *sessionPhaseName(SessionPhase phase);

struct EquitySession {
    Timestamp preMarketOpen;   // 04:00 ET
    Timestamp regularOpen;     // 09:30 ET
    Timestamp regularClose;    // 16:00 ET (13:00 on early-close days)
    Timestamp afterHoursClose; // 20:00 ET (17:00 on early-close days)
    bool earlyClose = false;
};

namespace calendar {

// Full-day NYSE closure (weekends are not holidays; see isTradingDay).
bool isHoliday(Date date);
// Name of the holiday or special closure, empty when the date is not one.
std::string holidayName(Date date);
bool isTradingDay(Date date);
bool isEarlyClose(Date date);

Date nextTradingDay(Date date);     // strictly after
Date previousTradingDay(Date date); // strictly before
// date itself when it is a trading day, else the next one.
Date tradingDayOnOrAfter(Date date);
Date tradingDayOnOrBefore(Date date);
// Trading days in (from, to]; negative when to < from.
int tradingDaysBetween(Date from, Date to);

std::optional<EquitySession> equitySession(Date date);
SessionPhase equityPhase(Timestamp utc);
// Regular-session close (16:00 or 13:00 ET) of a trading date, the moment same-day options stop.
std::optional<Timestamp> regularClose(Date date);

bool isFuturesOpen(Timestamp utc);

// Trading date a tick at this instant belongs to: its Eastern date, except that from 18:00 ET on
// (the futures evening session) and on non-trading days it is the next trading date.
Date tradingDateOf(Timestamp utc);

// The span of one trading date: from 18:00 ET of the previous trading day to 18:00 ET of the
// date, with its equity regular session (both 0 when equities do not trade that date).
struct TradingDayWindow {
    Date tradingDate{};
    Timestamp begins = 0;
    Timestamp ends = 0;
    Timestamp regularOpen = 0;
    Timestamp regularClose = 0;

    bool contains(Timestamp utc) const { return utc >= begins && utc < ends; }
    bool inRegularSession(Timestamp utc) const
    {
        return regularClose != 0 && utc >= regularOpen && utc < regularClose;
    }
};
TradingDayWindow tradingDayWindow(Date tradingDate);

// Third Friday of a month (standard monthly option expiry).
Date thirdFriday(int year, unsigned month);

} // namespace calendar
} // namespace mag7
