#pragma once
// One Eastern calendar day's session boundaries as UTC instants, computed once per day from the
// exchange calendar so the simulator's hot loop compares integers instead of converting time
// zones. Plain data; makeDaySchedule() is a pure function, safe from any thread.

#include "model/timestamp.h"

#include <array>

namespace mag7::marketdata {

struct TimeRange {
    Timestamp begin = 0;
    Timestamp end = 0; // exclusive
    bool contains(Timestamp t) const { return t >= begin && t < end; }
};

struct DaySchedule {
    Date date{};
    Timestamp dayStart = 0; // Eastern midnight, UTC
    Timestamp dayEnd = 0;   // next Eastern midnight
    bool tradingDay = false;
    bool earlyClose = false;
    // Equity sessions (trading days only; empty ranges otherwise).
    TimeRange preMarket;  // 04:00-09:30
    TimeRange regular;    // 09:30-16:00 (13:00 on early closes)
    TimeRange afterHours; // 16:00-20:00 (17:00)
    // Index (VIX) publication and ETF options: regular open to close + delay.
    TimeRange extendedRegular;
    // Futures trading intervals within this day (at most three pieces).
    std::array<TimeRange, 3> futures{};
    int futuresCount = 0;
    Timestamp londonOpen = 0; // 03:00 ET: futures activity rises with Europe

    bool equityOpen(Timestamp t) const
    {
        return tradingDay && t >= preMarket.begin && t < afterHours.end;
    }
    bool futuresOpen(Timestamp t) const
    {
        for (int i = 0; i < futuresCount; ++i) {
            if (futures[static_cast<std::size_t>(i)].contains(t))
                return true;
        }
        return false;
    }
    // Fraction of the regular session elapsed at t, in [0, 1].
    double regularFraction(Timestamp t) const
    {
        const double f = static_cast<double>(t - regular.begin) /
                         static_cast<double>(regular.end - regular.begin);
        return f < 0 ? 0 : (f > 1 ? 1 : f);
    }
};

// U-shaped intraday intensity over the regular session: a + b (2f - 1)^2 with mean 1 over
// f in [0, 1] and openCloseRatio = value at the bells / value at midday.
inline double intradayActivity(double fraction, double openCloseRatio)
{
    const double a = 3.0 / (openCloseRatio + 2.0);
    const double x = 2.0 * fraction - 1.0;
    return a + (openCloseRatio - 1.0) * a * x * x;
}

// `extendedRegularMinutes`: minutes after the regular close that index publication and ETF
// options continue (15 for 16:15).
DaySchedule makeDaySchedule(Date date, int extendedRegularMinutes);

} // namespace mag7::marketdata
