#pragma once
// What the history generator and the live simulator share: the model objects for one
// configuration (MarketWorld) and the stepping of the latent state along a time grid
// (PathStepper), including the scheduled jumps (earnings gaps, macro releases).
//
// Determinism: the diffusion draws come from one stream per Eastern day, seeded from (seed,
// grid salt, day), and each scheduled jump from its own stream seeded from (seed, event), so an
// event's gap is the same whichever grid crosses it. Not thread-safe.

#include "marketdata/eventcalendar.h"
#include "marketdata/factormodel.h"
#include "marketdata/random.h"
#include "marketdata/varianceclock.h"
#include "marketdata/volsurface.h"

#include <memory>

namespace mag7::marketdata {

// Years of history the path starts before the simulation date (the history generator can serve
// any window up to this), and the recent sessions simulated at one-minute resolution.
inline constexpr int kPathYears = 10;
inline constexpr int kMinutePathSessions = 60;

struct MarketWorld {
    MarketWorld(UniverseConfig universe, Date origin, Date lastEventDate);
    MarketWorld(const MarketWorld &) = delete;
    MarketWorld &operator=(const MarketWorld &) = delete;

    UniverseConfig config;
    FactorModel model;
    EventCalendar events;
    VarianceClock clock;
    VolSurfaceModel surfaces;
    Date origin;

    // Model price of a configured underlying: stocks/ETFs from the state, futures as ratio x
    // their ETF; 0 for the index (see vixLevel).
    double price(const FactorModel::State &state, int configIndex) const;
    // The VIX-style index level (in vol points) from its source's surface at time t.
    double indexLevel(const FactorModel::State &state, int configIndex, Timestamp t);
    // ATM implied vol of an underlying for an expiry instant, seen at t.
    double atmVol(const FactorModel::State &state, int configIndex, Timestamp t, Timestamp expiry);
};

class PathStepper {
public:
    PathStepper(MarketWorld &world, std::uint64_t seed, std::uint64_t gridSalt);

    // Advances the state over [t0, t1), applying the scheduled jumps released in it.
    void step(FactorModel::State &state, Timestamp t0, Timestamp t1);

private:
    MarketWorld &m_world;
    std::uint64_t m_seed;
    std::uint64_t m_salt;
    Rng m_rng;
    int m_rngDay = -1;
    std::size_t m_nextEvent = 0;
    bool m_eventCursorValid = false;
};

// Activity multiplier of an underlying's trading on a date: earnings reaction sessions and
// macro release days trade more (shared by the live quoter and the history's volumes).
double eventActivity(const MarketWorld &world, int configIndex, Date date);

// The log gap of a scheduled event (deterministic in seed and event).
double eventJump(const ScheduledEvent &event, std::uint64_t seed);

} // namespace mag7::marketdata
