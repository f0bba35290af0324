#include "marketdata/optionlisting.h"

#include "model/exchangecalendar.h"

#include <algorithm>
#include <cmath>

namespace mag7::marketdata {

namespace {

constexpr unsigned kFriday = 5;

// The expiry for the week of a Friday: the Friday, or the trading day before it on a holiday.
Date fridayExpiry(Date friday)
{
    return calendar::tradingDayOnOrBefore(friday);
}

Date nextFridayOnOrAfter(Date d)
{
    return addDays(d, static_cast<int>((kFriday + 7 - weekday(d)) % 7));
}

} // namespace

Date monthlyExpiry(int y, unsigned m)
{
    return fridayExpiry(calendar::thirdFriday(y, m));
}

std::vector<ListedExpiry> listedExpiries(const OptionConfig &options, Date today)
{
    std::vector<Date> dates;
    const int todayDays = daysSinceEpoch(today);
    const auto daysOut = [&](Date d) { return daysSinceEpoch(d) - todayDays; };
    if (options.listing == OptionListing::Daily) {
        for (Date d = today; daysOut(d) <= options.dailyDays; d = addDays(d, 1)) {
            if (calendar::isTradingDay(d))
                dates.push_back(d);
        }
    }
    if (options.listing != OptionListing::None) {
        for (Date f = nextFridayOnOrAfter(today); daysOut(f) <= options.weeklyDays + 6;
             f = addDays(f, 7)) {
            const Date expiry = fridayExpiry(f);
            if (expiry >= today && daysOut(expiry) <= options.weeklyDays)
                dates.push_back(expiry);
        }
        int y = year(today);
        unsigned m = month(today);
        for (int i = 0; i < 40; ++i) {
            const Date expiry = monthlyExpiry(y, m);
            if (daysOut(expiry) > options.monthlyDays)
                break;
            if (expiry >= today)
                dates.push_back(expiry);
            if (++m == 13) {
                m = 1;
                ++y;
            }
        }
    }
    std::sort(dates.begin(), dates.end());
    dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    std::vector<ListedExpiry> out;
    for (Date d : dates)
        out.push_back({d, d == monthlyExpiry(year(d), month(d))});
    return out;
}

double nearStrikeSpacing(const StrikeRules &rules, double spot)
{
    for (const StrikeBand &band : rules.spacing) {
        if (spot < band.below)
            return band.step;
    }
    return rules.spacing.back().step;
}

std::vector<Price> listedStrikes(const StrikeRules &rules, double spot, double vol, double years,
                                 int daysToExpiry)
{
    const double stdDev = vol * std::sqrt(std::max(years, 0.0));
    const double longDated = daysToExpiry > rules.longDatedDays ? rules.longDatedMultiplier : 1.0;
    const double nearStep = nearStrikeSpacing(rules, spot) * longDated;
    const double farStep = nearStep * rules.farMultiplier;
    const double nearHalf = std::max(rules.nearStdDevs * stdDev, rules.nearMinFraction) * spot;
    const double rangeHalf = std::max(
        std::clamp(rules.rangeStdDevs * stdDev, rules.rangeMinFraction, rules.rangeMaxFraction) *
            spot,
        nearHalf);
    std::vector<Price> strikes;
    const auto addMultiples = [&](double step, double half) {
        const Price increment = toPrice(step);
        const double low = std::max(spot - half, step);
        const auto first = static_cast<std::int64_t>(std::ceil(low / step - 1e-9));
        const auto last = static_cast<std::int64_t>(std::floor((spot + half) / step + 1e-9));
        for (std::int64_t k = first; k <= last; ++k)
            strikes.push_back(k * increment);
    };
    addMultiples(nearStep, nearHalf);
    addMultiples(farStep, rangeHalf);
    std::sort(strikes.begin(), strikes.end());
    strikes.erase(std::unique(strikes.begin(), strikes.end()), strikes.end());
    return strikes;
}

double openInterestShape(double z, Price strike, bool monthly, int daysToExpiry)
{
    double shape = 0.04 + std::exp(-0.5 * z * z / (1.3 * 1.3));
    // Round strikes gather open interest: $50, $10, $5 multiples.
    if (strike % toPrice(50) == 0)
        shape *= 2.2;
    else if (strike % toPrice(10) == 0)
        shape *= 1.6;
    else if (strike % toPrice(5) == 0)
        shape *= 1.25;
    if (monthly)
        shape *= 2.5;
    shape *= 1.0 / (1.0 + static_cast<double>(daysToExpiry) / 120.0);
    return shape;
}

} // namespace mag7::marketdata
