#pragma once
// Which option contracts exist on a trading day, following the real listing patterns:
//   Daily (SPY, QQQ, IWM): every trading day up to `dailyDays` calendar days out, then weekly
//     Fridays up to `weeklyDays`, then third-Friday monthlies up to `monthlyDays`.
//   Weekly (stocks): weekly Fridays up to `weeklyDays`, then monthlies up to `monthlyDays`.
// A Friday that is an exchange holiday expires on the previous trading day (Good Friday ->
// Thursday). Strikes are multiples of a spacing chosen by the underlying's price (e.g. $1 on
// SPY, $2.50 or $5 on the stocks), dense near the money (within max(nearStdDevs sigma sqrt(T),
// nearMinFraction) of spot), `farMultiplier` times sparser out to the listed range
// (rangeStdDevs sigma sqrt(T) clamped to [rangeMinFraction, rangeMaxFraction] of spot), and
// `longDatedMultiplier` times sparser beyond `longDatedDays`. Pure functions; any thread.

#include "marketdata/universeconfig.h"

#include <vector>

namespace mag7::marketdata {

struct ListedExpiry {
    Date date{};
    bool monthly = false; // third-Friday expiry (standard monthly)
};

// Expiries listed on `today` (a trading day), nearest first; includes `today` itself when it is
// an expiration day (0DTE).
std::vector<ListedExpiry> listedExpiries(const OptionConfig &options, Date today);

// The standard monthly expiry of a month: the third Friday, or the trading day before it.
Date monthlyExpiry(int year, unsigned month);

// Near-the-money strike spacing for an underlying price (dollars).
double nearStrikeSpacing(const StrikeRules &rules, double spot);

// Strikes (ascending, Price units) for one expiry `years` away at `spot`, with `vol` the
// expiry's ATM implied vol.
std::vector<Price> listedStrikes(const StrikeRules &rules, double spot, double vol, double years,
                                 int daysToExpiry);

// Relative open interest of a contract at listing: humped around the money (in standard
// deviations z), larger at round strikes and on monthlies, smaller far out in time.
double openInterestShape(double z, Price strike, bool monthly, int daysToExpiry);

} // namespace mag7::marketdata
