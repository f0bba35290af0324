// ChainAnalytics workers: coalescing of inputs per underlying, publication, slower cadences for
// smiles and GEX, several underlyings at once with each one's inputs in order.
#include "engine/chainanalytics.h"
#include "model/easterntime.h"
#include "model/occsymbol.h"
#include "pricing/blackscholes.h"
#include "pricing/timetoexpiry.h"

#include <QTest>

using namespace mag7;
using namespace mag7::engine;

namespace {
struct Fixture {
    InstrumentRegistry registry;
    ChainInput input;

    Fixture()
    {
        Instrument s;
        s.symbol = "QQQ";
        s.kind = InstrumentKind::Etf;
        input.underlying = registry.add(s);
        input.symbol = "QQQ";
        input.asOf = *parseIsoTimestamp("2025-01-13T11:00");
        input.spot = 515;
        input.rate = 0.04;
        const Date expiry = makeDate(2025, 2, 21);
        for (double strike = 470; strike <= 560; strike += 5) {
            for (auto right : {OptionRight::Call, OptionRight::Put}) {
                Instrument o;
                o.symbol =
                    OptionSymbol{"QQQ", expiry, right, std::llround(strike * 1000)}.toCompact();
                o.kind = InstrumentKind::Option;
                o.underlying = "QQQ";
                o.expiry = expiry;
                o.right = right;
                o.strike = toPrice(strike);
                ContractInput c;
                c.instrument = registry.get(registry.add(o));
                const double price = pricing::bsmPrice(
                    {right, 515, strike, pricing::yearsToExpiry(input.asOf, expiry), 0.2, 0.04, 0});
                c.quote.quoteTs = input.asOf;
                c.quote.bid = std::max<Price>(toPrice(price - 0.05), kCent);
                c.quote.ask = c.quote.bid + toPrice(0.10);
                c.openInterest = 100;
                input.contracts.push_back(c);
            }
        }
    }
};
} // namespace

class TestChainAnalytics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void coalescesPendingInputs();
    void carriesSmilesBetweenFits();
    void refitsWhenMarketTimeMovesFast();
    void stopsWithWorkPending();
    void buildsUnderlyingsOnSeveralWorkers();
};

void TestChainAnalytics::coalescesPendingInputs()
{
    Fixture f;
    ChainAnalytics analytics;
    QVERIFY(analytics.latest(f.input.underlying) == nullptr);
    ChainInput first = f.input;
    first.spot = 500;
    analytics.submit(first);
    analytics.submit(f.input); // replaces the first before the worker runs
    analytics.start();
    analytics.waitIdle();
    const auto chain = analytics.latest(f.input.underlying);
    QVERIFY(chain);
    QCOMPARE(chain->sequence, std::uint64_t{1});
    QCOMPARE(chain->spot, 515.0);
    QCOMPARE(analytics.all().size(), std::size_t{1});
    QVERIFY(chain->atmIv30 > 0.19 && chain->atmIv30 < 0.21);
}

void TestChainAnalytics::carriesSmilesBetweenFits()
{
    Fixture f;
    ChainAnalytics analytics(ChainAnalytics::Cadence{60'000, 60'000});
    analytics.start();
    analytics.submit(f.input);
    analytics.waitIdle();
    const auto first = analytics.latest(f.input.underlying);
    QVERIFY(first && first->expiries.front().smile);
    f.input.spot = 520;
    analytics.submit(f.input);
    analytics.waitIdle();
    const auto second = analytics.latest(f.input.underlying);
    QCOMPARE(second->sequence, std::uint64_t{2});
    QCOMPARE(second->spot, 520.0);
    // Within the cadence the smile fit and GEX profile are the first ones.
    QCOMPARE(second->expiries.front().smile->svi.b, first->expiries.front().smile->svi.b);
    QCOMPARE(second->gex.totalGex, first->gex.totalGex);
}

void TestChainAnalytics::refitsWhenMarketTimeMovesFast()
{
    // A market running far faster than real time (catching up): one wall-clock second can be
    // hours of market time, and the fits must follow the market.
    Fixture f;
    ChainAnalytics analytics(ChainAnalytics::Cadence{60'000, 60'000});
    analytics.start();
    analytics.submit(f.input);
    analytics.waitIdle();
    const auto first = analytics.latest(f.input.underlying);
    f.input.spot = 520;
    f.input.asOf += 30 * kNanosPerSecond; // half the interval: carried over
    analytics.submit(f.input);
    analytics.waitIdle();
    QCOMPARE(analytics.latest(f.input.underlying)->gex.totalGex, first->gex.totalGex);
    f.input.asOf += 31 * kNanosPerSecond; // past the interval in market time: recomputed
    analytics.submit(f.input);
    analytics.waitIdle();
    const auto third = analytics.latest(f.input.underlying);
    QVERIFY(third->gex.totalGex != first->gex.totalGex);
    QCOMPARE(third->gex.spot, 520.0);
}

void TestChainAnalytics::stopsWithWorkPending()
{
    Fixture f;
    ChainAnalytics analytics;
    analytics.submit(f.input);
    analytics.stop(); // never started: nothing to join, nothing published
    QVERIFY(analytics.latest(f.input.underlying) == nullptr);
}

void TestChainAnalytics::buildsUnderlyingsOnSeveralWorkers()
{
    Fixture f;
    ChainAnalytics analytics(ChainAnalytics::Cadence{}, 3);
    analytics.start();
    // Eight underlyings (the same contracts under other ids), each submitted three times with a
    // newer spot while the workers run: every one ends with its newest input, built in order.
    constexpr int kUnderlyings = 8;
    for (int round = 0; round < 3; ++round) {
        for (int u = 0; u < kUnderlyings; ++u) {
            ChainInput input = f.input;
            input.underlying = static_cast<InstrumentId>(1000 + u);
            input.spot = 510 + round;
            analytics.submit(std::move(input));
        }
    }
    analytics.waitIdle();
    const auto chains = analytics.all();
    QCOMPARE(chains.size(), std::size_t{kUnderlyings});
    for (const auto &chain : chains) {
        QCOMPARE(chain->spot, 512.0);
        QVERIFY(chain->sequence >= 1 && chain->sequence <= 3);
        QVERIFY(chain->atmIv30 > 0.15 && chain->atmIv30 < 0.25);
    }
}

QTEST_GUILESS_MAIN(TestChainAnalytics)
#include "tst_chainanalytics.moc"
