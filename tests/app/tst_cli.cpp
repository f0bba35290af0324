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
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

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
    void pricePublishedValue();
    void priceAndIvRoundTrip();
    void americanAgreesWithQuantLib();
    void pricingBatchKeepsInputOrder();
    void ivOutsideBoundsIsATypedError();
    void pricingBadInput_data();
    void pricingBadInput();
    void chainAtAnInstant();
    void gexAtAnInstant();
    void signalsFromImportedBars();
    void signalsListAndErrors();
    void replayPrintsSummaryAndQuotes();
    void scanFindsContractsAndRefusesUnknownVariables();
    void indicatorsMatchPublishedRsi();
    void indicatorsAsATable();
    void indicatorsBadInput_data();
    void indicatorsBadInput();

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
    QTest::newRow("indicators") << QStringList{QStringLiteral("indicators"),
                                               QStringLiteral("--help")}
                                << QStringLiteral("--indicator");
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

namespace {
QJsonObject jsonOf(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object();
}
QStringList args(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *item : list)
        out << QString::fromUtf8(item);
    return out;
}
} // namespace

void TestCli::pricePublishedValue()
{
    // Haug, The Complete Guide to Option Pricing Formulas, example 1.1.1: 2.1334.
    const Run run = runMag7(args({"price", "--type", "call", "--spot", "60", "--strike", "65",
                                  "--days", "91.25", "--vol", "0.30", "--rate", "0.08", "--json"}));
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject result = jsonOf(run);
    QVERIFY(std::abs(result.value(QStringLiteral("price")).toDouble() - 2.1334) < 1e-4);
    for (const char *greek :
         {"delta", "gamma", "theta", "vega", "rho", "vanna", "charm", "vomma", "speed"})
        QVERIFY2(result.contains(QLatin1String(greek)), greek);
    const Run table = runMag7(args({"price", "--type", "put", "--spot", "100", "--strike", "95",
                                    "--days", "30", "--vol", "0.25", "--rate", "0.04"}));
    QVERIFY2(table.exitCode == 0 && table.out.contains("per vol point"),
             qPrintable(describe(table)));
}

void TestCli::priceAndIvRoundTrip()
{
    const Run priced = runMag7(
        args({"price", "--type", "put", "--style", "european", "--spot", "512.3", "--strike", "505",
              "--days", "6.5", "--vol", "0.2137", "--rate", "0.043", "--div", "0.006", "--json"}));
    QVERIFY2(priced.exitCode == 0, qPrintable(describe(priced)));
    const QString price =
        QString::number(jsonOf(priced).value(QStringLiteral("price")).toDouble(), 'g', 17);
    const Run iv = runMag7(
        {QStringLiteral("iv"), QStringLiteral("--type"), QStringLiteral("put"),
         QStringLiteral("--spot"), QStringLiteral("512.3"), QStringLiteral("--strike"),
         QStringLiteral("505"), QStringLiteral("--days"), QStringLiteral("6.5"),
         QStringLiteral("--price"), price, QStringLiteral("--rate"), QStringLiteral("0.043"),
         QStringLiteral("--div"), QStringLiteral("0.006"), QStringLiteral("--json")});
    QVERIFY2(iv.exitCode == 0, qPrintable(describe(iv)));
    QVERIFY(std::abs(jsonOf(iv).value(QStringLiteral("iv")).toDouble() - 0.2137) < 1e-9);
}

void TestCli::americanAgreesWithQuantLib()
{
    QStringList base =
        args({"price", "--type", "put", "--style", "american", "--spot", "100", "--strike", "110",
              "--days", "180", "--vol", "0.35", "--rate", "0.05", "--div", "0.01", "--json"});
    const Run ours = runMag7(base);
    const Run theirs =
        runMag7(base << QStringLiteral("--engine") << QStringLiteral("quantlib-qdfp"));
    QVERIFY2(ours.exitCode == 0 && theirs.exitCode == 0,
             qPrintable(describe(ours) + describe(theirs)));
    const double a = jsonOf(ours).value(QStringLiteral("price")).toDouble();
    const double b = jsonOf(theirs).value(QStringLiteral("price")).toDouble();
    QVERIFY2(std::abs(a - b) <= 2e-4, qPrintable(QStringLiteral("%1 vs %2").arg(a).arg(b)));
    QVERIFY(a > 11.0); // worth more than the European and at least intrinsic
}

void TestCli::pricingBatchKeepsInputOrder()
{
    QTemporaryDir dir;
    QFile csv(dir.filePath(QStringLiteral("batch.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("type,style,spot,strike,days,vol,rate,div\n"
              "call,european,60,65,91.25,0.30,0.08,0\n"
              "put,american,100,110,180,0.35,0.05,0.01\n"
              "call,european,-5,65,30,0.3,0.04,0\n"
              "put,european,100,95,30,0.25,0.04,0\n");
    csv.close();
    const Run run = runMag7({QStringLiteral("price"), QStringLiteral("--input"), csv.fileName()});
    QCOMPARE(run.exitCode, 1); // one bad line
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY(
        std::abs(
            QJsonDocument::fromJson(lines[0]).object().value(QStringLiteral("price")).toDouble() -
            2.1334) < 1e-4);
    QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value(QStringLiteral("style")).toString(),
             QStringLiteral("american"));
    const QJsonObject bad = QJsonDocument::fromJson(lines[2]).object();
    QCOMPARE(bad.value(QStringLiteral("line")).toInt(), 4);
    QVERIFY(bad.value(QStringLiteral("error")).toString().contains(QStringLiteral("spot")));
    QCOMPARE(QJsonDocument::fromJson(lines[3]).object().value(QStringLiteral("line")).toInt(), 5);
    QVERIFY(run.err.contains("1 line(s)"));
}

void TestCli::ivOutsideBoundsIsATypedError()
{
    const Run run = runMag7(args({"iv", "--type", "call", "--spot", "100", "--strike", "90",
                                  "--days", "30", "--price", "9", "--rate", "0", "--json"}));
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(jsonOf(run).value(QStringLiteral("error")).toString(),
             QStringLiteral("below intrinsic"));
    QVERIFY(jsonOf(run).value(QStringLiteral("iv")).isNull());
    const Run above = runMag7(args({"iv", "--type", "put", "--spot", "100", "--strike", "90",
                                    "--days", "30", "--price", "95", "--rate", "0"}));
    QCOMPARE(above.exitCode, 1);
    QVERIFY2(above.err.contains("above upper bound"), qPrintable(describe(above)));
}

void TestCli::pricingBadInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("negative spot") << args({"price", "--type", "call", "--spot", "-1", "--strike",
                                            "10", "--days", "5", "--vol", "0.2", "--rate", "0"})
                                   << QStringLiteral("spot must be positive");
    QTest::newRow("vol in percent") << args({"price", "--type", "call", "--spot", "100", "--strike",
                                             "100", "--days", "5", "--vol", "25", "--rate", "0"})
                                    << QStringLiteral("decimal");
    QTest::newRow("days and expiry")
        << args({"price", "--type", "call", "--spot", "100", "--strike", "100", "--days", "5",
                 "--expiry", "2030-01-18", "--vol", "0.2", "--rate", "0"})
        << QStringLiteral("exactly one of --days and --expiry");
    QTest::newRow("expired") << args({"price", "--type", "call", "--spot", "100", "--strike", "100",
                                      "--expiry", "2025-01-17", "--now", "2025-01-18T10:00",
                                      "--vol", "0.2", "--rate", "0"})
                             << QStringLiteral("not after the valuation time");
    QTest::newRow("bad type") << args({"price", "--type", "straddle", "--spot", "100", "--strike",
                                       "100", "--days", "5", "--vol", "0.2", "--rate", "0"})
                              << QStringLiteral("call or put");
    QTest::newRow("unknown engine")
        << args({"price", "--type", "call", "--spot", "100", "--strike", "100", "--days", "5",
                 "--vol", "0.2", "--rate", "0", "--engine", "magic"})
        << QStringLiteral("unknown --engine 'magic'");
    QTest::newRow("missing rate") << args({"iv", "--type", "call", "--spot", "100", "--strike",
                                           "100", "--days", "5", "--price", "2"})
                                  << QStringLiteral("--rate is required");
    QTest::newRow("missing batch file") << args({"iv", "--input", "/nonexistent/batch.csv"})
                                        << QStringLiteral("cannot read '/nonexistent/batch.csv'");
    QTest::newRow("chain unknown symbol") << QStringList{QStringLiteral("chain"),
                                                         QStringLiteral("--data"),
                                                         m_data,
                                                         QStringLiteral("--symbol"),
                                                         QStringLiteral("ZZZZ"),
                                                         QStringLiteral("--at"),
                                                         QStringLiteral("2025-01-13T09:35")}
                                          << QStringLiteral("unknown symbol 'ZZZZ'");
    QTest::newRow("chain without options") << QStringList{QStringLiteral("chain"),
                                                          QStringLiteral("--data"),
                                                          m_data,
                                                          QStringLiteral("--symbol"),
                                                          QStringLiteral("/ES"),
                                                          QStringLiteral("--at"),
                                                          QStringLiteral("2025-01-13T09:35")}
                                           << QStringLiteral("lists no options");
    QTest::newRow("chain bad expiry") << QStringList{QStringLiteral("chain"),
                                                     QStringLiteral("--data"),
                                                     m_data,
                                                     QStringLiteral("--symbol"),
                                                     QStringLiteral("SPY"),
                                                     QStringLiteral("--at"),
                                                     QStringLiteral("2025-01-13T09:35"),
                                                     QStringLiteral("--expiry"),
                                                     QStringLiteral("2025-01-12")}
                                      << QStringLiteral("no expiry 2025-01-12");
}

void TestCli::pricingBadInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = runMag7(arguments);
    QVERIFY2(run.exitCode > 0, qPrintable(describe(run)));
    QVERIFY2(QString::fromUtf8(run.err).contains(message), qPrintable(describe(run)));
}

void TestCli::chainAtAnInstant()
{
    const Run run =
        runMag7({QStringLiteral("chain"), QStringLiteral("--data"), m_data,
                 QStringLiteral("--symbol"), QStringLiteral("SPY"), QStringLiteral("--at"),
                 QStringLiteral("2025-01-13T09:38"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject chain = jsonOf(run);
    QVERIFY(chain.value(QStringLiteral("spot")).toDouble() > 100);
    const double atm30 = chain.value(QStringLiteral("atm_iv_30d")).toDouble();
    QVERIFY2(atm30 > 0.05 && atm30 < 0.6, qPrintable(QString::number(atm30)));
    const QJsonArray expiries = chain.value(QStringLiteral("expiries")).toArray();
    QVERIFY(expiries.size() > 10); // daily SPY expirations and beyond
    const QJsonObject front = expiries.first().toObject();
    QCOMPARE(front.value(QStringLiteral("expiry")).toString(),
             QStringLiteral("2025-01-13")); // 0DTE
    int withIv = 0;
    for (const QJsonValue &value : front.value(QStringLiteral("options")).toArray()) {
        const QJsonObject option = value.toObject();
        if (option.value(QStringLiteral("iv")).isDouble()) {
            ++withIv;
            const double delta = option.value(QStringLiteral("delta")).toDouble();
            QVERIFY(option.value(QStringLiteral("right")).toString() == QLatin1String("call")
                        ? delta >= 0
                        : delta <= 0);
        }
        QVERIFY(option.value(QStringLiteral("open_interest")).toInt() >= 0);
    }
    QVERIFY(withIv > 20);
    const Run one = runMag7({QStringLiteral("chain"), QStringLiteral("--data"), m_data,
                             QStringLiteral("--symbol"), QStringLiteral("AAPL"),
                             QStringLiteral("--at"), QStringLiteral("2025-01-13T09:38"),
                             QStringLiteral("--expiry"), QStringLiteral("2025-01-17")});
    QVERIFY2(one.exitCode == 0, qPrintable(describe(one)));
    QVERIFY(one.out.contains("2025-01-17") && one.out.contains("DTE") &&
            !one.out.contains("2025-01-24"));
}

void TestCli::gexAtAnInstant()
{
    const Run run =
        runMag7({QStringLiteral("gex"), QStringLiteral("--data"), m_data,
                 QStringLiteral("--symbol"), QStringLiteral("SPY"), QStringLiteral("--at"),
                 QStringLiteral("2025-01-13T09:38"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QJsonObject gex = jsonOf(run);
    const QJsonArray strikes = gex.value(QStringLiteral("strikes")).toArray();
    QVERIFY(strikes.size() > 20);
    double total = 0;
    for (const QJsonValue &value : strikes) {
        const QJsonObject level = value.toObject();
        QVERIFY(level.value(QStringLiteral("call_gex")).toDouble() >= 0);
        QVERIFY(level.value(QStringLiteral("put_gex")).toDouble() <= 0);
        total += level.value(QStringLiteral("net_gex")).toDouble();
    }
    QVERIFY(std::abs(total - gex.value(QStringLiteral("total_gex")).toDouble()) <=
            1e-6 * std::abs(total) + 1);
    QVERIFY(gex.value(QStringLiteral("call_wall")).isDouble());
    QVERIFY(gex.value(QStringLiteral("put_wall")).isDouble());
    const Run table = runMag7({QStringLiteral("gex"), QStringLiteral("--data"), m_data,
                               QStringLiteral("--symbol"), QStringLiteral("SPY"),
                               QStringLiteral("--at"), QStringLiteral("2025-01-13T09:38")});
    QVERIFY2(table.exitCode == 0 && table.out.contains("total GEX"), qPrintable(describe(table)));
}

namespace {
// StockCharts ChartSchool, "Relative Strength Index (RSI)", spreadsheet cs-rsi.xls: 33 closes
// and the published 14-day RSI from the 15th close on (four decimals).
const double kRsiCloses[] = {44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955,
                             45.4245, 45.8433, 46.0826, 45.8931, 46.0328, 45.6140, 46.2820,
                             46.2820, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122,
                             46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783,
                             44.2181, 44.5672, 43.4205, 42.6628, 43.1314};
const double kPublishedRsi[] = {70.5328, 66.3186, 66.5498, 69.4063, 66.3552, 57.9749, 62.9296,
                                63.2571, 56.0593, 62.3771, 54.7076, 50.4228, 39.9898, 41.4605,
                                41.8689, 45.4632, 37.3040, 33.0795, 37.7730};

// The closes as 1-minute bars from 10:00 ET on 2025-01-13 (open = high = low = close).
QString writeRsiBars(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("rsi.csv"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("timestamp,open,high,low,close,volume\n");
    int minute = 0;
    for (double close : kRsiCloses) {
        const QByteArray price = QByteArray::number(close, 'f', 4);
        file.write(
            QStringLiteral("2025-01-13T10:%1,").arg(minute++, 2, 10, QLatin1Char('0')).toUtf8() +
            price + "," + price + "," + price + "," + price + ",1000\n");
    }
    return path;
}
} // namespace

void TestCli::indicatorsMatchPublishedRsi()
{
    QTemporaryDir dir;
    const QString bars = writeRsiBars(dir);
    const Run run =
        runMag7({QStringLiteral("indicators"), QStringLiteral("--bars"), bars,
                 QStringLiteral("--indicator"), QStringLiteral("rsi:14"),
                 QStringLiteral("--indicator"), QStringLiteral("vwap"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 33);
    for (int i = 0; i < lines.size(); ++i) {
        const QJsonObject row = QJsonDocument::fromJson(lines[i]).object();
        QCOMPARE(row.value(QStringLiteral("time")).toString(),
                 QStringLiteral("2025-01-13T10:%1:00-05:00").arg(i, 2, 10, QLatin1Char('0')));
        // Every bar trades 1000 at its close: the session VWAP is the running mean of closes.
        double sum = 0;
        for (int j = 0; j <= i; ++j)
            sum += kRsiCloses[j];
        QVERIFY(std::abs(row.value(QStringLiteral("vwap")).toDouble() - sum / (i + 1)) < 1e-6);
        if (i < 14) {
            QVERIFY2(row.value(QStringLiteral("rsi:14")).isNull(), lines[i].constData());
            continue;
        }
        const double rsi = row.value(QStringLiteral("rsi:14")).toDouble();
        QVERIFY2(
            std::abs(rsi - kPublishedRsi[i - 14]) < 1e-4,
            qPrintable(
                QStringLiteral("bar %1: %2 vs %3").arg(i + 1).arg(rsi).arg(kPublishedRsi[i - 14])));
    }
}

void TestCli::indicatorsAsATable()
{
    QTemporaryDir dir;
    const QString bars = writeRsiBars(dir);
    const Run run = runMag7({QStringLiteral("indicators"), QStringLiteral("--bars"), bars,
                             QStringLiteral("--indicator"), QStringLiteral("rsi:14"),
                             QStringLiteral("--indicator"), QStringLiteral("momentum:5")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QList<QByteArray> lines = run.out.split('\n');
    QVERIFY(lines[0].startsWith("time") && lines[0].contains("rsi:14") &&
            lines[0].contains("momentum:5"));
    // Bar 1: both warming up. Bar 15: the first RSI, 70.5328.
    QVERIFY2(lines[1].simplified() == "2025-01-13T10:00:00-05:00 - -", lines[1].constData());
    QVERIFY2(lines[15].contains("70.5328"), lines[15].constData());
    QCOMPARE(lines[15].size(), lines[0].size()); // aligned columns
}

void TestCli::indicatorsBadInput_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("message");
    const QByteArray header = "timestamp,open,high,low,close,volume\n";
    const QByteArray first = "2025-01-13T09:30,10,11,9,10,100\n";
    const QStringList rsi{QStringLiteral("--indicator"), QStringLiteral("rsi:14")};
    QTest::newRow("malformed row")
        << header + first + "2025-01-13T09:31,10,11\n"
        << rsi << QStringLiteral("bars.csv:3: expected 6 fields, found 3");
    QTest::newRow("not a number") << header + first + "2025-01-13T09:31,10,11,9,ten,100\n"
                                  << rsi
                                  << QStringLiteral("bars.csv:3: close 'ten' is not a number");
    QTest::newRow("negative price") << header + first + "2025-01-13T09:31,10,11,-9,10,100\n"
                                    << rsi << QStringLiteral("bars.csv:3: prices must be positive");
    QTest::newRow("high below low") << header + first + "2025-01-13T09:31,10,9,11,10,100\n"
                                    << rsi << QStringLiteral("bars.csv:3: high 9 and low 11");
    QTest::newRow("unsorted") << header + first + "2025-01-13T09:29,10,11,9,10,100\n"
                              << rsi
                              << QStringLiteral("bars.csv:3: timestamp 2025-01-13T09:29 does not "
                                                "follow the previous bar's");
    QTest::newRow("bad time") << header + "2025-13-13T09:30,10,11,9,10,100\n"
                              << rsi << QStringLiteral("bars.csv:2: timestamp '2025-13-13T09:30'");
    QTest::newRow("bad header") << QByteArray("time,open,high,low,close,volume\n") + first << rsi
                                << QStringLiteral("bars.csv:1: the header has no 'timestamp'");
    QTest::newRow("no bars") << header << rsi << QStringLiteral("bars.csv: no bars");
    QTest::newRow("unknown indicator")
        << header + first << QStringList{QStringLiteral("--indicator"), QStringLiteral("macd:12")}
        << QStringLiteral("unknown indicator 'macd:12'");
    QTest::newRow("no indicator") << header + first << QStringList{}
                                  << QStringLiteral("--indicator is required");
}

void TestCli::indicatorsBadInput()
{
    QFETCH(QByteArray, csv);
    QFETCH(QStringList, extra);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bars.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(csv);
    file.close();
    const Run run =
        runMag7(QStringList{QStringLiteral("indicators"), QStringLiteral("--bars"), path} + extra);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.out.isEmpty(), qPrintable(describe(run)));
    QVERIFY2(QString::fromUtf8(run.err).contains(message), qPrintable(describe(run)));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

// An opening-range breakout in imported bars: 09:30-09:45 range 100-101, then a close at 101.30
// on twice the range's volume fires ny-orb with its reason, stop and target.
void TestCli::signalsFromImportedBars()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("spy.csv")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,open,high,low,close,volume\n");
    for (int m = 0; m < 20; ++m) {
        const double high = m == 3 ? 101.0 : 100.6;
        const double low = m == 7 ? 100.0 : 100.4;
        file.write(QStringLiteral("2025-01-15T09:%1:00,100.5,%2,%3,100.5,1000\n")
                       .arg(30 + m)
                       .arg(high)
                       .arg(low)
                       .toLatin1());
    }
    file.write("2025-01-15T09:50:00,100.6,101.4,100.6,101.3,2000\n");
    file.close();
    const Run run =
        runMag7({QStringLiteral("signals"), QStringLiteral("--bars"), file.fileName(),
                 QStringLiteral("--symbol"), QStringLiteral("SPY"), QStringLiteral("--playbook"),
                 QStringLiteral("ny-orb"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    const QJsonObject signal = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(signal.value(QStringLiteral("time")).toString(),
             QStringLiteral("2025-01-15T09:51:00.000-05:00"));
    QCOMPARE(signal.value(QStringLiteral("symbol")).toString(), QStringLiteral("SPY"));
    QCOMPARE(signal.value(QStringLiteral("playbook")).toString(), QStringLiteral("ny-orb"));
    QCOMPARE(signal.value(QStringLiteral("side")).toString(), QStringLiteral("long"));
    QVERIFY(signal.value(QStringLiteral("reason"))
                .toString()
                .startsWith(QStringLiteral("NY opening range high 101.00 broken up")));
    QCOMPARE(signal.value(QStringLiteral("stop")).toDouble(), 100.5);
    QCOMPARE(signal.value(QStringLiteral("target")).toDouble(), 102.0);
    QCOMPARE(signal.value(QStringLiteral("inputs"))
                 .toObject()
                 .value(QStringLiteral("volume_ratio"))
                 .toDouble(),
             2.0);

    // A wider buffer turns the same bar into a near miss.
    const Run strict = runMag7({QStringLiteral("signals"), QStringLiteral("--bars"),
                                file.fileName(), QStringLiteral("--symbol"), QStringLiteral("SPY"),
                                QStringLiteral("--set"), QStringLiteral("ny-orb.buffer=0.5")});
    QVERIFY2(strict.exitCode == 0, qPrintable(describe(strict)));
    QVERIFY(strict.out.isEmpty());
}

void TestCli::signalsListAndErrors()
{
    const Run list =
        runMag7({QStringLiteral("signals"), QStringLiteral("--list"), QStringLiteral("--json")});
    QVERIFY2(list.exitCode == 0, qPrintable(describe(list)));
    QStringList names;
    for (const QByteArray &line : list.out.trimmed().split('\n')) {
        const QJsonObject playbook = QJsonDocument::fromJson(line).object();
        names << playbook.value(QStringLiteral("name")).toString();
        QVERIFY(!playbook.value(QStringLiteral("parameters")).toArray().isEmpty());
    }
    for (const char *name :
         {"ny-orb", "london-orb", "ny-vwap", "ny-candles", "ict-sweep", "fat-tail", "convexity",
          "calendar", "iron-fly", "mag7", "meic", "gamma-scalp", "earnings", "ensemble"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
    QCOMPARE(names.last(), QStringLiteral("ensemble")); // scores the others: runs last

    // Over the recording: every tick through the market state, the chains rebuilt from the
    // recorded option quotes, each signal a JSON line with its structure and legs.
    const Run recorded =
        runMag7({QStringLiteral("signals"), QStringLiteral("--data"), m_data,
                 QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
                 QStringLiteral("--to"), QStringLiteral("2025-01-13T09:40"),
                 QStringLiteral("--chain-every"), QStringLiteral("1"), QStringLiteral("--json")});
    QVERIFY2(recorded.exitCode == 0, qPrintable(describe(recorded)));
    const QRegularExpression summary(
        QStringLiteral("(\\d+) signal\\(s\\) from (\\d+) bars of (\\d+) underlying\\(s\\), (\\d+) "
                       "ticks, (\\d+) chain rebuilds"));
    const auto match = summary.match(QString::fromUtf8(recorded.err));
    QVERIFY2(match.hasMatch(), recorded.err.constData());
    QVERIFY(match.captured(2).toInt() > 0);
    QVERIFY(match.captured(4).toLongLong() > 0);
    QVERIFY(match.captured(5).toInt() > 0); // chains built from the recorded option quotes
    const QByteArray lines = recorded.out.trimmed();
    QCOMPARE(lines.isEmpty() ? 0 : int(lines.split('\n').size()), match.captured(1).toInt());
    for (const QByteArray &line : lines.isEmpty() ? QList<QByteArray>{} : lines.split('\n')) {
        const QJsonObject signal = QJsonDocument::fromJson(line).object();
        QVERIFY2(signal.contains(QStringLiteral("legs")), line.constData());
        QVERIFY(!signal.value(QStringLiteral("reason")).toString().isEmpty());
    }
    const Run badEvery = runMag7({QStringLiteral("signals"), QStringLiteral("--data"), m_data,
                                  QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
                                  QStringLiteral("--to"), QStringLiteral("2025-01-13T09:40"),
                                  QStringLiteral("--chain-every"), QStringLiteral("0")});
    QCOMPARE(badEvery.exitCode, 2);
    QVERIFY(badEvery.err.contains("--chain-every must be 1..60 minutes"));
    const Run unknownSymbol = runMag7({QStringLiteral("signals"), QStringLiteral("--data"), m_data,
                                       QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
                                       QStringLiteral("--to"), QStringLiteral("2025-01-13T09:40"),
                                       QStringLiteral("--symbol"), QStringLiteral("ZZZZ")});
    QCOMPARE(unknownSymbol.exitCode, 1);
    QVERIFY2(unknownSymbol.err.contains("unknown symbol 'ZZZZ'"), unknownSymbol.err.constData());

    const Run unknown =
        runMag7({QStringLiteral("signals"), QStringLiteral("--bars"),
                 QStringLiteral("/nonexistent.csv"), QStringLiteral("--symbol"),
                 QStringLiteral("SPY"), QStringLiteral("--playbook"), QStringLiteral("nope")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("unknown playbook 'nope'"));
    const Run range = runMag7({QStringLiteral("signals"), QStringLiteral("--list"),
                               QStringLiteral("--set"), QStringLiteral("x")});
    QCOMPARE(range.exitCode, 0); // --list ignores the rest
    const Run badSet = runMag7({QStringLiteral("signals"), QStringLiteral("--bars"),
                                QStringLiteral("/nonexistent.csv"), QStringLiteral("--symbol"),
                                QStringLiteral("SPY"), QStringLiteral("--set"),
                                QStringLiteral("ny-orb.buffer=9")});
    QCOMPARE(badSet.exitCode, 2);
    QVERIFY2(badSet.err.contains("buffer must be in [0"), badSet.err.constData());
    const Run missing = runMag7({QStringLiteral("signals"), QStringLiteral("--bars"),
                                 QStringLiteral("/nonexistent.csv"), QStringLiteral("--symbol"),
                                 QStringLiteral("SPY")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("/nonexistent.csv: cannot open the file"));
}

// The recording replayed as fast as it reads and paced at 10x: the summary accounts for every
// recorded tick of the range, a paced replay cannot finish before virtual time / speed, and
// --print quotes gives the selected instrument's quotes in time order.
void TestCli::replayPrintsSummaryAndQuotes()
{
    const auto replay = [&](const QStringList &extra) {
        return runMag7(QStringList{QStringLiteral("replay"), QStringLiteral("--data"), m_data} +
                       extra);
    };
    // The simulated market generates through its end instant (a tick at 09:40:00.000 is
    // recorded); the replay range is half-open, so it ends a millisecond later.
    const Run max = replay({QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
                            QStringLiteral("--to"), QStringLiteral("2025-01-13T09:40:00.001")});
    QVERIFY2(max.exitCode == 0, qPrintable(describe(max)));
    const QJsonObject summary = QJsonDocument::fromJson(max.out.trimmed()).object();
    QCOMPARE(summary.value(QStringLiteral("virtual_seconds")).toDouble(), 600.001);
    QCOMPARE(summary.value(QStringLiteral("speed")).toString(), QStringLiteral("max"));
    // Every tick the recording holds in the range (the simulate summary counts what it wrote).
    QCOMPARE(summary.value(QStringLiteral("ticks")).toDouble(),
             m_summary.value(QStringLiteral("ticks")).toDouble());
    QVERIFY(summary.value(QStringLiteral("ticks_per_second")).toDouble() > 0);

    const Run paced = replay({QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30:00"),
                              QStringLiteral("--to"), QStringLiteral("2025-01-13T09:30:05"),
                              QStringLiteral("--speed"), QStringLiteral("10")});
    QVERIFY2(paced.exitCode == 0, qPrintable(describe(paced)));
    const QJsonObject pacedSummary = QJsonDocument::fromJson(paced.out.trimmed()).object();
    QCOMPARE(pacedSummary.value(QStringLiteral("virtual_seconds")).toDouble(), 5.0);
    QVERIFY2(pacedSummary.value(QStringLiteral("seconds")).toDouble() >= 0.49,
             paced.out.constData());

    const Run quotes = replay({QStringLiteral("--from"), QStringLiteral("2025-01-13T09:31"),
                               QStringLiteral("--to"), QStringLiteral("2025-01-13T09:32"),
                               QStringLiteral("--print"), QStringLiteral("quotes"),
                               QStringLiteral("--symbol"), QStringLiteral("spy")});
    QVERIFY2(quotes.exitCode == 0, qPrintable(describe(quotes)));
    const QList<QByteArray> lines = quotes.out.trimmed().split('\n');
    QVERIFY(lines.size() > 10);
    QString previous;
    for (const QByteArray &line : lines) {
        const QJsonObject quote = QJsonDocument::fromJson(line).object();
        QCOMPARE(quote.value(QStringLiteral("symbol")).toString(), QStringLiteral("SPY"));
        const QString time = quote.value(QStringLiteral("time")).toString();
        QVERIFY(time >= QStringLiteral("2025-01-13T09:31:00") &&
                time < QStringLiteral("2025-01-13T09:32:00"));
        QVERIFY(time >= previous);
        previous = time;
        QVERIFY(quote.value(QStringLiteral("ask")).toDouble() >=
                quote.value(QStringLiteral("bid")).toDouble());
    }

    const Run badSpeed = replay({QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
                                 QStringLiteral("--to"), QStringLiteral("2025-01-13T09:40"),
                                 QStringLiteral("--speed"), QStringLiteral("0")});
    QCOMPARE(badSpeed.exitCode, 2);
    QVERIFY(badSpeed.err.contains("--speed must be 0.25 to 1000 or max, got '0'"));
    const Run unknown = replay({QStringLiteral("--from"), QStringLiteral("2025-01-13T09:30"),
                                QStringLiteral("--to"), QStringLiteral("2025-01-13T09:40"),
                                QStringLiteral("--symbol"), QStringLiteral("ZZZZ")});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY(unknown.err.contains("unknown symbol 'ZZZZ': not in the recording"));
    const Run noDay = replay({QStringLiteral("--from"), QStringLiteral("2025-03-03T09:30"),
                              QStringLiteral("--to"), QStringLiteral("2025-03-03T09:40")});
    QCOMPARE(noDay.exitCode, 1);
    QVERIFY2(noDay.err.contains("no recording between 2025-03-03 and 2025-03-03"),
             noDay.err.constData());
}

// Ten minutes of the simulated market, then a scan at 09:39: every hit satisfies the rule, and
// an unknown variable is refused with its column.
void TestCli::scanFindsContractsAndRefusesUnknownVariables()
{
    QTemporaryDir dir;
    const Run simulate = runMag7({QStringLiteral("simulate"), QStringLiteral("--from"),
                                  QStringLiteral("2025-01-13T09:30"), QStringLiteral("--to"),
                                  QStringLiteral("2025-01-13T09:40"), QStringLiteral("--fast"),
                                  QStringLiteral("--data"), dir.path()});
    QVERIFY2(simulate.exitCode == 0, qPrintable(describe(simulate)));
    const Run scan = runMag7(
        {QStringLiteral("scan"), QStringLiteral("--data"), dir.path(), QStringLiteral("--at"),
         QStringLiteral("2025-01-13T09:39"), QStringLiteral("--rule"),
         QStringLiteral("dte <= 7 and abs(delta) between 0.25 and 0.4 and put"),
         QStringLiteral("--json")});
    QVERIFY2(scan.exitCode == 0, qPrintable(describe(scan)));
    const QList<QByteArray> lines = scan.out.trimmed().split('\n');
    QVERIFY2(lines.size() > 10, qPrintable(describe(scan)));
    for (const QByteArray &line : lines) {
        const QJsonObject hit = QJsonDocument::fromJson(line).object();
        QCOMPARE(hit.value(QStringLiteral("right")).toString(), QStringLiteral("put"));
        QVERIFY(hit.value(QStringLiteral("dte")).toInt() <= 7);
        const double delta = std::abs(hit.value(QStringLiteral("delta")).toDouble());
        QVERIFY2(delta >= 0.25 && delta <= 0.4, line.constData());
    }
    QVERIFY(scan.err.contains("contracts matched"));

    const Run bad = runMag7({QStringLiteral("scan"), QStringLiteral("--data"), dir.path(),
                             QStringLiteral("--at"), QStringLiteral("2025-01-13T09:39"),
                             QStringLiteral("--rule"), QStringLiteral("dte <= 7 and wobble > 1")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("at column 14: unknown variable 'wobble'"), bad.err.constData());
}
