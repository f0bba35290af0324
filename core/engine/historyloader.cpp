#include "engine/historyloader.h"

#include "engine/intradaybars.h"
#include "marketdata/simulatedmarket.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "storage/deskdatabase.h"

#include <map>

namespace mag7::engine {

namespace {
constexpr int kVolumeSessions = 20;
constexpr std::size_t kIvDays = 252;
constexpr const char *kHistoryKey = "simulated.history";

std::string historyStamp(const marketdata::SimulationOptions &options)
{
    return "seed=" + std::to_string(options.seed) +
           ";date=" + formatDate(calendar::tradingDateOf(options.start)) + ";version=1";
}
} // namespace

Result<bool> ensureSimulatedHistory(storage::DeskDatabase &database,
                                    const marketdata::UniverseConfig &config,
                                    const marketdata::SimulationOptions &options)
{
    const std::string stamp = historyStamp(options);
    auto existing = database.setting(kHistoryKey);
    if (!existing)
        return existing.error();
    if (existing.value() && *existing.value() == stamp)
        return false;

    const marketdata::History history = marketdata::generateHistory(config, options);
    Status written = database.transaction([&]() -> Status {
        for (const auto &symbol : history.symbols) {
            if (auto s = database.writeDailyBars(symbol.symbol, symbol.daily); !s)
                return s;
            if (auto s = database.writeIvHistory(symbol.symbol, symbol.atmIv); !s)
                return s;
            if (auto s = database.writeMinuteBars(symbol.symbol, symbol.minuteBars); !s)
                return s;
        }
        if (auto s = database.writeEvents(history.events); !s)
            return s;
        return database.setSetting(kHistoryKey, stamp);
    });
    if (!written)
        return Error{"cannot store the simulated history: " + written.message()};
    return true;
}

Result<HistoryBaselines> loadBaselines(const storage::DeskDatabase &database,
                                       const std::vector<std::string> &symbols, Timestamp start,
                                       const std::vector<InstrumentKind> &kinds)
{
    HistoryBaselines baselines;
    const Date startDate = calendar::tradingDateOf(start);
    // Sessions strictly before the start's trading date.
    Date first = startDate;
    for (int i = 0; i < kVolumeSessions; ++i)
        first = calendar::previousTradingDay(first);
    const Timestamp from = utcMidnight(addDays(first, -2));
    const Timestamp to = fromEastern(calendar::previousTradingDay(startDate), timeOfDay(18, 0));

    for (std::size_t index = 0; index < symbols.size(); ++index) {
        const std::string &symbol = symbols[index];
        auto bars = database.minuteBars(symbol, from, to);
        if (!bars)
            return bars.error();
        auto daily = database.dailyBars(symbol, addDays(startDate, -400), addDays(startDate, -1));
        if (!daily)
            return daily.error();
        std::map<int, std::vector<double>> perDay; // trading date -> volume per minute index
        for (const Bar &bar : bars.value()) {
            const Date date = calendar::tradingDateOf(bar.start);
            if (date >= startDate)
                continue;
            auto &minutes = perDay[daysSinceEpoch(date)];
            if (minutes.empty())
                minutes.assign(1440, 0.0);
            minutes[static_cast<std::size_t>(tradingMinuteIndex(bar.start))] +=
                static_cast<double>(bar.volume);
        }
        // Keep the most recent sessions.
        while (perDay.size() > static_cast<std::size_t>(kVolumeSessions))
            perDay.erase(perDay.begin());
        if (!perDay.empty()) {
            std::vector<double> average(1440, 0.0);
            for (auto &[day, minutes] : perDay) {
                double cumulative = 0;
                for (std::size_t m = 0; m < 1440; ++m) {
                    cumulative += minutes[m];
                    average[m] += cumulative;
                }
            }
            for (double &value : average)
                value /= static_cast<double>(perDay.size());
            baselines.cumulativeVolume.emplace(symbol, std::move(average));
        }

        auto iv = database.ivHistory(symbol, addDays(startDate, -400), addDays(startDate, -1));
        if (!iv)
            return iv.error();
        std::vector<double> values;
        for (const IvPoint &point : iv.value())
            values.push_back(point.atmIv);
        if (values.size() > kIvDays)
            values.erase(values.begin(), values.end() - static_cast<std::ptrdiff_t>(kIvDays));
        if (!values.empty())
            baselines.ivHistory.emplace(symbol, std::move(values));

        auto history = std::make_shared<PriceHistory>();
        std::vector<Bar> minutes;
        minutes.reserve(bars.value().size());
        for (const Bar &bar : bars.value()) {
            if (calendar::tradingDateOf(bar.start) < startDate)
                minutes.push_back(bar);
        }
        const InstrumentKind kind = index < kinds.size() ? kinds[index] : InstrumentKind::Stock;
        history->minutes = withTypicalPriceVwap(std::move(minutes), kind);
        history->daily = std::move(daily).value();
        baselines.priceHistory.emplace(symbol, std::move(history));
    }
    auto events = database.events(addDays(startDate, -400), addDays(startDate, 120));
    if (!events)
        return events.error();
    baselines.events = std::move(events).value();
    return baselines;
}

} // namespace mag7::engine
