#pragma once
// What the option-structure playbooks share (optionplaybooks.cpp, convexityplaybook.cpp): the
// OptionPlaybook base class (the chain, the every_min throttle, fire-once keys, the state),
// quote tests, an expiry's strikes as rows, legs and the text of their reasons. Internal to the
// signals module.

#include "signals/playbook.h"
#include "signals/playbookformat.h"

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::signals::optionsupport {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// ---- quotes and text -----------------------------------------------------------------------

// A two-sided, uncrossed quote with a positive mid.
bool quoted(const OptionQuoteView &q);
// A leg that is sold needs a bid.
bool sellable(const OptionQuoteView &q);
bool knownVol(double iv); // finite and positive

std::string strikeText(double strike);            // "590", "592.5"
std::string volText(double iv);                   // 0.254 -> "25.4%"
std::string expiryText(const ExpiryView &expiry); // "2025-01-17 (2 DTE)"
std::string netText(double net);                  // "debit 1.20", "credit 0.85"

// ---- an expiry's strikes ---------------------------------------------------------------------

// One listed strike of an expiry with its call and put (null when not listed).
struct StrikeRow {
    double strike = 0;
    const OptionQuoteView *call = nullptr;
    const OptionQuoteView *put = nullptr;
    const OptionQuoteView *get(OptionRight right) const
    {
        return right == OptionRight::Call ? call : put;
    }
};

// The expiry's strikes in order, each with its call and put.
void strikeRows(const ExpiryView &expiry, std::vector<StrikeRow> &rows);

// The row nearest `target` that `usable` accepts, or -1.
template <typename Usable>
int nearestRow(const std::vector<StrikeRow> &rows, double target, Usable usable)
{
    int best = -1;
    double distance = kInfinity;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const double d = std::abs(rows[i].strike - target);
        if (d < distance && usable(rows[i])) {
            best = static_cast<int>(i);
            distance = d;
        }
    }
    return best;
}

// ---- legs ------------------------------------------------------------------------------------

SignalLeg optionLeg(int quantity, const ExpiryView &expiry, const OptionQuoteView &quote);

// A long calendar at the strike nearest spot quoted in both expiries: sell the front, buy the
// back. Null legs when there is none.
struct CalendarLegs {
    const OptionQuoteView *front = nullptr;
    const OptionQuoteView *back = nullptr;
};

CalendarLegs atmCalendar(const ExpiryView &front, const ExpiryView &back, double spot,
                         OptionRight right);

// ---- the base class --------------------------------------------------------------------------

// A playbook that looks at the symbol's chain at a completed bar, at most once every
// `every_min` minutes, and fires each of its setups once per symbol and trading date.
class OptionPlaybook : public Playbook {
public:
    void onBar(const BarContext &context, std::vector<Signal> &out) final;
    std::string state(std::string_view symbol) const final;

protected:
    OptionPlaybook()
    {
        addParameter("every_min", 5, 1, 240,
                     "look at a symbol's chain at most once every this many minutes");
    }

    struct Evaluation {
        const BarContext &context;
        const SymbolMarket &market;
        const OptionChainView &chain;
        double spot;                       // the chain's spot, else the bar's close
        std::set<std::string> &firedToday; // keys of the setups fired on this trading date
    };

    // Looks at the chain, appends its signals, returns the symbol's state for the desk.
    virtual std::string evaluate(const Evaluation &e, std::vector<Signal> &out) = 0;

    // True the first time `key` fires for the symbol on this trading date.
    static bool firstToday(const Evaluation &e, std::string key)
    {
        return e.firedToday.insert(std::move(key)).second;
    }

    // A signal proposing `legs` at their mids; netPrice is their sum.
    Signal structureSignal(const Evaluation &e, SignalSide side, std::string structure,
                           std::vector<SignalLeg> legs, std::string reason) const;

private:
    struct SymbolState {
        Date date{};
        bool evaluated = false;
        Timestamp lastEvaluation = 0;
        std::set<std::string> fired;
        std::string note;
    };
    std::map<std::string, SymbolState, std::less<>> m_states;
};

} // namespace mag7::signals::optionsupport
