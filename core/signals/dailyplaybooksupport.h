#pragma once
// What the daily playbooks share (mag7playbook.cpp, dailyplaybooks.cpp, ensembleplaybook.cpp):
// number and clock text for their reasons, the regular-session test, option-chain look-ups
// priced at the chain's mids, signal legs, and the volatility of a symbol's daily closes.
// Internal to the signals module.

#include "signals/playbook.h"
#include "signals/playbookformat.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::signals::dailysupport {

// ---- text ------------------------------------------------------------------------------------

// With its sign, and without a "-0.00" for a value that rounds to zero.
std::string signedFixed(double value, int decimals = 2);
// A fraction as a percentage: 0.061 -> "6.1%"; "n/a" when unknown.
std::string percent(double fraction, int decimals = 1);
// Minutes after midnight ET.
int easternMinute(Timestamp ts);
std::string clockOfMinute(int minute); // 720 -> "12:00"
std::string clock(Timestamp ts);       // "HH:MM" ET

// ---- bars ------------------------------------------------------------------------------------

Timestamp barEnd(const BarContext &context);
// The bar starts in the New York regular session of the symbol's trading date.
bool regularSession(const BarContext &context);

// The note a playbook keeps in the state of `symbol`, or what it waits for before its first bar.
template <class State>
std::string noteOf(const std::map<std::string, State> &states, std::string_view symbol)
{
    const auto it = states.find(std::string(symbol));
    return it == states.end() || it->second.note.empty() ? "waiting for the regular session"
                                                         : it->second.note;
}

// ---- option chain ----------------------------------------------------------------------------

bool quoted(const OptionQuoteView &quote); // a positive mid
bool quotedWithDelta(const OptionQuoteView &quote);
// The nearest expiry with minDte <= days to expiry <= maxDte.
const ExpiryView *firstExpiry(const OptionChainView &chain, int minDte, int maxDte);
// The nearest expiry within the playbook's min_dte..max_dte parameters; null, with `why` saying
// so, when the chain has none.
const ExpiryView *expiryWithin(const Playbook &playbook, const OptionChainView &chain,
                               std::string &why);
const ExpiryView *findExpiry(const OptionChainView &chain, Date date);
// The quoted contract at exactly `strike`.
const OptionQuoteView *findQuote(const ExpiryView &expiry, double strike, OptionRight right);
// The quoted contract whose |delta| is nearest `target` (the lower strike on a tie).
const OptionQuoteView *nearestDelta(const ExpiryView &expiry, OptionRight right, double target);

// ---- legs ------------------------------------------------------------------------------------

SignalLeg optionLeg(int quantity, Date expiry, const OptionQuoteView &quote);
// A leg closing a contract the playbook holds, at the chain's current mid (NaN when the chain
// no longer quotes it).
SignalLeg closingLeg(int quantity, Date expiry, double strike, OptionRight right,
                     const BarContext &context);
// Sum of quantity x mid over the option legs: debit > 0, credit < 0.
double optionNetPrice(const std::vector<SignalLeg> &legs);

// ---- daily-bar volatility --------------------------------------------------------------------

// The 20-day close-to-close realized volatility and the GARCH(1,1) 7-day forecast of a
// symbol's daily closes (annualised), refit only when the daily bars change.
class DailyVolatility {
public:
    static constexpr int kRealizedWindow = 20;
    static constexpr int kGarchHorizon = 7;
    static constexpr std::size_t kGarchMinimumBars = 60;

    void update(const std::vector<DailyBar> &daily);
    double realized() const { return m_realized; }
    double garch() const { return m_garch; }

private:
    bool m_seen = false;
    std::size_t m_count = 0;
    DailyBar m_last{};
    double m_realized = kNoValue;
    double m_garch = kNoValue;
};

} // namespace mag7::signals::dailysupport
