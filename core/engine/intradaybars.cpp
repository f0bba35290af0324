#include "engine/intradaybars.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace mag7::engine {

Timestamp VwapSessions::anchorOf(InstrumentKind kind, Timestamp ts)
{
    return kind == InstrumentKind::Future ? m_futures.anchorOf(ts) : m_equity.anchorOf(ts);
}

void VwapAccumulator::add(Timestamp anchor, double price, double size)
{
    if (anchor != m_anchor) {
        m_anchor = anchor;
        m_priceVolume = 0;
        m_volume = 0;
    }
    if (anchor == 0 || !(size > 0) || !std::isfinite(price))
        return;
    m_priceVolume += price * size;
    m_volume += size;
}

double VwapAccumulator::value() const
{
    return m_anchor != 0 && m_volume > 0 ? m_priceVolume / m_volume : kNoValue;
}

IntradayBarBuilder::IntradayBarBuilder(InstrumentKind kind)
    : m_kind(kind)
    , m_published(std::make_shared<const MinuteBars>())
{}

void IntradayBarBuilder::addTrade(Timestamp ts, double price, std::int64_t size,
                                  VwapSessions &sessions)
{
    if (!std::isfinite(price) || price <= 0 || size < 0)
        return;
    const Timestamp minute = ts - ((ts % kNanosPerMinute) + kNanosPerMinute) % kNanosPerMinute;
    if (m_hasForming && minute > m_forming.start) {
        m_bars.bars.push_back(m_forming);
        m_bars.vwap.push_back(m_vwap.value());
        m_hasForming = false;
    }
    m_vwap.add(sessions.anchorOf(m_kind, ts), price, static_cast<double>(size));
    if (!m_hasForming) {
        m_forming = Bar{minute, price, price, price, price, 0};
        m_hasForming = true;
    }
    m_forming.high = std::max(m_forming.high, price);
    m_forming.low = std::min(m_forming.low, price);
    m_forming.close = price;
    m_forming.volume += size;
    ++m_revision;
}

std::shared_ptr<const MinuteBars> IntradayBarBuilder::completed()
{
    if (m_published->bars.size() != m_bars.bars.size())
        m_published = std::make_shared<const MinuteBars>(m_bars);
    return m_published;
}

IntradayBarBuilder::Checkpoint IntradayBarBuilder::checkpoint() const
{
    return Checkpoint{m_bars.bars.size(), m_forming, m_hasForming, m_vwap, m_revision};
}

void IntradayBarBuilder::restore(const Checkpoint &checkpoint, const MinuteBars &later)
{
    const std::size_t count = std::min(checkpoint.completed, later.bars.size());
    m_bars.bars.assign(later.bars.begin(), later.bars.begin() + static_cast<std::ptrdiff_t>(count));
    m_bars.vwap.assign(later.vwap.begin(),
                       later.vwap.begin() +
                           static_cast<std::ptrdiff_t>(std::min(count, later.vwap.size())));
    m_forming = checkpoint.forming;
    m_hasForming = checkpoint.hasForming;
    m_vwap = checkpoint.vwap;
    m_revision = checkpoint.revision;
    m_published = std::make_shared<const MinuteBars>();
}

MinuteBars withTypicalPriceVwap(std::vector<Bar> bars, InstrumentKind kind)
{
    std::sort(bars.begin(), bars.end(),
              [](const Bar &a, const Bar &b) { return a.start < b.start; });
    MinuteBars out;
    out.vwap.reserve(bars.size());
    signals::SessionVwap vwap(kind == InstrumentKind::Future ? signals::VwapAnchor::Futures
                                                             : signals::VwapAnchor::Equity);
    for (const Bar &bar : bars)
        out.vwap.push_back(vwap.update(bar));
    out.bars = std::move(bars);
    return out;
}

PriceLevels levelsFrom(std::span<const DailyBar> daily, Date tradingDate)
{
    PriceLevels levels;
    levels.tradingDate = tradingDate;
    std::vector<const DailyBar *> before;
    for (auto it = daily.rbegin(); it != daily.rend() && before.size() < 3; ++it) {
        if (it->date < tradingDate && it->high > 0)
            before.push_back(&*it);
    }
    if (before.empty())
        return levels;
    levels.priorHigh = before.front()->high;
    levels.priorLow = before.front()->low;
    levels.priorClose = before.front()->close;
    levels.threeDayHigh = levels.priorHigh;
    levels.threeDayLow = levels.priorLow;
    for (const DailyBar *bar : before) {
        levels.threeDayHigh = std::max(levels.threeDayHigh, bar->high);
        levels.threeDayLow = std::min(levels.threeDayLow, bar->low);
    }
    return levels;
}

const char *barIntervalName(BarInterval interval)
{
    switch (interval) {
    case BarInterval::Minute1:
        return "1m";
    case BarInterval::Minute5:
        return "5m";
    case BarInterval::Minute15:
        return "15m";
    case BarInterval::Hour1:
        return "1h";
    case BarInterval::Day1:
        return "1D";
    }
    return "?";
}

int barIntervalMinutes(BarInterval interval)
{
    switch (interval) {
    case BarInterval::Minute1:
        return 1;
    case BarInterval::Minute5:
        return 5;
    case BarInterval::Minute15:
        return 15;
    case BarInterval::Hour1:
        return 60;
    case BarInterval::Day1:
        return 1440;
    }
    return 1;
}

namespace {
// Bucket start of a minute bar, and whether the minute belongs to any bucket at all.
class Bucketer {
public:
    Bucketer(BarInterval interval, InstrumentKind kind)
        : m_interval(interval)
        , m_kind(kind)
        , m_minutes(barIntervalMinutes(interval))
    {}

    std::optional<Timestamp> bucketOf(Timestamp start)
    {
        if (m_interval == BarInterval::Minute1)
            return start;
        if (m_interval == BarInterval::Day1) {
            if (!m_window.contains(start))
                m_window = calendar::tradingDayWindow(calendar::tradingDateOf(start));
            if (m_kind == InstrumentKind::Future)
                return m_window.begins;
            if (!m_window.inRegularSession(start))
                return std::nullopt;
            return m_window.regularOpen;
        }
        if (start < m_dayBegins || start >= m_dayEnds) {
            const LocalDateTime local = toEastern(start);
            m_localAnchor = fromEastern(local.date, timeOfDay(9, 30));
            m_dayBegins = fromEastern(local.date, 0);
            m_dayEnds = fromEastern(addDays(local.date, 1), 0);
        }
        // Minutes since 09:30 ET of the local calendar day, floored to the interval.
        const std::int64_t sinceAnchor = (start - m_localAnchor) / kNanosPerMinute;
        const std::int64_t floored =
            sinceAnchor >= 0 ? sinceAnchor / m_minutes * m_minutes
                             : -((-sinceAnchor + m_minutes - 1) / m_minutes) * m_minutes;
        return m_localAnchor + floored * kNanosPerMinute;
    }

private:
    BarInterval m_interval;
    InstrumentKind m_kind;
    int m_minutes;
    calendar::TradingDayWindow m_window; // Day1
    Timestamp m_dayBegins = 0;           // local calendar day (intraday buckets)
    Timestamp m_dayEnds = 0;
    Timestamp m_localAnchor = 0;
};
} // namespace

void appendAggregated(MinuteBars &out, std::span<const Bar> minutes, std::span<const double> vwap,
                      BarInterval interval, InstrumentKind kind)
{
    Bucketer bucketer(interval, kind);
    for (std::size_t i = 0; i < minutes.size(); ++i) {
        const Bar &bar = minutes[i];
        const auto bucket = bucketer.bucketOf(bar.start);
        if (!bucket)
            continue;
        const double barVwap = i < vwap.size() ? vwap[i] : kNoValue;
        if (!out.bars.empty() && out.bars.back().start == *bucket) {
            Bar &last = out.bars.back();
            last.high = std::max(last.high, bar.high);
            last.low = std::min(last.low, bar.low);
            last.close = bar.close;
            last.volume += bar.volume;
            out.vwap.back() = barVwap;
            continue;
        }
        Bar aggregated = bar;
        aggregated.start = *bucket;
        out.bars.push_back(aggregated);
        out.vwap.push_back(barVwap);
    }
}

MinuteBars aggregateBars(const MinuteBars &minutes, BarInterval interval, InstrumentKind kind)
{
    MinuteBars out;
    if (interval == BarInterval::Minute1)
        return minutes;
    out.bars.reserve(minutes.bars.size() / static_cast<std::size_t>(barIntervalMinutes(interval)) +
                     1);
    out.vwap.reserve(out.bars.capacity());
    appendAggregated(out, minutes.bars, minutes.vwap, interval, kind);
    return out;
}

} // namespace mag7::engine
