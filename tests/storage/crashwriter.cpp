// Helper process for tst_crashrecovery: records the deterministic crash stream into a tick
// directory, committing every batch, and prints "committed <ticks>" after each commit until it
// is killed (or reaches the optional tick limit).
//
//   storage_crashwriter <directory> [batch ticks] [max ticks]

#include "crashstream.h"
#include "storage/tickstore.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace mag7;
using namespace mag7::storage;

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: storage_crashwriter <directory> [batch] [max]\n");
        return 2;
    }
    const std::uint64_t batch = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2000;
    const std::uint64_t max = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 20'000'000;
    InstrumentRegistry registry;
    testing::registerCrashInstruments(registry);
    WriterOptions options;
    options.directory = argv[1];
    options.conflation.enabled = false;
    auto writer = TickWriter::open(registry, options);
    if (!writer) {
        std::fprintf(stderr, "%s\n", writer.message().c_str());
        return 1;
    }
    std::vector<Tick> ticks;
    for (std::uint64_t next = 0; next < max;) {
        ticks.clear();
        for (std::uint64_t i = 0; i < batch; ++i)
            ticks.push_back(testing::crashTick(next++));
        Status status = writer.value()->append(ticks);
        if (status)
            status = writer.value()->commit();
        if (!status) {
            std::fprintf(stderr, "%s\n", status.message().c_str());
            return 1;
        }
        std::printf("committed %llu\n", static_cast<unsigned long long>(next));
        std::fflush(stdout);
    }
    return writer.value()->close().ok() ? 0 : 1;
}
