// mag7 state: the full state at an instant (the symbol's quote and, for an underlying, its
// option quotes), from the day file's snapshot plus the ticks after it.
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "storage/tickstore.h"

#include <algorithm>
#include <cstdio>

namespace mag7::cli {

namespace {

std::string quoteJson(const QuoteState &q)
{
    std::string out = "{";
    if (q.hasQuote()) {
        out += "\"bid\":" + priceJson(q.bid) + ",\"ask\":" + priceJson(q.ask) +
               ",\"bid_size\":" + std::to_string(q.bidSize) +
               ",\"ask_size\":" + std::to_string(q.askSize) + ",\"quote_ts\":\"" +
               formatEasternIso(q.quoteTs, TimePrecision::Micros) + "\"";
    } else {
        out += "\"bid\":null,\"ask\":null,\"bid_size\":null,\"ask_size\":null,\"quote_ts\":null";
    }
    if (q.hasTrade()) {
        out += ",\"last\":" + priceJson(q.last) + ",\"last_size\":" + std::to_string(q.lastSize) +
               ",\"trade_ts\":\"" + formatEasternIso(q.tradeTs, TimePrecision::Micros) + "\"";
    } else {
        out += ",\"last\":null,\"last_size\":null,\"trade_ts\":null";
    }
    return out + "}";
}

std::string cell(Price price)
{
    return price > 0 ? priceJson(price) : std::string("-");
}

} // namespace

int runState(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Prints the state at an instant: the symbol's quote and its options."));
    parser.addOptions({
        {QStringLiteral("data"), QStringLiteral("Data directory."), QStringLiteral("DIR")},
        {QStringLiteral("at"), QStringLiteral("Instant (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("symbol"), QStringLiteral("Desk symbol."), QStringLiteral("SYM")},
        {QStringLiteral("json"), QStringLiteral("One JSON object instead of a table.")},
    });
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    for (const char *name : {"data", "at", "symbol"}) {
        if (!requireOption(parser, command, QLatin1String(name)))
            return 2;
    }
    auto at = parseTimeOption(parser, QStringLiteral("at"));
    if (!at)
        return fail(command, QString::fromStdString(at.message()), 2);
    auto archive = openTickArchive(parser.value(QStringLiteral("data")));
    if (!archive)
        return fail(command, QString::fromStdString(archive.message()));
    const Date day = calendar::tradingDateOf(*at);
    const auto path = archive->pathOf(day);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return fail(command, QStringLiteral("no recording for trading date %1 (%2 is missing)")
                                 .arg(QString::fromStdString(formatDate(day)),
                                      QString::fromStdString(path.string())));
    auto reader = storage::TickDayReader::open(path);
    if (!reader)
        return fail(command, QString::fromStdString(reader.message()));
    const std::string symbol = parser.value(QStringLiteral("symbol")).toStdString();
    const auto fileId = reader.value()->fileIdOf(symbol);
    if (!fileId)
        return fail(command, QStringLiteral("unknown symbol '%1': not recorded on %2")
                                 .arg(QString::fromStdString(symbol),
                                      QString::fromStdString(formatDate(day))));
    auto state = reader.value()->stateAt(*at);
    if (!state)
        return fail(command, QString::fromStdString(state.message()));
    const auto &instruments = reader.value()->instruments();

    std::vector<const storage::InstrumentRecord *> options;
    for (const auto &instrument : instruments) {
        if (instrument.kind == InstrumentKind::Option && instrument.underlying == symbol &&
            state.value()[instrument.fileId].hasQuote())
            options.push_back(&instrument);
    }
    std::sort(options.begin(), options.end(), [](const auto *a, const auto *b) {
        if (a->expiry != b->expiry)
            return a->expiry < b->expiry;
        if (a->strike != b->strike)
            return a->strike < b->strike;
        return a->right < b->right;
    });

    const QuoteState &quote = state.value()[*fileId];
    if (parser.isSet(QStringLiteral("json"))) {
        std::string out = "{\"symbol\":\"" + jsonEscape(symbol) + "\",\"at\":\"" +
                          formatEasternIso(*at, TimePrecision::Micros) +
                          "\",\"at_ns\":" + std::to_string(*at) + ",\"quote\":" + quoteJson(quote) +
                          ",\"options\":[";
        for (std::size_t i = 0; i < options.size(); ++i) {
            const auto *o = options[i];
            std::string q = quoteJson(state.value()[o->fileId]);
            out += (i ? "," : "") + std::string("{\"symbol\":\"") + jsonEscape(o->symbol) +
                   "\",\"expiry\":\"" + formatDate(o->expiry) + "\",\"right\":\"" +
                   (o->right == OptionRight::Call ? "call" : "put") +
                   "\",\"strike\":" + priceJson(o->strike) + "," + q.substr(1);
        }
        out += "]}\n";
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    std::printf("%s at %s\n", symbol.c_str(), formatEasternIso(*at).c_str());
    std::printf("  bid %s x %d   ask %s x %d   last %s x %d\n", cell(quote.bid).c_str(),
                quote.bidSize, cell(quote.ask).c_str(), quote.askSize, cell(quote.last).c_str(),
                quote.lastSize);
    if (!options.empty()) {
        std::printf("\n%-22s %-10s %-4s %10s %10s %10s %8s %8s\n", "option", "expiry", "type",
                    "strike", "bid", "ask", "bid_sz", "ask_sz");
        for (const auto *o : options) {
            const QuoteState &q = state.value()[o->fileId];
            std::printf("%-22s %-10s %-4s %10s %10s %10s %8d %8d\n", o->symbol.c_str(),
                        formatDate(o->expiry).c_str(), o->right == OptionRight::Call ? "C" : "P",
                        priceJson(o->strike).c_str(), cell(q.bid).c_str(), cell(q.ask).c_str(),
                        q.bidSize, q.askSize);
        }
        std::printf("\n%zu option quotes\n", options.size());
    }
    return 0;
}

} // namespace mag7::cli
