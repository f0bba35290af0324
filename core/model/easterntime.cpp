#include "model/easterntime.h"

#include <charconv>
#include <cstdio>

namespace mag7 {

namespace {

constexpr int kEstOffset = -5 * 3600;
constexpr int kEdtOffset = -4 * 3600;

// DST start and end as UTC instants for a year.
struct DstWindow {
    Timestamp start;
    Timestamp end;
};

DstWindow dstWindow(int y)
{
    Date startDate;
    Date endDate;
    if (y >= 2007) {
        startDate = nthWeekdayOfMonth(y, 3, 0, 2);
        endDate = nthWeekdayOfMonth(y, 11, 0, 1);
    } else {
        startDate = nthWeekdayOfMonth(y, 4, 0, 1);
        endDate = nthWeekdayOfMonth(y, 10, 0, -1);
    }
    // 02:00 EST = 07:00 UTC; 02:00 EDT = 06:00 UTC.
    return {utcMidnight(startDate) + 7 * kNanosPerHour, utcMidnight(endDate) + 6 * kNanosPerHour};
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

std::string formatWithOffset(Timestamp local, int offsetSeconds, TimePrecision precision, bool zulu)
{
    const std::int64_t days = floorDiv(local, kNanosPerDay);
    const std::int64_t nanos = local - days * kNanosPerDay;
    const Date date = dateFromDays(static_cast<int>(days));
    const int hh = static_cast<int>(nanos / kNanosPerHour);
    const int mm = static_cast<int>((nanos / kNanosPerMinute) % 60);
    const int ss = static_cast<int>((nanos / kNanosPerSecond) % 60);
    const std::int64_t frac = nanos % kNanosPerSecond;
    char buffer[64];
    int n = std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d", year(date),
                          month(date), day(date), hh, mm, ss);
    switch (precision) {
    case TimePrecision::Seconds:
        break;
    case TimePrecision::Millis:
        n += std::snprintf(buffer + n, sizeof buffer - n, ".%03lld",
                           static_cast<long long>(frac / kNanosPerMilli));
        break;
    case TimePrecision::Micros:
        n += std::snprintf(buffer + n, sizeof buffer - n, ".%06lld",
                           static_cast<long long>(frac / kNanosPerMicro));
        break;
    case TimePrecision::Nanos:
        n += std::snprintf(buffer + n, sizeof buffer - n, ".%09lld", static_cast<long long>(frac));
        break;
    }
    if (zulu) {
        std::snprintf(buffer + n, sizeof buffer - n, "Z");
    } else {
        const int abs = offsetSeconds < 0 ? -offsetSeconds : offsetSeconds;
        std::snprintf(buffer + n, sizeof buffer - n, "%c%02d:%02d", offsetSeconds < 0 ? '-' : '+',
                      abs / 3600, (abs / 60) % 60);
    }
    return buffer;
}

} // namespace

bool isEasternDaylightTime(Timestamp utc)
{
    const int y = year(dateFromDays(static_cast<int>(floorDiv(utc, kNanosPerDay))));
    const DstWindow w = dstWindow(y);
    return utc >= w.start && utc < w.end;
}

int easternUtcOffsetSeconds(Timestamp utc)
{
    return isEasternDaylightTime(utc) ? kEdtOffset : kEstOffset;
}

LocalDateTime toEastern(Timestamp utc)
{
    const Timestamp local =
        utc + static_cast<Timestamp>(easternUtcOffsetSeconds(utc)) * kNanosPerSecond;
    const std::int64_t days = floorDiv(local, kNanosPerDay);
    return {dateFromDays(static_cast<int>(days)), local - days * kNanosPerDay};
}

Timestamp fromEastern(Date date, std::int64_t nanosOfDay)
{
    const Timestamp local = utcMidnight(date) + nanosOfDay;
    // Try daylight time first so the repeated autumn hour resolves to its first (EDT) instance.
    const Timestamp asEdt = local - static_cast<Timestamp>(kEdtOffset) * kNanosPerSecond;
    if (isEasternDaylightTime(asEdt))
        return asEdt;
    return local - static_cast<Timestamp>(kEstOffset) * kNanosPerSecond;
}

std::string formatEasternIso(Timestamp utc, TimePrecision precision)
{
    const int offset = easternUtcOffsetSeconds(utc);
    return formatWithOffset(utc + static_cast<Timestamp>(offset) * kNanosPerSecond, offset,
                            precision, false);
}

std::string formatUtcIso(Timestamp utc, TimePrecision precision)
{
    return formatWithOffset(utc, 0, precision, true);
}

Result<Timestamp> parseIsoTimestamp(std::string_view text)
{
    const std::string original(text);
    auto fail = [&](const char *why) {
        return Error{"invalid time '" + original + "': " + why +
                     " (expected ISO-8601 like 2025-01-13T09:30 or 2025-01-13T14:30:00Z)"};
    };
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (text.size() < 10)
        return fail("too short");
    const auto date = parseDate(text.substr(0, 10));
    if (!date)
        return fail("bad date");
    text.remove_prefix(10);
    std::int64_t nanos = 0;
    auto readInt = [&](std::size_t len, int &out) {
        if (text.size() < len)
            return false;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + len, out);
        if (ec != std::errc{} || ptr != text.data() + len)
            return false;
        text.remove_prefix(len);
        return true;
    };
    if (!text.empty() && (text.front() == 'T' || text.front() == 't' || text.front() == ' ')) {
        text.remove_prefix(1);
        int hh = 0;
        int mi = 0;
        int ss = 0;
        if (!readInt(2, hh) || text.empty() || text.front() != ':')
            return fail("bad hour");
        text.remove_prefix(1);
        if (!readInt(2, mi))
            return fail("bad minute");
        if (!text.empty() && text.front() == ':') {
            text.remove_prefix(1);
            if (!readInt(2, ss))
                return fail("bad second");
            if (!text.empty() && (text.front() == '.' || text.front() == ',')) {
                text.remove_prefix(1);
                std::int64_t frac = 0;
                int digits = 0;
                while (!text.empty() && text.front() >= '0' && text.front() <= '9') {
                    if (digits < 9) {
                        frac = frac * 10 + (text.front() - '0');
                        ++digits;
                    }
                    text.remove_prefix(1);
                }
                if (digits == 0)
                    return fail("bad fraction");
                for (int i = digits; i < 9; ++i)
                    frac *= 10;
                nanos += frac;
            }
        }
        if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi != 0 || ss != 0 || nanos != 0)))
            return fail("time of day out of range");
        nanos += hh * kNanosPerHour + mi * kNanosPerMinute + ss * kNanosPerSecond;
    }
    if (text.empty())
        return fromEastern(*date, nanos);
    if (text.front() == 'Z' || text.front() == 'z') {
        text.remove_prefix(1);
        if (!text.empty())
            return fail("trailing characters");
        return utcMidnight(*date) + nanos;
    }
    if (text.front() == '+' || text.front() == '-') {
        const int sign = text.front() == '-' ? -1 : 1;
        text.remove_prefix(1);
        int oh = 0;
        int om = 0;
        if (!readInt(2, oh))
            return fail("bad offset");
        if (!text.empty() && text.front() == ':')
            text.remove_prefix(1);
        if (!text.empty() && !readInt(2, om))
            return fail("bad offset minutes");
        if (!text.empty() || oh > 18 || om > 59)
            return fail("bad offset");
        const std::int64_t offset = sign * (oh * kNanosPerHour + om * kNanosPerMinute);
        return utcMidnight(*date) + nanos - offset;
    }
    return fail("trailing characters");
}

} // namespace mag7
