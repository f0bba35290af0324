#pragma once
// US/Eastern local time (America/New_York) with the US daylight-saving rules:
//   2007 onwards: DST from the second Sunday of March 02:00 EST to the first Sunday of November
//   02:00 EDT; 1987-2006: first Sunday of April to last Sunday of October.
// Plain functions, no global state, safe from any thread.

#include "model/result.h"
#include "model/timestamp.h"

#include <string>
#include <string_view>

namespace mag7 {

struct LocalDateTime {
    Date date;
    std::int64_t nanosOfDay = 0; // since local midnight
};

// UTC offset of Eastern time at a UTC instant, in seconds (-18000 EST or -14400 EDT).
int easternUtcOffsetSeconds(Timestamp utc);
bool isEasternDaylightTime(Timestamp utc);

LocalDateTime toEastern(Timestamp utc);

// Local Eastern wall time to UTC. In the autumn repeated hour the earlier (EDT) instant is
// returned; a time inside the spring-forward gap is read as standard time (02:30 -> 03:30 EDT).
Timestamp fromEastern(Date date, std::int64_t nanosOfDay);
inline Timestamp fromEastern(const LocalDateTime &local)
{
    return fromEastern(local.date, local.nanosOfDay);
}

// Eastern date of a UTC instant.
inline Date easternDate(Timestamp utc)
{
    return toEastern(utc).date;
}

enum class TimePrecision { Seconds, Millis, Micros, Nanos };

// "2025-01-13T09:30:00.123-05:00" (Eastern, with its offset).
std::string formatEasternIso(Timestamp utc, TimePrecision precision = TimePrecision::Millis);
// "2025-01-13T14:30:00.123Z"
std::string formatUtcIso(Timestamp utc, TimePrecision precision = TimePrecision::Millis);

// Parses ISO-8601 date-times: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "...:SS", "...:SS.fffffffff",
// with an optional "Z" or "+HH:MM"/"-HH:MM" offset; a space may replace the "T". Without an
// offset the time is US/Eastern local time. A bare date means Eastern midnight.
Result<Timestamp> parseIsoTimestamp(std::string_view text);

} // namespace mag7
