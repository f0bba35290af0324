// The mag7 command line as a user scripts it: simulate, ticks, state, and every kind of bad
// input (missing options, bad times, inverted or empty ranges, unknown symbols, missing,
// unwritable or corrupt data directories) answered with a clear error and a non-zero exit,
// leaving existing data untouched.
#include "model/easterntime.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace mag7;

namespace {
struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runMag7(const QStringList &arguments, int timeoutMs = 240000)
{
    QProcess process;
    process.start(QStringLiteral(MAG7_CLI), arguments);
    Run run;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = "timed out";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

QString describe(const Run &run)
{
    return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out.left(2000)), QString::fromUtf8(run.err.left(2000)));
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void helpForEveryCommand_data();
    void helpForEveryCommand();
    void badInputIsAClearError_data();
    void badInputIsAClearError();
    void simulateSummary();
    void ticksInTimeOrder();
    void ticksAsCsv();
    void stateOfAnUnderlyingWithOptions();
    void rerunOnRecordedRangeLeavesDataUntouched();
    void corruptDataIsAnError();

private:
    QTemporaryDir m_dir;
    QString m_data;
    QJsonObject m_summary;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_data = m_dir.filePath(QStringLiteral("data"));
    const Run run = runMag7(
        {QStringLiteral("simulate"), QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
         QStringLiteral("--to"), QStringLiteral("2025-01-13T09:40"), QStringLiteral("--seed"),
         QStringLiteral("11"), QStringLiteral("--fast"), QStringLiteral("--data"), m_data});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1); // one-line JSON summary
    m_summary = QJsonDocument::fromJson(lines.first()).object();
    QVERIFY2(!m_summary.isEmpty(), run.out.constData());
}

void TestCli::helpForEveryCommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("top") << QStringList{QStringLiteral("--help")} << QStringLiteral("simulate");
    QTest::newRow("simulate") << QStringList{QStringLiteral("simulate"), QStringLiteral("--help")}
                              << QStringLiteral("--from");
    QTest::newRow("ticks") << QStringList{QStringLiteral("ticks"), QStringLiteral("--help")}
                           << QStringLiteral("--format");
    QTest::newRow("state") << QStringList{QStringLiteral("state"), QStringLiteral("--help")}
                           << QStringLiteral("--at");
    QTest::newRow("bench") << QStringList{QStringLiteral("bench"), QStringLiteral("--help")}
                           << QStringLiteral("store");
}

void TestCli::helpForEveryCommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run = runMag7(arguments);
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    QVERIFY2(QString::fromUtf8(run.out).contains(mentions), qPrintable(describe(run)));
}

void TestCli::badInputIsAClearError_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString data = m_dir.filePath(QStringLiteral("data"));
    const QString missing = m_dir.filePath(QStringLiteral("nowhere"));
    const QString file = m_dir.filePath(QStringLiteral("plain-file"));
    QFile plain(file);
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.write("not a directory");
    plain.close();
    const QString sim = QStringLiteral("simulate");
    QTest::newRow("no command") << QStringList{} << QStringLiteral("Usage");
    QTest::newRow("unknown command")
        << QStringList{QStringLiteral("fly")} << QStringLiteral("unknown command 'fly'");
    QTest::newRow("missing data") << QStringList{sim, QStringLiteral("--from"),
                                                 QStringLiteral("2025-01-13T09:30"),
                                                 QStringLiteral("--to"),
                                                 QStringLiteral("2025-01-13T10:00")}
                                  << QStringLiteral("--data is required");
    QTest::newRow("bad time") << QStringList{sim,
                                             QStringLiteral("--from"),
                                             QStringLiteral("2025-13-13T09:30"),
                                             QStringLiteral("--to"),
                                             QStringLiteral("2025-01-13T10:00"),
                                             QStringLiteral("--data"),
                                             data}
                              << QStringLiteral("invalid time '2025-13-13T09:30'");
    QTest::newRow("inverted") << QStringList{sim,
                                             QStringLiteral("--from"),
                                             QStringLiteral("2025-01-13T10:00"),
                                             QStringLiteral("--to"),
                                             QStringLiteral("2025-01-13T09:30"),
                                             QStringLiteral("--data"),
                                             data}
                              << QStringLiteral("inverted range");
    QTest::newRow("empty") << QStringList{sim,
                                          QStringLiteral("--from"),
                                          QStringLiteral("2025-01-13T10:00"),
                                          QStringLiteral("--to"),
                                          QStringLiteral("2025-01-13T10:00"),
                                          QStringLiteral("--data"),
                                          data}
                           << QStringLiteral("empty range");
    QTest::newRow("bad seed") << QStringList{sim,
                                             QStringLiteral("--from"),
                                             QStringLiteral("2025-01-13T10:00"),
                                             QStringLiteral("--to"),
                                             QStringLiteral("2025-01-13T10:01"),
                                             QStringLiteral("--seed"),
                                             QStringLiteral("x"),
                                             QStringLiteral("--data"),
                                             data}
                              << QStringLiteral("--seed");
    QTest::newRow("fast and speed") << QStringList{sim,
                                                   QStringLiteral("--from"),
                                                   QStringLiteral("2025-01-13T10:00"),
                                                   QStringLiteral("--to"),
                                                   QStringLiteral("2025-01-13T10:01"),
                                                   QStringLiteral("--fast"),
                                                   QStringLiteral("--speed"),
                                                   QStringLiteral("2"),
                                                   QStringLiteral("--data"),
                                                   data}
                                    << QStringLiteral("exclude");
    QTest::newRow("data is a file") << QStringList{sim,
                                                   QStringLiteral("--from"),
                                                   QStringLiteral("2025-01-13T10:00"),
                                                   QStringLiteral("--to"),
                                                   QStringLiteral("2025-01-13T10:01"),
                                                   QStringLiteral("--data"),
                                                   file}
                                    << QStringLiteral("not a directory");
    QTest::newRow("unwritable data") << QStringList{sim,
                                                    QStringLiteral("--from"),
                                                    QStringLiteral("2025-01-13T10:00"),
                                                    QStringLiteral("--to"),
                                                    QStringLiteral("2025-01-13T10:01"),
                                                    QStringLiteral("--data"),
                                                    QStringLiteral("/proc/mag7-data")}
                                     << QStringLiteral("/proc/mag7-data");
    QTest::newRow("unknown option")
        << QStringList{sim, QStringLiteral("--frm"), QStringLiteral("x")} << QStringLiteral("frm");
    QTest::newRow("ticks unknown symbol") << QStringList{QStringLiteral("ticks"),
                                                         QStringLiteral("--data"),
                                                         data,
                                                         QStringLiteral("--symbol"),
                                                         QStringLiteral("NOPE"),
                                                         QStringLiteral("--from"),
                                                         QStringLiteral("2025-01-13T09:30"),
                                                         QStringLiteral("--to"),
                                                         QStringLiteral("2025-01-13T09:40")}
                                          << QStringLiteral("NOPE");
    QTest::newRow("ticks missing dir") << QStringList{QStringLiteral("ticks"),
                                                      QStringLiteral("--data"),
                                                      missing,
                                                      QStringLiteral("--symbol"),
                                                      QStringLiteral("SPY"),
                                                      QStringLiteral("--from"),
                                                      QStringLiteral("2025-01-13T09:30"),
                                                      QStringLiteral("--to"),
                                                      QStringLiteral("2025-01-13T09:40")}
                                       << QStringLiteral("does not exist");
    QTest::newRow("ticks inverted") << QStringList{QStringLiteral("ticks"),
                                                   QStringLiteral("--data"),
                                                   data,
                                                   QStringLiteral("--symbol"),
                                                   QStringLiteral("SPY"),
                                                   QStringLiteral("--from"),
                                                   QStringLiteral("2025-01-13T09:40"),
                                                   QStringLiteral("--to"),
                                                   QStringLiteral("2025-01-13T09:30")}
                                    << QStringLiteral("inverted range");
    QTest::newRow("ticks bad format") << QStringList{QStringLiteral("ticks"),
                                                     QStringLiteral("--data"),
                                                     data,
                                                     QStringLiteral("--symbol"),
                                                     QStringLiteral("SPY"),
                                                     QStringLiteral("--from"),
                                                     QStringLiteral("2025-01-13T09:30"),
                                                     QStringLiteral("--to"),
                                                     QStringLiteral("2025-01-13T09:40"),
                                                     QStringLiteral("--format"),
                                                     QStringLiteral("xml")}
                                      << QStringLiteral("jsonl or csv");
    QTest::newRow("state unknown symbol") << QStringList{QStringLiteral("state"),
                                                         QStringLiteral("--data"),
                                                         data,
                                                         QStringLiteral("--at"),
                                                         QStringLiteral("2025-01-13T09:35"),
                                                         QStringLiteral("--symbol"),
                                                         QStringLiteral("ZZZZ")}
                                          << QStringLiteral("unknown symbol 'ZZZZ'");
    QTest::newRow("state no recording")
        << QStringList{QStringLiteral("state"),
                       QStringLiteral("--data"),
                       data,
                       QStringLiteral("--at"),
                       QStringLiteral("2025-02-03T10:00"),
                       QStringLiteral("--symbol"),
                       QStringLiteral("SPY")}
        << QStringLiteral("no recording for trading date 2025-02-03");
    QTest::newRow("state empty dir") << QStringList{QStringLiteral("state"),
                                                    QStringLiteral("--data"),
                                                    m_dir.path(),
                                                    QStringLiteral("--at"),
                                                    QStringLiteral("2025-01-13T10:00"),
                                                    QStringLiteral("--symbol"),
                                                    QStringLiteral("SPY")}
                                     << QStringLiteral("no recorded ticks");
    QTest::newRow("bench unknown") << QStringList{QStringLiteral("bench"), QStringLiteral("warp")}
                                   << QStringLiteral("unknown benchmark 'warp'");
}

void TestCli::badInputIsAClearError()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = runMag7(arguments);
    QVERIFY2(run.exitCode != 0, qPrintable(describe(run)));
    QVERIFY2(run.exitCode > 0, qPrintable(QStringLiteral("crashed: ") + describe(run)));
    QVERIFY2(QString::fromUtf8(run.err).contains(message), qPrintable(describe(run)));
    QVERIFY2(run.out.isEmpty() || arguments.isEmpty(), qPrintable(describe(run)));
}

void TestCli::simulateSummary()
{
    for (const char *key : {"ticks", "bytes", "seconds"})
        QVERIFY2(m_summary.contains(QLatin1String(key)), key);
    QVERIFY(m_summary.value(QStringLiteral("ticks")).toDouble() > 10000);
    QVERIFY(m_summary.value(QStringLiteral("bytes")).toDouble() > 0);
    QVERIFY(QFile::exists(m_data + QStringLiteral("/ticks/2025-01-13.sqlite")));
    QVERIFY(QFile::exists(m_data + QStringLiteral("/desk.sqlite")));
}

void TestCli::ticksInTimeOrder()
{
    const Run run = runMag7({QStringLiteral("ticks"), QStringLiteral("--data"), m_data,
                             QStringLiteral("--symbol"), QStringLiteral("AAPL"),
                             QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
                             QStringLiteral("--to"), QStringLiteral("2025-01-13T09:35")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QVERIFY(lines.size() > 100);
    qint64 previous = 0;
    int quotes = 0;
    int trades = 0;
    const Timestamp to = *parseIsoTimestamp("2025-01-13T09:35");
    for (const QByteArray &line : lines) {
        const QJsonObject tick = QJsonDocument::fromJson(line).object();
        QVERIFY2(!tick.isEmpty(), line.constData());
        QCOMPARE(tick.value(QStringLiteral("symbol")).toString(), QStringLiteral("AAPL"));
        const qint64 ts = tick.value(QStringLiteral("ts_ns")).toVariant().toLongLong();
        QVERIFY2(ts >= previous, line.constData());
        QVERIFY(ts < to);
        QCOMPARE(*parseIsoTimestamp(tick.value(QStringLiteral("ts")).toString().toStdString()) /
                     1000,
                 ts / 1000);
        previous = ts;
        if (tick.value(QStringLiteral("type")).toString() == QLatin1String("quote")) {
            ++quotes;
            for (const char *key : {"bid", "ask", "bid_size", "ask_size"})
                QVERIFY2(tick.contains(QLatin1String(key)), line.constData());
            QVERIFY(tick.value(QStringLiteral("ask")).toDouble() >
                    tick.value(QStringLiteral("bid")).toDouble());
        } else {
            ++trades;
            QVERIFY(tick.value(QStringLiteral("price")).toDouble() > 0);
            QVERIFY(tick.value(QStringLiteral("size")).toInt() > 0);
        }
    }
    QVERIFY(quotes > 0);
    QVERIFY(trades > 0);
}

void TestCli::ticksAsCsv()
{
    const Run run = runMag7({QStringLiteral("ticks"), QStringLiteral("--data"), m_data,
                             QStringLiteral("--symbol"), QStringLiteral("SPY"),
                             QStringLiteral("--from"), QStringLiteral("2025-01-13T09:31"),
                             QStringLiteral("--to"), QStringLiteral("2025-01-13T09:32"),
                             QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.first(),
             QByteArray("ts,ts_ns,symbol,type,bid,ask,bid_size,ask_size,price,size"));
    QVERIFY(lines.size() > 10);
    for (int i = 1; i < lines.size(); ++i)
        QCOMPARE(lines[i].count(','), 9);
}

void TestCli::stateOfAnUnderlyingWithOptions()
{
    const Run run =
        runMag7({QStringLiteral("state"), QStringLiteral("--data"), m_data, QStringLiteral("--at"),
                 QStringLiteral("2025-01-13T09:37:30"), QStringLiteral("--symbol"),
                 QStringLiteral("SPY"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject state = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(state.value(QStringLiteral("symbol")).toString(), QStringLiteral("SPY"));
    const QJsonObject quote = state.value(QStringLiteral("quote")).toObject();
    QVERIFY(quote.value(QStringLiteral("bid")).toDouble() > 100);
    const QJsonArray options = state.value(QStringLiteral("options")).toArray();
    QVERIFY2(options.size() > 100, qPrintable(QString::number(options.size())));
    for (const QJsonValue &value : options) {
        const QJsonObject option = value.toObject();
        QVERIFY(
            option.value(QStringLiteral("symbol")).toString().startsWith(QStringLiteral("SPY")));
        QVERIFY(option.value(QStringLiteral("ask")).toDouble() >
                option.value(QStringLiteral("bid")).toDouble());
    }
    const Run table = runMag7({QStringLiteral("state"), QStringLiteral("--data"), m_data,
                               QStringLiteral("--at"), QStringLiteral("2025-01-13T09:37:30"),
                               QStringLiteral("--symbol"), QStringLiteral("SPY")});
    QVERIFY2(table.exitCode == 0, qPrintable(describe(table)));
    QVERIFY(table.out.contains("option quotes"));
}

void TestCli::rerunOnRecordedRangeLeavesDataUntouched()
{
    const QString day = m_data + QStringLiteral("/ticks/2025-01-13.sqlite");
    const QByteArray before = fileHash(day);
    const Run run = runMag7({QStringLiteral("simulate"), QStringLiteral("--from"),
                             QStringLiteral("2025-01-13T09:35"), QStringLiteral("--to"),
                             QStringLiteral("2025-01-13T09:36"), QStringLiteral("--data"), m_data});
    QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
    QVERIFY2(run.err.contains("already holds ticks"), qPrintable(describe(run)));
    QCOMPARE(fileHash(day), before);
}

void TestCli::corruptDataIsAnError()
{
    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("ticks"))));
    QFile bad(dir.filePath(QStringLiteral("ticks/2025-01-13.sqlite")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(QByteArray(8192, 'x'));
    bad.close();
    const QByteArray before = fileHash(bad.fileName());
    const Run ticks = runMag7({QStringLiteral("ticks"), QStringLiteral("--data"), dir.path(),
                               QStringLiteral("--symbol"), QStringLiteral("SPY"),
                               QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
                               QStringLiteral("--to"), QStringLiteral("2025-01-13T09:40")});
    QVERIFY2(ticks.exitCode == 1, qPrintable(describe(ticks)));
    QVERIFY2(ticks.err.contains("2025-01-13.sqlite"), qPrintable(describe(ticks)));
    const Run state = runMag7({QStringLiteral("state"), QStringLiteral("--data"), dir.path(),
                               QStringLiteral("--at"), QStringLiteral("2025-01-13T09:35"),
                               QStringLiteral("--symbol"), QStringLiteral("SPY")});
    QVERIFY2(state.exitCode == 1, qPrintable(describe(state)));
    QVERIFY2(state.err.contains("2025-01-13.sqlite"), qPrintable(describe(state)));
    QCOMPARE(fileHash(bad.fileName()), before);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
