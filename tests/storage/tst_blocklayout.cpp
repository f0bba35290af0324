// How blocks land in a day file when the recorder commits often: the small blocks of each
// commit are merged into full blocks (at 4,096 ticks and at the end of each chain), late ticks
// keep their place, and a reader opened meanwhile keeps the view it opened with.
#include "storage/tickstore.h"
#include "storagetestsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <filesystem>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

qint64 queryInt(const std::filesystem::path &file, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_stmt *statement = nullptr;
    qint64 value = -1;
    if (sqlite3_open(file.c_str(), &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
        value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

WriterOptions optionsIn(const QTemporaryDir &dir)
{
    WriterOptions options;
    options.directory = dir.filePath(QStringLiteral("ticks")).toStdString();
    options.conflation.enabled = false;
    return options;
}

std::filesystem::path dayFile(const WriterOptions &options)
{
    return options.directory / "2025-01-13.sqlite";
}

} // namespace

class TestBlockLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smallCommitsBecomeFullBlocks();
    void readersKeepTheirView();
};

void TestBlockLayout::smallCommitsBecomeFullBlocks()
{
    // 40,000 ticks over ~4.5 minutes in commits of ~150 (a recorder's tenth of a second), 4% of
    // them a commit or two late, with equal times now and then.
    QTemporaryDir dir;
    Universe u(10);
    const auto options = optionsIn(dir);
    const auto stream = randomStream(u, easternTime(2025, 1, 13, 10, 0, 20), 40000, 21, 7'000'000);
    const auto commits = lateArrivals(stream, 150, 22);
    {
        auto writer = TickWriter::open(u.registry, options);
        QVERIFY(writer.ok());
        for (const auto &commit : commits) {
            QVERIFY(writer.value()->append(commit).ok());
            QVERIFY(writer.value()->commit().ok());
        }
        QVERIFY(writer.value()->close().ok());
        QCOMPARE(writer.value()->stats().blocks,
                 std::uint64_t(queryInt(dayFile(options), "SELECT count(*) FROM blocks")));
    }
    const std::filesystem::path file = dayFile(options);
    const qint64 chained = queryInt(file, "SELECT count(*) FROM blocks WHERE snapshot_seq != 0");
    const qint64 late = queryInt(file, "SELECT count(*) FROM blocks WHERE snapshot_seq = 0");
    const qint64 snapshots = queryInt(file, "SELECT count(*) FROM snapshots");
    // Per chain: full blocks and at most one smaller one (its end), instead of a block per
    // commit (~270 of them).
    QVERIFY2(
        chained <= 40000 / 4096 + snapshots,
        qPrintable(QStringLiteral("%1 chained blocks, %2 snapshots").arg(chained).arg(snapshots)));
    QVERIFY(late > 20);
    QCOMPARE(queryInt(file, "SELECT max(count) FROM blocks"), qint64{4096});
    auto reader = TickDayReader::open(file);
    QVERIFY2(reader.ok(), qPrintable(errorOf(reader)));
    const QString read = tickDifference(
        toRegistryIds(readAll(*reader.value()), *reader.value(), u.registry), timeOrdered(commits));
    QVERIFY2(read.isEmpty(), qPrintable(read));
    const QString state = stateDifference(*reader.value(), 29);
    QVERIFY2(state.isEmpty(), qPrintable(state));
}

void TestBlockLayout::readersKeepTheirView()
{
    // A reader opened between two commits keeps reading what was there, although the writer
    // goes on and merges the small blocks the reader knows into full ones.
    QTemporaryDir dir;
    Universe u;
    const auto options = optionsIn(dir);
    const auto stream = randomStream(u, easternTime(2025, 1, 13, 10, 0, 20), 12000, 5, 2'000'000);
    auto writer = TickWriter::open(u.registry, options);
    QVERIFY(writer.ok());
    const std::size_t commit = 100;
    std::size_t written = 0;
    for (; written < 2500; written += commit) {
        QVERIFY(
            writer.value()->append(std::span<const Tick>(stream.data() + written, commit)).ok());
        QVERIFY(writer.value()->commit().ok());
    }
    const qint64 rowsBefore = queryInt(dayFile(options), "SELECT count(*) FROM blocks");
    QVERIFY(rowsBefore >= 20); // small blocks, not merged yet
    auto reader = TickDayReader::open(dayFile(options));
    QVERIFY2(reader.ok(), qPrintable(errorOf(reader)));
    QCOMPARE(reader.value()->blockCount(), std::uint64_t(rowsBefore));
    for (; written < stream.size(); written += commit) {
        QVERIFY(
            writer.value()->append(std::span<const Tick>(stream.data() + written, commit)).ok());
        QVERIFY(writer.value()->commit().ok());
    }
    // The rows the reader knows are gone from the file...
    QVERIFY(queryInt(dayFile(options), "SELECT count(*) FROM blocks WHERE seq <= 25") < rowsBefore);
    // ... and it still reads them, and their state, as it found them.
    const std::vector<Tick> first(stream.begin(), stream.begin() + 2500);
    const QString read =
        tickDifference(toRegistryIds(readAll(*reader.value()), *reader.value(), u.registry), first);
    QVERIFY2(read.isEmpty(), qPrintable(read));
    QVERIFY2(stateDifference(*reader.value()).isEmpty(),
             qPrintable(stateDifference(*reader.value())));
    reader.value().reset();
    QVERIFY(writer.value()->close().ok());
    auto after = TickDayReader::open(dayFile(options));
    QVERIFY(after.ok());
    const QString all =
        tickDifference(toRegistryIds(readAll(*after.value()), *after.value(), u.registry), stream);
    QVERIFY2(all.isEmpty(), qPrintable(all));
    QVERIFY(after.value()->blockCount() < std::uint64_t(rowsBefore));
}

QTEST_GUILESS_MAIN(TestBlockLayout)
#include "tst_blocklayout.moc"
