#pragma once
// Reference history kept in the desk database: daily bars, daily ATM implied volatility and the
// event calendar (earnings, FOMC, CPI).

#include "model/timestamp.h"

#include <cstdint>
#include <string>

namespace mag7 {

struct DailyBar {
    Date date{};
    double open = 0;
    double high = 0;
    double low = 0;
    double close = 0;
    std::int64_t volume = 0;

    bool operator==(const DailyBar &) const = default;
};

// 30-calendar-day constant-maturity at-the-money implied volatility at the close of a date.
struct IvPoint {
    Date date{};
    double atmIv = 0; // annualised decimal

    bool operator==(const IvPoint &) const = default;
};

enum class MarketEventKind : std::uint8_t { Earnings = 0, Fomc = 1, Cpi = 2 };

const char *marketEventKindName(MarketEventKind kind);

struct MarketEvent {
    MarketEventKind kind = MarketEventKind::Earnings;
    std::string symbol; // earnings: the stock; macro events: empty
    Date date{};
    // The instant the news hits: earnings before the open (07:00 ET) or after the close
    // (16:05 ET); FOMC 14:00 ET; CPI 08:30 ET.
    Timestamp time = 0;
    // Expected absolute move on the event as a fraction of the price (0.05 = 5%).
    double expectedMove = 0;

    bool operator==(const MarketEvent &) const = default;
};

} // namespace mag7
