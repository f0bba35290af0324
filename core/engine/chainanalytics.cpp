#include "engine/chainanalytics.h"

#include "model/marketclock.h"

namespace mag7::engine {

ChainAnalytics::ChainAnalytics()
    : ChainAnalytics(Cadence{})
{}

ChainAnalytics::ChainAnalytics(Cadence cadence)
    : m_cadence(cadence)
{}

ChainAnalytics::~ChainAnalytics()
{
    stop();
}

void ChainAnalytics::start()
{
    if (m_thread.joinable())
        return;
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void ChainAnalytics::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_ready.notify_all();
    if (m_thread.joinable())
        m_thread.join();
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
    m_idle.wait(lock, [this] { return (m_pending.empty() && !m_busy) || m_stopping; });
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

void ChainAnalytics::run()
{
    const Stopwatch clock;
    for (;;) {
        ChainInput input;
        std::shared_ptr<const ChainSnapshot> previous;
        {
            std::unique_lock lock(m_mutex);
            m_busy = false;
            if (m_pending.empty())
                m_idle.notify_all();
            m_ready.wait(lock, [this] { return m_stopping || !m_pending.empty(); });
            if (m_stopping)
                return;
            auto next = m_pending.begin();
            input = std::move(next->second);
            m_pending.erase(next);
            m_busy = true;
            if (auto it = m_latest.find(input.underlying); it != m_latest.end())
                previous = it->second;
        }
        Timers &timers = m_timers[input.underlying];
        const std::int64_t now = clock.elapsedMillis();
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
        auto snapshot = m_builder.build(input, options, previous.get());
        std::lock_guard lock(m_mutex);
        m_latest.insert_or_assign(input.underlying, std::move(snapshot));
    }
}

} // namespace mag7::engine
