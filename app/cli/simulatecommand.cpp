// mag7 simulate: records the simulated market over a range into a data directory.
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "engine/historyloader.h"
#include "engine/simulatedworld.h"
#include "marketdata/simulatedmarket.h"
#include "marketdata/universeconfig.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "model/marketclock.h"
#include "storage/deskdatabase.h"
#include "storage/tickrecorder.h"

#include <QDir>
#include <QFileInfo>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

namespace mag7::cli {

namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int)
{
    g_interrupted = true;
}

constexpr std::int64_t kFastStepNanos = 5 * kNanosPerSecond;
constexpr std::uint64_t kMaxQueuedTicks = 4'000'000;

// Existing recordings that overlap the range would interleave with the new ticks: refuse.
Status checkNoOverlap(const std::filesystem::path &ticksDir, Timestamp from, Timestamp to)
{
    auto archive = storage::TickArchive::open(ticksDir);
    if (!archive)
        return {};
    const Date first = calendar::tradingDateOf(from);
    const Date last = calendar::tradingDateOf(to);
    for (const Date day : archive->days()) {
        if (day < first || day > last)
            continue;
        auto reader = storage::TickDayReader::open(archive->pathOf(day));
        if (!reader)
            return Error{reader.message()};
        const auto &r = *reader.value();
        if (r.tickCount() > 0 && r.firstTs() <= to && r.lastTs() >= from)
            return Error{archive->pathOf(day).string() + " already holds ticks from " +
                         formatEasternIso(r.firstTs()) + " to " + formatEasternIso(r.lastTs()) +
                         "; use another --data directory or remove that file"};
    }
    return {};
}

// Size on disk of the day files of the range, measured after the recorder closed them (so the
// write-ahead log has been checkpointed into them).
std::uint64_t recordedBytes(const std::filesystem::path &ticksDir, Timestamp from, Timestamp to)
{
    auto archive = storage::TickArchive::open(ticksDir);
    if (!archive)
        return 0;
    std::uint64_t bytes = 0;
    for (const Date day : archive->days()) {
        if (day < calendar::tradingDateOf(from) || day > calendar::tradingDateOf(to))
            continue;
        for (const char *suffix : {"", "-wal"}) {
            std::error_code ec;
            const auto size =
                std::filesystem::file_size(archive->pathOf(day).string() + suffix, ec);
            bytes += ec ? 0 : size;
        }
    }
    return bytes;
}

// Stores the open interest of the listed contracts for each trading date the run enters (and
// again when new contracts are listed), so chains and GEX can be rebuilt from the recording.
class OpenInterestWriter {
public:
    OpenInterestWriter(const marketdata::SimulatedMarket &market,
                       const InstrumentRegistry &registry, storage::DeskDatabase &database)
        : m_market(market)
        , m_registry(registry)
        , m_database(database)
    {}

    Status update()
    {
        const std::size_t listed = m_market.listedOptionCount();
        const Date date = calendar::tradingDateOf(m_market.time());
        if (listed == m_listed && date == m_date)
            return {};
        m_listed = listed;
        m_date = date;
        const auto table = engine::collectOpenInterest(m_market, m_registry);
        std::vector<storage::DeskDatabase::OpenInterest> entries;
        entries.reserve(table->contracts.size());
        for (const auto &[id, contracts] : table->contracts)
            entries.push_back({m_registry.get(id)->symbol, contracts});
        return m_database.writeOpenInterest(table->tradingDate, entries);
    }

private:
    const marketdata::SimulatedMarket &m_market;
    const InstrumentRegistry &m_registry;
    storage::DeskDatabase &m_database;
    std::size_t m_listed = 0;
    Date m_date{};
};

} // namespace

int runSimulate(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Records the simulated market into DIR."));
    parser.addOptions({
        {QStringLiteral("from"),
         QStringLiteral("Start (ISO; US/Eastern unless an offset is given)."),
         QStringLiteral("ISO")},
        {QStringLiteral("to"), QStringLiteral("End (ISO)."), QStringLiteral("ISO")},
        {QStringLiteral("seed"), QStringLiteral("Simulation seed (default 1)."),
         QStringLiteral("N"), QStringLiteral("1")},
        {QStringLiteral("fast"), QStringLiteral("As fast as possible (default).")},
        {QStringLiteral("speed"), QStringLiteral("Paced by the clock at X times real time."),
         QStringLiteral("X")},
        {QStringLiteral("data"),
         QStringLiteral("Data directory to record into (created if missing)."),
         QStringLiteral("DIR")},
        {QStringLiteral("universe"),
         QStringLiteral("Universe configuration (JSON); default built in."),
         QStringLiteral("FILE")},
        {QStringLiteral("no-history"),
         QStringLiteral("Do not write the first-run history into DIR/desk.sqlite.")},
    });
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    for (const char *name : {"from", "to", "data"}) {
        if (!requireOption(parser, command, QLatin1String(name)))
            return 2;
    }
    auto range = parseTimeRange(parser);
    if (!range)
        return fail(command, QString::fromStdString(range.message()), 2);
    bool ok = false;
    const std::uint64_t seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        return fail(command, QStringLiteral("--seed must be a non-negative integer"), 2);
    double speed = 0; // 0 = as fast as possible
    if (parser.isSet(QStringLiteral("speed"))) {
        if (parser.isSet(QStringLiteral("fast")))
            return fail(command, QStringLiteral("--fast and --speed exclude each other"), 2);
        speed = parser.value(QStringLiteral("speed")).toDouble(&ok);
        if (!ok || !(speed > 0))
            return fail(command, QStringLiteral("--speed must be a positive number"), 2);
    }

    auto loadedUniverse =
        engine::loadUniverseSource(parser.value(QStringLiteral("universe")).toStdString());
    if (!loadedUniverse)
        return fail(command, QString::fromStdString(loadedUniverse.message()));
    const marketdata::UniverseConfig &universe = loadedUniverse->config;

    const QString dataDir = parser.value(QStringLiteral("data"));
    const QFileInfo dataInfo(dataDir);
    if (dataInfo.exists() && !dataInfo.isDir())
        return fail(command, QStringLiteral("data directory '%1' is not a directory").arg(dataDir));
    if (!QDir().mkpath(dataDir))
        return fail(command, QStringLiteral("cannot create data directory '%1'").arg(dataDir));
    const std::filesystem::path root = QFileInfo(dataDir).absoluteFilePath().toStdString();
    if (Status clear = checkNoOverlap(root / "ticks", range->from, range->to); !clear)
        return fail(command, QString::fromStdString(clear.message()));

    Stopwatch watch;
    InstrumentRegistry registry;
    marketdata::SimulationOptions simulation{seed, range->from};
    marketdata::SimulatedMarket market(universe, registry, simulation);

    auto database = storage::DeskDatabase::open(root / "desk.sqlite");
    if (!database)
        return fail(command, QString::fromStdString(database.message()));
    OpenInterestWriter openInterest(market, registry, *database.value());

    storage::RecorderOptions recorderOptions;
    recorderOptions.writer.directory = root / "ticks";
    recorderOptions.writer.source = engine::simulatedSourceName(seed, loadedUniverse->text);
    storage::TickRecorder recorder(registry, recorderOptions);
    if (Status started = recorder.start(); !started)
        return fail(command, QString::fromStdString(started.message()));

    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    std::uint64_t generated = 0;
    WallClock wallClock;
    std::unique_ptr<VirtualClock> clock;
    if (speed > 0)
        clock = std::make_unique<VirtualClock>(wallClock, range->from, speed);
    while (market.time() < range->to && !g_interrupted) {
        Timestamp until = std::min(range->to, market.time() + kFastStepNanos);
        if (clock) {
            until = std::min(until, clock->now());
            if (until <= market.time()) {
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
                continue;
            }
        }
        if (Status stored = openInterest.update(); !stored)
            return fail(command, QString::fromStdString(stored.message()));
        auto batch = std::make_shared<TickBatch>();
        market.advanceTo(until, *batch);
        generated += batch->size();
        if (!batch->empty())
            recorder.submit(std::move(batch));
        while (recorder.status().queuedTicks > kMaxQueuedTicks && !g_interrupted)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (!recorder.status().lastError.empty())
            break;
    }
    recorder.stop();
    const storage::RecorderStatus status = recorder.status();
    if (!status.lastError.empty())
        return fail(
            command,
            QStringLiteral("recording failed: %1").arg(QString::fromStdString(status.lastError)));
    const double seconds = watch.elapsedSeconds();

    double historySeconds = 0;
    if (!parser.isSet(QStringLiteral("no-history")) && !g_interrupted) {
        Stopwatch historyWatch;
        auto history = engine::ensureSimulatedHistory(*database.value(), universe, simulation);
        if (!history)
            return fail(command, QString::fromStdString(history.message()));
        historySeconds = historyWatch.elapsedSeconds();
    }

    std::printf(
        "{\"ticks\":%llu,\"ticks_generated\":%llu,\"bytes\":%llu,\"seconds\":%.3f,"
        "\"ticks_per_second\":%.0f,\"history_seconds\":%.3f,\"seed\":%llu,"
        "\"from\":\"%s\",\"to\":\"%s\",\"data\":\"%s\",\"interrupted\":%s}\n",
        static_cast<unsigned long long>(status.ticksWritten),
        static_cast<unsigned long long>(generated),
        static_cast<unsigned long long>(recordedBytes(root / "ticks", range->from, market.time())),
        seconds, seconds > 0 ? static_cast<double>(generated) / seconds : 0.0, historySeconds,
        static_cast<unsigned long long>(seed), formatEasternIso(range->from).c_str(),
        formatEasternIso(market.time()).c_str(), jsonEscape(root.string()).c_str(),
        g_interrupted ? "true" : "false");
    return g_interrupted ? 130 : 0;
}

} // namespace mag7::cli
