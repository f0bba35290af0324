#pragma once
// Rebuilds an option chain with its analytics at an instant of a recording: the state of every
// quote from the day file (snapshot + ticks), open interest from the desk database, rates and
// dividend yields from the universe configuration.

#include "engine/chainsnapshot.h"
#include "model/instrument.h"
#include "model/result.h"

#include <QString>

#include <memory>

namespace mag7::cli {

struct LoadedChain {
    std::unique_ptr<InstrumentRegistry> registry; // owns the instruments the rows point to
    std::shared_ptr<const engine::ChainSnapshot> chain;
    bool hasOpenInterest = false;
};

Result<LoadedChain> loadChainAt(const QString &dataDir, const std::string &symbol, Timestamp at,
                                const QString &universeFile);

} // namespace mag7::cli
