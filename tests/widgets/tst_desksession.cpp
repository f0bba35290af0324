// The multi-window desk on the offscreen platform with two screens of different pixel ratios
// (1× on the left, 2× on the right): panels of one kind several times, moving panels between
// windows, link groups across windows, a workspace saved and loaded back (windows, screens,
// geometry, floating panels, panel settings, link groups), a workspace whose screen is gone, and
// Reset layout.
#include "analyzepanel.h"
#include "chartdata.h"
#include "chartpanel.h"
#include "desksession.h"
#include "deskstatusbar.h"
#include "engine/deskengine.h"
#include "linkgroups.h"
#include "mainwindow.h"
#include "model/easterntime.h"
#include "optionchainpanel.h"
#include "quoteboardmodel.h"
#include "quoteboardpanel.h"
#include "signalspanel.h"
#include "snapshotpump.h"
#include "theme.h"

#include <QApplication>
#include <QDockWidget>
#include <QItemSelectionModel>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>

#include <cmath>
#include <memory>

using namespace mag7;
using namespace mag7::widgets;

class TestDeskSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void twoScreensWithDifferentPixelRatios();
    void severalPanelsOfOneKind();
    void linkGroupsReachEveryWindow();
    void movesPanelsBetweenWindows();
    void workspaceRoundTrips();
    void missingScreenFallsBackToPrimary();
    void refusesAnUnreadableWorkspace();
    void handWrittenWorkspaceApplies();
    void resetLayoutGathersEveryPanel();
    void lastWorkspaceIsRestoredAtStart();

private:
    std::unique_ptr<DeskSession> openSession();
    static QScreen *screenNamed(const QString &name);

    QTemporaryDir m_dir;
    WallClock m_wall;
    std::unique_ptr<engine::DeskEngine> m_engine;
};

void TestDeskSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mag7Test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_desksession"));
    QSettings().clear();
    QDir(workspaceDirectory()).removeRecursively();
    applyTheme(*qApp, ThemeKind::Dark);
    engine::DeskOptions options;
    options.dataDirectory = m_dir.path().toStdString();
    options.start = *parseIsoTimestamp("2025-01-13T10:15");
    options.record = false;
    m_engine = std::make_unique<engine::DeskEngine>(options, m_wall);
    const Status started = m_engine->start();
    QVERIFY2(started.ok(), started.message().c_str());
}

void TestDeskSession::cleanupTestCase()
{
    if (m_engine)
        m_engine->stop();
}

std::unique_ptr<DeskSession> TestDeskSession::openSession()
{
    auto session = std::make_unique<DeskSession>(*m_engine);
    MainWindow *main = session->mainWindow();
    main->setGeometry(QRect(QPoint(100, 80), QSize(1200, 700)));
    main->show();
    return session;
}

QScreen *TestDeskSession::screenNamed(const QString &name)
{
    for (QScreen *screen : QGuiApplication::screens()) {
        if (screen->name() == name)
            return screen;
    }
    return nullptr;
}

void TestDeskSession::twoScreensWithDifferentPixelRatios()
{
    QScreen *left = screenNamed(QStringLiteral("Left"));
    QScreen *right = screenNamed(QStringLiteral("Right"));
    QVERIFY(left && right);
    QCOMPARE(left->devicePixelRatio(), 1.0);
    QCOMPARE(right->devicePixelRatio(), 2.0);
    QCOMPARE(QGuiApplication::primaryScreen(), left);
}

void TestDeskSession::severalPanelsOfOneKind()
{
    auto session = openSession();
    MainWindow *main = session->mainWindow();
    // One panel of every kind to begin with.
    QCOMPARE(static_cast<int>(session->panels().size()), kPanelKindCount);
    QDockWidget *second = session->addPanel(PanelKind::Chart, main);
    QCOMPARE(second->objectName(), QStringLiteral("chart-2"));
    QCOMPARE(second->windowTitle(), QStringLiteral("Chart 2"));
    QDockWidget *third = session->addPanel(PanelKind::Chart, main);
    QCOMPARE(third->objectName(), QStringLiteral("chart-3"));
    auto *chart2 = qobject_cast<ChartPanel *>(DeskSession::contentOf(second));
    auto *chart3 = qobject_cast<ChartPanel *>(DeskSession::contentOf(third));
    QVERIFY(chart2 && chart3 && chart2 != main->chart());
    // Independent when not linked: two symbols, two timeframes.
    chart2->linkGroupButton()->setGroup(LinkGroup::None);
    chart3->linkGroupButton()->setGroup(LinkGroup::None);
    chart2->setSymbol(QStringLiteral("NVDA"));
    chart3->setSymbol(QStringLiteral("TSLA"));
    chart2->setInterval(engine::BarInterval::Minute15);
    QCOMPARE(chart2->symbol(), QStringLiteral("NVDA"));
    QCOMPARE(chart3->symbol(), QStringLiteral("TSLA"));
    QCOMPARE(chart3->interval(), main->chart()->interval());
    QVERIFY(chart3->interval() != engine::BarInterval::Minute15);
    // Both receive snapshots.
    QTRY_VERIFY_WITH_TIMEOUT(chart2->data().size() > 0 && chart3->data().size() > 0, 30000);
    // Alerts and Log exist once: asking again shows the existing panel.
    QDockWidget *alerts = session->panelById(QStringLiteral("alerts"));
    QCOMPARE(session->addPanel(PanelKind::Alerts, main), alerts);
    QCOMPARE(static_cast<int>(session->panels().size()), kPanelKindCount + 2);
    // A second panel goes away when closed.
    QPointer<QDockWidget> closed = third;
    third->close();
    QTRY_VERIFY(closed.isNull());
    QCOMPARE(static_cast<int>(session->panels().size()), kPanelKindCount + 1);
    // Its id is free again.
    QCOMPARE(session->addPanel(PanelKind::Chart, main)->objectName(), QStringLiteral("chart-3"));
}

void TestDeskSession::linkGroupsReachEveryWindow()
{
    auto session = openSession();
    MainWindow *main = session->mainWindow();
    MainWindow *second = session->newWindow();
    QCOMPARE(second->number(), 2);
    QCOMPARE(second->windowTitle(), QStringLiteral("Mag7 Desk 2"));
    QDockWidget *dock = session->addPanel(PanelKind::Chart, second);
    QCOMPARE(dock->parentWidget(), second);
    auto *chart = qobject_cast<ChartPanel *>(DeskSession::contentOf(dock));
    QCOMPARE(second->chart(), chart);
    QDockWidget *chainDock = session->addPanel(PanelKind::Chain, second);
    auto *chain = qobject_cast<OptionChainPanel *>(DeskSession::contentOf(chainDock));
    chain->linkGroupButton()->setGroup(LinkGroup::Green);

    QuoteBoardPanel *board = main->quoteBoard();
    auto *model = board->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfSymbol(QStringLiteral("NVDA")) >= 0, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(main->optionChain()->hasChain(QStringLiteral("NVDA")), 30000);
    const auto pick = [&](const char *symbol) {
        const int row = model->rowOfSymbol(QLatin1String(symbol));
        board->view()->selectionModel()->setCurrentIndex(board->view()->model()->index(row, 0),
                                                         QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    };
    // Red on the board in window 1 moves the red chart in window 2 and the chain in window 1;
    // the green chain in window 2 stays.
    const QString before = chain->symbol();
    pick("NVDA");
    QCOMPARE(chart->symbol(), QStringLiteral("NVDA"));
    QCOMPARE(main->optionChain()->symbol(), QStringLiteral("NVDA"));
    QCOMPARE(chain->symbol(), before);
    // And back: a symbol picked in window 2's chart reaches window 1.
    chart->linkGroupButton()->setGroup(LinkGroup::Green);
    session->linkHub()->pick(chart, QStringLiteral("TSLA"));
    QCOMPARE(chain->symbol(), QStringLiteral("TSLA"));
    QCOMPARE(main->optionChain()->symbol(), QStringLiteral("NVDA"));
    main->optionChain()->linkGroupButton()->setGroup(LinkGroup::Green);
    session->linkHub()->pick(chain, QStringLiteral("AAPL"));
    QCOMPARE(main->optionChain()->symbol(), QStringLiteral("AAPL"));
    QCOMPARE(chart->symbol(), QStringLiteral("AAPL"));
    // One replay/market clock: every window's status bar shows the same market time.
    QTRY_VERIFY(!second->deskStatusBar()->clockText().isEmpty());
    session->pump()->poll();
    QCOMPARE(second->deskStatusBar()->clockText(), main->deskStatusBar()->clockText());
}

void TestDeskSession::movesPanelsBetweenWindows()
{
    auto session = openSession();
    MainWindow *main = session->mainWindow();
    MainWindow *second = session->newWindow();
    ChartPanel *chart = main->chart();
    chart->linkGroupButton()->setGroup(LinkGroup::Blue);
    chart->setSymbol(QStringLiteral("META"));
    chart->setInterval(engine::BarInterval::Minute15);
    QDockWidget *dock = DeskSession::dockOf(chart);
    session->movePanel(dock, second);
    QCOMPARE(dock->parentWidget(), second);
    QCOMPARE(main->chart(), nullptr);
    QCOMPARE(second->chart(), chart);
    QCOMPARE(chart->symbol(), QStringLiteral("META"));
    QCOMPARE(chart->interval(), engine::BarInterval::Minute15);
    QCOMPARE(session->linkHub()->groupOf(chart), LinkGroup::Blue);
    QVERIFY(dock->isVisible());
    // A floating panel moves docked.
    QDockWidget *greeks = session->panelById(QStringLiteral("greeks"));
    greeks->setFloating(true);
    session->movePanel(greeks, second);
    QCOMPARE(greeks->parentWidget(), second);
    QVERIFY(!greeks->isFloating());
    // Closing the second window takes its panels with it; the main window stays.
    QPointer<QDockWidget> gone = dock;
    second->close();
    QTRY_VERIFY(gone.isNull());
    QCOMPARE(session->windows().size(), std::size_t{1});
    QCOMPARE(session->mainWindow(), main);
}

void TestDeskSession::workspaceRoundTrips()
{
    QRect secondGeometry;
    std::vector<QList<int>> splitterSizes;
    {
        auto session = openSession();
        MainWindow *main = session->mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(main));
        // Window 2 on the 2× screen with a second chart (5m, NVDA, blue) and the Greeks.
        MainWindow *second = session->newWindow();
        QScreen *right = screenNamed(QStringLiteral("Right"));
        second->windowHandle()->setScreen(right);
        secondGeometry = QRect(right->geometry().topLeft() + QPoint(40, 30), QSize(900, 560));
        second->setGeometry(secondGeometry);
        QVERIFY(QTest::qWaitForWindowExposed(second));
        QDockWidget *chartDock = session->addPanel(PanelKind::Chart, second);
        auto *chart = qobject_cast<ChartPanel *>(DeskSession::contentOf(chartDock));
        chart->linkGroupButton()->setGroup(LinkGroup::Blue);
        chart->setSymbol(QStringLiteral("NVDA"));
        chart->setInterval(engine::BarInterval::Minute5);
        session->movePanel(session->panelById(QStringLiteral("greeks")), second);
        // In window 1: the log floats, columns and link groups changed.
        session->panelById(QStringLiteral("log"))->setFloating(true);
        main->quoteBoard()->view()->setColumnWidth(QuoteBoardModel::Last, 123);
        QVERIFY(main->quoteBoard()->setCurrentWatchlist(QStringLiteral("Index")));
        main->optionChain()->linkGroupButton()->setGroup(LinkGroup::Yellow);
        main->chart()->linkGroupButton()->setGroup(LinkGroup::None);
        main->chart()->setSymbol(QStringLiteral("QQQ"));
        // The Playbooks panel's splitters (signal feed over chart and parameters).
        main->showPanel(main->signalsPanel());
        const auto splitters = main->signalsPanel()->findChildren<QSplitter *>();
        QVERIFY(!splitters.isEmpty());
        for (QSplitter *splitter : splitters) {
            const int total = splitter->sizes().value(0) + splitter->sizes().value(1);
            splitter->setSizes({total / 4, total - total / 4});
            splitterSizes.push_back(splitter->sizes());
        }
        QCOMPARE(second->screen(), right);
        const Status saved = session->saveWorkspace(QStringLiteral("Two screens"));
        QVERIFY2(saved.ok(), saved.message().c_str());
        QCOMPARE(session->currentWorkspace(), QStringLiteral("Two screens"));
    }
    // The file: one section per panel, per window.
    const auto file = readWorkspace(QStringLiteral("Two screens"));
    QVERIFY2(file.ok(), file.ok() ? "" : file.message().c_str());
    QCOMPARE(file->windows.size(), std::size_t{2});
    QCOMPARE(file->windows[1].screen, QStringLiteral("Right"));
    QCOMPARE(file->windows[1].panels.size(), std::size_t{2});
    QCOMPARE(file->windows[1].panels[0].id, QStringLiteral("greeks"));
    QCOMPARE(file->windows[1].panels[1].id, QStringLiteral("chart-2"));
    QCOMPARE(file->windows[1].panels[1].symbol, QStringLiteral("NVDA"));
    QCOMPARE(file->windows[1].panels[1].linkGroup, QStringLiteral("blue"));

    auto session = openSession();
    const Status loaded = session->loadWorkspace(QStringLiteral("Two screens"));
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    QCOMPARE(session->windows().size(), std::size_t{2});
    MainWindow *main = session->mainWindow();
    MainWindow *second = session->windows()[1];
    QVERIFY(QTest::qWaitForWindowExposed(second));
    QCOMPARE(second->screen(), screenNamed(QStringLiteral("Right")));
    QCOMPARE(second->geometry(), secondGeometry);
    QCOMPARE(second->devicePixelRatio(), 2.0);
    auto *chart = qobject_cast<ChartPanel *>(
        DeskSession::contentOf(session->panelById(QStringLiteral("chart-2"))));
    QVERIFY(chart);
    QCOMPARE(DeskSession::dockOf(chart)->parentWidget(), second);
    QCOMPARE(chart->symbol(), QStringLiteral("NVDA"));
    QCOMPARE(chart->interval(), engine::BarInterval::Minute5);
    QCOMPARE(chart->linkGroupButton()->group(), LinkGroup::Blue);
    QCOMPARE(session->panelById(QStringLiteral("greeks"))->parentWidget(), second);
    QVERIFY(session->panelById(QStringLiteral("log"))->isFloating());
    QCOMPARE(main->quoteBoard()->view()->columnWidth(QuoteBoardModel::Last), 123);
    QCOMPARE(main->quoteBoard()->currentWatchlist(), QStringLiteral("Index"));
    QCOMPARE(main->optionChain()->linkGroupButton()->group(), LinkGroup::Yellow);
    QCOMPARE(main->chart()->linkGroupButton()->group(), LinkGroup::None);
    QCOMPARE(main->chart()->symbol(), QStringLiteral("QQQ"));
    QCOMPARE(main->quoteBoard()->linkGroupButton()->group(), LinkGroup::Red);
    main->showPanel(main->signalsPanel());
    const auto splitters = main->signalsPanel()->findChildren<QSplitter *>();
    QCOMPARE(static_cast<std::size_t>(splitters.size()), splitterSizes.size());
    for (qsizetype i = 0; i < splitters.size(); ++i) {
        // The panel may be wider now (the Greeks left its window): the split keeps its share.
        const QList<int> saved = splitterSizes[static_cast<std::size_t>(i)];
        const auto share = [](const QList<int> &sizes) {
            return double(sizes.value(0)) / double(sizes.value(0) + sizes.value(1));
        };
        QTRY_VERIFY2(std::abs(share(splitters[i]->sizes()) - share(saved)) < 0.02,
                     qPrintable(QStringLiteral("splitter %1").arg(i)));
    }
    // Links work across the restored windows: blue reaches the restored chart.
    main->analyze()->linkGroupButton()->setGroup(LinkGroup::Blue);
    session->linkHub()->pick(chart, QStringLiteral("MSFT"));
    QCOMPARE(main->analyze()->symbol(), QStringLiteral("MSFT"));
}

void TestDeskSession::missingScreenFallsBackToPrimary()
{
    auto saved = readWorkspace(QStringLiteral("Two screens"));
    QVERIFY(saved.ok());
    Workspace workspace = saved.value();
    workspace.name = QStringLiteral("Gone screen");
    // Window 2 was on a screen that is not connected now, somewhere to the left.
    workspace.windows[1].screen = QStringLiteral("HDMI-9");
    workspace.windows[1].screenGeometry = QRect(-3840, 0, 3840, 2160);
    workspace.windows[1].geometry = QRect(3000, 1800, 700, 500);
    QVERIFY(writeWorkspace(workspace).ok());

    auto session = openSession();
    const Status loaded = session->loadWorkspace(QStringLiteral("Gone screen"));
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    MainWindow *second = session->windows().at(1);
    QVERIFY(QTest::qWaitForWindowExposed(second));
    QScreen *primary = QGuiApplication::primaryScreen();
    QCOMPARE(second->screen(), primary);
    QCOMPARE(second->size(), QSize(700, 500));
    QVERIFY(primary->availableGeometry().contains(second->geometry()));
    QVERIFY(session->panelById(QStringLiteral("chart-2")));
}

void TestDeskSession::refusesAnUnreadableWorkspace()
{
    QFile file(workspacePath(QStringLiteral("Garbled")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"mag7-workspace\", \"version\": 1, \"windows\": [{\"panels\": 3}]}");
    file.close();
    auto session = openSession();
    session->addPanel(PanelKind::Chart, session->mainWindow());
    const Status loaded = session->loadWorkspace(QStringLiteral("Garbled"));
    QVERIFY(!loaded.ok());
    QVERIFY2(QString::fromStdString(loaded.message()).contains(QStringLiteral("Garbled.json")),
             loaded.message().c_str());
    // Nothing changed.
    QVERIFY(session->panelById(QStringLiteral("chart-2")));
    QCOMPARE(session->windows().size(), std::size_t{1});
    QCOMPARE(session->currentWorkspace(), DeskSession::defaultWorkspaceName());
}

void TestDeskSession::handWrittenWorkspaceApplies()
{
    // Sections with a kind, an id, a symbol and a group only: no states, no dock arrangement.
    QFile file(workspacePath(QStringLiteral("By hand")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "mag7-workspace", "version": 1, "windows": [
        {"screen": "Left", "screenGeometry": [0, 0, 1920, 1080], "geometry": [0, 0, 1500, 900],
         "panels": [{"id": "quotes", "kind": "quotes"},
                    {"id": "chart", "kind": "chart", "symbol": "AMZN", "linkGroup": "green"}]},
        {"screen": "Left", "screenGeometry": [0, 0, 1920, 1080], "geometry": [100, 100, 800, 600],
         "panels": [{"id": "chart-2", "kind": "chart", "symbol": "META", "linkGroup": "none"}]}]})");
    file.close();
    auto session = openSession();
    const Status loaded = session->loadWorkspace(QStringLiteral("By hand"));
    QVERIFY2(loaded.ok(), loaded.message().c_str());
    QCOMPARE(session->panels().size(), std::size_t{3}); // only the workspace's panels
    MainWindow *main = session->mainWindow();
    QCOMPARE(main->chart()->symbol(), QStringLiteral("AMZN"));
    QCOMPARE(main->chart()->linkGroupButton()->group(), LinkGroup::Green);
    QCOMPARE(main->optionChain(), nullptr);
    auto *chart2 = qobject_cast<ChartPanel *>(
        DeskSession::contentOf(session->panelById(QStringLiteral("chart-2"))));
    QVERIFY(chart2);
    QCOMPARE(chart2->symbol(), QStringLiteral("META"));
    QCOMPARE(chart2->linkGroupButton()->group(), LinkGroup::None);
    QCOMPARE(DeskSession::dockOf(chart2)->parentWidget(), session->windows().at(1));
    QCOMPARE(session->windows().at(1)->geometry(), QRect(100, 100, 800, 600));
}

void TestDeskSession::resetLayoutGathersEveryPanel()
{
    auto session = openSession();
    MainWindow *main = session->mainWindow();
    MainWindow *second = session->newWindow();
    session->movePanel(session->panelById(QStringLiteral("chain")), second);
    QDockWidget *extra = session->addPanel(PanelKind::Chart, second);
    session->panelById(QStringLiteral("log"))->setFloating(true);
    QPointer<MainWindow> secondWindow = second;
    session->resetLayout();
    QTRY_VERIFY(secondWindow.isNull());
    QCOMPARE(session->windows().size(), std::size_t{1});
    for (QDockWidget *dock : session->panels()) {
        QCOMPARE(dock->parentWidget(), main);
        QVERIFY2(!dock->isFloating(), qPrintable(dock->objectName()));
    }
    QVERIFY(session->panelById(QStringLiteral("chain")));
    QCOMPARE(session->panelById(QStringLiteral("chart-2")), extra);
    // The window is fully on the primary screen.
    QVERIFY(QGuiApplication::primaryScreen()->availableGeometry().contains(main->geometry()));
}

void TestDeskSession::lastWorkspaceIsRestoredAtStart()
{
    {
        auto session = openSession();
        QVERIFY(session->loadWorkspace(QStringLiteral("Two screens")).ok());
        // The desk closes through its main window: the workspace in use is written.
        session->mainWindow()->close();
    }
    auto session = openSession();
    QVERIFY(session->restoreLastWorkspace());
    QCOMPARE(session->currentWorkspace(), QStringLiteral("Two screens"));
    QCOMPARE(session->windows().size(), std::size_t{2});
    QVERIFY(session->panelById(QStringLiteral("chart-2")));
}

// Two offscreen screens: "Left" 1920×1080 at 1×, primary; "Right" at 2× to its right.
int main(int argc, char *argv[])
{
    QTemporaryDir config;
    const QString path = config.path() + QStringLiteral("/screens.json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(R"({"screens": [
        {"name": "Left", "x": 0, "y": 0, "width": 1920, "height": 1080,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "Right", "x": 1920, "y": 0, "width": 2560, "height": 1440,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 2}]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + path.toLocal8Bit());
    QApplication app(argc, argv);
    TestDeskSession test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_desksession.moc"
