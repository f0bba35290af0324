#include "engine/recordedplaybooks.h"

#include "engine/chainbuilder.h"
#include "engine/historyloader.h"
#include "engine/marketstate.h"
#include "engine/playbookmarket.h"
#include "model/exchangecalendar.h"
#include "storage/deskdatabase.h"
#include "storage/tickstore.h"

#include <algorithm>
#include <unordered_map>

namespace mag7::engine {

namespace {

Instrument toInstrument(const storage::InstrumentRecord &record)
{
    Instrument instrument;
    instrument.symbol = record.symbol;
    instrument.kind = record.kind;
    instrument.underlying = record.underlying;
    instrument.expiry = record.expiry;
    instrument.right = record.right;
    instrument.strike = record.strike;
    instrument.multiplier = record.multiplier;
    instrument.tickSize = record.tickSize;
    return instrument;
}

bool isUnderlying(InstrumentKind kind)
{
    return kind != InstrumentKind::Option;
}

} // namespace

Result<RecordedRunSummary>
runRecordedPlaybooks(const RecordedRunOptions &options, signals::PlaybookRunner &runner,
                     const std::function<void(const signals::Signal &)> &onSignal)
{
    if (options.to <= options.from)
        return Error{"the range is empty: --to must be after --from"};
    const std::int64_t chainNanos =
        static_cast<std::int64_t>(std::clamp(options.chainMinutes, 1, 60)) * kNanosPerMinute;
    auto archive = storage::TickArchive::open(options.dataDirectory / "ticks");
    if (!archive)
        return archive.error();

    // Every instrument recorded on the days of the range, in one registry.
    InstrumentRegistry registry;
    std::unordered_map<std::string, InstrumentId> ids;
    std::vector<std::string> underlyings;
    std::map<std::string, bool, std::less<>> listsOptions;
    std::vector<Date> days;
    const Date firstDay = calendar::tradingDateOf(options.from);
    const Date lastDay = calendar::tradingDateOf(options.to - 1);
    for (const Date day : archive->days()) {
        if (day < firstDay || day > lastDay)
            continue;
        auto reader = storage::TickDayReader::open(archive->pathOf(day));
        if (!reader)
            return reader.error();
        days.push_back(day);
        for (const storage::InstrumentRecord &record : reader.value()->instruments()) {
            if (ids.count(record.symbol))
                continue;
            ids.emplace(record.symbol, registry.add(toInstrument(record)));
            if (isUnderlying(record.kind))
                underlyings.push_back(record.symbol);
            else
                listsOptions[record.underlying] = true;
        }
    }
    if (days.empty())
        return Error{"no recording between " + formatDate(firstDay) + " and " +
                     formatDate(lastDay) + " in " + archive->directory().string()};
    if (!options.symbol.empty() &&
        std::find(underlyings.begin(), underlyings.end(), options.symbol) == underlyings.end())
        return Error{"unknown symbol '" + options.symbol + "': no underlying of that name is " +
                     "recorded between " + formatDate(firstDay) + " and " + formatDate(lastDay)};

    // The desk database, when there is one: previous closes, baselines, events, open interest.
    std::unique_ptr<storage::DeskDatabase> database;
    const auto deskFile = options.dataDirectory / "desk.sqlite";
    std::error_code ec;
    if (std::filesystem::exists(deskFile, ec)) {
        auto opened = storage::DeskDatabase::open(deskFile);
        if (!opened)
            return opened.error();
        database = std::move(opened).value();
    }

    MarketReference reference;
    reference.riskFreeRate = options.riskFreeRate;
    std::vector<InstrumentKind> kinds;
    for (const std::string &symbol : underlyings) {
        UnderlyingReference ref;
        ref.id = ids.at(symbol);
        ref.name = symbol;
        ref.hasOptions = listsOptions.count(symbol) > 0;
        if (const auto it = options.dividendYields.find(symbol); it != options.dividendYields.end())
            ref.dividendYield = it->second;
        if (database) {
            auto daily = database->dailyBars(symbol, addDays(firstDay, -10), addDays(firstDay, -1));
            if (!daily)
                return daily.error();
            if (!daily.value().empty())
                ref.previousClose = daily.value().back().close;
        }
        kinds.push_back(registry.get(ref.id)->kind);
        reference.underlyings.push_back(ref);
    }
    MarketState state(registry, reference);
    PlaybookMarket market(options.sectors);
    RecordedRunSummary summary;
    summary.underlyings = underlyings.size();
    if (database) {
        auto baselines = loadBaselines(*database, underlyings, options.from, kinds);
        if (!baselines)
            return baselines.error();
        std::map<std::string, std::vector<double>, std::less<>> ivHistory(
            baselines.value().ivHistory.begin(), baselines.value().ivHistory.end());
        market.setHistory(std::move(baselines.value().events), std::move(ivHistory));
        state.setBaselines(std::move(baselines).value());
        summary.history = true;
    }

    ChainBuilder builder;
    std::map<InstrumentId, std::shared_ptr<const ChainSnapshot>> chainById;
    std::vector<std::shared_ptr<const ChainSnapshot>> chains;
    Timestamp nextChains = 0;
    Date openInterestDate{};
    std::vector<signals::Signal> fired;

    // Everything up to `now` has been applied: chains when due, then the completed bars.
    const auto closeUpTo = [&](Timestamp now) {
        if (now >= nextChains) {
            for (const InstrumentId id : state.takeChangedChains()) {
                const auto previous = chainById.find(id);
                auto chain =
                    builder.build(state.chainInput(id, now), {},
                                  previous == chainById.end() ? nullptr : previous->second.get());
                state.setAtmIv(id, chain->atmIv30);
                chainById[id] = std::move(chain);
                ++summary.chainsBuilt;
            }
            chains.clear();
            for (const auto &[id, chain] : chainById)
                chains.push_back(chain);
            nextChains = (now / chainNanos + 1) * chainNanos;
        }
        const auto bars = state.takeCompletedBars();
        if (bars.empty())
            return;
        state.refreshRelativeVolumes(now);
        std::vector<const std::vector<DailyBar> *> daily;
        for (std::size_t row = 0; row < state.rows().size(); ++row)
            daily.push_back(&state.dailyBars(row));
        market.refresh(state.rows(), daily, chains, now);
        for (const MarketState::CompletedBar &completed : bars) {
            if (!options.symbol.empty() && completed.row->symbol != options.symbol)
                continue;
            fired.clear();
            // Out-of-order bars cannot come from one time-ordered read; a bad bar is skipped.
            (void)runner.addBar(completed.row->symbol, completed.row->kind, completed.bar, fired,
                                &market.view());
            ++summary.bars;
            for (const signals::Signal &signal : fired) {
                onSignal(signal);
                ++summary.signals;
            }
        }
    };

    std::vector<Tick> batch;
    batch.reserve(4096);
    Timestamp minuteEnd = 0;
    const storage::InstrumentRecord *lastRecord = nullptr;
    InstrumentId lastId = kInvalidInstrument;
    Status failed;
    const Status read =
        archive->read(options.from, options.to, {},
                      [&](const Tick &tick, const storage::InstrumentRecord &record) {
                          if (tick.ts >= minuteEnd) {
                              state.apply(batch);
                              batch.clear();
                              if (minuteEnd != 0)
                                  closeUpTo(std::min(tick.ts, minuteEnd));
                              minuteEnd = (tick.ts / kNanosPerMinute + 1) * kNanosPerMinute;
                              const Date day = calendar::tradingDateOf(tick.ts);
                              if (database && day != openInterestDate) {
                                  openInterestDate = day;
                                  auto entries = database->openInterest(day);
                                  if (!entries) {
                                      failed = Error{entries.message()};
                                      return false;
                                  }
                                  OpenInterestTable table;
                                  table.tradingDate = day;
                                  for (const auto &entry : entries.value()) {
                                      if (const auto it = ids.find(entry.symbol); it != ids.end())
                                          table.contracts.emplace_back(it->second, entry.contracts);
                                  }
                                  state.setOpenInterest(table);
                              }
                          }
                          if (&record != lastRecord) {
                              lastRecord = &record;
                              lastId = ids.at(record.symbol);
                          }
                          Tick mapped = tick;
                          mapped.instrument = lastId;
                          batch.push_back(mapped);
                          ++summary.ticks;
                          return true;
                      });
    if (!read)
        return Error{read.message()};
    if (!failed)
        return Error{failed.message()};
    state.apply(batch);
    closeUpTo(options.to);
    return summary;
}

} // namespace mag7::engine
