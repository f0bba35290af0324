#pragma once
// `mag7 bench <area>` implementations, one file each. Every one accepts --smoke (a tiny run that
// only proves the benchmark still works, used by the test suite) and prints JSON lines through
// printBenchCase().

#include <QStringList>

namespace mag7::cli {

int benchStore(const QStringList &arguments); // bench_store.cpp
int benchSim(const QStringList &arguments);   // bench_sim.cpp

} // namespace mag7::cli
