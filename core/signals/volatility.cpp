#include "signals/volatility.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mag7::signals {

namespace {

int minimumWindow(VolEstimator estimator, int window)
{
    const bool sampleVariance =
        estimator == VolEstimator::CloseToClose || estimator == VolEstimator::YangZhang;
    return std::max(sampleVariance ? 2 : 1, window);
}

} // namespace

const char *volEstimatorName(VolEstimator estimator)
{
    switch (estimator) {
    case VolEstimator::CloseToClose:
        return "close-to-close";
    case VolEstimator::Parkinson:
        return "parkinson";
    case VolEstimator::GarmanKlass:
        return "garman-klass";
    case VolEstimator::YangZhang:
        return "yang-zhang";
    }
    return "close-to-close";
}

RealizedVolatility::RealizedVolatility(VolEstimator estimator, int window, double annualization)
    : m_estimator(estimator)
    , m_window(minimumWindow(estimator, window))
    , m_annualization(annualization)
    , m_first(m_window)
    , m_second(m_window)
    , m_third(m_window)
{}

bool RealizedVolatility::ready() const
{
    return m_first.full();
}

double RealizedVolatility::update(const Bar &bar)
{
    if (!isValidBar(bar))
        return m_value;
    const double previousClose = m_previousClose;
    m_previousClose = bar.close;
    const double n = m_window;
    switch (m_estimator) {
    case VolEstimator::CloseToClose:
        if (std::isnan(previousClose))
            return m_value;
        m_first.push(std::log(bar.close / previousClose));
        m_variance = m_first.full() ? m_first.sampleVariance() : kNoValue;
        break;
    case VolEstimator::Parkinson: {
        const double range = std::log(bar.high / bar.low);
        m_first.push(range * range);
        m_variance = m_first.full() ? m_first.sum() / (4.0 * n * std::numbers::ln2) : kNoValue;
        break;
    }
    case VolEstimator::GarmanKlass: {
        const double range = std::log(bar.high / bar.low);
        const double body = std::log(bar.close / bar.open);
        m_first.push(0.5 * range * range - (2.0 * std::numbers::ln2 - 1.0) * body * body);
        m_variance = m_first.full() ? std::max(0.0, m_first.mean()) : kNoValue;
        break;
    }
    case VolEstimator::YangZhang: {
        if (std::isnan(previousClose))
            return m_value;
        const double highClose = std::log(bar.high / bar.close);
        const double highOpen = std::log(bar.high / bar.open);
        const double lowClose = std::log(bar.low / bar.close);
        const double lowOpen = std::log(bar.low / bar.open);
        m_first.push(std::log(bar.open / previousClose));
        m_second.push(std::log(bar.close / bar.open));
        m_third.push(highClose * highOpen + lowClose * lowOpen);
        if (m_first.full()) {
            const double k = 0.34 / (1.34 + (n + 1.0) / (n - 1.0));
            m_variance = m_first.sampleVariance() + k * m_second.sampleVariance() +
                         (1.0 - k) * std::max(0.0, m_third.mean());
        } else {
            m_variance = kNoValue;
        }
        break;
    }
    }
    m_value = std::isnan(m_variance) ? kNoValue : std::sqrt(m_annualization * m_variance);
    return m_value;
}

void RealizedVolatility::reset()
{
    m_previousClose = kNoValue;
    m_first.reset();
    m_second.reset();
    m_third.reset();
    m_variance = kNoValue;
    m_value = kNoValue;
}

std::vector<double> realizedVolatility(std::span<const Bar> bars, VolEstimator estimator,
                                       int window, double annualization)
{
    RealizedVolatility volatility(estimator, window, annualization);
    std::vector<double> out;
    out.reserve(bars.size());
    for (const Bar &bar : bars)
        out.push_back(volatility.update(bar));
    return out;
}

} // namespace mag7::signals
