#include "mainwindow.h"

#include "alerts/alertcenter.h"
#include "alertspanel.h"
#include "analyzepanel.h"
#include "chartpanel.h"
#include "deskstatusbar.h"
#include "engine/deskengine.h"
#include "greekspanel.h"
#include "linkgroups.h"
#include "logging/logging.h"
#include "logpanel.h"
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
#include <QDockWidget>
#include <QFrame>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace mag7::widgets {

namespace {
constexpr int kRefreshIntervalMs = 16; // ~60 Hz: a quote is on screen within ~35 ms
const QString kGeometryKey = QStringLiteral("layout/geometry");
const QString kStateKey = QStringLiteral("layout/state");
const QString kQuoteBoardKey = QStringLiteral("layout/quoteBoard");
const QString kChainKey = QStringLiteral("layout/optionChain");
const QString kAnalyzeKey = QStringLiteral("layout/analyze");
const QString kVolatilityKey = QStringLiteral("layout/volatility");
const QString kChartKey = QStringLiteral("layout/chart");
const QString kScannerKey = QStringLiteral("layout/scannerRule");
const QString kTabKey = QStringLiteral("layout/currentTab");
} // namespace

MainWindow::MainWindow(engine::DeskEngine &engine, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_pump(new SnapshotPump([&engine] { return engine.snapshot(); }, kRefreshIntervalMs, this))
    , m_links(new LinkHub(this))
    , m_tabs(new QTabWidget(this))
    , m_quoteBoard(new QuoteBoardPanel(this))
    , m_chain(new OptionChainPanel(this))
    , m_chart(new ChartPanel(this))
    , m_scanner(new ScannerPanel(this))
    , m_signals(new SignalsPanel(this))
    , m_analyze(new AnalyzePanel(this))
    , m_volatility(new VolatilityPanel(this))
    , m_logPanel(new LogPanel(this))
    , m_logDock(new QDockWidget(tr("Log"), this))
    , m_greeks(new GreeksPanel(this))
    , m_greeksDock(new QDockWidget(tr("Greeks"), this))
    , m_statusBar(new DeskStatusBar(this))
    , m_replayBar(new ReplayBar(this))
    , m_quickFrame(new QFrame(this, Qt::Popup))
    , m_quickEntry(new SymbolEntry(m_quickFrame))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Mag7 Desk"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks |
                   QMainWindow::AllowTabbedDocks);

    m_tabs->setObjectName(QStringLiteral("deskTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_quoteBoard, tr("Quotes"));
    m_tabs->addTab(m_chain, tr("Chain"));
    m_tabs->addTab(m_chart, tr("Chart"));
    m_tabs->addTab(m_analyze, tr("Analyze"));
    m_tabs->addTab(m_volatility, tr("Volatility"));
    m_tabs->addTab(m_scanner, tr("Scanner"));
    m_tabs->addTab(m_signals, tr("Playbooks"));
    // Symbols travel between the panels by colour link group (see linkPanels()).
    linkPanels();
    connect(m_chain, &OptionChainPanel::expiryChanged, m_volatility, &VolatilityPanel::setExpiry);
    connect(m_chain, &OptionChainPanel::legRequested, m_analyze, &AnalyzePanel::addLeg);
    setCentralWidget(m_tabs);

    // Alerts: stored through the GUI thread's own connection to the desk database (a few rows a
    // minute at most); the panel applies the alert settings (alerts/...).
    auto database = storage::DeskDatabase::open(engine.options().dataDirectory / "desk.sqlite");
    if (database)
        m_alertDatabase = std::move(database).value();
    else
        logging::get("desk")->error("alerts will not be stored: {}", database.message());
    m_alerts = new alerts::AlertCenter(m_alertDatabase.get(), this);
    m_alertsPanel = new AlertsPanel(*m_alerts, this);
    connect(m_scanner, &ScannerPanel::scanned, m_alertsPanel, &AlertsPanel::onScan);
    m_alertsDock = new QDockWidget(tr("Alerts"), this);
    m_alertsDock->setObjectName(QStringLiteral("alertsDock"));
    m_alertsDock->setWidget(m_alertsPanel);
    m_links->join(m_alertsPanel, LinkGroup::Red, [](const QString &) {});
    connect(m_alertsPanel, &AlertsPanel::symbolChanged, m_links,
            [this](const QString &symbol) { m_links->publish(m_alertsPanel, symbol); });
    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_logPanel);
    m_greeksDock->setObjectName(QStringLiteral("greeksDock"));
    m_greeksDock->setWidget(m_greeks);
    connect(m_chain, &OptionChainPanel::contractSelected, m_greeks, &GreeksPanel::setContract);
    placeDefaultDocks();
    setStatusBar(m_statusBar);
    buildMenus();
    wirePlaybookControls();
    wireReplayBar();

    connect(m_pump, &SnapshotPump::snapshotChanged, this,
            [this](const std::shared_ptr<const engine::DeskSnapshot> &snapshot) {
                m_quoteBoard->setSnapshot(*snapshot);
                m_chain->setSnapshot(*snapshot);
                m_chart->setSnapshot(*snapshot);
                m_scanner->setSnapshot(*snapshot);
                m_signals->setSnapshot(*snapshot);
                m_alertsPanel->setSnapshot(*snapshot);
                m_greeks->setSnapshot(*snapshot);
                m_analyze->setSnapshot(*snapshot);
                m_volatility->setSnapshot(*snapshot);
                m_statusBar->setSnapshot(*snapshot);
                m_replayBar->setSnapshot(*snapshot);
                // Stepping pauses the replay's clock: Market → Pause follows it.
                const bool paused = snapshot->feed.state == engine::FeedState::Paused;
                if (snapshot->feed.replay && m_pauseAction->isChecked() != paused) {
                    const QSignalBlocker blocker(m_pauseAction);
                    m_pauseAction->setChecked(paused);
                }
            });
    resize(1400, 820);
    m_defaultState = saveState(kLayoutVersion);
    m_pump->poll();
    m_pump->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::wirePlaybookControls()
{
    // The trader's playbook settings: sent to the engine, kept in QSettings when it accepts them
    // (playbooks/<name>/<parameter>, playbooks/<name>/enabled) and applied again at start-up.
    auto refused = [this](const QString &what, const Status &status) {
        const QString message =
            tr("%1 refused: %2").arg(what, QString::fromStdString(status.message()));
        statusBar()->showMessage(message, 10000);
        logging::get("desk")->error("{}", message.toStdString());
        m_signals->discardEdits();
    };
    connect(m_signals, &SignalsPanel::parameterEdited, this,
            [this, refused](const QString &playbook, const QString &parameter, double value) {
                const Status set = m_engine.setPlaybookParameter(playbook.toStdString(),
                                                                 parameter.toStdString(), value);
                if (!set) {
                    refused(tr("%1 %2 = %3").arg(playbook, parameter).arg(value), set);
                    return;
                }
                QSettings().setValue(QStringLiteral("playbooks/%1/%2").arg(playbook, parameter),
                                     value);
                statusBar()->showMessage(tr("%1: %2 set to %3").arg(playbook, parameter).arg(value),
                                         5000);
            });
    connect(m_signals, &SignalsPanel::playbookEnabledChanged, this,
            [this, refused](const QString &playbook, bool enabled) {
                const Status set = m_engine.setPlaybookEnabled(playbook.toStdString(), enabled);
                if (!set) {
                    refused(enabled ? tr("Starting %1").arg(playbook)
                                    : tr("Stopping %1").arg(playbook),
                            set);
                    return;
                }
                QSettings().setValue(QStringLiteral("playbooks/%1/enabled").arg(playbook), enabled);
                statusBar()->showMessage(
                    enabled ? tr("%1 runs").arg(playbook) : tr("%1 stopped").arg(playbook), 5000);
            });

    // Saved settings from earlier sessions; ones the playbooks no longer know are skipped.
    QSettings settings;
    settings.beginGroup(QStringLiteral("playbooks"));
    for (const QString &playbook : settings.childGroups()) {
        settings.beginGroup(playbook);
        for (const QString &key : settings.childKeys()) {
            const QVariant value = settings.value(key);
            Status applied;
            if (key == QLatin1String("enabled")) {
                applied = m_engine.setPlaybookEnabled(playbook.toStdString(), value.toBool());
            } else {
                bool ok = false;
                const double number = value.toDouble(&ok);
                applied = ok ? m_engine.setPlaybookParameter(playbook.toStdString(),
                                                             key.toStdString(), number)
                             : Status(Error{"not a number"});
            }
            if (!applied)
                logging::get("desk")->warn("ignoring the saved setting playbooks/{}/{} = {}: {}",
                                           playbook.toStdString(), key.toStdString(),
                                           value.toString().toStdString(), applied.message());
        }
        settings.endGroup();
    }
}

void MainWindow::wireReplayBar()
{
    addToolBar(Qt::BottomToolBarArea, m_replayBar);
    const auto &replay = m_engine.options().replay;
    if (replay && m_alertDatabase) {
        // The earnings, FOMC and CPI of the replayed dates, marked on the timeline.
        auto events = m_alertDatabase->events(easternDate(replay->from), easternDate(replay->to));
        if (events)
            m_replayBar->setEvents(std::move(events).value());
        else
            logging::get("desk")->warn("replay events unavailable: {}", events.message());
    }
    auto report = [this](const QString &what, const Status &status) {
        if (status)
            return;
        const QString message =
            tr("%1 refused: %2").arg(what, QString::fromStdString(status.message()));
        statusBar()->showMessage(message, 10000);
        logging::get("desk")->error("{}", message.toStdString());
    };
    connect(m_replayBar, &ReplayBar::jumpRequested, this, [this, report](Timestamp t) {
        report(tr("Jump to %1 ET").arg(ReplayBar::clockText(t)), m_engine.jumpReplay(t));
    });
    connect(m_replayBar, &ReplayBar::stepRequested, this, [this, report](engine::ReplayStep step) {
        report(step == engine::ReplayStep::Second ? tr("Step +1s") : tr("Step +1m"),
               m_engine.stepReplay(step));
    });
    connect(m_replayBar, &ReplayBar::speedRequested, this,
            [this](double speed) { m_engine.setSpeed(speed); });
    connect(m_replayBar, &ReplayBar::pauseRequested, this, [this](bool paused) {
        if (paused)
            m_engine.pause();
        else
            m_engine.resume();
        const QSignalBlocker blocker(m_pauseAction);
        m_pauseAction->setChecked(paused);
    });
    connect(m_replayBar, &ReplayBar::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
}

void MainWindow::linkPanels()
{
    // Every symbol-bearing panel starts in the Red group: a row picked on the quote board moves
    // the chain, Analyze and Volatility, as does a symbol picked in the chain. The option views
    // take only underlyings that list options.
    const auto optionable = [this](const QString &symbol) { return m_chain->hasChain(symbol); };
    m_links->join(m_quoteBoard, m_quoteBoard->linkGroupButton(),
                  [this](const QString &symbol) { m_quoteBoard->setSymbol(symbol); });
    connect(m_quoteBoard, &QuoteBoardPanel::symbolSelected, this,
            [this](const QString &symbol, bool open) {
                m_links->publish(m_quoteBoard, symbol);
                // Enter or a double-click opens the chain when it shows that underlying.
                if (open && m_chain->symbol() == symbol)
                    m_tabs->setCurrentWidget(m_chain);
            });
    m_links->join(m_chain, m_chain->linkGroupButton(), [this, optionable](const QString &symbol) {
        if (optionable(symbol))
            m_chain->setSymbol(symbol);
    });
    connect(m_chain, &OptionChainPanel::symbolChanged, m_links,
            [this](const QString &symbol) { m_links->publish(m_chain, symbol); });
    m_links->join(m_analyze, m_analyze->linkGroupButton(),
                  [this, optionable](const QString &symbol) {
                      if (optionable(symbol))
                          m_analyze->setSymbol(symbol);
                  });
    m_links->join(m_volatility, m_volatility->linkGroupButton(),
                  [this, optionable](const QString &symbol) {
                      if (optionable(symbol))
                          m_volatility->setSymbol(symbol);
                  });
    m_links->join(m_chart, m_chart->linkGroupButton());
    // The scanner and the signal feed only send: a picked row moves the Red group.
    for (QObject *sender : std::initializer_list<QObject *>{m_scanner, m_signals})
        m_links->join(sender, LinkGroup::Red, [](const QString &) {});
    connect(m_scanner, &ScannerPanel::symbolChanged, m_links,
            [this](const QString &symbol) { m_links->publish(m_scanner, symbol); });
    connect(m_signals, &SignalsPanel::symbolChanged, m_links,
            [this](const QString &symbol) { m_links->publish(m_signals, symbol); });

    // The small symbol entry for panels without one of their own.
    m_quickFrame->setObjectName(QStringLiteral("quickSymbolFrame"));
    m_quickFrame->setFrameShape(QFrame::StyledPanel);
    auto *quickLayout = new QVBoxLayout(m_quickFrame);
    quickLayout->setContentsMargins(4, 4, 4, 4);
    quickLayout->addWidget(m_quickEntry);
    m_quickEntry->setObjectName(QStringLiteral("quickSymbolEntry"));
    m_quickEntry->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("MMMMMMMMMMMM")));
    connect(m_quoteBoard->model(), &QuoteBoardModel::universeChanged, this,
            [this] { m_quickEntry->setUniverse(m_quoteBoard->symbolEntry()->universe()); });
    connect(m_quickEntry, &SymbolEntry::symbolEntered, this, [this](const QString &symbol) {
        m_quickFrame->hide();
        if (m_quickTarget)
            m_links->pick(m_quickTarget, symbol);
    });
    connect(m_quickEntry, &SymbolEntry::symbolRejected, this,
            [this](const QString &, const QString &message) {
                statusBar()->showMessage(message, 6000);
            });
    connect(m_quickEntry, &SymbolEntry::cancelled, m_quickFrame, &QWidget::hide);
}

QWidget *MainWindow::activePanel() const
{
    // The tab page or dock content that holds the focus, else the current tab.
    for (QWidget *w = QApplication::focusWidget(); w; w = w->parentWidget()) {
        if (m_tabs->indexOf(w) >= 0)
            return w;
        if (auto *dock = qobject_cast<QDockWidget *>(w->parentWidget());
            dock && dock->widget() == w)
            return w;
    }
    return m_tabs->currentWidget();
}

void MainWindow::focusSymbolEntry()
{
    QWidget *panel = activePanel();
    if (panel == m_chain) {
        m_chain->symbolBox()->setFocus(Qt::ShortcutFocusReason);
        if (QLineEdit *edit = m_chain->symbolBox()->lineEdit())
            edit->selectAll();
        return;
    }
    if (SymbolEntry *entry = panel ? panel->findChild<SymbolEntry *>() : nullptr) {
        entry->startEntry();
        return;
    }
    if (!m_links->isMember(panel)) {
        // Docks that show no symbol of their own (Greeks, Log): the quote board's entry.
        m_tabs->setCurrentWidget(m_quoteBoard);
        m_quoteBoard->focusSymbolEntry();
        return;
    }
    m_quickTarget = panel;
    m_quickEntry->clear();
    m_quickFrame->adjustSize();
    m_quickFrame->move(panel->mapToGlobal(QPoint(8, 8)));
    m_quickFrame->show();
    m_quickEntry->startEntry();
}

void MainWindow::placeDefaultDocks()
{
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_logDock->setFloating(false);
    m_logDock->show();
    addDockWidget(Qt::BottomDockWidgetArea, m_alertsDock);
    m_alertsDock->setFloating(false);
    tabifyDockWidget(m_logDock, m_alertsDock);
    m_alertsDock->show();
    m_logDock->raise();
    addDockWidget(Qt::RightDockWidgetArea, m_greeksDock);
    m_greeksDock->setFloating(false);
    m_greeksDock->show();
    resizeDocks({m_logDock}, {160}, Qt::Vertical);
    resizeDocks({m_greeksDock}, {400}, Qt::Horizontal);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_logDock->toggleViewAction());
    view->addAction(m_alertsDock->toggleViewAction());
    view->addAction(m_greeksDock->toggleViewAction());
    view->addSeparator();
    QAction *entry = view->addAction(tr("Enter a &symbol"), this, &MainWindow::focusSymbolEntry);
    entry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    entry->setStatusTip(tr("Focus the symbol entry of the active panel"));
    QAction *rules = view->addAction(tr("Quote board &highlight rules…"), this, [this] {
        m_tabs->setCurrentWidget(m_quoteBoard);
        m_quoteBoard->editHighlightRules();
    });
    rules->setStatusTip(tr("Rules such as rvol > 1.5 and ivr > 50 paint the rows they match"));
    QAction *alertSettings = view->addAction(tr("&Alert settings…"), this, [this] {
        m_alertsDock->show();
        m_alertsDock->raise();
        m_alertsPanel->editSettings();
    });
    alertSettings->setStatusTip(
        tr("Webhook, cool-down, sound, notifications, the levels and scanner matches that alert"));
    view->addSeparator();
    QAction *reset = view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));

    QMenu *market = menuBar()->addMenu(tr("&Market"));
    QAction *pause = market->addAction(m_engine.options().replay ? tr("&Pause replay")
                                                                 : tr("&Pause simulation"));
    m_pauseAction = pause;
    pause->setCheckable(true);
    pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(pause, &QAction::toggled, this, [this](bool paused) {
        if (paused)
            m_engine.pause();
        else
            m_engine.resume();
    });
    QMenu *speed = market->addMenu(tr("&Speed"));
    auto *speeds = new QActionGroup(this);
    for (double factor : {1.0, 2.0, 5.0, 10.0, 60.0}) {
        QAction *action = speed->addAction(QStringLiteral("%1×").arg(factor));
        action->setCheckable(true);
        action->setChecked(factor == m_engine.options().speed);
        speeds->addAction(action);
        connect(action, &QAction::triggered, this, [this, factor] { m_engine.setSpeed(factor); });
    }
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kLayoutVersion));
    settings.setValue(kQuoteBoardKey, m_quoteBoard->saveState());
    settings.setValue(kChainKey, m_chain->saveState());
    settings.setValue(kAnalyzeKey, m_analyze->saveState());
    settings.setValue(kVolatilityKey, m_volatility->saveState());
    settings.setValue(kChartKey, m_chart->saveState());
    settings.setValue(kScannerKey, m_scanner->saveState());
    settings.setValue(kTabKey, m_tabs->currentIndex());
}

bool MainWindow::restoreLayout()
{
    QSettings settings;
    bool restored = false;
    if (settings.contains(kGeometryKey))
        restored = restoreGeometry(settings.value(kGeometryKey).toByteArray());
    if (settings.contains(kStateKey))
        restored =
            restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion) && restored;
    // Link groups first: the chain's restored symbol then reaches only its own group.
    if (settings.contains(kAnalyzeKey))
        m_analyze->restoreState(settings.value(kAnalyzeKey).toByteArray());
    if (settings.contains(kVolatilityKey))
        m_volatility->restoreState(settings.value(kVolatilityKey).toByteArray());
    if (settings.contains(kQuoteBoardKey))
        m_quoteBoard->restoreState(settings.value(kQuoteBoardKey).toByteArray());
    if (settings.contains(kChainKey))
        m_chain->restoreState(settings.value(kChainKey).toByteArray());
    if (settings.contains(kChartKey))
        m_chart->restoreState(settings.value(kChartKey).toByteArray());
    if (settings.contains(kScannerKey))
        m_scanner->restoreState(settings.value(kScannerKey).toByteArray());
    m_tabs->setCurrentIndex(settings.value(kTabKey, 0).toInt());
    return restored;
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState, kLayoutVersion);
    placeDefaultDocks();
    m_tabs->setCurrentIndex(0);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    m_pump->stop();
    QMainWindow::closeEvent(event);
}

} // namespace mag7::widgets
