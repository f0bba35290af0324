#pragma once
// TickSink: where a feed delivers its batches and reference data.
// Threading contract: the methods are called on the feed's own thread, batches in time order;
// implementations must return quickly (queue the data, never wait on disk or the GUI).

#include "model/instrument.h"
#include "model/tick.h"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace mag7::engine {

// Open interest of option contracts as published for a trading date (before the open).
struct OpenInterestTable {
    Date tradingDate{};
    std::vector<std::pair<InstrumentId, std::int64_t>> contracts;
};

class TickSink {
public:
    virtual ~TickSink() = default;
    virtual void onTicks(std::shared_ptr<const TickBatch> batch) = 0;
    virtual void onOpenInterest(std::shared_ptr<const OpenInterestTable> table) { (void)table; }
    // Ticks queued downstream and not yet consumed; feeds slow down when this grows too large.
    virtual std::size_t backlog() const { return 0; }
};

} // namespace mag7::engine
