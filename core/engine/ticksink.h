#pragma once
// TickSink: where a feed delivers its batches.
// Threading contract: onTicks() is called on the feed's own thread, with batches in time order;
// implementations must return quickly (queue the batch, never wait on disk or the GUI).

#include "model/tick.h"

#include <memory>

namespace mag7::engine {

class TickSink {
public:
    virtual ~TickSink() = default;
    virtual void onTicks(std::shared_ptr<const TickBatch> batch) = 0;
    // Ticks queued downstream and not yet consumed; feeds slow down when this grows too large.
    virtual std::size_t backlog() const { return 0; }
};

} // namespace mag7::engine
