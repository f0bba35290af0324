#include "mainwindow.h"

#include "alertspanel.h"
#include "analyzepanel.h"
#include "chartpanel.h"
#include "desksession.h"
#include "deskstatusbar.h"
#include "engine/deskengine.h"
#include "greekspanel.h"
#include "linkgroups.h"
#include "logging/logging.h"
#include "model/easterntime.h"
#include "optionchainpanel.h"
#include "quoteboardmodel.h"
#include "quoteboardpanel.h"
#include "replaybar.h"
#include "scannerpanel.h"
#include "signalspanel.h"
#include "snapshotpump.h"
#include "storage/deskdatabase.h"
#include "symbolentry.h"
#include "volatilitypanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDockWidget>
#include <QFrame>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QTabBar>
#include <QVBoxLayout>

#include <cmath>

namespace mag7::widgets {

MainWindow::MainWindow(DeskSession &session, int number)
    : m_session(session)
    , m_number(number)
    , m_statusBar(new DeskStatusBar(this))
    , m_quickFrame(new QFrame(this, Qt::Popup))
    , m_quickEntry(new SymbolEntry(m_quickFrame))
{
    setAttribute(Qt::WA_DeleteOnClose, false); // the session decides when a window goes
    setObjectName(number == 1 ? QStringLiteral("MainWindow")
                              : QStringLiteral("DeskWindow%1").arg(number));
    setWindowTitle(number == 1 ? tr("Mag7 Desk") : tr("Mag7 Desk %1").arg(number));
    // Every panel is a dock: no central widget, tabs on top like a browser's.
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks |
                   QMainWindow::AllowTabbedDocks | QMainWindow::GroupedDragging);
    setTabPosition(Qt::AllDockWidgetAreas, QTabWidget::North);
    setDocumentMode(true);
    setStatusBar(m_statusBar);
    buildQuickEntry();
    buildMenus();
    if (isMainWindow())
        wireReplayBar();
    connect(this, &QMainWindow::tabifiedDockWidgetActivated, this, [this](QDockWidget *dock) {
        m_lastActive = dock->widget();
        scheduleTitleBarRefresh();
    });
    connect(&m_session, &DeskSession::message, this,
            [this](const QString &text) { showMessage(text); });

    connect(pump(), &SnapshotPump::snapshotChanged, this,
            [this](const std::shared_ptr<const engine::DeskSnapshot> &snapshot) {
                m_statusBar->setSnapshot(*snapshot);
                if (m_replayBar)
                    m_replayBar->setSnapshot(*snapshot);
                // Stepping pauses the replay's clock: Market → Pause follows it, and the speed
                // menu shows the speed picked anywhere (the replay bar, another window).
                const bool paused = snapshot->feed.state == engine::FeedState::Paused;
                if (snapshot->feed.replay && m_pauseAction->isChecked() != paused) {
                    const QSignalBlocker blocker(m_pauseAction);
                    m_pauseAction->setChecked(paused);
                }
                for (QAction *action : m_speedMenu->actions()) {
                    const bool current =
                        std::abs(action->data().toDouble() - snapshot->feed.speed) < 1e-9;
                    if (action->isChecked() != current) {
                        const QSignalBlocker blocker(action);
                        action->setChecked(current);
                    }
                }
            });
    // The panel last shown or focused answers Ctrl+L when nothing has the focus.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        for (QWidget *w = now; w; w = w->parentWidget()) {
            if (QDockWidget *dock = DeskSession::dockOf(w); dock && dock->parentWidget() == this) {
                m_lastActive = w;
                return;
            }
        }
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::applyDefaultDockSizes()
{
    if (!isVisible()) {
        m_defaultSizesPending = true;
        return;
    }
    m_defaultSizesPending = false;
    QList<QDockWidget *> right;
    QList<QDockWidget *> bottom;
    for (QDockWidget *dock : m_session.panelsIn(this)) {
        if (dock->isFloating() || !dock->isVisible())
            continue;
        const auto kind = m_session.kindOf(dock);
        if (kind == PanelKind::Greeks && right.isEmpty())
            right.append(dock);
        if ((kind == PanelKind::Alerts || kind == PanelKind::Log) && bottom.isEmpty())
            bottom.append(dock);
    }
    if (!right.isEmpty())
        resizeDocks(right, {440}, Qt::Horizontal);
    if (!bottom.isEmpty())
        resizeDocks(bottom, {160}, Qt::Vertical);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_defaultSizesPending)
        QMetaObject::invokeMethod(this, &MainWindow::applyDefaultDockSizes, Qt::QueuedConnection);
    scheduleTitleBarRefresh();
}

void MainWindow::scheduleTitleBarRefresh()
{
    if (m_titleRefreshQueued)
        return;
    m_titleRefreshQueued = true;
    QMetaObject::invokeMethod(this, &MainWindow::refreshTitleBars, Qt::QueuedConnection);
}

void MainWindow::refreshTitleBars()
{
    m_titleRefreshQueued = false;
    for (QDockWidget *dock : m_session.panelsIn(this)) {
        const bool tabbed = !dock->isFloating() && !tabifiedDockWidgets(dock).isEmpty();
        const bool hidden = dock->titleBarWidget() != nullptr;
        if (tabbed && !hidden) {
            auto *none = new QWidget(dock);
            none->setObjectName(QStringLiteral("tabbedTitle"));
            dock->setTitleBarWidget(none);
        } else if (!tabbed && hidden) {
            QWidget *none = dock->titleBarWidget();
            dock->setTitleBarWidget(nullptr);
            none->deleteLater();
        }
    }
    // Right-click on a tab: the panel menu.
    for (QTabBar *bar : findChildren<QTabBar *>(Qt::FindDirectChildrenOnly))
        bar->installEventFilter(this); // installing twice keeps one filter
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    auto *bar = qobject_cast<QTabBar *>(watched);
    if (bar && event->type() == QEvent::ContextMenu) {
        const auto *menuEvent = static_cast<QContextMenuEvent *>(event);
        const int tab = bar->tabAt(menuEvent->pos());
        if (tab >= 0) {
            // The main window's tab bars carry the dock as their tab data.
            const auto id = bar->tabData(tab).value<quintptr>();
            for (QDockWidget *dock : m_session.panelsIn(this)) {
                if (reinterpret_cast<quintptr>(dock) == id ||
                    (id == 0 && dock->windowTitle() == bar->tabText(tab))) {
                    showPanelMenu(dock, menuEvent->globalPos());
                    return true;
                }
            }
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

QuoteBoardPanel *MainWindow::quoteBoard() const
{
    return m_session.first<QuoteBoardPanel>(this);
}
OptionChainPanel *MainWindow::optionChain() const
{
    return m_session.first<OptionChainPanel>(this);
}
GreeksPanel *MainWindow::greeks() const
{
    return m_session.first<GreeksPanel>(this);
}
AnalyzePanel *MainWindow::analyze() const
{
    return m_session.first<AnalyzePanel>(this);
}
VolatilityPanel *MainWindow::volatility() const
{
    return m_session.first<VolatilityPanel>(this);
}
ChartPanel *MainWindow::chart() const
{
    return m_session.first<ChartPanel>(this);
}
ScannerPanel *MainWindow::scanner() const
{
    return m_session.first<ScannerPanel>(this);
}
SignalsPanel *MainWindow::signalsPanel() const
{
    return m_session.first<SignalsPanel>(this);
}
AlertsPanel *MainWindow::alertsPanel() const
{
    return m_session.first<AlertsPanel>(this);
}
SnapshotPump *MainWindow::pump() const
{
    return m_session.pump();
}
LinkHub *MainWindow::linkHub() const
{
    return m_session.linkHub();
}

void MainWindow::showMessage(const QString &text, int timeoutMs)
{
    m_statusBar->showMessage(text, timeoutMs);
}

void MainWindow::wireReplayBar()
{
    m_replayBar = new ReplayBar(this);
    addToolBar(Qt::BottomToolBarArea, m_replayBar);
    engine::DeskEngine &engine = m_session.engine();
    const auto &replay = engine.options().replay;
    if (replay && m_session.database()) {
        // The earnings, FOMC and CPI of the replayed dates, marked on the timeline.
        auto events =
            m_session.database()->events(easternDate(replay->from), easternDate(replay->to));
        if (events)
            m_replayBar->setEvents(std::move(events).value());
        else
            logging::get("desk")->warn("replay events unavailable: {}", events.message());
    }
    auto report = [this](const QString &what, const Status &status) {
        if (status)
            return;
        const QString text =
            tr("%1 refused: %2").arg(what, QString::fromStdString(status.message()));
        showMessage(text, 10000);
        logging::get("desk")->error("{}", text.toStdString());
    };
    connect(m_replayBar, &ReplayBar::jumpRequested, this, [&engine, report](Timestamp t) {
        report(tr("Jump to %1 ET").arg(ReplayBar::clockText(t)), engine.jumpReplay(t));
    });
    connect(m_replayBar, &ReplayBar::stepRequested, this,
            [&engine, report](engine::ReplayStep step) {
                report(step == engine::ReplayStep::Tick     ? tr("Step to the next tick")
                       : step == engine::ReplayStep::Second ? tr("Step +1s")
                                                            : tr("Step +1m"),
                       engine.stepReplay(step));
            });
    connect(m_replayBar, &ReplayBar::barStepRequested, this, [this, &engine, report] {
        // The timeframe of the chart in front (the active panel, else this window's first).
        auto *chart = qobject_cast<ChartPanel *>(activePanel());
        if (!chart)
            chart = this->chart();
        if (!chart)
            chart = m_session.first<ChartPanel>(m_session.windows().back());
        const engine::BarInterval interval =
            chart ? chart->interval() : engine::BarInterval::Minute1;
        const Timestamp target =
            ReplayBar::nextBarClose(engine.marketTime(), interval, engine.options().replay->to);
        engine.pause();
        const QSignalBlocker blocker(m_pauseAction);
        m_pauseAction->setChecked(true);
        report(tr("Step to the %1 bar close at %2 ET")
                   .arg(QLatin1String(engine::barIntervalName(interval)),
                        ReplayBar::clockText(target)),
               engine.jumpReplay(target));
    });
    connect(m_replayBar, &ReplayBar::speedRequested, this,
            [&engine](double speed) { engine.setSpeed(speed); });
    connect(m_replayBar, &ReplayBar::pauseRequested, this, [this, &engine](bool paused) {
        if (paused)
            engine.pause();
        else
            engine.resume();
        const QSignalBlocker blocker(m_pauseAction);
        m_pauseAction->setChecked(paused);
    });
    connect(m_replayBar, &ReplayBar::message, this,
            [this](const QString &text) { showMessage(text); });
}

void MainWindow::buildQuickEntry()
{
    // The small symbol entry for panels without one of their own.
    m_quickFrame->setObjectName(QStringLiteral("quickSymbolFrame"));
    m_quickFrame->setFrameShape(QFrame::StyledPanel);
    auto *quickLayout = new QVBoxLayout(m_quickFrame);
    quickLayout->setContentsMargins(4, 4, 4, 4);
    quickLayout->addWidget(m_quickEntry);
    m_quickEntry->setObjectName(QStringLiteral("quickSymbolEntry"));
    m_quickEntry->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("MMMMMMMMMMMM")));
    connect(m_quickEntry, &SymbolEntry::symbolEntered, this, [this](const QString &symbol) {
        m_quickFrame->hide();
        if (m_quickTarget)
            linkHub()->pick(m_quickTarget, symbol);
    });
    connect(m_quickEntry, &SymbolEntry::symbolRejected, this,
            [this](const QString &, const QString &text) { showMessage(text, 6000); });
    connect(m_quickEntry, &SymbolEntry::cancelled, m_quickFrame, &QWidget::hide);
}

void MainWindow::showPanel(QWidget *panel)
{
    QDockWidget *dock = DeskSession::dockOf(panel);
    if (!dock)
        return;
    dock->show();
    dock->raise();
    m_lastActive = panel;
    // The keyboard follows: the panel's focus proxy (or the panel) takes the focus unless it
    // already holds it.
    if (!panel->isAncestorOf(QApplication::focusWidget()))
        panel->setFocus(Qt::OtherFocusReason);
}

QWidget *MainWindow::activePanel() const
{
    // The panel that holds the focus, else the one focused or shown last, else the first
    // visible one.
    for (QWidget *w = QApplication::focusWidget(); w; w = w->parentWidget()) {
        if (QDockWidget *dock = DeskSession::dockOf(w); dock && dock->parentWidget() == this)
            return w;
    }
    if (m_lastActive && DeskSession::dockOf(m_lastActive))
        return m_lastActive;
    for (QDockWidget *dock : m_session.panelsIn(this)) {
        if (dock->isVisible() && !dock->visibleRegion().isEmpty())
            return dock->widget();
    }
    return nullptr;
}

void MainWindow::focusSymbolEntry()
{
    QWidget *panel = activePanel();
    if (auto *chain = qobject_cast<OptionChainPanel *>(panel)) {
        chain->symbolBox()->setFocus(Qt::ShortcutFocusReason);
        if (QLineEdit *edit = chain->symbolBox()->lineEdit())
            edit->selectAll();
        return;
    }
    if (SymbolEntry *entry = panel ? panel->findChild<SymbolEntry *>() : nullptr) {
        entry->startEntry();
        return;
    }
    if (!panel || !linkHub()->isMember(panel)) {
        // Panels that show no symbol of their own (Greeks, Log): the quote board's entry.
        if (QuoteBoardPanel *board = quoteBoard()) {
            showPanel(board);
            board->focusSymbolEntry();
        }
        return;
    }
    if (QuoteBoardPanel *board = m_session.first<QuoteBoardPanel>(m_session.mainWindow()))
        m_quickEntry->setUniverse(board->symbolEntry()->universe());
    m_quickTarget = panel;
    m_quickEntry->clear();
    m_quickFrame->adjustSize();
    m_quickFrame->move(panel->mapToGlobal(QPoint(8, 8)));
    m_quickFrame->show();
    m_quickEntry->startEntry();
}

void MainWindow::buildMenus()
{
    engine::DeskEngine &engine = m_session.engine();
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *newWindow =
        file->addAction(tr("New desk &window"), &m_session, [this] { m_session.newWindow(); });
    newWindow->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    newWindow->setStatusTip(tr("Another desk window for a second screen; move panels into it"));
    file->addSeparator();
    QAction *close =
        file->addAction(isMainWindow() ? tr("&Quit") : tr("&Close window"), this, &QWidget::close);
    close->setShortcut(isMainWindow() ? QKeySequence::Quit : QKeySequence::Close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QMenu *newPanel = view->addMenu(tr("&New panel"));
    for (int k = 0; k < kPanelKindCount; ++k) {
        const auto kind = static_cast<PanelKind>(k);
        if (panelKindIsSingle(kind))
            continue;
        newPanel->addAction(panelKindTitle(kind), this,
                            [this, kind] { m_session.addPanel(kind, this); });
    }
    QMenu *panelsMenu = view->addMenu(tr("&Panels"));
    connect(panelsMenu, &QMenu::aboutToShow, this,
            [this, panelsMenu] { fillPanelsMenu(panelsMenu); });
    view->addSeparator();
    QAction *entry = view->addAction(tr("Enter a &symbol"), this, &MainWindow::focusSymbolEntry);
    entry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    entry->setStatusTip(tr("Focus the symbol entry of the active panel"));
    QAction *rules = view->addAction(tr("Quote board &highlight rules…"), this, [this] {
        if (QuoteBoardPanel *board = quoteBoard()) {
            showPanel(board);
            board->editHighlightRules();
        }
    });
    rules->setStatusTip(tr("Rules such as rvol > 1.5 and ivr > 50 paint the rows they match"));
    QAction *alertSettings = view->addAction(tr("&Alert settings…"), this, [this] {
        QDockWidget *dock = m_session.addPanel(PanelKind::Alerts, this);
        if (auto *alerts = qobject_cast<AlertsPanel *>(DeskSession::contentOf(dock)))
            alerts->editSettings();
    });
    alertSettings->setStatusTip(
        tr("Webhook, cool-down, sound, notifications, the levels and scanner matches that alert"));

    QMenu *workspace = menuBar()->addMenu(tr("&Workspace"));
    connect(workspace, &QMenu::aboutToShow, this,
            [this, workspace] { fillWorkspaceMenu(workspace); });
    fillWorkspaceMenu(workspace); // the shortcuts work before the menu was ever opened

    QMenu *market = menuBar()->addMenu(tr("&Market"));
    m_pauseAction =
        market->addAction(engine.options().replay ? tr("&Pause replay") : tr("&Pause simulation"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pauseAction, &QAction::toggled, this, [&engine](bool paused) {
        if (paused)
            engine.pause();
        else
            engine.resume();
    });
    m_speedMenu = market->addMenu(tr("&Speed"));
    auto *speeds = new QActionGroup(this);
    const std::vector<double> factors =
        engine.options().replay
            ? std::vector<double>(ReplayBar::kSpeeds.begin(), ReplayBar::kSpeeds.end())
            : std::vector<double>{1, 2, 5, 10, 60};
    for (double factor : factors) {
        const QString label = factor == ReplayBar::kMaxSpeed && engine.options().replay
                                  ? tr("max")
                                  : QStringLiteral("%1×").arg(factor);
        QAction *action = m_speedMenu->addAction(label);
        action->setData(factor);
        action->setCheckable(true);
        action->setChecked(factor == engine.options().speed);
        speeds->addAction(action);
        connect(action, &QAction::triggered, this, [&engine, factor] { engine.setSpeed(factor); });
    }
}

void MainWindow::fillPanelsMenu(QMenu *menu)
{
    // This window's panels (shown or hidden), then "Move <active panel> to".
    menu->clear();
    for (QDockWidget *dock : m_session.panelsIn(this))
        menu->addAction(dock->toggleViewAction());
    QWidget *active = activePanel();
    if (QDockWidget *dock = DeskSession::dockOf(active)) {
        menu->addSeparator();
        QMenu *move = menu->addMenu(tr("Move %1 to").arg(dock->windowTitle()));
        for (MainWindow *window : m_session.windows()) {
            if (window != this)
                move->addAction(window->windowTitle(), this,
                                [this, dock, window] { m_session.movePanel(dock, window); });
        }
        move->addAction(tr("New desk window"), this,
                        [this, dock] { m_session.movePanel(dock, m_session.newWindow()); });
    }
}

void MainWindow::fillWorkspaceMenu(QMenu *menu)
{
    menu->clear();
    const QString current = m_session.currentWorkspace();
    QAction *save = menu->addAction(tr("&Save workspace “%1”").arg(current), this, [this] {
        const QString name = m_session.currentWorkspace();
        if (Status saved = m_session.saveWorkspace(name); !saved)
            QMessageBox::warning(this, tr("Save workspace"),
                                 QString::fromStdString(saved.message()));
        else
            showMessage(tr("Workspace %1 saved to %2").arg(name, workspacePath(name)));
    });
    save->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    menu->addAction(tr("Save workspace &as…"), this, &MainWindow::saveWorkspaceAs);
    QMenu *open = menu->addMenu(tr("&Open workspace"));
    const QStringList names = workspaceNames();
    open->setEnabled(!names.isEmpty());
    for (const QString &name : names) {
        QAction *action = open->addAction(name, this, [this, name] {
            if (Status loaded = m_session.loadWorkspace(name); !loaded)
                QMessageBox::warning(this, tr("Open workspace"),
                                     QString::fromStdString(loaded.message()));
        });
        action->setCheckable(true);
        action->setChecked(name == current);
    }
    QMenu *remove = menu->addMenu(tr("&Delete workspace"));
    remove->setEnabled(names.size() > 1 || (names.size() == 1 && names.front() != current));
    for (const QString &name : names) {
        if (name == current)
            continue; // the workspace in use is written again on exit
        remove->addAction(name, this, [this, name] {
            if (Status removed = removeWorkspace(name); !removed)
                showMessage(QString::fromStdString(removed.message()));
        });
    }
    menu->addSeparator();
    QAction *reset =
        menu->addAction(tr("&Reset layout"), &m_session, [this] { m_session.resetLayout(); });
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    reset->setStatusTip(tr("Every panel back in the main window, in the default arrangement"));
}

void MainWindow::saveWorkspaceAs()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save workspace"),
                                               tr("Name (letters, digits, space, - _ .):"),
                                               QLineEdit::Normal, m_session.currentWorkspace(), &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    if (Status saved = m_session.saveWorkspace(name); !saved)
        QMessageBox::warning(this, tr("Save workspace"), QString::fromStdString(saved.message()));
    else
        showMessage(tr("Workspace %1 saved to %2").arg(name, workspacePath(name)));
}

void MainWindow::showPanelMenu(QDockWidget *dock, const QPoint &globalPos)
{
    const auto kind = m_session.kindOf(dock);
    if (!kind)
        return;
    QMenu menu(this);
    QMenu *move = menu.addMenu(tr("Move to"));
    for (MainWindow *window : m_session.windows()) {
        QAction *action = move->addAction(window->windowTitle(), this, [this, dock, window] {
            m_session.movePanel(dock, window);
        });
        action->setEnabled(window != this);
    }
    move->addAction(tr("New desk window"), this,
                    [this, dock] { m_session.movePanel(dock, m_session.newWindow()); });
    if (!panelKindIsSingle(*kind))
        menu.addAction(tr("New %1 panel").arg(panelKindTitle(*kind)), this,
                       [this, kind] { m_session.addPanel(*kind, this); });
    menu.addAction(dock->isFloating() ? tr("Dock") : tr("Float"), this,
                   [dock] { dock->setFloating(!dock->isFloating()); });
    menu.addAction(tr("Close"), dock, &QWidget::close);
    menu.exec(globalPos);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (isMainWindow()) {
        // The desk ends with its main window: the workspace is saved with every window.
        m_session.shutdown();
        QMainWindow::closeEvent(event);
        return;
    }
    QMainWindow::closeEvent(event);
    if (event->isAccepted())
        QMetaObject::invokeMethod(
            &m_session, [this] { m_session.forgetWindow(this); }, Qt::QueuedConnection);
}

} // namespace mag7::widgets
