#pragma once
// Time to expiry in years (ACT/365 on nanoseconds) to the expiry instant: the regular-session
// close of the expiry date (16:00 ET, or 13:00 on early-close days), so a 0DTE option is priced
// correctly up to the closing bell. Plain functions; safe from any thread.

#include "model/timestamp.h"

namespace mag7::pricing {

inline constexpr double kNanosPerYear = 365.0 * 24 * 3600 * 1e9;

// The instant an option expiring on `expiry` stops trading (the regular close that day; for a
// date that is not a trading day, 16:00 ET of that date).
Timestamp expiryInstant(Date expiry);
// Years from `now` to the expiry instant; 0 once it has passed.
double yearsToExpiry(Timestamp now, Date expiry);
double yearsBetween(Timestamp from, Timestamp to);

} // namespace mag7::pricing
