// Price levels from constructed 1-minute bar sequences with known answers: the New York and
// London opening ranges to the minute, the Asia session across midnight, prior-day levels after
// the date roll, 3-day levels (and the tie rule), a holiday and an early close, the March 2025
// daylight-saving week in UTC, futures against equity prior-day rules, swing pivots (confirmed
// only k bars later, none on equal highs, the last N kept) and the merge with the GEX levels.
#include "model/easterntime.h"
#include "signals/levels.h"

#include <QTest>

#include <cmath>
#include <set>
#include <string>
#include <vector>

using namespace mag7;
using namespace mag7::signals;

namespace {

Timestamp et(Date date, int hour, int minute)
{
    return fromEastern(date, timeOfDay(hour, minute));
}

Timestamp utc(Date date, int hour, int minute)
{
    return utcMidnight(date) + timeOfDay(hour, minute);
}

QString text(Date date)
{
    return QString::fromStdString(formatDate(date));
}

QString text(Timestamp ts)
{
    return QString::fromStdString(formatEasternIso(ts, TimePrecision::Seconds));
}

Bar makeBar(Timestamp start, double high, double low, double close)
{
    Bar bar;
    bar.start = start;
    bar.open = (high + low) / 2;
    bar.high = high;
    bar.low = low;
    bar.close = std::isnan(close) ? (high + low) / 2 : close;
    bar.volume = 100;
    return bar;
}

// A bar that differs from the flat background of a feed.
struct Spike {
    Timestamp at = 0;
    double high = 0;
    double low = 0;
    double close = kNoLevel; // NaN: the middle of the bar
};

// Feeds one bar per minute over [from, to): `high`/`low` (close in the middle) except where a
// spike starts. Returns false when the tracker rejected a bar.
bool feed(LevelTracker &tracker, Timestamp from, Timestamp to, double high, double low,
          const std::vector<Spike> &spikes = {})
{
    for (Timestamp t = from; t < to; t += kNanosPerMinute) {
        Bar bar = makeBar(t, high, low, kNoLevel);
        for (const Spike &spike : spikes) {
            if (spike.at == t)
                bar = makeBar(t, spike.high, spike.low, spike.close);
        }
        if (!tracker.add(bar))
            return false;
    }
    return true;
}

// An equity day: pre-market 08:00-09:30 and after hours from the regular close to 17:00 run far
// outside the regular session, which is flat at 100/99 except for its high at 10:00, its low at
// 11:00 and its close on the last regular bar.
bool feedEquityDay(LevelTracker &tracker, Date date, double high, double low, double close,
                   int closeHour = 16)
{
    const Timestamp regularClose = et(date, closeHour, 0);
    const std::vector<Spike> spikes = {
        {et(date, 8, 0), high + 20, low - 20},
        {et(date, 10, 0), high, 99},
        {et(date, 11, 0), 100, low},
        {regularClose - kNanosPerMinute, 100, 99, close},
        {regularClose, high + 30, low - 30, close + 7},
    };
    return feed(tracker, et(date, 8, 0), et(date, 17, 0), 100, 99, spikes);
}

// "2025-07-03 H 110 L 95 C 103": the prior trading date and its levels.
QString prior(const LevelSnapshot &s)
{
    return QStringLiteral("%1 H %2 L %3 C %4")
        .arg(text(s.priorDate))
        .arg(s.priorHigh)
        .arg(s.priorLow)
        .arg(s.priorClose);
}

std::vector<double> prices(const std::vector<SwingPoint> &swings)
{
    std::vector<double> out;
    for (const SwingPoint &swing : swings)
        out.push_back(swing.price);
    return out;
}

// Feeds bars one minute apart from `start` with the given highs and lows.
bool feedSeries(LevelTracker &tracker, Timestamp start, const std::vector<double> &highs,
                const std::vector<double> &lows)
{
    for (std::size_t i = 0; i < highs.size(); ++i) {
        const Timestamp t = start + static_cast<Timestamp>(i) * kNanosPerMinute;
        if (!tracker.add(makeBar(t, highs[i], lows[i], kNoLevel)))
            return false;
    }
    return true;
}

constexpr Date kMonday = makeDate(2025, 1, 13);
constexpr Date kTuesday = makeDate(2025, 1, 14);
constexpr Date kWednesday = makeDate(2025, 1, 15);
constexpr Date kThursday = makeDate(2025, 1, 16);
constexpr Date kFriday = makeDate(2025, 1, 17);
// July 2025: Thursday the 3rd closes early, Friday the 4th is a holiday.
constexpr Date kJul1 = makeDate(2025, 7, 1);
constexpr Date kJul2 = makeDate(2025, 7, 2);
constexpr Date kJul3 = makeDate(2025, 7, 3);
constexpr Date kJul4 = makeDate(2025, 7, 4);
constexpr Date kJul6 = makeDate(2025, 7, 6);
constexpr Date kJul7 = makeDate(2025, 7, 7);
// March 2025: daylight saving time starts Sunday the 9th.
constexpr Date kMar6 = makeDate(2025, 3, 6);
constexpr Date kMar7 = makeDate(2025, 3, 7);
constexpr Date kMar9 = makeDate(2025, 3, 9);
constexpr Date kMar10 = makeDate(2025, 3, 10);

} // namespace

class TestLevels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingKnownBeforeBars()
    {
        const LevelTracker tracker(InstrumentKind::Stock);
        const LevelSnapshot s = tracker.snapshot();
        QVERIFY(!s.tradingDate.ok());
        for (double value : {s.priorHigh, s.priorLow, s.priorClose, s.threeDayHigh, s.threeDayLow,
                             s.nyOpeningRange.high, s.londonOpeningRange.low, s.asia.high,
                             s.london.low, s.newYork.high})
            QVERIFY(std::isnan(value));
        QVERIFY(s.swingHighs.empty() && s.swingLows.empty());
        QVERIFY(mergeLevels(s).empty());
    }

    void rejectsBarsOutOfOrderOrInvalid()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        const Timestamp t = et(kWednesday, 10, 0);
        QVERIFY(tracker.add(makeBar(t, 101, 99, 100)));
        QVERIFY(!tracker.add(makeBar(t, 500, 1, 100)));                   // same start
        QVERIFY(!tracker.add(makeBar(t - kNanosPerMinute, 500, 1, 100))); // earlier
        QVERIFY(!tracker.add(makeBar(t + kNanosPerMinute, kNoLevel, 99, 100)));
        QVERIFY(!tracker.add(makeBar(t + kNanosPerMinute, 98, 99, 100))); // low above high
        QVERIFY(!tracker.add(makeBar(t + kNanosPerMinute, 101, 0, 100)));
        const LevelSnapshot s = tracker.snapshot();
        QCOMPARE(s.lastBar, t);
        QCOMPARE(s.newYork.high, 101.0);
        QCOMPARE(s.newYork.low, 99.0);
    }

    void configIsClamped()
    {
        const LevelTracker tracker(InstrumentKind::Future, LevelConfig{0, 0, 0});
        QCOMPARE(tracker.config().openingRangeMinutes, 1);
        QCOMPARE(tracker.config().swingSpan, 1);
        QCOMPARE(tracker.config().swingsKept, 1);
        QVERIFY(tracker.futures());
        QVERIFY(!LevelTracker(InstrumentKind::Etf).futures());
    }

    // 09:30-09:45: the 09:44 bar is in and completes the range, the 09:45 bar is out.
    void nyOpeningRangeToTheMinute()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        LevelTracker fiveMinutes(InstrumentKind::Stock, LevelConfig{5, 2, 10});
        const std::vector<Spike> spikes = {
            {et(kWednesday, 9, 29), 200, 50}, // pre-market
            {et(kWednesday, 9, 30), 101, 95}, {et(kWednesday, 9, 36), 103, 99},
            {et(kWednesday, 9, 44), 110, 99}, {et(kWednesday, 9, 45), 300, 10},
        };
        const Timestamp from = et(kWednesday, 9, 20);
        QVERIFY(feed(tracker, from, et(kWednesday, 9, 44), 100, 99, spikes));
        QVERIFY(feed(fiveMinutes, from, et(kWednesday, 9, 44), 100, 99, spikes));

        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(s.nyOpeningRange.begins, et(kWednesday, 9, 30));
        QCOMPARE(s.nyOpeningRange.ends, et(kWednesday, 9, 45));
        QVERIFY(!s.nyOpeningRange.complete);
        QCOMPARE(s.nyOpeningRange.high, 103.0);
        QCOMPARE(s.nyOpeningRange.low, 95.0);
        QCOMPARE(text(s.nyOpeningRange.lowTime), text(et(kWednesday, 9, 30)));

        QVERIFY(feed(tracker, et(kWednesday, 9, 44), et(kWednesday, 9, 45), 100, 99, spikes));
        s = tracker.snapshot();
        QVERIFY(s.nyOpeningRange.complete);
        QCOMPARE(s.nyOpeningRange.high, 110.0);
        QCOMPARE(text(s.nyOpeningRange.highTime), text(et(kWednesday, 9, 44)));

        QVERIFY(feed(tracker, et(kWednesday, 9, 45), et(kWednesday, 10, 0), 100, 99, spikes));
        s = tracker.snapshot();
        QCOMPARE(s.nyOpeningRange.high, 110.0);
        QCOMPARE(s.nyOpeningRange.low, 95.0);
        QVERIFY(s.nyOpeningRange.complete);
        // The session goes on past the range.
        QCOMPARE(s.newYork.high, 300.0);
        QCOMPARE(s.newYork.low, 10.0);
        QVERIFY(!s.newYork.complete);

        // A 5-minute range: 09:30-09:34.
        const LevelSnapshot five = fiveMinutes.snapshot();
        QCOMPARE(five.nyOpeningRange.ends, et(kWednesday, 9, 35));
        QVERIFY(five.nyOpeningRange.complete);
        QCOMPARE(five.nyOpeningRange.high, 101.0);
        QCOMPARE(five.nyOpeningRange.low, 95.0);
    }

    // London from 03:00 ET: range 03:00-03:15, session 03:00-08:00; 02:59 is Asia.
    void londonOpeningRangeAndSession()
    {
        LevelTracker tracker(InstrumentKind::Future);
        const std::vector<Spike> spikes = {
            {et(kWednesday, 2, 59), 5100, 5000}, {et(kWednesday, 3, 0), 5001, 4990},
            {et(kWednesday, 3, 14), 5010, 4999}, {et(kWednesday, 3, 15), 5050, 4950},
            {et(kWednesday, 7, 59), 5060, 4999}, {et(kWednesday, 8, 0), 5070, 4900},
        };
        QVERIFY(feed(tracker, et(kTuesday, 18, 0), et(kWednesday, 3, 14), 5000, 4999, spikes));
        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-01-15"));
        QVERIFY(!s.londonOpeningRange.complete);
        QVERIFY(s.asia.complete);
        QCOMPARE(s.asia.high, 5100.0);

        QVERIFY(feed(tracker, et(kWednesday, 3, 14), et(kWednesday, 9, 0), 5000, 4999, spikes));
        s = tracker.snapshot();
        QCOMPARE(s.londonOpeningRange.begins, et(kWednesday, 3, 0));
        QCOMPARE(s.londonOpeningRange.ends, et(kWednesday, 3, 15));
        QVERIFY(s.londonOpeningRange.complete);
        QCOMPARE(s.londonOpeningRange.high, 5010.0);
        QCOMPARE(s.londonOpeningRange.low, 4990.0);
        QCOMPARE(text(s.londonOpeningRange.highTime), text(et(kWednesday, 3, 14)));
        QCOMPARE(text(s.londonOpeningRange.lowTime), text(et(kWednesday, 3, 0)));

        QCOMPARE(s.london.ends, et(kWednesday, 8, 0));
        QVERIFY(s.london.complete);
        QCOMPARE(s.london.high, 5060.0);
        QCOMPARE(s.london.low, 4950.0);
        QCOMPARE(text(s.london.lowTime), text(et(kWednesday, 3, 15)));
        // 08:00-09:30 belongs to no session; New York has not opened.
        QVERIFY(std::isnan(s.newYork.high));
        QVERIFY(!s.newYork.complete);
    }

    // Asia runs 18:00 ET the evening before to 03:00 ET, across midnight.
    void asiaSessionAcrossMidnight()
    {
        LevelTracker tracker(InstrumentKind::Future);
        // The previous trading date's last bar before the halt.
        QVERIFY(tracker.add(makeBar(et(kWednesday, 16, 59), 6000, 10, 5000)));
        QCOMPARE(text(tracker.tradingDate()), QStringLiteral("2025-01-15"));

        const std::vector<Spike> spikes = {
            {et(kWednesday, 23, 30), 5100, 5000},
            {et(kThursday, 1, 15), 5000, 4900},
        };
        QVERIFY(feed(tracker, et(kWednesday, 18, 0), et(kThursday, 0, 0), 5000, 4999, spikes));
        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-01-16"));
        QCOMPARE(s.asia.begins, et(kWednesday, 18, 0));
        QCOMPARE(s.asia.ends, et(kThursday, 3, 0));
        QCOMPARE(s.asia.high, 5100.0);
        QCOMPARE(s.asia.low, 4999.0);

        QVERIFY(feed(tracker, et(kThursday, 0, 0), et(kThursday, 2, 59), 5000, 4999, spikes));
        s = tracker.snapshot();
        QVERIFY(!s.asia.complete);
        QCOMPARE(s.asia.low, 4900.0);
        QCOMPARE(text(s.asia.lowTime), text(et(kThursday, 1, 15)));
        QCOMPARE(text(s.asia.highTime), text(et(kWednesday, 23, 30)));

        QVERIFY(feed(tracker, et(kThursday, 2, 59), et(kThursday, 4, 0), 5000, 4999, spikes));
        s = tracker.snapshot();
        QVERIFY(s.asia.complete);
        QCOMPARE(s.asia.high, 5100.0);
        QCOMPARE(s.asia.low, 4900.0);
        QCOMPARE(s.london.high, 5000.0);
        // The prior trading date's futures levels include its 16:59 bar.
        QCOMPARE(s.priorHigh, 6000.0);
        QCOMPARE(s.priorClose, 5000.0);
    }

    // Equities: the regular session of the date before, known from the roll on.
    void priorDayAfterDateRoll()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        QVERIFY(feedEquityDay(tracker, kMonday, 105, 95, 101));
        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-01-13"));
        QCOMPARE(text(s.priorDate), QStringLiteral("2025-01-10"));
        QVERIFY(std::isnan(s.priorHigh)); // Friday was not seen
        QVERIFY(std::isnan(s.priorClose));
        QVERIFY(s.newYork.complete);
        QCOMPARE(s.newYork.high, 105.0);

        // After hours from 18:00 ET belong to the next trading date.
        QVERIFY(tracker.add(makeBar(et(kMonday, 17, 59), 140, 60, 100)));
        QCOMPARE(text(tracker.tradingDate()), QStringLiteral("2025-01-13"));
        QVERIFY(tracker.add(makeBar(et(kMonday, 18, 30), 140, 60, 100)));
        s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-01-14"));
        QCOMPARE(prior(s), QStringLiteral("2025-01-13 H 105 L 95 C 101"));
        QCOMPARE(text(s.priorHighTime), text(et(kMonday, 10, 0)));
        QCOMPARE(text(s.priorLowTime), text(et(kMonday, 11, 0)));
        QCOMPARE(text(s.priorCloseTime), text(et(kMonday, 15, 59)));
        // The new date's ranges start empty.
        QVERIFY(std::isnan(s.newYork.high));
        QCOMPARE(s.asia.high, 140.0); // 18:30 ET is in Tuesday's Asia session
        QVERIFY(std::isnan(s.threeDayHigh));
    }

    // The last three completed trading dates; equal highs keep the earliest.
    void threeDayLevels()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        QVERIFY(feedEquityDay(tracker, kMonday, 110, 90, 100));
        QVERIFY(feedEquityDay(tracker, kTuesday, 105, 99, 100));
        QVERIFY(feedEquityDay(tracker, kWednesday, 103, 94, 100));
        QVERIFY(std::isnan(tracker.snapshot().threeDayHigh)); // two dates completed

        QVERIFY(feedEquityDay(tracker, kThursday, 105, 98, 100));
        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(s.threeDayHigh, 110.0);
        QCOMPARE(s.threeDayLow, 90.0);
        QCOMPARE(text(s.threeDayHighTime), text(et(kMonday, 10, 0)));
        QCOMPARE(s.priorHigh, 103.0);

        QVERIFY(feedEquityDay(tracker, kFriday, 100, 99.5, 100));
        s = tracker.snapshot();
        QCOMPARE(s.threeDayHigh, 105.0);
        QCOMPARE(text(s.threeDayHighTime), text(et(kTuesday, 10, 0))); // not Thursday's 105
        QCOMPARE(s.threeDayLow, 94.0);
        QCOMPARE(text(s.threeDayLowTime), text(et(kWednesday, 11, 0)));
        QCOMPARE(s.priorHigh, 105.0);
        QCOMPARE(text(s.priorHighTime), text(et(kThursday, 10, 0)));
    }

    // A trading date missing from the bars leaves the prior-day and 3-day levels unknown.
    void missingDateLeavesPriorUnknown()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        QVERIFY(feedEquityDay(tracker, kMonday, 110, 90, 100));
        QVERIFY(feedEquityDay(tracker, kWednesday, 103, 94, 100));
        const LevelSnapshot s = tracker.snapshot();
        QCOMPARE(prior(s), QStringLiteral("2025-01-14 H nan L nan C nan"));
    }

    // July 2025: Thursday the 3rd closes at 13:00, Friday the 4th is a holiday.
    void equityEarlyCloseAndHoliday()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        QVERIFY(feedEquityDay(tracker, kJul1, 104, 96, 100));
        QVERIFY(feedEquityDay(tracker, kJul2, 102, 97, 100));
        QVERIFY(feedEquityDay(tracker, kJul3, 110, 95, 103, 13));

        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(s.newYork.ends, et(kJul3, 13, 0));
        QVERIFY(s.newYork.complete);
        QCOMPARE(s.newYork.high, 110.0); // not the 13:00 bar's 140

        QVERIFY(feed(tracker, et(kJul7, 9, 30), et(kJul7, 9, 31), 100, 99));
        s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-07-07"));
        QCOMPARE(prior(s), QStringLiteral("2025-07-03 H 110 L 95 C 103"));
        QCOMPARE(text(s.priorCloseTime), text(et(kJul3, 12, 59)));
        QCOMPARE(s.threeDayHigh, 110.0);
        QCOMPARE(s.threeDayLow, 95.0);
        QCOMPARE(s.newYork.ends, et(kJul7, 16, 0));
    }

    // Futures: the holiday session (Thursday 18:00 to Friday 13:00) belongs to Monday's trading
    // date, in no session of it, and Thursday's close is its last bar before the 13:15 halt.
    void futuresHolidaySession()
    {
        LevelTracker tracker(InstrumentKind::Future);
        QVERIFY(feed(tracker, et(kJul2, 18, 0), et(kJul3, 13, 15), 6000, 5999,
                     {{et(kJul3, 12, 0), 6050, 5999}, {et(kJul3, 13, 14), 6000, 5990, 6010}}));
        QVERIFY(feed(tracker, et(kJul3, 18, 0), et(kJul4, 13, 0), 6100, 6099,
                     {{et(kJul4, 3, 0), 6200, 6099}}));
        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-07-07"));
        QCOMPARE(prior(s), QStringLiteral("2025-07-03 H 6050 L 5990 C 6010"));
        QCOMPARE(text(s.priorCloseTime), text(et(kJul3, 13, 14)));
        QVERIFY(std::isnan(s.london.high));
        QVERIFY(std::isnan(s.asia.high));

        QVERIFY(feed(tracker, et(kJul6, 18, 0), et(kJul7, 10, 0), 6150, 6149));
        s = tracker.snapshot();
        QCOMPARE(s.asia.begins, et(kJul6, 18, 0));
        QCOMPARE(s.asia.high, 6150.0);
        QCOMPARE(s.london.high, 6150.0);
        QCOMPARE(s.london.low, 6149.0);

        // Monday's trading date includes the holiday session.
        QVERIFY(feed(tracker, et(kJul7, 18, 0), et(kJul7, 18, 1), 6150, 6149));
        s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-07-08"));
        QCOMPARE(s.priorHigh, 6200.0);
        QCOMPARE(text(s.priorHighTime), text(et(kJul4, 3, 0)));
        QCOMPARE(s.priorLow, 6099.0);
    }

    // Daylight saving started Sunday 9 March 2025: the windows move one hour earlier in UTC.
    void daylightSavingWeek()
    {
        LevelTracker tracker(InstrumentKind::Future);
        // Friday, EST (UTC-5): 02:30 ET is 07:30Z, in Asia.
        QVERIFY(feed(tracker, utc(kMar6, 23, 0), utc(kMar7, 22, 0), 5000, 4999,
                     {{utc(kMar7, 7, 30), 5100, 4999}, {utc(kMar7, 21, 59), 5000, 4999, 4999.5}}));
        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-03-07"));
        QCOMPARE(s.asia.begins, utc(kMar6, 23, 0));
        QCOMPARE(s.asia.ends, utc(kMar7, 8, 0));
        QCOMPARE(s.london.begins, utc(kMar7, 8, 0));
        QCOMPARE(s.nyOpeningRange.begins, utc(kMar7, 14, 30));
        QCOMPARE(s.newYork.ends, utc(kMar7, 21, 0));
        QCOMPARE(s.asia.high, 5100.0);
        QCOMPARE(s.london.high, 5000.0);

        // Monday, EDT (UTC-4): 07:30Z is 03:30 ET, in London; New York opens at 13:30Z.
        const std::vector<Spike> spikes = {
            {utc(kMar10, 7, 30), 5200, 4999},  {utc(kMar10, 13, 29), 5300, 4800},
            {utc(kMar10, 13, 30), 5010, 4990}, {utc(kMar10, 13, 44), 5020, 4999},
            {utc(kMar10, 13, 45), 5400, 4700},
        };
        QVERIFY(feed(tracker, utc(kMar9, 22, 0), utc(kMar10, 15, 0), 5000, 4999, spikes));
        s = tracker.snapshot();
        QCOMPARE(text(s.tradingDate), QStringLiteral("2025-03-10"));
        QCOMPARE(s.asia.begins, utc(kMar9, 22, 0));
        QCOMPARE(s.asia.ends, utc(kMar10, 7, 0));
        QCOMPARE(s.asia.high, 5000.0);
        QCOMPARE(s.london.begins, utc(kMar10, 7, 0));
        QCOMPARE(s.london.high, 5200.0);
        QCOMPARE(s.londonOpeningRange.high, 5000.0); // 07:30Z is after 03:15 ET
        QCOMPARE(s.nyOpeningRange.begins, utc(kMar10, 13, 30));
        QCOMPARE(s.nyOpeningRange.ends, utc(kMar10, 13, 45));
        QCOMPARE(s.nyOpeningRange.high, 5020.0);
        QCOMPARE(s.nyOpeningRange.low, 4990.0);
        // Friday closed at 17:00 EST = 22:00Z: its last bar started 21:59Z.
        QCOMPARE(prior(s), QStringLiteral("2025-03-07 H 5100 L 4999 C 4999.5"));
        QCOMPARE(s.priorCloseTime, utc(kMar7, 21, 59));
    }

    // The same bars: equities take the regular session, futures the trading date to 17:00.
    void futuresAgainstEquityPriorDay()
    {
        LevelTracker stock(InstrumentKind::Stock);
        LevelTracker future(InstrumentKind::Future);
        const std::vector<Spike> spikes = {
            {et(kWednesday, 2, 0), 120, 80},
            {et(kWednesday, 15, 59), 100, 99, 101},
            {et(kWednesday, 16, 59), 100, 99, 103},
            {et(kWednesday, 17, 15), 140, 60, 104}, // in the daily halt
        };
        for (LevelTracker *tracker : {&stock, &future}) {
            QVERIFY(feed(*tracker, et(kTuesday, 18, 0), et(kWednesday, 17, 30), 100, 99, spikes));
            QVERIFY(feed(*tracker, et(kWednesday, 18, 0), et(kWednesday, 18, 1), 100, 99));
        }
        const LevelSnapshot e = stock.snapshot();
        QCOMPARE(prior(e), QStringLiteral("2025-01-15 H 100 L 99 C 101"));
        QCOMPARE(text(e.priorHighTime), text(et(kWednesday, 9, 30)));
        QCOMPARE(text(e.priorCloseTime), text(et(kWednesday, 15, 59)));

        const LevelSnapshot f = future.snapshot();
        QCOMPARE(prior(f), QStringLiteral("2025-01-15 H 120 L 80 C 103"));
        QCOMPARE(text(f.priorHighTime), text(et(kWednesday, 2, 0)));
        QCOMPARE(text(f.priorCloseTime), text(et(kWednesday, 16, 59)));
    }

    // k = 2: the pivot is known when the second bar after it has been fed.
    void swingConfirmedOnlyAfterSpan()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        const Timestamp t0 = et(kWednesday, 10, 0);
        QVERIFY(feedSeries(tracker, t0, {10, 11, 12, 11}, {5, 6, 7, 8}));
        QVERIFY(tracker.snapshot().swingHighs.empty());
        QVERIFY(feedSeries(tracker, t0 + 4 * kNanosPerMinute, {10.5}, {9}));
        const LevelSnapshot s = tracker.snapshot();
        QCOMPARE(s.swingHighs.size(), std::size_t(1));
        QCOMPARE(s.swingHighs[0].price, 12.0);
        QCOMPARE(s.swingHighs[0].time, t0 + 2 * kNanosPerMinute);
        QCOMPARE(s.swingHighs[0].confirmedBy, t0 + 4 * kNanosPerMinute);
        QVERIFY(s.swingLows.empty());
    }

    // Equal highs within the span make no pivot; an equal high outside the span does not matter.
    void swingNotOnEqualHighs()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        QVERIFY(feedSeries(tracker, et(kWednesday, 10, 0), {10, 11, 12, 12, 11, 10},
                           {5, 6, 7, 8, 9, 9.5}));
        QVERIFY(tracker.snapshot().swingHighs.empty());

        LevelTracker outside(InstrumentKind::Stock);
        QVERIFY(feedSeries(outside, et(kWednesday, 10, 0), {12, 10, 11, 12, 11, 10},
                           {5, 6, 7, 8, 9, 9.5}));
        const LevelSnapshot s = outside.snapshot();
        QCOMPARE(s.swingHighs.size(), std::size_t(1));
        QCOMPARE(s.swingHighs[0].time, et(kWednesday, 10, 3));

        LevelTracker lows(InstrumentKind::Stock);
        QVERIFY(feedSeries(lows, et(kWednesday, 10, 0), {20, 21, 22, 23, 24}, {10, 9, 8, 9, 10}));
        QCOMPARE(prices(lows.snapshot().swingLows), std::vector<double>({8}));
        LevelTracker equalLows(InstrumentKind::Stock);
        QVERIFY(feedSeries(equalLows, et(kWednesday, 10, 0), {20, 21, 22, 23, 24, 25},
                           {10, 9, 8, 8, 9, 10}));
        QVERIFY(equalLows.snapshot().swingLows.empty());
    }

    // k = 3, last 2 kept.
    void swingSpanAndKeptCount()
    {
        LevelTracker tracker(InstrumentKind::Future, LevelConfig{15, 3, 2});
        const std::vector<double> highs = {10, 11, 12, 15, 12, 11, 10, 11, 12, 16,
                                           12, 11, 10, 11, 12, 17, 12, 11, 10};
        std::vector<double> lows;
        for (double high : highs)
            lows.push_back(high - 1);
        const Timestamp t0 = et(kWednesday, 10, 0);
        const std::vector<double> first(highs.begin(), highs.end() - 1);
        const std::vector<double> firstLows(lows.begin(), lows.end() - 1);
        QVERIFY(feedSeries(tracker, t0, first, firstLows));
        LevelSnapshot s = tracker.snapshot();
        QCOMPARE(prices(s.swingHighs), std::vector<double>({15, 16}));

        QVERIFY(feedSeries(tracker, t0 + 18 * kNanosPerMinute, {highs.back()}, {lows.back()}));
        s = tracker.snapshot();
        QCOMPARE(prices(s.swingHighs), std::vector<double>({16, 17}));
        QCOMPARE(s.swingHighs[1].time, t0 + 15 * kNanosPerMinute);
        QCOMPARE(s.swingHighs[1].confirmedBy, t0 + 18 * kNanosPerMinute);
        QCOMPARE(prices(s.swingLows), std::vector<double>({9, 9}));
        QCOMPARE(s.swingLows[0].time, t0 + 6 * kNanosPerMinute);
        QCOMPARE(s.swingLows[1].time, t0 + 12 * kNanosPerMinute);
    }

    void mergeWithGexLevels()
    {
        LevelSnapshot snapshot;
        snapshot.priorHigh = 105;
        snapshot.priorHighTime = 11;
        snapshot.priorLow = 95;
        snapshot.priorClose = kNoLevel;
        snapshot.nyOpeningRange.high = 102;
        snapshot.nyOpeningRange.low = 101;
        snapshot.nyOpeningRange.highTime = 12;
        snapshot.nyOpeningRange.lowTime = 13;
        snapshot.nyOpeningRange.complete = false;
        snapshot.swingLows.push_back(SwingPoint{97, 14, 15});
        GexLevels gex;
        gex.flip = 100;
        gex.callWall = 110;
        gex.putWall = 90;
        gex.deltaClusters = {105, 93};
        gex.asOf = 20;

        const std::vector<Level> levels = mergeLevels(snapshot, gex);
        QStringList names;
        std::vector<double> sorted;
        for (const Level &level : levels) {
            names << QString::fromUtf8(level.name());
            sorted.push_back(level.price);
        }
        QCOMPARE(names, QStringList({"Put wall", "Delta cluster", "PDL", "Swing L", "Flip",
                                     "NY ORL", "NY ORH", "PDH", "Delta cluster", "Call wall"}));
        QCOMPARE(sorted, std::vector<double>({90, 93, 95, 97, 100, 101, 102, 105, 105, 110}));
        QCOMPARE(levels[5].kind, LevelKind::NyOpeningRangeLow);
        QVERIFY(!levels[5].complete);
        QCOMPARE(levels[5].time, Timestamp(13));
        QVERIFY(levels[7].complete);
        QCOMPARE(levels[7].time, Timestamp(11));
        QCOMPARE(levels[9].time, Timestamp(20));

        // Without GEX levels: the tracker's alone.
        QCOMPARE(mergeLevels(snapshot).size(), std::size_t(5));
    }

    void levelNamesAreDistinct()
    {
        std::set<std::string> names;
        const int count = static_cast<int>(LevelKind::DeltaCluster) + 1;
        for (int i = 0; i < count; ++i)
            names.insert(levelName(static_cast<LevelKind>(i)));
        QCOMPARE(int(names.size()), count);
        QVERIFY(names.count("?") == 0);
        QCOMPARE(QString::fromUtf8(levelName(LevelKind::NyOpeningRangeHigh)), "NY ORH");
        QCOMPARE(QString::fromUtf8(levelName(LevelKind::AsiaLow)), "Asia L");
    }

    // Levels straight from a tracker carry their names and times.
    void mergeFromTracker()
    {
        LevelTracker tracker(InstrumentKind::Stock);
        QVERIFY(feedEquityDay(tracker, kMonday, 105, 95, 101));
        QVERIFY(feed(tracker, et(kTuesday, 9, 30), et(kTuesday, 9, 35), 100, 99));
        const std::vector<Level> levels = mergeLevels(tracker.snapshot());
        QStringList names;
        for (const Level &level : levels)
            names << QString::fromUtf8(level.name());
        // Monday's 10:00 high, 11:00 low and the 16:00 after-hours bar are swing points.
        QCOMPARE(names, QStringList({"Swing L", "PDL", "Swing L", "NY ORL", "NY L", "NY ORH",
                                     "NY H", "PDC", "PDH", "Swing H", "Swing H"}));
        QCOMPARE(levels.front().price, 65.0);
        QCOMPARE(levels.back().price, 135.0);
        QCOMPARE(text(levels.back().time), text(et(kMonday, 16, 0)));
    }
};

QTEST_GUILESS_MAIN(TestLevels)
#include "tst_levels.moc"
