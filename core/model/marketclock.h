#pragma once
// MarketClock: the one source of "now" for market time.
//   WallClock    - the real time (live trading); the only code that reads the system clock.
//   VirtualClock - simulated time running at a speed factor from an anchor, pausable and
//                  re-anchorable (real-time simulation and replay).
//   ManualClock  - time set explicitly by a producer (as-fast-as-possible simulation, tests).
// All clocks are safe to read from any thread; setters may be called from any thread.
// Durations for measurements (throughput, commit cadence) use Stopwatch, a monotonic clock that
// never stands for market time.

#include "model/timestamp.h"

#include <atomic>
#include <chrono>
#include <mutex>

namespace mag7 {

class MarketClock {
public:
    virtual ~MarketClock() = default;
    virtual Timestamp now() const = 0;
};

class WallClock final : public MarketClock {
public:
    Timestamp now() const override;
};

class VirtualClock final : public MarketClock {
public:
    // `reference` paces the virtual time (normally a WallClock owned by the caller).
    VirtualClock(const MarketClock &reference, Timestamp start, double speed = 1.0);

    Timestamp now() const override;

    void setSpeed(double speed);
    double speed() const;
    void pause();
    void resume();
    bool isPaused() const;
    void jumpTo(Timestamp virtualTime);

private:
    Timestamp nowLocked() const;

    const MarketClock &m_reference;
    mutable std::mutex m_mutex;
    Timestamp m_anchorVirtual;
    Timestamp m_anchorReference;
    double m_speed;
    bool m_paused = false;
};

class ManualClock final : public MarketClock {
public:
    explicit ManualClock(Timestamp start = 0)
        : m_now(start)
    {}
    Timestamp now() const override { return m_now.load(std::memory_order_acquire); }
    void set(Timestamp t) { m_now.store(t, std::memory_order_release); }
    void advance(std::int64_t nanos) { m_now.fetch_add(nanos, std::memory_order_acq_rel); }

private:
    std::atomic<Timestamp> m_now;
};

// Monotonic elapsed-time measurement (not market time).
class Stopwatch {
public:
    Stopwatch()
        : m_start(std::chrono::steady_clock::now())
    {}
    void restart() { m_start = std::chrono::steady_clock::now(); }
    std::int64_t elapsedNanos() const
    {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now() - m_start)
            .count();
    }
    double elapsedSeconds() const { return static_cast<double>(elapsedNanos()) * 1e-9; }
    std::int64_t elapsedMillis() const { return elapsedNanos() / kNanosPerMilli; }

private:
    std::chrono::steady_clock::time_point m_start;
};

} // namespace mag7
