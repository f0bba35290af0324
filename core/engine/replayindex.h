#pragma once
// ReplayIndex: what a jump in a replay needs besides the day file's quote snapshots, prepared
// once per replayed range by playing it through a MarketState of its own (a background job of
// seconds for a full day). Every 20 seconds of market time with ticks (aligned to whole
// minutes) it keeps a checkpoint of what the state derived from the ticks (each quote board
// row's quote, day statistics, VWAP accumulator and forming bar, the trading dates finished) and
// the option volumes that changed since the last one (about 5 KB for the built-in universe); at
// the end the completed 1-minute bars of every row (they only grow, so a checkpoint keeps their
// count).
//
// jump(t) = ReplayFeed::seek to the last checkpoint at or before t (every instrument's quote)
// + the checkpoint restored + the ticks from there to t applied as they are played: the state
// equals the one playing the range from its start to t reaches (quotes, statistics, bars, VWAP,
// option volume), in tens of milliseconds instead of seconds.
//
// Threading: build() on any thread; a built index is immutable (jump() from any thread, each
// with its own state and feed).

#include "engine/marketstate.h"
#include "engine/recordeduniverse.h"
#include "engine/replayfeed.h"
#include "model/result.h"

#include <atomic>
#include <memory>
#include <utility>
#include <vector>

namespace mag7::engine {

class ReplayIndex {
public:
    // Plays [from, to) of `universe` from the quotes at `from` (as the desk starts a replay,
    // see MarketState::seedQuotes). `reference` is the desk's market reference. Errors: a read
    // failure, `cancel` set (stops within a minute of market time).
    static Result<std::unique_ptr<const ReplayIndex>>
    build(const RecordedUniverse &universe, const MarketReference &reference, Timestamp from,
          Timestamp to, const std::atomic<bool> *cancel = nullptr);

    Timestamp from() const { return m_from; }
    Timestamp to() const { return m_to; }
    std::size_t checkpointCount() const { return m_steps.size(); }
    std::uint64_t ticksPlayed() const { return m_ticks; }
    // The time of the last checkpoint at or before t (t clamped into the range).
    Timestamp checkpointBefore(Timestamp t) const;

    // Sets `state` (a fresh state on the same reference, baselines and open interest applied as
    // wanted) to t and `feed` (opened on the same range) to position t. Rows keep revisions above
    // `revisionFloor` (see MarketState::restore). Returns how many ticks after the checkpoint
    // were applied. Errors: a read failure of the feed.
    Result<std::uint64_t> jump(MarketState &state, ReplayFeed &feed, Timestamp t,
                               std::uint64_t revisionFloor = 0) const;

private:
    ReplayIndex() = default;
    struct Step {
        Timestamp at = 0;
        MarketState::Checkpoint state;
        bool volumesRestart = false; // a new trading date: option volumes start from zero
        std::vector<std::pair<InstrumentId, std::int64_t>> volumes; // changed since last step
    };
    std::size_t stepAt(Timestamp t) const; // the last step at or before t
    std::vector<std::int64_t> optionVolumesAt(std::size_t step) const;

    Timestamp m_from = 0;
    Timestamp m_to = 0;
    std::size_t m_instruments = 0;
    std::vector<Step> m_steps;                             // by time
    std::vector<std::shared_ptr<const MinuteBars>> m_bars; // by row, at the end of the range
    std::uint64_t m_ticks = 0;
};

} // namespace mag7::engine
