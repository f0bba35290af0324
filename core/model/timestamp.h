#pragma once
// Time and dates used throughout the desk.
//   Timestamp: nanoseconds since 1970-01-01T00:00:00Z (UTC), signed 64-bit (valid to 2262).
//   Date:      a civil calendar date (std::chrono::year_month_day).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mag7 {

using Timestamp = std::int64_t;
using Date = std::chrono::year_month_day;

inline constexpr std::int64_t kNanosPerMicro = 1'000;
inline constexpr std::int64_t kNanosPerMilli = 1'000'000;
inline constexpr std::int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr std::int64_t kNanosPerMinute = 60 * kNanosPerSecond;
inline constexpr std::int64_t kNanosPerHour = 60 * kNanosPerMinute;
inline constexpr std::int64_t kNanosPerDay = 24 * kNanosPerHour;

constexpr Date makeDate(int year, unsigned month, unsigned day)
{
    return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// Days since 1970-01-01 and back.
constexpr int daysSinceEpoch(Date date)
{
    return static_cast<int>(std::chrono::sys_days{date}.time_since_epoch().count());
}
constexpr Date dateFromDays(int days)
{
    return Date{std::chrono::sys_days{std::chrono::days{days}}};
}
constexpr Date addDays(Date date, int days)
{
    return dateFromDays(daysSinceEpoch(date) + days);
}
// 0 = Sunday ... 6 = Saturday.
constexpr unsigned weekday(Date date)
{
    return std::chrono::weekday{std::chrono::sys_days{date}}.c_encoding();
}
constexpr bool isWeekend(Date date)
{
    const unsigned wd = weekday(date);
    return wd == 0 || wd == 6;
}
constexpr int year(Date date)
{
    return static_cast<int>(date.year());
}
constexpr unsigned month(Date date)
{
    return static_cast<unsigned>(date.month());
}
constexpr unsigned day(Date date)
{
    return static_cast<unsigned>(date.day());
}

// Midnight UTC of a date, as a Timestamp.
constexpr Timestamp utcMidnight(Date date)
{
    return static_cast<Timestamp>(daysSinceEpoch(date)) * kNanosPerDay;
}

// Time of day helpers (nanoseconds since local midnight).
constexpr std::int64_t timeOfDay(int hour, int minute, int second = 0)
{
    return hour * kNanosPerHour + minute * kNanosPerMinute + second * kNanosPerSecond;
}

// The n-th (1-based) given weekday (0 = Sunday) of a month; n = -1 is the last one.
Date nthWeekdayOfMonth(int year, unsigned month, unsigned weekday, int n);

// "2025-01-13"
std::string formatDate(Date date);
// Accepts "YYYY-MM-DD"; rejects impossible dates.
std::optional<Date> parseDate(std::string_view text);

} // namespace mag7
