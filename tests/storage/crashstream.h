#pragma once
// The deterministic tick stream shared by the crash-recovery helper (crashwriter.cpp) and its
// test: tick i of the stream is a pure function of i, so the test can check every tick the
// killed process left behind.

#include "model/easterntime.h"
#include "model/instrument.h"
#include "model/tick.h"

#include <cstdint>
#include <string>

namespace mag7::storage::testing {

inline constexpr int kCrashInstruments = 10;

inline void registerCrashInstruments(InstrumentRegistry &registry)
{
    for (int i = 0; i < kCrashInstruments; ++i) {
        Instrument stock;
        stock.symbol = "S" + std::to_string(i);
        registry.add(stock);
    }
}

inline Tick crashTick(std::uint64_t i)
{
    const Timestamp start = fromEastern(makeDate(2025, 1, 13), timeOfDay(9, 30));
    const Timestamp ts = start + static_cast<Timestamp>(i) * 100'000; // 0.1 ms apart
    const auto id = static_cast<InstrumentId>((i * 7) % kCrashInstruments);
    const Price bid = toPrice(100) + static_cast<Price>((i * 13) % 500) * kCent;
    if (i % 9 == 0)
        return Tick::trade(ts, id, bid, static_cast<std::int32_t>(1 + i % 300));
    return Tick::quote(ts, id, bid, bid + kCent * static_cast<Price>(1 + i % 3),
                       static_cast<std::int32_t>(100 * (1 + i % 5)),
                       static_cast<std::int32_t>(1 + i % 700));
}

} // namespace mag7::storage::testing
