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
    void chainInputCarriesQuotesVolumeAndOpenInterest();
    void tracksChangedChains();
    void atmIvFromAnalyticsSetsRank();
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
    state.refreshRelativeVolumes(now);
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

void TestMarketState::chainInputCarriesQuotesVolumeAndOpenInterest()
{
    Fixture f;
    const InstrumentId call = f.addOption(makeDate(2025, 1, 17), OptionRight::Call, 590);
    const InstrumentId put = f.addOption(makeDate(2025, 1, 17), OptionRight::Put, 590);
    MarketState state(f.registry, f.reference(true));
    OpenInterestTable oi;
    oi.tradingDate = makeDate(2025, 1, 13);
    oi.contracts = {{call, 1200}, {put, 3400}};
    state.setOpenInterest(oi);
    const Timestamp now = at("2025-01-13T10:00");
    state.apply(TickBatch{Tick::quote(now, f.spy, toPrice(589.99), toPrice(590.01), 100, 100),
                          Tick::quote(now, call, toPrice(5.10), toPrice(5.20), 10, 12),
                          Tick::trade(now + 1, call, toPrice(5.15), 7),
                          Tick::trade(now + 2, call, toPrice(5.16), 3)});
    const ChainInput input = state.chainInput(f.spy, now);
    QCOMPARE(input.symbol, std::string("SPY"));
    QCOMPARE(input.spot, 590.0);
    QCOMPARE(input.rate, 0.04);
    QCOMPARE(input.dividendYield, 0.012);
    QCOMPARE(input.contracts.size(), std::size_t{2});
    for (const ContractInput &contract : input.contracts) {
        if (contract.instrument->id == call) {
            QCOMPARE(contract.quote.bid, toPrice(5.10));
            QCOMPARE(contract.volume, std::int64_t{10});
            QCOMPARE(contract.openInterest, std::int64_t{1200});
        } else {
            QVERIFY(!contract.quote.hasQuote());
            QCOMPARE(contract.openInterest, std::int64_t{3400});
        }
    }
    // Option volume restarts with the next trading date.
    state.apply(TickBatch{Tick::trade(at("2025-01-14T09:31"), call, toPrice(5.0), 2)});
    for (const ContractInput &contract : state.chainInput(f.spy, now).contracts) {
        if (contract.instrument->id == call)
            QCOMPARE(contract.volume, std::int64_t{2});
    }
}

void TestMarketState::tracksChangedChains()
{
    Fixture f;
    const InstrumentId call = f.addOption(makeDate(2025, 1, 17), OptionRight::Call, 590);
    MarketState state(f.registry, f.reference(true));
    QVERIFY(state.takeChangedChains().empty());
    state.apply(
        TickBatch{Tick::quote(at("2025-01-13T10:00"), call, toPrice(5), toPrice(5.1), 1, 1)});
    QCOMPARE(state.takeChangedChains(), std::vector<InstrumentId>{f.spy});
    QVERIFY(state.takeChangedChains().empty()); // taken
    // AAPL lists no options in this fixture: its quotes change no chain.
    state.apply(TickBatch{
        Tick::quote(at("2025-01-13T10:00"), f.aapl, toPrice(230), toPrice(230.02), 1, 1)});
    QVERIFY(state.takeChangedChains().empty());
}

void TestMarketState::atmIvFromAnalyticsSetsRank()
{
    Fixture f;
    MarketState state(f.registry, f.reference(true));
    HistoryBaselines baselines;
    baselines.ivHistory["SPY"] = {0.10, 0.20, 0.30, 0.40, 0.50};
    state.setBaselines(baselines);
    const auto revision = state.rows()[0].revision;
    state.setAtmIv(f.spy, 0.30);
    const QuoteRow &row = state.rows()[0];
    QCOMPARE(row.atmIv, 0.30);
    QCOMPARE(row.ivRank, 50.0);
    QCOMPARE(row.ivPercentile, 40.0);
    QVERIFY(row.revision > revision);
    state.setAtmIv(f.spy, 0.0); // unknown
    QVERIFY(std::isnan(state.rows()[0].atmIv));
}

QTEST_GUILESS_MAIN(TestMarketState)
#include "tst_marketstate.moc"
