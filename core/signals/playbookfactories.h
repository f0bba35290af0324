#pragma once
// The built-in playbooks by family, in the order builtInPlaybooks() runs them. Internal to the
// signals module.

#include "signals/playbook.h"

#include <memory>
#include <vector>

namespace mag7::signals {

// ny-orb, london-orb, ny-vwap, ny-candles, ict-sweep (sessionplaybooks.cpp)
void appendSessionPlaybooks(std::vector<std::unique_ptr<Playbook>> &out);
// fat-tail, convexity, calendar, iron-fly (optionplaybooks.cpp)
void appendOptionPlaybooks(std::vector<std::unique_ptr<Playbook>> &out);
// mag7, meic, gamma-scalp, earnings, ensemble (dailyplaybooks.cpp; the ensemble last)
void appendDailyPlaybooks(std::vector<std::unique_ptr<Playbook>> &out);

} // namespace mag7::signals
