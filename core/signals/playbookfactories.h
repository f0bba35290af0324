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

// The playbooks that live in files of their own, for the families above.
std::unique_ptr<Playbook> makeConvexityPlaybook(); // convexity (convexityplaybook.cpp)
std::unique_ptr<Playbook> makeMag7Playbook();      // mag7 (mag7playbook.cpp)
std::unique_ptr<Playbook> makeEnsemblePlaybook();  // ensemble (ensembleplaybook.cpp)

} // namespace mag7::signals
