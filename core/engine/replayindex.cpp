#include "engine/replayindex.h"

#include <algorithm>

namespace mag7::engine {

namespace {
// Checkpoint spacing: a jump applies at most this much market time of ticks after its checkpoint.
constexpr std::int64_t kCheckpointNanos = 20 * kNanosPerSecond;
} // namespace

Result<std::unique_ptr<const ReplayIndex>> ReplayIndex::build(const RecordedUniverse &universe,
                                                              const MarketReference &reference,
                                                              Timestamp from, Timestamp to,
                                                              const std::atomic<bool> *cancel)
{
    auto opened = ReplayFeed::open(universe, from, to);
    if (!opened)
        return opened.error();
    ReplayFeed &feed = *opened.value();
    std::unique_ptr<ReplayIndex> index(new ReplayIndex);
    index->m_from = from;
    index->m_to = to;
    index->m_instruments = universe.registry->size();
    MarketState state(*universe.registry, reference);
    auto seeded = feed.seek(from);
    if (!seeded)
        return seeded.error();
    state.seedQuotes(seeded.value());
    MarketStateSink sink(state);
    std::vector<std::int64_t> previous;
    Date previousDate{};
    const auto keep = [&](Timestamp at) {
        // A quiet span (no tick since the last checkpoint) needs none: its state is the last one.
        if (!index->m_steps.empty() &&
            index->m_steps.back().state.lastTickTime == state.lastTickTime() && at < to)
            return;
        Step step;
        step.at = at;
        step.state = state.checkpoint();
        const std::vector<std::int64_t> &volumes = state.optionVolumes();
        if (state.volumeDate() != previousDate) {
            step.volumesRestart = true;
            previousDate = state.volumeDate();
            previous.assign(previous.size(), 0);
        }
        previous.resize(std::max(previous.size(), volumes.size()), 0);
        for (std::size_t id = 0; id < volumes.size(); ++id) {
            if (volumes[id] != previous[id]) {
                step.volumes.emplace_back(static_cast<InstrumentId>(id), volumes[id]);
                previous[id] = volumes[id];
            }
        }
        index->m_steps.push_back(std::move(step));
    };
    keep(from);
    for (Timestamp at = (from / kCheckpointNanos + 1) * kCheckpointNanos;; at += kCheckpointNanos) {
        if (cancel && cancel->load())
            return Error{"the preparation of replay jumps was cancelled"};
        const Timestamp until = std::min(at, to);
        if (auto played = feed.pumpUntil(until, sink); !played)
            return played.error();
        keep(until);
        if (until >= to)
            break;
    }
    for (std::size_t row = 0; row < state.rows().size(); ++row)
        index->m_bars.push_back(state.completedBars(row));
    index->m_ticks = sink.ticks();
    return std::unique_ptr<const ReplayIndex>(std::move(index));
}

std::size_t ReplayIndex::stepAt(Timestamp t) const
{
    const auto after =
        std::upper_bound(m_steps.begin(), m_steps.end(), t,
                         [](Timestamp at, const Step &step) { return at < step.at; });
    return after == m_steps.begin() ? 0 : static_cast<std::size_t>(after - m_steps.begin()) - 1;
}

Timestamp ReplayIndex::checkpointBefore(Timestamp t) const
{
    return m_steps[stepAt(std::clamp(t, m_from, m_to))].at;
}

std::vector<std::int64_t> ReplayIndex::optionVolumesAt(std::size_t step) const
{
    std::vector<std::int64_t> volumes(m_instruments, 0);
    // From the last restart (a new trading date) on, each step holds the volumes it changed.
    std::size_t first = step;
    while (first > 0 && !m_steps[first].volumesRestart)
        --first;
    for (std::size_t i = first; i <= step; ++i) {
        for (const auto &[id, volume] : m_steps[i].volumes) {
            if (id >= volumes.size())
                volumes.resize(id + 1, 0);
            volumes[id] = volume;
        }
    }
    return volumes;
}

Result<std::uint64_t> ReplayIndex::jump(MarketState &state, ReplayFeed &feed, Timestamp t,
                                        std::uint64_t revisionFloor) const
{
    t = std::clamp(t, m_from, m_to);
    const std::size_t index = stepAt(t);
    const Step &step = m_steps[index];
    auto quotes = feed.seek(step.at);
    if (!quotes)
        return quotes.error();
    state.restore(step.state, m_bars, optionVolumesAt(index), std::move(quotes).value(),
                  revisionFloor);
    MarketStateSink sink(state);
    if (auto played = feed.pumpUntil(t, sink); !played)
        return played.error();
    return sink.ticks();
}

} // namespace mag7::engine
