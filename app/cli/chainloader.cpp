#include "chainloader.h"

#include "cliutil.h"
#include "engine/chainbuilder.h"
#include "engine/simulatedworld.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "storage/deskdatabase.h"
#include "storage/tickstore.h"

#include <unordered_map>

namespace mag7::cli {

Result<LoadedChain> loadChainAt(const QString &dataDir, const std::string &symbol, Timestamp at,
                                const QString &universeFile)
{
    auto archive = openTickArchive(dataDir);
    if (!archive)
        return archive.error();
    const Date day = calendar::tradingDateOf(at);
    const auto path = archive->pathOf(day);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return Error{"no recording for trading date " + formatDate(day) + " (" + path.string() +
                     " is missing)"};
    auto reader = storage::TickDayReader::open(path);
    if (!reader)
        return reader.error();
    const auto underlyingId = reader.value()->fileIdOf(symbol);
    if (!underlyingId)
        return Error{"unknown symbol '" + symbol + "': not recorded on " + formatDate(day)};
    auto state = reader.value()->stateAt(at);
    if (!state)
        return state.error();

    auto universe = engine::loadUniverseSource(universeFile.toStdString());
    if (!universe)
        return universe.error();
    const auto *config = universe->config.find(symbol);

    LoadedChain loaded;
    loaded.registry = std::make_unique<InstrumentRegistry>();
    const auto &records = reader.value()->instruments();
    const InstrumentId underlying =
        loaded.registry->add(storage::toInstrument(records[*underlyingId]));

    std::unordered_map<std::string, std::int64_t> openInterest;
    const auto deskFile = std::filesystem::path(archive->directory()).parent_path() / "desk.sqlite";
    if (std::filesystem::exists(deskFile, ec)) {
        auto database = storage::DeskDatabase::open(deskFile);
        if (!database)
            return database.error();
        auto entries = database.value()->openInterest(day);
        if (!entries)
            return entries.error();
        for (const auto &entry : entries.value())
            openInterest.emplace(entry.symbol, entry.contracts);
        loaded.hasOpenInterest = !entries.value().empty();
    }

    engine::ChainInput input;
    input.underlying = underlying;
    input.symbol = symbol;
    input.asOf = at;
    input.rate = universe->config.market.riskFreeRate;
    input.dividendYield = config ? config->dividendYield : 0.0;
    const QuoteState &spotQuote = state.value()[*underlyingId];
    if (spotQuote.bid > 0 && spotQuote.ask >= spotQuote.bid)
        input.spot = toDouble(spotQuote.bid + spotQuote.ask) / 2.0;
    else if (spotQuote.last > 0)
        input.spot = toDouble(spotQuote.last);
    if (!(input.spot > 0))
        return Error{symbol + " has no quote at " + formatEasternIso(at)};
    for (const auto &record : records) {
        if (record.kind != InstrumentKind::Option || record.underlying != symbol)
            continue;
        engine::ContractInput contract;
        contract.instrument =
            loaded.registry->get(loaded.registry->add(storage::toInstrument(record)));
        contract.quote = state.value()[record.fileId];
        if (auto it = openInterest.find(record.symbol); it != openInterest.end())
            contract.openInterest = it->second;
        input.contracts.push_back(contract);
    }
    if (input.contracts.empty())
        return Error{symbol + " lists no options in " + path.string()};
    engine::ChainBuilder builder;
    loaded.chain = builder.build(input, {}, nullptr);
    return loaded;
}

} // namespace mag7::cli
