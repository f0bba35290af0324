#pragma once
// Shared fixtures for the storage tests: a small universe of instruments, deterministic random
// tick streams, folding and printing helpers. Header-only; each test executable includes it.

#include "model/easterntime.h"
#include "model/instrument.h"
#include "model/tick.h"
#include "storage/tickstore.h"

#include <QString>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace mag7::storage::testing {

// 2025-01-13 is a Monday; 10:00 ET is inside the regular session.
inline Timestamp easternTime(int y, unsigned m, unsigned d, int hour, int minute, int second = 0)
{
    return fromEastern(makeDate(y, m, d), timeOfDay(hour, minute, second));
}

struct Universe {
    InstrumentRegistry registry;
    std::vector<InstrumentId> underlyings; // AAPL, SPY, /ES
    std::vector<InstrumentId> options;     // AAPL and SPY calls and puts

    // `padding` dummy stocks registered first shift every registry id.
    explicit Universe(int strikesPerSide = 5, Date expiry = makeDate(2025, 1, 17), int padding = 0)
    {
        for (int i = 0; i < padding; ++i) {
            Instrument dummy;
            dummy.symbol = "PAD" + std::to_string(i);
            registry.add(dummy);
        }
        const auto addUnderlying = [&](const char *symbol, InstrumentKind kind, double mult) {
            Instrument i;
            i.symbol = symbol;
            i.kind = kind;
            i.multiplier = mult;
            i.tickSize = kind == InstrumentKind::Future ? toPrice(0.25) : kCent;
            if (kind == InstrumentKind::Future)
                i.expiry = makeDate(2025, 3, 21);
            return registry.add(i);
        };
        underlyings.push_back(addUnderlying("AAPL", InstrumentKind::Stock, 1));
        underlyings.push_back(addUnderlying("SPY", InstrumentKind::Etf, 1));
        underlyings.push_back(addUnderlying("/ES", InstrumentKind::Future, 50));
        const std::pair<std::size_t, double> chains[] = {{0, 230.0}, {1, 590.0}};
        for (const auto &[index, spot] : chains) {
            const Instrument *u = registry.get(underlyings[index]);
            for (int k = -strikesPerSide; k <= strikesPerSide; ++k) {
                for (OptionRight right : {OptionRight::Call, OptionRight::Put}) {
                    Instrument o;
                    o.kind = InstrumentKind::Option;
                    o.underlying = u->symbol;
                    o.underlyingId = u->id;
                    o.expiry = expiry;
                    o.right = right;
                    o.strike = toPrice(spot + 5.0 * k);
                    o.multiplier = 100;
                    o.symbol = u->symbol + "_" + formatDate(expiry) +
                               (right == OptionRight::Call ? "C" : "P") +
                               std::to_string(static_cast<int>(spot + 5.0 * k));
                    options.push_back(registry.add(o));
                }
            }
        }
    }
    std::string symbolOf(InstrumentId id) const { return registry.get(id)->symbol; }
};

// A time-ordered random stream: quotes and trades of every instrument, cents-level moves,
// occasional sub-penny prices and odd sizes. `gapNanos` is the mean spacing.
inline std::vector<Tick> randomStream(const Universe &u, Timestamp start, std::size_t count,
                                      std::uint32_t seed, std::int64_t gapNanos = 2'000'000)
{
    std::mt19937_64 rng(seed);
    std::vector<InstrumentId> ids = u.underlyings;
    ids.insert(ids.end(), u.options.begin(), u.options.end());
    std::map<InstrumentId, Price> mid;
    for (InstrumentId id : ids) {
        const Instrument *i = u.registry.get(id);
        mid[id] = i->isOption()         ? toPrice(1.0 + static_cast<double>(rng() % 2000) / 100.0)
                  : i->symbol == "AAPL" ? toPrice(230)
                  : i->symbol == "SPY"  ? toPrice(590)
                                        : toPrice(6000);
    }
    std::vector<Tick> out;
    out.reserve(count);
    Timestamp ts = start;
    std::uniform_int_distribution<int> move(-3, 3);
    for (std::size_t n = 0; n < count; ++n) {
        ts += static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(2 * gapNanos + 1));
        const InstrumentId id = ids[rng() % ids.size()];
        Price &m = mid[id];
        m = std::max<Price>(kCent, m + move(rng) * kCent);
        Price bid = m - kCent;
        Price ask = m + kCent;
        if (rng() % 50 == 0)
            bid += 37; // sub-penny
        const auto size = [&] {
            return rng() % 4 == 0 ? static_cast<std::int32_t>(100 * (1 + rng() % 20))
                                  : static_cast<std::int32_t>(1 + rng() % 500);
        };
        if (rng() % 5 == 0) {
            const Price price = rng() % 2 == 0 ? bid : ask;
            out.push_back(Tick::trade(ts, id, price, size()));
        } else {
            out.push_back(Tick::quote(ts, id, std::max<Price>(0, bid), ask, size(), size()));
        }
    }
    return out;
}

// The error text of a result, empty when it holds a value (QVERIFY2 evaluates its message
// argument even when the check passes, and Result::message() requires an error).
template <class T>
QString errorOf(const Result<T> &result)
{
    return result.ok() ? QString() : QString::fromStdString(result.message());
}

inline QString describe(const Tick &t)
{
    return QStringLiteral("{ts %1 %2 id %3 kind %4 flags %5 bid %6 ask %7 bidSize %8 askSize %9}")
        .arg(t.ts)
        .arg(QString::fromStdString(formatUtcIso(t.ts, TimePrecision::Nanos)))
        .arg(t.instrument)
        .arg(static_cast<int>(t.kind))
        .arg(t.flags)
        .arg(t.bid)
        .arg(t.ask)
        .arg(t.bidSize)
        .arg(t.askSize);
}

inline QString describe(const QuoteState &s)
{
    return QStringLiteral("{quoteTs %1 bid %2 ask %3 sizes %4/%5 tradeTs %6 last %7 x %8}")
        .arg(s.quoteTs)
        .arg(s.bid)
        .arg(s.ask)
        .arg(s.bidSize)
        .arg(s.askSize)
        .arg(s.tradeTs)
        .arg(s.last)
        .arg(s.lastSize);
}

// Reads a whole day file; ticks keep file ids.
inline std::vector<Tick> readAll(const TickDayReader &reader,
                                 std::span<const std::uint32_t> filter = {})
{
    std::vector<Tick> out;
    const Status status =
        reader.read(std::numeric_limits<Timestamp>::min(), std::numeric_limits<Timestamp>::max(),
                    filter, [&](std::span<const Tick> ticks) {
                        out.insert(out.end(), ticks.begin(), ticks.end());
                        return true;
                    });
    if (!status)
        out.clear();
    return out;
}

// Rewrites ticks from file ids to registry ids through the symbols.
inline std::vector<Tick> toRegistryIds(const std::vector<Tick> &ticks, const TickDayReader &reader,
                                       const InstrumentRegistry &registry)
{
    std::vector<Tick> out = ticks;
    for (Tick &t : out)
        t.instrument = registry.idOf(reader.instruments()[t.instrument].symbol);
    return out;
}

// Commit windows of `window` ticks of a time-ordered stream; `latePercent` % of the ticks
// arrive one or two windows late (earlier than what the file already holds).
inline std::vector<std::vector<Tick>> lateArrivals(const std::vector<Tick> &stream,
                                                   std::size_t window, std::uint32_t seed,
                                                   unsigned latePercent = 4)
{
    std::mt19937 rng(seed);
    std::vector<std::vector<Tick>> commits((stream.size() + window - 1) / window + 2);
    for (std::size_t i = 0; i < stream.size(); ++i) {
        std::size_t target = i / window;
        if (rng() % 100 < latePercent)
            target += 1 + rng() % 2;
        commits[target].push_back(stream[i]);
    }
    return commits;
}

// What a file must read back: the ticks of the commits by time, ties in arrival order.
inline std::vector<Tick> timeOrdered(const std::vector<std::vector<Tick>> &commits)
{
    std::vector<Tick> ticks;
    for (const auto &commit : commits)
        ticks.insert(ticks.end(), commit.begin(), commit.end());
    std::stable_sort(ticks.begin(), ticks.end(),
                     [](const Tick &a, const Tick &b) { return a.ts < b.ts; });
    return ticks;
}

inline QString tickDifference(const std::vector<Tick> &actual, const std::vector<Tick> &expected)
{
    if (actual.size() != expected.size())
        return QStringLiteral("%1 ticks, expected %2").arg(actual.size()).arg(expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (!(actual[i] == expected[i]))
            return QStringLiteral("tick %1: %2, expected %3")
                .arg(i)
                .arg(describe(actual[i]), describe(expected[i]));
    return {};
}

// Compares stateAt with a fold of every tick of the file (read in time order; the file must
// carry no state over) at every snapshot time and one nanosecond either side, every
// `tickStride`-th tick time and random instants. Empty when they all agree.
inline QString stateDifference(const TickDayReader &reader, std::size_t tickStride = 97)
{
    const std::vector<Tick> ticks = readAll(reader);
    std::vector<Timestamp> instants;
    for (Timestamp t : reader.snapshotTimes())
        for (Timestamp d : {-1, 0, 1})
            instants.push_back(t + d);
    for (std::size_t i = 0; i < ticks.size(); i += tickStride)
        instants.push_back(ticks[i].ts);
    std::mt19937_64 rng(31);
    for (int i = 0; i < 60 && !ticks.empty(); ++i)
        instants.push_back(
            ticks.front().ts +
            static_cast<Timestamp>(
                rng() % static_cast<std::uint64_t>(ticks.back().ts - ticks.front().ts + 1)));
    instants.push_back(std::numeric_limits<Timestamp>::max());
    std::sort(instants.begin(), instants.end());
    std::vector<QuoteState> fold(reader.instruments().size());
    std::size_t next = 0;
    for (Timestamp at : instants) {
        while (next < ticks.size() && ticks[next].ts <= at)
            fold[ticks[next].instrument].apply(ticks[next]), ++next;
        auto state = reader.stateAt(at);
        if (!state)
            return QString::fromStdString(state.message());
        for (std::size_t id = 0; id < fold.size(); ++id)
            if (!(state.value()[id] == fold[id]))
                return QStringLiteral("at %1, %2: %3, fold %4")
                    .arg(QString::fromStdString(formatUtcIso(at, TimePrecision::Nanos)),
                         QString::fromStdString(reader.instruments()[id].symbol),
                         describe(state.value()[id]), describe(fold[id]));
    }
    return {};
}

} // namespace mag7::storage::testing
