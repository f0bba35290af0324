#include "chartdata.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <algorithm>

namespace mag7::widgets {

using engine::BarInterval;
using engine::MinuteBars;

namespace {
// Daily history as bars starting where the live daily buckets start: 09:30 ET for equities,
// 18:00 ET of the evening before for futures.
void appendDailyHistory(MinuteBars &out, const std::vector<DailyBar> &daily, InstrumentKind kind)
{
    for (const DailyBar &day : daily) {
        if (!(day.high > 0))
            continue;
        const Timestamp start =
            kind == InstrumentKind::Future
                ? fromEastern(calendar::previousTradingDay(day.date), timeOfDay(18, 0))
                : fromEastern(day.date, timeOfDay(9, 30));
        out.bars.push_back(Bar{start, day.open, day.high, day.low, day.close, day.volume});
        out.vwap.push_back(engine::kNoValue);
    }
}
} // namespace

void ChartData::setInterval(BarInterval interval)
{
    if (interval == m_interval)
        return;
    m_interval = interval;
    clear();
}

void ChartData::clear()
{
    m_symbol.clear();
    m_history = nullptr;
    m_completed.reset();
    m_completedUsed = 0;
    m_bars = {};
    m_historyCount = m_stableCount = 0;
    m_revision = 0;
    m_hasData = false;
    m_levels = {};
    m_sessionLevels.reset();
}

ChartData::Change ChartData::update(const engine::ChartSeries &series)
{
    Change change;
    if (!m_hasData || series.symbol != m_symbol || series.history.get() != m_history ||
        !series.completed || series.completed->bars.size() < m_completedUsed) {
        rebuild(series);
        change.any = change.rebuilt = true;
        return change;
    }
    // The chain's GEX joins the session levels without a new bar: keep the newest list.
    m_sessionLevels = series.sessionLevels;
    if (series.revision == m_revision && series.completed == m_completed)
        return change;
    m_revision = series.revision;
    m_levels = series.levels;
    change.any = true;
    change.firstChanged = m_stableCount == 0 ? 0 : m_stableCount - 1;
    restoreStable();
    if (series.completed != m_completed) {
        const auto &bars = series.completed->bars;
        const auto &vwap = series.completed->vwap;
        engine::appendAggregated(m_bars, std::span(bars).subspan(m_completedUsed),
                                 std::span(vwap).subspan(m_completedUsed), m_interval, m_kind);
        m_completed = series.completed;
        m_completedUsed = bars.size();
        m_stableCount = m_bars.bars.size();
        if (m_stableCount > 0) {
            m_stableLast = m_bars.bars.back();
            m_stableLastVwap = m_bars.vwap.back();
        }
    }
    appendForming(series);
    change.firstChanged = std::min(change.firstChanged, m_bars.bars.size());
    return change;
}

void ChartData::rebuild(const engine::ChartSeries &series)
{
    clear();
    m_hasData = true;
    m_symbol = series.symbol;
    m_kind = series.kind;
    m_history = series.history.get();
    m_revision = series.revision;
    m_levels = series.levels;
    m_sessionLevels = series.sessionLevels;
    if (series.history) {
        if (m_interval == BarInterval::Day1)
            appendDailyHistory(m_bars, series.history->daily, m_kind);
        else
            m_bars = engine::aggregateBars(series.history->minutes, m_interval, m_kind);
    }
    m_historyCount = m_bars.bars.size();
    if (series.completed) {
        engine::appendAggregated(m_bars, series.completed->bars, series.completed->vwap, m_interval,
                                 m_kind);
        m_completed = series.completed;
        m_completedUsed = series.completed->bars.size();
    }
    m_stableCount = m_bars.bars.size();
    if (m_stableCount > 0) {
        m_stableLast = m_bars.bars.back();
        m_stableLastVwap = m_bars.vwap.back();
    }
    appendForming(series);
}

std::ptrdiff_t ChartData::indexAt(Timestamp time) const
{
    const auto &bars = m_bars.bars;
    const auto after = std::upper_bound(bars.begin(), bars.end(), time,
                                        [](Timestamp t, const Bar &bar) { return t < bar.start; });
    return (after - bars.begin()) - 1;
}

void ChartData::restoreStable()
{
    m_bars.bars.resize(m_stableCount);
    m_bars.vwap.resize(m_stableCount);
    if (m_stableCount > 0) {
        m_bars.bars.back() = m_stableLast;
        m_bars.vwap.back() = m_stableLastVwap;
    }
}

void ChartData::appendForming(const engine::ChartSeries &series)
{
    if (!series.hasForming)
        return;
    const Bar forming = series.forming;
    const double vwap = series.formingVwap;
    engine::appendAggregated(m_bars, std::span(&forming, 1), std::span(&vwap, 1), m_interval,
                             m_kind);
}

} // namespace mag7::widgets
