// mag7 replay: a recorded range played back through the replay feed, paced at a speed (virtual
// seconds per wall second) or as fast as it can be read ("max"); prints a JSON summary or every
// replayed quote as a JSON line.
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "engine/recordeduniverse.h"
#include "engine/replayfeed.h"
#include "engine/simulatedworld.h"
#include "model/easterntime.h"
#include "model/marketclock.h"

#include <cstdio>
#include <thread>

namespace mag7::cli {

namespace {

// Counts what the feed delivers and, for --print quotes, prints every quote of the selected
// instruments as it arrives.
class PrintingSink final : public engine::TickSink {
public:
    PrintingSink(const InstrumentRegistry &registry, bool printQuotes)
        : m_registry(registry)
        , m_printQuotes(printQuotes)
    {}
    void onTicks(std::shared_ptr<const TickBatch> batch) override
    {
        ticks += batch->size();
        if (!batch->empty())
            last = batch->back().ts;
        if (!m_printQuotes)
            return;
        for (const Tick &tick : *batch) {
            if (!tick.isQuote())
                continue;
            const Instrument *instrument = m_registry.get(tick.instrument);
            std::printf("{\"time\":\"%s\",\"symbol\":\"%s\",\"bid\":%s,\"ask\":%s,\"bid_size\":%d,"
                        "\"ask_size\":%d}\n",
                        formatEasternIso(tick.ts).c_str(),
                        instrument ? jsonEscape(instrument->symbol).c_str() : "",
                        jsonNumber(toDouble(tick.bid)).c_str(),
                        jsonNumber(toDouble(tick.ask)).c_str(), tick.bidSize, tick.askSize);
            ++quotes;
        }
    }
    std::uint64_t ticks = 0;
    std::uint64_t quotes = 0;
    Timestamp last = 0;

private:
    const InstrumentRegistry &m_registry;
    bool m_printQuotes;
};

} // namespace

int runReplay(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Replays a recorded range at a speed (1 = real time) or as fast as it can be read "
        "(--speed max). --print summary (default) prints one JSON object (ticks, seconds, "
        "ticks_per_second, virtual_seconds); --print quotes prints every replayed quote as a "
        "JSON line."));
    parser.addOptions({
        {QStringLiteral("data"), QStringLiteral("Data directory of a recording."),
         QStringLiteral("DIR")},
        {QStringLiteral("from"), QStringLiteral("Start (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("to"), QStringLiteral("End (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("speed"),
         QStringLiteral("Virtual seconds per wall second (0.25 to 1000), or max."),
         QStringLiteral("X"), QStringLiteral("max")},
        {QStringLiteral("print"), QStringLiteral("summary or quotes."), QStringLiteral("WHAT"),
         QStringLiteral("summary")},
        {QStringLiteral("symbol"), QStringLiteral("Only this instrument (repeatable)."),
         QStringLiteral("SYM")},
    });
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    auto range = parseTimeRange(parser);
    if (!range)
        return fail(command, QString::fromStdString(range.message()), 2);
    const QString print = parser.value(QStringLiteral("print"));
    if (print != QLatin1String("summary") && print != QLatin1String("quotes"))
        return fail(command,
                    QStringLiteral("--print must be summary or quotes, got '%1'").arg(print), 2);
    const QString speedText = parser.value(QStringLiteral("speed"));
    double speed = 0; // 0: max
    if (speedText != QLatin1String("max")) {
        bool ok = false;
        speed = speedText.toDouble(&ok);
        if (!ok || speed < 0.25 || speed > 1000)
            return fail(
                command,
                QStringLiteral("--speed must be 0.25 to 1000 or max, got '%1'").arg(speedText), 2);
    }
    auto data = existingDataDirectory(parser.value(QStringLiteral("data")));
    if (!data)
        return fail(command, QString::fromStdString(data.message()), 2);
    auto universe = engine::loadRecordedUniverse(data.value(), range->from, range->to);
    if (!universe)
        return fail(command, QString::fromStdString(universe.message()));
    std::vector<std::string> symbols;
    for (const QString &symbol : parser.values(QStringLiteral("symbol")))
        symbols.push_back(symbol.trimmed().toUpper().toStdString());
    auto feed = engine::ReplayFeed::open(universe.value(), range->from, range->to, symbols);
    if (!feed)
        return fail(command, QString::fromStdString(feed.message()), 2);

    PrintingSink sink(*universe.value().registry, print == QLatin1String("quotes"));
    Stopwatch watch;
    if (speed == 0) {
        auto delivered = feed.value()->pumpUntil(range->to, sink);
        if (!delivered)
            return fail(command, QString::fromStdString(delivered.message()));
    } else {
        WallClock wall;
        VirtualClock clock(wall, range->from, speed);
        while (!feed.value()->finished()) {
            auto delivered = feed.value()->pumpUntil(clock.now(), sink);
            if (!delivered)
                return fail(command, QString::fromStdString(delivered.message()));
            std::fflush(stdout);
            if (!feed.value()->finished())
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    const double seconds = watch.elapsedSeconds();
    std::fflush(stdout);
    if (print == QLatin1String("summary")) {
        const double virtualSeconds =
            static_cast<double>(feed.value()->position() - range->from) / 1e9;
        std::printf(
            "{\"ticks\":%llu,\"seconds\":%s,\"ticks_per_second\":%s,\"virtual_seconds\":%s,"
            "\"speed\":%s,\"from\":\"%s\",\"to\":\"%s\"}\n",
            static_cast<unsigned long long>(sink.ticks), jsonFixed(seconds, 3).c_str(),
            jsonFixed(seconds > 0 ? static_cast<double>(sink.ticks) / seconds : 0, 0).c_str(),
            jsonFixed(virtualSeconds, 3).c_str(),
            speed == 0 ? "\"max\"" : jsonNumber(speed, 6).c_str(),
            formatEasternIso(range->from).c_str(), formatEasternIso(range->to).c_str());
    } else {
        std::fprintf(stderr, "%llu quote(s) of %llu tick(s) in %.3f s\n",
                     static_cast<unsigned long long>(sink.quotes),
                     static_cast<unsigned long long>(sink.ticks), seconds);
    }
    return 0;
}

} // namespace mag7::cli
