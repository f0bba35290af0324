// Intraday bars: 1-minute OHLCV from trades, session-anchored VWAP (equities at the regular
// open, futures at 18:00 ET), typical-price VWAP of history bars and prior-day / 3-day levels;
// and MarketState's chart series on constructed ticks with known answers.
#include "engine/intradaybars.h"
#include "engine/marketstate.h"
#include "model/easterntime.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::engine;

namespace {
Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}
} // namespace

class TestIntradayBars : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void minuteBarsFromTrades()
    {
        VwapSessions sessions;
        IntradayBarBuilder builder(InstrumentKind::Stock);
        builder.addTrade(at("2025-01-15T10:00:05-05:00"), 100.0, 100, sessions);
        builder.addTrade(at("2025-01-15T10:00:30-05:00"), 101.0, 300, sessions);
        builder.addTrade(at("2025-01-15T10:00:59-05:00"), 99.5, 100, sessions);
        QCOMPARE(builder.completedCount(), std::size_t{0});
        QVERIFY(builder.hasForming());
        QCOMPARE(builder.forming().start, at("2025-01-15T10:00:00-05:00"));
        QCOMPARE(builder.forming().open, 100.0);
        QCOMPARE(builder.forming().high, 101.0);
        QCOMPARE(builder.forming().low, 99.5);
        QCOMPARE(builder.forming().close, 99.5);
        QCOMPARE(builder.forming().volume, std::int64_t{500});
        // (100*100 + 101*300 + 99.5*100) / 500
        QCOMPARE(builder.formingVwap(), (10000.0 + 30300.0 + 9950.0) / 500.0);

        // A trade two minutes later closes the bar; the empty minute between makes no bar.
        builder.addTrade(at("2025-01-15T10:02:10-05:00"), 102.0, 500, sessions);
        QCOMPARE(builder.completedCount(), std::size_t{1});
        const auto completed = builder.completed();
        QCOMPARE(completed->bars.size(), std::size_t{1});
        QCOMPARE(completed->bars[0].close, 99.5);
        QCOMPARE(completed->vwap[0], (10000.0 + 30300.0 + 9950.0) / 500.0);
        QCOMPARE(builder.forming().start, at("2025-01-15T10:02:00-05:00"));
        QCOMPARE(builder.formingVwap(), (10000.0 + 30300.0 + 9950.0 + 51000.0) / 1000.0);
        // Shared until the next bar completes.
        builder.addTrade(at("2025-01-15T10:02:20-05:00"), 102.5, 10, sessions);
        QCOMPARE(builder.completed().get(), completed.get());
        builder.addTrade(at("2025-01-15T10:03:00-05:00"), 102.5, 10, sessions);
        QVERIFY(builder.completed().get() != completed.get());
        QCOMPARE(builder.completed()->bars.size(), std::size_t{2});
        QCOMPARE(completed->bars.size(), std::size_t{1}); // published data never changes
    }

    void invalidTradesIgnored()
    {
        VwapSessions sessions;
        IntradayBarBuilder builder(InstrumentKind::Stock);
        builder.addTrade(at("2025-01-15T10:00:05-05:00"), -1.0, 100, sessions);
        builder.addTrade(at("2025-01-15T10:00:05-05:00"), NAN, 100, sessions);
        builder.addTrade(at("2025-01-15T10:00:05-05:00"), 10.0, -5, sessions);
        QVERIFY(!builder.hasForming());
        QCOMPARE(builder.revision(), std::uint64_t{0});
    }

    void equityVwapIsRegularSessionOnly()
    {
        VwapSessions sessions;
        IntradayBarBuilder builder(InstrumentKind::Stock);
        builder.addTrade(at("2025-01-15T09:29:10-05:00"), 50.0, 1000, sessions); // pre-market
        QVERIFY(std::isnan(builder.formingVwap()));
        builder.addTrade(at("2025-01-15T09:30:00-05:00"), 60.0, 100, sessions);
        QCOMPARE(builder.completed()->vwap.size(), std::size_t{1});
        QVERIFY(std::isnan(builder.completed()->vwap[0]));
        QCOMPARE(builder.formingVwap(), 60.0); // the pre-market trade is not in the session
        builder.addTrade(at("2025-01-15T16:00:01-05:00"), 70.0, 100, sessions); // after hours
        QVERIFY(std::isnan(builder.formingVwap()));
        // Next regular session starts fresh.
        builder.addTrade(at("2025-01-16T09:31:00-05:00"), 80.0, 100, sessions);
        QCOMPARE(builder.formingVwap(), 80.0);
    }

    void futuresVwapAnchorsAtSixPm()
    {
        VwapSessions sessions;
        IntradayBarBuilder builder(InstrumentKind::Future);
        builder.addTrade(at("2025-01-14T17:59:00-05:00"), 10.0, 1, sessions);
        builder.addTrade(at("2025-01-14T18:00:00-05:00"), 20.0, 1, sessions); // new trading date
        QCOMPARE(builder.formingVwap(), 20.0);
        builder.addTrade(at("2025-01-15T03:00:00-05:00"), 30.0, 1, sessions); // overnight
        QCOMPARE(builder.formingVwap(), 25.0);
        builder.addTrade(at("2025-01-15T10:00:00-05:00"), 40.0, 2, sessions);
        QCOMPARE(builder.formingVwap(), (20.0 + 30.0 + 80.0) / 4.0);
        QCOMPARE(sessions.anchorOf(InstrumentKind::Future, at("2025-01-15T10:00:00-05:00")),
                 at("2025-01-14T18:00:00-05:00"));
        // Monday's session anchors on Friday evening.
        QCOMPARE(sessions.anchorOf(InstrumentKind::Future, at("2025-01-13T10:00:00-05:00")),
                 at("2025-01-10T18:00:00-05:00"));
        // Equities: no session on a holiday (2025-01-20, Martin Luther King Jr. Day).
        QCOMPARE(sessions.anchorOf(InstrumentKind::Stock, at("2025-01-20T11:00:00-05:00")),
                 Timestamp{0});
    }

    void typicalPriceVwapOfHistory()
    {
        std::vector<Bar> bars;
        bars.push_back({at("2025-01-15T09:31:00-05:00"), 10, 12, 9, 11, 300}); // typical 32/3
        bars.push_back({at("2025-01-15T09:30:00-05:00"), 10, 11, 9, 10, 100}); // typical 10
        bars.push_back({at("2025-01-15T09:00:00-05:00"), 10, 11, 9, 10, 100}); // pre-market
        const MinuteBars out = withTypicalPriceVwap(bars, InstrumentKind::Stock);
        QCOMPARE(out.bars.size(), std::size_t{3});
        QCOMPARE(out.bars[0].start, at("2025-01-15T09:00:00-05:00")); // sorted
        QVERIFY(std::isnan(out.vwap[0]));
        QCOMPARE(out.vwap[1], 10.0);
        QCOMPARE(out.vwap[2], (1000.0 + 3200.0) / 400.0);
    }

    void levelsFromDailyBars()
    {
        std::vector<DailyBar> daily = {
            {makeDate(2025, 1, 9), 0, 0, 0, 0, 0}, // no data (market closed): ignored
            {makeDate(2025, 1, 10), 100, 110, 95, 105, 1},
            {makeDate(2025, 1, 13), 105, 108, 90, 100, 1},
            {makeDate(2025, 1, 14), 100, 104, 99, 101, 1},
            {makeDate(2025, 1, 15), 101, 120, 80, 90, 1}, // the date itself: not prior
        };
        const PriceLevels levels = levelsFrom(daily, makeDate(2025, 1, 15));
        QCOMPARE(levels.priorHigh, 104.0);
        QCOMPARE(levels.priorLow, 99.0);
        QCOMPARE(levels.priorClose, 101.0);
        QCOMPARE(levels.threeDayHigh, 110.0);
        QCOMPARE(levels.threeDayLow, 90.0);
        const PriceLevels none = levelsFrom({}, makeDate(2025, 1, 15));
        QVERIFY(std::isnan(none.priorHigh));
    }

    void aggregationBuckets()
    {
        MinuteBars minutes;
        auto add = [&](const char *iso, double open, double high, double low, double close,
                       std::int64_t volume, double vwap) {
            minutes.bars.push_back({at(iso), open, high, low, close, volume});
            minutes.vwap.push_back(vwap);
        };
        add("2025-01-15T09:29:00-05:00", 10, 11, 9, 10, 5, NAN); // pre-market
        add("2025-01-15T09:30:00-05:00", 10, 12, 10, 11, 10, 11.0);
        add("2025-01-15T09:34:00-05:00", 11, 13, 8, 12, 20, 11.5);
        add("2025-01-15T09:35:00-05:00", 12, 12, 12, 12, 30, 11.7);
        add("2025-01-15T10:29:00-05:00", 12, 14, 12, 13, 40, 12.0);
        add("2025-01-15T10:30:00-05:00", 13, 13, 13, 13, 50, 12.2);

        const MinuteBars five = aggregateBars(minutes, BarInterval::Minute5, InstrumentKind::Stock);
        QCOMPARE(five.bars.size(), std::size_t{5});
        QCOMPARE(five.bars[0].start, at("2025-01-15T09:25:00-05:00"));
        QCOMPARE(five.bars[1].start, at("2025-01-15T09:30:00-05:00"));
        QCOMPARE(five.bars[1].open, 10.0);
        QCOMPARE(five.bars[1].high, 13.0);
        QCOMPARE(five.bars[1].low, 8.0);
        QCOMPARE(five.bars[1].close, 12.0);
        QCOMPARE(five.bars[1].volume, std::int64_t{30});
        QCOMPARE(five.vwap[1], 11.5); // the VWAP at the bucket's last minute
        QCOMPARE(five.bars[2].start, at("2025-01-15T09:35:00-05:00"));
        QCOMPARE(five.bars[3].start, at("2025-01-15T10:25:00-05:00"));

        const MinuteBars hour = aggregateBars(minutes, BarInterval::Hour1, InstrumentKind::Stock);
        QCOMPARE(hour.bars.size(), std::size_t{3});
        QCOMPARE(hour.bars[0].start, at("2025-01-15T08:30:00-05:00"));
        QCOMPARE(hour.bars[1].start, at("2025-01-15T09:30:00-05:00"));
        QCOMPARE(hour.bars[1].volume, std::int64_t{100});
        QCOMPARE(hour.bars[1].close, 13.0);
        QCOMPARE(hour.bars[2].start, at("2025-01-15T10:30:00-05:00"));

        // Daily: equities use the regular session only; futures their whole trading date.
        const MinuteBars day = aggregateBars(minutes, BarInterval::Day1, InstrumentKind::Stock);
        QCOMPARE(day.bars.size(), std::size_t{1});
        QCOMPARE(day.bars[0].open, 10.0);
        QCOMPARE(day.bars[0].low, 8.0);
        QCOMPARE(day.bars[0].volume, std::int64_t{150});
        const MinuteBars futureDay =
            aggregateBars(minutes, BarInterval::Day1, InstrumentKind::Future);
        QCOMPARE(futureDay.bars.size(), std::size_t{1});
        QCOMPARE(futureDay.bars[0].volume, std::int64_t{155});
        QCOMPARE(futureDay.bars[0].start, at("2025-01-14T18:00:00-05:00"));

        // Appending continues the last bucket instead of starting a new one.
        MinuteBars incremental =
            aggregateBars(MinuteBars{{minutes.bars.begin(), minutes.bars.begin() + 3},
                                     {minutes.vwap.begin(), minutes.vwap.begin() + 3}},
                          BarInterval::Minute5, InstrumentKind::Stock);
        appendAggregated(incremental, std::span(minutes.bars).subspan(3),
                         std::span(minutes.vwap).subspan(3), BarInterval::Minute5,
                         InstrumentKind::Stock);
        QCOMPARE(incremental.bars, five.bars);
    }

    void marketStateChartSeries()
    {
        InstrumentRegistry registry;
        Instrument spy;
        spy.symbol = "SPY";
        spy.kind = InstrumentKind::Etf;
        const InstrumentId id = registry.add(spy);
        MarketReference reference;
        reference.underlyings.push_back({id, "SPDR S&P 500", 590.0, 0.012, false});
        MarketState state(registry, reference);

        HistoryBaselines baselines;
        auto history = std::make_shared<PriceHistory>();
        history->daily = {{makeDate(2025, 1, 13), 580, 595, 575, 590, 1},
                          {makeDate(2025, 1, 14), 590, 600, 585, 592, 1}};
        baselines.priceHistory.emplace("SPY", history);
        state.setBaselines(baselines);

        const std::vector<Tick> ticks = {
            Tick::trade(at("2025-01-15T09:30:10-05:00"), id, toPrice(593.0), 100),
            Tick::trade(at("2025-01-15T09:31:10-05:00"), id, toPrice(594.0), 100),
        };
        state.apply(ticks);
        auto charts = state.charts();
        QCOMPARE(charts.size(), std::size_t{1});
        QCOMPARE(charts[0].symbol, std::string("SPY"));
        QCOMPARE(charts[0].history.get(), history.get());
        QCOMPARE(charts[0].completed->bars.size(), std::size_t{1});
        QVERIFY(charts[0].hasForming);
        QCOMPARE(charts[0].forming.close, 594.0);
        QCOMPARE(charts[0].formingVwap, 593.5);
        QCOMPARE(charts[0].levels.priorHigh, 600.0);
        QCOMPARE(charts[0].levels.threeDayLow, 575.0);
        const std::uint64_t revision = charts[0].revision;
        QCOMPARE(state.charts()[0].revision, revision); // nothing changed

        // The next trading date: the finished day becomes the prior day.
        const std::vector<Tick> next = {
            Tick::trade(at("2025-01-15T15:59:00-05:00"), id, toPrice(610.0), 100),
            Tick::trade(at("2025-01-16T09:30:10-05:00"), id, toPrice(605.0), 100),
        };
        state.apply(next);
        charts = state.charts();
        QVERIFY(charts[0].revision > revision);
        QCOMPARE(charts[0].levels.tradingDate, makeDate(2025, 1, 16));
        QCOMPARE(charts[0].levels.priorHigh, 610.0);
        QCOMPARE(charts[0].levels.priorLow, 593.0);
        QCOMPARE(charts[0].levels.priorClose, 610.0);
        QCOMPARE(charts[0].levels.threeDayHigh, 610.0);
        QCOMPARE(charts[0].levels.threeDayLow, 575.0);
        QCOMPARE(charts[0].completed->bars.size(), std::size_t{3}); // live bars span dates
    }
};

QTEST_GUILESS_MAIN(TestIntradayBars)
#include "tst_intradaybars.moc"
