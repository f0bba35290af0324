#pragma once
// ChainAnalytics: the worker thread that turns chain inputs into ChainSnapshots (IV, Greeks,
// expiry summaries, smile fits, GEX) so the engine thread never waits on pricing. Inputs are
// coalesced per underlying: a newer input replaces one not yet processed. Smile fits and GEX run
// at slower cadences than IV and Greeks (after their interval of wall time or of market time,
// whichever passes first) and are carried over in between.
//
// Threading: submit(), latest() and all() from any thread; start()/stop() from the owner.

#include "engine/chainbuilder.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace mag7::engine {

class ChainAnalytics {
public:
    struct Cadence {
        std::int64_t smileIntervalMs = 5000;
        std::int64_t gexIntervalMs = 1000;
    };

    ChainAnalytics();
    explicit ChainAnalytics(Cadence cadence);
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

    Cadence m_cadence;
    ChainBuilder m_builder;                  // worker thread only
    std::map<InstrumentId, Timers> m_timers; // worker thread only
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_idle;
    std::map<InstrumentId, ChainInput> m_pending;
    std::map<InstrumentId, std::shared_ptr<const ChainSnapshot>> m_latest;
    bool m_busy = false;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace mag7::engine
