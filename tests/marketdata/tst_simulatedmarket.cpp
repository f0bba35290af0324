// SimulatedMarket: determinism (seed, advanceTo step sizes), tick invariants (ordering, positive
// prices on the instrument's tick, never crossed or locked) and the calendar (nothing outside
// session hours, options only in the regular session, nothing on NYSE holidays).
#include "marketdata/simulatedmarket.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <QTest>

#include <functional>
#include <optional>
#include <unordered_map>

using namespace mag7;
using namespace mag7::marketdata;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

struct Run {
    std::unique_ptr<InstrumentRegistry> registry = std::make_unique<InstrumentRegistry>();
    TickBatch ticks;
};

// Runs [start, end] with advanceTo steps chosen by `nextStep(current)`.
Run simulate(const UniverseConfig &config, std::uint64_t seed, Timestamp start, Timestamp end,
             const std::function<Timestamp(Timestamp)> &nextStep)
{
    Run run;
    SimulationOptions options;
    options.seed = seed;
    options.start = start;
    SimulatedMarket market(config, *run.registry, options);
    for (Timestamp t = start; t < end;) {
        t = std::min(end, nextStep(t));
        market.advanceTo(t, run.ticks);
        if (market.time() != t)
            qFatal("time() %lld after advanceTo(%lld)", static_cast<long long>(market.time()),
                   static_cast<long long>(t));
    }
    return run;
}

QString describe(const InstrumentRegistry &registry, const Tick &tick)
{
    const Instrument *instrument = registry.get(tick.instrument);
    return QStringLiteral("%1 %2 %3 bid/price %4 ask %5 sizes %6/%7")
        .arg(QString::fromStdString(instrument ? instrument->symbol : std::string("?")))
        .arg(QString::fromStdString(formatEasternIso(tick.ts, TimePrecision::Micros)))
        .arg(tick.isQuote() ? "quote" : "trade")
        .arg(QString::fromStdString(formatPrice(tick.bid)))
        .arg(QString::fromStdString(formatPrice(tick.ask)))
        .arg(tick.bidSize)
        .arg(tick.askSize);
}

// First difference between two tick streams, or an empty string.
QString firstDifference(const Run &a, const Run &b)
{
    const std::size_t n = std::min(a.ticks.size(), b.ticks.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!(a.ticks[i] == b.ticks[i]))
            return QStringLiteral("tick %1: %2 vs %3")
                .arg(i)
                .arg(describe(*a.registry, a.ticks[i]), describe(*b.registry, b.ticks[i]));
    }
    if (a.ticks.size() != b.ticks.size())
        return QStringLiteral("sizes %1 vs %2").arg(a.ticks.size()).arg(b.ticks.size());
    return {};
}

// The exchange calendar answers per call (time-zone conversion, holiday rules); ticks come by the
// million, so the checker memoises by hour (Eastern date), minute (futures) and date (sessions).
class CalendarCache {
public:
    Date easternDateOf(Timestamp t)
    {
        const Timestamp hour = t / kNanosPerHour;
        auto it = m_dates.find(hour);
        if (it == m_dates.end())
            it = m_dates.emplace(hour, easternDate(t)).first;
        return it->second;
    }
    bool futuresOpen(Timestamp t)
    {
        const Timestamp minute = t / kNanosPerMinute;
        auto it = m_futures.find(minute);
        if (it == m_futures.end())
            it = m_futures.emplace(minute, calendar::isFuturesOpen(t)).first;
        return it->second;
    }
    std::optional<EquitySession> session(Date date)
    {
        const int key = daysSinceEpoch(date);
        auto it = m_sessions.find(key);
        if (it == m_sessions.end())
            it = m_sessions.emplace(key, calendar::equitySession(date)).first;
        return it->second;
    }

private:
    std::unordered_map<Timestamp, Date> m_dates;
    std::unordered_map<Timestamp, bool> m_futures;
    std::unordered_map<int, std::optional<EquitySession>> m_sessions;
};

// Checks every tick of a run against the invariants; returns the first violation.
QString invariantViolation(const UniverseConfig &config, const Run &run, Timestamp start,
                           Timestamp end)
{
    Timestamp previous = start;
    CalendarCache calendarCache;
    for (const Tick &tick : run.ticks) {
        const Instrument *instrument = run.registry->get(tick.instrument);
        if (!instrument)
            return "unknown instrument";
        const auto where = [&] { return describe(*run.registry, tick); };
        if (tick.ts < previous)
            return "out of time order: " + where();
        if (tick.ts <= start || tick.ts > end)
            return "outside the advanced window: " + where();
        previous = tick.ts;
        const Price tickSize = instrument->tickSize;
        const bool index = instrument->kind == InstrumentKind::Index;
        if (tick.isQuote()) {
            if (index)
                return "the index has no book: " + where();
            if (tick.bid <= 0 || tick.ask <= tick.bid)
                return "non-positive, crossed or locked: " + where();
            if (tick.bidSize <= 0 || tick.askSize <= 0)
                return "empty size: " + where();
            if (tick.bid % tickSize != 0 || tick.ask % tickSize != 0)
                return "off the instrument's tick: " + where();
        } else {
            if (tick.price() <= 0 || tick.price() % tickSize != 0)
                return "trade price non-positive or off tick: " + where();
            if (index ? tick.size() != 0 : tick.size() <= 0)
                return "trade size: " + where();
        }
        const Date date = calendarCache.easternDateOf(tick.ts);
        const auto session = calendarCache.session(date);
        switch (instrument->kind) {
        case InstrumentKind::Stock:
        case InstrumentKind::Etf:
            if (!session || tick.ts < session->preMarketOpen || tick.ts >= session->afterHoursClose)
                return "equity tick outside its sessions: " + where();
            break;
        case InstrumentKind::Future:
            if (!calendarCache.futuresOpen(tick.ts))
                return "futures tick while Globex is closed: " + where();
            break;
        case InstrumentKind::Index: {
            if (!session || tick.ts < session->regularOpen ||
                tick.ts >= session->regularClose + 15 * kNanosPerMinute)
                return "index value outside 09:30-16:15: " + where();
            break;
        }
        case InstrumentKind::Option: {
            const Instrument *underlying = run.registry->get(instrument->underlyingId);
            if (!session || tick.ts < session->regularOpen)
                return "option tick before the regular session: " + where();
            const bool etf = underlying->kind == InstrumentKind::Etf;
            const Timestamp close = etf && instrument->expiry != date
                                        ? session->regularClose + 15 * kNanosPerMinute
                                        : session->regularClose;
            if (tick.ts >= close)
                return "option tick after its close: " + where();
            if (instrument->expiry < date)
                return "expired contract ticking: " + where();
            // Stocks quote $0.05 at or above $3.00.
            const UnderlyingConfig *u = config.find(underlying->symbol);
            if (u->options.pennyBelow > 0) {
                for (Price p : {tick.bid, tick.isQuote() ? tick.ask : tick.bid}) {
                    if (p >= toPrice(u->options.pennyBelow) && p % (5 * kCent) != 0)
                        return "stock option above $3 off the nickel grid: " + where();
                }
            }
            break;
        }
        }
    }
    return {};
}

Timestamp stepBy(Timestamp t, std::int64_t nanos)
{
    return t + nanos;
}

} // namespace

class TestSimulatedMarket : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameTicks();
    void stepSizesDoNotMatter_data();
    void stepSizesDoNotMatter();
    void seedsDiffer();
    void invariantsAcrossSessions_data();
    void invariantsAcrossSessions();
    void holidayIsQuiet();
    void registersTheUniverse();
};

void TestSimulatedMarket::sameSeedSameTicks()
{
    const UniverseConfig config = defaultUniverseConfig();
    const Timestamp start = at("2025-01-13T09:29:00");
    const Timestamp end = at("2025-01-13T09:36:00");
    const auto step = [](Timestamp t) { return stepBy(t, kNanosPerSecond); };
    const Run a = simulate(config, 11, start, end, step);
    const Run b = simulate(config, 11, start, end, step);
    QVERIFY(a.ticks.size() > 100000);
    QCOMPARE(a.registry->size(), b.registry->size());
    for (std::size_t i = 0; i < a.registry->size(); ++i)
        QCOMPARE(a.registry->get(static_cast<InstrumentId>(i))->symbol,
                 b.registry->get(static_cast<InstrumentId>(i))->symbol);
    const QString difference = firstDifference(a, b);
    QVERIFY2(difference.isEmpty(), qPrintable(difference));
}

void TestSimulatedMarket::stepSizesDoNotMatter_data()
{
    QTest::addColumn<QString>("startIso");
    QTest::addColumn<QString>("endIso");
    QTest::newRow("across the open") << "2025-01-13T09:28:30.123"
                                     << "2025-01-13T09:32:00";
    QTest::newRow("across the close and 16:15") << "2025-01-13T15:58:00"
                                                << "2025-01-13T16:17:00";
    QTest::newRow("futures evening open") << "2025-01-12T17:59:00"
                                          << "2025-01-12T18:03:00";
}

void TestSimulatedMarket::stepSizesDoNotMatter()
{
    QFETCH(QString, startIso);
    QFETCH(QString, endIso);
    const UniverseConfig config = defaultUniverseConfig();
    const Timestamp start = at(startIso.toUtf8().constData());
    const Timestamp end = at(endIso.toUtf8().constData());
    const Run reference = simulate(config, 5, start, end, [end](Timestamp) { return end; });
    QVERIFY(!reference.ticks.empty());
    struct Stepping {
        const char *name;
        std::function<Timestamp(Timestamp)> next;
    };
    std::uint64_t lcg = 99;
    const Stepping steppings[] = {
        {"1 ns", [](Timestamp t) { return t + 1; }},
        {"37 ms", [](Timestamp t) { return stepBy(t, 37 * kNanosPerMilli); }},
        {"1 s", [](Timestamp t) { return stepBy(t, kNanosPerSecond); }},
        {"17 s", [](Timestamp t) { return stepBy(t, 17 * kNanosPerSecond); }},
        {"irregular",
         [&lcg](Timestamp t) {
             lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
             return t + 1 + static_cast<Timestamp>((lcg >> 33) % (3 * kNanosPerSecond));
         }},
    };
    for (const Stepping &stepping : steppings) {
        // One-nanosecond steps over minutes would take too long: only over the first 2 ms.
        const Timestamp stop =
            std::string(stepping.name) == "1 ns" ? start + 2 * kNanosPerMilli : end;
        Run run = simulate(config, 5, start, stop, stepping.next);
        Run head;
        head.registry = std::move(run.registry);
        Run expected;
        expected.registry = std::make_unique<InstrumentRegistry>();
        for (const Tick &tick : reference.ticks) {
            if (tick.ts <= stop)
                expected.ticks.push_back(tick);
        }
        head.ticks = std::move(run.ticks);
        const QString difference = firstDifference(expected, head);
        QVERIFY2(difference.isEmpty(),
                 qPrintable(QStringLiteral("%1 steps over %2..%3: %4")
                                .arg(stepping.name, startIso, endIso, difference)));
    }
}

void TestSimulatedMarket::seedsDiffer()
{
    const UniverseConfig config = defaultUniverseConfig();
    const Timestamp start = at("2025-01-13T10:00:00");
    const Timestamp end = at("2025-01-13T10:00:10");
    const auto step = [](Timestamp t) { return stepBy(t, kNanosPerSecond); };
    const Run a = simulate(config, 1, start, end, step);
    const Run b = simulate(config, 2, start, end, step);
    QVERIFY(!a.ticks.empty() && !b.ticks.empty());
    QVERIFY2(!firstDifference(a, b).isEmpty(), "seeds 1 and 2 produced identical ticks");
    // The latent paths differ too, not just the tick timing.
    InstrumentRegistry ra;
    InstrumentRegistry rb;
    SimulatedMarket ma(config, ra, {1, start});
    SimulatedMarket mb(config, rb, {2, start});
    QVERIFY(ma.modelPrice(ra.idOf("SPY")) != mb.modelPrice(rb.idOf("SPY")));
}

void TestSimulatedMarket::invariantsAcrossSessions_data()
{
    QTest::addColumn<QString>("startIso");
    QTest::addColumn<QString>("endIso");
    QTest::addColumn<bool>("options");
    // Friday close, after hours, the futures break and the weekend, the Sunday evening open,
    // pre-market and the Monday open (options off for speed over 66 hours).
    QTest::newRow("weekend, all phases") << "2025-01-10T15:50:00"
                                         << "2025-01-13T09:45:00" << false;
    // The regular session's options: opening burst, 0DTE, ETF options after 16:00.
    QTest::newRow("options at the open") << "2025-01-13T09:29:00"
                                         << "2025-01-13T09:40:00" << true;
    QTest::newRow("options at the close") << "2025-01-17T15:50:00"
                                          << "2025-01-17T16:20:00" << true;
    // Early close (day after Thanksgiving): regular until 13:00, after hours until 17:00.
    QTest::newRow("early close") << "2025-11-28T12:50:00"
                                 << "2025-11-28T17:10:00" << true;
}

void TestSimulatedMarket::invariantsAcrossSessions()
{
    QFETCH(QString, startIso);
    QFETCH(QString, endIso);
    QFETCH(bool, options);
    UniverseConfig config = defaultUniverseConfig();
    config.optionListingEnabled = options;
    const Timestamp start = at(startIso.toUtf8().constData());
    const Timestamp end = at(endIso.toUtf8().constData());
    const Run run = simulate(config, 3, start, end,
                             [](Timestamp t) { return stepBy(t, 10 * kNanosPerSecond); });
    QVERIFY(run.ticks.size() > 1000);
    const QString violation = invariantViolation(config, run, start, end);
    QVERIFY2(violation.isEmpty(), qPrintable(startIso + ": " + violation));
    std::size_t optionTicks = 0;
    for (const Tick &tick : run.ticks)
        optionTicks += run.registry->get(tick.instrument)->isOption() ? 1 : 0;
    QCOMPARE(optionTicks > 0, options);
}

void TestSimulatedMarket::holidayIsQuiet()
{
    // Martin Luther King Jr. Day 2025: NYSE closed; Globex trades until 13:00 ET.
    UniverseConfig config = defaultUniverseConfig();
    const Timestamp start = at("2025-01-20T00:00:00");
    const Timestamp end = at("2025-01-20T17:59:00");
    const Run run = simulate(config, 4, start, end,
                             [](Timestamp t) { return stepBy(t, 60 * kNanosPerSecond); });
    std::size_t futures = 0;
    for (const Tick &tick : run.ticks) {
        const Instrument *instrument = run.registry->get(tick.instrument);
        QVERIFY2(instrument->kind == InstrumentKind::Future,
                 qPrintable("ticking on a holiday: " + describe(*run.registry, tick)));
        QVERIFY2(tick.ts < at("2025-01-20T13:00:00"),
                 qPrintable("after the holiday halt: " + describe(*run.registry, tick)));
        ++futures;
    }
    QVERIFY(futures > 1000);
}

void TestSimulatedMarket::registersTheUniverse()
{
    const UniverseConfig config = defaultUniverseConfig();
    InstrumentRegistry registry;
    SimulatedMarket market(config, registry, {1, at("2025-01-13T09:30:00")});
    QCOMPARE(market.underlyings().size(), std::size_t{16});
    QCOMPARE(market.optionUnderlyings().size(), std::size_t{10});
    const Instrument *es = registry.find("/ES");
    QVERIFY(es);
    QCOMPARE(es->kind, InstrumentKind::Future);
    QCOMPARE(es->multiplier, 50.0);
    QCOMPARE(es->tickSize, toPrice(0.25));
    QCOMPARE(registry.find("VIX")->kind, InstrumentKind::Index);
    QCOMPARE(market.riskFreeRate(), config.market.riskFreeRate);
    QCOMPARE(market.dividendYield(registry.idOf("SPY")), config.find("SPY")->dividendYield);
    // Starting levels are the configured early-2025 prices (the previous close).
    QCOMPARE(market.previousClose(registry.idOf("AAPL")), 235.0);
    QCOMPARE(market.previousClose(registry.idOf("/ES")), 5950.25);
    const double vix = market.previousClose(registry.idOf("VIX"));
    QVERIFY2(vix > 8 && vix < 60, qPrintable(QString::number(vix)));
    QCOMPARE(market.time(), at("2025-01-13T09:30:00"));
    TickBatch none;
    market.advanceTo(at("2025-01-13T09:29:00"), none); // backwards: no-op
    QVERIFY(none.empty());
    QCOMPARE(market.time(), at("2025-01-13T09:30:00"));
}

QTEST_GUILESS_MAIN(TestSimulatedMarket)
#include "tst_simulatedmarket.moc"
