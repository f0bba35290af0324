#include "pricing/blackscholes.h"

#include <algorithm>
#include <iterator>
#include <cmath>

namespace mag7::pricing {

namespace {
constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;
constexpr double kDaysPerYear = 365.0;
} // namespace

double normalCdf(double x)
{
    return 0.5 * std::erfc(-x * kInvSqrt2);
}
double normalPdf(double x)
{
    return kInvSqrt2Pi * std::exp(-0.5 * x * x);
}

double bsmPrice(const BsmInputs &in)
{
    const double dfR = std::exp(-in.rate * in.years);
    const double dfQ = std::exp(-in.dividendYield * in.years);
    const double sign = in.right == OptionRight::Call ? 1.0 : -1.0;
    const double stdev = in.vol * std::sqrt(std::max(in.years, 0.0));
    if (in.years <= 0 || stdev <= 0) {
        return std::max(sign * (in.spot * dfQ - in.strike * dfR), 0.0);
    }
    const double d1 =
        (std::log(in.spot / in.strike) + (in.rate - in.dividendYield) * in.years) / stdev +
        0.5 * stdev;
    const double d2 = d1 - stdev;
    return sign * (in.spot * dfQ * normalCdf(sign * d1) - in.strike * dfR * normalCdf(sign * d2));
}

double bsmDelta(const BsmInputs &in)
{
    const double dfQ = std::exp(-in.dividendYield * in.years);
    const double stdev = in.vol * std::sqrt(std::max(in.years, 0.0));
    const bool call = in.right == OptionRight::Call;
    if (in.years <= 0 || stdev <= 0) {
        const double forward =
            in.spot * std::exp((in.rate - in.dividendYield) * std::max(in.years, 0.0));
        if (call)
            return forward > in.strike ? dfQ : 0.0;
        return forward < in.strike ? -dfQ : 0.0;
    }
    const double d1 =
        (std::log(in.spot / in.strike) + (in.rate - in.dividendYield) * in.years) / stdev +
        0.5 * stdev;
    return call ? dfQ * normalCdf(d1) : -dfQ * normalCdf(-d1);
}

Greeks bsmGreeks(const BsmInputs &in)
{
    Greeks g;
    const double t = std::max(in.years, 0.0);
    const double dfR = std::exp(-in.rate * t);
    const double dfQ = std::exp(-in.dividendYield * t);
    const bool call = in.right == OptionRight::Call;
    const double sign = call ? 1.0 : -1.0;
    const double sqrtT = std::sqrt(t);
    const double stdev = in.vol * sqrtT;
    if (t <= 0 || stdev <= 0 || in.spot <= 0 || in.strike <= 0) {
        g.price = bsmPrice(in);
        g.delta = bsmDelta(in);
        return g;
    }
    const double d1 =
        (std::log(in.spot / in.strike) + (in.rate - in.dividendYield) * t) / stdev + 0.5 * stdev;
    const double d2 = d1 - stdev;
    const double nd1 = normalPdf(d1);
    const double cdf1 = normalCdf(sign * d1);
    const double cdf2 = normalCdf(sign * d2);

    g.price = sign * (in.spot * dfQ * cdf1 - in.strike * dfR * cdf2);
    g.delta = sign * dfQ * cdf1;
    g.gamma = dfQ * nd1 / (in.spot * stdev);
    const double vegaPerUnit = in.spot * dfQ * nd1 * sqrtT;
    g.vega = vegaPerUnit * 0.01;
    const double thetaYear = -in.spot * dfQ * nd1 * in.vol / (2.0 * sqrtT) -
                             sign * in.rate * in.strike * dfR * cdf2 +
                             sign * in.dividendYield * in.spot * dfQ * cdf1;
    g.theta = thetaYear / kDaysPerYear;
    g.rho = sign * in.strike * t * dfR * cdf2 * 0.01;
    // Second order.
    const double vannaPerUnit = -dfQ * nd1 * d2 / in.vol;
    g.vanna = vannaPerUnit * 0.01;
    const double charmYear =
        sign * in.dividendYield * dfQ * cdf1 -
        dfQ * nd1 * (2.0 * (in.rate - in.dividendYield) * t - d2 * stdev) / (2.0 * t * stdev);
    // Charm: change of delta as one calendar day passes (time to expiry shrinks).
    g.charm = charmYear / kDaysPerYear;
    g.vomma = vegaPerUnit * d1 * d2 / in.vol * 0.01 * 0.01;
    g.speed = -g.gamma / in.spot * (d1 / stdev + 1.0);
    return g;
}

} // namespace mag7::pricing

namespace mag7::pricing {

void bsmGreeksBatch(const BsmBatch &in, const GreeksBatch &out)
{
    for (std::size_t i = 0; i < in.size; ++i) {
        const Greeks g = bsmGreeks({in.right[i], in.spot[i], in.strike[i], in.years[i], in.vol[i],
                                    in.rate[i], in.dividendYield[i]});
        double *const targets[] = {out.price, out.delta, out.gamma, out.theta, out.vega,
                                   out.rho,   out.vanna, out.charm, out.vomma, out.speed};
        const double values[] = {g.price, g.delta, g.gamma, g.theta, g.vega,
                                 g.rho,   g.vanna, g.charm, g.vomma, g.speed};
        for (std::size_t k = 0; k < std::size(values); ++k) {
            if (targets[k])
                targets[k][i] = values[k];
        }
    }
}

} // namespace mag7::pricing
