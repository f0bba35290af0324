#pragma once
// ChartData: the bars a price chart shows for one underlying and timeframe, assembled from the
// engine's ChartSeries: the database history (previous sessions' 1-minute bars, or daily bars
// for 1D), then the live 1-minute bars, then the forming minute, aggregated to the timeframe.
// Each update() reports the first bar that changed, so the plot rewrites only the tail: a new
// quote touches one bar, a closed minute appends one, and only a new symbol, timeframe or
// history rebuilds everything. It also keeps the series' session levels (shared, never copied)
// and maps times to bars for the overlays drawn at a bar. GUI thread only (plain data, no
// widgets).

#include "engine/desksnapshot.h"
#include "engine/intradaybars.h"

#include <cstddef>
#include <string>

namespace mag7::widgets {

class ChartData {
public:
    // Bars from `firstChanged` on are new or different; everything before is unchanged.
    struct Change {
        bool any = false;
        bool rebuilt = false;
        std::size_t firstChanged = 0;
    };

    void setInterval(engine::BarInterval interval);
    engine::BarInterval interval() const { return m_interval; }
    void clear();

    // Brings the bars up to `series` (a series of another symbol rebuilds).
    Change update(const engine::ChartSeries &series);

    const engine::MinuteBars &bars() const { return m_bars; }
    std::size_t size() const { return m_bars.bars.size(); }
    // Bars [0, historyCount()) come from the database history.
    std::size_t historyCount() const { return m_historyCount; }
    const std::string &symbol() const { return m_symbol; }
    InstrumentKind kind() const { return m_kind; }
    const engine::PriceLevels &levels() const { return m_levels; }
    // The series' session levels (signals::mergeLevels order); null before the first bar.
    const std::shared_ptr<const std::vector<signals::Level>> &sessionLevels() const
    {
        return m_sessionLevels;
    }
    // Index of the bar whose bucket holds `time` (the last bar starting at or before it); -1
    // before the first bar or without bars.
    std::ptrdiff_t indexAt(Timestamp time) const;

private:
    void rebuild(const engine::ChartSeries &series);
    void restoreStable();
    void appendForming(const engine::ChartSeries &series);

    engine::BarInterval m_interval = engine::BarInterval::Minute5;
    std::string m_symbol;
    InstrumentKind m_kind = InstrumentKind::Stock;
    const engine::PriceHistory *m_history = nullptr;
    std::shared_ptr<const engine::MinuteBars> m_completed; // keeps the pointer identity alive
    std::size_t m_completedUsed = 0;
    engine::MinuteBars m_bars;
    std::size_t m_historyCount = 0;
    std::size_t m_stableCount = 0; // bars without the forming minute
    Bar m_stableLast;
    double m_stableLastVwap = 0;
    std::uint64_t m_revision = 0;
    bool m_hasData = false;
    engine::PriceLevels m_levels;
    std::shared_ptr<const std::vector<signals::Level>> m_sessionLevels;
};

} // namespace mag7::widgets
