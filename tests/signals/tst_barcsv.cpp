// Bar CSV import: the header in any order, Eastern or offset timestamps, and an error naming the
// file, line and problem for every kind of bad row.
#include "model/easterntime.h"
#include "signals/barcsv.h"

#include <QTest>

using namespace mag7;
using namespace mag7::signals;

class TestBarCsv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesBars()
    {
        const char *text = "Timestamp,Volume,Open,High,Low,Close,extra\n"
                           "2025-01-15T09:30:00,1200,100.5,101,100.25,100.75,x\n"
                           "\n"
                           "2025-01-15T09:31:00-05:00,800,100.75,100.8,100.1,100.2,y\n";
        auto bars = parseBarCsv(text, "bars.csv");
        QVERIFY2(bars.ok(), bars.ok() ? "" : bars.message().c_str());
        QCOMPARE(bars->size(), std::size_t{2});
        QCOMPARE((*bars)[0].start, *parseIsoTimestamp("2025-01-15T09:30:00-05:00"));
        QCOMPARE((*bars)[0].open, 100.5);
        QCOMPARE((*bars)[0].high, 101.0);
        QCOMPARE((*bars)[0].low, 100.25);
        QCOMPARE((*bars)[0].close, 100.75);
        QCOMPARE((*bars)[0].volume, std::int64_t{1200});
        QCOMPARE((*bars)[1].start - (*bars)[0].start, kNanosPerMinute);
    }

    void errorsNameLineAndProblem_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const QString header = QStringLiteral("timestamp,open,high,low,close,volume\n");
        const QString good = QStringLiteral("2025-01-15T09:30,1,2,0.5,1.5,10\n");
        QTest::newRow("empty") << QString() << "b.csv: empty file";
        QTest::newRow("no volume") << "timestamp,open,high,low,close\n"
                                   << "b.csv:1: the header has no 'volume' column";
        QTest::newRow("short row") << header + "2025-01-15T09:30,1,2\n"
                                   << "b.csv:2: expected 6 fields, found 3";
        QTest::newRow("bad time") << header + "yesterday,1,2,0.5,1.5,10\n"
                                  << "b.csv:2: timestamp 'yesterday'";
        QTest::newRow("bad number") << header + "2025-01-15T09:30,1,two,0.5,1.5,10\n"
                                    << "b.csv:2: high 'two' is not a number";
        QTest::newRow("negative") << header + "2025-01-15T09:30,-1,2,0.5,1.5,10\n"
                                  << "b.csv:2: prices must be positive";
        QTest::newRow("high below low")
            << header + "2025-01-15T09:30,1,0.4,0.5,1.5,10\n"
            << "b.csv:2: high 0.4 and low 0.5 do not contain open and close";
        QTest::newRow("volume") << header + "2025-01-15T09:30,1,2,0.5,1.5,-3\n"
                                << "b.csv:2: volume '-3' must be a whole number >= 0";
        QTest::newRow("order")
            << header + good + good
            << "b.csv:3: timestamp 2025-01-15T09:30 does not follow the previous bar's";
    }

    void errorsNameLineAndProblem()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        auto bars = parseBarCsv(text.toStdString(), "b.csv");
        QVERIFY(!bars.ok());
        QVERIFY2(QString::fromStdString(bars.message()).startsWith(message),
                 bars.message().c_str());
    }

    void missingFile()
    {
        auto bars = readBarCsv("/nonexistent/bars.csv");
        QVERIFY(!bars.ok());
        QCOMPARE(bars.message(), std::string("/nonexistent/bars.csv: cannot open the file"));
    }
};

QTEST_GUILESS_MAIN(TestBarCsv)
#include "tst_barcsv.moc"
