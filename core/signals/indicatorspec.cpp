#include "signals/indicatorspec.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mag7::signals {

namespace {

struct Form {
    const char *name;
    IndicatorKind kind;
    int minimumPeriod; // 0: takes no period
};

constexpr Form kForms[] = {
    {"sma", IndicatorKind::Sma, 1},
    {"ema", IndicatorKind::Ema, 1},
    {"rsi", IndicatorKind::Rsi, 1},
    {"atr", IndicatorKind::Atr, 1},
    {"momentum", IndicatorKind::Momentum, 1},
    {"vwap", IndicatorKind::Vwap, 0},
    {"rv", IndicatorKind::CloseToCloseVol, 2},
    {"parkinson", IndicatorKind::ParkinsonVol, 1},
    {"gk", IndicatorKind::GarmanKlassVol, 1},
    {"yz", IndicatorKind::YangZhangVol, 2},
    {"rvol", IndicatorKind::RelativeVolume, 1},
};

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trimmed(std::string_view text)
{
    constexpr std::string_view kSpace = " \t\r\n";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

} // namespace

const char *indicatorSpecForms()
{
    return "sma:N, ema:N, rsi:N, atr:N, momentum:N, vwap, vwap:futures, rv:N, parkinson:N, "
           "gk:N, yz:N, rvol:N";
}

Result<IndicatorSpec> parseIndicatorSpec(std::string_view text)
{
    const std::string spec = lowered(trimmed(text));
    const std::size_t colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    const std::string argument =
        colon == std::string::npos ? std::string() : spec.substr(colon + 1);
    const auto form = std::find_if(std::begin(kForms), std::end(kForms),
                                   [&](const Form &f) { return name == f.name; });
    if (form == std::end(kForms))
        return Error{"unknown indicator '" + std::string(trimmed(text)) + "' (expected " +
                     indicatorSpecForms() + ")"};
    IndicatorSpec out;
    out.kind = form->kind;
    if (form->kind == IndicatorKind::Vwap) {
        if (colon == std::string::npos || argument == "equity") {
            out.name = "vwap";
        } else if (argument == "futures") {
            out.anchor = VwapAnchor::Futures;
            out.name = "vwap:futures";
        } else {
            return Error{"vwap takes no period: write vwap (anchored at 09:30 ET) or "
                         "vwap:futures (18:00 ET), got '" +
                         std::string(trimmed(text)) + "'"};
        }
        return out;
    }
    if (colon == std::string::npos || argument.empty())
        return Error{name + " needs a period: " + name + ":N"};
    int period = 0;
    const char *begin = argument.data();
    const char *end = begin + argument.size();
    const auto [stop, ec] = std::from_chars(begin, end, period);
    if (ec != std::errc() || stop != end || period < form->minimumPeriod ||
        period > kMaxIndicatorPeriod)
        return Error{"the period of " + name + " must be a whole number from " +
                     std::to_string(form->minimumPeriod) + " to " +
                     std::to_string(kMaxIndicatorPeriod) + ", got '" + argument + "'"};
    out.period = period;
    out.name = name + ":" + std::to_string(period);
    return out;
}

BarIndicator::Any BarIndicator::make(const IndicatorSpec &spec, double annualization)
{
    switch (spec.kind) {
    case IndicatorKind::Sma:
        return Sma(spec.period);
    case IndicatorKind::Ema:
        return Ema(spec.period);
    case IndicatorKind::Rsi:
        return Rsi(spec.period);
    case IndicatorKind::Atr:
        return Atr(spec.period);
    case IndicatorKind::Momentum:
        return Momentum(spec.period);
    case IndicatorKind::Vwap:
        return SessionVwap(spec.anchor);
    case IndicatorKind::CloseToCloseVol:
        return RealizedVolatility(VolEstimator::CloseToClose, spec.period, annualization);
    case IndicatorKind::ParkinsonVol:
        return RealizedVolatility(VolEstimator::Parkinson, spec.period, annualization);
    case IndicatorKind::GarmanKlassVol:
        return RealizedVolatility(VolEstimator::GarmanKlass, spec.period, annualization);
    case IndicatorKind::YangZhangVol:
        return RealizedVolatility(VolEstimator::YangZhang, spec.period, annualization);
    case IndicatorKind::RelativeVolume:
        return RelativeVolume(spec.period);
    }
    return Sma(spec.period);
}

BarIndicator::BarIndicator(const IndicatorSpec &spec, double annualization)
    : m_spec(spec)
    , m_indicator(make(spec, annualization))
{}

double BarIndicator::update(const Bar &bar)
{
    return std::visit([&](auto &indicator) { return indicator.update(bar); }, m_indicator);
}

} // namespace mag7::signals
