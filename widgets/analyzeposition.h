#pragma once
// AnalyzePosition: the multi-leg option position of the Analyze view and its evaluation at a
// what-if date-time and IV shift, on top of pricing's P/L engine (probability.h). Legs come from
// chain clicks or from templates (vertical, iron condor, butterfly, calendar, straddle, strangle)
// built on a ChainSnapshot. Plain C++ on the GUI thread; no Qt.

#include "engine/chainsnapshot.h"
#include "pricing/probability.h"

#include <optional>
#include <string>
#include <vector>

namespace mag7::widgets {

struct AnalyzeLeg {
    InstrumentId contract = kInvalidInstrument;
    std::string symbol; // OCC
    OptionRight right = OptionRight::Call;
    double strike = 0;
    Date expiry{};
    Timestamp expiryInstant = 0; // the closing bell of the expiry date
    int quantity = 0;            // contracts, + long / - short
    double entryPrice = 0;       // per share
    double iv = 0;               // latest implied vol of the contract
};

enum class PositionTemplate {
    LongStraddle,
    ShortStrangle,
    BullCallVertical,
    BearPutVertical,
    IronCondor,
    LongCallButterfly,
    CallCalendar,
};
const char *templateName(PositionTemplate kind);

// What the Analyze view shows: P/L and Greeks at the what-if time, and the statistics at the
// first expiry (probability of profit, max profit and loss, breakevens, as the desks quote them).
struct AnalyzeResult {
    pricing::PositionStats stats; // at the first expiry
    pricing::Greeks greeks;       // position Greeks in dollars (quantity x 100 x per-share Greek)
    double entryCost = 0;         // dollars; negative for a credit
    double value = 0;             // dollars at the current spot and the horizon
    double pnl = 0;               // at the current spot and the horizon
};

class AnalyzePosition {
public:
    const std::vector<AnalyzeLeg> &legs() const { return m_legs; }
    bool empty() const { return m_legs.empty(); }
    std::string underlying() const { return m_underlying; }

    // Adds `quantity` contracts of a chain contract at `price` per share (merging with a leg of
    // the same contract). A contract of another underlying starts a new position. False when the
    // chain does not list the contract.
    bool addContract(const engine::ChainSnapshot &chain, InstrumentId contract, int quantity,
                     double price);
    // Replaces the position with a template around the ATM strike of `expiry` (the nearest listed
    // expiry on or after it) at mid prices. False (position unchanged) when the chain lacks the
    // strikes or expiries the template needs.
    bool applyTemplate(const engine::ChainSnapshot &chain, PositionTemplate kind, Date expiry);
    void setQuantity(std::size_t leg, int quantity); // 0 removes the leg
    void removeLeg(std::size_t leg);
    void clear();
    // Refreshes every leg's IV from the chain (legs the chain no longer lists keep theirs).
    void updateFromChain(const engine::ChainSnapshot &chain);

    // The earliest leg expiry instant (0 when empty).
    Timestamp firstExpiry() const;
    // The pricing position seen from `now` (expiry times measured from `now`).
    pricing::Position position(Timestamp now, double rate, double dividendYield) const;
    // Evaluation at `horizon` (now <= horizon <= first expiry) with every leg's IV shifted by
    // `ivShift` (0.01 = 1 vol point); the statistics are at the first expiry, with the
    // underlying lognormal with `vol` (+ ivShift) from now.
    AnalyzeResult evaluate(Timestamp now, Timestamp horizon, double spot, double rate,
                           double dividendYield, double vol, double ivShift) const;

private:
    std::vector<AnalyzeLeg> m_legs;
    std::string m_underlying;
};

} // namespace mag7::widgets
