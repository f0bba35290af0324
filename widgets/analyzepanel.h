#pragma once
// AnalyzePanel: the risk graph of a multi-leg position. Legs come from bid/ask clicks in the
// option chain or from templates; the chart (QCustomPlot) shows the P/L at the first expiry and
// at a what-if date-time (a slider in minutes up to the first expiry, so 0DTE works minute by
// minute) under an IV shift (a slider in vol points), with the spot line and 1-sigma/2-sigma
// bands of the move to the first expiry. Beside it: probability of profit, max profit and loss,
// breakevens, position Greeks, and a P/L table of price x time. GUI thread only.

#include "analyzeposition.h"
#include "engine/desksnapshot.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QSlider;
class QStandardItemModel;
class QTableView;

namespace mag7::widgets {

class LinkGroupButton;

class AnalyzePanel final : public QWidget {
    Q_OBJECT
public:
    explicit AnalyzePanel(QWidget *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    // The underlying templates are built on (normally the chain's symbol).
    void setSymbol(const QString &symbol);
    QString symbol() const { return m_symbol; }
    // The colour link group this panel follows.
    LinkGroupButton *linkGroupButton() const { return m_link; }
    // The panel's settings (its link group).
    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);
    // Adds a leg (quantity +1 buy / -1 sell) of a chain contract at `price`.
    void addLeg(InstrumentId contract, int quantity, double price);
    bool applyTemplate(PositionTemplate kind, Date expiry = {});
    void clearPosition();
    // What-if controls: minutes after the market time (clamped to the first expiry), IV shift in
    // vol points.
    void setHorizonMinutes(int minutes);
    void setIvShiftPoints(int points);

    const AnalyzePosition &position() const { return m_position; }
    const AnalyzeResult &result() const { return m_result; }
    // The curves on the chart: x = spots, y = P/L at the horizon and at the first expiry.
    const std::vector<double> &curveSpots() const { return m_spots; }
    const std::vector<double> &horizonCurve() const { return m_horizonPnl; }
    const std::vector<double> &expiryCurve() const { return m_expiryPnl; }
    QStandardItemModel *legsModel() const { return m_legs; }
    QStandardItemModel *pnlTable() const { return m_table; }
    QLabel *statsLabel() const { return m_stats; }
    QCustomPlot *plot() const { return m_plot; }

Q_SIGNALS:
    void positionChanged();

private:
    const engine::ChainSnapshot *chainFor(const std::string &symbol) const;
    void recompute();
    void rebuildLegs();
    void updateChart(const engine::ChainSnapshot &chain, double vol);
    void updateTable(const engine::ChainSnapshot &chain, double vol);
    void updateStats();
    double distributionVol(const engine::ChainSnapshot &chain) const;

    AnalyzePosition m_position;
    AnalyzeResult m_result;
    std::vector<std::shared_ptr<const engine::ChainSnapshot>> m_chains;
    Timestamp m_now = 0;
    Timestamp m_horizon = 0;
    int m_horizonMinutes = 0;
    int m_ivShiftPoints = 0;
    QString m_symbol;
    std::vector<double> m_spots;
    std::vector<double> m_horizonPnl;
    std::vector<double> m_expiryPnl;
    bool m_updatingLegs = false;

    LinkGroupButton *m_link;
    QComboBox *m_templates;
    QStandardItemModel *m_legs;
    QTableView *m_legsView;
    QLabel *m_stats;
    QCustomPlot *m_plot;
    QSlider *m_time;
    QLabel *m_timeLabel;
    QSlider *m_iv;
    QLabel *m_ivLabel;
    QStandardItemModel *m_table;
    QTableView *m_tableView;
};

} // namespace mag7::widgets
