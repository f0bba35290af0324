// mag7 signals: the playbooks over recorded or simulated days (the desk's own path: every tick
// through the market state, chains rebuilt every few minutes) or over imported 1-minute bars,
// each signal with its reason.
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "engine/recordedplaybooks.h"
#include "engine/simulatedworld.h"
#include "model/easterntime.h"
#include "signals/barcsv.h"
#include "signals/playbook.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace mag7::cli {

namespace {

std::string valuesJson(const std::vector<signals::SignalValue> &values)
{
    std::string out = "{";
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? ",\"" : "\"") + jsonEscape(values[i].name) +
               "\":" + jsonNumber(values[i].value, 6);
    return out + "}";
}

std::string legsJson(const std::vector<signals::SignalLeg> &legs)
{
    std::string out = "[";
    for (std::size_t i = 0; i < legs.size(); ++i) {
        const signals::SignalLeg &leg = legs[i];
        out += i ? "," : "";
        if (leg.shares) {
            out += "{\"quantity\":" + std::to_string(leg.quantity) +
                   ",\"shares\":true,\"price\":" + jsonNumber(leg.price, 6) + "}";
        } else {
            out += "{\"quantity\":" + std::to_string(leg.quantity) + ",\"expiry\":\"" +
                   formatDate(leg.expiry) + "\",\"strike\":" + jsonNumber(leg.strike, 6) +
                   ",\"right\":\"" + (leg.right == OptionRight::Call ? "call" : "put") +
                   "\",\"price\":" + jsonNumber(leg.price, 6) + "}";
        }
    }
    return out + "]";
}

void printSignal(const signals::Signal &s, bool json)
{
    if (json) {
        std::printf("{\"time\":\"%s\",\"symbol\":\"%s\",\"playbook\":\"%s\",\"side\":\"%s\","
                    "\"reason\":\"%s\",\"price\":%s,\"stop\":%s,\"target\":%s,\"inputs\":%s,"
                    "\"thresholds\":%s,\"structure\":\"%s\",\"legs\":%s,\"net_price\":%s,"
                    "\"confidence\":%s}\n",
                    formatEasternIso(s.time).c_str(), jsonEscape(s.symbol).c_str(),
                    jsonEscape(s.playbook).c_str(), signals::signalSideName(s.side),
                    jsonEscape(s.reason).c_str(), jsonNumber(s.price, 6).c_str(),
                    jsonNumber(s.stop, 6).c_str(), jsonNumber(s.target, 6).c_str(),
                    valuesJson(s.inputs).c_str(), valuesJson(s.thresholds).c_str(),
                    jsonEscape(s.structure).c_str(), legsJson(s.legs).c_str(),
                    jsonNumber(s.netPrice, 6).c_str(), jsonNumber(s.confidence, 6).c_str());
    } else {
        std::printf("%s  %-6s %-11s %-5s %s\n", formatEasternIso(s.time).c_str(), s.symbol.c_str(),
                    s.playbook.c_str(), signals::signalSideName(s.side), s.reason.c_str());
    }
}

int listPlaybooks(bool json)
{
    for (const auto &playbook : signals::builtInPlaybooks()) {
        if (json) {
            std::string parameters = "[";
            for (const auto &p : playbook->parameters()) {
                parameters += std::string(parameters.size() > 1 ? "," : "") + "{\"name\":\"" +
                              jsonEscape(p.name) + "\",\"value\":" + jsonNumber(p.value, 6) +
                              ",\"min\":" + jsonNumber(p.minimum, 6) +
                              ",\"max\":" + jsonNumber(p.maximum, 6) + ",\"description\":\"" +
                              jsonEscape(p.description) + "\"}";
            }
            std::printf("{\"name\":\"%s\",\"description\":\"%s\",\"parameters\":%s]}\n",
                        jsonEscape(std::string(playbook->name())).c_str(),
                        jsonEscape(std::string(playbook->description())).c_str(),
                        parameters.c_str());
        } else {
            std::printf("%s\n  %s\n", std::string(playbook->name()).c_str(),
                        std::string(playbook->description()).c_str());
            for (const auto &p : playbook->parameters())
                std::printf("    %-20s %-8s [%s, %s]  %s\n", p.name.c_str(),
                            jsonNumber(p.value, 6).c_str(), jsonNumber(p.minimum, 6).c_str(),
                            jsonNumber(p.maximum, 6).c_str(), p.description.c_str());
        }
    }
    return 0;
}

struct SymbolBars {
    std::string symbol;
    InstrumentKind kind = InstrumentKind::Stock;
    std::vector<Bar> bars;
};

} // namespace

int runSignals(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Runs the playbooks over recorded or simulated days (--data, --from, --to) or over "
        "imported 1-minute bars (--bars FILE.csv --symbol SYM; columns "
        "timestamp,open,high,low,close,volume). --list names every playbook and its "
        "parameters."));
    parser.addOptions({
        {QStringLiteral("list"), QStringLiteral("Name every playbook with its parameters.")},
        {QStringLiteral("data"), QStringLiteral("Data directory of a recording."),
         QStringLiteral("DIR")},
        {QStringLiteral("from"), QStringLiteral("Start (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("to"), QStringLiteral("End (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("bars"), QStringLiteral("1-minute bars (CSV)."), QStringLiteral("FILE")},
        {QStringLiteral("symbol"), QStringLiteral("Symbol of --bars, or the only underlying."),
         QStringLiteral("SYM")},
        {QStringLiteral("playbook"), QStringLiteral("Only this playbook (repeatable)."),
         QStringLiteral("NAME")},
        {QStringLiteral("set"), QStringLiteral("A parameter, PLAYBOOK.NAME=VALUE (repeatable)."),
         QStringLiteral("P=V")},
        {QStringLiteral("chain-every"),
         QStringLiteral("--data: rebuild the option chains every MIN minutes (1-60, default 5)."),
         QStringLiteral("MIN"), QStringLiteral("5")},
        {QStringLiteral("json"), QStringLiteral("One JSON object per signal.")},
    });
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("list")))
        return listPlaybooks(json);

    std::vector<std::unique_ptr<signals::Playbook>> playbooks;
    const QStringList chosen = parser.values(QStringLiteral("playbook"));
    if (chosen.isEmpty()) {
        playbooks = signals::builtInPlaybooks();
    } else {
        for (const QString &name : chosen) {
            auto playbook = signals::makePlaybook(name.toStdString());
            if (!playbook)
                return fail(command, QStringLiteral("unknown playbook '%1' (see --list)").arg(name),
                            2);
            playbooks.push_back(std::move(playbook));
        }
    }
    for (const QString &setting : parser.values(QStringLiteral("set"))) {
        const int dot = setting.indexOf(QLatin1Char('.'));
        const int equals = setting.indexOf(QLatin1Char('='));
        bool ok = false;
        const double value = setting.mid(equals + 1).toDouble(&ok);
        if (dot <= 0 || equals <= dot + 1 || !ok)
            return fail(command,
                        QStringLiteral("--set must be PLAYBOOK.NAME=VALUE, got '%1'").arg(setting),
                        2);
        const std::string name = setting.left(dot).toStdString();
        auto it = std::find_if(playbooks.begin(), playbooks.end(),
                               [&](const auto &p) { return p->name() == name; });
        if (it == playbooks.end())
            return fail(command,
                        QStringLiteral("--set: no playbook '%1' is running")
                            .arg(QString::fromStdString(name)),
                        2);
        const Status set =
            (*it)->setParameter(setting.mid(dot + 1, equals - dot - 1).toStdString(), value);
        if (!set)
            return fail(command,
                        QStringLiteral("--set: %1").arg(QString::fromStdString(set.message())), 2);
    }

    const std::string symbol =
        parser.value(QStringLiteral("symbol")).trimmed().toUpper().toStdString();
    if (parser.isSet(QStringLiteral("data")) && !parser.isSet(QStringLiteral("bars"))) {
        auto range = parseTimeRange(parser);
        if (!range)
            return fail(command, QString::fromStdString(range.message()), 2);
        bool ok = false;
        const int chainMinutes = parser.value(QStringLiteral("chain-every")).toInt(&ok);
        if (!ok || chainMinutes < 1 || chainMinutes > 60)
            return fail(command, QStringLiteral("--chain-every must be 1..60 minutes"), 2);
        auto data = existingDataDirectory(parser.value(QStringLiteral("data")));
        if (!data)
            return fail(command, QString::fromStdString(data.message()), 2);
        auto universe = engine::loadUniverseSource({});
        if (!universe)
            return fail(command, QString::fromStdString(universe.message()));
        engine::RecordedRunOptions options;
        options.dataDirectory = data.value();
        options.from = range->from;
        options.to = range->to;
        options.symbol = symbol;
        options.chainMinutes = chainMinutes;
        options.riskFreeRate = universe->config.market.riskFreeRate;
        for (const auto &underlying : universe->config.underlyings) {
            options.dividendYields.emplace(underlying.symbol, underlying.dividendYield);
            if (!underlying.sector.empty())
                options.sectors.emplace(underlying.symbol, underlying.sector);
        }
        signals::PlaybookRunner runner(std::move(playbooks));
        auto run = engine::runRecordedPlaybooks(
            options, runner, [json](const signals::Signal &signal) { printSignal(signal, json); });
        if (!run)
            return fail(command, QString::fromStdString(run.message()));
        std::fprintf(stderr,
                     "%llu signal(s) from %llu bars of %zu underlying(s), %llu ticks, %llu chain "
                     "rebuilds%s\n",
                     static_cast<unsigned long long>(run->signals),
                     static_cast<unsigned long long>(run->bars), run->underlyings,
                     static_cast<unsigned long long>(run->ticks),
                     static_cast<unsigned long long>(run->chainsBuilt),
                     run->history ? "" : " (no desk.sqlite: no relative volume or IV rank)");
        return 0;
    }

    std::vector<SymbolBars> series;
    if (parser.isSet(QStringLiteral("bars"))) {
        if (symbol.empty())
            return fail(command, QStringLiteral("--bars needs --symbol"), 2);
        auto bars = signals::readBarCsv(parser.value(QStringLiteral("bars")).toStdString());
        if (!bars)
            return fail(command, QString::fromStdString(bars.message()), 2);
        const InstrumentKind kind =
            symbol.starts_with('/') ? InstrumentKind::Future : InstrumentKind::Stock;
        series.push_back({symbol, kind, std::move(bars).value()});
    } else {
        return fail(command,
                    QStringLiteral("give --bars FILE --symbol SYM, --data DIR --from "
                                   "ISO --to ISO, or --list"),
                    2);
    }

    // All symbols' bars in time order through one runner.
    struct Step {
        Timestamp start;
        std::size_t series;
        std::size_t index;
    };
    std::vector<Step> steps;
    for (std::size_t s = 0; s < series.size(); ++s) {
        for (std::size_t i = 0; i < series[s].bars.size(); ++i)
            steps.push_back({series[s].bars[i].start, s, i});
    }
    std::stable_sort(steps.begin(), steps.end(),
                     [](const Step &a, const Step &b) { return a.start < b.start; });
    signals::PlaybookRunner runner(std::move(playbooks));
    std::vector<signals::Signal> out;
    std::size_t count = 0;
    for (const Step &step : steps) {
        const SymbolBars &bars = series[step.series];
        out.clear();
        const Status added = runner.addBar(bars.symbol, bars.kind, bars.bars[step.index], out);
        if (!added)
            return fail(command, QString::fromStdString(added.message()));
        for (const signals::Signal &signal : out)
            printSignal(signal, json);
        count += out.size();
    }
    std::fprintf(stderr, "%zu signal(s) from %zu bars of %zu symbol(s)\n", count, steps.size(),
                 series.size());
    return 0;
}

} // namespace mag7::cli
