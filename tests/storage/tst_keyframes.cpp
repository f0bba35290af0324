// Keyframes and change snapshots in day files: which snapshot kind the writer picks, that the
// state at any instant (right before, at and after each snapshot, with late ticks, instruments
// first seen after a keyframe, across a reopen, in quiet periods) still equals the fold of every
// tick, and that format-1 files (data/tickfile-format1.sqlite, written by the format-1 writer
// with a table of the ticks it holds) still read and take appends.
#include "storage/tickstore.h"
#include "storagetestsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <random>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

const Date kDay = makeDate(2025, 1, 13);
const std::filesystem::path kFormat1File =
    std::filesystem::path(MAG7_SOURCE_DIR) / "tests/storage/data/tickfile-format1.sqlite";

struct SnapshotRowInfo {
    qint64 seq = 0;
    Timestamp ts = 0;
    qint64 count = 0;
    qint64 baseSeq = 0;
    qint64 bytes = 0;
};

// Rows of an SQL query of integer columns.
std::vector<std::vector<qint64>> query(const std::filesystem::path &file, const char *sql)
{
    std::vector<std::vector<qint64>> rows;
    sqlite3 *db = nullptr;
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_open(file.c_str(), &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK) {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            std::vector<qint64> row;
            for (int c = 0; c < sqlite3_column_count(statement); ++c)
                row.push_back(sqlite3_column_int64(statement, c));
            rows.push_back(std::move(row));
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return rows;
}

std::vector<SnapshotRowInfo> snapshotRows(const std::filesystem::path &file)
{
    std::vector<SnapshotRowInfo> rows;
    for (const auto &r :
         query(file, "SELECT seq, ts, count, base_seq, length(data) FROM snapshots ORDER BY seq"))
        rows.push_back(SnapshotRowInfo{r[0], r[1], r[2], r[3], r[4]});
    return rows;
}

WriterOptions optionsIn(const QTemporaryDir &dir)
{
    WriterOptions options;
    options.directory = dir.filePath(QStringLiteral("ticks")).toStdString();
    options.conflation.enabled = false;
    options.keyframeIntervalNanos = 5 * kNanosPerMinute;
    return options;
}

std::filesystem::path dayFile(const WriterOptions &options)
{
    return options.directory / (formatDate(kDay) + ".sqlite");
}

// Appends each commit window and commits; closes.
bool writeCommits(const Universe &u, const WriterOptions &options,
                  const std::vector<std::vector<Tick>> &commits)
{
    auto writer = TickWriter::open(u.registry, options);
    if (!writer)
        return false;
    for (const auto &commit : commits)
        if (!writer.value()->append(commit).ok() || !writer.value()->commit().ok())
            return false;
    return writer.value()->close().ok();
}

// One quote of every instrument at `at`, then `count` ticks of the first `active` instruments
// (underlyings first, then options) with mean gap `gap`.
std::vector<Tick> activeStream(const Universe &u, Timestamp at, std::size_t count,
                               std::size_t active, std::int64_t gap, std::uint32_t seed)
{
    std::vector<InstrumentId> ids = u.underlyings;
    ids.insert(ids.end(), u.options.begin(), u.options.end());
    std::vector<Tick> ticks;
    for (std::size_t i = 0; i < ids.size(); ++i)
        ticks.push_back(Tick::quote(at + static_cast<Timestamp>(i), ids[i], 100, 101, 1, 1));
    std::mt19937_64 rng(seed);
    Timestamp ts = at + kNanosPerSecond;
    for (std::size_t n = 0; n < count; ++n) {
        ts += 1 + static_cast<Timestamp>(rng() % static_cast<std::uint64_t>(2 * gap));
        const InstrumentId id = ids[rng() % std::min(active, ids.size())];
        const auto price = static_cast<Price>(100 + rng() % 50) * kCent;
        if (rng() % 5 == 0) {
            ticks.push_back(Tick::trade(ts, id, price, static_cast<std::int32_t>(1 + rng() % 900)));
            continue;
        }
        const auto bidSize = static_cast<std::int32_t>(1 + rng() % 300);
        const auto askSize = static_cast<std::int32_t>(1 + rng() % 300);
        ticks.push_back(Tick::quote(ts, id, price, price + kCent, bidSize, askSize));
    }
    return ticks;
}

} // namespace

class TestKeyframes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keyframesEveryFewMinutesChangesInBetween();
    void instrumentsFirstSeenAfterAKeyframe();
    void changeSnapshotOfAlmostNothing();
    void reopenStartsFromAKeyframe();
    void quietPeriodsGetKeyframes();
    void everySnapshotAKeyframeWhenAsked();
    void readsFormat1Files();
    void appendsToFormat1Files();
};

void TestKeyframes::keyframesEveryFewMinutesChangesInBetween()
{
    // Every instrument quotes at 10:00:05, then for 13 minutes only 20 of them tick; ~4% of the
    // ticks arrive a window or two late.
    QTemporaryDir dir;
    Universe u(20);
    const auto options = optionsIn(dir);
    const auto stream =
        activeStream(u, easternTime(2025, 1, 13, 10, 0, 5), 26000, 20, 30'000'000, 1);
    const auto commits = lateArrivals(stream, 700, 2);
    QVERIFY(writeCommits(u, options, commits));
    const auto rows = snapshotRows(dayFile(options));
    // The day's first keyframe, then one snapshot per minute boundary: a keyframe at 10:01,
    // 10:06 and 10:11, change snapshots on their last keyframe in between.
    const std::size_t boundaries = static_cast<std::size_t>(
        (stream.back().ts - 1) / kNanosPerMinute - stream.front().ts / kNanosPerMinute);
    QVERIFY(boundaries >= 12);
    QCOMPARE(rows.size(), 1 + boundaries);
    QCOMPARE(rows[0].ts, easternTime(2025, 1, 10, 18, 0));
    QCOMPARE(rows[0].baseSeq, 0);
    qint64 keyframe = rows[0].seq;
    qint64 keyframeBytes = rows[0].bytes;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const SnapshotRowInfo &r = rows[i];
        QCOMPARE(r.ts, easternTime(2025, 1, 13, 10, static_cast<int>(i)));
        const bool isKeyframe = i % 5 == 1;
        QVERIFY2((r.baseSeq == 0) == isKeyframe, qPrintable(QString::number(i)));
        if (isKeyframe) {
            keyframe = r.seq;
            keyframeBytes = r.bytes;
            QCOMPARE(r.count, qint64(u.registry.size())); // every instrument has state
            continue;
        }
        QCOMPARE(r.baseSeq, keyframe);
        QVERIFY2(r.count <= 20 && r.bytes * 3 < keyframeBytes,
                 qPrintable(QStringLiteral("%1: %2 entries, %3 bytes vs %4")
                                .arg(i)
                                .arg(r.count)
                                .arg(r.bytes)
                                .arg(keyframeBytes)));
    }
    auto reader = TickDayReader::open(dayFile(options));
    QVERIFY2(reader.ok(), qPrintable(errorOf(reader)));
    QCOMPARE(reader.value()->formatVersion(), 2);
    const QString read = tickDifference(
        toRegistryIds(readAll(*reader.value()), *reader.value(), u.registry), timeOrdered(commits));
    QVERIFY2(read.isEmpty(), qPrintable(read));
    // The fixture exercises late ticks.
    QVERIFY(!query(dayFile(options), "SELECT seq FROM blocks WHERE snapshot_seq = 0").empty());
    const QString problem = stateDifference(*reader.value(), 13);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestKeyframes::instrumentsFirstSeenAfterAKeyframe()
{
    // Ten instruments from 10:00; ten more first tick at 10:02:30, between the keyframe at
    // 10:01 and the change snapshot at 10:03, which must carry them.
    QTemporaryDir dir;
    Universe u(10);
    const auto options = optionsIn(dir);
    std::vector<Tick> ticks;
    std::mt19937_64 rng(8);
    Timestamp ts = easternTime(2025, 1, 13, 10, 0, 1);
    for (int n = 0; n < 4000; ++n) {
        ts += 1 + static_cast<Timestamp>(rng() % 100'000'000);
        const bool late = ts >= easternTime(2025, 1, 13, 10, 2, 30);
        std::size_t index = rng() % 10;
        if (late && rng() % 2 == 0)
            index += 10;
        const InstrumentId id = u.options[index];
        const auto price = static_cast<Price>(100 + rng() % 50) * kCent;
        ticks.push_back(Tick::quote(ts, id, price, price + kCent, 5, 6));
    }
    QVERIFY(writeCommits(u, options, {ticks}));
    auto reader = TickDayReader::open(dayFile(options));
    QVERIFY(reader.ok());
    const TickDayReader &r = *reader.value();
    QCOMPARE(r.instruments().size(), std::size_t{20});
    const auto rows = snapshotRows(dayFile(options));
    const auto at1003 = std::find_if(rows.begin(), rows.end(), [](const SnapshotRowInfo &row) {
        return row.ts == easternTime(2025, 1, 13, 10, 3);
    });
    QVERIFY(at1003 != rows.end());
    QVERIFY(at1003->baseSeq != 0);
    QCOMPARE(at1003->count, qint64{20}); // the ten requoted and the ten new ones
    // Before their first tick the new instruments have no state; after it they do.
    auto before = r.stateAt(easternTime(2025, 1, 13, 10, 2, 29));
    QVERIFY(before.ok());
    for (std::size_t id = 10; id < 20; ++id)
        QCOMPARE(before.value()[id], QuoteState{});
    auto after = r.stateAt(easternTime(2025, 1, 13, 10, 3));
    QVERIFY(after.ok());
    for (std::size_t id = 10; id < 20; ++id)
        QVERIFY(after.value()[id].hasQuote());
    const QString problem = stateDifference(r, 7);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestKeyframes::changeSnapshotOfAlmostNothing()
{
    // A keyframe at 10:01 (its tick at 10:01:01 comes after it); until 10:02 only late ticks
    // that change no state (older than what is stored). The change snapshot at 10:02 holds just
    // the 10:01:01 quote.
    QTemporaryDir dir;
    Universe u;
    const auto options = optionsIn(dir);
    const InstrumentId a = u.underlyings[0];
    const InstrumentId s = u.underlyings[1];
    const Timestamp t0 = easternTime(2025, 1, 13, 10, 0, 30);
    std::vector<Tick> first = {Tick::quote(t0, a, 10, 11, 1, 1),
                               Tick::quote(t0 + 1, s, 20, 21, 1, 1), Tick::trade(t0 + 2, a, 10, 5)};
    std::vector<Tick> second = {Tick::quote(easternTime(2025, 1, 13, 10, 1, 1), s, 22, 23, 1, 1)};
    std::vector<Tick> third = {Tick::quote(t0 - 5, a, 1, 2, 3, 4), Tick::trade(t0 - 4, a, 1, 1),
                               Tick::quote(t0 - 3, s, 5, 6, 7, 8)};
    std::vector<Tick> fourth = {Tick::quote(easternTime(2025, 1, 13, 10, 2, 9), a, 12, 13, 1, 1)};
    QVERIFY(writeCommits(u, options, {first, second, third, fourth}));
    const auto rows = snapshotRows(dayFile(options));
    QCOMPARE(rows.size(), std::size_t{3});
    QCOMPARE(rows[1].ts, easternTime(2025, 1, 13, 10, 1));
    QCOMPARE(rows[1].baseSeq, 0);
    QCOMPARE(rows[2].ts, easternTime(2025, 1, 13, 10, 2));
    QCOMPARE(rows[2].baseSeq, rows[1].seq);
    QCOMPARE(rows[2].count, qint64{1});
    auto reader = TickDayReader::open(dayFile(options));
    QVERIFY(reader.ok());
    auto state = reader.value()->stateAt(easternTime(2025, 1, 13, 10, 2));
    QVERIFY(state.ok());
    QCOMPARE(state.value()[*reader.value()->fileIdOf("SPY")].bid, Price{22});
    QCOMPARE(state.value()[*reader.value()->fileIdOf("AAPL")].bid, Price{10});
    const QString problem = stateDifference(*reader.value(), 1);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestKeyframes::reopenStartsFromAKeyframe()
{
    QTemporaryDir dir;
    Universe u(10);
    const auto options = optionsIn(dir);
    const auto stream =
        activeStream(u, easternTime(2025, 1, 13, 11, 0, 5), 24000, 25, 30'000'000, 4);
    const std::vector<Tick> part1(stream.begin(), stream.begin() + 9000);
    const std::vector<Tick> part2(stream.begin() + 9000, stream.end());
    QVERIFY(writeCommits(u, options, lateArrivals(part1, 500, 5)));
    const auto before = snapshotRows(dayFile(options));
    QVERIFY(writeCommits(u, options, lateArrivals(part2, 500, 6)));
    const auto rows = snapshotRows(dayFile(options));
    QVERIFY(rows.size() > before.size() + 5);
    // The reopen wrote a keyframe; later change snapshots build on it or on later keyframes.
    const SnapshotRowInfo &reopen = rows[before.size()];
    QCOMPARE(reopen.baseSeq, 0);
    for (std::size_t i = before.size() + 1; i < rows.size(); ++i)
        QVERIFY(rows[i].baseSeq == 0 || rows[i].baseSeq >= reopen.seq);
    QVERIFY(std::any_of(rows.begin() + static_cast<std::ptrdiff_t>(before.size()) + 1, rows.end(),
                        [](const SnapshotRowInfo &r) { return r.baseSeq != 0; }));
    auto reader = TickDayReader::open(dayFile(options));
    QVERIFY(reader.ok());
    QCOMPARE(reader.value()->tickCount(), std::uint64_t{stream.size()});
    const QString problem = stateDifference(*reader.value(), 17);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestKeyframes::quietPeriodsGetKeyframes()
{
    // A busy minute, then one /ES quote every 3 minutes for two hours: the snapshots of the
    // quiet period are at least 30 minutes apart, hence keyframes, and the state stays exact.
    QTemporaryDir dir;
    Universe u(7);
    const auto options = optionsIn(dir);
    auto ticks = activeStream(u, easternTime(2025, 1, 13, 20, 0, 1), 400, 60, 50'000'000, 9);
    for (int k = 1; k <= 40; ++k)
        ticks.push_back(Tick::quote(easternTime(2025, 1, 13, 20, 1) + k * 3 * kNanosPerMinute + 7,
                                    u.underlyings[2], 100 + 25 * k, 125 + 25 * k, 1, 1));
    QVERIFY(writeCommits(u, options, {ticks}));
    const std::filesystem::path file = options.directory / "2025-01-14.sqlite";
    const auto rows = snapshotRows(file);
    QVERIFY(rows.size() >= 4);
    for (std::size_t i = 2; i < rows.size(); ++i) {
        QVERIFY(rows[i].ts - rows[i - 1].ts >= 30 * kNanosPerMinute);
        QCOMPARE(rows[i].baseSeq, 0);
    }
    auto reader = TickDayReader::open(file);
    QVERIFY(reader.ok());
    const QString problem = stateDifference(*reader.value(), 3);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestKeyframes::everySnapshotAKeyframeWhenAsked()
{
    QTemporaryDir dir;
    Universe u;
    auto options = optionsIn(dir);
    options.keyframeIntervalNanos = 0;
    QVERIFY(writeCommits(
        u, options,
        {randomStream(u, easternTime(2025, 1, 13, 10, 0), 6000, 3, 4 * kNanosPerMinute / 6000)}));
    const auto rows = snapshotRows(dayFile(options));
    QVERIFY(rows.size() >= 4);
    for (const SnapshotRowInfo &r : rows)
        QCOMPARE(r.baseSeq, 0);
}

void TestKeyframes::readsFormat1Files()
{
    QTemporaryDir dir;
    const std::filesystem::path file =
        dir.filePath(QStringLiteral("2025-01-13.sqlite")).toStdString();
    std::filesystem::copy_file(kFormat1File, file);
    auto reader = TickDayReader::open(file);
    QVERIFY2(reader.ok(), qPrintable(errorOf(reader)));
    const TickDayReader &r = *reader.value();
    QCOMPARE(r.formatVersion(), 1);
    QCOMPARE(r.tradingDate(), kDay);
    QCOMPARE(r.snapshotTimes().size(), std::size_t{6});
    std::vector<Tick> expected;
    for (const auto &row :
         query(file, "SELECT ts, file_id, kind, flags, reserved, bid, ask, "
                     "bid_size, ask_size FROM expected_ticks ORDER BY position")) {
        Tick t;
        t.ts = row[0];
        t.instrument = static_cast<InstrumentId>(row[1]);
        t.kind = static_cast<TickKind>(row[2]);
        t.flags = static_cast<std::uint8_t>(row[3]);
        t.reserved = static_cast<std::uint16_t>(row[4]);
        t.bid = row[5];
        t.ask = row[6];
        t.bidSize = static_cast<std::int32_t>(row[7]);
        t.askSize = static_cast<std::int32_t>(row[8]);
        expected.push_back(t);
    }
    QCOMPARE(expected.size(), std::size_t{1200});
    const QString read = tickDifference(readAll(r), expected);
    QVERIFY2(read.isEmpty(), qPrintable(read));
    const QString problem = stateDifference(r, 5);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestKeyframes::appendsToFormat1Files()
{
    // The desk restarts with a new build on a day recorded by the old one: the file is upgraded
    // in place (its old blocks and snapshots stay as they are) and takes format-2 appends.
    QTemporaryDir dir;
    Universe u(2); // the fixture's universe
    const auto options = optionsIn(dir);
    std::filesystem::create_directories(options.directory);
    std::filesystem::copy_file(kFormat1File, dayFile(options));
    std::vector<Tick> old;
    {
        auto reader = TickDayReader::open(dayFile(options));
        QVERIFY(reader.ok());
        old = toRegistryIds(readAll(*reader.value()), *reader.value(), u.registry);
    }
    QCOMPARE(old.size(), std::size_t{1200});
    const auto more = randomStream(u, old.back().ts + kNanosPerSecond, 3000, 12, 60'000'000);
    const auto commits = lateArrivals(more, 300, 13);
    QVERIFY(writeCommits(u, options, commits));
    auto reader = TickDayReader::open(dayFile(options));
    QVERIFY2(reader.ok(), qPrintable(errorOf(reader)));
    QCOMPARE(reader.value()->formatVersion(), 2);
    std::vector<std::vector<Tick>> all = {old};
    all.insert(all.end(), commits.begin(), commits.end());
    const QString read = tickDifference(
        toRegistryIds(readAll(*reader.value()), *reader.value(), u.registry), timeOrdered(all));
    QVERIFY2(read.isEmpty(), qPrintable(read));
    const auto rows = snapshotRows(dayFile(options));
    QVERIFY(rows.size() > 6 + 1);
    QVERIFY(std::any_of(rows.begin(), rows.end(),
                        [](const SnapshotRowInfo &r) { return r.baseSeq != 0; }));
    const QString problem = stateDifference(*reader.value(), 11);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

QTEST_GUILESS_MAIN(TestKeyframes)
#include "tst_keyframes.moc"
