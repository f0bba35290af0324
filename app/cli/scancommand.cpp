// mag7 scan: a scanner rule over every option contract of the recorded chains at an instant.
#include "chainloader.h"
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "engine/historyloader.h"
#include "engine/scanner.h"
#include "engine/simulatedworld.h"
#include "model/easterntime.h"
#include "pricing/volsurface.h"
#include "storage/deskdatabase.h"

#include <QElapsedTimer>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

namespace mag7::cli {

namespace {

std::string variableHelp()
{
    std::string help = "Variables:\n";
    for (const engine::ScanVariableInfo &v : engine::Scanner::variables())
        help += "  " + std::string(v.name) + std::string(12 - std::string(v.name).size(), ' ') +
                v.description + "\n";
    return help;
}

} // namespace

int runScan(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runs a scanner rule over every option contract of the recorded chains "
                       "at an instant, e.g. --rule \"ivr > 50 and dte <= 7 and abs(delta) "
                       "between 0.25 and 0.4\".\n") +
        QString::fromStdString(variableHelp()) +
        QStringLiteral("rvol and chg are not known from a recording alone (rules using them "
                       "match nothing here) and option volume reads 0; the desk's scanner has "
                       "them live."));
    parser.addOptions({
        {QStringLiteral("data"), QStringLiteral("Data directory."), QStringLiteral("DIR")},
        {QStringLiteral("at"), QStringLiteral("Instant (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("rule"), QStringLiteral("Scanner rule."), QStringLiteral("EXPR")},
        {QStringLiteral("symbol"), QStringLiteral("Only this underlying."), QStringLiteral("SYM")},
        {QStringLiteral("universe"), QStringLiteral("Universe configuration (default built in)."),
         QStringLiteral("FILE")},
        {QStringLiteral("json"), QStringLiteral("One JSON object per matching contract.")},
    });
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    for (const char *name : {"data", "at", "rule"}) {
        if (!requireOption(parser, command, QLatin1String(name)))
            return 2;
    }
    auto at = parseTimeOption(parser, QStringLiteral("at"));
    if (!at)
        return fail(command, QString::fromStdString(at.message()), 2);
    auto scanner = engine::Scanner::create(parser.value(QStringLiteral("rule")).toStdString());
    if (!scanner)
        return fail(command,
                    QStringLiteral("--rule: %1").arg(QString::fromStdString(scanner.message())), 2);
    auto universe =
        engine::loadUniverseSource(parser.value(QStringLiteral("universe")).toStdString());
    if (!universe)
        return fail(command, QString::fromStdString(universe.message()));
    const QString dataDir = parser.value(QStringLiteral("data"));
    const std::string only =
        parser.value(QStringLiteral("symbol")).trimmed().toUpper().toStdString();

    std::vector<std::string> symbols;
    for (const auto &underlying : universe->config.underlyings) {
        if (underlying.options.listing != marketdata::OptionListing::None &&
            (only.empty() || underlying.symbol == only))
            symbols.push_back(underlying.symbol);
    }
    if (symbols.empty())
        return fail(command,
                    QStringLiteral("no optionable underlying '%1' in the universe")
                        .arg(QString::fromStdString(only)),
                    2);

    // IV rank and percentile from the desk database's IV history, when it has one.
    engine::HistoryBaselines baselines;
    const auto deskFile = std::filesystem::path(dataDir.toStdString()) / "desk.sqlite";
    std::error_code ec;
    if (std::filesystem::exists(deskFile, ec)) {
        auto database = storage::DeskDatabase::open(deskFile);
        if (!database)
            return fail(command, QString::fromStdString(database.message()));
        auto loaded = engine::loadBaselines(*database.value(), symbols, *at);
        if (!loaded)
            return fail(command, QString::fromStdString(loaded.message()));
        baselines = std::move(loaded).value();
    }

    std::vector<LoadedChain> loaded;
    std::vector<std::shared_ptr<const engine::ChainSnapshot>> chains;
    std::vector<engine::QuoteRow> rows;
    for (const std::string &symbol : symbols) {
        auto chain = loadChainAt(dataDir, symbol, *at, parser.value(QStringLiteral("universe")));
        if (!chain) {
            std::fprintf(stderr, "%s: %s: skipped: %s\n", qPrintable(command), symbol.c_str(),
                         chain.message().c_str());
            continue;
        }
        engine::QuoteRow row;
        row.id = chain->chain->underlying;
        row.symbol = symbol;
        if (const auto it = baselines.ivHistory.find(symbol);
            it != baselines.ivHistory.end() && chain->chain->atmIv30 > 0) {
            row.ivRank = pricing::ivRank(chain->chain->atmIv30, it->second);
            row.ivPercentile = pricing::ivPercentile(chain->chain->atmIv30, it->second);
        }
        rows.push_back(row);
        chains.push_back(chain->chain);
        loaded.push_back(std::move(chain).value());
    }
    if (chains.empty())
        return fail(command, QStringLiteral("no chain could be rebuilt at %1")
                                 .arg(QString::fromStdString(formatEasternIso(*at))));

    QElapsedTimer timer;
    timer.start();
    const auto hits = scanner->scan(chains, rows);
    const double ms = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    std::size_t contracts = 0;
    for (const auto &chain : chains)
        contracts += chain->options.size();

    const bool json = parser.isSet(QStringLiteral("json"));
    if (!json)
        std::printf("%-6s %-10s %4s %-4s %9s %8s %8s %7s %7s %8s %8s\n", "SYM", "EXPIRY", "DTE",
                    "TYPE", "STRIKE", "BID", "ASK", "IV%", "DELTA", "VOLUME", "OI");
    for (const engine::ScanHit &hit : hits) {
        const engine::OptionRow &o = *hit.contract;
        const bool priced = o.ivError == pricing::IvError::None;
        if (json) {
            std::printf("{\"symbol\":\"%s\",\"contract\":\"%s\",\"expiry\":\"%s\",\"dte\":%d,"
                        "\"right\":\"%s\",\"strike\":%s,\"bid\":%s,\"ask\":%s,\"mid\":%s,"
                        "\"iv\":%s,\"delta\":%s,\"gamma\":%s,\"theta\":%s,\"vega\":%s,"
                        "\"volume\":%lld,\"oi\":%lld}\n",
                        jsonEscape(hit.symbol).c_str(),
                        o.instrument ? jsonEscape(o.instrument->symbol).c_str() : "",
                        formatDate(o.expiry).c_str(), hit.daysToExpiry,
                        o.right == OptionRight::Call ? "call" : "put",
                        jsonFixed(o.strike, 2).c_str(), priceJson(o.bid).c_str(),
                        priceJson(o.ask).c_str(), jsonFixed(o.mid, 4).c_str(),
                        priced ? jsonFixed(o.iv, 6).c_str() : "null",
                        priced ? jsonFixed(o.greeks.delta, 6).c_str() : "null",
                        priced ? jsonFixed(o.greeks.gamma, 8).c_str() : "null",
                        priced ? jsonFixed(o.greeks.theta, 6).c_str() : "null",
                        priced ? jsonFixed(o.greeks.vega, 6).c_str() : "null",
                        static_cast<long long>(o.volume), static_cast<long long>(o.openInterest));
        } else {
            std::printf("%-6s %-10s %4d %-4s %9.2f %8.2f %8.2f %7s %7s %8lld %8lld\n",
                        hit.symbol.c_str(), formatDate(o.expiry).c_str(), hit.daysToExpiry,
                        o.right == OptionRight::Call ? "C" : "P", o.strike, toDouble(o.bid),
                        toDouble(o.ask), priced ? jsonFixed(o.iv * 100, 1).c_str() : "-",
                        priced ? jsonFixed(o.greeks.delta, 3).c_str() : "-",
                        static_cast<long long>(o.volume), static_cast<long long>(o.openInterest));
        }
    }
    std::fprintf(stderr, "%zu of %zu contracts matched at %s (%zu underlyings, scan %.2f ms)\n",
                 hits.size(), contracts, formatEasternIso(*at).c_str(), chains.size(), ms);
    return 0;
}

} // namespace mag7::cli
