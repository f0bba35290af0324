#include "engine/deskengine.h"

#include "engine/chainanalytics.h"
#include "engine/databaseworker.h"
#include "engine/historyloader.h"
#include "engine/marketstate.h"
#include "engine/playbookmarket.h"
#include "engine/recordeduniverse.h"
#include "engine/replayfeed.h"
#include "engine/replayindex.h"
#include "engine/simulatedfeed.h"
#include "engine/simulatedworld.h"
#include "logging/logging.h"
#include "marketdata/simulatedmarket.h"
#include "marketdata/universeconfig.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "storage/deskdatabase.h"
#include "storage/tickrecorder.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

namespace mag7::engine {

const char *feedStateName(FeedState state)
{
    switch (state) {
    case FeedState::Starting:
        return "starting";
    case FeedState::CatchingUp:
        return "catching up";
    case FeedState::Live:
        return "live";
    case FeedState::Paused:
        return "paused";
    case FeedState::Stalled:
        return "stalled";
    case FeedState::Stopped:
        return "stopped";
    case FeedState::Failed:
        return "failed";
    }
    return "stopped";
}

Timestamp tradingDateBegin(Timestamp visibleStart)
{
    const Date date = calendar::tradingDateOf(visibleStart);
    return fromEastern(calendar::previousTradingDay(date), timeOfDay(18, 0));
}

Timestamp defaultSimulationStart(Timestamp wallNow)
{
    if (calendar::equityPhase(wallNow) != SessionPhase::Closed)
        return wallNow;
    // Most recent trading day whose regular session has begun.
    Date date = calendar::tradingDayOnOrBefore(easternDate(wallNow));
    if (fromEastern(date, timeOfDay(9, 30)) > wallNow)
        date = calendar::previousTradingDay(date);
    return fromEastern(date, timeOfDay(9, 30));
}

namespace {
constexpr auto kEngineWait = std::chrono::milliseconds(10);
constexpr std::int64_t kChainIntervalMs = 250; // chain inputs to the analytics worker
constexpr std::int64_t kRelativeVolumeIntervalMs = 1000;
// A replay jump forwards by at most this much plays the span instead of restoring the state.
constexpr std::int64_t kPlayForwardNanos = kNanosPerMinute;
} // namespace

class DeskEngine::Impl final : public TickSink {
public:
    Impl(DeskOptions options, const MarketClock &wallClock)
        : m_options(std::move(options))
        , m_wallClock(wallClock)
        , m_log(logging::get("engine"))
    {}

    ~Impl() override { stop(); }

    Status start();
    void stop();

    // TickSink (feed thread).
    void onTicks(std::shared_ptr<const TickBatch> batch) override
    {
        if (m_recorder)
            record(batch);
        {
            std::lock_guard lock(m_queueMutex);
            m_queuedTicks += batch->size();
            m_queue.push_back(std::move(batch));
        }
        m_queueReady.notify_one();
    }
    void onOpenInterest(std::shared_ptr<const OpenInterestTable> table) override
    {
        {
            std::lock_guard lock(m_queueMutex);
            m_pendingOpenInterest.push_back(table);
        }
        m_queueReady.notify_one();
        if (m_database)
            m_database->post([table, this](storage::DeskDatabase &database) {
                storeOpenInterest(database, *table);
            });
    }
    std::size_t backlog() const override
    {
        std::lock_guard lock(m_queueMutex);
        return m_queuedTicks;
    }

    // Feed thread: skips what the day file already holds (see startRecording()).
    void record(const std::shared_ptr<const TickBatch> &batch)
    {
        if (m_recordFrom == 0 || batch->empty() || batch->front().ts > m_recordFrom) {
            m_recordFrom = 0;
            m_recorder->submit(batch);
            return;
        }
        auto fresh = std::make_shared<TickBatch>();
        for (const Tick &tick : *batch) {
            if (tick.ts > m_recordFrom)
                fresh->push_back(tick);
        }
        if (!fresh->empty())
            m_recorder->submit(std::move(fresh));
    }

    std::shared_ptr<const DeskSnapshot> snapshot() const
    {
        std::lock_guard lock(m_snapshotMutex);
        return m_snapshot;
    }

    DeskOptions m_options;
    const MarketClock &m_wallClock;
    std::shared_ptr<spdlog::logger> m_log;
    InstrumentRegistry m_registry;
    std::unique_ptr<VirtualClock> m_clock;
    std::unique_ptr<marketdata::UniverseConfig> m_universe;
    std::unique_ptr<marketdata::SimulatedMarket> m_market;
    std::unique_ptr<SimulatedFeed> m_feed;
    // Replay mode: the recording and its feed (instead of m_market and m_feed).
    std::unique_ptr<RecordedUniverse> m_recorded;
    std::unique_ptr<ReplayFeed> m_replay;
    // Engine thread, replay mode: what a jump rebuilds the market state from.
    MarketReference m_replayReference;
    std::optional<HistoryBaselines> m_appliedBaselines;
    std::vector<std::shared_ptr<const OpenInterestTable>> m_appliedOpenInterest;
    // Replay mode: the jump checkpoints, prepared on m_indexThread when the replay starts.
    std::thread m_indexThread;
    std::atomic<bool> m_indexCancel{false};
    mutable std::mutex m_indexMutex;
    std::shared_ptr<const ReplayIndex> m_jumpIndex;
    std::string m_jumpsUnavailable = "jumps are still being prepared"; // while no m_jumpIndex
    // Engine thread, replay mode: the span of the day whose playbook signals the log may lack
    // because a jump skipped it (empty when from == to).
    Timestamp m_unevaluatedFrom = 0;
    Timestamp m_unevaluatedTo = 0;
    bool m_playbooksWarmUp = false; // engine thread: restored bars still to feed without firing
    std::unique_ptr<storage::TickRecorder> m_recorder;
    std::unique_ptr<MarketState> m_state; // engine thread only after start()
    std::unique_ptr<DatabaseWorker> m_database;
    ChainAnalytics m_chains;
    // Engine thread: the playbooks over every completed 1-minute bar, and what they produced.
    signals::PlaybookRunner m_playbooks{signals::builtInPlaybooks()};
    std::unique_ptr<PlaybookMarket> m_playbookMarket; // built at start() with the sectors
    // Each symbol's session levels merged with its GEX levels, for the charts (by symbol).
    std::map<std::string, std::shared_ptr<const std::vector<signals::Level>>, std::less<>>
        m_sessionLevels;
    std::map<std::string, std::uint64_t, std::less<>> m_levelChainSequence;
    // Playbook controls from the GUI thread, applied by the engine thread before the next bar.
    std::mutex m_commandMutex;
    std::vector<std::function<void()>> m_commands;
    std::deque<signals::Signal> m_signalLog;
    bool m_signalsDirty = true;
    std::shared_ptr<const SignalBoard> m_signalBoard;
    marketdata::SimulationOptions m_simulation;
    std::vector<std::string> m_symbols;  // quote board symbols, fixed at start()
    std::vector<InstrumentKind> m_kinds; // their kinds
    Timestamp m_visibleStart = 0;        // where the clock starts; the market starts earlier
    Timestamp m_recordFrom = 0;          // feed thread: record only ticks after this (0: all)
    std::string m_recordingError;

    mutable std::mutex m_queueMutex;
    std::condition_variable m_queueReady;
    std::deque<std::shared_ptr<const TickBatch>> m_queue;
    std::vector<std::shared_ptr<const OpenInterestTable>> m_pendingOpenInterest;
    std::size_t m_queuedTicks = 0;

    std::mutex m_baselineMutex;
    std::optional<HistoryBaselines> m_pendingBaselines;
    std::atomic<bool> m_historyReady{false};

    mutable std::mutex m_snapshotMutex;
    std::shared_ptr<const DeskSnapshot> m_snapshot;

    std::thread m_engineThread;
    std::atomic<bool> m_stopRequested{false};
    std::atomic<bool> m_running{false};

    void restartReplayAt(Timestamp t); // engine thread (a posted command)
    void stepReplayTick();             // engine thread (a posted command)
    // Moves the queued batches into `out` (the caller holds m_queueMutex).
    void takeQueueLocked(std::vector<std::shared_ptr<const TickBatch>> &out);

private:
    void prepareJumps();
    bool restoreReplayAt(Timestamp t, const ReplayIndex &index);
    void replayFromStartTo(Timestamp t, const std::string &why);
    void resetPlaybooks();
    // Feeds the bars completed since the last call to the playbooks; `fire` false: a warm-up
    // whose signals are dropped. Returns how many bars.
    std::size_t runPlaybooks(bool fire = true);
    Timestamp marketNow() const
    {
        return std::min(m_clock->now(), std::max(m_state->lastTickTime(), m_simulation.start));
    }
    void refreshSessionLevels(const std::vector<std::shared_ptr<const ChainSnapshot>> &chains,
                              bool barsClosed);
    void publishSignalBoard();
    void startRecording(const std::string &source);
    void createState(MarketReference reference);
    Status startReplay();
    Timestamp replayEnd() const
    {
        return m_replay ? m_replay->to() : std::numeric_limits<Timestamp>::max();
    }
    void runEngine();
    void prepareHistory(storage::DeskDatabase &database);
    void storeOpenInterest(storage::DeskDatabase &database, const OpenInterestTable &table);
    void publish(std::uint64_t sequence, double ticksPerSecond, std::uint64_t totalTicks);
};

Status DeskEngine::Impl::start()
{
    if (m_running)
        return {};
    std::error_code ec;
    std::filesystem::create_directories(m_options.dataDirectory, ec);
    if (ec)
        return Error{"cannot create the data directory '" + m_options.dataDirectory.string() +
                     "': " + ec.message()};

    auto universe = loadUniverseSource(m_options.universeFile);
    if (!universe)
        return universe.error();
    m_universe = std::make_unique<marketdata::UniverseConfig>(universe->config);

    // The database worker opens (and migrates) the desk database on its own thread.
    m_database = std::make_unique<DatabaseWorker>(m_options.dataDirectory / "desk.sqlite");
    if (Status opened = m_database->start(); !opened) {
        m_database.reset();
        return opened;
    }

    if (m_options.replay)
        return startReplay();

    m_simulation.seed = m_options.seed;
    m_visibleStart = m_options.start ? *m_options.start : defaultSimulationStart(m_wallClock.now());
    m_simulation.start = tradingDateBegin(m_visibleStart);
    m_clock = std::make_unique<VirtualClock>(m_wallClock, m_visibleStart, m_options.speed);
    m_market = std::make_unique<marketdata::SimulatedMarket>(*m_universe, m_registry, m_simulation);

    MarketReference reference;
    reference.riskFreeRate = m_market->riskFreeRate();
    for (InstrumentId id : m_market->underlyings()) {
        UnderlyingReference ref;
        ref.id = id;
        const Instrument *instrument = m_registry.get(id);
        if (const auto *config = m_universe->find(instrument->symbol))
            ref.name = config->name;
        ref.previousClose = m_market->previousClose(id);
        ref.dividendYield = m_market->dividendYield(id);
        reference.underlyings.push_back(ref);
    }
    for (InstrumentId id : m_market->optionUnderlyings()) {
        for (auto &ref : reference.underlyings) {
            if (ref.id == id)
                ref.hasOptions = true;
        }
    }
    createState(std::move(reference));

    if (m_options.record)
        startRecording(simulatedSourceName(m_simulation.seed, universe->text));

    m_stopRequested = false;
    m_running = true;
    m_feed = std::make_unique<SimulatedFeed>(*m_market, m_registry, *m_clock, *this);
    publish(0, 0, 0);
    m_chains.start();
    m_engineThread = std::thread([this] { runEngine(); });
    m_database->post([this](storage::DeskDatabase &database) { prepareHistory(database); });
    m_feed->start();
    m_log->info("desk started: simulated market seed {} at {} (trading day from {}) at {}x, "
                "data in {}",
                m_simulation.seed, formatEasternIso(m_visibleStart),
                formatEasternIso(m_simulation.start), m_options.speed,
                m_options.dataDirectory.string());
    return {};
}

void DeskEngine::Impl::createState(MarketReference reference)
{
    m_state = std::make_unique<MarketState>(m_registry, std::move(reference));
    std::map<std::string, std::string, std::less<>> sectors;
    for (const QuoteRow &row : m_state->rows()) {
        m_symbols.push_back(row.symbol);
        m_kinds.push_back(row.kind);
        if (const auto *config = m_universe->find(row.symbol); config && !config->sector.empty())
            sectors.emplace(row.symbol, config->sector);
    }
    m_playbookMarket = std::make_unique<PlaybookMarket>(std::move(sectors));
}

Status DeskEngine::Impl::startReplay()
{
    const ReplayRange range = *m_options.replay;
    RecordedUniverseOptions universeOptions;
    universeOptions.riskFreeRate = m_universe->market.riskFreeRate;
    for (const auto &underlying : m_universe->underlyings)
        universeOptions.dividendYields.emplace(underlying.symbol, underlying.dividendYield);
    auto recorded = loadRecordedUniverse(m_options.dataDirectory, range.from, range.to,
                                         universeOptions, &m_registry);
    if (!recorded)
        return recorded.error();
    m_recorded = std::make_unique<RecordedUniverse>(std::move(recorded).value());
    auto feed = ReplayFeed::open(*m_recorded, range.from, range.to);
    if (!feed)
        return feed.error();
    m_replay = std::move(feed).value();

    MarketReference reference = m_recorded->reference;
    for (UnderlyingReference &ref : reference.underlyings) {
        if (const auto *config = m_universe->find(m_registry.get(ref.id)->symbol))
            ref.name = config->name;
    }
    // The clock opens at `start` when it lies in the range: the feed plays everything before it
    // as fast as the engine takes it (as the simulated desk catches up with its day).
    m_visibleStart =
        m_options.start ? std::clamp(*m_options.start, range.from, range.to) : range.from;
    m_simulation.start = range.from; // the history baselines end before this trading date
    m_clock = std::make_unique<VirtualClock>(m_wallClock, m_visibleStart, m_options.speed);
    if (!m_options.replayPlaying)
        m_clock->pause();
    m_replayReference = reference;
    createState(std::move(reference));
    // The quotes at the start of the range (the day file's state: the previous day's instruments
    // and what came before the range), as a jump restores them.
    auto seeded = m_replay->seek(range.from);
    if (!seeded)
        return seeded.error();
    m_state->seedQuotes(seeded.value());

    m_stopRequested = false;
    m_running = true;
    publish(0, 0, 0);
    m_chains.start();
    m_engineThread = std::thread([this] { runEngine(); });
    m_database->post([this](storage::DeskDatabase &database) {
        // The open interest of each recorded date, as the simulated feed would publish it.
        for (const Date day : m_recorded->days) {
            auto table = openInterestOf(database, m_registry, day);
            if (!table) {
                m_log->error("replay: {}", table.message());
                continue;
            }
            std::lock_guard lock(m_queueMutex);
            m_pendingOpenInterest.push_back(
                std::make_shared<const OpenInterestTable>(std::move(table).value()));
        }
        prepareHistory(database);
    });
    m_indexCancel = false;
    if (m_options.prepareReplayJumps)
        m_indexThread = std::thread([this] { prepareJumps(); });
    else
        m_jumpsUnavailable = "jumps are not prepared in this desk"; // before any jump
    m_replay->start(*m_clock, *this, SimulatedFeed::kMaxBacklogTicks);
    m_log->info("desk started: replay of {} to {} ({} instruments) at {}x, data in {}",
                formatEasternIso(range.from), formatEasternIso(range.to), m_registry.size(),
                m_options.speed, m_options.dataDirectory.string());
    return {};
}

// Index thread: the checkpoints jumps restore from (see ReplayIndex). Until they are ready a
// jump plays the range from its start instead.
void DeskEngine::Impl::prepareJumps()
{
    Stopwatch watch;
    auto index = ReplayIndex::build(*m_recorded, m_replayReference, m_options.replay->from,
                                    m_options.replay->to, &m_indexCancel);
    if (!index) {
        if (m_indexCancel.load())
            return;
        m_log->error("replay: cannot prepare jumps ({}); a jump plays the range from its start",
                     index.message());
        std::lock_guard lock(m_indexMutex);
        m_jumpsUnavailable = "jumps could not be prepared: " + index.message();
        return;
    }
    m_log->info("replay: jumps prepared in {:.1f} s ({} checkpoints over {} ticks)",
                watch.elapsedSeconds(), index.value()->checkpointCount(),
                index.value()->ticksPlayed());
    std::lock_guard lock(m_indexMutex);
    m_jumpIndex = std::move(index).value();
}

// Engine thread. Once the jumps are prepared, a jump backwards, or forwards by more than a
// minute, restores the state at `t` from the last checkpoint before it plus the ticks after it
// (tens of milliseconds), recomputes every chain at `t` and warms the playbooks up on the bars
// so far without firing (see restoreReplayAt). A short jump forwards moves the clock and the
// feed plays the skipped span. Before the jumps are prepared, a jump backwards drops everything
// the engine derived and plays the range again from its start (seconds; CATCHING UP meanwhile),
// a jump forwards plays the skipped span. Either way quotes, day statistics, bars, VWAP, option
// volumes and chains are exactly what playing the day to `t` gives.
void DeskEngine::Impl::restartReplayAt(Timestamp t)
{
    const Timestamp position = m_replay->position();
    std::shared_ptr<const ReplayIndex> index;
    std::string unavailable;
    {
        std::lock_guard lock(m_indexMutex);
        index = m_jumpIndex;
        unavailable = m_jumpsUnavailable;
    }
    if (t >= position && (t - position <= kPlayForwardNanos || !index)) {
        m_clock->jumpTo(t);
        m_log->info("replay: jumped forward to {}; the feed plays the {:.0f} s skipped{}",
                    formatEasternIso(t), static_cast<double>(t - position) / 1e9,
                    index ? "" : " (" + unavailable + ")");
        return;
    }
    m_replay->stop();
    {
        std::lock_guard lock(m_queueMutex);
        m_queue.clear();
        m_queuedTicks = 0;
    }
    if (index && restoreReplayAt(t, *index))
        return;
    replayFromStartTo(t, index ? "the state could not be restored" : unavailable);
}

bool DeskEngine::Impl::restoreReplayAt(Timestamp t, const ReplayIndex &index)
{
    Stopwatch watch;
    const Timestamp position = m_replay->position();
    std::uint64_t revisionFloor = 0;
    for (const QuoteRow &row : m_state->rows())
        revisionFloor = std::max(revisionFloor, row.revision);
    auto state = std::make_unique<MarketState>(m_registry, m_replayReference);
    if (m_appliedBaselines)
        state->setBaselines(*m_appliedBaselines);
    for (const auto &table : m_appliedOpenInterest)
        state->setOpenInterest(*table);
    auto applied = index.jump(*state, *m_replay, t, revisionFloor);
    if (!applied) {
        m_log->error("replay: cannot restore the state at {}: {}", formatEasternIso(t),
                     applied.message());
        return false;
    }
    m_state = std::move(state);
    m_clock->jumpTo(t);
    const Timestamp asOf = marketNow();
    m_state->refreshRelativeVolumes(asOf);
    for (const InstrumentId underlying : m_state->takeChangedChains())
        m_chains.submit(m_state->chainInput(underlying, asOf));
    const double restoredMs = watch.elapsedSeconds() * 1e3;

    // Playbook signals are not restored: the playbooks restart on the bars so far without firing
    // (after the restored state is published, see runEngine). The log keeps what earlier play
    // fired before `t`; a skipped span is reported as such.
    resetPlaybooks();
    m_playbooksWarmUp = true;
    const auto firstDropped = std::find_if(m_signalLog.begin(), m_signalLog.end(),
                                           [t](const signals::Signal &s) { return s.time >= t; });
    m_signalLog.erase(firstDropped, m_signalLog.end());
    if (t > position) {
        const bool adjoins = m_unevaluatedFrom < m_unevaluatedTo && m_unevaluatedTo >= position;
        m_unevaluatedFrom = adjoins ? std::min(m_unevaluatedFrom, position) : position;
        m_unevaluatedTo = t;
    } else if (m_unevaluatedFrom >= t) {
        m_unevaluatedFrom = m_unevaluatedTo = 0;
    } else {
        m_unevaluatedTo = std::min(m_unevaluatedTo, t);
    }
    m_signalsDirty = true;
    m_sessionLevels.clear();
    m_levelChainSequence.clear();
    m_replay->start(*m_clock, *this, SimulatedFeed::kMaxBacklogTicks);
    m_log->info("replay: jumped to {}: state restored in {:.1f} ms (checkpoint {} plus {} ticks, "
                "every chain recomputing); playbook signals are not replayed{}",
                formatEasternIso(t), restoredMs, formatEasternIso(index.checkpointBefore(t)),
                applied.value(),
                m_unevaluatedFrom < m_unevaluatedTo
                    ? "; no signals evaluated from " + formatEasternIso(m_unevaluatedFrom) +
                          " to " + formatEasternIso(m_unevaluatedTo)
                    : std::string());
    return true;
}

// Drops everything the engine derived from the replay and plays the range again from its start
// up to `t` as fast as the engine takes it, playbook signals included.
void DeskEngine::Impl::replayFromStartTo(Timestamp t, const std::string &why)
{
    m_state = std::make_unique<MarketState>(m_registry, m_replayReference);
    if (m_appliedBaselines)
        m_state->setBaselines(*m_appliedBaselines);
    for (const auto &table : m_appliedOpenInterest)
        m_state->setOpenInterest(*table);
    resetPlaybooks();
    m_playbooksWarmUp = false; // the bars are played again, signals included
    m_signalLog.clear();
    m_unevaluatedFrom = m_unevaluatedTo = 0;
    m_signalsDirty = true;
    m_sessionLevels.clear();
    m_levelChainSequence.clear();
    if (auto seeded = m_replay->seek(m_replay->from()); seeded)
        m_state->seedQuotes(seeded.value());
    else
        m_log->error("replay: cannot read the quotes at the start: {}", seeded.message());
    m_clock->jumpTo(t);
    m_replay->start(*m_clock, *this, SimulatedFeed::kMaxBacklogTicks);
    m_log->info("replay: jumping to {} by playing the range from its start ({})",
                formatEasternIso(t), why);
}

// Fresh playbooks with the same parameters and enabled set.
void DeskEngine::Impl::resetPlaybooks()
{
    signals::PlaybookRunner fresh(signals::builtInPlaybooks());
    for (const auto &playbook : m_playbooks.playbooks()) {
        if (signals::Playbook *copy = fresh.playbook(playbook->name())) {
            for (const signals::PlaybookParameter &parameter : playbook->parameters())
                (void)copy->setParameter(parameter.name, parameter.value);
            (void)fresh.setEnabled(playbook->name(), m_playbooks.isEnabled(playbook->name()));
        }
    }
    m_playbooks = std::move(fresh);
}

void DeskEngine::Impl::startRecording(const std::string &source)
{
    const std::filesystem::path ticks = m_options.dataDirectory / "ticks";
    // The simulated world is deterministic: what the day file already holds is exactly what the
    // feed is about to replay, so recording resumes where the file ends.
    auto until = recordedUntil(ticks, calendar::tradingDateOf(m_simulation.start));
    if (!until) {
        m_recordingError = until.message();
        m_log->error("recording disabled: {}", until.message());
        return;
    }
    m_recordFrom = until.value();
    if (m_recordFrom > 0)
        m_log->info("resuming the recording after {}", formatEasternIso(m_recordFrom));
    storage::RecorderOptions recorderOptions;
    recorderOptions.writer.directory = ticks;
    recorderOptions.writer.source = source;
    m_recorder = std::make_unique<storage::TickRecorder>(m_registry, recorderOptions);
    if (Status started = m_recorder->start(); !started) {
        m_recordingError = started.message();
        m_log->error("recording disabled: {}", started.message());
        m_recorder.reset();
    }
}

void DeskEngine::Impl::stop()
{
    if (!m_running.exchange(false))
        return;
    m_indexCancel = true;
    if (m_indexThread.joinable())
        m_indexThread.join();
    if (m_feed)
        m_feed->stop();
    if (m_replay)
        m_replay->stop();
    m_stopRequested = true;
    m_queueReady.notify_all();
    if (m_engineThread.joinable())
        m_engineThread.join();
    m_chains.stop();
    if (m_database)
        m_database->stop();
    if (m_recorder)
        m_recorder->stop();
    m_log->info("desk stopped");
}

void DeskEngine::Impl::prepareHistory(storage::DeskDatabase &database)
{
    Stopwatch watch;
    // A replay reads the history the recording's database holds; the simulated desk generates
    // its own on first run.
    auto generated = m_replay ? Result<bool>(false)
                              : ensureSimulatedHistory(database, *m_universe, m_simulation);
    if (!generated) {
        m_log->error("{}", generated.message());
        return;
    }
    auto baselines = loadBaselines(database, m_symbols, m_simulation.start, m_kinds);
    if (!baselines) {
        m_log->error("cannot load history baselines: {}", baselines.message());
        return;
    }
    m_log->info("history {} in {} ms", generated.value() ? "generated" : "loaded",
                watch.elapsedMillis());
    std::lock_guard lock(m_baselineMutex);
    m_pendingBaselines = std::move(baselines).value();
}

void DeskEngine::Impl::storeOpenInterest(storage::DeskDatabase &database,
                                         const OpenInterestTable &table)
{
    std::vector<storage::DeskDatabase::OpenInterest> entries;
    entries.reserve(table.contracts.size());
    for (const auto &[id, contracts] : table.contracts) {
        if (const Instrument *instrument = m_registry.get(id))
            entries.push_back({instrument->symbol, contracts});
    }
    if (Status stored = database.writeOpenInterest(table.tradingDate, entries); !stored)
        m_log->error("cannot store open interest: {}", stored.message());
}

void DeskEngine::Impl::takeQueueLocked(std::vector<std::shared_ptr<const TickBatch>> &out)
{
    out.assign(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.end()));
    m_queue.clear();
    m_queuedTicks = 0;
}

// Engine thread. Paused at the next recorded tick (and every tick sharing its time): the feed
// thread stops, the tick is read into the queue like any other and applied at once, with
// whatever the feed queued before it stopped (in order), so the snapshot published with the clock
// at the tick's time already shows it.
void DeskEngine::Impl::stepReplayTick()
{
    m_replay->stop();
    auto stepped = m_replay->step(ReplayStep::Tick, *this);
    if (!stepped)
        m_log->error("replay: tick step failed: {}", stepped.message());
    std::vector<std::shared_ptr<const TickBatch>> queued;
    {
        std::lock_guard lock(m_queueMutex);
        takeQueueLocked(queued);
    }
    for (const auto &batch : queued)
        m_state->apply(*batch);
    if (stepped && stepped.value() > 0)
        m_clock->jumpTo(std::max(m_clock->now(), m_replay->position() - 1));
    m_replay->start(*m_clock, *this, SimulatedFeed::kMaxBacklogTicks);
}

void DeskEngine::Impl::runEngine()
{
    std::vector<std::shared_ptr<const TickBatch>> batches;
    std::uint64_t sequence = 1;
    std::uint64_t totalTicks = 0;
    std::vector<std::shared_ptr<const OpenInterestTable>> openInterest;
    std::map<InstrumentId, std::uint64_t> chainSequences;
    Stopwatch publishWatch;
    Stopwatch chainWatch;
    Stopwatch relativeVolumeWatch;
    Stopwatch rateWatch;
    std::uint64_t ticksAtRateStart = 0;
    double ticksPerSecond = 0;
    Stopwatch sinceStart;
    bool caughtUp = false;
    while (!m_stopRequested.load()) {
        {
            std::unique_lock lock(m_queueMutex);
            m_queueReady.wait_for(lock, kEngineWait,
                                  [this] { return !m_queue.empty() || m_stopRequested.load(); });
            takeQueueLocked(batches);
            openInterest.swap(m_pendingOpenInterest);
        }
        for (const auto &table : openInterest) {
            m_state->setOpenInterest(*table);
            if (m_replay)
                m_appliedOpenInterest.push_back(table);
        }
        openInterest.clear();
        for (const auto &batch : batches) {
            m_state->apply(*batch);
            totalTicks += batch->size();
        }
        batches.clear();
        {
            std::vector<std::function<void()>> commands;
            {
                std::lock_guard lock(m_commandMutex);
                commands.swap(m_commands);
            }
            for (const auto &command : commands)
                command();
        }
        if (!m_playbooksWarmUp)
            runPlaybooks();
        {
            std::lock_guard lock(m_baselineMutex);
            if (m_pendingBaselines) {
                if (m_replay)
                    m_appliedBaselines = *m_pendingBaselines; // a jump rebuilds from them
                m_playbookMarket->setHistory(*m_pendingBaselines);
                m_state->setBaselines(std::move(*m_pendingBaselines));
                m_pendingBaselines.reset();
                m_historyReady = true;
            }
        }
        const Timestamp fedUntil = m_feed ? m_feed->generatedUntil() : m_replay->position();
        if (!caughtUp && fedUntil + kNanosPerSecond >= std::min(m_clock->now(), replayEnd())) {
            caughtUp = true;
            m_log->info("market caught up to {} in {:.1f} s ({} ticks)", formatEasternIso(fedUntil),
                        sinceStart.elapsedSeconds(), totalTicks);
        }
        const Timestamp now = marketNow();
        if (chainWatch.elapsedMillis() >= kChainIntervalMs) {
            for (const InstrumentId underlying : m_state->takeChangedChains())
                m_chains.submit(m_state->chainInput(underlying, now));
            chainWatch.restart();
        }
        for (const auto &chain : m_chains.all()) {
            if (chain->sequence != chainSequences[chain->underlying]) {
                chainSequences[chain->underlying] = chain->sequence;
                m_state->setAtmIv(chain->underlying, chain->atmIv30);
            }
        }
        if (relativeVolumeWatch.elapsedMillis() >= kRelativeVolumeIntervalMs) {
            m_state->refreshRelativeVolumes(now);
            relativeVolumeWatch.restart();
        }
        if (rateWatch.elapsedMillis() >= 1000) {
            ticksPerSecond =
                static_cast<double>(totalTicks - ticksAtRateStart) / rateWatch.elapsedSeconds();
            ticksAtRateStart = totalTicks;
            rateWatch.restart();
        }
        if (publishWatch.elapsedMillis() >= m_options.snapshotIntervalMs || m_playbooksWarmUp) {
            publish(sequence++, ticksPerSecond, totalTicks);
            publishWatch.restart();
        }
        if (m_playbooksWarmUp) {
            // After a restoring jump, once its state is on screen.
            Stopwatch warmUp;
            const std::size_t bars = runPlaybooks(false);
            m_playbooksWarmUp = false;
            m_signalsDirty = true;
            m_log->info("replay: playbooks warmed up on {} bars without firing in {:.1f} ms", bars,
                        warmUp.elapsedSeconds() * 1e3);
        }
    }
}

std::size_t DeskEngine::Impl::runPlaybooks(bool fire)
{
    constexpr std::size_t kSignalsKept = 500;
    std::vector<signals::Signal> fired;
    const std::vector<MarketState::CompletedBar> bars = m_state->takeCompletedBars();
    if (bars.empty())
        return 0;
    // The market the playbooks see at these closes: quotes, daily bars and the latest chains.
    std::vector<const std::vector<DailyBar> *> daily;
    for (std::size_t row = 0; row < m_state->rows().size(); ++row)
        daily.push_back(&m_state->dailyBars(row));
    const auto chains = m_chains.all();
    m_playbookMarket->refresh(m_state->rows(), daily, chains, bars.back().bar.start);
    for (const MarketState::CompletedBar &completed : bars) {
        fired.clear();
        const Status added = m_playbooks.addBar(completed.row->symbol, completed.row->kind,
                                                completed.bar, fired, &m_playbookMarket->view());
        if (!added)
            m_log->warn("playbooks: {}", added.message());
        if (!fire)
            continue;
        for (signals::Signal &signal : fired) {
            m_log->info("signal {} {} {}: {}", signal.playbook, signal.symbol,
                        signals::signalSideName(signal.side), signal.reason);
            m_signalLog.push_back(std::move(signal));
            if (m_signalLog.size() > kSignalsKept)
                m_signalLog.pop_front();
        }
        m_signalsDirty = true;
    }
    refreshSessionLevels(chains, true);
    return bars.size();
}

// The charts' session levels: rebuilt for a symbol when its bars moved on (`barsClosed`) or its
// chain's GEX profile was recomputed.
void DeskEngine::Impl::refreshSessionLevels(
    const std::vector<std::shared_ptr<const ChainSnapshot>> &chains, bool barsClosed)
{
    for (const std::string &symbol : m_symbols) {
        const signals::LevelSnapshot *levels = m_playbooks.levels(symbol);
        if (!levels)
            continue;
        signals::GexLevels gex;
        std::uint64_t chainSequence = 0;
        for (const auto &chain : chains) {
            if (chain && chain->symbol == symbol) {
                gex.flip = chain->gex.flipLevel.value_or(signals::kNoLevel);
                gex.callWall = chain->gex.callWall.value_or(signals::kNoLevel);
                gex.putWall = chain->gex.putWall.value_or(signals::kNoLevel);
                gex.deltaClusters = chain->gex.deltaClusters;
                gex.asOf = chain->asOf;
                chainSequence = chain->sequence;
                break;
            }
        }
        std::uint64_t &seen = m_levelChainSequence[symbol];
        if (!barsClosed && seen == chainSequence && m_sessionLevels.count(symbol))
            continue;
        seen = chainSequence;
        m_sessionLevels[symbol] =
            std::make_shared<const std::vector<signals::Level>>(signals::mergeLevels(*levels, gex));
    }
}

// Rebuilt only when a bar was fed since the last publication (at most once a minute per symbol
// in real time).
void DeskEngine::Impl::publishSignalBoard()
{
    if (!m_signalsDirty && m_signalBoard)
        return;
    auto board = std::make_shared<SignalBoard>();
    board->signals.assign(m_signalLog.begin(), m_signalLog.end());
    board->unevaluatedFrom = m_unevaluatedFrom;
    board->unevaluatedTo = m_unevaluatedTo;
    for (const auto &playbook : m_playbooks.playbooks()) {
        board->playbooks.push_back({std::string(playbook->name()),
                                    std::string(playbook->description()), playbook->parameters(),
                                    m_playbooks.isEnabled(playbook->name())});
        for (std::size_t i = 0; i < m_symbols.size(); ++i) {
            const std::string &symbol = m_symbols[i];
            if (playbook->applies(m_kinds[i]) && m_playbooks.levels(symbol))
                board->states.push_back(
                    {std::string(playbook->name()), symbol, playbook->state(symbol)});
        }
    }
    board->revision = m_signalBoard ? m_signalBoard->revision + 1 : 1;
    m_signalBoard = std::move(board);
    m_signalsDirty = false;
}

void DeskEngine::Impl::publish(std::uint64_t sequence, double ticksPerSecond,
                               std::uint64_t totalTicks)
{
    auto snapshot = std::make_shared<DeskSnapshot>();
    snapshot->sequence = sequence;
    // A replay's clock stops mattering at the end of its range.
    snapshot->marketTime =
        m_replay ? std::min(m_clock->now(), m_options.replay->to) : m_clock->now();
    snapshot->phase = calendar::equityPhase(snapshot->marketTime);
    snapshot->futuresOpen = calendar::isFuturesOpen(snapshot->marketTime);
    snapshot->feed.source =
        m_replay ? "Replay " + formatDate(calendar::tradingDateOf(m_options.replay->from))
                 : "Simulated market";
    snapshot->feed.simulated = !m_replay;
    if (m_replay) {
        snapshot->feed.replay = true;
        snapshot->feed.replayFrom = m_options.replay->from;
        snapshot->feed.replayTo = m_options.replay->to;
        snapshot->feed.replayPosition = m_replay->position();
        snapshot->feed.message = m_replay->lastError();
        std::lock_guard lock(m_indexMutex);
        snapshot->feed.replayJumpsReady = m_jumpIndex != nullptr;
    }
    snapshot->feed.speed = m_clock->speed();
    const bool catchingUp =
        (m_feed && m_feed->generatedUntil() + kNanosPerSecond < snapshot->marketTime) ||
        (m_replay && m_replay->position() + kNanosPerSecond < snapshot->marketTime);
    snapshot->feed.state = m_clock->isPaused() ? FeedState::Paused
                           : sequence == 0     ? FeedState::Starting
                           : catchingUp        ? FeedState::CatchingUp
                                               : FeedState::Live;
    if (m_replay) {
        if (!snapshot->feed.message.empty())
            snapshot->feed.state = FeedState::Failed;
        else if (m_replay->finished())
            snapshot->feed.state = FeedState::Stopped;
    }
    snapshot->ticksPerSecond = ticksPerSecond;
    snapshot->totalTicks = totalTicks;
    snapshot->recording.enabled = m_options.record;
    if (m_recorder) {
        const storage::RecorderStatus status = m_recorder->status();
        snapshot->recording.recording = status.recording;
        snapshot->recording.ticksWritten = status.ticksWritten;
        snapshot->recording.bytesOnDisk = status.bytesOnDisk;
        snapshot->recording.currentFile = status.currentFile;
        snapshot->recording.error = status.lastError;
    } else {
        snapshot->recording.error = m_recordingError;
    }
    snapshot->historyReady = m_historyReady.load();
    snapshot->quotes = m_state->rows();
    snapshot->chains = m_chains.all();
    snapshot->charts = m_state->charts();
    refreshSessionLevels(snapshot->chains, false);
    for (ChartSeries &series : snapshot->charts) {
        if (const auto it = m_sessionLevels.find(series.symbol); it != m_sessionLevels.end())
            series.sessionLevels = it->second;
    }
    publishSignalBoard();
    snapshot->signalBoard = m_signalBoard;
    std::lock_guard lock(m_snapshotMutex);
    m_snapshot = std::move(snapshot);
}

DeskEngine::DeskEngine(DeskOptions options, const MarketClock &wallClock)
    : m_impl(std::make_unique<Impl>(std::move(options), wallClock))
{}

DeskEngine::~DeskEngine() = default;

Status DeskEngine::start()
{
    return m_impl->start();
}
void DeskEngine::stop()
{
    m_impl->stop();
}
bool DeskEngine::isRunning() const
{
    return m_impl->m_running.load();
}
std::shared_ptr<const DeskSnapshot> DeskEngine::snapshot() const
{
    return m_impl->snapshot();
}
const InstrumentRegistry &DeskEngine::registry() const
{
    return m_impl->m_registry;
}
const DeskOptions &DeskEngine::options() const
{
    return m_impl->m_options;
}
Status DeskEngine::setPlaybookParameter(const std::string &playbook, const std::string &parameter,
                                        double value)
{
    // Validated on the caller's thread against a fresh instance (same names and ranges).
    const auto probe = signals::makePlaybook(playbook);
    if (!probe)
        return Error{"no playbook named '" + playbook + "'"};
    if (Status valid = probe->setParameter(parameter, value); !valid)
        return valid;
    std::lock_guard lock(m_impl->m_commandMutex);
    m_impl->m_commands.push_back([impl = m_impl.get(), playbook, parameter, value] {
        if (signals::Playbook *target = impl->m_playbooks.playbook(playbook)) {
            if (target->setParameter(parameter, value))
                impl->m_signalsDirty = true;
        }
    });
    return {};
}

Status DeskEngine::setPlaybookEnabled(const std::string &playbook, bool enabled)
{
    if (!signals::makePlaybook(playbook))
        return Error{"no playbook named '" + playbook + "'"};
    std::lock_guard lock(m_impl->m_commandMutex);
    m_impl->m_commands.push_back([impl = m_impl.get(), playbook, enabled] {
        if (impl->m_playbooks.setEnabled(playbook, enabled))
            impl->m_signalsDirty = true;
    });
    return {};
}

Status DeskEngine::jumpReplay(Timestamp t)
{
    if (!m_impl->m_replay)
        return Error{"the desk is not replaying a recording"};
    const ReplayRange range = *m_impl->m_options.replay;
    if (t < range.from || t > range.to)
        return Error{"jump target " + formatEasternIso(t) + " is outside the replayed range " +
                     formatEasternIso(range.from) + " to " + formatEasternIso(range.to)};
    std::lock_guard lock(m_impl->m_commandMutex);
    m_impl->m_commands.push_back([impl = m_impl.get(), t] { impl->restartReplayAt(t); });
    return {};
}

Status DeskEngine::stepReplay(ReplayStep step)
{
    if (!m_impl->m_replay)
        return Error{"the desk is not replaying a recording"};
    if (step == ReplayStep::Tick) {
        m_impl->m_clock->pause();
        std::lock_guard lock(m_impl->m_commandMutex);
        m_impl->m_commands.push_back([impl = m_impl.get()] { impl->stepReplayTick(); });
        return {};
    }
    const Timestamp now = m_impl->m_clock->now();
    const std::int64_t unit = step == ReplayStep::Second ? kNanosPerSecond : kNanosPerMinute;
    m_impl->m_clock->pause();
    m_impl->m_clock->jumpTo(std::min((now / unit + 1) * unit, m_impl->m_options.replay->to));
    return {};
}

void DeskEngine::setSpeed(double speed)
{
    if (m_impl->m_clock)
        m_impl->m_clock->setSpeed(speed);
}
void DeskEngine::pause()
{
    if (m_impl->m_clock)
        m_impl->m_clock->pause();
}
void DeskEngine::resume()
{
    if (m_impl->m_clock)
        m_impl->m_clock->resume();
}
Timestamp DeskEngine::marketTime() const
{
    return m_impl->m_clock ? m_impl->m_clock->now() : 0;
}

} // namespace mag7::engine
