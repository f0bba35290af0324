#pragma once
// The sub-commands of `mag7`, one file each.

#include <QStringList>

namespace mag7::cli {

int runSimulate(const QStringList &arguments); // simulatecommand.cpp
int runTicks(const QStringList &arguments);    // tickscommand.cpp
int runState(const QStringList &arguments);    // statecommand.cpp
int runBench(const QStringList &arguments);    // benchcommand.cpp
int runPrice(const QStringList &arguments);    // pricecommand.cpp
int runIv(const QStringList &arguments);       // pricecommand.cpp
int runChain(const QStringList &arguments);    // chaincommand.cpp
int runGex(const QStringList &arguments);      // chaincommand.cpp
int runScan(const QStringList &arguments);     // scancommand.cpp
int runSignals(const QStringList &arguments);  // signalscommand.cpp
int runReplay(const QStringList &arguments);   // replaycommand.cpp

int runIndicators(const QStringList &arguments); // indicatorscommand.cpp

} // namespace mag7::cli
