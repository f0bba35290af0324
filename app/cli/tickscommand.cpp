// mag7 ticks: recorded ticks of one symbol in time order, as JSON lines or CSV.
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "model/easterntime.h"
#include "storage/tickstore.h"

#include <cstdio>
#include <vector>

namespace mag7::cli {

namespace {

void writeJsonLine(std::string &out, const Tick &tick, const storage::InstrumentRecord &instrument)
{
    out += "{\"ts\":\"";
    out += formatEasternIso(tick.ts, TimePrecision::Micros);
    out += "\",\"ts_ns\":";
    out += std::to_string(tick.ts);
    out += ",\"symbol\":\"";
    out += jsonEscape(instrument.symbol);
    if (tick.isQuote()) {
        out += "\",\"type\":\"quote\",\"bid\":";
        out += priceJson(tick.bid);
        out += ",\"ask\":";
        out += priceJson(tick.ask);
        out += ",\"bid_size\":";
        out += std::to_string(tick.bidSize);
        out += ",\"ask_size\":";
        out += std::to_string(tick.askSize);
    } else {
        out += "\",\"type\":\"trade\",\"price\":";
        out += priceJson(tick.price());
        out += ",\"size\":";
        out += std::to_string(tick.size());
    }
    if (tick.flags & TickFlagSuspect)
        out += ",\"suspect\":true";
    out += "}\n";
}

void writeCsvLine(std::string &out, const Tick &tick, const storage::InstrumentRecord &instrument)
{
    out += formatEasternIso(tick.ts, TimePrecision::Micros);
    out += ',';
    out += std::to_string(tick.ts);
    out += ',';
    out += instrument.symbol;
    if (tick.isQuote()) {
        out += ",quote,";
        out += priceJson(tick.bid);
        out += ',';
        out += priceJson(tick.ask);
        out += ',';
        out += std::to_string(tick.bidSize);
        out += ',';
        out += std::to_string(tick.askSize);
        out += ",,\n";
    } else {
        out += ",trade,,,,,";
        out += priceJson(tick.price());
        out += ',';
        out += std::to_string(tick.size());
        out += '\n';
    }
}

} // namespace

int runTicks(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Prints recorded ticks in time order."));
    parser.addOptions({
        {QStringLiteral("data"), QStringLiteral("Data directory."), QStringLiteral("DIR")},
        {QStringLiteral("symbol"),
         QStringLiteral("Desk symbol (AAPL, /ES, SPY250113C00590000, ...)."),
         QStringLiteral("SYM")},
        {QStringLiteral("from"), QStringLiteral("Start, inclusive (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("to"), QStringLiteral("End, exclusive (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("format"), QStringLiteral("jsonl (default) or csv."),
         QStringLiteral("FORMAT"), QStringLiteral("jsonl")},
    });
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    for (const char *name : {"data", "symbol", "from", "to"}) {
        if (!requireOption(parser, command, QLatin1String(name)))
            return 2;
    }
    const QString format = parser.value(QStringLiteral("format"));
    if (format != QLatin1String("jsonl") && format != QLatin1String("csv"))
        return fail(command, QStringLiteral("--format must be jsonl or csv, got '%1'").arg(format),
                    2);
    auto range = parseTimeRange(parser);
    if (!range)
        return fail(command, QString::fromStdString(range.message()), 2);
    auto archive = openTickArchive(parser.value(QStringLiteral("data")));
    if (!archive)
        return fail(command, QString::fromStdString(archive.message()));

    const bool csv = format == QLatin1String("csv");
    std::string buffer;
    buffer.reserve(1 << 20);
    if (csv)
        buffer += "ts,ts_ns,symbol,type,bid,ask,bid_size,ask_size,price,size\n";
    const std::vector<std::string> symbols{parser.value(QStringLiteral("symbol")).toStdString()};
    Status status =
        archive->read(range->from, range->to, symbols,
                      [&](const Tick &tick, const storage::InstrumentRecord &instrument) {
                          if (csv)
                              writeCsvLine(buffer, tick, instrument);
                          else
                              writeJsonLine(buffer, tick, instrument);
                          if (buffer.size() > (1 << 20) - 512) {
                              std::fwrite(buffer.data(), 1, buffer.size(), stdout);
                              buffer.clear();
                          }
                          return true;
                      });
    std::fwrite(buffer.data(), 1, buffer.size(), stdout);
    std::fflush(stdout);
    if (!status)
        return fail(command, QString::fromStdString(status.message()));
    return 0;
}

} // namespace mag7::cli
