#include "engine/simulatedfeed.h"

#include "engine/simulatedworld.h"
#include "marketdata/simulatedmarket.h"
#include "model/exchangecalendar.h"

#include <algorithm>
#include <chrono>

namespace mag7::engine {

namespace {
constexpr auto kWakeInterval = std::chrono::milliseconds(10);
}

SimulatedFeed::SimulatedFeed(marketdata::SimulatedMarket &market,
                             const InstrumentRegistry &registry, const MarketClock &clock,
                             TickSink &sink)
    : m_market(market)
    , m_registry(registry)
    , m_clock(clock)
    , m_sink(sink)
{
    m_generatedUntil = m_market.time();
}

SimulatedFeed::~SimulatedFeed()
{
    stop();
}

void SimulatedFeed::start()
{
    if (m_running.exchange(true))
        return;
    m_stopRequested = false;
    m_thread = std::thread([this] { run(); });
}

void SimulatedFeed::stop()
{
    m_stopRequested = true;
    if (m_thread.joinable())
        m_thread.join();
    m_running = false;
}

// Open interest is published once per trading date and whenever new contracts are listed.
void SimulatedFeed::publishOpenInterestIfListed()
{
    const std::size_t listed = m_market.listedOptionCount();
    const Date date = calendar::tradingDateOf(m_market.time());
    if (listed == m_listedOptions && date == m_openInterestDate)
        return;
    m_listedOptions = listed;
    m_openInterestDate = date;
    m_sink.onOpenInterest(collectOpenInterest(m_market, m_registry));
}

void SimulatedFeed::run()
{
    publishOpenInterestIfListed();
    while (!m_stopRequested.load()) {
        const Timestamp target = m_clock.now();
        if (target > m_market.time() && m_sink.backlog() < kMaxBacklogTicks) {
            const Timestamp until = std::min(target, m_market.time() + kMaxStepNanos);
            auto batch = std::make_shared<TickBatch>();
            m_market.advanceTo(until, *batch);
            m_generatedUntil.store(until, std::memory_order_relaxed);
            publishOpenInterestIfListed();
            if (!batch->empty()) {
                m_ticks.fetch_add(batch->size(), std::memory_order_relaxed);
                m_sink.onTicks(std::move(batch));
            }
            if (until < target)
                continue; // still behind the clock: keep generating without sleeping
        }
        std::this_thread::sleep_for(kWakeInterval);
    }
}

} // namespace mag7::engine
