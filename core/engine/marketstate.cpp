#include "engine/marketstate.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "pricing/impliedvol.h"

#include <algorithm>
#include <cmath>

namespace mag7::engine {

namespace {
constexpr double kNanosPerYear = 365.0 * static_cast<double>(kNanosPerDay);
constexpr double kTargetYears = 30.0 / 365.0;
} // namespace

int tradingMinuteIndex(Timestamp utc)
{
    const LocalDateTime local = toEastern(utc);
    const int minute = static_cast<int>(local.nanosOfDay / kNanosPerMinute);
    return (minute + 6 * 60) % 1440;
}

double ivRank(double iv, const std::vector<double> &history)
{
    if (history.empty() || !std::isfinite(iv))
        return kNoValue;
    const auto [lo, hi] = std::minmax_element(history.begin(), history.end());
    const double low = std::min(*lo, iv);
    const double high = std::max(*hi, iv);
    if (high - low <= 0)
        return 50.0;
    return 100.0 * (iv - low) / (high - low);
}

double ivPercentile(double iv, const std::vector<double> &history)
{
    if (history.empty() || !std::isfinite(iv))
        return kNoValue;
    const auto below =
        std::count_if(history.begin(), history.end(), [&](double h) { return h < iv; });
    return 100.0 * static_cast<double>(below) / static_cast<double>(history.size());
}

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
        m_rowStates.push_back(state);
    }
    for (RowState &state : m_rowStates) {
        const InstrumentId id = m_rows[state.row].id;
        if (id >= m_rowByInstrument.size())
            m_rowByInstrument.resize(id + 1, nullptr);
        m_rowByInstrument[id] = &state;
    }
}

const MarketState::DayWindow &MarketState::windowFor(Timestamp ts)
{
    if (ts >= m_window.begins && ts < m_window.ends)
        return m_window;
    DayWindow window;
    window.tradingDate = calendar::tradingDateOf(ts);
    window.begins = fromEastern(calendar::previousTradingDay(window.tradingDate), timeOfDay(18, 0));
    window.ends = fromEastern(window.tradingDate, timeOfDay(18, 0));
    if (const auto session = calendar::equitySession(window.tradingDate)) {
        window.regularOpen = session->regularOpen;
        window.regularClose = session->regularClose;
    }
    m_window = window;
    return m_window;
}

void MarketState::apply(std::span<const Tick> ticks)
{
    for (const Tick &tick : ticks) {
        if (tick.instrument == kInvalidInstrument)
            continue;
        if (tick.instrument >= m_quotes.size())
            m_quotes.resize(std::max<std::size_t>(tick.instrument + 1, m_quotes.size() * 2));
        m_quotes[tick.instrument].apply(tick);
        m_lastTickTime = std::max(m_lastTickTime, tick.ts);
        if (tick.instrument < m_rowByInstrument.size()) {
            if (RowState *state = m_rowByInstrument[tick.instrument])
                applyToRow(tick, *state);
        }
    }
}

void MarketState::applyToRow(const Tick &tick, RowState &state)
{
    QuoteRow &row = m_rows[state.row];
    const DayWindow &window = windowFor(tick.ts);
    if (state.tradingDate != window.tradingDate) {
        if (state.tradingDate.ok() && std::isfinite(state.lastRegularPrice))
            row.previousClose = state.lastRegularPrice;
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
    for (QuoteRow &row : m_rows) {
        refreshIvStatistics(row);
        refreshRelativeVolume(row, m_lastTickTime);
        ++row.revision;
    }
}

const QuoteState *MarketState::quote(InstrumentId id) const
{
    return id < m_quotes.size() ? &m_quotes[id] : nullptr;
}

void MarketState::rebuildChain(InstrumentId underlying, Chain &chain)
{
    const auto options = m_registry.optionsOf(underlying);
    chain.optionCount = options.size();
    struct Pair {
        InstrumentId call = kInvalidInstrument;
        InstrumentId put = kInvalidInstrument;
    };
    std::map<int, std::map<Price, Pair>> byExpiry;
    for (const Instrument *option : options) {
        Pair &pair = byExpiry[daysSinceEpoch(option->expiry)][option->strike];
        (option->right == OptionRight::Call ? pair.call : pair.put) = option->id;
    }
    chain.expiries.clear();
    for (const auto &[days, strikes] : byExpiry) {
        ChainExpiry expiry;
        expiry.expiry = dateFromDays(days);
        for (const auto &[strike, ids] : strikes) {
            expiry.strikes.push_back(toDouble(strike));
            expiry.calls.push_back(ids.call);
            expiry.puts.push_back(ids.put);
        }
        chain.expiries.push_back(std::move(expiry));
    }
}

double MarketState::atmImpliedVol(const UnderlyingReference &ref, const Chain &chain, Timestamp now)
{
    const QuoteState *underlying = quote(ref.id);
    if (!underlying || underlying->bid <= 0 || underlying->ask <= 0)
        return kNoValue;
    const double spot = toDouble(underlying->bid + underlying->ask) / 2.0;
    const double rate = m_reference.riskFreeRate;

    auto expiryVol = [&](const ChainExpiry &expiry, double years) {
        const double forward = spot * std::exp((rate - ref.dividendYield) * years);
        const auto it = std::lower_bound(expiry.strikes.begin(), expiry.strikes.end(), forward);
        std::vector<std::size_t> candidates;
        if (it != expiry.strikes.end())
            candidates.push_back(static_cast<std::size_t>(it - expiry.strikes.begin()));
        if (it != expiry.strikes.begin())
            candidates.push_back(static_cast<std::size_t>(it - expiry.strikes.begin()) - 1);
        std::sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
            return std::abs(expiry.strikes[a] - forward) < std::abs(expiry.strikes[b] - forward);
        });
        for (std::size_t index : candidates) {
            double sum = 0;
            int count = 0;
            for (InstrumentId id : {expiry.calls[index], expiry.puts[index]}) {
                const QuoteState *q = quote(id);
                if (!q || q->bid <= 0 || q->ask <= q->bid)
                    continue;
                const Instrument *instrument = m_registry.get(id);
                pricing::BsmInputs in{
                    instrument->right, spot, expiry.strikes[index], years, 0, rate,
                    ref.dividendYield};
                const auto iv = pricing::impliedVolatility(toDouble(q->bid + q->ask) / 2.0, in);
                if (iv.ok()) {
                    sum += iv.vol;
                    ++count;
                }
            }
            if (count > 0)
                return sum / count;
        }
        return kNoValue;
    };

    const ChainExpiry *below = nullptr;
    const ChainExpiry *above = nullptr;
    double yearsBelow = 0;
    double yearsAbove = 0;
    for (const ChainExpiry &expiry : chain.expiries) {
        const auto close = calendar::regularClose(expiry.expiry);
        if (!close)
            continue;
        const double years = static_cast<double>(*close - now) / kNanosPerYear;
        if (years < 1.0 / 365.0)
            continue; // skip same-day and overnight expiries: their vol is not a 30-day measure
        if (years <= kTargetYears) {
            below = &expiry;
            yearsBelow = years;
        } else if (!above) {
            above = &expiry;
            yearsAbove = years;
        }
    }
    const double volBelow = below ? expiryVol(*below, yearsBelow) : kNoValue;
    const double volAbove = above ? expiryVol(*above, yearsAbove) : kNoValue;
    if (std::isfinite(volBelow) && std::isfinite(volAbove) && yearsAbove > yearsBelow) {
        // Linear interpolation of total variance to 30 days.
        const double w = (kTargetYears - yearsBelow) / (yearsAbove - yearsBelow);
        const double variance =
            (1 - w) * volBelow * volBelow * yearsBelow + w * volAbove * volAbove * yearsAbove;
        return std::sqrt(variance / kTargetYears);
    }
    return std::isfinite(volAbove) ? volAbove : volBelow;
}

void MarketState::refreshIvStatistics(QuoteRow &row)
{
    const auto it = m_baselines.ivHistory.find(row.symbol);
    if (it == m_baselines.ivHistory.end())
        return;
    row.ivRank = ivRank(row.atmIv, it->second);
    row.ivPercentile = ivPercentile(row.atmIv, it->second);
}

void MarketState::refreshRelativeVolume(QuoteRow &row, Timestamp now)
{
    const auto it = m_baselines.cumulativeVolume.find(row.symbol);
    if (it == m_baselines.cumulativeVolume.end() || it->second.size() != 1440 || now == 0)
        return;
    const double expected = it->second[static_cast<std::size_t>(tradingMinuteIndex(now))];
    row.relativeVolume = expected > 0 ? static_cast<double>(row.volume) / expected : kNoValue;
}

void MarketState::updateImpliedVols(Timestamp now)
{
    for (std::size_t i = 0; i < m_reference.underlyings.size(); ++i) {
        const UnderlyingReference &ref = m_reference.underlyings[i];
        QuoteRow &row = m_rows[i];
        if (ref.hasOptions) {
            Chain &chain = m_chains[ref.id];
            if (m_registry.optionsOf(ref.id).size() != chain.optionCount)
                rebuildChain(ref.id, chain);
            const double iv = atmImpliedVol(ref, chain, now);
            if (std::isfinite(iv) && iv != row.atmIv) {
                row.atmIv = iv;
                refreshIvStatistics(row);
                ++row.revision;
            }
        }
        const double before = row.relativeVolume;
        refreshRelativeVolume(row, now);
        if (row.relativeVolume != before && !(std::isnan(before) && std::isnan(row.relativeVolume)))
            ++row.revision;
    }
}

} // namespace mag7::engine
