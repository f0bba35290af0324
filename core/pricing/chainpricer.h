#pragma once
// ChainPricer: implied vol and Greeks of every contract of option chains, from their quotes.
// IV is solved from the mid (Black-Scholes-Merton with the underlying's continuous yield, the
// model the desk quotes and hedges with; American values are available per contract through
// american.h), then price and Greeks are evaluated at that IV in one batched pass.
//
// Threading: a ChainPricer owns scratch buffers; use one per thread.

#include "pricing/blackscholes.h"
#include "pricing/impliedvol.h"

#include <span>
#include <vector>

namespace mag7::pricing {

struct ChainQuote {
    OptionRight right = OptionRight::Call;
    double strike = 0;
    double years = 0; // to the expiry instant
    double bid = 0;   // 0 when there is no bid
    double ask = 0;   // 0 when there is no offer
};

struct ChainAnalytics {
    double mid = 0;
    double iv = 0; // 0 when ivError != None
    IvError ivError = IvError::None;
    Greeks greeks;             // at `iv`; all 0 when the IV is unknown
    double probabilityItm = 0; // risk-neutral, at `iv`
};

class ChainPricer {
public:
    // `out` is resized to quotes.size(). A contract without a two-sided quote gets
    // IvError::InvalidInput.
    void price(double spot, double rate, double dividendYield, std::span<const ChainQuote> quotes,
               std::vector<ChainAnalytics> &out);

private:
    std::vector<OptionRight> m_right;
    std::vector<double> m_spot, m_strike, m_years, m_vol, m_rate, m_dividend;
    std::vector<double> m_price, m_delta, m_gamma, m_theta, m_vega, m_rho, m_vanna, m_charm,
        m_vomma, m_speed;
    std::vector<std::size_t> m_index;
};

} // namespace mag7::pricing
