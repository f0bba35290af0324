// MarketState: day statistics, previous close roll-over, ATM IV from a chain, IV rank and
// relative volume, on constructed ticks with known answers.
#include "engine/marketstate.h"
#include "model/easterntime.h"
#include "model/occsymbol.h"
#include "pricing/blackscholes.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::engine;

namespace {
Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

struct Fixture {
    InstrumentRegistry registry;
    InstrumentId spy = kInvalidInstrument;
    InstrumentId aapl = kInvalidInstrument;

    Fixture()
    {
        Instrument s;
        s.symbol = "SPY";
        s.kind = InstrumentKind::Etf;
        spy = registry.add(s);
        Instrument a;
        a.symbol = "AAPL";
        aapl = registry.add(a);
    }
    MarketReference reference(bool spyHasOptions = false)
    {
        MarketReference ref;
        ref.riskFreeRate = 0.04;
        ref.underlyings.push_back({spy, "SPDR S&P 500", 590.0, 0.012, spyHasOptions});
        ref.underlyings.push_back({aapl, "Apple", 230.0, 0.005, false});
        return ref;
    }
    InstrumentId addOption(Date expiry, OptionRight right, double strike)
    {
        OptionSymbol symbol{"SPY", expiry, right,
                            static_cast<std::int64_t>(std::llround(strike * 1000))};
        Instrument o;
        o.symbol = symbol.toCompact();
        o.kind = InstrumentKind::Option;
        o.underlying = "SPY";
        o.expiry = expiry;
        o.right = right;
        o.strike = toPrice(strike);
        o.multiplier = 100;
        return registry.add(o);
    }
};
} // namespace

class TestMarketState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dayStatisticsAndChange();
    void previousCloseRollsAtTradingDate();
    void atmImpliedVolFromChain();
    void ivRankAndPercentile();
    void relativeVolumeAgainstBaseline();
    void revisionsOnlyForTouchedRows();
};

void TestMarketState::dayStatisticsAndChange()
{
    Fixture f;
    MarketState state(f.registry, f.reference());
    const TickBatch ticks{
        Tick::trade(at("2025-01-13T08:00"), f.aapl, toPrice(231.0), 500), // pre-market
        Tick::quote(at("2025-01-13T09:30"), f.aapl, toPrice(232.0), toPrice(232.02), 300, 200),
        Tick::trade(at("2025-01-13T09:30:01"), f.aapl, toPrice(232.01), 1000),
        Tick::trade(at("2025-01-13T10:00"), f.aapl, toPrice(235.50), 200),
        Tick::trade(at("2025-01-13T11:00"), f.aapl, toPrice(229.25), 300),
        Tick::trade(at("2025-01-13T16:30"), f.aapl, toPrice(228.00), 100), // after hours
    };
    state.apply(ticks);
    const QuoteRow &row = state.rows()[1];
    QCOMPARE(row.symbol, std::string("AAPL"));
    QCOMPARE(row.open, 232.01);
    QCOMPARE(row.high, 235.50);
    QCOMPARE(row.low, 229.25);
    QCOMPARE(row.volume, std::int64_t{2100});
    QCOMPARE(row.last, toPrice(228.0));
    QCOMPARE(row.bid, toPrice(232.0));
    QCOMPARE(row.previousClose, 230.0);
    QVERIFY(std::abs(row.change() - (-2.0)) < 1e-12);
    QVERIFY(std::abs(row.changePercent() - (-2.0 / 230.0 * 100)) < 1e-12);
}

void TestMarketState::previousCloseRollsAtTradingDate()
{
    Fixture f;
    MarketState state(f.registry, f.reference());
    state.apply(TickBatch{Tick::trade(at("2025-01-13T15:59:59"), f.aapl, toPrice(240.0), 100),
                          Tick::trade(at("2025-01-13T17:00"), f.aapl, toPrice(241.0), 100)});
    QCOMPARE(state.rows()[1].previousClose, 230.0);
    // After 18:00 ET the ticks belong to the next trading date: the regular close becomes the
    // previous close and the day statistics restart.
    state.apply(TickBatch{Tick::trade(at("2025-01-14T04:00"), f.aapl, toPrice(242.0), 50)});
    const QuoteRow &row = state.rows()[1];
    QCOMPARE(row.previousClose, 240.0);
    QCOMPARE(row.volume, std::int64_t{50});
    QVERIFY(std::isnan(row.open));
    QVERIFY(std::abs(row.change() - 2.0) < 1e-12);
}

void TestMarketState::atmImpliedVolFromChain()
{
    Fixture f;
    const Timestamp now = at("2025-01-13T10:00");
    const double spot = 590.0;
    const double vol = 0.18;
    // Expiries at 28 and 35 days bracket the 30-day target.
    const std::vector<Date> expiries{makeDate(2025, 2, 10), makeDate(2025, 2, 17 + 1)};
    TickBatch ticks{Tick::quote(now, f.spy, toPrice(589.99), toPrice(590.01), 500, 500)};
    for (const Date expiry : expiries) {
        for (double strike = 580; strike <= 600; strike += 1) {
            for (auto right : {OptionRight::Call, OptionRight::Put}) {
                const InstrumentId id = f.addOption(expiry, right, strike);
                const double years =
                    static_cast<double>(fromEastern(expiry, timeOfDay(16, 0)) - now) /
                    (365.0 * kNanosPerDay);
                const double price =
                    pricing::bsmPrice({right, spot, strike, years, vol, 0.04, 0.012});
                // Quotes symmetric around the model value: the mid is the model price.
                ticks.push_back(Tick::quote(now, id, toPrice(price) - toPrice(0.05),
                                            toPrice(price) + toPrice(0.05), 10, 10));
            }
        }
    }
    MarketState state(f.registry, f.reference(true));
    state.apply(ticks);
    state.updateImpliedVols(now);
    const double iv = state.rows()[0].atmIv;
    QVERIFY2(std::abs(iv - vol) < 2e-4,
             qPrintable(QStringLiteral("ATM IV %1, expected %2").arg(iv).arg(vol)));
}

void TestMarketState::ivRankAndPercentile()
{
    const std::vector<double> history{0.10, 0.20, 0.30, 0.40, 0.50};
    QCOMPARE(ivRank(0.30, history), 50.0);
    QCOMPARE(ivRank(0.50, history), 100.0);
    QCOMPARE(ivRank(0.60, history), 100.0); // today above the range: it becomes the new max
    QCOMPARE(ivPercentile(0.30, history), 40.0);
    QCOMPARE(ivPercentile(0.05, history), 0.0);
    QVERIFY(std::isnan(ivRank(0.3, {})));
}

void TestMarketState::relativeVolumeAgainstBaseline()
{
    Fixture f;
    MarketState state(f.registry, f.reference());
    HistoryBaselines baselines;
    std::vector<double> cumulative(1440, 0.0);
    for (int m = 0; m < 1440; ++m)
        cumulative[static_cast<std::size_t>(m)] = 10.0 * m;
    baselines.cumulativeVolume["AAPL"] = cumulative;
    state.setBaselines(baselines);
    const Timestamp now = at("2025-01-13T10:00");
    state.apply(TickBatch{Tick::trade(now, f.aapl, toPrice(231), 15000)});
    state.updateImpliedVols(now);
    // 10:00 ET is minute 960 of the trading day (18:00 the evening before is minute 0).
    QCOMPARE(tradingMinuteIndex(now), 960);
    QCOMPARE(state.rows()[1].relativeVolume, 15000.0 / 9600.0);
    QVERIFY(std::isnan(state.rows()[0].relativeVolume)); // no baseline for SPY
}

void TestMarketState::revisionsOnlyForTouchedRows()
{
    Fixture f;
    MarketState state(f.registry, f.reference());
    const auto before = state.rows();
    state.apply(
        TickBatch{Tick::quote(at("2025-01-13T10:00"), f.spy, toPrice(590), toPrice(590.01), 1, 1)});
    QVERIFY(state.rows()[0].revision > before[0].revision);
    QCOMPARE(state.rows()[1].revision, before[1].revision);
}

QTEST_GUILESS_MAIN(TestMarketState)
#include "tst_marketstate.moc"
