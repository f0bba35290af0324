#pragma once
// ReplayFeed: a recorded range played back through a TickSink, the same sink the live feeds use,
// so every consumer sees the replay clock exactly as it would see live data.
//
// Pacing is the caller's: pumpUntil(t) delivers every tick before t (a paced replay calls it
// with a VirtualClock's now(): speed, pause and jumps are the clock's; "max" calls it with the
// end). step() moves by one tick, to the next second or to the next minute (a 1-minute bar).
// seek(t) moves the position anywhere in the range, backwards too, and returns the full quote
// state at t, rebuilt from the day file's snapshots plus the ticks after them (TickDayReader::
// stateAt), so a consumer can reset itself to t and continue with the ticks that follow.
//
// Ticks carry registry ids of the RecordedUniverse the feed was opened on. Each trading date's
// file is opened once and read in time windows. start() runs the pacing loop on a thread.
//
// Threading: pumpUntil/step/seek from one thread at a time (the feed thread while running).

#include "engine/recordeduniverse.h"
#include "engine/ticksink.h"
#include "model/marketclock.h"
#include "model/result.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mag7::engine {

enum class ReplayStep { Tick, Second, Minute };

class ReplayFeed {
public:
    // `universe` must outlive the feed. `symbols` empty: every instrument; else only these
    // instruments (and, for an underlying, nothing of its options). Errors: an empty range, a
    // symbol not recorded.
    static Result<std::unique_ptr<ReplayFeed>> open(const RecordedUniverse &universe,
                                                    Timestamp from, Timestamp to,
                                                    const std::vector<std::string> &symbols = {});
    ~ReplayFeed();
    ReplayFeed(const ReplayFeed &) = delete;
    ReplayFeed &operator=(const ReplayFeed &) = delete;

    Timestamp from() const { return m_from; }
    Timestamp to() const { return m_to; }
    // Every tick before the position has been delivered (or skipped by a seek).
    Timestamp position() const { return m_position.load(std::memory_order_acquire); }
    bool finished() const { return position() >= m_to; }
    std::uint64_t ticksDelivered() const { return m_delivered.load(std::memory_order_relaxed); }

    // Delivers the ticks with position <= ts < min(until, to) in time order, in batches of at
    // most 4,096 ticks; returns how many.
    Result<std::uint64_t> pumpUntil(Timestamp until, TickSink &sink);
    // Tick: the next tick and every tick sharing its timestamp; Second / Minute: up to the next
    // whole second / minute after the position.
    Result<std::uint64_t> step(ReplayStep step, TickSink &sink);
    // The quote state of every instrument after every tick before t (by registry id; default
    // QuoteState for those without a tick yet; the day file's first snapshot carries the
    // previous day's live instruments), and the position set to t. t is clamped into the range.
    Result<std::vector<QuoteState>> seek(Timestamp t);

    // Runs pumpUntil(clock.now()) on a thread until stop() or the end of the range, waiting while
    // the sink's backlog is above `maxBacklog`. The clock and sink must outlive the run.
    void start(const MarketClock &clock, TickSink &sink, std::size_t maxBacklog = 2'000'000);
    void stop();
    bool isRunning() const { return m_running.load(); }
    // The last read error of the thread (empty when none).
    std::string lastError() const;

private:
    ReplayFeed(const RecordedUniverse &universe, Timestamp from, Timestamp to);
    struct Day;
    Result<Day *> dayFor(Timestamp t);
    Result<std::uint64_t> deliver(Timestamp from, Timestamp until, TickSink &sink,
                                  std::size_t maxTicks);
    void run(const MarketClock &clock, TickSink &sink, std::size_t maxBacklog);

    const RecordedUniverse &m_universe;
    Timestamp m_from;
    Timestamp m_to;
    std::vector<std::string> m_symbols;
    std::vector<std::unique_ptr<Day>> m_days; // opened on first use
    std::atomic<Timestamp> m_position;
    std::atomic<std::uint64_t> m_delivered{0};
    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_stopRequested{false};
    mutable std::mutex m_errorMutex;
    std::string m_lastError;
};

} // namespace mag7::engine
