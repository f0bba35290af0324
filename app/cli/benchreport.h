#pragma once
// Benchmark reporting: one JSON object per case on stdout with name, ours, baseline, ratio,
// unit, n and the machine (nproc, CPU model), as docs/PERFORMANCE.md asks.

#include <QStringList>

#include <cstdint>
#include <string>

namespace mag7::cli {

struct BenchCase {
    std::string name;
    double ours = 0;
    double baseline = 0;        // 0 when the case has no baseline
    std::string unit;           // e.g. "ticks/s", "bytes/tick", "ms"
    std::uint64_t n = 0;        // items measured
    bool higherIsBetter = true; // ratio = ours/baseline, or baseline/ours when lower is better
    std::string goal;           // e.g. ">= 2e6 ticks/s", shown verbatim
    std::string baselineName;   // what the baseline is
};

std::string machineJson();
// Prints the case as one JSON line and flushes.
void printBenchCase(const BenchCase &benchCase);

// Prints "<command>: <problem>" and "usage: <command> <options>" on stderr; returns 2.
int benchUsage(const QString &command, const QString &problem, const char *options = "[--smoke]");
// For benchmarks whose only option is --smoke: sets `smoke` from arguments[1..]; on anything
// else prints the usage, sets `exitCode` and returns false.
bool parseSmokeOnly(const QStringList &arguments, bool &smoke, int &exitCode);

} // namespace mag7::cli
