#include "charttickers.h"

#include "model/easterntime.h"
#include "theme.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

namespace mag7::widgets {

using engine::BarInterval;

QVector<double> BarTimeTicker::createTickVector(double, const QCPRange &range)
{
    QVector<double> ticks;
    const auto &bars = m_data.bars().bars;
    if (bars.empty())
        return ticks;
    const auto last = static_cast<double>(bars.size() - 1);
    const auto first = static_cast<std::size_t>(std::clamp(std::ceil(range.lower), 0.0, last));
    const auto end = static_cast<std::size_t>(std::clamp(std::floor(range.upper), 0.0, last));
    if (end <= first)
        return ticks;
    const double visible = static_cast<double>(end - first + 1);
    const int wantedTicks = std::max(3, m_wantedTicks);
    const std::int64_t span =
        static_cast<std::int64_t>(visible * barIntervalMinutes(m_data.interval()));
    // Minutes between ticks, from a ladder of round steps.
    static const std::int64_t kSteps[] = {5,   10,   15,   30,   60,    120,   240,
                                          480, 1440, 2880, 7200, 43200, 129600};
    std::int64_t step = kSteps[std::size(kSteps) - 1];
    for (std::int64_t candidate : kSteps) {
        if (span / candidate <= wantedTicks) {
            step = candidate;
            break;
        }
    }
    m_step = step;
    std::int64_t previousBucket = std::numeric_limits<std::int64_t>::min();
    for (std::size_t i = first; i <= end; ++i) {
        const LocalDateTime local = toEastern(bars[i].start);
        std::int64_t bucket;
        if (step >= 43200) // monthly and quarterly ticks
            bucket = year(local.date) * 12 + static_cast<int>(month(local.date)) - 1;
        else if (step >= 1440)
            bucket = daysSinceEpoch(local.date) / (step / 1440);
        else
            bucket =
                daysSinceEpoch(local.date) * 1440LL + (local.nanosOfDay / kNanosPerMinute) / step;
        if (step >= 43200)
            bucket /= step / 43200;
        if (bucket != previousBucket && i > first)
            ticks.push_back(static_cast<double>(i));
        previousBucket = bucket;
    }
    return ticks;
}

QString BarTimeTicker::getTickLabel(double tick, const QLocale &, QChar, int)
{
    const auto &bars = m_data.bars().bars;
    const auto index = static_cast<std::ptrdiff_t>(std::llround(tick));
    if (index < 0 || index >= static_cast<std::ptrdiff_t>(bars.size()))
        return {};
    const LocalDateTime local = toEastern(bars[static_cast<std::size_t>(index)].start);
    if (m_step >= 43200)
        return QStringLiteral("%1 %2")
            .arg(monthAbbreviation(month(local.date)))
            .arg(year(local.date));
    const bool newDay =
        index == 0 || toEastern(bars[static_cast<std::size_t>(index - 1)].start).date != local.date;
    if (m_step >= 1440 || m_data.interval() == BarInterval::Day1)
        return QStringLiteral("%1 %2")
            .arg(day(local.date))
            .arg(monthAbbreviation(month(local.date)));
    const Timestamp start = bars[static_cast<std::size_t>(index)].start;
    return newDay ? formatEasternDay(start) : formatEasternClock(start);
}

QString VolumeTicker::getTickLabel(double tick, const QLocale &, QChar, int)
{
    return formatVolume(tick);
}

} // namespace mag7::widgets
