// Kills a recording process with SIGKILL mid-run and checks what it left behind: the day file
// opens cleanly, holds at least every tick the process reported committed, every tick is the
// expected one, in order, and the file can be appended to again.

#include "crashstream.h"
#include "storage/tickstore.h"
#include "storagetestsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

QString integrityCheck(const std::filesystem::path &file)
{
    sqlite3 *db = nullptr;
    sqlite3_stmt *statement = nullptr;
    QString result = QStringLiteral("cannot open");
    if (sqlite3_open(file.c_str(), &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW)
        result =
            QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return result;
}

} // namespace

class TestCrashRecovery : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void survivesSigkill_data();
    void survivesSigkill();
};

void TestCrashRecovery::survivesSigkill_data()
{
    QTest::addColumn<int>("commitsBeforeKill");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("extraDelayMs"); // after the commits, kill at an arbitrary moment
    QTest::newRow("early, small commits") << 3 << 500 << 0;
    // A tenth of a second of a busy feed per commit: the small blocks get merged meanwhile.
    QTest::newRow("many small commits") << 30 << 300 << 3;
    QTest::newRow("mid-run") << 40 << 5000 << 7;
    QTest::newRow("large commits") << 20 << 40000 << 13;
}

void TestCrashRecovery::survivesSigkill()
{
    QFETCH(int, commitsBeforeKill);
    QFETCH(int, batch);
    QFETCH(int, extraDelayMs);
    QTemporaryDir dir;
    const QString ticksDir = dir.filePath(QStringLiteral("ticks"));
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(QStringLiteral(MAG7_CRASHWRITER), {ticksDir, QString::number(batch)});
    QVERIFY2(process.waitForStarted(5000), qPrintable(process.errorString()));

    QByteArray output;
    int commits = 0;
    QElapsedTimer timer;
    timer.start();
    while (commits < commitsBeforeKill && timer.elapsed() < 15000) {
        if (!process.waitForReadyRead(5000))
            break;
        output += process.readAllStandardOutput();
        commits = static_cast<int>(output.count("committed"));
    }
    QVERIFY2(commits >= commitsBeforeKill,
             qPrintable(QStringLiteral("only %1 commits; stderr: %2")
                            .arg(commits)
                            .arg(QString::fromUtf8(process.readAllStandardError()))));
    if (extraDelayMs > 0)
        QTest::qWait(extraDelayMs);
    process.kill(); // SIGKILL: no destructor, no close, possibly in the middle of a commit
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    output += process.readAllStandardOutput();

    std::uint64_t reported = 0;
    const QRegularExpression line(QStringLiteral("committed (\\d+)"));
    for (auto it = line.globalMatch(QString::fromUtf8(output)); it.hasNext();)
        reported = std::max<std::uint64_t>(reported, it.next().captured(1).toULongLong());
    QVERIFY(reported > 0);

    const std::filesystem::path file =
        QDir(ticksDir).filePath(QStringLiteral("2025-01-13.sqlite")).toStdString();
    auto reader = TickDayReader::open(file);
    QVERIFY2(reader.ok(), qPrintable(errorOf(reader)));
    QCOMPARE(integrityCheck(file), QStringLiteral("ok"));
    const std::uint64_t stored = reader.value()->tickCount();
    QVERIFY2(stored >= reported,
             qPrintable(QStringLiteral("%1 stored, %2 reported").arg(stored).arg(reported)));
    // Whole commits only: the stored count is a multiple of the batch.
    QCOMPARE(stored % static_cast<std::uint64_t>(batch), std::uint64_t{0});

    InstrumentRegistry registry;
    registerCrashInstruments(registry);
    std::uint64_t index = 0;
    QString problem;
    const Status read = reader.value()->read(
        std::numeric_limits<Timestamp>::min(), std::numeric_limits<Timestamp>::max(), {},
        [&](std::span<const Tick> ticks) {
            for (Tick t : ticks) {
                t.instrument = registry.idOf(reader.value()->instruments()[t.instrument].symbol);
                const Tick expected = crashTick(index);
                if (!(t == expected)) {
                    problem = QStringLiteral("tick %1: %2, expected %3")
                                  .arg(index)
                                  .arg(describe(t), describe(expected));
                    return false;
                }
                ++index;
            }
            return true;
        });
    QVERIFY2(read.ok(), read.message().c_str());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(index, stored);
    std::vector<QuoteState> fold(reader.value()->instruments().size());
    for (std::uint64_t i = 0; i < stored; ++i) {
        const Tick t = crashTick(i);
        fold[*reader.value()->fileIdOf(registry.get(t.instrument)->symbol)].apply(t);
    }
    auto state = reader.value()->stateAt(reader.value()->lastTs());
    QVERIFY(state.ok());
    QVERIFY(state.value() == fold);
    reader.value().reset();

    // The desk restarts and keeps recording into the same file.
    WriterOptions options;
    options.directory = ticksDir.toStdString();
    options.conflation.enabled = false;
    auto writer = TickWriter::open(registry, options);
    QVERIFY(writer.ok());
    std::vector<Tick> more;
    for (std::uint64_t i = stored; i < stored + 1000; ++i)
        more.push_back(crashTick(i));
    QVERIFY(writer.value()->append(more).ok());
    QVERIFY(writer.value()->close().ok());
    auto reopened = TickDayReader::open(file);
    QVERIFY(reopened.ok());
    QCOMPARE(reopened.value()->tickCount(), stored + 1000);
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
