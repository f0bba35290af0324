#include "engine/chainanalytics.h"

#include "model/marketclock.h"

#include <algorithm>

namespace mag7::engine {

ChainAnalytics::ChainAnalytics()
    : ChainAnalytics(Cadence{})
{}

ChainAnalytics::ChainAnalytics(Cadence cadence, unsigned workers)
    : m_cadence(cadence)
    , m_workerCount(workers > 0 ? workers
                                : std::clamp(std::thread::hardware_concurrency(), 1u, kMaxWorkers))
{}

ChainAnalytics::~ChainAnalytics()
{
    stop();
}

void ChainAnalytics::start()
{
    if (!m_threads.empty())
        return;
    m_stopping = false;
    for (unsigned i = 0; i < m_workerCount; ++i)
        m_threads.emplace_back([this] { run(); });
}

void ChainAnalytics::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_ready.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
    m_threads.clear();
}

void ChainAnalytics::submit(ChainInput input)
{
    {
        std::lock_guard lock(m_mutex);
        const InstrumentId id = input.underlying;
        m_pending.insert_or_assign(id, std::move(input));
    }
    m_ready.notify_one();
}

void ChainAnalytics::waitIdle()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return (m_pending.empty() && m_building.empty()) || m_stopping; });
}

std::shared_ptr<const ChainSnapshot> ChainAnalytics::latest(InstrumentId underlying) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_latest.find(underlying);
    return it == m_latest.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const ChainSnapshot>> ChainAnalytics::all() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::shared_ptr<const ChainSnapshot>> out;
    out.reserve(m_latest.size());
    for (const auto &[id, snapshot] : m_latest)
        out.push_back(snapshot);
    return out;
}

std::map<InstrumentId, ChainInput>::iterator ChainAnalytics::nextPending()
{
    return std::find_if(m_pending.begin(), m_pending.end(),
                        [this](const auto &entry) { return !m_building.count(entry.first); });
}

void ChainAnalytics::run()
{
    ChainBuilder builder;
    for (;;) {
        ChainInput input;
        std::shared_ptr<const ChainSnapshot> previous;
        Timers *timersOf = nullptr;
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [this] { return m_stopping || nextPending() != m_pending.end(); });
            if (m_stopping)
                return;
            auto next = nextPending();
            input = std::move(next->second);
            m_pending.erase(next);
            m_building.insert(input.underlying);
            if (auto it = m_latest.find(input.underlying); it != m_latest.end())
                previous = it->second;
            timersOf = &m_timers[input.underlying];
        }
        Timers &timers = *timersOf;
        const std::int64_t now = m_clock.elapsedMillis();
        const std::int64_t marketMs = input.asOf / 1'000'000;
        // Due after the interval in wall time or in market time, whichever passes first: a
        // market running faster than real time (catching up, 10x) keeps its fits current.
        const auto due = [&](std::int64_t lastWall, std::int64_t lastMarket,
                             std::int64_t interval) {
            return !previous || lastWall < 0 || now - lastWall >= interval ||
                   marketMs - lastMarket >= interval || marketMs < lastMarket;
        };
        ChainBuildOptions options;
        options.fitSmiles =
            due(timers.lastSmileMs, timers.lastSmileMarketMs, m_cadence.smileIntervalMs);
        options.computeGex = due(timers.lastGexMs, timers.lastGexMarketMs, m_cadence.gexIntervalMs);
        if (options.fitSmiles) {
            timers.lastSmileMs = now;
            timers.lastSmileMarketMs = marketMs;
        }
        if (options.computeGex) {
            timers.lastGexMs = now;
            timers.lastGexMarketMs = marketMs;
        }
        auto snapshot = builder.build(input, options, previous.get());
        {
            std::lock_guard lock(m_mutex);
            m_latest.insert_or_assign(input.underlying, std::move(snapshot));
            m_building.erase(input.underlying);
            if (m_pending.empty() && m_building.empty())
                m_idle.notify_all();
        }
        // Another worker may wait for this underlying's newer input.
        m_ready.notify_all();
    }
}

} // namespace mag7::engine
