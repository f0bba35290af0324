// SimulatedMarket: drives the latent path on a fixed grid (100 ms whenever anything trades, one
// minute when everything is closed), asks the quoters for each step's ticks, sorts them and hands
// out whatever falls before the caller's `until`. Generation never depends on how advanceTo() is
// called, only on the grid, which is what makes the output identical for any step sizes.
#include "marketdata/simulatedmarket.h"

#include "marketdata/historypath.h"
#include "marketdata/optionbook.h"
#include "marketdata/underlyingquoter.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>

namespace mag7::marketdata {

namespace {
constexpr std::uint64_t kLiveSalt = 0x4C495645ull; // "LIVE"
constexpr Timestamp kClosedStep = kNanosPerMinute;

bool tickBefore(const Tick &a, const Tick &b)
{
    return std::tie(a.ts, a.instrument, a.kind, a.bid, a.ask, a.bidSize, a.askSize) <
           std::tie(b.ts, b.instrument, b.kind, b.bid, b.ask, b.bidSize, b.askSize);
}
} // namespace

class SimulatedMarket::Impl {
public:
    Impl(const UniverseConfig &config, InstrumentRegistry &registry, SimulationOptions options);

    void advanceTo(Timestamp until, TickBatch &out);
    int configOf(InstrumentId id) const
    {
        const auto it = m_configOf.find(id);
        return it == m_configOf.end() ? -1 : it->second;
    }

    std::unique_ptr<MarketWorld> m_world;
    SimulationOptions m_options;
    FactorModel::State m_state;
    std::unique_ptr<PathStepper> m_path;
    std::unique_ptr<UnderlyingQuoter> m_quoter;
    std::unique_ptr<OptionBook> m_book;
    std::vector<InstrumentId> m_ids; // per config index
    std::vector<InstrumentId> m_underlyings;
    std::vector<InstrumentId> m_optionUnderlyings;
    std::unordered_map<InstrumentId, int> m_configOf;
    int m_index = -1; // config index of the published index (VIX)

    Timestamp m_grid = 0; // end of the last generated step; the state is at this instant
    Timestamp m_now = 0;
    TickBatch m_pending;
    std::size_t m_pendingPosition = 0;
    TickBatch m_stepTicks;
    Timestamp m_nextListing = 0;
    Date m_listedFor{};
    Date m_nowTradingDate{};
    // The two most recent regular-session closes (previousClose() picks by trading date).
    Date m_lastCloseDate{};
    std::vector<double> m_lastClose;
    std::vector<double> m_priorClose;

private:
    Timestamp nextGridTime(Timestamp t);
    void recordCloses(Date date, Timestamp t);
    void generateStep(bool emit);
};

SimulatedMarket::Impl::Impl(const UniverseConfig &config, InstrumentRegistry &registry,
                            SimulationOptions options)
    : m_options(options)
{
    m_world = std::make_unique<MarketWorld>(config, pathOrigin(options.start),
                                            pathEventHorizon(options.start));
    const UniverseConfig &c = m_world->config;
    for (std::size_t i = 0; i < c.underlyings.size(); ++i) {
        const UnderlyingConfig &u = c.underlyings[i];
        Instrument instrument;
        instrument.symbol = u.symbol;
        instrument.kind = u.kind;
        instrument.multiplier = u.multiplier;
        instrument.tickSize = u.tickSize;
        const InstrumentId id = registry.add(std::move(instrument));
        m_ids.push_back(id);
        m_underlyings.push_back(id);
        m_configOf.emplace(id, static_cast<int>(i));
        if (u.listsOptions() && c.optionListingEnabled)
            m_optionUnderlyings.push_back(id);
        if (u.kind == InstrumentKind::Index)
            m_index = static_cast<int>(i);
    }

    const HistoryPathResult history =
        simulateHistoryPath(*m_world, options.seed, options.start, HistoryOptions{}, nullptr);
    m_state = history.state;
    m_grid = history.end;
    m_lastCloseDate = history.previousSession;
    m_lastClose = history.previousClose;
    m_priorClose = history.previousClose;

    m_path = std::make_unique<PathStepper>(*m_world, options.seed, kLiveSalt);
    m_quoter = std::make_unique<UnderlyingQuoter>(*m_world, m_ids, options.seed);
    m_book = std::make_unique<OptionBook>(*m_world, registry, m_ids, options.seed);

    // Carry the latent path from the history's end to the grid step that contains `start`.
    while (nextGridTime(m_grid) <= options.start)
        generateStep(false);
    m_now = options.start;
    m_nowTradingDate = calendar::tradingDateOf(m_now);
    m_listedFor = m_nowTradingDate;
    m_book->list(m_listedFor, options.start, m_state);
    m_nextListing = fromEastern(calendar::nextTradingDay(m_listedFor), timeOfDay(4, 0));
}

Timestamp SimulatedMarket::Impl::nextGridTime(Timestamp t)
{
    const DaySchedule &s = m_world->clock.dayOf(t).schedule;
    const Timestamp step = (s.equityOpen(t) || s.futuresOpen(t)) ? kGridStepNanos : kClosedStep;
    return std::min((t / step + 1) * step, s.dayEnd);
}

void SimulatedMarket::Impl::recordCloses(Date date, Timestamp t)
{
    if (date == m_lastCloseDate)
        return;
    m_priorClose = m_lastClose;
    m_lastCloseDate = date;
    for (std::size_t i = 0; i < m_world->config.underlyings.size(); ++i) {
        const int ci = static_cast<int>(i);
        const double value =
            ci == m_index ? m_world->indexLevel(m_state, ci, t) : m_world->price(m_state, ci);
        m_lastClose[i] = roundToTick(value, m_world->config.underlyings[i].tickSize);
    }
}

void SimulatedMarket::Impl::generateStep(bool emit)
{
    const Timestamp t0 = m_grid;
    const Timestamp t1 = nextGridTime(t0);
    const DayClock &day = m_world->clock.dayOf(t0);
    const DaySchedule &s = day.schedule;
    if (s.tradingDay && t0 == s.regular.end)
        recordCloses(s.date, t0);
    if (emit && t0 >= m_nextListing) {
        m_listedFor = s.date;
        m_book->list(m_listedFor, t0, m_state);
        m_nextListing = fromEastern(calendar::nextTradingDay(m_listedFor), timeOfDay(4, 0));
    }
    m_stepTicks.clear();
    if (emit && m_index >= 0 && s.tradingDay && s.extendedRegular.contains(t0)) {
        const UnderlyingConfig &u = m_world->config.underlyings[static_cast<std::size_t>(m_index)];
        if ((t0 - s.extendedRegular.begin) % (u.publishSeconds * kNanosPerSecond) == 0) {
            const double level = m_world->indexLevel(m_state, m_index, t0);
            m_stepTicks.push_back(Tick::trade(t0, m_ids[static_cast<std::size_t>(m_index)],
                                              roundToIncrement(level, u.tickSize), 0));
        }
    }
    m_path->step(m_state, t0, t1);
    if (emit) {
        m_quoter->step(t0, t1, day, m_state, m_stepTicks);
        m_book->step(t0, t1, day, m_state, m_stepTicks);
        std::sort(m_stepTicks.begin(), m_stepTicks.end(), tickBefore);
        for (const Tick &tick : m_stepTicks) {
            if (tick.ts > m_options.start) // the step holding `start` is cut at it
                m_pending.push_back(tick);
        }
    }
    m_grid = t1;
}

void SimulatedMarket::Impl::advanceTo(Timestamp until, TickBatch &out)
{
    if (until <= m_now)
        return;
    for (;;) {
        while (m_pendingPosition < m_pending.size() && m_pending[m_pendingPosition].ts <= until) {
            const Tick &tick = m_pending[m_pendingPosition++];
            if (tick.isTrade())
                m_book->recordTrade(tick);
            out.push_back(tick);
        }
        if (m_pendingPosition < m_pending.size())
            break; // the rest lies after `until`
        m_pending.clear();
        m_pendingPosition = 0;
        if (m_grid > until)
            break; // every later step starts after `until`
        generateStep(true);
    }
    m_now = until;
    m_nowTradingDate = calendar::tradingDateOf(m_now);
}

SimulatedMarket::SimulatedMarket(const UniverseConfig &config, InstrumentRegistry &registry,
                                 SimulationOptions options)
    : m_impl(std::make_unique<Impl>(config, registry, options))
{}

SimulatedMarket::~SimulatedMarket() = default;

Timestamp SimulatedMarket::time() const
{
    return m_impl->m_now;
}

void SimulatedMarket::advanceTo(Timestamp until, TickBatch &out)
{
    m_impl->advanceTo(until, out);
}

const std::vector<InstrumentId> &SimulatedMarket::underlyings() const
{
    return m_impl->m_underlyings;
}

const std::vector<InstrumentId> &SimulatedMarket::optionUnderlyings() const
{
    return m_impl->m_optionUnderlyings;
}

double SimulatedMarket::previousClose(InstrumentId underlying) const
{
    const int ci = m_impl->configOf(underlying);
    if (ci < 0)
        return 0;
    // After the close and before 18:00 the trading date is still the closed session's.
    const bool closedToday = m_impl->m_lastCloseDate >= m_impl->m_nowTradingDate;
    return closedToday ? m_impl->m_priorClose[static_cast<std::size_t>(ci)]
                       : m_impl->m_lastClose[static_cast<std::size_t>(ci)];
}

double SimulatedMarket::riskFreeRate() const
{
    return m_impl->m_world->config.market.riskFreeRate;
}

double SimulatedMarket::dividendYield(InstrumentId underlying) const
{
    const int ci = m_impl->configOf(underlying);
    return ci < 0 ? 0
                  : m_impl->m_world->config.underlyings[static_cast<std::size_t>(ci)].dividendYield;
}

std::vector<MarketEvent> SimulatedMarket::events(Date from, Date to) const
{
    return m_impl->m_world->events.marketEvents(m_impl->m_world->config, from, to);
}

std::optional<OptionStatistics> SimulatedMarket::optionStatistics(InstrumentId option) const
{
    const auto stats = m_impl->m_book->statistics(option);
    if (!stats)
        return std::nullopt;
    OptionStatistics out;
    out.openInterest = stats->openInterest;
    out.volume = stats->volume;
    out.impliedVol = stats->impliedVol;
    out.theoreticalValue = stats->theoreticalValue;
    return out;
}

double SimulatedMarket::modelPrice(InstrumentId underlying) const
{
    const int ci = m_impl->configOf(underlying);
    if (ci < 0)
        return 0;
    if (ci == m_impl->m_index)
        return m_impl->m_world->indexLevel(m_impl->m_state, ci, m_impl->m_grid);
    return m_impl->m_world->price(m_impl->m_state, ci);
}

double SimulatedMarket::impliedVol(InstrumentId underlying, Date expiry, double strike) const
{
    const int ci = m_impl->configOf(underlying);
    MarketWorld &world = *m_impl->m_world;
    if (ci < 0 || !world.surfaces.hasSurface(ci))
        return 0;
    const auto close = calendar::regularClose(expiry);
    const Timestamp now = m_impl->m_grid;
    if (!close || *close <= now)
        return 0;
    const UnderlyingConfig &u = world.config.underlyings[static_cast<std::size_t>(ci)];
    const double years = static_cast<double>(*close - now) / kNanosPerYear;
    const double atm = world.atmVol(m_impl->m_state, ci, now, *close);
    const double forward = world.price(m_impl->m_state, ci) *
                           std::exp((world.config.market.riskFreeRate - u.dividendYield) * years);
    const double z = std::log(strike / forward) / (atm * std::sqrt(years));
    return atm * VolSurfaceModel::smileMultiplier(z, u.options.skew, u.options.smile);
}

std::size_t SimulatedMarket::listedOptionCount() const
{
    return m_impl->m_book->activeContracts();
}

} // namespace mag7::marketdata
