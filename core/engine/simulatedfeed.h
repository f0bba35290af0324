#pragma once
// SimulatedFeed: runs a SimulatedMarket on its own thread, paced by a MarketClock (normally a
// VirtualClock at the desk's speed), and hands each generated batch to a TickSink.
//
// Threading: start()/stop() from the owning thread; the SimulatedMarket is used only by the
// feed thread while running. Counters are readable from any thread.

#include "engine/ticksink.h"
#include "model/instrument.h"
#include "model/marketclock.h"

#include <atomic>
#include <thread>

namespace mag7::marketdata {
class SimulatedMarket;
}

namespace mag7::engine {

class SimulatedFeed {
public:
    SimulatedFeed(marketdata::SimulatedMarket &market, const InstrumentRegistry &registry,
                  const MarketClock &clock, TickSink &sink);
    ~SimulatedFeed();
    SimulatedFeed(const SimulatedFeed &) = delete;
    SimulatedFeed &operator=(const SimulatedFeed &) = delete;

    void start();
    void stop();
    bool isRunning() const { return m_running.load(); }
    std::uint64_t ticksProduced() const { return m_ticks.load(std::memory_order_relaxed); }
    // Market time the feed has generated up to.
    Timestamp generatedUntil() const { return m_generatedUntil.load(std::memory_order_relaxed); }

    // Largest step of market time generated per wake-up, and the downstream backlog above which
    // the feed waits: together they bound memory when the clock runs far ahead (high speeds).
    static constexpr std::int64_t kMaxStepNanos = 10 * kNanosPerSecond;
    static constexpr std::size_t kMaxBacklogTicks = 2'000'000;

private:
    void run();
    void publishOpenInterestIfListed();

    marketdata::SimulatedMarket &m_market;
    const InstrumentRegistry &m_registry;
    std::size_t m_listedOptions = 0; // feed thread: listing the open interest was sent for
    Date m_openInterestDate{};
    const MarketClock &m_clock;
    TickSink &m_sink;
    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_stopRequested{false};
    std::atomic<std::uint64_t> m_ticks{0};
    std::atomic<Timestamp> m_generatedUntil{0};
};

} // namespace mag7::engine
