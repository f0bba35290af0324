#pragma once
// Shared fixtures for the storage tests: a small universe of instruments, deterministic random
// tick streams, folding and printing helpers. Header-only; each test executable includes it.

#include "model/easterntime.h"
#include "model/instrument.h"
#include "model/tick.h"
#include "storage/tickstore.h"

#include <QString>

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

} // namespace mag7::storage::testing
