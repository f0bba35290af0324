// mag7 chain / mag7 gex: an option chain with IV and Greeks, and the dealer gamma exposure, at
// an instant of a recording.
#include "chainloader.h"
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "model/easterntime.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace mag7::cli {

namespace {

std::string cell(double value, int decimals)
{
    if (!std::isfinite(value) || value == 0)
        return "-";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

bool parseCommon(QCommandLineParser &parser, const QStringList &arguments, int &exitCode,
                 const QString &description, bool withExpiry)
{
    parser.setApplicationDescription(description);
    parser.addOptions({
        {QStringLiteral("data"), QStringLiteral("Data directory."), QStringLiteral("DIR")},
        {QStringLiteral("symbol"), QStringLiteral("Underlying (SPY, AAPL, ...)."),
         QStringLiteral("SYM")},
        {QStringLiteral("at"), QStringLiteral("Instant (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("universe"),
         QStringLiteral("Universe configuration for rates and dividend yields (default built in)."),
         QStringLiteral("FILE")},
        {QStringLiteral("json"), QStringLiteral("One JSON object instead of a table.")},
    });
    if (withExpiry)
        parser.addOption({QStringLiteral("expiry"),
                          QStringLiteral("Only this expiry (YYYY-MM-DD)."),
                          QStringLiteral("DATE")});
    if (!parseCommandLine(parser, arguments, exitCode))
        return false;
    for (const char *name : {"data", "symbol", "at"}) {
        if (!requireOption(parser, arguments.value(0), QLatin1String(name))) {
            exitCode = 2;
            return false;
        }
    }
    return true;
}

std::string greeksJson(const engine::OptionRow &row)
{
    const auto &g = row.greeks;
    return "\"iv\":" +
           (row.ivError == pricing::IvError::None ? jsonFixed(row.iv, 6) : std::string("null")) +
           (row.ivError == pricing::IvError::None
                ? std::string()
                : ",\"iv_error\":\"" + std::string(pricing::ivErrorMessage(row.ivError)) + "\"") +
           ",\"delta\":" + jsonFixed(g.delta, 6) + ",\"gamma\":" + jsonFixed(g.gamma, 8) +
           ",\"theta\":" + jsonFixed(g.theta, 6) + ",\"vega\":" + jsonFixed(g.vega, 6) +
           ",\"rho\":" + jsonFixed(g.rho, 6) + ",\"prob_itm\":" + jsonFixed(row.probabilityItm, 6) +
           ",\"gex\":" + jsonFixed(row.gex, 2);
}

} // namespace

int runChain(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    int exitCode = 0;
    if (!parseCommon(parser, arguments, exitCode,
                     QStringLiteral("Prints the option chain with bid, ask, IV and Greeks."), true))
        return exitCode;
    auto at = parseTimeOption(parser, QStringLiteral("at"));
    if (!at)
        return fail(command, QString::fromStdString(at.message()), 2);
    std::optional<Date> onlyExpiry;
    if (parser.isSet(QStringLiteral("expiry"))) {
        onlyExpiry = parseDate(parser.value(QStringLiteral("expiry")).toStdString());
        if (!onlyExpiry)
            return fail(command, QStringLiteral("--expiry must be a date YYYY-MM-DD"), 2);
    }
    const std::string symbol = parser.value(QStringLiteral("symbol")).toStdString();
    auto loaded = loadChainAt(parser.value(QStringLiteral("data")), symbol, *at,
                              parser.value(QStringLiteral("universe")));
    if (!loaded)
        return fail(command, QString::fromStdString(loaded.message()));
    const engine::ChainSnapshot &chain = *loaded->chain;
    if (onlyExpiry) {
        bool listed = false;
        for (const auto &e : chain.expiries)
            listed = listed || e.expiry == *onlyExpiry;
        if (!listed)
            return fail(command, QStringLiteral("%1 has no expiry %2 at that instant")
                                     .arg(QString::fromStdString(symbol),
                                          parser.value(QStringLiteral("expiry"))));
    }

    std::string out;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (json) {
        out += "{\"symbol\":\"" + jsonEscape(symbol) + "\",\"at\":\"" + formatEasternIso(*at) +
               "\",\"spot\":" + jsonFixed(chain.spot, 4) + ",\"rate\":" + jsonFixed(chain.rate, 6) +
               ",\"div\":" + jsonFixed(chain.dividendYield, 6) +
               ",\"atm_iv_30d\":" + jsonFixed(chain.atmIv30, 6) + ",\"expiries\":[";
    } else {
        std::printf("%s at %s  spot %.2f  30-day ATM IV %.2f%%  rate %.2f%%  div %.2f%%%s\n",
                    symbol.c_str(), formatEasternIso(*at).c_str(), chain.spot, chain.atmIv30 * 100,
                    chain.rate * 100, chain.dividendYield * 100,
                    loaded->hasOpenInterest ? "" : "  (no open interest recorded)");
    }
    bool firstExpiry = true;
    for (const engine::ExpirySummary &e : chain.expiries) {
        if (onlyExpiry && e.expiry != *onlyExpiry)
            continue;
        if (json) {
            out += std::string(firstExpiry ? "" : ",") + "{\"expiry\":\"" + formatDate(e.expiry) +
                   "\",\"dte\":" + std::to_string(e.daysToExpiry) +
                   ",\"years\":" + jsonFixed(e.years, 8) +
                   ",\"forward\":" + jsonFixed(e.forward, 4) +
                   ",\"atm_strike\":" + jsonFixed(e.atmStrike, 2) +
                   ",\"atm_iv\":" + jsonFixed(e.atmIv, 6) +
                   ",\"expected_move\":" + jsonFixed(e.expectedMove, 4) +
                   ",\"straddle\":" + jsonFixed(e.straddle, 4) +
                   ",\"rr25\":" + jsonFixed(e.riskReversal25, 6) +
                   ",\"bf25\":" + jsonFixed(e.butterfly25, 6) + ",\"options\":[";
        } else {
            std::printf(
                "\n%s  %3d DTE  ATM %.2f IV %.2f%%  expected move ±%.2f (straddle %.2f)  "
                "RR25 %s  BF25 %s\n",
                formatDate(e.expiry).c_str(), e.daysToExpiry, e.atmStrike, e.atmIv * 100,
                e.expectedMove, e.straddle,
                std::isfinite(e.riskReversal25) ? jsonFixed(e.riskReversal25 * 100, 2).c_str()
                                                : "-",
                std::isfinite(e.butterfly25) ? jsonFixed(e.butterfly25 * 100, 2).c_str() : "-");
            std::printf("  %-4s %9s %9s %9s %7s %7s %8s %8s %7s %8s\n", "type", "strike", "bid",
                        "ask", "iv%", "delta", "gamma", "theta", "vega", "OI");
        }
        for (std::size_t i = e.firstRow; i < e.firstRow + e.rowCount; ++i) {
            const engine::OptionRow &row = chain.options[i];
            if (json) {
                out += std::string(i == e.firstRow ? "" : ",") + "{\"symbol\":\"" +
                       row.instrument->symbol + "\",\"right\":\"" +
                       (row.right == OptionRight::Call ? "call" : "put") +
                       "\",\"strike\":" + jsonFixed(row.strike, 3) +
                       ",\"bid\":" + priceJson(row.bid) + ",\"ask\":" + priceJson(row.ask) +
                       ",\"mid\":" + jsonFixed(row.mid, 4) +
                       ",\"open_interest\":" + std::to_string(row.openInterest) + "," +
                       greeksJson(row) + "}";
            } else {
                const bool ivOk = row.ivError == pricing::IvError::None;
                std::printf("  %-4s %9.2f %9s %9s %7s %7s %8s %8s %7s %8lld\n",
                            row.right == OptionRight::Call ? "C" : "P", row.strike,
                            cell(toDouble(row.bid), 2).c_str(), cell(toDouble(row.ask), 2).c_str(),
                            ivOk ? jsonFixed(row.iv * 100, 2).c_str() : "-",
                            ivOk ? jsonFixed(row.greeks.delta, 3).c_str() : "-",
                            ivOk ? jsonFixed(row.greeks.gamma, 4).c_str() : "-",
                            ivOk ? jsonFixed(row.greeks.theta, 3).c_str() : "-",
                            ivOk ? jsonFixed(row.greeks.vega, 3).c_str() : "-",
                            static_cast<long long>(row.openInterest));
            }
        }
        if (json)
            out += "]}";
        firstExpiry = false;
    }
    if (json) {
        out += "]}\n";
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return 0;
}

int runGex(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    int exitCode = 0;
    if (!parseCommon(
            parser, arguments, exitCode,
            QStringLiteral("Prints GEX per strike, the total, the flip level and the walls."),
            false))
        return exitCode;
    auto at = parseTimeOption(parser, QStringLiteral("at"));
    if (!at)
        return fail(command, QString::fromStdString(at.message()), 2);
    const std::string symbol = parser.value(QStringLiteral("symbol")).toStdString();
    auto loaded = loadChainAt(parser.value(QStringLiteral("data")), symbol, *at,
                              parser.value(QStringLiteral("universe")));
    if (!loaded)
        return fail(command, QString::fromStdString(loaded.message()));
    if (!loaded->hasOpenInterest)
        return fail(command, QStringLiteral("no open interest recorded for that trading date in "
                                            "%1/desk.sqlite: GEX needs it")
                                 .arg(parser.value(QStringLiteral("data"))));
    const pricing::GexProfile &gex = loaded->chain->gex;
    auto optional = [](const std::optional<double> &v, int decimals) {
        return v ? jsonFixed(*v, decimals) : std::string("null");
    };
    if (parser.isSet(QStringLiteral("json"))) {
        std::string out = "{\"symbol\":\"" + jsonEscape(symbol) + "\",\"at\":\"" +
                          formatEasternIso(*at) + "\",\"spot\":" + jsonFixed(gex.spot, 4) +
                          ",\"total_gex\":" + jsonFixed(gex.totalGex, 2) +
                          ",\"flip_level\":" + optional(gex.flipLevel, 4) +
                          ",\"call_wall\":" + optional(gex.callWall, 2) +
                          ",\"put_wall\":" + optional(gex.putWall, 2) + ",\"delta_clusters\":[";
        for (std::size_t i = 0; i < gex.deltaClusters.size(); ++i)
            out += (i ? "," : "") + jsonFixed(gex.deltaClusters[i], 2);
        out += "],\"strikes\":[";
        for (std::size_t i = 0; i < gex.levels.size(); ++i) {
            const auto &l = gex.levels[i];
            out += std::string(i ? "," : "") + "{\"strike\":" + jsonFixed(l.strike, 3) +
                   ",\"call_gex\":" + jsonFixed(l.callGex, 2) +
                   ",\"put_gex\":" + jsonFixed(l.putGex, 2) +
                   ",\"net_gex\":" + jsonFixed(l.netGex, 2) +
                   ",\"call_delta_exposure\":" + jsonFixed(l.callDeltaExposure, 2) +
                   ",\"put_delta_exposure\":" + jsonFixed(l.putDeltaExposure, 2) +
                   ",\"net_delta_exposure\":" + jsonFixed(l.netDeltaExposure, 2) + "}";
        }
        out += "]}\n";
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    std::printf("%s GEX at %s  spot %.2f\n", symbol.c_str(), formatEasternIso(*at).c_str(),
                gex.spot);
    std::printf("  total GEX   %+.2f $M per 1%% move\n", gex.totalGex / 1e6);
    std::printf("  flip level  %s\n  call wall   %s\n  put wall    %s\n",
                gex.flipLevel ? jsonFixed(*gex.flipLevel, 2).c_str() : "none in ±20%",
                optional(gex.callWall, 2).c_str(), optional(gex.putWall, 2).c_str());
    std::printf("  delta clusters:");
    for (double strike : gex.deltaClusters)
        std::printf(" %.2f", strike);
    std::printf("\n\n  %9s %12s %12s %12s %14s   ($M per 1%% move; delta exposure $M)\n", "strike",
                "call GEX", "put GEX", "net GEX", "net delta exp");
    for (const auto &l : gex.levels) {
        std::printf("  %9.2f %12.3f %12.3f %12.3f %14.3f\n", l.strike, l.callGex / 1e6,
                    l.putGex / 1e6, l.netGex / 1e6, l.netDeltaExposure / 1e6);
    }
    return 0;
}

} // namespace mag7::cli
