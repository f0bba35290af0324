// mag7 bench store: the tick store against a one-row-per-tick SQLite table, same ticks, same
// machine, same run (docs/PERFORMANCE.md). Cases: ingest ticks/s, bytes/tick on disk,
// sequential read ticks/s and stateAt latency.
//
// The workload is a synthetic but realistic stream (generated here, deterministic): 12
// underlyings (stocks, ETFs, /ES, /NQ) quoting and trading at ~50 events/s each and ~20,000
// option contracts requoting around a Black-Scholes value at conflation-sized rates (~0.4
// quotes/s per contract): cent-level moves, penny/nickel increments, 1-500 contract sizes,
// microsecond timestamps, time-ordered. The *_simulated cases record a stretch of the embedded
// simulator (nanosecond timestamps, ~17,000 instruments) through the default conflation profile.

#include "bench.h"
#include "benchreport.h"
#include "cliutil.h"
#include "command.h"
#include "marketdata/simulatedmarket.h"
#include "marketdata/universeconfig.h"
#include "model/easterntime.h"
#include "model/marketclock.h"
#include "storage/sqlitedatabase.h"
#include "storage/tickstore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

namespace mag7::cli {

namespace {

constexpr std::size_t kCommitTicks = 50'000; // one transaction per 50k ticks, ours and baseline
constexpr std::size_t kChunkTicks = 100'000; // generated per step, outside the timed sections

// SplitMix64: fast and good enough for a workload generator.
class Random {
public:
    explicit Random(std::uint64_t seed)
        : m_state(seed)
    {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    std::uint64_t below(std::uint64_t n) { return next() % n; }

private:
    std::uint64_t m_state;
};

double normalCdf(double x)
{
    return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

struct Underlying {
    InstrumentId id;
    double mid;    // dollars
    Price tick;    // quote increment
    double vol;    // implied volatility level for its options
    bool pennyAll; // options quote in pennies at every price (SPY, QQQ, IWM)
    std::int32_t lot;
};

struct Contract {
    InstrumentId id;
    std::size_t underlying;
    double strike;
    double years;
    bool call;
    std::int32_t bidSize;
    std::int32_t askSize;
};

// The workload: registers the universe, then produces ticks in time order, chunk by chunk.
class StreamGenerator {
public:
    StreamGenerator(InstrumentRegistry &registry, std::uint64_t seed)
        : m_rng(seed)
    {
        struct Spec {
            const char *symbol;
            InstrumentKind kind;
            double price;
            double vol;
        };
        const Spec specs[] = {{"AAPL", InstrumentKind::Stock, 230, 0.25},
                              {"MSFT", InstrumentKind::Stock, 420, 0.22},
                              {"NVDA", InstrumentKind::Stock, 140, 0.50},
                              {"AMZN", InstrumentKind::Stock, 220, 0.32},
                              {"GOOGL", InstrumentKind::Stock, 195, 0.30},
                              {"META", InstrumentKind::Stock, 610, 0.35},
                              {"TSLA", InstrumentKind::Stock, 400, 0.60},
                              {"SPY", InstrumentKind::Etf, 590, 0.14},
                              {"QQQ", InstrumentKind::Etf, 520, 0.18},
                              {"IWM", InstrumentKind::Etf, 225, 0.20},
                              {"/ES", InstrumentKind::Future, 6000, 0.14},
                              {"/NQ", InstrumentKind::Future, 21000, 0.18}};
        const Date today = makeDate(2025, 1, 13);
        for (const Spec &s : specs) {
            Instrument i;
            i.symbol = s.symbol;
            i.kind = s.kind;
            const bool future = s.kind == InstrumentKind::Future;
            i.multiplier = future ? (i.symbol == "/ES" ? 50 : 20) : 1;
            i.tickSize = future ? toPrice(0.25) : kCent;
            const InstrumentId id = registry.add(i);
            m_underlyings.push_back(Underlying{id, s.price, i.tickSize, s.vol,
                                               s.kind == InstrumentKind::Etf, future ? 1 : 100});
        }
        // 10 optionable underlyings x 8 expiries x 125 strikes x call/put = 20,000 contracts.
        const int expiryDays[] = {4, 11, 18, 25, 32, 46, 67, 95};
        for (std::size_t u = 0; u < 10; ++u) {
            const Underlying &under = m_underlyings[u];
            const double step = std::max(1.0, std::round(under.mid * 0.004));
            for (int days : expiryDays) {
                const Date expiry = addDays(today, days);
                for (int k = -62; k <= 62; ++k) {
                    const double strike = std::round(under.mid / step) * step + k * step;
                    for (bool call : {true, false}) {
                        Instrument o;
                        o.kind = InstrumentKind::Option;
                        o.underlying = registry.get(under.id)->symbol;
                        o.underlyingId = under.id;
                        o.expiry = expiry;
                        o.right = call ? OptionRight::Call : OptionRight::Put;
                        o.strike = toPrice(strike);
                        o.multiplier = 100;
                        o.symbol = o.underlying + formatDate(expiry) + (call ? "C" : "P") +
                                   std::to_string(static_cast<long>(strike * 1000));
                        m_contracts.push_back(Contract{registry.add(o), u, strike, days / 365.0,
                                                       call, size(), size()});
                    }
                }
            }
        }
        m_ts = fromEastern(today, timeOfDay(10, 0));
    }

    std::size_t contracts() const { return m_contracts.size(); }

    void next(std::size_t count, std::vector<Tick> &out)
    {
        out.clear();
        // Event rates per second: underlyings 12 x 50, options 20,000 x 0.4, option trades.
        const double underlyingRate = 12 * 50.0;
        const double optionRate = static_cast<double>(m_contracts.size()) * 0.4;
        const double meanGapNanos = 1e9 / (underlyingRate + optionRate);
        const double underlyingShare = underlyingRate / (underlyingRate + optionRate);
        while (out.size() < count) {
            // Exponential gaps, microsecond clock.
            m_exactTs += -std::log(1.0 - m_rng.uniform()) * meanGapNanos;
            m_ts = std::max(m_ts, static_cast<Timestamp>(m_exactTs) / 1000 * 1000 + m_base);
            if (m_rng.uniform() < underlyingShare)
                underlyingEvent(out);
            else
                optionEvent(out);
        }
    }

private:
    std::int32_t size()
    {
        // Mostly small clips, sometimes hundreds of contracts.
        return static_cast<std::int32_t>(m_rng.below(8) == 0 ? 1 + m_rng.below(500)
                                                             : 1 + m_rng.below(60));
    }

    void underlyingEvent(std::vector<Tick> &out)
    {
        Underlying &u = m_underlyings[m_rng.below(m_underlyings.size())];
        const double tick = toDouble(u.tick);
        const int move = static_cast<int>(m_rng.below(5)) - 2;
        u.mid = std::max(tick * 4, u.mid + move * tick * (m_rng.below(3) == 0 ? 1 : 0));
        const Price bid = roundToIncrement(u.mid - tick / 2, u.tick);
        const Price ask = bid + u.tick;
        const auto lots = [&] { return static_cast<std::int32_t>(u.lot * (1 + m_rng.below(20))); };
        if (m_rng.below(5) == 0)
            out.push_back(Tick::trade(m_ts, u.id, m_rng.below(2) ? bid : ask,
                                      static_cast<std::int32_t>(1 + m_rng.below(u.lot * 5))));
        else
            out.push_back(Tick::quote(m_ts, u.id, bid, ask, lots(), lots()));
    }

    void optionEvent(std::vector<Tick> &out)
    {
        Contract &c = m_contracts[m_rng.below(m_contracts.size())];
        const Underlying &u = m_underlyings[c.underlying];
        const double s = u.mid;
        const double k = c.strike;
        const double vol = u.vol + 0.15 * std::pow(std::log(k / s), 2) * 10;
        const double sqrtT = std::sqrt(c.years);
        const double d1 = (std::log(s / k) + 0.5 * vol * vol * c.years) / (vol * sqrtT);
        const double d2 = d1 - vol * sqrtT;
        const double discount = std::exp(-0.045 * c.years);
        double theo = c.call ? s * normalCdf(d1) - k * discount * normalCdf(d2)
                             : k * discount * normalCdf(-d2) - s * normalCdf(-d1);
        theo = std::max(theo, 0.01);
        const Price increment = (u.pennyAll || theo < 3.0) ? kCent : 5 * kCent;
        const double halfSpread = std::max(toDouble(increment), theo * 0.02) / 2;
        const Price bid = std::max<Price>(0, floorToIncrement(theo - halfSpread, increment));
        const Price ask =
            std::max<Price>(bid + increment, ceilToIncrement(theo + halfSpread, increment));
        if (m_rng.below(100) == 0) {
            out.push_back(Tick::trade(m_ts, c.id, m_rng.below(2) ? bid : ask,
                                      static_cast<std::int32_t>(1 + m_rng.below(50))));
            return;
        }
        if (m_rng.below(2) == 0)
            c.bidSize = size();
        if (m_rng.below(2) == 0)
            c.askSize = size();
        out.push_back(Tick::quote(m_ts, c.id, bid, ask, c.bidSize, c.askSize));
    }

    Random m_rng;
    std::vector<Underlying> m_underlyings;
    std::vector<Contract> m_contracts;
    Timestamp m_ts = 0;
    Timestamp m_base = fromEastern(makeDate(2025, 1, 13), timeOfDay(10, 0));
    double m_exactTs = 0;
};

std::uint64_t directoryBytes(const std::filesystem::path &directory)
{
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(directory, ec))
        if (entry.is_regular_file(ec))
            total += entry.file_size(ec);
    return total;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// The baseline: one row per tick, prepared insert, one transaction per kCommitTicks.
struct Baseline {
    double ingestTicksPerSecond = 0;
    double bytesPerTick = 0;
    double readTicksPerSecond = 0;
    std::uint64_t ticks = 0;
};

Result<Baseline> runBaseline(const std::filesystem::path &file, std::uint64_t ticks)
{
    using storage::SqliteDatabase;
    auto opened = SqliteDatabase::open(file, SqliteDatabase::OpenMode::ReadWriteCreate);
    if (!opened)
        return opened.error();
    SqliteDatabase db = std::move(opened).value();
    if (Status s = db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                           "CREATE TABLE ticks(ts INTEGER NOT NULL, instrument INTEGER NOT NULL, "
                           "kind INTEGER NOT NULL, flags INTEGER NOT NULL, bid INTEGER NOT NULL, "
                           "ask INTEGER NOT NULL, bid_size INTEGER NOT NULL, "
                           "ask_size INTEGER NOT NULL)");
        !s)
        return Error{s.message()};
    auto insert = db.prepare("INSERT INTO ticks VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!insert)
        return insert.error();
    InstrumentRegistry registry;
    StreamGenerator generator(registry, 7);
    std::vector<Tick> chunk;
    Baseline result;
    double seconds = 0;
    std::size_t inTransaction = 0;
    for (std::uint64_t done = 0; done < ticks; done += chunk.size()) {
        generator.next(std::min<std::uint64_t>(kChunkTicks, ticks - done), chunk);
        Stopwatch watch;
        for (const Tick &t : chunk) {
            if (inTransaction == 0) {
                if (Status s = db.exec("BEGIN"); !s)
                    return Error{s.message()};
            }
            storage::SqliteStatement &q = insert.value();
            q.bindInt64(1, t.ts);
            q.bindInt64(2, t.instrument);
            q.bindInt64(3, static_cast<int>(t.kind));
            q.bindInt64(4, t.flags);
            q.bindInt64(5, t.bid);
            q.bindInt64(6, t.ask);
            q.bindInt64(7, t.bidSize);
            q.bindInt64(8, t.askSize);
            if (Status s = q.run(); !s)
                return Error{s.message()};
            if (++inTransaction == kCommitTicks) {
                if (Status s = db.exec("COMMIT"); !s)
                    return Error{s.message()};
                inTransaction = 0;
            }
        }
        seconds += watch.elapsedSeconds();
    }
    Stopwatch watch;
    if (inTransaction > 0) {
        if (Status s = db.exec("COMMIT"); !s)
            return Error{s.message()};
    }
    if (Status s = db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); !s)
        return Error{s.message()};
    seconds += watch.elapsedSeconds();
    result.ticks = ticks;
    result.ingestTicksPerSecond = static_cast<double>(ticks) / seconds;
    result.bytesPerTick =
        static_cast<double>(std::filesystem::file_size(file)) / static_cast<double>(ticks);

    // Sequential read into Tick structs, as a replay would.
    auto select = db.prepare("SELECT ts, instrument, kind, flags, bid, ask, bid_size, ask_size "
                             "FROM ticks ORDER BY rowid");
    if (!select)
        return select.error();
    Stopwatch readWatch;
    std::vector<Tick> batch;
    batch.reserve(4096);
    std::uint64_t rows = 0;
    Price checksum = 0;
    while (true) {
        auto row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        const storage::SqliteStatement &q = select.value();
        Tick t;
        t.ts = q.columnInt64(0);
        t.instrument = static_cast<InstrumentId>(q.columnInt64(1));
        t.kind = static_cast<TickKind>(q.columnInt64(2));
        t.flags = static_cast<std::uint8_t>(q.columnInt64(3));
        t.bid = q.columnInt64(4);
        t.ask = q.columnInt64(5);
        t.bidSize = static_cast<std::int32_t>(q.columnInt64(6));
        t.askSize = static_cast<std::int32_t>(q.columnInt64(7));
        batch.push_back(t);
        if (batch.size() == 4096) {
            checksum += batch.back().bid;
            batch.clear();
        }
        ++rows;
    }
    result.readTicksPerSecond = static_cast<double>(rows) / readWatch.elapsedSeconds();
    std::fprintf(stderr, "baseline: %llu rows read (checksum %lld)\n",
                 static_cast<unsigned long long>(rows), static_cast<long long>(checksum));
    return result;
}

// Prints one case; `baseline` 0 when there is none.
void report(const char *name, double ours, const char *unit, std::uint64_t n, std::string goal,
            bool higherIsBetter = true, double baseline = 0, std::string baselineName = {})
{
    BenchCase c;
    c.name = name;
    c.ours = ours;
    c.unit = unit;
    c.n = n;
    c.goal = std::move(goal);
    c.higherIsBetter = higherIsBetter;
    c.baseline = baseline;
    c.baselineName = std::move(baselineName);
    printBenchCase(c);
}

// Feeds a new writer the chunks `next` fills (untimed; false when done), one commit per
// `commitTicks` (0: per chunk); returns the seconds spent in append, commit and close.
Result<double> timedIngest(const InstrumentRegistry &registry, storage::WriterOptions options,
                           const std::function<bool(std::vector<Tick> &)> &next,
                           std::size_t commitTicks, storage::WriterStats &stats)
{
    auto opened = storage::TickWriter::open(registry, std::move(options));
    if (!opened)
        return opened.error();
    storage::TickWriter &writer = *opened.value();
    std::vector<Tick> chunk;
    double seconds = 0;
    while (next(chunk)) {
        Stopwatch watch;
        const std::size_t step = commitTicks == 0 ? chunk.size() : commitTicks;
        for (std::size_t i = 0; i < chunk.size(); i += step) {
            const std::span<const Tick> part(chunk.data() + i, std::min(step, chunk.size() - i));
            Status status = writer.append(part);
            if (status)
                status = writer.commit();
            if (!status)
                return Error{status.message()};
        }
        seconds += watch.elapsedSeconds();
    }
    Stopwatch watch;
    if (Status s = writer.close(); !s)
        return Error{s.message()};
    stats = writer.stats();
    return seconds + watch.elapsedSeconds();
}

// `ticks` ticks of the synthetic stream into `directory`, one commit per kCommitTicks; returns
// ticks in per second.
Result<double> ingestSynthetic(const std::filesystem::path &directory, std::uint64_t ticks,
                               bool conflation, storage::WriterStats &stats)
{
    InstrumentRegistry registry;
    StreamGenerator generator(registry, 7);
    storage::WriterOptions options;
    options.directory = directory;
    options.conflation.enabled = conflation;
    std::uint64_t done = 0;
    const auto next = [&](std::vector<Tick> &chunk) {
        if (done >= ticks)
            return false;
        generator.next(std::min<std::uint64_t>(kChunkTicks, ticks - done), chunk);
        done += chunk.size();
        return true;
    };
    auto seconds = timedIngest(registry, options, next, kCommitTicks, stats);
    if (!seconds)
        return seconds.error();
    return static_cast<double>(ticks) / seconds.value();
}

// Milliseconds `run` takes at random instants of the file.
Result<std::vector<double>> millisAt(const storage::TickDayReader &day, int runs, Random &rng,
                                     const std::function<Status(Timestamp)> &run)
{
    const auto span =
        static_cast<std::uint64_t>(std::max<Timestamp>(1, day.lastTs() - day.firstTs()));
    std::vector<double> millis;
    for (int i = 0; i < runs; ++i) {
        const Timestamp at = day.firstTs() + static_cast<Timestamp>(rng.below(span));
        Stopwatch watch;
        const Status status = run(at);
        millis.push_back(watch.elapsedSeconds() * 1e3);
        if (!status)
            return Error{status.message()};
    }
    return millis;
}

Status stateAt(const storage::TickDayReader &day, Timestamp at)
{
    auto state = day.stateAt(at);
    return state ? Status::success() : Status(state.error());
}

// Where the bytes of a day file go (stderr): blocks, snapshots (keyframes), the rest.
void printBreakdown(const std::filesystem::path &file, std::uint64_t ticks)
{
    auto db = storage::SqliteDatabase::open(file, storage::SqliteDatabase::OpenMode::ReadOnly);
    const auto perTick = [&](const char *sql) {
        auto value = db ? db.value().queryInt(sql) : Result<std::optional<std::int64_t>>(Error{});
        return value ? static_cast<double>(value.value().value_or(0)) / static_cast<double>(ticks)
                     : -1.0;
    };
    const double total =
        static_cast<double>(std::filesystem::file_size(file)) / static_cast<double>(ticks);
    const double blocks = perTick("SELECT sum(length(data)) FROM blocks");
    const double snapshots = perTick("SELECT sum(length(data)) FROM snapshots");
    std::fprintf(stderr,
                 "bytes/tick: file %.2f = blocks %.2f + snapshots %.2f (keyframes %.2f) + "
                 "instruments, index, pages %.2f\n",
                 total, blocks, snapshots,
                 perTick("SELECT sum(length(data)) FROM snapshots WHERE base_seq = 0"),
                 total - blocks - snapshots);
}

int runSynthetic(const QString &command, const std::filesystem::path &root, std::uint64_t ticks,
                 bool smoke)
{
    const std::filesystem::path ticksDir = root / "bench-ticks";
    const std::filesystem::path baselineFile = root / "bench-baseline.sqlite";
    std::error_code ec;
    std::filesystem::remove_all(ticksDir, ec);
    std::filesystem::remove_all(root / "bench-ticks-conflated", ec);
    std::filesystem::remove(baselineFile, ec);
    std::filesystem::remove(baselineFile.string() + "-wal", ec);

    // --- ours: ingest (the stream is already conflation-sized: conflation off, same ticks) ---
    storage::WriterStats stats;
    auto oursIngest = ingestSynthetic(ticksDir, ticks, false, stats);
    if (!oursIngest)
        return fail(command, QString::fromStdString(oursIngest.message()));
    const double oursBytes =
        static_cast<double>(directoryBytes(ticksDir)) / static_cast<double>(stats.ticksWritten);
    std::fprintf(stderr, "synthetic: %llu ticks, %llu blocks, %llu snapshots\n",
                 static_cast<unsigned long long>(stats.ticksWritten),
                 static_cast<unsigned long long>(stats.blocks),
                 static_cast<unsigned long long>(stats.snapshots));
    printBreakdown(stats.currentFile, stats.ticksWritten);

    // --- baseline: one row per tick (a subset of the same stream when large) ----------------
    const std::uint64_t baselineTicks = std::min<std::uint64_t>(ticks, 2'000'000);
    auto baseline = runBaseline(baselineFile, baselineTicks);
    if (!baseline)
        return fail(command, QString::fromStdString(baseline.message()));
    const std::string baselineName = "one row per tick SQLite table (prepared, " +
                                     std::to_string(kCommitTicks) +
                                     " rows/transaction, WAL), first " +
                                     std::to_string(baselineTicks) + " ticks of the same stream";

    // --- ours: read --------------------------------------------------------------------------
    auto reader = storage::TickDayReader::open(stats.currentFile);
    if (!reader)
        return fail(command, QString::fromStdString(reader.message()));
    const storage::TickDayReader &day = *reader.value();
    std::vector<double> readRates;
    for (int run = 0; run < (smoke ? 1 : 3); ++run) {
        std::uint64_t seen = 0;
        Price checksum = 0;
        Stopwatch watch;
        const Status status =
            day.read(std::numeric_limits<Timestamp>::min(), std::numeric_limits<Timestamp>::max(),
                     {}, [&](std::span<const Tick> batch) {
                         seen += batch.size();
                         checksum += batch.back().bid;
                         return true;
                     });
        const double seconds = watch.elapsedSeconds();
        if (!status || seen != stats.ticksWritten)
            return fail(command, QStringLiteral("read back %1 ticks: %2")
                                     .arg(seen)
                                     .arg(QString::fromStdString(status.message())));
        readRates.push_back(static_cast<double>(seen) / seconds);
        std::fprintf(stderr, "read run %d: checksum %lld\n", run, static_cast<long long>(checksum));
    }

    // --- ours: stateAt vs a naive fold from the start of the day -----------------------------
    Random rng(11);
    auto stateMs =
        millisAt(day, smoke ? 5 : 30, rng, [&](Timestamp at) { return stateAt(day, at); });
    auto naiveMs = millisAt(day, smoke ? 2 : 5, rng, [&](Timestamp at) {
        std::vector<QuoteState> fold(day.instruments().size());
        return day.read(std::numeric_limits<Timestamp>::min(), at + 1, {},
                        [&](std::span<const Tick> batch) {
                            for (const Tick &t : batch)
                                fold[t.instrument].apply(t);
                            return true;
                        });
    });
    if (!stateMs || !naiveMs)
        return fail(command,
                    QString::fromStdString(!stateMs ? stateMs.message() : naiveMs.message()));

    report("store.ingest", oursIngest.value(), "ticks/s", ticks,
           ">= 2e6 ticks/s sustained (append + commit every 50k ticks, incl. SQLite) and >= 5x "
           "baseline",
           true, baseline.value().ingestTicksPerSecond, baselineName);

    // The production path with conflation, on a prefix of the stream.
    const std::uint64_t conflatedTicks = std::min<std::uint64_t>(ticks, 2'000'000);
    storage::WriterStats conflatedStats;
    auto conflated =
        ingestSynthetic(root / "bench-ticks-conflated", conflatedTicks, true, conflatedStats);
    if (!conflated)
        return fail(command, QString::fromStdString(conflated.message()));
    std::fprintf(stderr, "conflated: %llu in, %llu written, %llu conflated, %llu filtered\n",
                 static_cast<unsigned long long>(conflatedStats.ticksIn),
                 static_cast<unsigned long long>(conflatedStats.ticksWritten),
                 static_cast<unsigned long long>(conflatedStats.ticksConflated),
                 static_cast<unsigned long long>(conflatedStats.ticksFiltered));
    report("store.ingest_conflated", conflated.value(), "ticks/s", conflatedTicks,
           ">= 2e6 ticks/s in (default conflation profile: +-25% moneyness, 60 DTE, 1 "
           "quote/s/contract)");
    report("store.bytes_per_tick", oursBytes, "bytes/tick", stats.ticksWritten,
           "<= 12 bytes/tick (whole day file incl. snapshots and index / ticks)", false,
           baseline.value().bytesPerTick, baselineName);
    report("store.read_sequential", median(readRates), "ticks/s", stats.ticksWritten,
           ">= 20e6 ticks/s (median of runs, decoded into Tick batches)", true,
           baseline.value().readTicksPerSecond, baselineName);
    report("store.state_at", median(stateMs.value()), "ms", stateMs.value().size(),
           "<= 100 ms for the full state of every instrument at a random instant (median)", false,
           median(naiveMs.value()), "naive fold of every tick from the start of the day file");
    return 0;
}

// The embedded simulator (default universe, seed 1) from 2025-01-13 09:30 ET for `minutes`,
// through a TickWriter with the default conflation profile, one commit per `stepMs` of market
// time (5 s: the steps `mag7 simulate --fast` submits; the live recorder commits every 100 ms).
// Simulation is not timed.
int runSimulated(const QString &command, const std::filesystem::path &root, int minutes, int stepMs,
                 bool smoke)
{
    const Timestamp step = stepMs * kNanosPerMilli;
    const std::filesystem::path ticksDir = root / "bench-ticks-simulated";
    std::error_code ec;
    std::filesystem::remove_all(ticksDir, ec);
    InstrumentRegistry registry;
    const Timestamp from = fromEastern(makeDate(2025, 1, 13), timeOfDay(9, 30));
    const Timestamp to = from + minutes * kNanosPerMinute;
    marketdata::SimulatedMarket market(marketdata::defaultUniverseConfig(), registry, {1, from});
    storage::WriterOptions options;
    options.directory = ticksDir;
    const auto next = [&](std::vector<Tick> &chunk) {
        chunk.clear();
        if (market.time() >= to)
            return false;
        market.advanceTo(std::min(to, market.time() + step), chunk);
        return true;
    };
    storage::WriterStats stats;
    auto seconds = timedIngest(registry, options, next, 0, stats);
    if (!seconds)
        return fail(command, QString::fromStdString(seconds.message()));
    std::fprintf(stderr, "simulated: %llu ticks in, %llu written, %llu blocks, %llu snapshots\n",
                 static_cast<unsigned long long>(stats.ticksIn),
                 static_cast<unsigned long long>(stats.ticksWritten),
                 static_cast<unsigned long long>(stats.blocks),
                 static_cast<unsigned long long>(stats.snapshots));
    printBreakdown(stats.currentFile, stats.ticksWritten);

    auto reader = storage::TickDayReader::open(stats.currentFile);
    if (!reader)
        return fail(command, QString::fromStdString(reader.message()));
    Random rng(13);
    const storage::TickDayReader &day = *reader.value();
    auto stateMs =
        millisAt(day, smoke ? 5 : 30, rng, [&](Timestamp at) { return stateAt(day, at); });
    if (!stateMs)
        return fail(command, QString::fromStdString(stateMs.message()));

    const std::string stream = "mag7 simulate stream (seed 1, 2025-01-13 09:30 ET + " +
                               std::to_string(minutes) + " min, default conflation profile, " +
                               std::to_string(reader.value()->instruments().size()) +
                               " instruments, a commit per " + std::to_string(stepMs) +
                               " ms of market time)";
    report("store.ingest_simulated", static_cast<double>(stats.ticksIn) / seconds.value(),
           "ticks/s", stats.ticksIn,
           ">= 2e6 ticks/s in (append + conflation + commits), " + stream);
    report("store.bytes_per_tick_simulated",
           static_cast<double>(directoryBytes(ticksDir)) / static_cast<double>(stats.ticksWritten),
           "bytes/tick", stats.ticksWritten,
           "<= 12 bytes/tick (whole day file / ticks written), " + stream, false);
    report("store.state_at_simulated", median(stateMs.value()), "ms", stateMs.value().size(),
           "tens of ms for the full state at a random instant (median), " + stream, false);
    return 0;
}

} // namespace

int benchStore(const QStringList &arguments)
{
    const QString command = arguments.value(0);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("smoke"),
                      QStringLiteral("A tiny run (200k synthetic ticks, 2 simulated minutes).")});
    parser.addOption({QStringLiteral("ticks"),
                      QStringLiteral("Synthetic ticks to ingest (default 10M)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("minutes"),
                      QStringLiteral("Simulated minutes from 09:30 ET (default 60)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("commit-ms"),
                      QStringLiteral("Simulated market time per commit (default 5000; the live "
                                     "recorder commits every 100)."),
                      QStringLiteral("MS")});
    parser.addOption({QStringLiteral("only"),
                      QStringLiteral("Run only the synthetic or the simulated cases."),
                      QStringLiteral("synthetic|simulated")});
    parser.addOption({QStringLiteral("dir"),
                      QStringLiteral("Directory for the files (default: a temporary one)."),
                      QStringLiteral("DIR")});
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    const bool smoke = parser.isSet(QStringLiteral("smoke"));
    std::uint64_t ticks = smoke ? 200'000 : 10'000'000;
    if (parser.isSet(QStringLiteral("ticks"))) {
        bool ok = false;
        ticks = parser.value(QStringLiteral("ticks")).toULongLong(&ok);
        if (!ok || ticks < 1000)
            return fail(command, QStringLiteral("--ticks needs a number >= 1000"), 2);
    }
    int minutes = smoke ? 2 : 60;
    if (parser.isSet(QStringLiteral("minutes"))) {
        bool ok = false;
        minutes = parser.value(QStringLiteral("minutes")).toInt(&ok);
        if (!ok || minutes < 1 || minutes > 24 * 60)
            return fail(command, QStringLiteral("--minutes needs a number from 1 to 1440"), 2);
    }
    int stepMs = 5000;
    if (parser.isSet(QStringLiteral("commit-ms"))) {
        bool ok = false;
        stepMs = parser.value(QStringLiteral("commit-ms")).toInt(&ok);
        if (!ok || stepMs < 1 || stepMs > 3'600'000)
            return fail(command, QStringLiteral("--commit-ms needs a number from 1 to 3600000"), 2);
    }
    const QString only = parser.value(QStringLiteral("only"));
    if (!only.isEmpty() && only != QLatin1String("synthetic") && only != QLatin1String("simulated"))
        return fail(command, QStringLiteral("--only takes synthetic or simulated"), 2);
    QTemporaryDir temporary;
    const QString dirOption = parser.value(QStringLiteral("dir"));
    if (dirOption.isEmpty() && !temporary.isValid())
        return fail(command, QStringLiteral("cannot create a temporary directory"));
    const std::filesystem::path root =
        (dirOption.isEmpty() ? temporary.path() : QDir(dirOption).absolutePath()).toStdString();
    std::error_code ec;
    std::filesystem::create_directories(root, ec);
    if (ec)
        return fail(command, QStringLiteral("cannot create %1: %2")
                                 .arg(QString::fromStdString(root.string()),
                                      QString::fromStdString(ec.message())));
    if (only != QLatin1String("simulated")) {
        if (const int code = runSynthetic(command, root, ticks, smoke); code != 0)
            return code;
    }
    if (only != QLatin1String("synthetic"))
        return runSimulated(command, root, minutes, stepMs, smoke);
    return 0;
}

} // namespace mag7::cli
