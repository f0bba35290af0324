// Desk smoke test on the offscreen platform: the real engine on the simulated market behind the
// real main window; the quote board updates live, the status bar reports the feed, the chain
// tab fills from the chain analytics, the quote board moves the linked option views, Ctrl+L
// reaches a symbol entry everywhere, layouts (with watchlists and link groups) round-trip.
#include "analyzepanel.h"
#include "desksession.h"
#include "deskstatusbar.h"
#include "engine/deskengine.h"
#include "linkgroups.h"
#include "mainwindow.h"
#include "model/easterntime.h"
#include "optionchainpanel.h"
#include "quoteboardmodel.h"
#include "quoteboardpanel.h"
#include "symbolentry.h"
#include "theme.h"
#include "volatilitypanel.h"
#include "workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QItemSelectionModel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace mag7;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void quoteBoardUpdatesLive();
    void layoutRoundTrips();

private:
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mag7Test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings().clear();
    widgets::applyTheme(*qApp, widgets::ThemeKind::Dark);
}

void TestMainWindow::quoteBoardUpdatesLive()
{
    engine::DeskOptions options;
    options.dataDirectory = (m_dir.path() + QStringLiteral("/live")).toStdString();
    options.start = *parseIsoTimestamp("2025-01-13T10:15");
    options.speed = 5;
    WallClock wall;
    engine::DeskEngine engine(options, wall);
    const Status started = engine.start();
    QVERIFY2(started.ok(), started.message().c_str());
    widgets::DeskSession session(engine);
    widgets::MainWindow &window = *session.mainWindow();
    QSignalSpy firstPaint(window.quoteBoard(), &widgets::QuoteBoardPanel::firstQuotePainted);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *model = window.quoteBoard()->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfSymbol(QStringLiteral("SPY")) >= 0, 10000);
    const int spyRow = model->rowOfSymbol(QStringLiteral("SPY"));
    QTRY_VERIFY_WITH_TIMEOUT(
        model->index(spyRow, widgets::QuoteBoardModel::Bid).data().toString() !=
            QStringLiteral("—"),
        15000);
    const QString firstBid = model->index(spyRow, widgets::QuoteBoardModel::Bid).data().toString();
    QVERIFY(firstBid.toDouble() > 100);
    // The board keeps moving: the revision of SPY's row changes within a few seconds.
    const auto firstRevision = model->rowAt(spyRow)->revision;
    QTRY_VERIFY_WITH_TIMEOUT(model->rowAt(spyRow)->revision != firstRevision, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(firstPaint.count() == 1, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(window.deskStatusBar()->feedText().contains(QStringLiteral("LIVE")),
                             30000);
    QVERIFY(window.deskStatusBar()->clockText().contains(QStringLiteral("2025-01-13")));
    QTRY_VERIFY_WITH_TIMEOUT(
        window.deskStatusBar()->recordingText().contains(QStringLiteral("REC")) &&
            window.deskStatusBar()->recordingText().contains(QStringLiteral("2025-01-13.sqlite")),
        30000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.deskStatusBar()->rateText().startsWith(QStringLiteral("0 ")),
                             30000);
    // Every instrument of the universe is on the board.
    for (const char *symbol : {"AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "TSLA", "META", "SPY",
                               "QQQ", "IWM", "/ES", "/NQ", "VIX"})
        QVERIFY2(model->rowOfSymbol(QLatin1String(symbol)) >= 0, symbol);
    // The chain tab fills from the engine's chain analytics: SPY's nearest expiry with IVs.
    window.optionChain()->setSymbol(QStringLiteral("SPY"));
    auto *chain = window.optionChain()->model();
    QTRY_VERIFY_WITH_TIMEOUT(chain->rowCount() > 10 && chain->atmRow() >= 0, 30000);
    QCOMPARE(chain->chain()->symbol, std::string("SPY"));
    const QModelIndex atmIv =
        chain->index(chain->atmRow(), chain->columnOf(widgets::ChainField::Iv, +1));
    QTRY_VERIFY_WITH_TIMEOUT(atmIv.data().toString().endsWith(QLatin1Char('%')), 30000);
    const double iv = atmIv.data(widgets::OptionChainModel::SortRole).toDouble();
    QVERIFY2(iv > 0.03 && iv < 1.0, qPrintable(QString::number(iv)));

    // Link groups (every panel red by default): a row picked on the quote board moves the chain,
    // Volatility and Analyze; a panel set to None stays where it is.
    QTRY_VERIFY_WITH_TIMEOUT(window.optionChain()->hasChain(QStringLiteral("NVDA")) &&
                                 window.optionChain()->hasChain(QStringLiteral("TSLA")),
                             30000);
    widgets::QuoteBoardPanel *board = window.quoteBoard();
    const auto pickRow = [&](const char *symbol) {
        const int row = model->rowOfSymbol(QLatin1String(symbol));
        board->view()->selectionModel()->setCurrentIndex(board->view()->model()->index(row, 0),
                                                         QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    };
    pickRow("NVDA");
    QCOMPARE(window.optionChain()->symbol(), QStringLiteral("NVDA"));
    QCOMPARE(window.volatility()->symbol(), QStringLiteral("NVDA"));
    QCOMPARE(window.analyze()->symbol(), QStringLiteral("NVDA"));
    window.volatility()->linkGroupButton()->setGroup(widgets::LinkGroup::None);
    pickRow("TSLA");
    QCOMPARE(window.optionChain()->symbol(), QStringLiteral("TSLA"));
    QCOMPARE(window.analyze()->symbol(), QStringLiteral("TSLA"));
    QCOMPARE(window.volatility()->symbol(), QStringLiteral("NVDA"));
    pickRow("VIX"); // lists no options: the option views keep theirs
    QCOMPARE(window.optionChain()->symbol(), QStringLiteral("TSLA"));
    // Enter on the board opens the chain, which shows the row's underlying.
    window.showPanel(board);
    board->view()->setFocus();
    pickRow("TSLA");
    // Tabbed panels behind the current one have nothing on screen.
    const auto onScreen = [](QWidget *w) { return !w->visibleRegion().isEmpty(); };
    QTRY_VERIFY(onScreen(board) && !onScreen(window.optionChain()));
    QTest::keyClick(board->view(), Qt::Key_Return);
    QTRY_VERIFY(onScreen(window.optionChain()) && !onScreen(board));

    // Ctrl+L: the chain's symbol box, the board's entry, a small entry over Volatility.
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
    QTRY_VERIFY(window.optionChain()->symbolBox()->hasFocus());
    window.showPanel(board);
    board->view()->setFocus();
    QTest::keyClick(board->view(), Qt::Key_L, Qt::ControlModifier);
    QTRY_VERIFY(board->symbolEntry()->hasFocus());
    window.showPanel(window.volatility());
    window.volatility()->setFocus();
    window.focusSymbolEntry();
    widgets::SymbolEntry *quick = window.quickSymbolEntry();
    QTRY_VERIFY(quick->isVisible());
    quick->setText(QStringLiteral("aapl"));
    QTest::keyClick(quick, Qt::Key_Return);
    QVERIFY(!quick->isVisible());
    QCOMPARE(window.volatility()->symbol(), QStringLiteral("AAPL"));
    QCOMPARE(window.optionChain()->symbol(), QStringLiteral("TSLA")); // Volatility is in None
    window.close();
    engine.stop();
}

void TestMainWindow::layoutRoundTrips()
{
    engine::DeskOptions options;
    options.dataDirectory = (m_dir.path() + QStringLiteral("/layout")).toStdString();
    options.start = *parseIsoTimestamp("2025-01-13T10:15");
    options.record = false;
    WallClock wall;
    engine::DeskEngine engine(options, wall);
    QVERIFY(engine.start().ok());
    {
        widgets::DeskSession session(engine);
        widgets::MainWindow &window = *session.mainWindow();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("log"));
        QVERIFY(dock);
        dock->setFloating(true);
        window.quoteBoard()->view()->setColumnWidth(widgets::QuoteBoardModel::Last, 123);
        QVERIFY(window.quoteBoard()->setCurrentWatchlist(QStringLiteral("Index")));
        window.analyze()->linkGroupButton()->setGroup(widgets::LinkGroup::Green);
        window.volatility()->linkGroupButton()->setGroup(widgets::LinkGroup::None);
        window.optionChain()->linkGroupButton()->setGroup(widgets::LinkGroup::Yellow);
        window.close(); // the desk writes its workspace as it closes
    }
    QVERIFY(QFile::exists(widgets::workspacePath(widgets::DeskSession::defaultWorkspaceName())));
    {
        widgets::DeskSession session(engine);
        widgets::MainWindow &window = *session.mainWindow();
        QVERIFY(session.restoreLastWorkspace());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("log"));
        QVERIFY(dock->isFloating());
        // Window geometry on screens is checked in tst_desksession (two screens, 1× and 2×).
        QCOMPARE(window.quoteBoard()->view()->columnWidth(widgets::QuoteBoardModel::Last), 123);
        QCOMPARE(window.quoteBoard()->currentWatchlist(), QStringLiteral("Index"));
        QCOMPARE(window.quoteBoard()->watchlistSelector()->currentText(), QStringLiteral("Index"));
        QCOMPARE(window.analyze()->linkGroupButton()->group(), widgets::LinkGroup::Green);
        QCOMPARE(window.volatility()->linkGroupButton()->group(), widgets::LinkGroup::None);
        QCOMPARE(window.optionChain()->linkGroupButton()->group(), widgets::LinkGroup::Yellow);
        QCOMPARE(window.quoteBoard()->linkGroupButton()->group(), widgets::LinkGroup::Red);
        session.resetLayout();
        QVERIFY(!dock->isFloating());
    }
    engine.stop();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
