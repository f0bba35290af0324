#pragma once
// Builds a ChainSnapshot from one underlying's quotes: implied vols and Greeks of every live
// contract (ChainPricer), the per-expiry summary and smile fits, 30-day ATM IV and GEX.
// Single-threaded: a ChainBuilder keeps scratch buffers; one per thread.

#include "engine/chainsnapshot.h"
#include "model/tick.h"
#include "pricing/chainpricer.h"

#include <memory>
#include <vector>

namespace mag7::engine {

struct ContractInput {
    const Instrument *instrument = nullptr;
    QuoteState quote;
    std::int64_t volume = 0;
    std::int64_t openInterest = 0;
};

struct ChainInput {
    InstrumentId underlying = kInvalidInstrument;
    std::string symbol;
    Timestamp asOf = 0;
    double spot = 0;
    double rate = 0;
    double dividendYield = 0;
    std::vector<ContractInput> contracts;
};

struct ChainBuildOptions {
    bool fitSmiles = true;  // SVI per expiry (the costly part); else carried from `previous`
    bool computeGex = true; // else carried from `previous`
};

class ChainBuilder {
public:
    // `previous` (may be null) supplies smiles and GEX when the options skip them.
    std::shared_ptr<const ChainSnapshot>
    build(const ChainInput &input, const ChainBuildOptions &options, const ChainSnapshot *previous);

private:
    pricing::ChainPricer m_pricer;
    std::vector<pricing::ChainQuote> m_quotes;
    std::vector<pricing::ChainAnalytics> m_analytics;
};

} // namespace mag7::engine
