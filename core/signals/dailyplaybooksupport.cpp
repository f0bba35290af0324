// The helpers the daily playbooks share; see dailyplaybooksupport.h.
#include "signals/dailyplaybooksupport.h"

#include "model/easterntime.h"
#include "signals/garch.h"
#include "signals/indicators.h"
#include "signals/volatility.h"

#include <cmath>
#include <cstdio>

namespace mag7::signals::dailysupport {

std::string signedFixed(double value, int decimals)
{
    if (std::abs(value) < 0.5 * std::pow(10.0, -decimals))
        value = 0;
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%+.*f", decimals, value);
    return buffer;
}

std::string percent(double fraction, int decimals)
{
    return std::isfinite(fraction) ? fixed(fraction * 100, decimals) + "%" : "n/a";
}

int easternMinute(Timestamp ts)
{
    return static_cast<int>(toEastern(ts).nanosOfDay / kNanosPerMinute);
}

std::string clockOfMinute(int minute)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
    return buffer;
}

std::string clock(Timestamp ts)
{
    return clockOfMinute(easternMinute(ts));
}

Timestamp barEnd(const BarContext &context)
{
    return context.bar.start + kNanosPerMinute;
}

bool regularSession(const BarContext &context)
{
    const RangeLevel &ny = context.levels.newYork;
    return ny.ends != 0 && context.bar.start >= ny.begins && context.bar.start < ny.ends;
}

bool quoted(const OptionQuoteView &quote)
{
    return std::isfinite(quote.mid) && quote.mid > 0;
}

bool quotedWithDelta(const OptionQuoteView &quote)
{
    return quoted(quote) && std::isfinite(quote.delta);
}

const ExpiryView *firstExpiry(const OptionChainView &chain, int minDte, int maxDte)
{
    for (const ExpiryView &expiry : chain.expiries) {
        if (expiry.daysToExpiry >= minDte && expiry.daysToExpiry <= maxDte)
            return &expiry;
    }
    return nullptr;
}

const ExpiryView *expiryWithin(const Playbook &playbook, const OptionChainView &chain,
                               std::string &why)
{
    const int minDte = static_cast<int>(playbook.parameter("min_dte"));
    const int maxDte = static_cast<int>(playbook.parameter("max_dte"));
    const ExpiryView *expiry = firstExpiry(chain, minDte, maxDte);
    if (!expiry)
        why = "no expiry within " + std::to_string(minDte) + "-" + std::to_string(maxDte) + " DTE";
    return expiry;
}

const ExpiryView *findExpiry(const OptionChainView &chain, Date date)
{
    for (const ExpiryView &expiry : chain.expiries) {
        if (expiry.expiry == date)
            return &expiry;
    }
    return nullptr;
}

const OptionQuoteView *findQuote(const ExpiryView &expiry, double strike, OptionRight right)
{
    for (const OptionQuoteView &quote : expiry.options) {
        if (quote.right == right && std::abs(quote.strike - strike) < 1e-9 && quoted(quote))
            return &quote;
    }
    return nullptr;
}

const OptionQuoteView *nearestDelta(const ExpiryView &expiry, OptionRight right, double target)
{
    const OptionQuoteView *best = nullptr;
    for (const OptionQuoteView &quote : expiry.options) {
        if (quote.right != right || !quotedWithDelta(quote))
            continue;
        if (!best ||
            std::abs(std::abs(quote.delta) - target) < std::abs(std::abs(best->delta) - target))
            best = &quote;
    }
    return best;
}

SignalLeg optionLeg(int quantity, Date expiry, const OptionQuoteView &quote)
{
    SignalLeg leg;
    leg.quantity = quantity;
    leg.expiry = expiry;
    leg.right = quote.right;
    leg.strike = quote.strike;
    leg.price = quote.mid;
    return leg;
}

SignalLeg closingLeg(int quantity, Date expiry, double strike, OptionRight right,
                     const BarContext &context)
{
    SignalLeg leg;
    leg.quantity = quantity;
    leg.expiry = expiry;
    leg.right = right;
    leg.strike = strike;
    leg.price = kUnknown;
    const OptionChainView *chain = context.market ? context.market->chain.get() : nullptr;
    const ExpiryView *view = chain ? findExpiry(*chain, expiry) : nullptr;
    if (const OptionQuoteView *quote = view ? findQuote(*view, strike, right) : nullptr)
        leg.price = quote->mid;
    return leg;
}

double optionNetPrice(const std::vector<SignalLeg> &legs)
{
    double net = 0;
    for (const SignalLeg &leg : legs) {
        if (!leg.shares)
            net += leg.quantity * leg.price;
    }
    return net;
}

void DailyVolatility::update(const std::vector<DailyBar> &daily)
{
    if (m_seen && daily.size() == m_count && (daily.empty() || daily.back() == m_last))
        return;
    m_seen = true;
    m_count = daily.size();
    m_last = daily.empty() ? DailyBar{} : daily.back();
    m_realized = kNoValue;
    m_garch = kNoValue;
    if (daily.empty())
        return;
    const std::vector<Bar> bars = barsFromDaily(daily);
    m_realized = realizedVolatility(bars, VolEstimator::CloseToClose, kRealizedWindow).back();
    if (daily.size() >= kGarchMinimumBars) {
        const Result<GarchFit> fit = fitGarch(logReturns(closesOf(bars)));
        if (fit)
            m_garch = fit->forecastVolatility(kGarchHorizon);
    }
}

} // namespace mag7::signals::dailysupport
