#include "pricing/timetoexpiry.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

namespace mag7::pricing {

Timestamp expiryInstant(Date expiry)
{
    if (const auto close = calendar::regularClose(expiry))
        return *close;
    return fromEastern(expiry, timeOfDay(16, 0));
}

double yearsBetween(Timestamp from, Timestamp to)
{
    return static_cast<double>(to - from) / kNanosPerYear;
}

double yearsToExpiry(Timestamp now, Date expiry)
{
    const double years = yearsBetween(now, expiryInstant(expiry));
    return years > 0 ? years : 0.0;
}

} // namespace mag7::pricing
