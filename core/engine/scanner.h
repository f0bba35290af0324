#pragma once
// Scanner: a rule written by the trader, run over every option contract of the chains, e.g.
// `rvol > 1.5 and ivr > 50 and dte <= 7 and abs(delta) between 0.25 and 0.4`.
// Rules use the expression language of core/signals (parsed once, evaluated per contract with
// no allocation); unknown variables are refused with their position. A value that is not known
// (no IV, no quote, no IV history) never makes a rule match.
//
// Variables (per contract, with the underlying's values):
//   symbol-level  spot, chg (% change today), rvol (relative volume), atmiv (30-day ATM IV, %),
//                 ivr (IV rank 0-100), ivp (IV percentile 0-100)
//   contract      dte (calendar days), strike, call (1 call, 0 put), put (1 put, 0 call), bid,
//                 ask, mid, spread (ask - bid), spreadpct (% of mid), last, volume, oi,
//                 voloi (volume / open interest), iv (%), delta, gamma, theta (per day),
//                 vega (per vol point), probitm (%), gex (dollars per 1% move), moneyness
//                 (strike / spot - 1, %), otm (1 out of the money), em (expected move of the
//                 expiry, dollars), sigmas (|strike - spot| / expected move)
//
// Threading: a Scanner is immutable after create(); scan() from any thread.

#include "engine/chainsnapshot.h"
#include "engine/desksnapshot.h"
#include "model/result.h"

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::engine {

struct ScanVariableInfo {
    const char *name;
    const char *description;
};

struct ScanHit {
    std::string symbol;                  // underlying
    const OptionRow *contract = nullptr; // points into `chain`
    std::shared_ptr<const ChainSnapshot> chain;
    int daysToExpiry = 0;
};

class Scanner {
public:
    // Errors: the rule does not parse, or it names a variable the scanner does not know
    // ("at column 5: unknown variable 'foo'; the variables are ...").
    static Result<Scanner> create(std::string_view rule);
    static std::span<const ScanVariableInfo> variables();

    // Contracts of `chains` matching the rule, by underlying, expiry, strike, calls first.
    // `quotes` supplies the underlyings' relative volume, change and IV rank (may be empty).
    std::vector<ScanHit> scan(std::span<const std::shared_ptr<const ChainSnapshot>> chains,
                              std::span<const QuoteRow> quotes) const;
    const std::string &rule() const;

    Scanner(const Scanner &);
    Scanner &operator=(const Scanner &);
    Scanner(Scanner &&) noexcept;
    Scanner &operator=(Scanner &&) noexcept;
    ~Scanner();

private:
    struct Compiled;
    explicit Scanner(std::shared_ptr<const Compiled> compiled);
    std::shared_ptr<const Compiled> m_compiled;
};

} // namespace mag7::engine
