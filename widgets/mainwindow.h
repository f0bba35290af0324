#pragma once
// MainWindow: assembles the desk's panels (a tab area plus docks), its menus and status bar,
// and saves/restores the layout. It holds no market logic: panels receive snapshots from the
// SnapshotPump.

#include <QMainWindow>

class QTabWidget;
class QDockWidget;

namespace mag7::engine {
class DeskEngine;
}

namespace mag7::widgets {

class AnalyzePanel;
class DeskStatusBar;
class GreeksPanel;
class LogPanel;
class OptionChainPanel;
class QuoteBoardPanel;
class SnapshotPump;
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
    DeskStatusBar *deskStatusBar() const { return m_statusBar; }
    SnapshotPump *pump() const { return m_pump; }
    QTabWidget *tabs() const { return m_tabs; }

    void saveLayout() const;
    bool restoreLayout();
    void resetLayout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void placeDefaultDocks();

    engine::DeskEngine &m_engine;
    SnapshotPump *m_pump;
    QTabWidget *m_tabs;
    QuoteBoardPanel *m_quoteBoard;
    OptionChainPanel *m_chain;
    AnalyzePanel *m_analyze;
    VolatilityPanel *m_volatility;
    LogPanel *m_logPanel;
    QDockWidget *m_logDock;
    GreeksPanel *m_greeks;
    QDockWidget *m_greeksDock;
    DeskStatusBar *m_statusBar;
    QByteArray m_defaultState;
};

} // namespace mag7::widgets
