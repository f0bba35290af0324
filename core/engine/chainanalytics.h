#pragma once
// ChainAnalytics: the worker threads that turn chain inputs into ChainSnapshots (IV, Greeks,
// expiry summaries, smile fits, GEX) so the engine thread never waits on pricing. Inputs are
// coalesced per underlying: a newer input replaces one not yet processed. Smile fits and GEX run
// at slower cadences than IV and Greeks (after their interval of wall time or of market time,
// whichever passes first) and are carried over in between. Different underlyings build on
// different workers at once (every chain of a replay jump at the same time); one underlying's
// inputs are built one after another, in order.
//
// Threading: submit(), latest() and all() from any thread; start()/stop() from the owner.

#include "engine/chainbuilder.h"
#include "model/marketclock.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace mag7::engine {

class ChainAnalytics {
public:
    struct Cadence {
        std::int64_t smileIntervalMs = 5000;
        std::int64_t gexIntervalMs = 1000;
    };

    ChainAnalytics();
    // `workers` 0: one per hardware thread, at most kMaxWorkers.
    explicit ChainAnalytics(Cadence cadence, unsigned workers = 0);
    static constexpr unsigned kMaxWorkers = 4;
    ~ChainAnalytics();
    ChainAnalytics(const ChainAnalytics &) = delete;
    ChainAnalytics &operator=(const ChainAnalytics &) = delete;

    void start();
    void stop();
    void submit(ChainInput input);
    // Blocks until every input submitted so far has been processed (tests, CLI).
    void waitIdle();

    std::shared_ptr<const ChainSnapshot> latest(InstrumentId underlying) const;
    std::vector<std::shared_ptr<const ChainSnapshot>> all() const; // by underlying id

private:
    struct Timers {
        std::int64_t lastSmileMs = -1; // wall clock
        std::int64_t lastGexMs = -1;
        std::int64_t lastSmileMarketMs = 0; // market time of the input
        std::int64_t lastGexMarketMs = 0;
    };
    void run();
    // The first pending input whose underlying no worker is building (under m_mutex).
    std::map<InstrumentId, ChainInput>::iterator nextPending();

    Cadence m_cadence;
    unsigned m_workerCount;
    const Stopwatch m_clock; // wall time for the cadences
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_idle;
    std::map<InstrumentId, ChainInput> m_pending;
    std::map<InstrumentId, std::shared_ptr<const ChainSnapshot>> m_latest;
    // Entries are created under m_mutex and used by the worker building that underlying.
    std::map<InstrumentId, Timers> m_timers;
    std::set<InstrumentId> m_building; // underlyings a worker is building
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

} // namespace mag7::engine
