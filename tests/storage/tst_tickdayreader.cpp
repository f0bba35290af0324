#include "storage/tickstore.h"
#include "storagetestsupport.h"

#include <QFile>
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

// Runs SQL on a file directly (to damage or splice files); returns SQLite's error, if any.
QString execSql(const std::filesystem::path &file, const std::string &sql)
{
    sqlite3 *db = nullptr;
    QString error;
    if (sqlite3_open(file.c_str(), &db) == SQLITE_OK) {
        char *message = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
            error = QString::fromUtf8(message != nullptr ? message : "error");
        sqlite3_free(message);
    } else {
        error = QStringLiteral("cannot open");
    }
    sqlite3_close(db);
    return error;
}

qint64 queryCount(const std::filesystem::path &file, const char *sql)
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

std::filesystem::path writeDay(const QTemporaryDir &dir, const QString &name, const Universe &u,
                               const std::vector<std::vector<Tick>> &commits)
{
    WriterOptions options;
    options.directory = dir.filePath(name).toStdString();
    options.conflation.enabled = false;
    auto writer = TickWriter::open(u.registry, options);
    if (!writer)
        return {};
    for (const auto &commit : commits) {
        if (!writer.value()->append(commit).ok() || !writer.value()->commit().ok())
            return {};
    }
    if (!writer.value()->close().ok())
        return {};
    return options.directory / (formatDate(kDay) + ".sqlite");
}

std::vector<Tick> stableByTime(std::vector<Tick> ticks)
{
    std::stable_sort(ticks.begin(), ticks.end(),
                     [](const Tick &a, const Tick &b) { return a.ts < b.ts; });
    return ticks;
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

// Splits a stream into commit windows and delays ~3% of the ticks by one or two windows, so
// they arrive late (earlier than what the file already holds).
std::vector<std::vector<Tick>> withLateArrivals(const std::vector<Tick> &stream, std::size_t window,
                                                std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::vector<std::vector<Tick>> commits((stream.size() + window - 1) / window + 2);
    for (std::size_t i = 0; i < stream.size(); ++i) {
        std::size_t target = i / window;
        if (rng() % 100 < 3)
            target += 1 + rng() % 2;
        commits[target].push_back(stream[i]);
    }
    while (!commits.empty() && commits.back().empty())
        commits.pop_back();
    return commits;
}

std::vector<Tick> arrivalOrder(const std::vector<std::vector<Tick>> &commits)
{
    std::vector<Tick> all;
    for (const auto &c : commits)
        all.insert(all.end(), c.begin(), c.end());
    return all;
}

// Prepends one quote per instrument in registry order so files written from different streams
// share their file ids.
std::vector<Tick> withPreamble(const Universe &u, Timestamp at, std::vector<Tick> ticks)
{
    std::vector<Tick> preamble;
    for (InstrumentId id = 0; id < u.registry.size(); ++id)
        preamble.push_back(Tick::quote(at, id, 100, 101, 1, 1));
    ticks.insert(ticks.begin(), preamble.begin(), preamble.end());
    return ticks;
}

} // namespace

class TestTickDayReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsRangesAndFilters_data();
    void readsRangesAndFilters();
    void stopsWhenTheVisitorSaysSo();
    void lateTicksComeOutInTimeOrder();
    void stateAtEqualsFoldAtRandomInstants();
    void mergesOverlappingChainedBlocks();
    void reportsBadFiles_data();
    void reportsBadFiles();
    void archiveReadsSymbolsAcrossDays();
    void archiveReportsErrors();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Universe> m_universe;
    std::vector<Tick> m_expected; // in time order, registry ids
    std::filesystem::path m_file;
};

void TestTickDayReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_universe = std::make_unique<Universe>();
    const auto stream = randomStream(*m_universe, easternTime(2025, 1, 13, 10, 0), 40000, 31,
                                     10 * kNanosPerMinute / 40000);
    const auto commits = withLateArrivals(stream, 1500, 9);
    m_file = writeDay(m_dir, QStringLiteral("main"), *m_universe, commits);
    QVERIFY(!m_file.empty());
    m_expected = stableByTime(arrivalOrder(commits));
    // The fixture must exercise late (standalone) blocks.
    const qint64 late = queryCount(m_file, "SELECT count(*) FROM blocks WHERE snapshot_seq = 0");
    QVERIFY2(late >= 10, qPrintable(QString::number(late)));
}

void TestTickDayReader::readsRangesAndFilters_data()
{
    QTest::addColumn<qint64>("fromOffset"); // nanoseconds after 10:00 ET, -1: everything
    QTest::addColumn<qint64>("toOffset");
    QTest::addColumn<QStringList>("symbols");
    const qint64 minute = kNanosPerMinute;
    QTest::newRow("all") << qint64(-1) << qint64(-1) << QStringList{};
    QTest::newRow("minutes 3-4") << 3 * minute << 4 * minute << QStringList{};
    QTest::newRow("one instant") << 2 * minute << 2 * minute + 1 << QStringList{};
    QTest::newRow("empty range") << 5 * minute << 5 * minute << QStringList{};
    QTest::newRow("AAPL") << qint64(-1) << qint64(-1) << QStringList{QStringLiteral("AAPL")};
    QTest::newRow("options in 1-7")
        << 1 * minute + 12345 << 7 * minute
        << QStringList{QStringLiteral("AAPL_2025-01-17C230"), QStringLiteral("SPY_2025-01-17P600")};
    QTest::newRow("after the end") << 20 * minute << 30 * minute << QStringList{};
}

void TestTickDayReader::readsRangesAndFilters()
{
    QFETCH(qint64, fromOffset);
    QFETCH(qint64, toOffset);
    QFETCH(QStringList, symbols);
    auto reader = TickDayReader::open(m_file);
    QVERIFY2(reader.ok(), qPrintable(errorOf(reader)));
    const Timestamp base = easternTime(2025, 1, 13, 10, 0);
    const Timestamp from =
        fromOffset < 0 ? std::numeric_limits<Timestamp>::min() : base + fromOffset;
    const Timestamp to = toOffset < 0 ? std::numeric_limits<Timestamp>::max() : base + toOffset;
    std::vector<std::uint32_t> ids;
    std::vector<InstrumentId> registryIds;
    for (const QString &symbol : symbols) {
        const auto id = reader.value()->fileIdOf(symbol.toStdString());
        QVERIFY2(id.has_value(), qPrintable(symbol));
        ids.push_back(*id);
        registryIds.push_back(m_universe->registry.idOf(symbol.toStdString()));
    }
    std::vector<Tick> expected;
    for (const Tick &t : m_expected)
        if (t.ts >= from && t.ts < to &&
            (registryIds.empty() ||
             std::find(registryIds.begin(), registryIds.end(), t.instrument) != registryIds.end()))
            expected.push_back(t);
    std::vector<Tick> actual;
    int batches = 0;
    const Status status = reader.value()->read(from, to, ids, [&](std::span<const Tick> ticks) {
        ++batches;
        actual.insert(actual.end(), ticks.begin(), ticks.end());
        return true;
    });
    QVERIFY2(status.ok(), status.message().c_str());
    const QString problem =
        firstDifference(toRegistryIds(actual, *reader.value(), m_universe->registry), expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    if (expected.size() > 10000)
        QVERIFY(batches > 1); // batched, not one huge callback
}

void TestTickDayReader::stopsWhenTheVisitorSaysSo()
{
    auto reader = TickDayReader::open(m_file);
    QVERIFY(reader.ok());
    int calls = 0;
    const Status status = reader.value()->read(std::numeric_limits<Timestamp>::min(),
                                               std::numeric_limits<Timestamp>::max(), {},
                                               [&](std::span<const Tick>) { return ++calls < 2; });
    QVERIFY(status.ok());
    QCOMPARE(calls, 2);
}

void TestTickDayReader::lateTicksComeOutInTimeOrder()
{
    Universe &u = *m_universe;
    const Timestamp t0 = easternTime(2025, 1, 13, 11, 0);
    const InstrumentId a = u.underlyings[0];
    const InstrumentId s = u.underlyings[1];
    const std::vector<std::vector<Tick>> commits = {
        {Tick::quote(t0, a, 10, 11, 1, 1), Tick::quote(t0 + 5, s, 20, 21, 1, 1),
         Tick::quote(t0 + 10, a, 12, 13, 1, 1)},
        // Late: before, between and equal to stored times; then on time.
        {Tick::trade(t0 - 3, a, 10, 7), Tick::quote(t0 + 5, a, 30, 31, 1, 1),
         Tick::quote(t0 + 7, s, 22, 23, 1, 1), Tick::quote(t0 + 12, s, 24, 25, 1, 1)},
        {Tick::quote(t0 + 6, a, 40, 41, 1, 1)},
    };
    QTemporaryDir dir;
    const auto file = writeDay(dir, QStringLiteral("late"), u, commits);
    QVERIFY(!file.empty());
    auto reader = TickDayReader::open(file);
    QVERIFY(reader.ok());
    const auto expected = stableByTime(arrivalOrder(commits));
    const QString problem = firstDifference(
        toRegistryIds(readAll(*reader.value()), *reader.value(), u.registry), expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // The late tick at t0 + 5 follows the one stored earlier at the same time.
    QCOMPARE(expected[2].instrument, s);
    QCOMPARE(expected[3].bid, Price{30});
    // State: the newest tick wins, whatever the arrival order.
    auto state = reader.value()->stateAt(t0 + 10);
    QVERIFY(state.ok());
    const QuoteState &aState = state.value()[*reader.value()->fileIdOf("AAPL")];
    QCOMPARE(aState.bid, Price{12});
    QCOMPARE(aState.last, Price{10});
    QCOMPARE(aState.tradeTs, t0 - 3);
    auto before = reader.value()->stateAt(t0 + 6);
    QVERIFY(before.ok());
    QCOMPARE(before.value()[*reader.value()->fileIdOf("AAPL")].bid, Price{40});
}

void TestTickDayReader::stateAtEqualsFoldAtRandomInstants()
{
    auto reader = TickDayReader::open(m_file);
    QVERIFY(reader.ok());
    const TickDayReader &r = *reader.value();
    QVERIFY(r.snapshotTimes().size() >= 10);
    const auto ticks = readAll(r);
    QCOMPARE(ticks.size(), m_expected.size());

    std::mt19937_64 rng(4242);
    std::vector<Timestamp> instants;
    for (int i = 0; i < 200; ++i)
        instants.push_back(
            r.firstTs() - kNanosPerSecond +
            static_cast<Timestamp>(rng() % static_cast<std::uint64_t>(r.lastTs() - r.firstTs() +
                                                                      2 * kNanosPerSecond)));
    for (int i = 0; i < 30; ++i)
        instants.push_back(ticks[rng() % ticks.size()].ts); // exactly at a tick
    for (Timestamp snapshot : r.snapshotTimes()) {
        instants.push_back(snapshot);
        instants.push_back(snapshot - 1);
    }
    instants.push_back(std::numeric_limits<Timestamp>::max());
    std::sort(instants.begin(), instants.end());

    std::vector<QuoteState> fold(r.instruments().size());
    std::size_t next = 0;
    for (Timestamp at : instants) {
        while (next < ticks.size() && ticks[next].ts <= at)
            fold[ticks[next].instrument].apply(ticks[next]), ++next;
        auto state = r.stateAt(at);
        QVERIFY2(state.ok(), qPrintable(errorOf(state)));
        for (std::size_t id = 0; id < fold.size(); ++id)
            QVERIFY2(
                state.value()[id] == fold[id],
                qPrintable(QStringLiteral("at %1, %2: %3, fold %4")
                               .arg(QString::fromStdString(formatUtcIso(at, TimePrecision::Nanos)),
                                    QString::fromStdString(r.instruments()[id].symbol),
                                    describe(state.value()[id]), describe(fold[id]))));
    }
}

void TestTickDayReader::mergesOverlappingChainedBlocks()
{
    // Splice a second recording of an overlapping period into a file as ordinary chained
    // blocks (no writer produces this; a hand-merged file might): reads and states must still
    // come out in time order.
    Universe &u = *m_universe;
    QTemporaryDir dir;
    const auto a = withPreamble(
        u, easternTime(2025, 1, 13, 10, 0),
        randomStream(u, easternTime(2025, 1, 13, 10, 0), 12000, 1, 5 * kNanosPerMinute / 12000));
    const auto b = withPreamble(
        u, easternTime(2025, 1, 13, 10, 2),
        randomStream(u, easternTime(2025, 1, 13, 10, 2), 6000, 2, 2 * kNanosPerMinute / 6000));
    const auto fileA = writeDay(dir, QStringLiteral("a"), u, {a});
    const auto fileB = writeDay(dir, QStringLiteral("b"), u, {b});
    QVERIFY(!fileA.empty() && !fileB.empty());
    const QString error = execSql(
        fileA,
        "ATTACH '" + fileB.string() +
            "' AS b;"
            "INSERT INTO snapshots SELECT seq + 100000, ts, count, data, "
            "CASE base_seq WHEN 0 THEN 0 ELSE base_seq + 100000 END FROM b.snapshots;"
            "INSERT INTO blocks SELECT seq + 100000, first_ts, last_ts, count, "
            "CASE snapshot_seq WHEN 0 THEN 0 ELSE snapshot_seq + 100000 END, data FROM b.blocks;");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    auto reader = TickDayReader::open(fileA);
    QVERIFY(reader.ok());
    std::vector<Tick> both = a;
    both.insert(both.end(), b.begin(), b.end());
    const auto expected = stableByTime(both);
    const auto ticks = readAll(*reader.value());
    const QString problem =
        firstDifference(toRegistryIds(ticks, *reader.value(), u.registry), expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    std::vector<QuoteState> fold(reader.value()->instruments().size());
    std::size_t next = 0;
    for (int minute = 0; minute <= 6; ++minute) {
        const Timestamp at = easternTime(2025, 1, 13, 10, minute, 17);
        while (next < ticks.size() && ticks[next].ts <= at)
            fold[ticks[next].instrument].apply(ticks[next]), ++next;
        auto state = reader.value()->stateAt(at);
        QVERIFY2(state.ok() && state.value() == fold, qPrintable(QString::number(minute)));
    }
}

void TestTickDayReader::reportsBadFiles_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected"); // in the error message
    QTest::newRow("missing") << QStringLiteral("missing") << QStringLiteral("no such tick file");
    QTest::newRow("directory") << QStringLiteral("directory") << QStringLiteral("not a file");
    QTest::newRow("text file") << QStringLiteral("text") << QStringLiteral("not a SQLite database");
    QTest::newRow("other database") << QStringLiteral("other") << QStringLiteral("not a tick file");
    QTest::newRow("newer format") << QStringLiteral("newer") << QStringLiteral("newer");
    QTest::newRow("corrupt block") << QStringLiteral("block") << QStringLiteral("block");
    QTest::newRow("short block") << QStringLiteral("shortblock") << QStringLiteral("corrupt");
    QTest::newRow("corrupt snapshot") << QStringLiteral("snapshot") << QStringLiteral("snapshot");
    QTest::newRow("truncated file") << QStringLiteral("truncated") << QString();
}

void TestTickDayReader::reportsBadFiles()
{
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const std::filesystem::path file =
        dir.filePath(QStringLiteral("2025-01-13.sqlite")).toStdString();
    std::filesystem::copy_file(m_file, file);
    if (damage == QLatin1String("missing")) {
        std::filesystem::remove(file);
    } else if (damage == QLatin1String("directory")) {
        std::filesystem::remove(file);
        std::filesystem::create_directory(file);
    } else if (damage == QLatin1String("text")) {
        QFile text(QString::fromStdString(file.string()));
        QVERIFY(text.open(QIODevice::WriteOnly | QIODevice::Truncate));
        text.write(QByteArray(5000, 'x'));
    } else if (damage == QLatin1String("other")) {
        std::filesystem::remove(file);
        QVERIFY(execSql(file, "CREATE TABLE t(x)").isEmpty());
    } else if (damage == QLatin1String("newer")) {
        QVERIFY(
            execSql(file, "UPDATE meta SET value = '99' WHERE key = 'format_version'").isEmpty());
    } else if (damage == QLatin1String("block")) {
        QVERIFY(execSql(file, "UPDATE blocks SET data = randomblob(length(data)) WHERE seq = "
                              "(SELECT min(seq) FROM blocks)")
                    .isEmpty());
    } else if (damage == QLatin1String("shortblock")) {
        QVERIFY(
            execSql(file,
                    "UPDATE blocks SET data = x'0102' WHERE seq = (SELECT max(seq) FROM blocks)")
                .isEmpty());
    } else if (damage == QLatin1String("snapshot")) {
        QVERIFY(execSql(file, "UPDATE snapshots SET data = substr(data, 1, length(data) - 3)")
                    .isEmpty());
    } else if (damage == QLatin1String("truncated")) {
        std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);
    }

    const QString fileName = QString::fromStdString(file.string());
    auto reader = TickDayReader::open(file);
    QString message;
    if (!reader.ok()) {
        message = QString::fromStdString(reader.message());
    } else {
        const Status read = readAll(*reader.value()).empty()
                                ? reader.value()->read(std::numeric_limits<Timestamp>::min(),
                                                       std::numeric_limits<Timestamp>::max(), {},
                                                       [](std::span<const Tick>) { return true; })
                                : Status::success();
        auto state = reader.value()->stateAt(reader.value()->lastTs());
        QVERIFY2(!read.ok() || !state.ok(), "damage went unnoticed");
        message = QString::fromStdString(!read.ok() ? read.message() : state.message());
    }
    QVERIFY2(message.contains(fileName), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestTickDayReader::archiveReadsSymbolsAcrossDays()
{
    QTemporaryDir dir;
    Universe &u = *m_universe;
    WriterOptions options;
    options.directory = dir.filePath(QStringLiteral("ticks")).toStdString();
    options.conflation.enabled = false;
    // Monday, Tuesday and Wednesday afternoons; an unrelated file in the directory.
    std::vector<Tick> all;
    for (unsigned day : {13u, 14u, 15u}) {
        const auto part = randomStream(u, easternTime(2025, 1, day, 15, 0), 3000, day);
        all.insert(all.end(), part.begin(), part.end());
    }
    {
        auto writer = TickWriter::open(u.registry, options);
        QVERIFY(writer.ok());
        QVERIFY(writer.value()->append(all).ok());
        QVERIFY(writer.value()->close().ok());
    }
    QFile other(QString::fromStdString((options.directory / "notes.txt").string()));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.close();
    auto archive = TickArchive::open(options.directory);
    QVERIFY(archive.ok());
    QCOMPARE(
        archive.value().days(),
        (std::vector<Date>{makeDate(2025, 1, 13), makeDate(2025, 1, 14), makeDate(2025, 1, 15)}));
    const Timestamp from = easternTime(2025, 1, 13, 15, 30);
    const Timestamp to = easternTime(2025, 1, 15, 15, 2);
    const std::vector<std::string> symbols = {"SPY", "AAPL_2025-01-17P225"};
    std::vector<Tick> expected;
    for (const Tick &t : all)
        if (t.ts >= from && t.ts < to &&
            (u.symbolOf(t.instrument) == symbols[0] || u.symbolOf(t.instrument) == symbols[1]))
            expected.push_back(t);
    std::vector<Tick> actual;
    const Status status =
        archive.value().read(from, to, symbols, [&](const Tick &t, const InstrumentRecord &r) {
            Tick copy = t;
            copy.instrument = u.registry.idOf(r.symbol);
            actual.push_back(copy);
            return true;
        });
    QVERIFY2(status.ok(), status.message().c_str());
    const QString problem = firstDifference(actual, expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestTickDayReader::archiveReportsErrors()
{
    QTemporaryDir dir;
    auto missing = TickArchive::open(dir.filePath(QStringLiteral("nowhere")).toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.message()).contains(QStringLiteral("nowhere")));
    auto archive = TickArchive::open(m_file.parent_path());
    QVERIFY(archive.ok());
    int visited = 0;
    const Status status =
        archive.value().read(easternTime(2025, 1, 13, 9, 0), easternTime(2025, 1, 13, 16, 0),
                             {"AAPL", "NFLX"}, [&](const Tick &, const InstrumentRecord &) {
                                 ++visited;
                                 return true;
                             });
    QVERIFY(!status.ok());
    QVERIFY2(QString::fromStdString(status.message()).contains(QStringLiteral("NFLX")),
             status.message().c_str());
    QCOMPARE(visited, 0);
}

QTEST_GUILESS_MAIN(TestTickDayReader)
#include "tst_tickdayreader.moc"
