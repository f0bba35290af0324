#pragma once
// Indicators named by text, the way the trader writes them on the command line and in rules:
//   sma:N  ema:N  rsi:N  atr:N  momentum:N            (N bars)
//   vwap  vwap:futures                                 (session VWAP, 09:30 ET or 18:00 ET;
//                                                      vwap:equity is vwap)
//   rv:N  parkinson:N  gk:N  yz:N                      (annualised realized volatility, N bars)
//   rvol:N                                             (relative volume vs the last N sessions)
// Names are case-insensitive; N is a whole number from 1 to 100000 (2 or more for rv and yz).
// A BarIndicator runs any of them over bars with one update() per bar.

#include "model/result.h"
#include "model/tick.h"
#include "signals/indicators.h"
#include "signals/volatility.h"

#include <string>
#include <string_view>
#include <variant>

namespace mag7::signals {

enum class IndicatorKind {
    Sma,
    Ema,
    Rsi,
    Atr,
    Momentum,
    Vwap,
    CloseToCloseVol,
    ParkinsonVol,
    GarmanKlassVol,
    YangZhangVol,
    RelativeVolume,
};

struct IndicatorSpec {
    IndicatorKind kind = IndicatorKind::Sma;
    int period = 0;                         // bars or sessions; 0 for vwap
    VwapAnchor anchor = VwapAnchor::Equity; // vwap
    std::string name;                       // canonical text: "rsi:14", "vwap", "vwap:futures"

    bool operator==(const IndicatorSpec &) const = default;
};

inline constexpr int kMaxIndicatorPeriod = 100000;

// Parses "rsi:14" and the like. Errors name the problem, e.g. "unknown indicator 'foo'
// (expected sma:N, ema:N, ...)" or "rsi needs a period: rsi:N".
Result<IndicatorSpec> parseIndicatorSpec(std::string_view text);

// The accepted forms, for help texts and messages.
const char *indicatorSpecForms();

// One indicator of any kind over bars. `annualization` scales the realized volatilities (bars
// per year: 252 for daily bars).
class BarIndicator {
public:
    explicit BarIndicator(const IndicatorSpec &spec, double annualization = kTradingDaysPerYear);

    double update(const Bar &bar); // the value after this bar; NaN while warming up
    const IndicatorSpec &spec() const { return m_spec; }

private:
    using Any =
        std::variant<Sma, Ema, Rsi, Atr, Momentum, SessionVwap, RealizedVolatility, RelativeVolume>;
    static Any make(const IndicatorSpec &spec, double annualization);

    IndicatorSpec m_spec;
    Any m_indicator;
};

} // namespace mag7::signals
