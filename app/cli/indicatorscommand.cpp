// mag7 indicators: technical indicators over bars from a CSV file, one JSON line or one table
// row per bar with the value of each indicator after that bar (null / "-" while warming up).
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "model/easterntime.h"
#include "signals/barcsv.h"
#include "signals/indicatorspec.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace mag7::cli {

namespace {

std::string timeText(Timestamp ts)
{
    return formatEasternIso(ts, ts % kNanosPerSecond == 0 ? TimePrecision::Seconds
                                                          : TimePrecision::Millis);
}

void flushIfLarge(std::string &out)
{
    if (out.size() < (1 << 16))
        return;
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
}

} // namespace

int runIndicators(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Prints technical indicators over bars read from a CSV file with the "
                       "header timestamp,open,high,low,close,volume (ISO timestamps, US/Eastern "
                       "unless they carry an offset), one line per bar."));
    parser.addOptions({
        {QStringLiteral("bars"), QStringLiteral("CSV file of bars in time order."),
         QStringLiteral("FILE")},
        {QStringLiteral("indicator"),
         QStringLiteral("An indicator (repeatable): ") +
             QString::fromLatin1(signals::indicatorSpecForms()) +
             QStringLiteral(". N counts bars (sessions for rvol)."),
         QStringLiteral("SPEC")},
        {QStringLiteral("annualization"),
         QStringLiteral("Bars per year for the realized volatilities rv, parkinson, gk and yz "
                        "(default 252, daily bars; 98280 for regular-session 1-minute bars)."),
         QStringLiteral("A"), QStringLiteral("252")},
        {QStringLiteral("json"), QStringLiteral("One JSON object per bar instead of a table.")},
    });
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    for (const char *name : {"bars", "indicator"}) {
        if (!requireOption(parser, command, QLatin1String(name)))
            return 2;
    }
    bool annualizationOk = false;
    const double annualization =
        parser.value(QStringLiteral("annualization")).toDouble(&annualizationOk);
    if (!annualizationOk || !(annualization > 0) || !std::isfinite(annualization))
        return fail(command,
                    QStringLiteral("--annualization must be a positive number of bars per year, "
                                   "got '%1'")
                        .arg(parser.value(QStringLiteral("annualization"))),
                    2);

    std::vector<signals::BarIndicator> indicators;
    for (const QString &text : parser.values(QStringLiteral("indicator"))) {
        auto spec = signals::parseIndicatorSpec(text.toStdString());
        if (!spec)
            return fail(command,
                        QStringLiteral("--indicator: ") + QString::fromStdString(spec.message()),
                        2);
        const bool repeated =
            std::any_of(indicators.begin(), indicators.end(),
                        [&](const auto &indicator) { return indicator.spec().name == spec->name; });
        if (repeated)
            return fail(command,
                        QStringLiteral("--indicator %1 is given twice")
                            .arg(QString::fromStdString(spec->name)),
                        2);
        indicators.emplace_back(spec.value(), annualization);
    }

    const QString file = parser.value(QStringLiteral("bars"));
    if (QFileInfo(file).isDir())
        return fail(command, QStringLiteral("%1: is a directory, not a CSV file of bars").arg(file),
                    2);
    auto bars = signals::readBarCsv(file.toStdString());
    if (!bars)
        return fail(command, QString::fromStdString(bars.message()), 2);
    if (bars->empty())
        return fail(command, QStringLiteral("%1: no bars after the header").arg(file), 2);

    const bool json = parser.isSet(QStringLiteral("json"));
    std::vector<int> widths;
    std::string out;
    if (!json) {
        // Time column, then one right-aligned column per indicator.
        out += "time                     ";
        for (const auto &indicator : indicators) {
            const int width = std::max<int>(12, static_cast<int>(indicator.spec().name.size()));
            widths.push_back(width);
            char cell[64];
            std::snprintf(cell, sizeof cell, "  %*s", width, indicator.spec().name.c_str());
            out += cell;
        }
        out += '\n';
    }
    for (const Bar &bar : bars.value()) {
        if (json) {
            out += "{\"time\":\"" + timeText(bar.start) + "\"";
            for (auto &indicator : indicators) {
                const double value = indicator.update(bar);
                out += ",\"" + jsonEscape(indicator.spec().name) + "\":" + jsonNumber(value);
            }
            out += "}\n";
        } else {
            char cell[64];
            std::snprintf(cell, sizeof cell, "%-25s", timeText(bar.start).c_str());
            out += cell;
            for (std::size_t i = 0; i < indicators.size(); ++i) {
                const double value = indicators[i].update(bar);
                if (std::isfinite(value))
                    std::snprintf(cell, sizeof cell, "  %*.4f", widths[i], value);
                else
                    std::snprintf(cell, sizeof cell, "  %*s", widths[i], "-");
                out += cell;
            }
            out += '\n';
        }
        flushIfLarge(out);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    return 0;
}

} // namespace mag7::cli
