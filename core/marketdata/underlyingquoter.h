#pragma once
// Quotes and trades of the stocks, ETFs and futures for one grid step.
//
// Arrivals are Poisson in "activity time": each instrument accumulates its intensity over the
// step (U-shaped in the regular session, lower in extended hours, futures overnight and London
// levels) and emits an event each time the accumulator passes an exponential threshold, at the
// matching instant inside the step. The intensity scales with the market variance (busier when
// volatile) and with event days (earnings reactions, macro releases). Quotes sit on the
// instrument's tick around the latent price with a random spread of at least one tick (wider in
// extended hours), round-lot sizes; trades print at the bid, the ask or inside, sized so the
// day's volume matches averageDailyVolume.
// Not thread-safe; owned by the simulator.

#include "marketdata/marketpath.h"
#include "model/tick.h"

#include <vector>

namespace mag7::marketdata {

class UnderlyingQuoter {
public:
    // `ids`: registry id of every configured underlying (config order).
    UnderlyingQuoter(MarketWorld &world, std::vector<InstrumentId> ids, std::uint64_t seed);

    // Appends the ticks of [t0, t1) (unsorted across instruments) for the state at t1.
    void step(Timestamp t0, Timestamp t1, const DayClock &day, const FactorModel::State &state,
              TickBatch &out);

private:
    struct Arrivals {
        double accumulated = 0; // intensity integrated so far
        double next = 0;        // threshold of the next event
    };
    struct Instrument {
        int configIndex = -1;
        InstrumentId id = kInvalidInstrument;
        Arrivals quotes;
        Arrivals trades;
        bool hasQuote = false;
        Price bid = 0;
        Price ask = 0;
        double meanTradeSize = 0;
        double activity = 1; // today's event multiplier
    };
    struct Rates {
        double quotesPerSecond = 0;
        double tradesPerSecond = 0;
        double spreadMultiplier = 1;
        double sizeMultiplier = 1;
    };

    Rates rates(const Instrument &instrument, Timestamp t0, const DaySchedule &day,
                double stateActivity) const;
    void startDay(const DaySchedule &day);
    Tick makeQuote(Instrument &instrument, Timestamp ts, double price, const Rates &rates);
    Tick makeTrade(Instrument &instrument, Timestamp ts);

    MarketWorld &m_world;
    std::vector<Instrument> m_instruments;
    std::uint64_t m_seed;
    Rng m_rng;
    Date m_day{};
};

} // namespace mag7::marketdata
