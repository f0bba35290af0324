#pragma once
// MainWindow: assembles the desk's panels (a tab area plus docks), its menus and status bar,
// and saves/restores the layout. It holds no market logic: panels receive snapshots from the
// SnapshotPump. Symbol-bearing panels are linked through the LinkHub by colour group.

#include <QMainWindow>

#include <memory>

class QAction;
class QFrame;
class QTabWidget;
class QDockWidget;

namespace mag7::engine {
class DeskEngine;
}
namespace mag7::storage {
class DeskDatabase;
}
namespace mag7::alerts {
class AlertCenter;
}

namespace mag7::widgets {

class AlertsPanel;
class AnalyzePanel;
class ChartPanel;
class ScannerPanel;
class SignalsPanel;
class DeskStatusBar;
class GreeksPanel;
class LinkHub;
class LogPanel;
class OptionChainPanel;
class QuoteBoardPanel;
class ReplayBar;
class SnapshotPump;
class SymbolEntry;
class VolatilityPanel;

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    // Bump when the dock/toolbar arrangement changes incompatibly; older saved layouts are ignored.
    static constexpr int kLayoutVersion = 2;

    explicit MainWindow(engine::DeskEngine &engine, QWidget *parent = nullptr);
    ~MainWindow() override;

    QuoteBoardPanel *quoteBoard() const { return m_quoteBoard; }
    OptionChainPanel *optionChain() const { return m_chain; }
    GreeksPanel *greeks() const { return m_greeks; }
    AnalyzePanel *analyze() const { return m_analyze; }
    VolatilityPanel *volatility() const { return m_volatility; }
    ChartPanel *chart() const { return m_chart; }
    ScannerPanel *scanner() const { return m_scanner; }
    SignalsPanel *signalsPanel() const { return m_signals; }
    AlertsPanel *alertsPanel() const { return m_alertsPanel; }
    DeskStatusBar *deskStatusBar() const { return m_statusBar; }
    // The replay scrubber at the bottom of the window (shown only while the desk replays).
    ReplayBar *replayBar() const { return m_replayBar; }
    SnapshotPump *pump() const { return m_pump; }
    QTabWidget *tabs() const { return m_tabs; }
    LinkHub *linkHub() const { return m_links; }
    // Ctrl+L: the symbol entry of the active panel (the quote board's entry, the chain's
    // symbol box), or a small entry over a panel that has none (Analyze, Volatility) whose
    // symbol goes to that panel and its link group.
    void focusSymbolEntry();
    SymbolEntry *quickSymbolEntry() const { return m_quickEntry; }

    void saveLayout() const;
    bool restoreLayout();
    void resetLayout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void placeDefaultDocks();
    void linkPanels();
    void wirePlaybookControls();
    void wireReplayBar();
    QWidget *activePanel() const;

    engine::DeskEngine &m_engine;
    SnapshotPump *m_pump;
    LinkHub *m_links;
    QTabWidget *m_tabs;
    QuoteBoardPanel *m_quoteBoard;
    OptionChainPanel *m_chain;
    ChartPanel *m_chart;
    ScannerPanel *m_scanner;
    SignalsPanel *m_signals;
    AnalyzePanel *m_analyze;
    VolatilityPanel *m_volatility;
    LogPanel *m_logPanel;
    QDockWidget *m_logDock;
    GreeksPanel *m_greeks;
    QDockWidget *m_greeksDock;
    std::unique_ptr<storage::DeskDatabase> m_alertDatabase; // GUI thread's connection
    alerts::AlertCenter *m_alerts;
    AlertsPanel *m_alertsPanel;
    QDockWidget *m_alertsDock;
    DeskStatusBar *m_statusBar;
    ReplayBar *m_replayBar;
    QAction *m_pauseAction = nullptr;
    QFrame *m_quickFrame;
    SymbolEntry *m_quickEntry;
    QWidget *m_quickTarget = nullptr;
    QByteArray m_defaultState;
};

} // namespace mag7::widgets
