#pragma once
// DeskEngine: the running desk behind the GUI. It owns the instrument registry, the feed thread
// (the embedded simulated market, paced by a VirtualClock), the engine thread (MarketState,
// implied vols, snapshot publication), the storage thread (TickRecorder) and a background
// thread that prepares the history the desk needs on first run (desk database).
//
// Data flow: feed thread -> (engine queue, recorder queue) -> engine thread -> DeskSnapshot.
// No per-tick signal crosses threads: batches are queued, the GUI pulls snapshots on a timer.
//
// Threading: construct, start(), stop() and the clock controls from one thread (the GUI
// thread); snapshot() and registry() from any thread.

#include "engine/desksnapshot.h"
#include "engine/replayfeed.h"
#include "model/instrument.h"
#include "model/marketclock.h"
#include "model/result.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace mag7::engine {

// A recorded range of <dataDirectory>/ticks to replay instead of running the simulated market.
struct ReplayRange {
    Timestamp from = 0;
    Timestamp to = 0;
};

struct DeskOptions {
    std::filesystem::path dataDirectory; // desk.sqlite, ticks/, logs/
    std::uint64_t seed = 1;
    std::optional<Timestamp> start;       // default: defaultSimulationStart(wall now)
    double speed = 1.0;                   // virtual seconds per wall second
    bool record = true;                   // record every tick into <data>/ticks
    std::filesystem::path universeFile;   // empty: the built-in universe
    std::int64_t snapshotIntervalMs = 16; // GUI-facing snapshot cadence (60 Hz)
    // Replay this recorded range through the same path as live data (the clock starts paused
    // at its start unless `replayPlaying`); recording is off during a replay.
    std::optional<ReplayRange> replay;
    bool replayPlaying = true;
    // Prepare the replay's jump checkpoints in the background (see ReplayIndex); without them
    // every jump plays the range (backwards: from its start).
    bool prepareReplayJumps = true;
};

// The simulated market of the desk starts at the beginning of the trading date that contains
// `visibleStart` (18:00 ET of the previous trading day) and fast-forwards to `visibleStart`, so
// the day's volume, range and recording are complete whenever the desk opens.
Timestamp tradingDateBegin(Timestamp visibleStart);

// Where the simulated market starts when no start is given: the wall time itself while US
// equities are in pre-market, regular or after-hours trading; otherwise 09:30 ET of the most
// recent trading day, so the desk always opens on a live session.
Timestamp defaultSimulationStart(Timestamp wallNow);

class DeskEngine {
public:
    DeskEngine(DeskOptions options, const MarketClock &wallClock);
    ~DeskEngine();
    DeskEngine(const DeskEngine &) = delete;
    DeskEngine &operator=(const DeskEngine &) = delete;

    // Builds the market and starts every thread. Errors: unreadable universe file, data
    // directory that cannot be created. A recording failure is not fatal (see snapshot).
    Status start();
    void stop();
    bool isRunning() const;

    // The latest published snapshot (never null after start()).
    std::shared_ptr<const DeskSnapshot> snapshot() const;
    const InstrumentRegistry &registry() const;
    const DeskOptions &options() const;

    // Playbook controls, applied by the engine thread before the next bar. Errors (unknown
    // playbook or parameter, value outside its range) are returned at once and change nothing.
    Status setPlaybookParameter(const std::string &playbook, const std::string &parameter,
                                double value);
    Status setPlaybookEnabled(const std::string &playbook, bool enabled);

    // Replay controls (replay mode only). jumpReplay moves the replay clock to `t` anywhere in the
    // range, forwards or backwards; every derived state is rebuilt for `t` (restored from the
    // jump checkpoints once FeedStatus::replayJumpsReady, else played). stepReplay pauses
    // the clock and advances it to the next recorded tick (with every tick sharing its time), or
    // the next whole second or minute (a 1-minute bar). Errors: not replaying, a target outside
    // the range.
    Status jumpReplay(Timestamp t);
    Status stepReplay(ReplayStep step);

    // Virtual clock controls.
    void setSpeed(double speed);
    void pause();
    void resume();
    Timestamp marketTime() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace mag7::engine
