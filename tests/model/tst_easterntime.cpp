// US/Eastern conversions, checked against the system time-zone database through QTimeZone.
#include "model/easterntime.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace mag7;

class TestEasternTime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void offsetsAgreeWithTimeZoneDatabase();
    void dstEdges_data();
    void dstEdges();
    void localRoundTrip();
    void parsesIso_data();
    void parsesIso();
    void rejectsBadIso_data();
    void rejectsBadIso();
    void formatsIso();
};

void TestEasternTime::offsetsAgreeWithTimeZoneDatabase()
{
    const QTimeZone newYork("America/New_York");
    QVERIFY(newYork.isValid());
    // Every 37 minutes from 2006 through 2030, plus one second either side of each DST switch.
    const Timestamp from = *parseIsoTimestamp("2006-01-01T00:00:00Z");
    const Timestamp to = *parseIsoTimestamp("2031-01-01T00:00:00Z");
    int checked = 0;
    for (Timestamp t = from; t < to; t += 37 * kNanosPerMinute) {
        const QDateTime utc = QDateTime::fromMSecsSinceEpoch(t / kNanosPerMilli, QTimeZone::utc());
        const int expected = newYork.offsetFromUtc(utc);
        const int ours = easternUtcOffsetSeconds(t);
        if (expected != ours) {
            QFAIL(qPrintable(QStringLiteral("offset mismatch at %1: tzdb %2, ours %3")
                                 .arg(utc.toString(Qt::ISODate))
                                 .arg(expected)
                                 .arg(ours)));
        }
        ++checked;
    }
    QVERIFY(checked > 300000);
    for (int y = 2006; y <= 2030; ++y) {
        for (const auto &transition :
             newYork.transitions(QDateTime(QDate(y, 1, 1), QTime(0, 0), QTimeZone::utc()),
                                 QDateTime(QDate(y, 12, 31), QTime(0, 0), QTimeZone::utc()))) {
            const Timestamp at = transition.atUtc.toMSecsSinceEpoch() * kNanosPerMilli;
            QCOMPARE(easternUtcOffsetSeconds(at), transition.offsetFromUtc);
            QCOMPARE(easternUtcOffsetSeconds(at - kNanosPerSecond),
                     newYork.offsetFromUtc(transition.atUtc.addSecs(-1)));
        }
    }
}

void TestEasternTime::dstEdges_data()
{
    QTest::addColumn<QString>("local");
    QTest::addColumn<QString>("utc");
    // Spring forward 2025-03-09 02:00 EST -> 03:00 EDT.
    QTest::newRow("before spring") << "2025-03-09T01:59:59"
                                   << "2025-03-09T06:59:59Z";
    QTest::newRow("after spring") << "2025-03-09T03:00:00"
                                  << "2025-03-09T07:00:00Z";
    QTest::newRow("in spring gap") << "2025-03-09T02:30:00"
                                   << "2025-03-09T07:30:00Z";
    // Fall back 2025-11-02 02:00 EDT -> 01:00 EST; 01:30 happens twice, the first is chosen.
    QTest::newRow("repeated hour") << "2025-11-02T01:30:00"
                                   << "2025-11-02T05:30:00Z";
    QTest::newRow("after fall") << "2025-11-02T02:00:00"
                                << "2025-11-02T07:00:00Z";
    QTest::newRow("open in winter") << "2025-01-13T09:30"
                                    << "2025-01-13T14:30:00Z";
    QTest::newRow("open in summer") << "2025-07-14T09:30"
                                    << "2025-07-14T13:30:00Z";
    QTest::newRow("old rules april") << "2006-04-02T03:00"
                                     << "2006-04-02T07:00:00Z";
    QTest::newRow("old rules october") << "2006-10-29T02:00"
                                       << "2006-10-29T07:00:00Z";
}

void TestEasternTime::dstEdges()
{
    QFETCH(QString, local);
    QFETCH(QString, utc);
    const auto parsedLocal = parseIsoTimestamp(local.toStdString());
    const auto parsedUtc = parseIsoTimestamp(utc.toStdString());
    QVERIFY(parsedLocal.ok());
    QVERIFY(parsedUtc.ok());
    QCOMPARE(*parsedLocal, *parsedUtc);
}

void TestEasternTime::localRoundTrip()
{
    // Every local minute of 2025 that exists exactly once maps back to itself.
    const Timestamp from = *parseIsoTimestamp("2025-01-01T05:00:00Z");
    for (Timestamp t = from; t < from + 365 * kNanosPerDay; t += 13 * kNanosPerMinute) {
        const LocalDateTime local = toEastern(t);
        const Timestamp back = fromEastern(local);
        const bool repeatedHour = back != t && back + kNanosPerHour == t;
        QVERIFY2(back == t || repeatedHour, formatUtcIso(t).c_str());
    }
}

void TestEasternTime::parsesIso_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qlonglong>("expectedNanos");
    const qlonglong open = 1736778600LL * kNanosPerSecond; // 2025-01-13T14:30:00Z
    QTest::newRow("minutes") << "2025-01-13T09:30" << open;
    QTest::newRow("seconds") << "2025-01-13T09:30:00" << open;
    QTest::newRow("space") << "2025-01-13 09:30:00" << open;
    QTest::newRow("millis") << "2025-01-13T09:30:00.250" << open + 250 * kNanosPerMilli;
    QTest::newRow("nanos") << "2025-01-13T09:30:00.000000007" << open + 7;
    QTest::newRow("zulu") << "2025-01-13T14:30:00Z" << open;
    QTest::newRow("offset") << "2025-01-13T15:30:00+01:00" << open;
    QTest::newRow("negative offset") << "2025-01-13T09:30:00-05:00" << open;
    QTest::newRow("compact offset") << "2025-01-13T09:30:00-0500" << open;
    QTest::newRow("date only") << "2025-01-13" << open - (9 * 60 + 30) * kNanosPerMinute;
}

void TestEasternTime::parsesIso()
{
    QFETCH(QString, text);
    QFETCH(qlonglong, expectedNanos);
    const auto parsed = parseIsoTimestamp(text.toStdString());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.message().c_str());
    QCOMPARE(*parsed, expectedNanos);
}

void TestEasternTime::rejectsBadIso_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("garbage") << "yesterday";
    QTest::newRow("bad month") << "2025-13-01T09:30";
    QTest::newRow("feb 30") << "2025-02-30";
    QTest::newRow("bad hour") << "2025-01-13T25:00";
    QTest::newRow("bad minute") << "2025-01-13T09:61";
    QTest::newRow("trailing") << "2025-01-13T09:30junk";
    QTest::newRow("bad offset") << "2025-01-13T09:30+5";
}

void TestEasternTime::rejectsBadIso()
{
    QFETCH(QString, text);
    const auto parsed = parseIsoTimestamp(text.toStdString());
    QVERIFY(!parsed.ok());
    QVERIFY(QString::fromStdString(parsed.message()).contains("invalid time"));
}

void TestEasternTime::formatsIso()
{
    const Timestamp t = *parseIsoTimestamp("2025-07-14T09:30:01.5");
    QCOMPARE(QString::fromStdString(formatEasternIso(t)), "2025-07-14T09:30:01.500-04:00");
    QCOMPARE(QString::fromStdString(formatUtcIso(t, TimePrecision::Seconds)),
             "2025-07-14T13:30:01Z");
    const Timestamp winter = *parseIsoTimestamp("2025-01-13T16:00");
    QCOMPARE(QString::fromStdString(formatEasternIso(winter, TimePrecision::Micros)),
             "2025-01-13T16:00:00.000000-05:00");
    QVERIFY(parseIsoTimestamp(formatEasternIso(t, TimePrecision::Nanos)).ok());
    QCOMPARE(*parseIsoTimestamp(formatEasternIso(t, TimePrecision::Nanos)), t);
}

QTEST_GUILESS_MAIN(TestEasternTime)
#include "tst_easterntime.moc"
