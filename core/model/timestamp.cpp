#include "model/timestamp.h"

#include <charconv>
#include <cstdio>

namespace mag7 {

Date nthWeekdayOfMonth(int y, unsigned m, unsigned wd, int n)
{
    if (n > 0) {
        const Date first = makeDate(y, m, 1);
        const unsigned offset = (wd + 7 - weekday(first)) % 7;
        return addDays(first, static_cast<int>(offset) + 7 * (n - 1));
    }
    const Date last = Date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::last};
    const unsigned offset = (weekday(last) + 7 - wd) % 7;
    return addDays(last, -static_cast<int>(offset));
}

std::string formatDate(Date date)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", year(date), month(date), day(date));
    return buffer;
}

std::optional<Date> parseDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    auto parsePart = [&](std::size_t pos, std::size_t len, auto &out) {
        const char *first = text.data() + pos;
        const char *last = first + len;
        auto [ptr, ec] = std::from_chars(first, last, out);
        return ec == std::errc{} && ptr == last;
    };
    if (!parsePart(0, 4, y) || !parsePart(5, 2, m) || !parsePart(8, 2, d))
        return std::nullopt;
    const Date date = makeDate(y, m, d);
    if (!date.ok())
        return std::nullopt;
    return date;
}

} // namespace mag7
