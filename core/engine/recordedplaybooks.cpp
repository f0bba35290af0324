#include "engine/recordedplaybooks.h"

#include "engine/chainbuilder.h"
#include "engine/historyloader.h"
#include "engine/marketstate.h"
#include "engine/playbookmarket.h"
#include "engine/recordeduniverse.h"
#include "engine/replayfeed.h"
#include "model/exchangecalendar.h"
#include "storage/deskdatabase.h"

#include <algorithm>

namespace mag7::engine {

Result<RecordedRunSummary>
runRecordedPlaybooks(const RecordedRunOptions &options, signals::PlaybookRunner &runner,
                     const std::function<void(const signals::Signal &)> &onSignal)
{
    if (options.to <= options.from)
        return Error{"the range is empty: --to must be after --from"};
    const std::int64_t chainNanos =
        static_cast<std::int64_t>(std::clamp(options.chainMinutes, 1, 60)) * kNanosPerMinute;
    RecordedUniverseOptions universeOptions;
    universeOptions.riskFreeRate = options.riskFreeRate;
    universeOptions.dividendYields = options.dividendYields;
    auto loaded =
        loadRecordedUniverse(options.dataDirectory, options.from, options.to, universeOptions);
    if (!loaded)
        return loaded.error();
    RecordedUniverse &universe = loaded.value();
    if (!options.symbol.empty() && !universe.hasUnderlying(options.symbol))
        return Error{"unknown symbol '" + options.symbol + "': no underlying of that name is " +
                     "recorded between " + formatDate(universe.days.front()) + " and " +
                     formatDate(universe.days.back())};
    storage::DeskDatabase *database = universe.database.get();
    const std::vector<std::string> &underlyings = universe.underlyings;
    MarketState state(*universe.registry, universe.reference);
    PlaybookMarket market(options.sectors);
    RecordedRunSummary summary;
    summary.underlyings = underlyings.size();
    if (database) {
        auto baselines = loadBaselines(*database, underlyings, options.from, universe.kinds);
        if (!baselines)
            return baselines.error();
        market.setHistory(baselines.value());
        state.setBaselines(std::move(baselines).value());
        summary.history = true;
    }

    ChainBuilder builder;
    std::map<InstrumentId, std::shared_ptr<const ChainSnapshot>> chainById;
    std::vector<std::shared_ptr<const ChainSnapshot>> chains;
    Timestamp nextChains = 0;
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

    // The recording minute by minute through the replay feed (registry ids, time order), the
    // market state taking every tick; each minute closes with its chains and bars.
    auto feed = ReplayFeed::open(universe, options.from, options.to);
    if (!feed)
        return feed.error();
    class StateSink final : public TickSink {
    public:
        explicit StateSink(MarketState &state)
            : m_state(state)
        {}
        void onTicks(std::shared_ptr<const TickBatch> batch) override { m_state.apply(*batch); }

    private:
        MarketState &m_state;
    } sink(state);
    Date openInterestDate{};
    for (Timestamp at = options.from; at < options.to;) {
        const Date day = calendar::tradingDateOf(at);
        if (database && day != openInterestDate) {
            openInterestDate = day;
            auto table = openInterestOf(*database, *universe.registry, day);
            if (!table)
                return table.error();
            state.setOpenInterest(table.value());
        }
        const Timestamp minuteEnd =
            std::min(options.to, (at / kNanosPerMinute + 1) * kNanosPerMinute);
        auto pumped = feed.value()->pumpUntil(minuteEnd, sink);
        if (!pumped)
            return pumped.error();
        summary.ticks += pumped.value();
        closeUpTo(minuteEnd);
        at = minuteEnd;
    }
    return summary;
}

} // namespace mag7::engine
