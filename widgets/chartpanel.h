#pragma once
// ChartPanel: the price chart of one underlying on QCustomPlot: candles and volume in 1m, 5m,
// 15m, 1h or 1D bars (database history, then live bars from the engine), the session VWAP, the
// levels of the session in five families switched from the Levels menu (prior day and 3-day;
// NY and London opening ranges; Asia, London and New York highs and lows; swing points; GEX:
// flip, walls, zones at the strongest strikes and delta clusters — see chartlevels.h), a
// crosshair that reads out the bar under the mouse, and zoom and pan on the time axis (mouse
// wheel and drag, or the keyboard: Left/Right pan, Up/Down or +/- zoom, End follows the live
// bar). Streaming updates rewrite only the bars that changed; the levels are rebuilt only when
// the session levels, the chain or the bars' timeframe change, and their labels are laid out
// again only when the visible price range moves. The price axis fits the visible bars.
// GUI thread only.

#include "engine/desksnapshot.h"
#include "engine/intradaybars.h"

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QCustomPlot;
class QLabel;
class QToolButton;
class QButtonGroup;
class QMenu;

namespace mag7::widgets {

class ChartData;
class ChartLevels;
class LinkGroupButton;

class ChartPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget *parent = nullptr);
    ~ChartPanel() override;

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    void setSymbol(const QString &symbol);
    QString symbol() const { return m_symbol; }
    void setInterval(engine::BarInterval interval);
    engine::BarInterval interval() const;
    // The level families of the Levels menu (saved with the panel's state).
    enum class LevelFamily { PriorDay, OpeningRanges, Sessions, Swings, Gex };
    static constexpr int kLevelFamilies = 5;
    void setLevelFamily(LevelFamily family, bool shown);
    bool isLevelFamilyShown(LevelFamily family) const;
    void setVwapShown(bool shown);
    // `levels` switches every price-level family (prior day to swings), `gex` the GEX family.
    void setOverlays(bool vwap, bool levels, bool gex);
    QToolButton *levelsButton() const { return m_levelsButton; }

    // Visible bar range in bar indexes, and following the live bar at the right edge.
    void showLastBars(int count);
    bool isFollowingLive() const { return m_follow; }

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    // What is drawn (for tests).
    const ChartData &data() const { return *m_data; }
    QCustomPlot *plot() const { return m_plot; }
    // The colour link group (symbols picked here move the panels of the same colour).
    LinkGroupButton *linkGroupButton() const { return m_link; }
    QLabel *readout() const { return m_readout; }
    // A horizontal level line: from bar index `from` (or the left edge when negative) to the
    // right edge.
    struct Level {
        QString name;
        double price = 0;
        LevelFamily family = LevelFamily::PriorDay;
        double from = -1;
    };
    // An opening range's band over its bars.
    struct Band {
        QString name;
        double from = 0; // bar indexes (edges, half a bar outside the first and last bar)
        double to = 0;
        double low = 0;
        double high = 0;
    };
    // A swing point's marker at its bar.
    struct Marker {
        double index = 0;
        double price = 0;
        bool high = true;
    };
    // A level label as laid out on screen (lines closer than a label's height merge or stack).
    struct LevelLabel {
        QString text;
        double pixelBottom = 0; // the label's lower edge, in widget pixels
        bool left = false;      // GEX labels sit at the left edge, the others at the right
    };
    const std::vector<Level> &levelLines() const;
    std::vector<LevelLabel> levelLabels() const;
    const std::vector<Band> &rangeBands() const;
    const std::vector<Marker> &swingMarkers() const;
    // Reads out bar `index` as the crosshair does (for tests).
    QString readoutFor(int index) const;
    std::size_t redraws() const { return m_redraws; }
    std::size_t levelRebuilds() const;

Q_SIGNALS:
    void symbolChanged(const QString &symbol);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildPlot();
    void applyChange(bool rebuilt, std::size_t firstChanged);
    void refreshLevels();
    double rightMarginBars(double visibleBars) const;
    void afterLayout();
    void fitPriceAxis();
    void moveCrosshair(double pixelX, double pixelY);
    void hideCrosshair();
    void panBy(double fraction);
    void zoomBy(double factor);
    void showReadout(int index);
    void refreshSymbols(const engine::DeskSnapshot &snapshot);

    LinkGroupButton *m_link;
    QComboBox *m_symbolBox;
    QButtonGroup *m_intervals;
    QToolButton *m_vwapButton;
    QToolButton *m_levelsButton;
    QMenu *m_levelsMenu;
    QLabel *m_readout;
    QCustomPlot *m_plot;
    struct Items;
    std::unique_ptr<Items> m_items;
    std::unique_ptr<ChartData> m_data;
    std::unique_ptr<ChartLevels> m_levels;
    QString m_symbol;
    std::shared_ptr<const engine::ChainSnapshot> m_chain;
    std::uint64_t m_chainSequence = 0;
    bool m_follow = true;
    bool m_crosshairVisible = false;
    int m_crosshairIndex = -1;
    std::size_t m_redraws = 0;
    int m_symbolCount = 0;
};

} // namespace mag7::widgets
