// Baselines from the desk database (relative volume and IV history) and the first-run history
// of the simulated desk.
#include "engine/historyloader.h"
#include "engine/intradaybars.h"
#include "marketdata/simulatedmarket.h"
#include "marketdata/universeconfig.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "storage/deskdatabase.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;

class TestHistoryLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void averagesCumulativeVolumeOverLastSessions();
    void keepsLast252IvCloses();
    void generatesSimulatedHistoryOnce();
};

void TestHistoryLoader::averagesCumulativeVolumeOverLastSessions()
{
    QTemporaryDir dir;
    auto db = storage::DeskDatabase::open(std::filesystem::path(dir.path().toStdString()) /
                                          "desk.sqlite");
    QVERIFY2(db.ok(), db.ok() ? "" : db.message().c_str());
    const Date start = makeDate(2025, 3, 3);
    // 25 sessions before the start: session k trades k*100 shares at 09:30 and 100 at 15:59.
    std::vector<Bar> bars;
    Date day = start;
    for (int k = 1; k <= 25; ++k) {
        day = calendar::previousTradingDay(day);
        Bar open;
        open.start = fromEastern(day, timeOfDay(9, 30));
        open.volume = k * 100;
        Bar late;
        late.start = fromEastern(day, timeOfDay(15, 59));
        late.volume = 100;
        bars.push_back(open);
        bars.push_back(late);
    }
    std::reverse(bars.begin(), bars.end());
    QVERIFY(db.value()->writeMinuteBars("AAPL", bars).ok());
    auto baselines =
        loadBaselines(*db.value(), {"AAPL", "MSFT"}, fromEastern(start, timeOfDay(9, 30)));
    QVERIFY(baselines.ok());
    const auto &cumulative = baselines->cumulativeVolume.at("AAPL");
    QCOMPARE(cumulative.size(), std::size_t{1440});
    // The 20 most recent sessions are k = 1..20: mean of k*100 = 1050.
    QCOMPARE(cumulative[static_cast<std::size_t>(
                 tradingMinuteIndex(fromEastern(start, timeOfDay(9, 30))))],
             1050.0);
    QCOMPARE(cumulative[static_cast<std::size_t>(
                 tradingMinuteIndex(fromEastern(start, timeOfDay(9, 29))))],
             0.0);
    QCOMPARE(cumulative[1439], 1150.0);
    QVERIFY(!baselines->cumulativeVolume.count("MSFT"));
}

void TestHistoryLoader::keepsLast252IvCloses()
{
    QTemporaryDir dir;
    auto db = storage::DeskDatabase::open(std::filesystem::path(dir.path().toStdString()) /
                                          "desk.sqlite");
    QVERIFY(db.ok());
    std::vector<IvPoint> points;
    Date day = makeDate(2024, 1, 2);
    for (int i = 0; i < 300; ++i) {
        points.push_back({day, 0.10 + i * 0.001});
        day = calendar::nextTradingDay(day);
    }
    QVERIFY(db.value()->writeIvHistory("SPY", points).ok());
    auto baselines = loadBaselines(*db.value(), {"SPY"}, fromEastern(day, timeOfDay(10, 0)));
    QVERIFY(baselines.ok());
    const auto &iv = baselines->ivHistory.at("SPY");
    QCOMPARE(iv.size(), std::size_t{252});
    QCOMPARE(iv.back(), points.back().atmIv);
    QCOMPARE(iv.front(), points[300 - 252].atmIv);
}

void TestHistoryLoader::generatesSimulatedHistoryOnce()
{
    QTemporaryDir dir;
    auto db = storage::DeskDatabase::open(std::filesystem::path(dir.path().toStdString()) /
                                          "desk.sqlite");
    QVERIFY(db.ok());
    const auto config = marketdata::defaultUniverseConfig();
    const marketdata::SimulationOptions options{7, *parseIsoTimestamp("2025-01-13T09:30")};
    auto first = ensureSimulatedHistory(*db.value(), config, options);
    QVERIFY2(first.ok(), first.ok() ? "" : first.message().c_str());
    QVERIFY(first.value());
    auto second = ensureSimulatedHistory(*db.value(), config, options);
    QVERIFY(second.ok());
    QVERIFY(!second.value()); // already there
    auto daily = db.value()->dailyBars("SPY", makeDate(2022, 1, 1), makeDate(2025, 1, 12));
    QVERIFY(daily.ok());
    QVERIFY(daily->size() > 480);
    auto baselines = loadBaselines(*db.value(), {"SPY", "AAPL"}, options.start);
    QVERIFY(baselines.ok());
    QVERIFY(baselines->cumulativeVolume.count("SPY"));
    QCOMPARE(baselines->ivHistory.at("AAPL").size(), std::size_t{252});

    // Chart history: the previous sessions' minute bars, all before the start's trading date,
    // in time order with a VWAP per bar, and the daily bars up to the previous trading day.
    const auto &spy = baselines->priceHistory.at("SPY");
    QVERIFY(spy->minutes.bars.size() > 20 * 390);
    QCOMPARE(spy->minutes.vwap.size(), spy->minutes.bars.size());
    QVERIFY(calendar::tradingDateOf(spy->minutes.bars.back().start) < makeDate(2025, 1, 13));
    for (std::size_t i = 1; i < spy->minutes.bars.size(); ++i)
        QVERIFY(spy->minutes.bars[i - 1].start < spy->minutes.bars[i].start);
    QVERIFY(spy->daily.size() > 250);
    QCOMPARE(spy->daily.back().date, makeDate(2025, 1, 10));
    const PriceLevels levels = levelsFrom(spy->daily, makeDate(2025, 1, 13));
    QCOMPARE(levels.priorHigh, spy->daily.back().high);
    QVERIFY(levels.threeDayHigh >= levels.priorHigh && levels.threeDayLow <= levels.priorLow);
}

QTEST_GUILESS_MAIN(TestHistoryLoader)
#include "tst_historyloader.moc"
