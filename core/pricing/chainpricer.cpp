#include "pricing/chainpricer.h"

#include <cmath>

namespace mag7::pricing {

void ChainPricer::price(double spot, double rate, double dividendYield,
                        std::span<const ChainQuote> quotes, std::vector<ChainAnalytics> &out)
{
    out.assign(quotes.size(), ChainAnalytics{});
    m_index.clear();
    m_right.clear();
    m_spot.clear();
    m_strike.clear();
    m_years.clear();
    m_vol.clear();
    m_rate.clear();
    m_dividend.clear();
    for (std::size_t i = 0; i < quotes.size(); ++i) {
        const ChainQuote &q = quotes[i];
        ChainAnalytics &a = out[i];
        if (!(q.bid > 0) || !(q.ask >= q.bid)) {
            a.mid = q.ask > 0 ? q.ask : 0;
            a.ivError = IvError::InvalidInput;
            continue;
        }
        a.mid = 0.5 * (q.bid + q.ask);
        const BsmInputs in{q.right, spot, q.strike, q.years, 0, rate, dividendYield};
        const IvResult iv = impliedVolatility(a.mid, in);
        a.ivError = iv.error;
        if (!iv.ok())
            continue;
        a.iv = iv.vol;
        m_index.push_back(i);
        m_right.push_back(q.right);
        m_spot.push_back(spot);
        m_strike.push_back(q.strike);
        m_years.push_back(q.years);
        m_vol.push_back(iv.vol);
        m_rate.push_back(rate);
        m_dividend.push_back(dividendYield);
    }
    const std::size_t n = m_index.size();
    for (auto *column : {&m_price, &m_delta, &m_gamma, &m_theta, &m_vega, &m_rho, &m_vanna,
                         &m_charm, &m_vomma, &m_speed})
        column->resize(n);
    BsmBatch batch{n,
                   m_right.data(),
                   m_spot.data(),
                   m_strike.data(),
                   m_years.data(),
                   m_vol.data(),
                   m_rate.data(),
                   m_dividend.data()};
    GreeksBatch greeks{m_price.data(), m_delta.data(), m_gamma.data(), m_theta.data(),
                       m_vega.data(),  m_rho.data(),   m_vanna.data(), m_charm.data(),
                       m_vomma.data(), m_speed.data()};
    bsmGreeksBatch(batch, greeks);
    for (std::size_t j = 0; j < n; ++j) {
        ChainAnalytics &a = out[m_index[j]];
        a.greeks = Greeks{m_price[j], m_delta[j], m_gamma[j], m_theta[j], m_vega[j],
                          m_rho[j],   m_vanna[j], m_charm[j], m_vomma[j], m_speed[j]};
        // N(d2) for calls, N(-d2) for puts, from d2 = d1 - vol sqrt(T).
        const double stdev = m_vol[j] * std::sqrt(m_years[j]);
        const double d2 = (std::log(m_spot[j] / m_strike[j]) +
                           (m_rate[j] - m_dividend[j] - 0.5 * m_vol[j] * m_vol[j]) * m_years[j]) /
                          stdev;
        a.probabilityItm = m_right[j] == OptionRight::Call ? normalCdf(d2) : normalCdf(-d2);
    }
}

} // namespace mag7::pricing
