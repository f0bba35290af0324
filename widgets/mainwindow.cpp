#include "mainwindow.h"

#include "analyzepanel.h"
#include "deskstatusbar.h"
#include "engine/deskengine.h"
#include "greekspanel.h"
#include "logpanel.h"
#include "optionchainpanel.h"
#include "quoteboardpanel.h"
#include "snapshotpump.h"
#include "volatilitypanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMenuBar>
#include <QSettings>
#include <QTabWidget>

namespace mag7::widgets {

namespace {
constexpr int kRefreshIntervalMs = 33; // ~30 Hz
const QString kGeometryKey = QStringLiteral("layout/geometry");
const QString kStateKey = QStringLiteral("layout/state");
const QString kQuoteBoardKey = QStringLiteral("layout/quoteBoard");
const QString kChainKey = QStringLiteral("layout/optionChain");
const QString kTabKey = QStringLiteral("layout/currentTab");
} // namespace

MainWindow::MainWindow(engine::DeskEngine &engine, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_pump(new SnapshotPump([&engine] { return engine.snapshot(); }, kRefreshIntervalMs, this))
    , m_tabs(new QTabWidget(this))
    , m_quoteBoard(new QuoteBoardPanel(this))
    , m_chain(new OptionChainPanel(this))
    , m_analyze(new AnalyzePanel(this))
    , m_volatility(new VolatilityPanel(this))
    , m_logPanel(new LogPanel(this))
    , m_logDock(new QDockWidget(tr("Log"), this))
    , m_greeks(new GreeksPanel(this))
    , m_greeksDock(new QDockWidget(tr("Greeks"), this))
    , m_statusBar(new DeskStatusBar(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Mag7 Desk"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks |
                   QMainWindow::AllowTabbedDocks);

    m_tabs->setObjectName(QStringLiteral("deskTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_quoteBoard, tr("Quotes"));
    m_tabs->addTab(m_chain, tr("Chain"));
    m_tabs->addTab(m_analyze, tr("Analyze"));
    m_tabs->addTab(m_volatility, tr("Volatility"));
    // The quote board drives the option views: a row selects their underlying, Enter or a
    // double-click opens its chain.
    connect(m_quoteBoard, &QuoteBoardPanel::symbolSelected, this,
            [this](const QString &symbol, bool open) {
                if (!m_chain->hasChain(symbol))
                    return;
                m_chain->setSymbol(symbol);
                if (open)
                    m_tabs->setCurrentWidget(m_chain);
            });
    connect(m_chain, &OptionChainPanel::symbolChanged, m_volatility, &VolatilityPanel::setSymbol);
    connect(m_chain, &OptionChainPanel::expiryChanged, m_volatility, &VolatilityPanel::setExpiry);
    connect(m_chain, &OptionChainPanel::legRequested, m_analyze, &AnalyzePanel::addLeg);
    connect(m_chain, &OptionChainPanel::symbolChanged, m_analyze, &AnalyzePanel::setSymbol);
    setCentralWidget(m_tabs);

    m_logDock->setObjectName(QStringLiteral("logDock"));
    m_logDock->setWidget(m_logPanel);
    m_greeksDock->setObjectName(QStringLiteral("greeksDock"));
    m_greeksDock->setWidget(m_greeks);
    connect(m_chain, &OptionChainPanel::contractSelected, m_greeks, &GreeksPanel::setContract);
    placeDefaultDocks();
    setStatusBar(m_statusBar);
    buildMenus();

    connect(m_pump, &SnapshotPump::snapshotChanged, this,
            [this](const std::shared_ptr<const engine::DeskSnapshot> &snapshot) {
                m_quoteBoard->setSnapshot(*snapshot);
                m_chain->setSnapshot(*snapshot);
                m_greeks->setSnapshot(*snapshot);
                m_analyze->setSnapshot(*snapshot);
                m_volatility->setSnapshot(*snapshot);
                m_statusBar->setSnapshot(*snapshot);
            });
    resize(1400, 820);
    m_defaultState = saveState(kLayoutVersion);
    m_pump->poll();
    m_pump->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::placeDefaultDocks()
{
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    m_logDock->setFloating(false);
    m_logDock->show();
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
    view->addAction(m_greeksDock->toggleViewAction());
    view->addSeparator();
    QAction *reset = view->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));

    QMenu *market = menuBar()->addMenu(tr("&Market"));
    QAction *pause = market->addAction(tr("&Pause simulation"));
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
    if (settings.contains(kQuoteBoardKey))
        m_quoteBoard->restoreState(settings.value(kQuoteBoardKey).toByteArray());
    if (settings.contains(kChainKey))
        m_chain->restoreState(settings.value(kChainKey).toByteArray());
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
