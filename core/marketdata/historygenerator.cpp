// generateHistory() and the path run it shares with SimulatedMarket (historypath.h).
// Bars are read off the latent path: opens and closes are the path at the session bounds, highs
// and lows add the exactly sampled extremes of a Brownian bridge between grid points (so coarse
// steps do not shrink the daily range), and volumes follow the same U-shape and event activity
// the live quoter uses. Bar decoration draws from its own stream, never the path's.
#include "marketdata/historypath.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace mag7::marketdata {

namespace {

constexpr std::uint64_t kHistorySalt = 0x48495354ull; // "HIST"
constexpr std::uint64_t kBarsTag = 0x42415253ull;     // "BARS"
constexpr double kRegularMinutes = 390;
constexpr double kExtendedMinutes = 570;
constexpr double kLondonMinutes = 390;
constexpr double kOvernightMinutes = 600;

struct DailyAccumulator {
    Date date{};
    bool open = false;
    bool closed = false;
    DailyBar bar;
};

// Records bars for one history request while the path runs.
class Recorder {
public:
    Recorder(MarketWorld &world, std::uint64_t seed, const HistoryOptions &options, History &out,
             Date firstBarDate, Date previousSession)
        : m_world(world)
        , m_seed(seed)
        , m_out(out)
        , m_firstBarDate(firstBarDate)
        , m_accumulators(world.config.underlyings.size())
        , m_volumeBase(world.config.underlyings.size(), 0.0)
        , m_volumeDate(world.config.underlyings.size())
    {
        const int sessions = std::clamp(options.minuteSessions, 0, kMinutePathSessions);
        Date d = previousSession;
        for (int i = 0; i < sessions; ++i) {
            m_minuteDates.insert(daysSinceEpoch(d));
            d = calendar::previousTradingDay(d);
        }
        for (const UnderlyingConfig &u : world.config.underlyings) {
            SymbolHistory h;
            h.symbol = u.symbol;
            m_out.symbols.push_back(std::move(h));
        }
    }

    bool active(Date date) const { return date >= addDays(m_firstBarDate, -7); }

    void step(Timestamp t0, Timestamp t1, const DaySchedule &s, const FactorModel::State &state,
              const std::vector<double> &p0, const std::vector<double> &p1)
    {
        if (s.date != m_day) {
            m_day = s.date;
            m_rng.reseed(
                mixSeed({m_seed, kBarsTag, static_cast<std::uint64_t>(daysSinceEpoch(s.date))}));
            m_eveningStart = fromEastern(s.date, timeOfDay(18, 0));
            m_eveningDate = calendar::nextTradingDay(s.date);
            m_dayDate = calendar::tradingDayOnOrAfter(s.date);
        }
        const double business = m_world.clock.businessYears(t0, t1);
        m_stepMinutes = static_cast<double>(t1 - t0) / static_cast<double>(kNanosPerMinute);
        const UniverseConfig &config = m_world.config;
        for (std::size_t i = 0; i < config.underlyings.size(); ++i) {
            const UnderlyingConfig &u = config.underlyings[i];
            const int ci = static_cast<int>(i);
            if (u.kind == InstrumentKind::Index) {
                if (s.tradingDay && s.extendedRegular.contains(t0))
                    record(ci, s.date, s.regular.contains(t0), t1 == s.regular.end, t0, p0[i],
                           p1[i], p0[i], p1[i], 0.0);
                continue;
            }
            const bool future = u.kind == InstrumentKind::Future;
            const bool open = future ? s.futuresOpen(t0) : s.equityOpen(t0);
            if (!open)
                continue;
            const Date date = future ? (t0 >= m_eveningStart ? m_eveningDate : m_dayDate) : s.date;
            const bool inDaily = future || s.regular.contains(t0);
            const bool closes = s.tradingDay && t1 == s.regular.end && date == s.date;
            const int name = m_world.model.nameOf(future ? config.indexOf(u.tracks) : ci);
            const double variance =
                m_world.model.diffusiveVariance(name, state.variance) * business;
            const double a = std::log(p0[i]);
            const double b = std::log(p1[i]);
            const double spreadMax =
                std::sqrt((b - a) * (b - a) - 2 * variance * std::log(m_rng.uniformPositive()));
            const double spreadMin =
                std::sqrt((b - a) * (b - a) - 2 * variance * std::log(m_rng.uniformPositive()));
            const double high = std::exp(0.5 * (a + b + spreadMax));
            const double low = std::exp(0.5 * (a + b - spreadMin));
            record(ci, date, inDaily, closes, t0, p0[i], p1[i], high, low,
                   volumeShare(u, s, t0, date, state));
        }
        if (s.tradingDay && t1 == s.regular.end && s.date >= m_firstBarDate) {
            for (std::size_t i = 0; i < config.underlyings.size(); ++i) {
                if (!config.underlyings[i].listsOptions())
                    continue;
                const double iv =
                    m_world.atmVol(state, static_cast<int>(i), t1, t1 + 30 * kNanosPerDay);
                m_out.symbols[i].atmIv.push_back({s.date, iv});
            }
        }
    }

    void finish()
    {
        for (std::size_t i = 0; i < m_accumulators.size(); ++i)
            flush(static_cast<int>(i));
    }

private:
    // Volume of one step for an instrument trading on `date`.
    double volumeShare(const UnderlyingConfig &u, const DaySchedule &s, Timestamp t0, Date date,
                       const FactorModel::State &state)
    {
        const int ci = m_world.config.indexOf(u.symbol);
        auto &base = m_volumeBase[static_cast<std::size_t>(ci)];
        if (m_volumeDate[static_cast<std::size_t>(ci)] != date) {
            m_volumeDate[static_cast<std::size_t>(ci)] = date;
            const double v = state.variance / m_world.model.diffusiveLongRunVariance();
            base = u.averageDailyVolume * std::clamp(0.5 + 0.5 * v, 0.5, 3.0) *
                   eventActivity(m_world, ci, date) * std::exp(0.25 * m_rng.normal() - 0.03125);
        }
        const ActivityConfig &a = m_world.config.market.activity;
        double share = 0;
        const bool regular = s.tradingDay && s.regular.contains(t0);
        const double shape =
            regular ? intradayActivity(s.regularFraction(t0), a.openCloseRatio) : 0;
        if (u.kind == InstrumentKind::Future) {
            if (regular) {
                share = a.futuresRegularVolumeShare * shape / kRegularMinutes;
            } else {
                const bool london = s.tradingDay && t0 >= s.londonOpen && t0 < s.regular.begin;
                const double factor = london ? a.futuresLondonFactor : a.futuresOvernightFactor;
                share = (1 - a.futuresRegularVolumeShare) * factor /
                        (kLondonMinutes * a.futuresLondonFactor +
                         kOvernightMinutes * a.futuresOvernightFactor);
            }
        } else {
            share = regular ? (1 - a.extendedVolumeShare) * shape / kRegularMinutes
                            : a.extendedVolumeShare / kExtendedMinutes;
        }
        return base * share;
    }

    void record(int ci, Date date, bool inDaily, bool closes, Timestamp t0, double open,
                double close, double high, double low, double volumePerMinute)
    {
        const UnderlyingConfig &u = m_world.config.underlyings[static_cast<std::size_t>(ci)];
        DailyAccumulator &acc = m_accumulators[static_cast<std::size_t>(ci)];
        // One-minute steps carry one minute of volume; coarser steps carry proportionally more.
        const double noise = std::exp(0.5 * m_rng.normal() - 0.125);
        const auto volume =
            static_cast<std::int64_t>(std::llround(volumePerMinute * m_stepMinutes * noise));
        if (m_stepMinutes <= 1.0 && m_minuteDates.count(daysSinceEpoch(date)) != 0 &&
            date >= m_firstBarDate) {
            Bar bar;
            bar.start = t0;
            bar.open = roundToTick(open, u.tickSize);
            bar.close = roundToTick(close, u.tickSize);
            bar.high = std::max({roundToTick(high, u.tickSize), bar.open, bar.close});
            bar.low = std::min({roundToTick(low, u.tickSize), bar.open, bar.close});
            bar.volume = volume;
            if (volume > 0 || u.kind == InstrumentKind::Index)
                m_out.symbols[static_cast<std::size_t>(ci)].minuteBars.push_back(bar);
        }
        if (acc.date != date) {
            flush(ci);
            acc = DailyAccumulator{};
            acc.date = date;
            acc.bar.date = date;
        }
        acc.bar.volume += u.kind == InstrumentKind::Index ? 0 : volume;
        if (!inDaily)
            return;
        if (!acc.open) {
            acc.open = true;
            acc.bar.open = acc.bar.high = acc.bar.low = open;
        }
        acc.bar.high = std::max({acc.bar.high, high, close});
        acc.bar.low = std::min({acc.bar.low, low, close});
        if (closes) {
            acc.closed = true;
            acc.bar.close = close;
        }
    }

    void flush(int ci)
    {
        DailyAccumulator &acc = m_accumulators[static_cast<std::size_t>(ci)];
        if (!acc.open || !acc.closed || acc.date < m_firstBarDate) {
            acc.open = false;
            return;
        }
        const Price tick = m_world.config.underlyings[static_cast<std::size_t>(ci)].tickSize;
        DailyBar bar = acc.bar;
        bar.open = roundToTick(bar.open, tick);
        bar.close = roundToTick(bar.close, tick);
        bar.high = std::max({roundToTick(bar.high, tick), bar.open, bar.close});
        bar.low = std::min({roundToTick(bar.low, tick), bar.open, bar.close});
        m_out.symbols[static_cast<std::size_t>(ci)].daily.push_back(bar);
        acc.open = false;
    }

    MarketWorld &m_world;
    std::uint64_t m_seed;
    History &m_out;
    Date m_firstBarDate;
    std::set<int> m_minuteDates;
    std::vector<DailyAccumulator> m_accumulators;
    std::vector<double> m_volumeBase;
    std::vector<Date> m_volumeDate;
    Rng m_rng;
    Date m_day{};
    double m_stepMinutes = 1;
    Timestamp m_eveningStart = 0;
    Date m_eveningDate{};
    Date m_dayDate{};
};

void pricesAt(MarketWorld &world, const FactorModel::State &state, Timestamp t,
              const DaySchedule &s, std::vector<double> &out)
{
    for (std::size_t i = 0; i < world.config.underlyings.size(); ++i) {
        const int ci = static_cast<int>(i);
        if (world.config.underlyings[i].kind == InstrumentKind::Index) {
            const bool window =
                s.tradingDay && t >= s.extendedRegular.begin && t <= s.extendedRegular.end;
            out[i] = window ? world.indexLevel(state, ci, t) : 0.0;
        } else {
            out[i] = world.price(state, ci);
        }
    }
}

} // namespace

double roundToTick(double value, Price tick)
{
    return toDouble(roundToIncrement(value, tick));
}

Date pathOrigin(Timestamp start)
{
    return addDays(calendar::tradingDateOf(start), -365 * kPathYears - 3);
}

Date pathEventHorizon(Timestamp start)
{
    return addDays(calendar::tradingDateOf(start), 6 * 366);
}

namespace {

struct PathRun {
    FactorModel::State state;      // at the end
    FactorModel::State closeState; // at the previous session's regular close
    Timestamp closeTime = 0;
};

PathRun runPath(MarketWorld &world, std::uint64_t seed, const FactorModel::State &initial,
                Date minuteFrom, Date previousSession, Timestamp end, Recorder *recorder)
{
    PathStepper stepper(world, seed, kHistorySalt);
    PathRun run;
    run.state = initial;
    const std::size_t n = world.config.underlyings.size();
    std::vector<double> p0(n);
    std::vector<double> p1(n);
    bool haveP0 = false;
    for (Date d = world.origin;; d = addDays(d, 1)) {
        const DaySchedule &s = world.clock.day(d).schedule;
        if (s.dayStart >= end)
            break;
        const Timestamp stepSize = d >= minuteFrom ? kNanosPerMinute : 30 * kNanosPerMinute;
        const bool record = recorder && recorder->active(d);
        for (Timestamp t0 = s.dayStart; t0 < s.dayEnd && t0 < end;) {
            const Timestamp t1 = std::min({t0 + stepSize, s.dayEnd, end});
            if (record && !haveP0) {
                pricesAt(world, run.state, t0, s, p0);
                haveP0 = true;
            }
            stepper.step(run.state, t0, t1);
            if (record) {
                pricesAt(world, run.state, t1, s, p1);
                recorder->step(t0, t1, s, run.state, p0, p1);
                std::swap(p0, p1);
            }
            if (s.date == previousSession && t1 == s.regular.end) {
                run.closeState = run.state;
                run.closeTime = t1;
            }
            t0 = t1;
        }
    }
    return run;
}

} // namespace

HistoryPathResult simulateHistoryPath(MarketWorld &world, std::uint64_t seed, Timestamp start,
                                      const HistoryOptions &options, History *history)
{
    HistoryPathResult result;
    const Date simulationDate = calendar::tradingDateOf(start);
    result.previousSession = calendar::previousTradingDay(simulationDate);
    result.end = std::min(fromEastern(addDays(result.previousSession, 1), 0), start);
    Date minuteFrom = result.previousSession;
    for (int i = 1; i < kMinutePathSessions; ++i)
        minuteFrom = calendar::previousTradingDay(minuteFrom);

    // The model is invariant under a shift of log prices, so one pass finds the shift that puts
    // the previous session's close at the configured price; the path's returns stay the same.
    FactorModel::State initial = world.model.initialState();
    PathRun run =
        runPath(world, seed, initial, minuteFrom, result.previousSession, result.end, nullptr);
    std::vector<double> shift(initial.logPrice.size());
    for (std::size_t k = 0; k < shift.size(); ++k) {
        const NameFactors &f = world.model.name(static_cast<int>(k));
        shift[k] = std::log(f.initialPrice) - run.closeState.logPrice[k];
    }
    const auto applyShift = [&](FactorModel::State &state) {
        for (std::size_t k = 0; k < shift.size(); ++k) {
            state.logPrice[k] += shift[k];
            state.anchor[k] += shift[k];
        }
    };
    if (history) {
        const int years = std::clamp(options.years, 0, kPathYears);
        const Date firstBarDate = addDays(simulationDate, -365 * years - years / 4);
        Recorder recorder(world, seed, options, *history, firstBarDate, result.previousSession);
        history->events =
            world.events.marketEvents(world.config, firstBarDate, addDays(simulationDate, 90));
        applyShift(initial);
        run = runPath(world, seed, initial, minuteFrom, result.previousSession, result.end,
                      &recorder);
        recorder.finish();
    } else {
        applyShift(run.state);
        applyShift(run.closeState);
    }
    result.state = run.state;
    const std::size_t n = world.config.underlyings.size();
    result.previousClose.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const int ci = static_cast<int>(i);
        const double value = world.config.underlyings[i].kind == InstrumentKind::Index
                                 ? world.indexLevel(run.closeState, ci, run.closeTime)
                                 : world.price(run.closeState, ci);
        result.previousClose[i] = roundToTick(value, world.config.underlyings[i].tickSize);
    }
    return result;
}

History generateHistory(const UniverseConfig &config, const SimulationOptions &options,
                        const HistoryOptions &historyOptions)
{
    MarketWorld world(config, pathOrigin(options.start), pathEventHorizon(options.start));
    History history;
    simulateHistoryPath(world, options.seed, options.start, historyOptions, &history);
    return history;
}

} // namespace mag7::marketdata
