#pragma once
// The sub-commands of `mag7`, one file each.

#include <QStringList>

namespace mag7::cli {

int runSimulate(const QStringList &arguments); // simulatecommand.cpp
int runTicks(const QStringList &arguments);    // tickscommand.cpp
int runState(const QStringList &arguments);    // statecommand.cpp
int runBench(const QStringList &arguments);    // benchcommand.cpp

} // namespace mag7::cli
