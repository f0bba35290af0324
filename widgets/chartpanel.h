#pragma once
// ChartPanel: the price chart of one underlying on QCustomPlot: candles and volume in 1m, 5m,
// 15m, 1h or 1D bars (database history, then live bars from the engine), the session VWAP, the
// prior-day and 3-day highs and lows, the option-derived GEX zones (largest positive and
// negative gamma strikes), call and put walls and the gamma flip level, a crosshair that reads
// out the bar under the mouse, and zoom and pan on the time axis (mouse wheel and drag, or the
// keyboard: Left/Right pan, Up/Down or +/- zoom, End follows the live bar). Streaming updates
// rewrite only the bars that changed; the price axis fits the visible bars.
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

namespace mag7::widgets {

class ChartData;
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
    void setOverlays(bool vwap, bool levels, bool gex);

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
    struct Level {
        QString name;
        double price = 0;
    };
    const std::vector<Level> &levelLines() const { return m_levelLines; }
    // Reads out bar `index` as the crosshair does (for tests).
    QString readoutFor(int index) const;
    std::size_t redraws() const { return m_redraws; }

Q_SIGNALS:
    void symbolChanged(const QString &symbol);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildPlot();
    void applyChange(bool rebuilt, std::size_t firstChanged);
    void refreshLevels();
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
    QToolButton *m_gexButton;
    QLabel *m_readout;
    QCustomPlot *m_plot;
    struct Items;
    std::unique_ptr<Items> m_items;
    std::unique_ptr<ChartData> m_data;
    QString m_symbol;
    std::shared_ptr<const engine::ChainSnapshot> m_chain;
    std::uint64_t m_chainSequence = 0;
    std::vector<Level> m_levelLines;
    bool m_follow = true;
    bool m_crosshairVisible = false;
    int m_crosshairIndex = -1;
    std::size_t m_redraws = 0;
    int m_symbolCount = 0;
};

} // namespace mag7::widgets
