#pragma once
// MainWindow: one desk window. It holds panels as docks — docked, tabbed or floating — with the
// desk's menus and a status bar; the main (first) window also carries the replay scrubber. It
// holds no market logic and owns no panel state of its own: the DeskSession creates the panels,
// feeds them snapshots and links them across every window (see desksession.h).

#include <QMainWindow>
#include <QPointer>

class QAction;
class QDockWidget;
class QFrame;
class QMenu;

namespace mag7::widgets {

class AlertsPanel;
class AnalyzePanel;
class ChartPanel;
class DeskSession;
class DeskStatusBar;
class GreeksPanel;
class LinkHub;
class OptionChainPanel;
class QuoteBoardPanel;
class ReplayBar;
class ScannerPanel;
class SignalsPanel;
class SnapshotPump;
class SymbolEntry;
class VolatilityPanel;

class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    // Bump when the dock arrangement changes incompatibly; older saved arrangements are ignored.
    static constexpr int kLayoutVersion = 3;

    MainWindow(DeskSession &session, int number);
    ~MainWindow() override;

    DeskSession &session() const { return m_session; }
    // 1 for the main window, then 2, 3... in the order they were opened.
    int number() const { return m_number; }
    bool isMainWindow() const { return m_number == 1; }

    // The first panel of each kind in this window (null when the window has none).
    QuoteBoardPanel *quoteBoard() const;
    OptionChainPanel *optionChain() const;
    GreeksPanel *greeks() const;
    AnalyzePanel *analyze() const;
    VolatilityPanel *volatility() const;
    ChartPanel *chart() const;
    ScannerPanel *scanner() const;
    SignalsPanel *signalsPanel() const;
    AlertsPanel *alertsPanel() const;
    DeskStatusBar *deskStatusBar() const { return m_statusBar; }
    // The replay scrubber (main window only; shown only while the desk replays).
    ReplayBar *replayBar() const { return m_replayBar; }
    SnapshotPump *pump() const;
    LinkHub *linkHub() const;

    // Shows `panel`'s dock and brings it to the front of its tab group.
    void showPanel(QWidget *panel);
    // The panel that holds the focus, else the one shown last.
    QWidget *activePanel() const;
    // Ctrl+L: the symbol entry of the active panel (the quote board's entry, the chain's
    // symbol box), or a small entry over a panel that has none (Analyze, Volatility) whose
    // symbol goes to that panel and its link group.
    void focusSymbolEntry();
    SymbolEntry *quickSymbolEntry() const { return m_quickEntry; }
    // The status bar's transient message line.
    void showMessage(const QString &text, int timeoutMs = 8000);

    // The default dock sizes (Greeks 440 px wide, alerts and log 160 px high), now when the
    // window is shown, else when it first is.
    void applyDefaultDockSizes();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildMenus();
    void buildQuickEntry();
    void wireReplayBar();
    void fillPanelsMenu(QMenu *menu);
    void fillWorkspaceMenu(QMenu *menu);
    void showPanelMenu(QDockWidget *dock, const QPoint &globalPos);
    void saveWorkspaceAs();
    // Tabbed panels show only their tab (the tab names them; right-click it for Float, Move to,
    // Close); a panel alone in its area or floating keeps its title bar.
    void refreshTitleBars();
    void scheduleTitleBarRefresh();

    DeskSession &m_session;
    int m_number;
    DeskStatusBar *m_statusBar;
    ReplayBar *m_replayBar = nullptr;
    QAction *m_pauseAction = nullptr;
    QMenu *m_speedMenu = nullptr;
    QFrame *m_quickFrame;
    SymbolEntry *m_quickEntry;
    QWidget *m_quickTarget = nullptr;
    QPointer<QWidget> m_lastActive;
    bool m_defaultSizesPending = false;
    bool m_titleRefreshQueued = false;

    friend class DeskSession; // installs the panel context menu on the docks it creates
};

} // namespace mag7::widgets
