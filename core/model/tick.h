#pragma once
// Market events as the desk sees them. A Tick is a 40-byte plain struct that carries either a
// quote (bid/ask with sizes) or a trade (price and size) of one instrument at one instant; feeds
// produce batches of them in time order, and the engine, recorder and replay all consume them.

#include "model/instrument.h"
#include "model/price.h"
#include "model/timestamp.h"

#include <cstdint>
#include <vector>

namespace mag7 {

enum class TickKind : std::uint8_t { Quote = 0, Trade = 1 };

// Tick flags (bit set).
enum TickFlag : std::uint8_t {
    TickFlagNone = 0,
    TickFlagSuspect = 1u << 0, // failed validation: kept and counted, excluded from signals
};

struct Tick {
    Timestamp ts = 0;
    InstrumentId instrument = kInvalidInstrument;
    TickKind kind = TickKind::Quote;
    std::uint8_t flags = TickFlagNone;
    std::uint16_t reserved = 0;
    // Quote: best bid and ask with sizes (shares, contracts or futures lots).
    // Trade: price in `bid`, size in `bidSize`; read them through price() and size().
    Price bid = 0;
    Price ask = 0;
    std::int32_t bidSize = 0;
    std::int32_t askSize = 0;

    static Tick quote(Timestamp ts, InstrumentId id, Price bid, Price ask, std::int32_t bidSize,
                      std::int32_t askSize)
    {
        Tick t;
        t.ts = ts;
        t.instrument = id;
        t.kind = TickKind::Quote;
        t.bid = bid;
        t.ask = ask;
        t.bidSize = bidSize;
        t.askSize = askSize;
        return t;
    }
    static Tick trade(Timestamp ts, InstrumentId id, Price price, std::int32_t size)
    {
        Tick t;
        t.ts = ts;
        t.instrument = id;
        t.kind = TickKind::Trade;
        t.bid = price;
        t.bidSize = size;
        return t;
    }

    bool isQuote() const { return kind == TickKind::Quote; }
    bool isTrade() const { return kind == TickKind::Trade; }
    Price price() const { return bid; }
    std::int32_t size() const { return bidSize; }
    Price mid2() const { return bid + ask; } // twice the mid, exact

    bool operator==(const Tick &) const = default;
};
static_assert(sizeof(Tick) == 40, "Tick is a packed 40-byte record");

using TickBatch = std::vector<Tick>;

// Latest quote and trade of one instrument.
struct QuoteState {
    Timestamp quoteTs = 0;
    Price bid = 0;
    Price ask = 0;
    std::int32_t bidSize = 0;
    std::int32_t askSize = 0;
    Timestamp tradeTs = 0;
    Price last = 0;
    std::int32_t lastSize = 0;

    bool hasQuote() const { return quoteTs != 0; }
    bool hasTrade() const { return tradeTs != 0; }
    void apply(const Tick &tick)
    {
        if (tick.isQuote()) {
            quoteTs = tick.ts;
            bid = tick.bid;
            ask = tick.ask;
            bidSize = tick.bidSize;
            askSize = tick.askSize;
        } else {
            tradeTs = tick.ts;
            last = tick.price();
            lastSize = tick.size();
        }
    }
    bool operator==(const QuoteState &) const = default;
};

// An OHLCV bar; prices in dollars (analytics only, never the ledger).
struct Bar {
    Timestamp start = 0; // bar open time
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    std::int64_t volume = 0;

    bool operator==(const Bar &) const = default;
};

} // namespace mag7
