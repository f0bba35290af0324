#pragma once
// Realized volatility over a rolling window of n bars, annualised: sigma = sqrt(a * s2), where
// s2 is the per-bar variance of the estimator and a the number of bars per year (252 for daily
// bars, 252 * 390 for regular-session 1-minute bars). With O_i, H_i, L_i, C_i the bar's prices:
//
//   Close-to-close: r_i = ln(C_i / C_{i-1}), s2 = 1/(n-1) * sum (r_i - mean r)^2 over the last
//     n returns (n + 1 closes).
//   Parkinson (1980), from the high-low range: s2 = 1/(4 n ln 2) * sum ln(H_i / L_i)^2.
//   Garman-Klass (1980), range and open-to-close:
//     s2 = 1/n * sum [ 0.5 ln(H_i / L_i)^2 - (2 ln 2 - 1) ln(C_i / O_i)^2 ].
//   Yang-Zhang (2000), with the overnight jump: o_i = ln(O_i / C_{i-1}), c_i = ln(C_i / O_i),
//     s2_o = 1/(n-1) * sum (o_i - mean o)^2, s2_c = 1/(n-1) * sum (c_i - mean c)^2,
//     s2_rs = 1/n * sum [ ln(H_i/C_i) ln(H_i/O_i) + ln(L_i/C_i) ln(L_i/O_i) ] (Rogers-Satchell),
//     k = 0.34 / (1.34 + (n + 1) / (n - 1)), s2 = s2_o + k s2_c + (1 - k) s2_rs
//     over the last n bars (n + 1 bars, for the first overnight jump).
//
// Parkinson and Garman-Klass need n >= 1 bars, close-to-close and Yang-Zhang n >= 2 (smaller
// windows are raised to that). Streaming with O(1) updates (rolling sums recomputed once per
// window); a bar that fails isValidBar() is ignored. Threading: plain values.

#include "signals/indicators.h"

#include <span>
#include <vector>

namespace mag7::signals {

enum class VolEstimator { CloseToClose, Parkinson, GarmanKlass, YangZhang };

const char *volEstimatorName(VolEstimator estimator); // "close-to-close", "parkinson", ...

inline constexpr double kTradingDaysPerYear = 252.0;

class RealizedVolatility {
public:
    RealizedVolatility(VolEstimator estimator, int window,
                       double annualization = kTradingDaysPerYear);

    // The annualised volatility after this bar (0.25 = 25%), NaN until the window is full.
    double update(const Bar &bar);
    double value() const { return m_value; }
    // The per-bar variance s2 behind value().
    double variance() const { return m_variance; }
    bool ready() const;
    VolEstimator estimator() const { return m_estimator; }
    int window() const { return m_window; }
    void reset();

private:
    VolEstimator m_estimator;
    int m_window;
    double m_annualization;
    double m_previousClose = kNoValue;
    RollingWindow m_first;  // r (close-to-close), the per-bar term (Parkinson, GK), o (YZ)
    RollingWindow m_second; // c (YZ)
    RollingWindow m_third;  // Rogers-Satchell term (YZ)
    double m_variance = kNoValue;
    double m_value = kNoValue;
};

// One value per bar, NaN while warming up.
std::vector<double> realizedVolatility(std::span<const Bar> bars, VolEstimator estimator,
                                       int window, double annualization = kTradingDaysPerYear);

} // namespace mag7::signals
