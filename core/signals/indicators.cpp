#include "signals/indicators.h"

#include "model/easterntime.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace mag7::signals {

namespace {

bool isValidPrice(double value)
{
    return std::isfinite(value) && value > 0;
}

int atLeastOne(int period)
{
    return std::max(1, period);
}

// Runs a streaming indicator over a span, one output per input.
template <class Indicator, class Input>
std::vector<double> runOver(Indicator indicator, std::span<const Input> inputs)
{
    std::vector<double> out;
    out.reserve(inputs.size());
    for (const Input &input : inputs)
        out.push_back(indicator.update(input));
    return out;
}

} // namespace

bool isValidBar(const Bar &bar)
{
    return isValidPrice(bar.open) && isValidPrice(bar.high) && isValidPrice(bar.low) &&
           isValidPrice(bar.close) && bar.high >= bar.low && bar.volume >= 0;
}

// ---- RollingWindow ----

RollingWindow::RollingWindow(int length)
    : m_values(static_cast<std::size_t>(atLeastOne(length)), 0.0)
{}

void RollingWindow::push(double value)
{
    if (full()) {
        const double oldest = m_values[m_next] - m_shift;
        m_shiftedSum -= oldest;
        m_shiftedSumSquares -= oldest * oldest;
    } else {
        ++m_size;
    }
    m_values[m_next] = value;
    m_next = (m_next + 1) % m_values.size();
    const double shifted = value - m_shift;
    m_shiftedSum += shifted;
    m_shiftedSumSquares += shifted * shifted;
    if (++m_pushesSinceRecompute >= m_values.size())
        recompute();
}

void RollingWindow::recompute()
{
    m_pushesSinceRecompute = 0;
    double total = 0;
    for (std::size_t i = 0; i < m_size; ++i)
        total += m_values[i];
    m_shift = m_size > 0 ? total / static_cast<double>(m_size) : 0.0;
    m_shiftedSum = 0;
    m_shiftedSumSquares = 0;
    for (std::size_t i = 0; i < m_size; ++i) {
        const double shifted = m_values[i] - m_shift;
        m_shiftedSum += shifted;
        m_shiftedSumSquares += shifted * shifted;
    }
}

void RollingWindow::reset()
{
    std::fill(m_values.begin(), m_values.end(), 0.0);
    m_next = 0;
    m_size = 0;
    m_pushesSinceRecompute = 0;
    m_shift = 0;
    m_shiftedSum = 0;
    m_shiftedSumSquares = 0;
}

double RollingWindow::sum() const
{
    return m_shiftedSum + m_shift * static_cast<double>(m_size);
}

double RollingWindow::mean() const
{
    if (m_size == 0)
        return kNoValue;
    return m_shift + m_shiftedSum / static_cast<double>(m_size);
}

double RollingWindow::sampleVariance() const
{
    if (m_size < 2)
        return kNoValue;
    const double n = static_cast<double>(m_size);
    const double variance = (m_shiftedSumSquares - m_shiftedSum * m_shiftedSum / n) / (n - 1.0);
    return std::max(0.0, variance);
}

// ---- Sma ----

Sma::Sma(int period)
    : m_window(period)
{}

double Sma::update(double value)
{
    if (!std::isfinite(value))
        return m_value;
    m_window.push(value);
    m_value = m_window.full() ? m_window.mean() : kNoValue;
    return m_value;
}

void Sma::reset()
{
    m_window.reset();
    m_value = kNoValue;
}

// ---- Ema ----

Ema::Ema(int period)
    : m_period(atLeastOne(period))
    , m_alpha(2.0 / (m_period + 1.0))
{}

double Ema::update(double value)
{
    if (!std::isfinite(value))
        return m_value;
    if (m_count < m_period) {
        m_seedSum += value;
        if (++m_count == m_period)
            m_value = m_seedSum / m_period;
        return m_value;
    }
    m_value += m_alpha * (value - m_value);
    return m_value;
}

void Ema::reset()
{
    m_count = 0;
    m_seedSum = 0;
    m_value = kNoValue;
}

// ---- Rsi ----

Rsi::Rsi(int period)
    : m_period(atLeastOne(period))
{}

double Rsi::update(double close)
{
    if (!isValidPrice(close))
        return m_value;
    if (std::isnan(m_previous)) {
        m_previous = close;
        return m_value;
    }
    const double change = close - m_previous;
    m_previous = close;
    const double gain = change > 0 ? change : 0.0;
    const double loss = change < 0 ? -change : 0.0;
    if (m_changes < m_period) {
        m_averageGain += gain;
        m_averageLoss += loss;
        if (++m_changes < m_period)
            return m_value;
        m_averageGain /= m_period;
        m_averageLoss /= m_period;
    } else {
        m_averageGain = (m_averageGain * (m_period - 1) + gain) / m_period;
        m_averageLoss = (m_averageLoss * (m_period - 1) + loss) / m_period;
    }
    const double total = m_averageGain + m_averageLoss;
    m_value = total > 0 ? 100.0 * m_averageGain / total : 50.0;
    return m_value;
}

void Rsi::reset()
{
    m_changes = 0;
    m_previous = kNoValue;
    m_averageGain = 0;
    m_averageLoss = 0;
    m_value = kNoValue;
}

// ---- Atr ----

Atr::Atr(int period)
    : m_period(atLeastOne(period))
{}

double Atr::trueRange(const Bar &bar, double previousClose)
{
    const double range = bar.high - bar.low;
    if (std::isnan(previousClose))
        return range;
    return std::max({range, std::abs(bar.high - previousClose), std::abs(bar.low - previousClose)});
}

double Atr::update(const Bar &bar)
{
    if (!isValidBar(bar))
        return m_value;
    const double range = trueRange(bar, m_previousClose);
    m_previousClose = bar.close;
    if (m_count < m_period) {
        m_sum += range;
        if (++m_count == m_period)
            m_value = m_sum / m_period;
        return m_value;
    }
    m_value = (m_value * (m_period - 1) + range) / m_period;
    return m_value;
}

void Atr::reset()
{
    m_count = 0;
    m_previousClose = kNoValue;
    m_sum = 0;
    m_value = kNoValue;
}

// ---- Session VWAP ----

SessionAnchors::SessionAnchors(VwapAnchor kind)
    : m_kind(kind)
{}

Timestamp SessionAnchors::anchorOf(Timestamp barStart)
{
    if (!m_window.contains(barStart))
        m_window = calendar::tradingDayWindow(calendar::tradingDateOf(barStart));
    if (m_kind == VwapAnchor::Futures)
        return m_window.begins;
    return m_window.inRegularSession(barStart) ? m_window.regularOpen : 0;
}

SessionVwap::SessionVwap(VwapAnchor anchor)
    : m_anchorOf(
          [anchors = SessionAnchors(anchor)](Timestamp ts) mutable { return anchors.anchorOf(ts); })
{}

SessionVwap::SessionVwap(AnchorFunction anchorOf)
    : m_anchorOf(std::move(anchorOf))
{}

double SessionVwap::update(const Bar &bar)
{
    if (!isValidBar(bar))
        return value();
    const Timestamp anchor = m_anchorOf ? m_anchorOf(bar.start) : 0;
    if (anchor != m_anchor) {
        m_anchor = anchor;
        m_priceVolume = 0;
        m_volume = 0;
    }
    if (anchor != 0 && bar.volume > 0) {
        const double volume = static_cast<double>(bar.volume);
        m_priceVolume += (bar.high + bar.low + bar.close) / 3.0 * volume;
        m_volume += volume;
    }
    return value();
}

double SessionVwap::value() const
{
    return m_anchor != 0 && m_volume > 0 ? m_priceVolume / m_volume : kNoValue;
}

void SessionVwap::reset()
{
    m_anchor = 0;
    m_priceVolume = 0;
    m_volume = 0;
}

// ---- Momentum ----

Momentum::Momentum(int period)
    : m_period(atLeastOne(period))
    , m_closes(static_cast<std::size_t>(m_period) + 1, 0.0)
{}

double Momentum::update(double close)
{
    if (!isValidPrice(close))
        return m_value;
    m_closes[m_next] = close;
    m_next = (m_next + 1) % m_closes.size();
    if (m_count <= m_period)
        ++m_count;
    // With n + 1 slots full, the next slot to be overwritten holds C_{t-n}.
    m_value = m_count > m_period ? close / m_closes[m_next] - 1.0 : kNoValue;
    return m_value;
}

void Momentum::reset()
{
    std::fill(m_closes.begin(), m_closes.end(), 0.0);
    m_next = 0;
    m_count = 0;
    m_value = kNoValue;
}

// ---- RelativeStrength ----

RelativeStrength::RelativeStrength(int period)
    : m_asset(period)
    , m_benchmark(period)
{}

double RelativeStrength::update(double assetClose, double benchmarkClose)
{
    if (!isValidPrice(assetClose) || !isValidPrice(benchmarkClose))
        return m_value;
    const double asset = m_asset.update(assetClose);
    const double benchmark = m_benchmark.update(benchmarkClose);
    m_value = ready() ? (1.0 + asset) / (1.0 + benchmark) : kNoValue;
    return m_value;
}

void RelativeStrength::reset()
{
    m_asset.reset();
    m_benchmark.reset();
    m_value = kNoValue;
}

// ---- RelativeVolume ----

RelativeVolume::RelativeVolume(int sessions)
    : m_sessions(atLeastOne(sessions))
    , m_profileSum(kMinutesPerDay, 0.0)
{}

int RelativeVolume::minuteOfTradingDay(Timestamp utc)
{
    const LocalDateTime local = toEastern(utc);
    const int minute = static_cast<int>(local.nanosOfDay / kNanosPerMinute);
    return (minute + 6 * 60) % kMinutesPerDay;
}

void RelativeVolume::closeSession()
{
    std::vector<double> profile(kMinutesPerDay, 0.0);
    double cumulative = 0;
    for (int m = 0; m < kMinutesPerDay; ++m) {
        cumulative += m_today[static_cast<std::size_t>(m)];
        profile[static_cast<std::size_t>(m)] = cumulative;
        m_profileSum[static_cast<std::size_t>(m)] += cumulative;
    }
    m_profiles.push_back(std::move(profile));
    if (static_cast<int>(m_profiles.size()) > m_sessions) {
        const std::vector<double> &oldest = m_profiles.front();
        for (std::size_t m = 0; m < oldest.size(); ++m)
            m_profileSum[m] -= oldest[m];
        m_profiles.pop_front();
    }
    m_today.fill(0.0);
    m_todayCumulative = 0;
}

double RelativeVolume::update(const Bar &bar)
{
    if (!isValidBar(bar))
        return m_value;
    if (!m_inSession || !m_window.contains(bar.start)) {
        const calendar::TradingDayWindow window =
            calendar::tradingDayWindow(calendar::tradingDateOf(bar.start));
        if (m_inSession && window.tradingDate != m_window.tradingDate)
            closeSession();
        m_window = window;
        m_inSession = true;
    }
    const int minute = minuteOfTradingDay(bar.start);
    const double volume = static_cast<double>(bar.volume);
    m_today[static_cast<std::size_t>(minute)] += volume;
    m_todayCumulative += volume;
    if (!ready()) {
        m_value = kNoValue;
        return m_value;
    }
    const double expected =
        m_profileSum[static_cast<std::size_t>(minute)] / static_cast<double>(m_profiles.size());
    m_value = expected > 0 ? m_todayCumulative / expected : kNoValue;
    return m_value;
}

void RelativeVolume::reset()
{
    m_window = {};
    m_inSession = false;
    m_today.fill(0.0);
    m_todayCumulative = 0;
    m_profiles.clear();
    std::fill(m_profileSum.begin(), m_profileSum.end(), 0.0);
    m_value = kNoValue;
}

// ---- Batch forms ----

std::vector<double> sma(std::span<const double> values, int period)
{
    return runOver(Sma(period), values);
}

std::vector<double> ema(std::span<const double> values, int period)
{
    return runOver(Ema(period), values);
}

std::vector<double> rsi(std::span<const double> closes, int period)
{
    return runOver(Rsi(period), closes);
}

std::vector<double> atr(std::span<const Bar> bars, int period)
{
    return runOver(Atr(period), bars);
}

std::vector<double> sessionVwap(std::span<const Bar> bars, VwapAnchor anchor)
{
    return runOver(SessionVwap(anchor), bars);
}

std::vector<double> momentum(std::span<const double> closes, int period)
{
    return runOver(Momentum(period), closes);
}

std::vector<double> relativeVolume(std::span<const Bar> minuteBars, int sessions)
{
    return runOver(RelativeVolume(sessions), minuteBars);
}

std::vector<double> relativeStrength(std::span<const Bar> asset, std::span<const Bar> benchmark,
                                     int period)
{
    RelativeStrength strength(period);
    std::vector<double> out;
    out.reserve(asset.size());
    std::size_t next = 0; // first benchmark bar not yet passed
    for (const Bar &bar : asset) {
        while (next < benchmark.size() && benchmark[next].start <= bar.start)
            ++next;
        if (next == 0) {
            out.push_back(kNoValue);
            continue;
        }
        out.push_back(strength.update(bar.close, benchmark[next - 1].close));
    }
    return out;
}

std::vector<double> closesOf(std::span<const Bar> bars)
{
    std::vector<double> out;
    out.reserve(bars.size());
    for (const Bar &bar : bars)
        out.push_back(bar.close);
    return out;
}

std::vector<Bar> barsFromDaily(std::span<const DailyBar> daily)
{
    std::vector<Bar> out;
    out.reserve(daily.size());
    for (const DailyBar &day : daily) {
        Bar bar;
        bar.start = fromEastern(day.date, timeOfDay(9, 30));
        bar.open = day.open;
        bar.high = day.high;
        bar.low = day.low;
        bar.close = day.close;
        bar.volume = day.volume;
        out.push_back(bar);
    }
    return out;
}

} // namespace mag7::signals
