#pragma once
// Axis tickers of the price chart (internal to the chart: include from .cpp files only, it
// brings in QCustomPlot).
//   BarTimeTicker  a time axis over bars placed at consecutive indexes (no gaps for nights,
//                  weekends or holidays): ticks where the bars' time crosses a round boundary
//                  chosen for the visible span, labelled with the clock, or the date where a new
//                  day (or month, for daily bars) starts.
//   VolumeTicker   volume labels in the desk's compact form ("1.2M", "850K").

#include "chartdata.h"
#include "customplot.h"

namespace mag7::widgets {

class BarTimeTicker final : public QCPAxisTicker {
public:
    explicit BarTimeTicker(const ChartData &data)
        : m_data(data)
    {}
    // About one label per 110 pixels of axis.
    void setAxisWidth(int pixels) { m_wantedTicks = pixels / 110; }

protected:
    int getSubTickCount(double) override { return 0; }
    QVector<double> createTickVector(double tickStep, const QCPRange &range) override;
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar,
                         int precision) override;

private:
    const ChartData &m_data;
    std::int64_t m_step = 60; // minutes between ticks, chosen by createTickVector()
    int m_wantedTicks = 6;
};

class VolumeTicker final : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale &locale, QChar formatChar,
                         int precision) override;
};

} // namespace mag7::widgets
