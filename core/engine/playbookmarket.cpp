#include "engine/playbookmarket.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <algorithm>
#include <cmath>

namespace mag7::engine {

namespace {

double orUnknown(double value)
{
    return std::isfinite(value) ? value : signals::kUnknown;
}

double positiveOrUnknown(double value)
{
    return std::isfinite(value) && value > 0 ? value : signals::kUnknown;
}

double optionalOrUnknown(const std::optional<double> &value)
{
    return value ? *value : signals::kUnknown;
}

// The close of the session `date` (or the last session before it when `onOrBefore`), or the
// first session after it; NaN when the bars do not cover it.
double closeOn(const std::vector<DailyBar> &daily, Date date, bool after)
{
    if (after) {
        const auto it = std::upper_bound(daily.begin(), daily.end(), date,
                                         [](Date d, const DailyBar &bar) { return d < bar.date; });
        return it == daily.end() ? signals::kUnknown : it->close;
    }
    const auto it = std::upper_bound(daily.begin(), daily.end(), date,
                                     [](Date d, const DailyBar &bar) { return d < bar.date; });
    return it == daily.begin() ? signals::kUnknown : std::prev(it)->close;
}

} // namespace

signals::OptionChainView toChainView(const ChainSnapshot &chain)
{
    signals::OptionChainView view;
    view.asOf = chain.asOf;
    view.spot = positiveOrUnknown(chain.spot);
    view.rate = chain.rate;
    view.dividendYield = chain.dividendYield;
    view.atmIv30 = positiveOrUnknown(chain.atmIv30);
    view.gammaFlip = optionalOrUnknown(chain.gex.flipLevel);
    view.callWall = optionalOrUnknown(chain.gex.callWall);
    view.putWall = optionalOrUnknown(chain.gex.putWall);
    view.expiries.reserve(chain.expiries.size());
    for (const ExpirySummary &summary : chain.expiries) {
        signals::ExpiryView expiry;
        expiry.expiry = summary.expiry;
        expiry.daysToExpiry = summary.daysToExpiry;
        expiry.years = summary.years;
        expiry.forward = summary.forward;
        expiry.atmIv = positiveOrUnknown(summary.atmIv);
        expiry.expectedMove = positiveOrUnknown(summary.expectedMove);
        expiry.riskReversal25 = orUnknown(summary.riskReversal25);
        expiry.butterfly25 = orUnknown(summary.butterfly25);
        expiry.options.reserve(summary.rowCount);
        const std::size_t end = std::min(chain.options.size(), summary.firstRow + summary.rowCount);
        for (std::size_t i = summary.firstRow; i < end; ++i) {
            const OptionRow &row = chain.options[i];
            signals::OptionQuoteView quote;
            quote.strike = row.strike;
            quote.right = row.right;
            quote.bid = toDouble(row.bid);
            quote.ask = toDouble(row.ask);
            quote.mid = row.mid;
            quote.volume = row.volume;
            quote.openInterest = row.openInterest;
            if (row.ivError == pricing::IvError::None && row.iv > 0) {
                quote.iv = row.iv;
                quote.delta = row.greeks.delta;
                quote.gamma = row.greeks.gamma;
                quote.theta = row.greeks.theta;
                quote.vega = row.greeks.vega;
            }
            expiry.options.push_back(quote);
        }
        view.expiries.push_back(std::move(expiry));
    }
    return view;
}

std::optional<signals::EarningsInfo> earningsOf(const std::string &symbol,
                                                const std::vector<MarketEvent> &events,
                                                const std::vector<DailyBar> &daily, Date today)
{
    std::optional<signals::EarningsInfo> info;
    for (const MarketEvent &event : events) {
        if (event.kind != MarketEventKind::Earnings || event.symbol != symbol)
            continue;
        if (!info)
            info.emplace();
        if (event.date >= today) {
            if (!info->next.ok()) {
                info->next = event.date;
                info->time = event.time;
                info->expectedMove = positiveOrUnknown(event.expectedMove);
            }
            continue;
        }
        // Before the open (07:00 ET): the previous session's close to the release day's close;
        // after the close: the release day's close to the next session's close.
        const bool beforeOpen = toEastern(event.time).nanosOfDay < timeOfDay(9, 30);
        const double before = beforeOpen ? closeOn(daily, addDays(event.date, -1), false)
                                         : closeOn(daily, event.date, false);
        const double after = beforeOpen ? closeOn(daily, addDays(event.date, -1), true)
                                        : closeOn(daily, event.date, true);
        signals::EarningsMove move;
        move.date = event.date;
        move.expectedMove = positiveOrUnknown(event.expectedMove);
        if (std::isfinite(before) && std::isfinite(after) && before > 0)
            move.realizedMove = std::abs(after / before - 1.0);
        if (std::isfinite(move.realizedMove))
            info->past.push_back(move);
    }
    return info;
}

PlaybookMarket::PlaybookMarket(std::map<std::string, std::string, std::less<>> sectors)
    : m_sectors(std::move(sectors))
{}

void PlaybookMarket::setHistory(std::vector<MarketEvent> events,
                                std::map<std::string, std::vector<double>, std::less<>> ivHistory)
{
    std::sort(events.begin(), events.end(),
              [](const MarketEvent &a, const MarketEvent &b) { return a.time < b.time; });
    m_events = std::move(events);
    m_ivHistory = std::move(ivHistory);
    for (auto &[symbol, cached] : m_cache)
        cached.earningsFor = Date{};
    for (const auto &[symbol, values] : m_ivHistory) {
        if (m_view.find(symbol))
            m_view.upsert(symbol).ivHistory = values;
    }
}

void PlaybookMarket::setHistory(const HistoryBaselines &baselines)
{
    setHistory(baselines.events, {baselines.ivHistory.begin(), baselines.ivHistory.end()});
}

void PlaybookMarket::refresh(const std::vector<QuoteRow> &rows,
                             const std::vector<const std::vector<DailyBar> *> &daily,
                             const std::vector<std::shared_ptr<const ChainSnapshot>> &chains,
                             Timestamp now)
{
    const Date today = calendar::tradingDateOf(now);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const QuoteRow &row = rows[i];
        const bool known = m_view.find(row.symbol) != nullptr;
        signals::SymbolMarket &market = m_view.upsert(row.symbol);
        Cached &cached = m_cache[row.symbol];
        if (!known) {
            market.kind = row.kind;
            if (const auto sector = m_sectors.find(row.symbol); sector != m_sectors.end())
                market.sectorEtf = sector->second;
            if (const auto iv = m_ivHistory.find(row.symbol); iv != m_ivHistory.end())
                market.ivHistory = iv->second;
        }
        market.last = orUnknown(row.lastPrice());
        market.changePercent = orUnknown(row.changePercent());
        market.relativeVolume = orUnknown(row.relativeVolume);
        market.ivRank = orUnknown(row.ivRank);
        market.ivPercentile = orUnknown(row.ivPercentile);
        market.atmIv30 = positiveOrUnknown(row.atmIv);

        const std::vector<DailyBar> *bars = i < daily.size() ? daily[i] : nullptr;
        if (bars && bars->size() != cached.dailyCount) {
            // Finished sessions only: a bar of today's date (none while the day runs) is left out.
            market.daily.clear();
            for (const DailyBar &bar : *bars) {
                if (bar.date < today)
                    market.daily.push_back(bar);
            }
            cached.dailyCount = bars->size();
            cached.earningsFor = Date{};
        }
        if (row.kind == InstrumentKind::Stock && cached.earningsFor != today) {
            market.earnings = earningsOf(row.symbol, m_events, market.daily, today);
            cached.earningsFor = today;
        }
    }
    for (const auto &chain : chains) {
        if (!chain)
            continue;
        Cached &cached = m_cache[chain->symbol];
        if (cached.chainSequence == chain->sequence && m_view.find(chain->symbol))
            continue;
        cached.chainSequence = chain->sequence;
        m_view.upsert(chain->symbol).chain =
            std::make_shared<const signals::OptionChainView>(toChainView(*chain));
    }
}

} // namespace mag7::engine
