// Desk smoke test on the offscreen platform: the real engine on the simulated market behind the
// real main window; the quote board updates live, the status bar reports the feed, the chain
// tab fills from the chain analytics, layouts round-trip.
#include "deskstatusbar.h"
#include "engine/deskengine.h"
#include "mainwindow.h"
#include "model/easterntime.h"
#include "optionchainpanel.h"
#include "quoteboardmodel.h"
#include "quoteboardpanel.h"
#include "theme.h"

#include <QApplication>
#include <QDockWidget>
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
    widgets::MainWindow window(engine);
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
        widgets::MainWindow window(engine);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("logDock"));
        QVERIFY(dock);
        dock->setFloating(true);
        window.resize(1111, 777);
        window.quoteBoard()->view()->setColumnWidth(widgets::QuoteBoardModel::Last, 123);
        window.saveLayout();
    }
    {
        widgets::MainWindow window(engine);
        QVERIFY(window.restoreLayout());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("logDock"));
        QVERIFY(dock->isFloating());
        QCOMPARE(window.size(), QSize(1111, 777));
        QCOMPARE(window.quoteBoard()->view()->columnWidth(widgets::QuoteBoardModel::Last), 123);
        window.resetLayout();
        QVERIFY(!dock->isFloating());
    }
    engine.stop();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
