// NYSE holidays against QuantLib's UnitedStates(NYSE) calendar, early closes against the NYSE's
// published schedules, session phases, futures hours and trading-date assignment.
#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <QTest>
#include <ql/time/calendars/unitedstates.hpp>

using namespace mag7;

namespace {
Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}
Date date(const char *iso)
{
    return *parseDate(iso);
}
} // namespace

class TestExchangeCalendar : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tradingDayWindows()
    {
        // Monday 2025-01-13 begins Friday 18:00 ET; the day after Thanksgiving closes early.
        const calendar::TradingDayWindow monday = calendar::tradingDayWindow(makeDate(2025, 1, 13));
        QCOMPARE(monday.begins, fromEastern(makeDate(2025, 1, 10), timeOfDay(18, 0)));
        QCOMPARE(monday.ends, fromEastern(makeDate(2025, 1, 13), timeOfDay(18, 0)));
        QCOMPARE(monday.regularOpen, fromEastern(makeDate(2025, 1, 13), timeOfDay(9, 30)));
        QVERIFY(monday.contains(monday.begins) && !monday.contains(monday.ends));
        QVERIFY(monday.inRegularSession(monday.regularOpen));
        QVERIFY(!monday.inRegularSession(monday.regularClose));
        const calendar::TradingDayWindow friday =
            calendar::tradingDayWindow(makeDate(2025, 11, 28));
        QCOMPARE(friday.regularClose, fromEastern(makeDate(2025, 11, 28), timeOfDay(13, 0)));
        QCOMPARE(friday.begins, fromEastern(makeDate(2025, 11, 26), timeOfDay(18, 0)));
    }

    void holidaysAgreeWithQuantLib();
    void knownHolidays_data();
    void knownHolidays();
    void earlyCloses();
    void sessionPhases_data();
    void sessionPhases();
    void futuresHours_data();
    void futuresHours();
    void tradingDateOfTicks_data();
    void tradingDateOfTicks();
    void tradingDayArithmetic();
};

void TestExchangeCalendar::holidaysAgreeWithQuantLib()
{
    const QuantLib::UnitedStates nyse(QuantLib::UnitedStates::NYSE);
    int holidays = 0;
    for (Date d = makeDate(2008, 1, 1); d <= makeDate(2030, 12, 31); d = addDays(d, 1)) {
        if (isWeekend(d))
            continue;
        // The 2025-01-09 day of mourning post-dates QuantLib 1.29.
        if (d == makeDate(2025, 1, 9)) {
            QVERIFY(calendar::isHoliday(d));
            continue;
        }
        const QuantLib::Date qd(static_cast<QuantLib::Day>(day(d)),
                                static_cast<QuantLib::Month>(month(d)), year(d));
        const bool theirs = nyse.isHoliday(qd);
        const bool ours = calendar::isHoliday(d);
        if (theirs != ours) {
            QFAIL(qPrintable(QStringLiteral("%1: QuantLib says %2, we say %3 (%4)")
                                 .arg(QString::fromStdString(formatDate(d)))
                                 .arg(theirs ? "holiday" : "open")
                                 .arg(ours ? "holiday" : "open")
                                 .arg(QString::fromStdString(calendar::holidayName(d)))));
        }
        holidays += ours ? 1 : 0;
    }
    QVERIFY(holidays > 200);
}

void TestExchangeCalendar::knownHolidays_data()
{
    QTest::addColumn<QString>("day");
    QTest::addColumn<QString>("name");
    QTest::newRow("new year observed monday") << "2023-01-02"
                                              << "New Year's Day";
    QTest::newRow("MLK 2025") << "2025-01-20"
                              << "Martin Luther King Jr. Day";
    QTest::newRow("Carter") << "2025-01-09"
                            << "National Day of Mourning (Carter)";
    QTest::newRow("good friday 2025") << "2025-04-18"
                                      << "Good Friday";
    QTest::newRow("juneteenth 2026") << "2026-06-19"
                                     << "Juneteenth";
    QTest::newRow("july 4 observed friday") << "2026-07-03"
                                            << "Independence Day";
    QTest::newRow("thanksgiving 2026") << "2026-11-26"
                                       << "Thanksgiving Day";
    QTest::newRow("christmas observed friday") << "2021-12-24"
                                               << "Christmas Day";
    QTest::newRow("no friday close for saturday new year") << "2021-12-31"
                                                           << "";
    QTest::newRow("ordinary day") << "2026-11-20"
                                  << "";
}

void TestExchangeCalendar::knownHolidays()
{
    QFETCH(QString, day);
    QFETCH(QString, name);
    QCOMPARE(QString::fromStdString(calendar::holidayName(date(qPrintable(day)))), name);
}

void TestExchangeCalendar::earlyCloses()
{
    // NYSE published early closes (13:00 ET) 2023-2026.
    const QStringList published{"2023-07-03", "2023-11-24", "2024-07-03", "2024-11-29",
                                "2024-12-24", "2025-07-03", "2025-11-28", "2025-12-24",
                                "2026-11-27", "2026-12-24"};
    QStringList ours;
    for (Date d = makeDate(2023, 1, 1); d <= makeDate(2026, 12, 31); d = addDays(d, 1)) {
        if (calendar::isEarlyClose(d))
            ours << QString::fromStdString(formatDate(d));
    }
    QCOMPARE(ours, published);
    const auto session = calendar::equitySession(date("2025-11-28"));
    QVERIFY(session && session->earlyClose);
    QCOMPARE(session->regularClose, at("2025-11-28T13:00"));
    QCOMPARE(session->afterHoursClose, at("2025-11-28T17:00"));
}

void TestExchangeCalendar::sessionPhases_data()
{
    QTest::addColumn<QString>("time");
    QTest::addColumn<int>("phase");
    QTest::newRow("overnight") << "2025-01-13T03:59:59" << int(SessionPhase::Closed);
    QTest::newRow("pre open") << "2025-01-13T04:00" << int(SessionPhase::PreMarket);
    QTest::newRow("before bell") << "2025-01-13T09:29:59.999" << int(SessionPhase::PreMarket);
    QTest::newRow("bell") << "2025-01-13T09:30" << int(SessionPhase::Regular);
    QTest::newRow("last second") << "2025-01-13T15:59:59.999" << int(SessionPhase::Regular);
    QTest::newRow("close") << "2025-01-13T16:00" << int(SessionPhase::AfterHours);
    QTest::newRow("after hours end") << "2025-01-13T20:00" << int(SessionPhase::Closed);
    QTest::newRow("saturday") << "2025-01-11T10:00" << int(SessionPhase::Closed);
    QTest::newRow("holiday") << "2025-01-20T10:00" << int(SessionPhase::Closed);
    QTest::newRow("early close afternoon") << "2025-12-24T13:30" << int(SessionPhase::AfterHours);
    QTest::newRow("summer open (EDT)") << "2025-07-14T13:30:00Z" << int(SessionPhase::Regular);
    QTest::newRow("summer pre (EDT)") << "2025-07-14T13:29:00Z" << int(SessionPhase::PreMarket);
}

void TestExchangeCalendar::sessionPhases()
{
    QFETCH(QString, time);
    QFETCH(int, phase);
    QCOMPARE(int(calendar::equityPhase(at(qPrintable(time)))), phase);
}

void TestExchangeCalendar::futuresHours_data()
{
    QTest::addColumn<QString>("time");
    QTest::addColumn<bool>("open");
    QTest::newRow("sunday before open") << "2025-01-12T17:59" << false;
    QTest::newRow("sunday open") << "2025-01-12T18:00" << true;
    QTest::newRow("monday 3am") << "2025-01-13T03:00" << true;
    QTest::newRow("daily break") << "2025-01-13T17:30" << false;
    QTest::newRow("reopen") << "2025-01-13T18:00" << true;
    QTest::newRow("friday close") << "2025-01-17T17:00" << false;
    QTest::newRow("saturday") << "2025-01-18T12:00" << false;
    QTest::newRow("MLK morning") << "2025-01-20T12:59" << true;
    QTest::newRow("MLK halt") << "2025-01-20T13:00" << false;
    QTest::newRow("MLK evening") << "2025-01-20T18:00" << true;
    QTest::newRow("christmas closed") << "2025-12-25T10:00" << false;
    QTest::newRow("christmas eve evening") << "2025-12-24T18:00" << false;
    QTest::newRow("christmas eve early halt") << "2025-12-24T13:20" << false;
    QTest::newRow("christmas evening") << "2025-12-25T18:00" << true;
}

void TestExchangeCalendar::futuresHours()
{
    QFETCH(QString, time);
    QFETCH(bool, open);
    QCOMPARE(calendar::isFuturesOpen(at(qPrintable(time))), open);
}

void TestExchangeCalendar::tradingDateOfTicks_data()
{
    QTest::addColumn<QString>("time");
    QTest::addColumn<QString>("tradingDate");
    QTest::newRow("regular") << "2025-01-13T10:00"
                             << "2025-01-13";
    QTest::newRow("after hours") << "2025-01-13T19:00"
                                 << "2025-01-14";
    QTest::newRow("before evening") << "2025-01-13T17:59:59"
                                    << "2025-01-13";
    QTest::newRow("sunday evening") << "2025-01-12T18:30"
                                    << "2025-01-13";
    QTest::newRow("friday evening") << "2025-01-17T18:30"
                                    << "2025-01-21";
    QTest::newRow("holiday morning") << "2025-01-20T10:00"
                                     << "2025-01-21";
}

void TestExchangeCalendar::tradingDateOfTicks()
{
    QFETCH(QString, time);
    QFETCH(QString, tradingDate);
    QCOMPARE(QString::fromStdString(formatDate(calendar::tradingDateOf(at(qPrintable(time))))),
             tradingDate);
}

void TestExchangeCalendar::tradingDayArithmetic()
{
    QCOMPARE(calendar::nextTradingDay(date("2025-01-17")), date("2025-01-21"));
    QCOMPARE(calendar::previousTradingDay(date("2025-01-21")), date("2025-01-17"));
    QCOMPARE(calendar::tradingDaysBetween(date("2025-01-13"), date("2025-01-21")), 5);
    QCOMPARE(calendar::tradingDaysBetween(date("2025-01-21"), date("2025-01-13")), -5);
    QCOMPARE(calendar::thirdFriday(2025, 1), date("2025-01-17"));
    QCOMPARE(calendar::thirdFriday(2026, 11), date("2026-11-20"));
}

QTEST_GUILESS_MAIN(TestExchangeCalendar)
#include "tst_exchangecalendar.moc"
