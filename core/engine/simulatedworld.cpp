#include "engine/simulatedworld.h"

#include "marketdata/simulatedmarket.h"
#include "model/exchangecalendar.h"
#include "storage/tickstore.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace mag7::engine {

std::string simulatedSourceName(std::uint64_t seed, std::string_view universeJson)
{
    // FNV-1a: a stable fingerprint of the configuration text (not a security measure).
    std::uint32_t hash = 2166136261u;
    for (const char c : universeJson) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 16777619u;
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "simulated seed=%llu universe=%08x",
                  static_cast<unsigned long long>(seed), hash);
    return buffer;
}

Result<UniverseSource> loadUniverseSource(const std::filesystem::path &file)
{
    if (file.empty())
        return UniverseSource{marketdata::defaultUniverseConfig(),
                              std::string(marketdata::defaultUniverseJson())};
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        return Error{"cannot read universe file '" + file.string() + "'"};
    std::ostringstream text;
    text << stream.rdbuf();
    auto parsed = marketdata::parseUniverseConfig(text.str(), file.filename().string());
    if (!parsed)
        return parsed.error();
    return UniverseSource{std::move(parsed).value(), text.str()};
}

std::shared_ptr<OpenInterestTable> collectOpenInterest(const marketdata::SimulatedMarket &market,
                                                       const InstrumentRegistry &registry)
{
    auto table = std::make_shared<OpenInterestTable>();
    table->tradingDate = calendar::tradingDateOf(market.time());
    for (const InstrumentId underlying : market.optionUnderlyings()) {
        for (const Instrument *option : registry.optionsOf(underlying)) {
            if (option->expiry < table->tradingDate)
                continue;
            if (const auto statistics = market.optionStatistics(option->id))
                table->contracts.emplace_back(option->id, statistics->openInterest);
        }
    }
    return table;
}

Result<Timestamp> recordedUntil(const std::filesystem::path &ticksDirectory, Date tradingDate)
{
    auto archive = storage::TickArchive::open(ticksDirectory);
    if (!archive)
        return Timestamp{0}; // nothing recorded yet
    const auto path = archive->pathOf(tradingDate);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return Timestamp{0};
    auto reader = storage::TickDayReader::open(path);
    if (!reader)
        return reader.error();
    return reader.value()->lastTs();
}

Status recordSimulatedMarket(const std::filesystem::path &root, std::uint64_t seed, Timestamp from,
                             Timestamp to)
{
    InstrumentRegistry registry;
    marketdata::SimulatedMarket market(marketdata::defaultUniverseConfig(), registry, {seed, from});
    storage::WriterOptions options;
    options.directory = root / "ticks";
    auto writer = storage::TickWriter::open(registry, options);
    if (!writer)
        return Error{writer.message()};
    TickBatch batch;
    while (market.time() < to) {
        batch.clear();
        market.advanceTo(std::min(to, market.time() + kNanosPerSecond), batch);
        if (Status appended = writer.value()->append(batch); !appended)
            return appended;
        if (Status committed = writer.value()->commit(); !committed)
            return committed;
    }
    return writer.value()->close();
}

} // namespace mag7::engine
