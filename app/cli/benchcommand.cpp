// mag7 bench: dispatches to the benchmark of an area; `startup` lives here.
#include "bench.h"
#include "benchreport.h"
#include "cliutil.h"
#include "command.h"
#include "commands.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace mag7::cli {

namespace {

QString deskExecutable()
{
    const QString dir = QCoreApplication::applicationDirPath();
    const QStringList candidates{dir + QStringLiteral("/mag7desk"),
                                 dir + QStringLiteral("/../desk/mag7desk")};
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).absoluteFilePath();
    }
    return {};
}

// Launch-to-first-painted-quote of mag7desk on the offscreen platform, median of runs.
int benchStartup(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("smoke"), QStringLiteral("One run only.")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Number of launches (default 5)."),
                      QStringLiteral("N"), QStringLiteral("5")});
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    const int runs = parser.isSet(QStringLiteral("smoke"))
                         ? 1
                         : std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const QString desk = deskExecutable();
    if (desk.isEmpty())
        return fail(command, QStringLiteral("mag7desk not found next to %1")
                                 .arg(QCoreApplication::applicationFilePath()));
    std::vector<double> external;
    std::vector<double> internal;
    for (int i = 0; i < runs; ++i) {
        QTemporaryDir data;
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(env);
        QElapsedTimer timer;
        timer.start();
        process.start(desk, {QStringLiteral("--exit-after-first-quote"), QStringLiteral("--data"),
                             data.path()});
        if (!process.waitForStarted(10000))
            return fail(command,
                        QStringLiteral("cannot start %1: %2").arg(desk, process.errorString()));
        QByteArray output;
        while (!output.contains('\n') && process.state() != QProcess::NotRunning &&
               timer.elapsed() < 60000) {
            process.waitForReadyRead(100);
            output += process.readAllStandardOutput();
        }
        const double wall = static_cast<double>(timer.elapsed());
        process.waitForFinished(30000);
        const QJsonObject json = QJsonDocument::fromJson(output.trimmed()).object();
        if (!json.contains(QStringLiteral("first_quote_ms")))
            return fail(command, QStringLiteral("mag7desk did not report a first quote: %1 %2")
                                     .arg(QString::fromUtf8(output),
                                          QString::fromUtf8(process.readAllStandardError())));
        external.push_back(wall);
        internal.push_back(json.value(QStringLiteral("first_quote_ms")).toDouble());
    }
    auto median = [](std::vector<double> values) {
        std::sort(values.begin(), values.end());
        return values[values.size() / 2];
    };
    BenchCase launch;
    launch.name = "startup.first_quote_painted";
    launch.ours = median(external);
    launch.unit = "ms";
    launch.n = static_cast<std::uint64_t>(runs);
    launch.higherIsBetter = false;
    launch.goal = "<= 1500 ms from launch (process start) to the first live quote painted";
    printBenchCase(launch);
    BenchCase inProcess = launch;
    inProcess.name = "startup.first_quote_painted_since_main";
    inProcess.ours = median(internal);
    printBenchCase(inProcess);
    return 0;
}

} // namespace

int runBench(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    const QString area = arguments.value(1);
    QStringList rest = arguments.mid(1);
    if (area.isEmpty() || area == QLatin1String("--help") || area == QLatin1String("-h")) {
        std::printf(
            "Usage: mag7 bench <store|sim|pricing|ui|signals|replay|startup> [--smoke] [options]\n"
            "Prints one JSON object per case: name, ours, baseline, ratio, unit, n, machine.\n");
        return area.isEmpty() ? 2 : 0;
    }
    if (!rest.isEmpty())
        rest[0] = command + QLatin1Char(' ') + area;
    if (area == QLatin1String("store"))
        return benchStore(rest);
    if (area == QLatin1String("sim"))
        return benchSim(rest);
    if (area == QLatin1String("pricing"))
        return benchPricing(rest);
    if (area == QLatin1String("ui"))
        return benchUi(rest);
    if (area == QLatin1String("signals"))
        return benchSignals(rest);
    if (area == QLatin1String("replay"))
        return benchReplay(rest);
    if (area == QLatin1String("startup"))
        return benchStartup(rest);
    return fail(
        command,
        QStringLiteral("unknown benchmark '%1' (store, sim, pricing, ui, signals, replay, startup)")
            .arg(area),
        2);
}

} // namespace mag7::cli
