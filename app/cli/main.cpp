// mag7: the desk's command line. Wiring only: each sub-command lives in its own file.
#include "command.h"
#include "commands.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <memory>

using namespace mag7::cli;

namespace {
const Command kCommands[] = {
    {"simulate", "record the simulated market over a time range into a data directory",
     runSimulate},
    {"ticks", "print recorded ticks of a symbol in time order", runTicks},
    {"state", "print the state (every quote) at an instant", runState},
    {"price", "price and Greeks of an option (or a CSV batch)", runPrice},
    {"iv", "implied volatility of an option price (or a CSV batch)", runIv},
    {"chain", "option chain with IV and Greeks at an instant of a recording", runChain},
    {"gex", "dealer gamma exposure per strike, flip level and walls at an instant", runGex},
    {"scan", "scanner rule over every option contract at an instant of a recording", runScan},
    {"signals", "playbook signals over recorded days or imported 1-minute bars", runSignals},
    {"replay", "play a recorded range back at a speed or as fast as possible", runReplay},
    {"indicators", "RSI, ATR, moving averages, VWAP, realized volatility ... over bars from a CSV",
     runIndicators},
    {"bench", "run a benchmark: store, sim, pricing, ui, signals, startup", runBench},
};

void printUsage(std::FILE *stream)
{
    std::fprintf(stream, "Usage: mag7 <command> [options]\n\nCommands:\n");
    for (const Command &command : kCommands)
        std::fprintf(stream, "  %-10s %s\n", command.name, command.summary);
    std::fprintf(stream, "\nRun 'mag7 <command> --help' for the options of a command.\n"
                         "Times are ISO-8601, US/Eastern unless they carry an offset.\n");
}
} // namespace

namespace {
// `mag7 bench ui` drives real widgets: it runs under a widget application on the offscreen
// platform (unless a platform is chosen); every other command stays a console application.
bool wantsWidgets(int argc, char *argv[])
{
    return argc >= 3 && std::strcmp(argv[1], "bench") == 0 && std::strcmp(argv[2], "ui") == 0;
}

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char *argv[])
{
    if (!wantsWidgets(argc, argv))
        return std::make_unique<QCoreApplication>(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QApplication>(argc, argv);
}
} // namespace

int main(int argc, char *argv[])
{
    const std::unique_ptr<QCoreApplication> app = makeApplication(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Mag7"));
    QCoreApplication::setApplicationName(QStringLiteral("mag7"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MAG7_VERSION));
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        printUsage(stderr);
        return 2;
    }
    if (arguments[1] == QLatin1String("--help") || arguments[1] == QLatin1String("-h") ||
        arguments[1] == QLatin1String("help")) {
        printUsage(stdout);
        return 0;
    }
    if (arguments[1] == QLatin1String("--version")) {
        std::printf("mag7 %s\n", MAG7_VERSION);
        return 0;
    }
    for (const Command &command : kCommands) {
        if (arguments[1] == QLatin1String(command.name)) {
            QStringList commandArguments = arguments.mid(1);
            commandArguments[0] = QStringLiteral("mag7 ") + QLatin1String(command.name);
            return command.run(commandArguments);
        }
    }
    std::fprintf(stderr, "mag7: unknown command '%s'\n\n", qPrintable(arguments[1]));
    printUsage(stderr);
    return 2;
}
