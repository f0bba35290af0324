// mag7desk: the desk GUI. Wiring only: options, logging, the engine and the main window.
#include "analyzepanel.h"
#include "chartpanel.h"
#include "desksession.h"
#include "engine/deskengine.h"
#include "engine/recordeduniverse.h"
#include "greekspanel.h"
#include "logging/logging.h"
#include "mainwindow.h"
#include "model/easterntime.h"
#include "optionchainpanel.h"
#include "quoteboardpanel.h"
#include "scannerpanel.h"
#include "signalspanel.h"
#include "snapshotpump.h"
#include "theme.h"
#include "volatilitypanel.h"
#include "workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using namespace mag7;

namespace {

struct DeskArguments {
    engine::DeskOptions engine;
    widgets::ThemeKind theme = widgets::ThemeKind::Dark;
    QString screenshotFile;
    QString screenshotPanel = QStringLiteral("quotes");
    QString symbol;    // the chain's and chart's underlying
    QString workspace; // opened instead of the last one used
    engine::BarInterval timeframe = engine::BarInterval::Minute5;
    int settleMs = 2500;
    bool exitAfterFirstQuote = false;
};

// Returns an error message, empty on success.
QString parseArguments(QApplication &app, DeskArguments &out)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Mag7 Desk - options trading workstation. Starts on the embedded simulated market."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("Data directory (desk.sqlite, ticks/, logs/)."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Simulation seed."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("Simulation speed (virtual seconds per second)."),
                                   QStringLiteral("X"), QStringLiteral("1"));
    const QCommandLineOption start(
        QStringList{QStringLiteral("at"), QStringLiteral("start")},
        QStringLiteral("Market time the desk opens at (ISO, US/Eastern unless an offset is given; "
                       "the simulated day is generated up to it). Default: now during US equity "
                       "hours, else 09:30 ET of the last trading day."),
        QStringLiteral("ISO"));
    const QCommandLineOption replay(
        QStringLiteral("replay"),
        QStringLiteral("Replay the recorded trading date DATE (YYYY-MM-DD) of --data instead of "
                       "the simulated market, from its first recorded tick (or from --at) at "
                       "--speed; nothing is recorded during a replay."),
        QStringLiteral("DATE"));
    const QCommandLineOption universe(QStringLiteral("universe"),
                                      QStringLiteral("Universe configuration file (JSON)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption noRecord(QStringLiteral("no-record"),
                                      QStringLiteral("Do not record ticks."));
    const QCommandLineOption light(QStringLiteral("light"), QStringLiteral("Light theme."));
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QStringLiteral("Open the saved workspace NAME (its windows and panels) instead of the one "
                       "used last; with --screenshot, every desk window is written (FILE, "
                       "FILE-2.png, ...)."),
        QStringLiteral("NAME"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Write a PNG of a panel after the desk settles, then exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption panel(
        QStringLiteral("panel"),
        QStringLiteral(
            "Panel for --screenshot: quotes|chain|chart|greeks|analyze|volatility|scanner|"
            "playbooks|desk."),
        QStringLiteral("NAME"), QStringLiteral("quotes"));
    const QCommandLineOption settle(QStringLiteral("settle-ms"),
                                    QStringLiteral("Milliseconds to run before --screenshot."),
                                    QStringLiteral("MS"), QStringLiteral("2500"));
    const QCommandLineOption firstQuote(
        QStringLiteral("exit-after-first-quote"),
        QStringLiteral("Print the launch-to-first-painted-quote time as JSON and exit."));
    const QCommandLineOption symbol(
        QStringLiteral("symbol"), QStringLiteral("Underlying shown in the option chain and chart."),
        QStringLiteral("SYM"));
    const QCommandLineOption timeframe(
        QStringLiteral("timeframe"),
        QStringLiteral("Chart bars for --panel chart: 1m|5m|15m|1h|1D."), QStringLiteral("TF"),
        QStringLiteral("5m"));
    parser.addOptions({data, seed, speed, start, replay, universe, noRecord, light, screenshot,
                       panel, settle, firstQuote, symbol, timeframe, workspace});
    parser.process(app);

    const QString dataDir =
        parser.isSet(data) ? parser.value(data)
                           : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                                 QStringLiteral("/simulated");
    out.engine.dataDirectory = QDir(dataDir).absolutePath().toStdString();
    bool ok = false;
    out.engine.seed = parser.value(seed).toULongLong(&ok);
    if (!ok)
        return QStringLiteral("--seed must be a non-negative integer, got '%1'")
            .arg(parser.value(seed));
    out.engine.speed = parser.value(speed).toDouble(&ok);
    if (!ok || !(out.engine.speed > 0) || out.engine.speed > 10000)
        return QStringLiteral("--speed must be a number in (0, 10000], got '%1'")
            .arg(parser.value(speed));
    if (parser.isSet(start)) {
        auto parsed = parseIsoTimestamp(parser.value(start).toStdString());
        if (!parsed)
            return QString::fromStdString(parsed.message());
        out.engine.start = parsed.value();
    }
    if (parser.isSet(universe))
        out.engine.universeFile = parser.value(universe).toStdString();
    out.engine.record = !parser.isSet(noRecord);
    if (parser.isSet(replay)) {
        const auto day = parseDate(parser.value(replay).toStdString());
        if (!day)
            return QStringLiteral("--replay must be a date YYYY-MM-DD, got '%1'")
                .arg(parser.value(replay));
        auto span = engine::recordedDaySpan(out.engine.dataDirectory, *day);
        if (!span)
            return QString::fromStdString(span.message());
        out.engine.replay = engine::ReplayRange{span->from, span->to};
        out.engine.record = false;
    }
    out.theme = parser.isSet(light) ? widgets::ThemeKind::Light : widgets::ThemeKind::Dark;
    out.screenshotFile = parser.value(screenshot);
    out.screenshotPanel = parser.value(panel);
    if (out.screenshotPanel != QLatin1String("quotes") &&
        out.screenshotPanel != QLatin1String("chain") &&
        out.screenshotPanel != QLatin1String("chart") &&
        out.screenshotPanel != QLatin1String("scanner") &&
        out.screenshotPanel != QLatin1String("playbooks") &&
        out.screenshotPanel != QLatin1String("greeks") &&
        out.screenshotPanel != QLatin1String("analyze") &&
        out.screenshotPanel != QLatin1String("volatility") &&
        out.screenshotPanel != QLatin1String("desk"))
        return QStringLiteral("--panel must be quotes, chain, chart, greeks, analyze, volatility "
                              "or desk, got '%1'")
            .arg(out.screenshotPanel);
    out.symbol = parser.value(symbol).trimmed().toUpper();
    out.workspace = parser.value(workspace);
    if (parser.isSet(workspace)) {
        if (const Status valid = widgets::validateWorkspaceName(out.workspace); !valid)
            return QString::fromStdString(valid.message());
    }
    const QString tf = parser.value(timeframe);
    bool knownTimeframe = false;
    for (auto interval :
         {engine::BarInterval::Minute1, engine::BarInterval::Minute5, engine::BarInterval::Minute15,
          engine::BarInterval::Hour1, engine::BarInterval::Day1}) {
        if (tf == QLatin1String(engine::barIntervalName(interval))) {
            out.timeframe = interval;
            knownTimeframe = true;
        }
    }
    if (!knownTimeframe)
        return QStringLiteral("--timeframe must be 1m, 5m, 15m, 1h or 1D, got '%1'").arg(tf);
    out.settleMs = parser.value(settle).toInt(&ok);
    if (!ok || out.settleMs < 0)
        return QStringLiteral("--settle-ms must be a non-negative integer");
    out.exitAfterFirstQuote = parser.isSet(firstQuote);
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceLaunch;
    sinceLaunch.start();
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Mag7"));
    QCoreApplication::setApplicationName(QStringLiteral("mag7desk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAG7_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("Mag7 Desk"));

    // Translations embedded under :/i18n (German, Spanish); English needs none.
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("mag7"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    DeskArguments arguments;
    if (const QString error = parseArguments(app, arguments); !error.isEmpty()) {
        std::fprintf(stderr, "mag7desk: %s\n", qPrintable(error));
        return 2;
    }
    const bool headless = !arguments.screenshotFile.isEmpty() || arguments.exitAfterFirstQuote;

    logging::Options logOptions;
    logOptions.directory = (arguments.engine.dataDirectory / "logs").string();
    logOptions.consoleLevel = headless ? spdlog::level::warn : spdlog::level::info;
    logging::initialise(logOptions);
    auto log = logging::get("desk");

    widgets::applyTheme(app, arguments.theme);

    WallClock wallClock;
    engine::DeskEngine deskEngine(arguments.engine, wallClock);
    if (Status started = deskEngine.start(); !started) {
        log->error("cannot start the desk: {}", started.message());
        if (!headless)
            QMessageBox::critical(nullptr, QStringLiteral("Mag7 Desk"),
                                  QStringLiteral("Cannot start the desk:\n%1")
                                      .arg(QString::fromStdString(started.message())));
        else
            std::fprintf(stderr, "mag7desk: %s\n", started.message().c_str());
        return 1;
    }

    widgets::DeskSession session(deskEngine);
    widgets::MainWindow &window = *session.mainWindow();
    if (!arguments.workspace.isEmpty()) {
        if (const Status loaded = session.loadWorkspace(arguments.workspace); !loaded) {
            std::fprintf(stderr, "mag7desk: %s\n", loaded.message().c_str());
            deskEngine.stop();
            return 2;
        }
    } else if (!headless) {
        session.restoreLastWorkspace();
    }
    if (!arguments.symbol.isEmpty()) {
        window.optionChain()->setSymbol(arguments.symbol);
        window.chart()->setSymbol(arguments.symbol);
    }
    if (!arguments.screenshotFile.isEmpty())
        window.chart()->setInterval(arguments.timeframe);
    if (arguments.screenshotPanel == QLatin1String("analyze"))
        window.showPanel(window.analyze());
    else if (arguments.screenshotPanel == QLatin1String("volatility"))
        window.showPanel(window.volatility());
    else if (arguments.screenshotPanel == QLatin1String("chart"))
        window.showPanel(window.chart());
    else if (arguments.screenshotPanel == QLatin1String("scanner"))
        window.showPanel(window.scanner());
    else if (arguments.screenshotPanel == QLatin1String("playbooks"))
        window.showPanel(window.signalsPanel());
    else if (arguments.screenshotPanel == QLatin1String("chain") ||
             arguments.screenshotPanel == QLatin1String("greeks") ||
             arguments.screenshotPanel == QLatin1String("desk"))
        window.showPanel(window.optionChain());
    window.show();

    int exitCode = 0;
    if (arguments.exitAfterFirstQuote) {
        QObject::connect(window.quoteBoard(), &widgets::QuoteBoardPanel::firstQuotePainted, &app,
                         [&] {
                             std::printf("{\"first_quote_ms\":%lld}\n",
                                         static_cast<long long>(sinceLaunch.elapsed()));
                             std::fflush(stdout);
                             QCoreApplication::quit();
                         });
        QTimer::singleShot(30000, &app, [&] {
            std::fprintf(stderr, "mag7desk: no quote painted within 30 s\n");
            exitCode = 1;
            QCoreApplication::quit();
        });
    } else if (!arguments.screenshotFile.isEmpty()) {
        QTimer::singleShot(arguments.settleMs, &app, [&] {
            window.pump()->poll();
            QWidget *target = &window;
            if (arguments.screenshotPanel == QLatin1String("quotes"))
                target = window.quoteBoard();
            else if (arguments.screenshotPanel == QLatin1String("chain"))
                target = window.optionChain();
            else if (arguments.screenshotPanel == QLatin1String("volatility"))
                target = window.volatility();
            else if (arguments.screenshotPanel == QLatin1String("chart"))
                target = window.chart();
            else if (arguments.screenshotPanel == QLatin1String("scanner"))
                target = window.scanner();
            else if (arguments.screenshotPanel == QLatin1String("playbooks"))
                target = window.signalsPanel();
            if (arguments.screenshotPanel == QLatin1String("analyze")) {
                // An iron condor on the chain's underlying.
                widgets::AnalyzePanel *analyze = window.analyze();
                analyze->setSymbol(window.optionChain()->symbol());
                analyze->applyTemplate(widgets::PositionTemplate::IronCondor);
                QCoreApplication::processEvents();
                target = analyze;
            }
            if (arguments.screenshotPanel == QLatin1String("greeks") ||
                arguments.screenshotPanel == QLatin1String("desk")) {
                // Select the at-the-money call so the Greeks panel has a contract.
                widgets::OptionChainPanel *chain = window.optionChain();
                const auto *model = chain->model();
                if (model->atmRow() >= 0)
                    chain->view()->setCurrentIndex(model->index(model->atmRow(), 0));
                window.pump()->poll();
                QCoreApplication::processEvents();
                if (arguments.screenshotPanel == QLatin1String("greeks"))
                    target = window.greeks();
            }
            QCoreApplication::processEvents();
            const QPixmap pixmap = target->grab();
            if (!pixmap.save(arguments.screenshotFile)) {
                std::fprintf(stderr, "mag7desk: cannot write screenshot '%s'\n",
                             qPrintable(arguments.screenshotFile));
                exitCode = 1;
            }
            // The other desk windows of the workspace: FILE-2.png, FILE-3.png...
            const auto &windows = session.windows();
            for (std::size_t w = 1; w < windows.size() && target == &window; ++w) {
                QString file = arguments.screenshotFile;
                const qsizetype dot = file.lastIndexOf(QLatin1Char('.'));
                file.insert(dot > 0 ? dot : file.size(), QStringLiteral("-%1").arg(w + 1));
                if (!windows[w]->grab().save(file)) {
                    std::fprintf(stderr, "mag7desk: cannot write screenshot '%s'\n",
                                 qPrintable(file));
                    exitCode = 1;
                }
            }
            QCoreApplication::quit();
        });
    }

    const int appResult = QApplication::exec();
    deskEngine.stop();
    logging::shutdown();
    return exitCode != 0 ? exitCode : appResult;
}
