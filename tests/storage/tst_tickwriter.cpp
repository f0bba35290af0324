#include "model/exchangecalendar.h"
#include "storage/tickstore.h"
#include "storagetestsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <random>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

WriterOptions optionsFor(const QTemporaryDir &dir, bool conflation = false)
{
    WriterOptions options;
    options.directory = dir.filePath(QStringLiteral("ticks")).toStdString();
    options.conflation.enabled = conflation;
    return options;
}

std::unique_ptr<TickWriter> openWriter(const Universe &u, const WriterOptions &options)
{
    auto writer = TickWriter::open(u.registry, options);
    if (!writer)
        qWarning("%s", writer.message().c_str());
    return writer ? std::move(writer).value() : nullptr;
}

std::unique_ptr<TickDayReader> openReader(const std::filesystem::path &file)
{
    auto reader = TickDayReader::open(file);
    if (!reader)
        qWarning("%s", reader.message().c_str());
    return reader ? std::move(reader).value() : nullptr;
}

// Appends in batches of `batch` ticks and commits every `perCommit` batches.
Status writeAll(TickWriter &writer, const std::vector<Tick> &ticks, std::size_t batch = 500,
                int perCommit = 3)
{
    int batches = 0;
    for (std::size_t i = 0; i < ticks.size(); i += batch) {
        const std::span<const Tick> part(ticks.data() + i, std::min(batch, ticks.size() - i));
        if (Status s = writer.append(part); !s)
            return s;
        if (++batches % perCommit == 0) {
            if (Status s = writer.commit(); !s)
                return s;
        }
    }
    return writer.close();
}

QString firstDifference(const std::vector<Tick> &actual, const std::vector<Tick> &expected)
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

std::filesystem::path dayFile(const WriterOptions &options, Date date)
{
    return options.directory / (formatDate(date) + ".sqlite");
}

} // namespace

class TestTickWriter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsEveryTick_data();
    void roundTripsEveryTick();
    void sortsEachCommitWindowStably();
    void storesInstrumentRecords();
    void rollsOverByTradingDate_data();
    void rollsOverByTradingDate();
    void writesSnapshotsAtMinuteBoundaries();
    void skipsSnapshotsInQuietPeriods();
    void reopensAndAppends();
    void refusesAnotherSource();
    void staysCompactOnDisk();
    void rejectsInvalidTicks();
    void reportsUnwritableDirectory();
    void reportsFullDisk();
};

void TestTickWriter::roundTripsEveryTick_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("perCommit");
    QTest::newRow("one commit") << 3000 << 3000 << 1;
    QTest::newRow("many small commits") << 5000 << 37 << 2;
    QTest::newRow("multi-block commits") << 30000 << 10000 << 1;
}

void TestTickWriter::roundTripsEveryTick()
{
    QFETCH(int, count);
    QFETCH(int, batch);
    QFETCH(int, perCommit);
    QTemporaryDir dir;
    Universe u;
    const auto options = optionsFor(dir);
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 10, 0), count, 99);
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    const Status status = writeAll(*writer, ticks, batch, perCommit);
    QVERIFY2(status.ok(), status.message().c_str());
    const WriterStats stats = writer->stats();
    QCOMPARE(stats.ticksIn, std::uint64_t(count));
    QCOMPARE(stats.ticksWritten, std::uint64_t(count));
    QCOMPARE(stats.ticksConflated + stats.ticksFiltered + stats.ticksRejected, std::uint64_t(0));
    QVERIFY(stats.blocks >= std::uint64_t(count) / 4096);
    QVERIFY(stats.bytesOnDisk > 0);

    auto reader = openReader(dayFile(options, makeDate(2025, 1, 13)));
    QVERIFY(reader);
    QCOMPARE(reader->tickCount(), std::uint64_t(count));
    QCOMPARE(reader->firstTs(), ticks.front().ts);
    QCOMPARE(reader->lastTs(), ticks.back().ts);
    QCOMPARE(reader->source(), std::string("simulated"));
    QCOMPARE(reader->tradingDate(), makeDate(2025, 1, 13));
    const auto back = toRegistryIds(readAll(*reader), *reader, u.registry);
    const QString problem = firstDifference(back, ticks);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestTickWriter::sortsEachCommitWindowStably()
{
    QTemporaryDir dir;
    Universe u;
    const auto options = optionsFor(dir);
    const Timestamp t0 = easternTime(2025, 1, 13, 11, 0);
    const InstrumentId a = u.underlyings[0];
    const InstrumentId s = u.underlyings[1];
    // Two batches of one commit window, the second earlier; equal times keep arrival order.
    const std::vector<Tick> first = {Tick::quote(t0 + 30, a, 10, 11, 1, 1),
                                     Tick::quote(t0 + 20, s, 20, 21, 1, 1),
                                     Tick::trade(t0 + 20, a, 10, 5)};
    const std::vector<Tick> second = {Tick::quote(t0 + 10, a, 12, 13, 1, 1),
                                      Tick::quote(t0 + 20, a, 14, 15, 1, 1)};
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    QVERIFY(writer->append(first).ok());
    QVERIFY(writer->append(second).ok());
    QVERIFY(writer->close().ok());
    auto reader = openReader(dayFile(options, makeDate(2025, 1, 13)));
    QVERIFY(reader);
    const std::vector<Tick> expected = {second[0], first[1], first[2], second[1], first[0]};
    const QString problem =
        firstDifference(toRegistryIds(readAll(*reader), *reader, u.registry), expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestTickWriter::storesInstrumentRecords()
{
    QTemporaryDir dir;
    Universe u;
    const auto options = optionsFor(dir);
    const Timestamp t0 = easternTime(2025, 1, 13, 10, 0);
    const InstrumentId option = u.options[3];
    const InstrumentId future = u.underlyings[2];
    const std::vector<Tick> ticks = {Tick::quote(t0, option, 100, 200, 1, 2),
                                     Tick::trade(t0 + 1, future, toPrice(6000.25), 3)};
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    QVERIFY(writeAll(*writer, ticks).ok());
    auto reader = openReader(dayFile(options, makeDate(2025, 1, 13)));
    QVERIFY(reader);
    QCOMPARE(reader->instruments().size(), std::size_t{2});
    // File ids in order of first appearance.
    const InstrumentRecord &o = reader->instruments()[0];
    const Instrument *expected = u.registry.get(option);
    QCOMPARE(o.fileId, 0u);
    QCOMPARE(o.symbol, expected->symbol);
    QCOMPARE(o.kind, InstrumentKind::Option);
    QCOMPARE(o.underlying, expected->underlying);
    QCOMPARE(o.expiry, expected->expiry);
    QCOMPARE(o.right, expected->right);
    QCOMPARE(o.strike, expected->strike);
    QCOMPARE(o.multiplier, 100.0);
    QCOMPARE(o.tickSize, kCent);
    const InstrumentRecord &f = reader->instruments()[1];
    QCOMPARE(f.symbol, std::string("/ES"));
    QCOMPARE(f.kind, InstrumentKind::Future);
    QCOMPARE(f.multiplier, 50.0);
    QCOMPARE(f.tickSize, toPrice(0.25));
    QCOMPARE(f.expiry, makeDate(2025, 3, 21));
    QCOMPARE(reader->fileIdOf("/ES"), std::optional<std::uint32_t>(1));
    QVERIFY(!reader->fileIdOf("MSFT"));
}

void TestTickWriter::rollsOverByTradingDate_data()
{
    QTest::addColumn<Timestamp>("start");
    QTest::addColumn<Timestamp>("end");
    QTest::addColumn<int>("files");
    // Tuesday 17:30 -> 18:30 ET: the futures evening session belongs to Wednesday.
    QTest::newRow("18:00 ET roll-over")
        << easternTime(2025, 1, 14, 17, 30) << easternTime(2025, 1, 14, 18, 30) << 2;
    // Friday afternoon to Monday morning: weekend futures ticks belong to Monday.
    QTest::newRow("weekend") << easternTime(2025, 1, 10, 16, 0) << easternTime(2025, 1, 13, 9, 40)
                             << 2;
    // Through a holiday (MLK day, Monday 2025-01-20): Friday -> Tuesday.
    QTest::newRow("holiday") << easternTime(2025, 1, 17, 17, 50) << easternTime(2025, 1, 21, 18, 10)
                             << 3;
}

void TestTickWriter::rollsOverByTradingDate()
{
    QFETCH(Timestamp, start);
    QFETCH(Timestamp, end);
    QFETCH(int, files);
    QTemporaryDir dir;
    Universe u(5, makeDate(2025, 1, 14)); // options expire on Tuesday 2025-01-14
    const auto options = optionsFor(dir);
    const std::size_t count = 6000;
    auto ticks = randomStream(u, start, count, 5);
    // Evenly spread over [start, end] so every trading date in range gets ticks.
    for (std::size_t i = 0; i < count; ++i)
        ticks[i].ts = start + (end - start) / static_cast<std::int64_t>(count - 1) *
                                  static_cast<std::int64_t>(i);
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    QVERIFY(writeAll(*writer, ticks, 400, 2).ok());

    auto archive = TickArchive::open(options.directory);
    QVERIFY(archive.ok());
    const auto days = archive.value().days();
    QCOMPARE(int(days.size()), files);
    std::size_t total = 0;
    std::vector<Tick> all;
    std::vector<QuoteState> previousEnd;
    std::vector<InstrumentRecord> previousRecords;
    for (const Date &day : days) {
        auto reader = openReader(archive.value().pathOf(day));
        QVERIFY(reader);
        const auto dayTicks = readAll(*reader);
        QVERIFY(!dayTicks.empty());
        for (const Tick &t : dayTicks)
            QVERIFY2(calendar::tradingDateOf(t.ts) == day,
                     qPrintable(describe(t) + " in " + QString::fromStdString(formatDate(day))));
        total += dayTicks.size();
        const auto registryTicks = toRegistryIds(dayTicks, *reader, u.registry);
        all.insert(all.end(), registryTicks.begin(), registryTicks.end());
        // Self-contained: the state at the first tick's instant minus one carries the live
        // instruments of the previous day (not the options that expired).
        auto carried = reader->stateAt(dayTicks.front().ts - 1);
        QVERIFY(carried.ok());
        if (!previousEnd.empty()) {
            for (std::size_t id = 0; id < previousRecords.size(); ++id) {
                const InstrumentRecord &r = previousRecords[id];
                if (!previousEnd[id].hasQuote() && !previousEnd[id].hasTrade())
                    continue;
                const auto fileId = reader->fileIdOf(r.symbol);
                const bool alive = !r.expiry.ok() || r.expiry >= day;
                // Expired contracts are not carried (they may still appear later in the day).
                const QuoteState expected = alive ? previousEnd[id] : QuoteState{};
                QVERIFY2(alive ? fileId.has_value() : true, r.symbol.c_str());
                if (fileId)
                    QVERIFY2(carried.value()[*fileId] == expected,
                             qPrintable(QString::fromStdString(r.symbol) + ": " +
                                        describe(carried.value()[*fileId]) + " vs " +
                                        describe(expected)));
            }
        }
        auto endState = reader->stateAt(std::numeric_limits<Timestamp>::max());
        QVERIFY(endState.ok());
        previousEnd = endState.value();
        previousRecords = reader->instruments();
    }
    QCOMPARE(total, count);
    const QString problem = firstDifference(all, ticks);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // The archive reads across the days in time order, with symbols.
    std::vector<std::string> symbols;
    std::size_t visited = 0;
    Timestamp lastTs = 0;
    const Status read = archive.value().read(
        start, ticks.back().ts + 1, {}, [&](const Tick &t, const InstrumentRecord &r) {
            if (t.ts < lastTs || u.registry.idOf(r.symbol) != ticks[visited].instrument)
                return false;
            lastTs = t.ts;
            ++visited;
            return true;
        });
    QVERIFY2(read.ok(), read.message().c_str());
    QCOMPARE(visited, count);
}

void TestTickWriter::writesSnapshotsAtMinuteBoundaries()
{
    QTemporaryDir dir;
    Universe u;
    const auto options = optionsFor(dir);
    const Timestamp start = easternTime(2025, 1, 13, 10, 0, 10);
    // ~5 minutes of ticks, dense enough to snapshot at every boundary.
    const auto ticks = randomStream(u, start, 30000, 17, 5 * kNanosPerMinute / 30000 / 1);
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    QVERIFY(writeAll(*writer, ticks, 1000, 1).ok());
    auto reader = openReader(dayFile(options, makeDate(2025, 1, 13)));
    QVERIFY(reader);
    const auto times = reader->snapshotTimes();
    // The initial snapshot at the start of the trading date (18:00 ET the previous trading day),
    // then one per minute boundary crossed.
    QVERIFY(!times.empty());
    QCOMPARE(times.front(), easternTime(2025, 1, 10, 18, 0));
    std::vector<Timestamp> expected{times.front()};
    for (Timestamp b = (start / kNanosPerMinute + 1) * kNanosPerMinute; b < ticks.back().ts;
         b += kNanosPerMinute)
        expected.push_back(b);
    QCOMPARE(times, expected);
    QCOMPARE(writer->stats().snapshots, std::uint64_t(expected.size()));
}

void TestTickWriter::skipsSnapshotsInQuietPeriods()
{
    // Overnight: 63 instruments in state, then one /ES quote every 2 minutes for 3 hours.
    QTemporaryDir dir;
    Universe u(7);
    const auto options = optionsFor(dir);
    const Timestamp start = easternTime(2025, 1, 13, 20, 0, 1);
    std::vector<Tick> ticks;
    std::vector<InstrumentId> ids = u.underlyings;
    ids.insert(ids.end(), u.options.begin(), u.options.end());
    for (std::size_t i = 0; i < ids.size(); ++i)
        ticks.push_back(Tick::quote(start + static_cast<Timestamp>(i), ids[i], 100, 101, 1, 1));
    for (int k = 1; k <= 90; ++k)
        ticks.push_back(Tick::quote(start + k * 2 * kNanosPerMinute + 5, u.underlyings[2],
                                    100 + 25 * k, 125 + 25 * k, 1, 1));
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    QVERIFY(writeAll(*writer, ticks, 10, 1).ok());
    auto reader = openReader(dayFile(options, makeDate(2025, 1, 14)));
    QVERIFY(reader);
    const auto times = reader->snapshotTimes();
    // Initial, then the first boundary after the burst (ticks >= instruments/4), then one per
    // 30 minutes of quiet.
    std::vector<Timestamp> expected = {easternTime(2025, 1, 13, 18, 0),
                                       easternTime(2025, 1, 13, 20, 2)};
    for (Timestamp t = expected.back() + 30 * kNanosPerMinute; t < ticks.back().ts;
         t += 30 * kNanosPerMinute)
        expected.push_back(t);
    QCOMPARE(times, expected);
    // The state is still exact between sparse snapshots.
    const Timestamp at = easternTime(2025, 1, 13, 21, 15);
    auto state = reader->stateAt(at);
    QVERIFY(state.ok());
    const auto es = *reader->fileIdOf("/ES");
    QCOMPARE(state.value()[es].bid, Price{100 + 25 * 37});
}

void TestTickWriter::reopensAndAppends()
{
    QTemporaryDir dir;
    Universe u;
    const auto options = optionsFor(dir);
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 12, 0), 8000, 23);
    const std::vector<Tick> part1(ticks.begin(), ticks.begin() + 3000);
    const std::vector<Tick> part2(ticks.begin() + 3000, ticks.end());
    const auto file = dayFile(options, makeDate(2025, 1, 13));
    std::vector<InstrumentRecord> recordsBefore;
    {
        auto writer = openWriter(u, options);
        QVERIFY(writer);
        QVERIFY(writeAll(*writer, part1).ok());
        auto reader = openReader(file);
        QVERIFY(reader);
        recordsBefore = reader->instruments();
    }
    // A new registry with other ids (a restarted desk): the file keeps its own ids.
    Universe other(5, makeDate(2025, 1, 17), 3);
    std::vector<Tick> part2Other = part2;
    for (Tick &t : part2Other)
        t.instrument = other.registry.idOf(u.symbolOf(t.instrument));
    {
        auto writer = openWriter(other, options);
        QVERIFY(writer);
        QVERIFY(writeAll(*writer, part2Other).ok());
    }
    auto reader = openReader(file);
    QVERIFY(reader);
    for (std::size_t i = 0; i < recordsBefore.size(); ++i)
        QCOMPARE(reader->instruments()[i].symbol, recordsBefore[i].symbol);
    const QString problem =
        firstDifference(toRegistryIds(readAll(*reader), *reader, u.registry), ticks);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The reopen started a chain with a snapshot at the end of part 1.
    const auto times = reader->snapshotTimes();
    QVERIFY(std::find(times.begin(), times.end(), part1.back().ts) != times.end());
    // State right after part 1 and at the end.
    std::vector<QuoteState> fold(reader->instruments().size());
    for (const Tick &t : readAll(*reader))
        fold[t.instrument].apply(t);
    auto end = reader->stateAt(std::numeric_limits<Timestamp>::max());
    QVERIFY(end.ok());
    QCOMPARE(end.value(), fold);
}

void TestTickWriter::refusesAnotherSource()
{
    QTemporaryDir dir;
    Universe u;
    auto options = optionsFor(dir);
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 12, 0), 100, 1);
    {
        auto writer = openWriter(u, options);
        QVERIFY(writer);
        QVERIFY(writeAll(*writer, ticks).ok());
    }
    options.source = "alpaca";
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    const auto later = randomStream(u, easternTime(2025, 1, 13, 13, 0), 100, 2);
    QVERIFY(writer->append(later).ok());
    const Status status = writer->commit();
    QVERIFY(!status.ok());
    const QString message = QString::fromStdString(status.message());
    QVERIFY2(message.contains(QStringLiteral("simulated")) &&
                 message.contains(QStringLiteral("alpaca")) &&
                 message.contains(QStringLiteral("2025-01-13.sqlite")),
             qPrintable(message));
    // Broken from now on, and the file is untouched.
    QVERIFY(!writer->append(later).ok());
    auto reader = openReader(dayFile(options, makeDate(2025, 1, 13)));
    QVERIFY(reader);
    QCOMPARE(reader->tickCount(), std::uint64_t{100});
}

void TestTickWriter::staysCompactOnDisk()
{
    // Sanity of the on-disk cost for a busy stream (the benchmark measures the real figure).
    QTemporaryDir dir;
    Universe u(20);
    const auto options = optionsFor(dir);
    const std::size_t count = 200'000;
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 10, 0), count, 77, 200'000);
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    QVERIFY(writeAll(*writer, ticks, 5000, 4).ok());
    const auto file = dayFile(options, makeDate(2025, 1, 13));
    QVERIFY(!std::filesystem::exists(file.string() + "-wal")); // checkpointed at close
    const double perTick =
        static_cast<double>(std::filesystem::file_size(file)) / static_cast<double>(count);
    QVERIFY2(perTick <= 12.0, qPrintable(QStringLiteral("%1 bytes/tick").arg(perTick)));
    QVERIFY(perTick >= 2.0); // not an empty file
}

void TestTickWriter::rejectsInvalidTicks()
{
    QTemporaryDir dir;
    Universe u;
    const auto options = optionsFor(dir);
    const Timestamp t0 = easternTime(2025, 1, 13, 10, 0);
    Tick badKind = Tick::quote(t0, u.underlyings[0], 1, 2, 3, 4);
    badKind.kind = static_cast<TickKind>(7);
    const std::vector<Tick> ticks = {Tick::quote(t0, 12345, 1, 2, 3, 4),
                                     Tick::quote(0, u.underlyings[0], 1, 2, 3, 4),
                                     Tick::quote(-5, u.underlyings[0], 1, 2, 3, 4), badKind,
                                     Tick::quote(t0, u.underlyings[0], 1, 2, 3, 4)};
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    QVERIFY(writeAll(*writer, ticks).ok());
    const WriterStats stats = writer->stats();
    QCOMPARE(stats.ticksIn, std::uint64_t{5});
    QCOMPARE(stats.ticksRejected, std::uint64_t{4});
    QCOMPARE(stats.ticksWritten, std::uint64_t{1});
}

void TestTickWriter::reportsUnwritableDirectory()
{
    QTemporaryDir dir;
    Universe u;
    // A regular file where a directory should be: creation fails, also for root.
    QFile blocker(dir.filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    WriterOptions options;
    options.directory = dir.filePath(QStringLiteral("blocker/ticks")).toStdString();
    auto writer = TickWriter::open(u.registry, options);
    QVERIFY(!writer.ok());
    QVERIFY2(QString::fromStdString(writer.message()).contains(QStringLiteral("blocker/ticks")),
             writer.message().c_str());
    options.directory = dir.filePath(QStringLiteral("blocker")).toStdString();
    writer = TickWriter::open(u.registry, options);
    QVERIFY(!writer.ok());
    QVERIFY2(QString::fromStdString(writer.message())
                 .contains(QStringLiteral("not a directory"), Qt::CaseInsensitive),
             writer.message().c_str());
}

void TestTickWriter::reportsFullDisk()
{
    QTemporaryDir dir;
    Universe u;
    auto options = optionsFor(dir);
    options.maxFileBytes = 256 * 1024;
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 10, 0), 200'000, 8);
    auto writer = openWriter(u, options);
    QVERIFY(writer);
    Status status;
    std::size_t appended = 0;
    for (std::size_t i = 0; i < ticks.size() && status.ok(); i += 5000) {
        status = writer->append(std::span<const Tick>(ticks.data() + i, 5000));
        if (status.ok())
            status = writer->commit();
        appended += 5000;
    }
    QVERIFY(!status.ok());
    const QString message = QString::fromStdString(status.message());
    QVERIFY2(message.contains(QStringLiteral("SQLITE_FULL")) &&
                 message.contains(QStringLiteral("2025-01-13.sqlite")),
             qPrintable(message));
    QVERIFY(!writer->commit().ok());
    QVERIFY(!writer->close().ok());
    // What was committed before the failure is intact.
    auto reader = openReader(dayFile(options, makeDate(2025, 1, 13)));
    QVERIFY(reader);
    const auto back = toRegistryIds(readAll(*reader), *reader, u.registry);
    QVERIFY(!back.empty() && back.size() < appended);
    QVERIFY(std::equal(back.begin(), back.end(), ticks.begin()));
}

QTEST_GUILESS_MAIN(TestTickWriter)
#include "tst_tickwriter.moc"
