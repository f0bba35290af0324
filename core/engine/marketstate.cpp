#include "engine/marketstate.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "pricing/volsurface.h"

#include <algorithm>
#include <cmath>

namespace mag7::engine {

int tradingMinuteIndex(Timestamp utc)
{
    const LocalDateTime local = toEastern(utc);
    const int minute = static_cast<int>(local.nanosOfDay / kNanosPerMinute);
    return (minute + 6 * 60) % 1440;
}

namespace {
// Daily history comes first; dates finished live stay after it.
std::vector<DailyBar> withHistory(const PriceHistory &history, std::span<const DailyBar> live)
{
    std::vector<DailyBar> daily = history.daily;
    for (const DailyBar &bar : live) {
        if (daily.empty() || bar.date > daily.back().date)
            daily.push_back(bar);
    }
    return daily;
}
} // namespace

MarketState::MarketState(const InstrumentRegistry &registry, MarketReference reference)
    : m_registry(registry)
    , m_reference(std::move(reference))
{
    m_rows.reserve(m_reference.underlyings.size());
    m_rowStates.reserve(m_reference.underlyings.size());
    for (const auto &ref : m_reference.underlyings) {
        const Instrument *instrument = m_registry.get(ref.id);
        QuoteRow row;
        row.id = ref.id;
        row.symbol = instrument ? instrument->symbol : std::string();
        row.kind = instrument ? instrument->kind : InstrumentKind::Stock;
        row.name = ref.name;
        row.hasOptions = ref.hasOptions;
        row.previousClose = ref.previousClose;
        m_rows.push_back(row);
        RowState state;
        state.row = m_rows.size() - 1;
        state.bars = IntradayBarBuilder(row.kind);
        m_rowStates.push_back(state);
    }
    for (RowState &state : m_rowStates) {
        const InstrumentId id = m_rows[state.row].id;
        grow(id);
        m_rowByInstrument[id] = &state;
    }
}

void MarketState::grow(InstrumentId id)
{
    if (id < m_quotes.size())
        return;
    const std::size_t from = m_quotes.size();
    const std::size_t size = std::max<std::size_t>(id + 1, m_quotes.size() * 2);
    m_quotes.resize(size);
    m_optionVolume.resize(size, 0);
    m_openInterest.resize(size, 0);
    m_rowByInstrument.resize(size, nullptr);
    m_underlyingOf.resize(size, kInvalidInstrument);
    for (std::size_t i = from; i < size; ++i) {
        if (const Instrument *instrument = m_registry.get(static_cast<InstrumentId>(i)))
            m_underlyingOf[i] = instrument->underlyingId;
    }
}

MarketState::RowState *MarketState::rowStateOf(InstrumentId id)
{
    return id < m_rowByInstrument.size() ? m_rowByInstrument[id] : nullptr;
}

const calendar::TradingDayWindow &MarketState::windowFor(Timestamp ts)
{
    if (!m_window.contains(ts))
        m_window = calendar::tradingDayWindow(calendar::tradingDateOf(ts));
    return m_window;
}

void MarketState::apply(std::span<const Tick> ticks)
{
    for (const Tick &tick : ticks) {
        const InstrumentId id = tick.instrument;
        if (id == kInvalidInstrument)
            continue;
        grow(id);
        if (m_underlyingOf[id] == kInvalidInstrument && !m_rowByInstrument[id]) {
            // Registered after the last growth (new listings): resolve once.
            if (const Instrument *instrument = m_registry.get(id))
                m_underlyingOf[id] = instrument->underlyingId;
        }
        m_quotes[id].apply(tick);
        m_lastTickTime = std::max(m_lastTickTime, tick.ts);
        const calendar::TradingDayWindow &window = windowFor(tick.ts);
        if (window.tradingDate != m_volumeDate) {
            std::fill(m_optionVolume.begin(), m_optionVolume.end(), 0);
            m_volumeDate = window.tradingDate;
        }
        if (RowState *state = m_rowByInstrument[id]) {
            applyToRow(tick, *state);
            state->changed = true;
        } else {
            if (tick.isTrade())
                m_optionVolume[id] += tick.size();
            if (RowState *underlying = rowStateOf(m_underlyingOf[id]))
                underlying->changed = true;
        }
    }
}

void MarketState::applyToRow(const Tick &tick, RowState &state)
{
    QuoteRow &row = m_rows[state.row];
    const calendar::TradingDayWindow &window = windowFor(tick.ts);
    if (state.tradingDate != window.tradingDate) {
        if (state.tradingDate.ok() && std::isfinite(state.lastRegularPrice))
            row.previousClose = state.lastRegularPrice;
        if (state.tradingDate.ok() && std::isfinite(row.open) &&
            std::isfinite(state.lastRegularPrice)) {
            state.daily.push_back(DailyBar{state.tradingDate, row.open, row.high, row.low,
                                           state.lastRegularPrice, row.volume});
        }
        row.open = row.high = row.low = kNoValue;
        row.volume = 0;
        state.tradingDate = window.tradingDate;
    }
    if (tick.isQuote()) {
        row.bid = tick.bid;
        row.ask = tick.ask;
        row.bidSize = tick.bidSize;
        row.askSize = tick.askSize;
    } else {
        row.last = tick.price();
        row.volume += tick.size();
        state.bars.addTrade(tick.ts, toDouble(tick.price()), tick.size(), m_vwapSessions);
        if (tick.ts >= window.regularOpen && tick.ts < window.regularClose) {
            const double price = toDouble(tick.price());
            if (!std::isfinite(row.open))
                row.open = price;
            row.high = std::isfinite(row.high) ? std::max(row.high, price) : price;
            row.low = std::isfinite(row.low) ? std::min(row.low, price) : price;
            state.lastRegularPrice = price;
        }
    }
    row.updated = tick.ts;
    ++row.revision;
}

void MarketState::setBaselines(HistoryBaselines baselines)
{
    m_baselines = std::move(baselines);
    m_hasBaselines = true;
    for (RowState &state : m_rowStates) {
        const auto it = m_baselines.priceHistory.find(m_rows[state.row].symbol);
        if (it == m_baselines.priceHistory.end() || !it->second)
            continue;
        state.history = it->second;
        state.daily = withHistory(*state.history, state.daily);
        state.levels = PriceLevels{};
        ++state.historyRevision;
    }
    for (QuoteRow &row : m_rows) {
        refreshIvStatistics(row);
        ++row.revision;
    }
    refreshRelativeVolumes(m_lastTickTime);
}

std::vector<ChartSeries> MarketState::charts()
{
    std::vector<ChartSeries> out;
    out.reserve(m_rowStates.size());
    for (RowState &state : m_rowStates) {
        const QuoteRow &row = m_rows[state.row];
        if (state.tradingDate.ok() && state.levels.tradingDate != state.tradingDate) {
            state.levels = levelsFrom(state.daily, state.tradingDate);
            ++state.historyRevision;
        }
        ChartSeries series;
        series.id = row.id;
        series.symbol = row.symbol;
        series.kind = row.kind;
        series.history = state.history;
        series.completed = state.bars.completed();
        series.hasForming = state.bars.hasForming();
        if (series.hasForming) {
            series.forming = state.bars.forming();
            series.formingVwap = state.bars.formingVwap();
        }
        series.levels = state.levels;
        series.revision = state.bars.revision() + state.historyRevision;
        out.push_back(std::move(series));
    }
    return out;
}

std::vector<MarketState::CompletedBar> MarketState::takeCompletedBars()
{
    std::vector<CompletedBar> out;
    for (RowState &state : m_rowStates) {
        const auto bars = state.bars.completedBars();
        for (std::size_t i = state.barsTaken; i < bars.size(); ++i)
            out.push_back({&m_rows[state.row], bars[i]});
        state.barsTaken = bars.size();
    }
    std::stable_sort(out.begin(), out.end(), [](const CompletedBar &a, const CompletedBar &b) {
        return a.bar.start < b.bar.start;
    });
    return out;
}

void MarketState::setOpenInterest(const OpenInterestTable &table)
{
    for (const auto &[id, contracts] : table.contracts) {
        grow(id);
        m_openInterest[id] = contracts;
        if (RowState *underlying = rowStateOf(m_underlyingOf[id]))
            underlying->changed = true;
    }
}

const QuoteState *MarketState::quote(InstrumentId id) const
{
    return id < m_quotes.size() ? &m_quotes[id] : nullptr;
}

std::vector<InstrumentId> MarketState::takeChangedChains()
{
    std::vector<InstrumentId> changed;
    for (RowState &state : m_rowStates) {
        if (state.changed && m_rows[state.row].hasOptions)
            changed.push_back(m_rows[state.row].id);
        state.changed = false;
    }
    return changed;
}

ChainInput MarketState::chainInput(InstrumentId underlying, Timestamp asOf) const
{
    ChainInput input;
    input.underlying = underlying;
    input.asOf = asOf;
    input.rate = m_reference.riskFreeRate;
    for (const UnderlyingReference &ref : m_reference.underlyings) {
        if (ref.id == underlying)
            input.dividendYield = ref.dividendYield;
    }
    if (const Instrument *instrument = m_registry.get(underlying))
        input.symbol = instrument->symbol;
    if (const QuoteState *q = quote(underlying); q && q->bid > 0 && q->ask >= q->bid)
        input.spot = toDouble(q->bid + q->ask) / 2.0;
    else if (q && q->last > 0)
        input.spot = toDouble(q->last);
    const auto options = m_registry.optionsOf(underlying);
    input.contracts.reserve(options.size());
    for (const Instrument *option : options) {
        ContractInput contract;
        contract.instrument = option;
        if (const QuoteState *q = quote(option->id))
            contract.quote = *q;
        if (option->id < m_optionVolume.size()) {
            contract.volume = m_optionVolume[option->id];
            contract.openInterest = m_openInterest[option->id];
        }
        input.contracts.push_back(contract);
    }
    return input;
}

void MarketState::setAtmIv(InstrumentId underlying, double atmIv30)
{
    RowState *state = rowStateOf(underlying);
    if (!state)
        return;
    QuoteRow &row = m_rows[state->row];
    const double iv = atmIv30 > 0 ? atmIv30 : kNoValue;
    if (iv == row.atmIv || (std::isnan(iv) && std::isnan(row.atmIv)))
        return;
    row.atmIv = iv;
    refreshIvStatistics(row);
    ++row.revision;
}

void MarketState::refreshIvStatistics(QuoteRow &row)
{
    const auto it = m_baselines.ivHistory.find(row.symbol);
    if (it == m_baselines.ivHistory.end() || !std::isfinite(row.atmIv))
        return;
    row.ivRank = pricing::ivRank(row.atmIv, it->second);
    row.ivPercentile = pricing::ivPercentile(row.atmIv, it->second);
}

void MarketState::refreshRelativeVolumes(Timestamp now)
{
    if (now == 0)
        return;
    const auto minute = static_cast<std::size_t>(tradingMinuteIndex(now));
    for (QuoteRow &row : m_rows) {
        const auto it = m_baselines.cumulativeVolume.find(row.symbol);
        if (it == m_baselines.cumulativeVolume.end() || it->second.size() != 1440)
            continue;
        const double expected = it->second[minute];
        const double rvol = expected > 0 ? static_cast<double>(row.volume) / expected : kNoValue;
        if (rvol != row.relativeVolume && !(std::isnan(rvol) && std::isnan(row.relativeVolume))) {
            row.relativeVolume = rvol;
            ++row.revision;
        }
    }
}

void MarketState::seedQuotes(std::span<const QuoteState> quotes)
{
    if (quotes.empty())
        return;
    grow(static_cast<InstrumentId>(quotes.size() - 1));
    std::copy(quotes.begin(), quotes.end(), m_quotes.begin());
    for (RowState &state : m_rowStates)
        state.changed = true;
}

MarketState::Checkpoint MarketState::checkpoint() const
{
    Checkpoint out;
    out.rows.reserve(m_rowStates.size());
    for (const RowState &state : m_rowStates) {
        Checkpoint::Row row;
        row.row = m_rows[state.row];
        row.row.symbol.clear(); // identity stays the restored state's own
        row.row.name.clear();
        row.tradingDate = state.tradingDate;
        row.lastRegularPrice = state.lastRegularPrice;
        // Only the dates finished by ticks: history (when there is any) comes first.
        for (const DailyBar &bar : state.daily) {
            if (!state.history || state.history->daily.empty() ||
                bar.date > state.history->daily.back().date)
                row.finished.push_back(bar);
        }
        row.bars = state.bars.checkpoint();
        out.rows.push_back(std::move(row));
    }
    out.volumeDate = m_volumeDate;
    out.lastTickTime = m_lastTickTime;
    return out;
}

std::shared_ptr<const MinuteBars> MarketState::completedBars(std::size_t row)
{
    return m_rowStates[row].bars.completed();
}

void MarketState::restore(const Checkpoint &checkpoint,
                          std::span<const std::shared_ptr<const MinuteBars>> bars,
                          std::vector<std::int64_t> optionVolumes, std::vector<QuoteState> quotes,
                          std::uint64_t revisionFloor)
{
    const MinuteBars none;
    for (std::size_t i = 0; i < m_rowStates.size() && i < checkpoint.rows.size(); ++i) {
        const Checkpoint::Row &saved = checkpoint.rows[i];
        RowState &state = m_rowStates[i];
        QuoteRow &row = m_rows[state.row];
        // What ticks made of the row; its identity, ATM IV, IV rank and relative volume stay
        // this state's.
        QuoteRow kept = row;
        row = saved.row;
        row.symbol = std::move(kept.symbol);
        row.name = std::move(kept.name);
        row.atmIv = kept.atmIv;
        row.ivRank = kept.ivRank;
        row.ivPercentile = kept.ivPercentile;
        row.relativeVolume = kept.relativeVolume;
        row.revision = std::max(kept.revision, revisionFloor) + saved.row.revision + 1;
        state.tradingDate = saved.tradingDate;
        state.lastRegularPrice = saved.lastRegularPrice;
        state.daily = state.history ? withHistory(*state.history, saved.finished) : saved.finished;
        state.levels = PriceLevels{};
        ++state.historyRevision;
        state.bars.restore(saved.bars, i < bars.size() && bars[i] ? *bars[i] : none);
        state.barsTaken = 0;
        state.changed = true;
    }
    if (!quotes.empty())
        grow(static_cast<InstrumentId>(quotes.size() - 1));
    if (!optionVolumes.empty())
        grow(static_cast<InstrumentId>(optionVolumes.size() - 1));
    std::copy(quotes.begin(), quotes.end(), m_quotes.begin());
    std::fill(m_quotes.begin() + static_cast<std::ptrdiff_t>(quotes.size()), m_quotes.end(),
              QuoteState{});
    std::copy(optionVolumes.begin(), optionVolumes.end(), m_optionVolume.begin());
    std::fill(m_optionVolume.begin() + static_cast<std::ptrdiff_t>(optionVolumes.size()),
              m_optionVolume.end(), 0);
    m_volumeDate = checkpoint.volumeDate;
    m_lastTickTime = checkpoint.lastTickTime;
}

} // namespace mag7::engine
