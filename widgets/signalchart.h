#pragma once
// SignalChart: the chart at a signal, for the Playbooks tab. For the signal shown: the symbol's
// 1-minute candles from an hour before the signal to the bar that completed the setup (database
// history, live minutes and the forming minute, as the chart panel has them), the bars after the
// signal (up to half an hour) in a muted colour, a marker at the signal's bar (below it for a
// long, above for a short), the entry (the signal's price), stop and target as labelled
// horizontal lines, and a title line "14:05 ny-orb long NVDA @ 138.20". Without a signal, or
// without bars around it, it says so instead of drawing an empty plot.
//
// The snapshots keep the bars after the signal current; the plot is redrawn only when the shown
// window's bars change. GUI thread only.

#include "engine/desksnapshot.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QCustomPlot;
class QLabel;
class QStackedWidget;

namespace mag7::widgets {

class ChartData;

class SignalChart final : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMinutesBefore = 60;
    static constexpr int kMinutesAfter = 30;

    explicit SignalChart(QWidget *parent = nullptr);
    ~SignalChart() override;

    // The desk's charts (the bars of the shown signal's symbol, and of the next one picked).
    void setSnapshot(const engine::DeskSnapshot &snapshot);
    void showSignal(const signals::Signal &signal);
    void clear();

    bool hasSignal() const { return m_signal.has_value(); }
    // True while the empty state is shown (no signal, or no bars around it).
    bool isEmptyState() const;
    QString title() const;
    QString emptyText() const;
    QCustomPlot *plot() const { return m_plot; }

    // What is drawn (for tests): bar indexes into the symbol's 1-minute bars.
    struct Window {
        int first = 0;      // the first bar shown
        int signalBar = -1; // the bar that completed the setup
        int last = -1;      // the last bar shown (after the signal when there are any)
    };
    const Window &window() const { return m_window; }
    struct Line {
        QString name;
        double price = 0;
    };
    const std::vector<Line> &lines() const { return m_lines; }
    std::size_t redraws() const { return m_redraws; }

private:
    void redraw();
    void showEmpty(const QString &text);
    void updateData(const engine::ChartSeries &series);

    QLabel *m_title;
    QLabel *m_empty;
    QStackedWidget *m_stack;
    QCustomPlot *m_plot;
    struct Items;
    std::unique_ptr<Items> m_items;
    std::unique_ptr<ChartData> m_data;
    std::vector<engine::ChartSeries> m_charts; // of the latest snapshot
    std::optional<signals::Signal> m_signal;
    Window m_window;
    std::vector<Line> m_lines;
    std::size_t m_redraws = 0;
};

} // namespace mag7::widgets
