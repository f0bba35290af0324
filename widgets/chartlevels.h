#pragma once
// ChartLevels: the level overlays of the price chart (internal to ChartPanel: include from .cpp
// files only, it brings in QCustomPlot). Five families, each switched on or off:
//   PriorDay       PDH, PDL, PDC, 3DH, 3DL across the whole chart: the playbooks' values (the
//                  series' session levels) when they have them, else the database daily bars.
//   OpeningRanges  NY and (futures) London opening ranges: a faint band over the range's bars
//                  and its high and low from the range's first bar to the right edge.
//   Sessions       Asia, London and New York highs and lows, dashed, from the session's start.
//   Swings         swing highs (a small triangle above the bar) and lows (below) at their bar.
//   Gex            from the option chain: the gamma flip and the call and put walls (labels on
//                  the left), zones at the strikes with the largest positive and negative GEX
//                  and thin delta-cluster lines; without a chain, the session levels' GEX.
// Every level is drawn once. Intraday families are left out on daily bars. Labels sit at the
// chart's edge just above their line; labels of lines closer than a label's height are merged
// (lines within two pixels: one label naming both) or stacked below one another.

#include "chartpanel.h"
#include "customplot.h"

#include <array>
#include <vector>

namespace mag7::widgets {

class ChartData;

// A price label in the chart's level-label style: small text on a backing of the chart's
// background, on a layer above the bars; x as a ratio of `rect`, y a price on its right axis.
// Hidden until placed.
QCPItemText *makeLevelLabel(QCustomPlot *plot, QCPAxisRect *rect);
QFont levelLabelFont(const QCustomPlot &plot);

class ChartLevels {
public:
    using Family = ChartPanel::LevelFamily;

    // Draws on `rect` of `plot`: bar indexes on its bottom axis, prices on its right axis.
    ChartLevels(QCustomPlot *plot, QCPAxisRect *rect);

    void setShown(Family family, bool shown) { m_shown[static_cast<std::size_t>(family)] = shown; }
    bool isShown(Family family) const { return m_shown[static_cast<std::size_t>(family)]; }

    // Recreates the overlays of the shown families from the chart's bars and levels and the
    // chain's GEX profile (`chain` may be null).
    void rebuild(const ChartData &data, const engine::ChainSnapshot *chain);
    // Places the labels for the current price range and axis rect height; call after the
    // plot's layout. Does nothing when neither changed since the last call and no rebuild
    // happened since.
    void layoutLabels();

    const std::vector<ChartPanel::Level> &lines() const { return m_lines; }
    const std::vector<ChartPanel::Band> &bands() const { return m_bands; }
    const std::vector<ChartPanel::Marker> &markers() const { return m_markers; }
    // The labels shown after the last layout.
    std::vector<ChartPanel::LevelLabel> visibleLabels() const;
    std::size_t rebuilds() const { return m_rebuilds; }
    // Width in pixels of the widest label at the right edge after the last layout (0 without
    // one): the chart keeps that much room right of the live bar.
    double rightLabelWidth() const { return m_rightLabelWidth; }

private:
    struct Wanted {
        ChartPanel::Level level;
        QPen pen;
        bool leftLabel = false;
    };
    struct Item {
        QCPItemLine *line = nullptr;
        QCPItemText *label = nullptr;
    };
    void addLine(std::vector<Wanted> &wanted, signals::LevelKind kind, double price,
                 double from) const;
    void addGexFromChain(std::vector<Wanted> &wanted, const pricing::GexProfile &gex);
    // A shaded rectangle behind the bars: over bar indexes [from, to], or the full width.
    void addRect(double from, double to, double low, double high, QColor color, bool fullWidth);
    void sync(const std::vector<Wanted> &wanted);

    QCustomPlot *m_plot;
    QCPAxisRect *m_rect;
    std::array<bool, ChartPanel::kLevelFamilies> m_shown{true, true, true, true, true};
    std::vector<ChartPanel::Level> m_lines;
    std::vector<ChartPanel::Band> m_bands;
    std::vector<ChartPanel::Marker> m_markers;
    std::vector<Item> m_items; // reused in order; the first m_lines.size() are shown
    std::vector<bool> m_leftLabel;
    std::vector<QCPItemRect *> m_rects; // opening-range bands and GEX zones
    QCPGraph *m_swingHighs;
    QCPGraph *m_swingLows;
    QFont m_labelFont;
    double m_rightLabelWidth = 0;
    QCPRange m_laidRange;
    int m_laidHeight = -1;
    bool m_labelsDirty = true;
    std::size_t m_rebuilds = 0;
};

} // namespace mag7::widgets
