#pragma once
// Alert rules on price levels and scanner hits.
//
// LevelWatch: for every symbol it is fed, the last price crossing one of the symbol's levels
// (prior-day high/low/close, 3-day high/low, opening ranges, session highs/lows, swing points,
// GEX flip, walls, delta clusters) is an alert: "SPY crossed above PDH 591.20 (591.35)". Only
// the level kinds switched on are watched. A crossing needs the previous price on the other side
// of the level (the first price of a symbol only sets the reference), and a level still being
// formed (an opening range or session under way) is not watched: price makes those levels, it
// does not cross them.
//
// ScanHitWatch: a contract that starts matching the scanner rule (it did not match at the
// previous scan of the same rule) is an alert; the first scan of a rule sets the reference.
//
// Threading: one thread (the GUI thread); pure logic, no timers.

#include "alerts/alert.h"
#include "signals/levels.h"

#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::alerts {

class LevelWatch {
public:
    // The kinds watched by default: prior-day high/low, 3-day high/low, New York opening range
    // high/low, GEX flip, call wall and put wall.
    static std::vector<signals::LevelKind> defaultKinds();

    void setKinds(std::span<const signals::LevelKind> kinds);
    const std::set<signals::LevelKind> &kinds() const { return m_kinds; }

    // The symbol's last price at `time` and its current levels; returns the crossings since the
    // previous update of the symbol (kind Level, key "level|<symbol>|<level>|<above|below>").
    std::vector<Alert> update(std::string_view symbol, double lastPrice,
                              std::span<const signals::Level> levels, Timestamp time);

private:
    std::set<signals::LevelKind> m_kinds;
    std::map<std::string, double, std::less<>> m_lastPrice;
};

// One contract of a scan result as the alert reports it.
struct ScanHit {
    std::string contract;           // "SPY 2025-01-17 590 C"
    std::string symbol;             // the underlying
    std::vector<AlertInput> values; // the variables the rule read, at this scan
};

class ScanHitWatch {
public:
    // The contracts matching `rule` now; returns an alert (kind Scan, key
    // "scan|<rule>|<contract>") for each that did not match at the previous scan of this rule.
    std::vector<Alert> update(const std::string &rule, std::span<const ScanHit> hits,
                              Timestamp time);

private:
    std::string m_rule;
    bool m_primed = false;
    std::set<std::string> m_matching;
};

} // namespace mag7::alerts
