#include "engine/recordeduniverse.h"

#include "model/exchangecalendar.h"
#include "storage/deskdatabase.h"

#include <algorithm>

namespace mag7::engine {

bool RecordedUniverse::hasUnderlying(std::string_view symbol) const
{
    return std::find(underlyings.begin(), underlyings.end(), symbol) != underlyings.end();
}

Result<RecordedUniverse> loadRecordedUniverse(const std::filesystem::path &dataDirectory,
                                              Timestamp from, Timestamp to,
                                              const RecordedUniverseOptions &options,
                                              InstrumentRegistry *into)
{
    if (to <= from)
        return Error{"the range is empty: the end must be after the start"};
    auto archive = storage::TickArchive::open(dataDirectory / "ticks");
    if (!archive)
        return archive.error();

    RecordedUniverse universe;
    universe.dataDirectory = dataDirectory;
    if (!into) {
        universe.ownedRegistry = std::make_unique<InstrumentRegistry>();
        into = universe.ownedRegistry.get();
    }
    universe.registry = into;
    std::map<std::string, bool, std::less<>> listsOptions;
    const Date firstDay = calendar::tradingDateOf(from);
    const Date lastDay = calendar::tradingDateOf(to - 1);
    for (const Date day : archive->days()) {
        if (day < firstDay || day > lastDay)
            continue;
        auto reader = storage::TickDayReader::open(archive->pathOf(day));
        if (!reader)
            return reader.error();
        universe.days.push_back(day);
        for (const storage::InstrumentRecord &record : reader.value()->instruments()) {
            if (universe.ids.count(record.symbol))
                continue;

            universe.ids.emplace(record.symbol,
                                 universe.registry->add(storage::toInstrument(record)));
            if (record.kind != InstrumentKind::Option)
                universe.underlyings.push_back(record.symbol);
            else
                listsOptions[record.underlying] = true;
        }
    }
    if (universe.days.empty())
        return Error{"no recording between " + formatDate(firstDay) + " and " +
                     formatDate(lastDay) + " in " + archive->directory().string()};
    universe.archive = std::make_unique<storage::TickArchive>(std::move(archive).value());

    const auto deskFile = dataDirectory / "desk.sqlite";
    std::error_code ec;
    if (std::filesystem::exists(deskFile, ec)) {
        auto opened = storage::DeskDatabase::open(deskFile);
        if (!opened)
            return opened.error();
        universe.database = std::move(opened).value();
    }

    universe.reference.riskFreeRate = options.riskFreeRate;
    for (const std::string &symbol : universe.underlyings) {
        UnderlyingReference ref;
        ref.id = universe.ids.at(symbol);
        ref.name = symbol;
        ref.hasOptions = listsOptions.count(symbol) > 0;
        if (const auto it = options.dividendYields.find(symbol); it != options.dividendYields.end())
            ref.dividendYield = it->second;
        if (universe.database) {
            auto daily =
                universe.database->dailyBars(symbol, addDays(firstDay, -10), addDays(firstDay, -1));
            if (!daily)
                return daily.error();
            if (!daily.value().empty())
                ref.previousClose = daily.value().back().close;
        }
        universe.kinds.push_back(universe.registry->get(ref.id)->kind);
        universe.reference.underlyings.push_back(ref);
    }
    return universe;
}

Result<OpenInterestTable> openInterestOf(const storage::DeskDatabase &database,
                                         const InstrumentRegistry &registry, Date day)
{
    auto entries = database.openInterest(day);
    if (!entries)
        return entries.error();
    OpenInterestTable table;
    table.tradingDate = day;
    for (const auto &entry : entries.value()) {
        if (const InstrumentId id = registry.idOf(entry.symbol); id != kInvalidInstrument)
            table.contracts.emplace_back(id, entry.contracts);
    }
    return table;
}

Result<RecordedSpan> recordedDaySpan(const std::filesystem::path &dataDirectory, Date day)
{
    auto archive = storage::TickArchive::open(dataDirectory / "ticks");
    if (!archive)
        return archive.error();
    const auto path = archive->pathOf(day);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return Error{"no recording of " + formatDate(day) + " (" + path.string() + " is missing)"};
    auto reader = storage::TickDayReader::open(path);
    if (!reader)
        return reader.error();
    if (reader.value()->tickCount() == 0)
        return Error{path.string() + " holds no ticks"};
    return RecordedSpan{reader.value()->firstTs(), reader.value()->lastTs() + 1};
}

} // namespace mag7::engine
