// PlaybookMarket: the chain as the playbooks read it (quotes, IVs only where they solved,
// expiry summaries, GEX levels), the earnings history measured from the daily bars (before-open
// and after-close releases), finished daily bars only, and chain conversions reused until the
// chain is recomputed.
#include "engine/playbookmarket.h"
#include "model/easterntime.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::engine;

namespace {

Timestamp eastern(Date date, int hour, int minute)
{
    return fromEastern(date, timeOfDay(hour, minute));
}

std::shared_ptr<ChainSnapshot> spyChain(std::uint64_t sequence)
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->symbol = "SPY";
    chain->sequence = sequence;
    chain->spot = 590.1;
    chain->atmIv30 = 0.15;
    chain->gex.flipLevel = 585.0;
    chain->gex.callWall = 600.0;
    ExpirySummary expiry;
    expiry.expiry = makeDate(2025, 1, 17);
    expiry.daysToExpiry = 2;
    expiry.atmIv = 0.14;
    expiry.expectedMove = 5.9;
    expiry.riskReversal25 = std::nan("");
    for (double strike : {585.0, 590.0}) {
        for (OptionRight right : {OptionRight::Call, OptionRight::Put}) {
            OptionRow row;
            row.expiry = expiry.expiry;
            row.right = right;
            row.strike = strike;
            row.bid = toPrice(1.20);
            row.ask = toPrice(1.30);
            row.mid = 1.25;
            row.volume = 40;
            row.openInterest = 900;
            row.iv = 0.14;
            row.ivError = strike == 585.0 && right == OptionRight::Call
                              ? pricing::IvError::BelowIntrinsic
                              : pricing::IvError::None;
            row.greeks.delta = right == OptionRight::Call ? 0.5 : -0.5;
            row.greeks.theta = -0.3;
            chain->options.push_back(row);
        }
    }
    expiry.firstRow = 0;
    expiry.rowCount = chain->options.size();
    chain->expiries.push_back(expiry);
    return chain;
}

std::vector<DailyBar> dailyBars(Date from, const std::vector<double> &closes)
{
    std::vector<DailyBar> bars;
    Date date = from;
    for (double close : closes) {
        while (isWeekend(date))
            date = addDays(date, 1);
        bars.push_back({date, close, close, close, close, 1000});
        date = addDays(date, 1);
    }
    return bars;
}

} // namespace

class TestPlaybookMarket : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chainView()
    {
        const auto view = toChainView(*spyChain(1));
        QCOMPARE(view.spot, 590.1);
        QCOMPARE(view.atmIv30, 0.15);
        QCOMPARE(view.gammaFlip, 585.0);
        QCOMPARE(view.callWall, 600.0);
        QVERIFY(std::isnan(view.putWall));
        QCOMPARE(view.expiries.size(), std::size_t(1));
        const signals::ExpiryView &expiry = view.expiries[0];
        QCOMPARE(expiry.daysToExpiry, 2);
        QCOMPARE(expiry.expectedMove, 5.9);
        QVERIFY(std::isnan(expiry.riskReversal25));
        QCOMPARE(expiry.options.size(), std::size_t(4));
        // The contract whose IV did not solve carries no IV or Greeks, but its quote.
        QVERIFY(std::isnan(expiry.options[0].iv));
        QVERIFY(std::isnan(expiry.options[0].delta));
        QCOMPARE(expiry.options[0].mid, 1.25);
        QCOMPARE(expiry.options[0].bid, 1.20);
        QCOMPARE(expiry.options[1].right, OptionRight::Put);
        QCOMPARE(expiry.options[1].iv, 0.14);
        QCOMPARE(expiry.options[1].delta, -0.5);
        QCOMPARE(expiry.options[1].theta, -0.3);
        QCOMPARE(expiry.options[1].openInterest, std::int64_t(900));
    }

    void earningsMovesFromDailyBars()
    {
        // Mon 2024-10-21 .. : closes 100, 100, 110 (Wed), 110, 99 (Fri)...
        const auto daily = dailyBars(makeDate(2024, 10, 21), {100, 100, 110, 110, 99, 99});
        std::vector<MarketEvent> events;
        // Before the open on Wed 10-23: Tue close 100 -> Wed close 110 = 10%.
        events.push_back({MarketEventKind::Earnings, "NVDA", makeDate(2024, 10, 23),
                          eastern(makeDate(2024, 10, 23), 7, 0), 0.06});
        // After the close on Thu 10-24: Thu close 110 -> Fri close 99 = 10%.
        events.push_back({MarketEventKind::Earnings, "NVDA", makeDate(2024, 10, 24),
                          eastern(makeDate(2024, 10, 24), 16, 5), 0.05});
        events.push_back({MarketEventKind::Fomc, "", makeDate(2024, 10, 24),
                          eastern(makeDate(2024, 10, 24), 14, 0), 0.01});
        events.push_back({MarketEventKind::Earnings, "AAPL", makeDate(2024, 10, 24),
                          eastern(makeDate(2024, 10, 24), 16, 5), 0.04});
        events.push_back({MarketEventKind::Earnings, "NVDA", makeDate(2025, 2, 26),
                          eastern(makeDate(2025, 2, 26), 16, 5), 0.07});
        events.push_back({MarketEventKind::Earnings, "NVDA", makeDate(2025, 5, 28),
                          eastern(makeDate(2025, 5, 28), 16, 5), 0.07});

        const auto info = earningsOf("NVDA", events, daily, makeDate(2025, 2, 20));
        QVERIFY(info.has_value());
        QCOMPARE(info->next, makeDate(2025, 2, 26));
        QCOMPARE(info->expectedMove, 0.07);
        QCOMPARE(info->past.size(), std::size_t(2));
        QCOMPARE(info->past[0].date, makeDate(2024, 10, 23));
        QVERIFY(std::abs(info->past[0].realizedMove - 0.10) < 1e-12);
        QCOMPARE(info->past[0].expectedMove, 0.06);
        QVERIFY(std::abs(info->past[1].realizedMove - 0.10) < 1e-12);

        // No events for the symbol: none; a release the bars do not cover is left out.
        QVERIFY(!earningsOf("MSFT", events, daily, makeDate(2025, 2, 20)).has_value());
        const auto early = earningsOf("NVDA", events, {}, makeDate(2025, 2, 20));
        QVERIFY(early.has_value());
        QVERIFY(early->past.empty());
    }

    void refreshKeepsFinishedDaysAndReusesChains()
    {
        PlaybookMarket market(std::map<std::string, std::string, std::less<>>{{"NVDA", "XLK"}});
        market.setHistory({}, {{"SPY", {0.12, 0.13}}});
        QuoteRow spy;
        spy.symbol = "SPY";
        spy.kind = InstrumentKind::Etf;
        spy.last = toPrice(590.0);
        spy.previousClose = 580.0;
        spy.ivRank = 42;
        QuoteRow nvda;
        nvda.symbol = "NVDA";
        nvda.kind = InstrumentKind::Stock;
        const auto today = makeDate(2025, 1, 15);
        auto daily = dailyBars(makeDate(2025, 1, 13), {580, 585, 590}); // Mon, Tue, Wed (today)
        std::vector<const std::vector<DailyBar> *> bars{&daily, nullptr};
        const auto chain = spyChain(7);
        market.refresh({spy, nvda}, bars, {chain}, eastern(today, 10, 0));

        const signals::SymbolMarket *view = market.view().find("SPY");
        QVERIFY(view);
        QCOMPARE(view->kind, InstrumentKind::Etf);
        QCOMPARE(view->last, 590.0);
        QVERIFY(std::abs(view->changePercent - 100.0 * 10.0 / 580.0) < 1e-9);
        QCOMPARE(view->ivRank, 42.0);
        QVERIFY(std::isnan(view->relativeVolume));
        QCOMPARE(view->daily.size(), std::size_t(2)); // today's bar is not finished
        QCOMPARE(view->ivHistory, (std::vector<double>{0.12, 0.13}));
        QVERIFY(view->chain);
        const signals::SymbolMarket *nvdaView = market.view().find("NVDA");
        QVERIFY(nvdaView);
        QCOMPARE(nvdaView->sectorEtf, std::string("XLK"));
        QVERIFY(!nvdaView->chain);

        // The same chain sequence: the converted view is kept; a new one replaces it.
        const auto first = view->chain;
        market.refresh({spy, nvda}, bars, {chain}, eastern(today, 10, 1));
        view = market.view().find("SPY");
        QVERIFY(view);
        QCOMPARE(view->chain.get(), first.get());
        market.refresh({spy, nvda}, bars, {spyChain(8)}, eastern(today, 10, 2));
        view = market.view().find("SPY");
        QVERIFY(view);
        QVERIFY(view->chain.get() != first.get());
    }
};

QTEST_APPLESS_MAIN(TestPlaybookMarket)
#include "tst_playbookmarket.moc"
