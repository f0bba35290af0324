// The directional and daily playbooks (mag7, meic, gamma-scalp, earnings, ensemble) on
// constructed sessions with a hand-built market view: each setup fires with its structure, legs
// and numbers, and its near misses stay silent with the reason in the playbook's state.
#include "model/easterntime.h"
#include "signals/playbook.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace mag7;
using namespace mag7::signals;

Q_DECLARE_METATYPE(std::string)

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

// A 1-minute bar closing at `close` with a range of 1.00 (high close + 0.25, low close - 0.75):
// while closes rise by at most 0.75 and fall by at most 0.25 a bar every true range is 1.00, so
// ATR(14) is exactly 1.00.
Bar bar(Timestamp start, double close, std::int64_t volume = 1000)
{
    return Bar{start, close, close + 0.25, close - 0.75, close, volume};
}

// One strike of an expiry: the call and the put with their mids and deltas.
struct Row {
    double strike;
    double callMid;
    double callDelta;
    double putMid;
    double putDelta;
};

OptionQuoteView quote(double strike, OptionRight right, double mid, double delta)
{
    OptionQuoteView q;
    q.strike = strike;
    q.right = right;
    q.bid = std::max(mid - 0.05, 0.01);
    q.ask = mid + 0.05;
    q.mid = mid;
    q.delta = delta;
    q.iv = 0.25;
    return q;
}

ExpiryView expiry(Date date, int dte, std::initializer_list<Row> rows)
{
    ExpiryView view;
    view.expiry = date;
    view.daysToExpiry = dte;
    view.years = dte / 365.0;
    for (const Row &row : rows) {
        view.options.push_back(quote(row.strike, OptionRight::Call, row.callMid, row.callDelta));
        view.options.push_back(quote(row.strike, OptionRight::Put, row.putMid, row.putDelta));
    }
    return view;
}

std::shared_ptr<OptionChainView> chain(double spot, std::vector<ExpiryView> expiries)
{
    auto view = std::make_shared<OptionChainView>();
    view->spot = spot;
    view->atmIv30 = 0.25;
    view->expiries = std::move(expiries);
    return view;
}

bool contains(const std::string &text, const char *part)
{
    return text.find(part) != std::string::npos;
}

double input(const Signal &signal, const std::string &name)
{
    for (const SignalValue &value : signal.inputs) {
        if (value.name == name)
            return value.value;
    }
    return NAN;
}

// A runner holding the named playbooks, fed with the market view `view`.
struct Desk {
    PlaybookRunner runner;
    MarketView view;
    std::vector<Signal> signals;

    explicit Desk(std::initializer_list<const char *> names)
        : runner([names] {
            std::vector<std::unique_ptr<Playbook>> list;
            for (const char *name : names)
                list.push_back(makePlaybook(name));
            return list;
        }())
    {}
    void add(const char *symbol, InstrumentKind kind, const Bar &b)
    {
        const Status status = runner.addBar(symbol, kind, b, signals, &view);
        if (!status)
            qFatal("%s", status.message().c_str());
    }
    // Bars closing at `close` from `from` (inclusive) to `to` (exclusive).
    void fill(const char *symbol, InstrumentKind kind, Timestamp from, Timestamp to, double close)
    {
        for (Timestamp t = from; t < to; t += kNanosPerMinute)
            add(symbol, kind, bar(t, close));
    }
    Playbook &playbook(const char *name) { return *runner.playbook(name); }
    std::string state(const char *name, const char *symbol) { return playbook(name).state(symbol); }
};

// ---- MAG7 scenario ---------------------------------------------------------------------------
// 2025-01-14 trades at 99.75 all session (high 100.00, low 99.00: the prior-day levels of
// 2025-01-15); 2025-01-15 opens at 99.75 (opening range 99.00 - 100.00) until 10:00. The chain
// has the 2025-01-17 expiry (2 DTE) with the 100 call at delta 0.50 and mid 1.00, and the
// 2025-01-24 expiry (9 DTE, outside 0-7).

std::shared_ptr<OptionChainView> mag7Chain()
{
    const Date near = makeDate(2025, 1, 17);
    const Date far = makeDate(2025, 1, 24);
    return chain(100.0, {expiry(near, 2,
                                {{99, 1.60, 0.65, 0.60, -0.35},
                                 {100, 1.00, 0.50, 1.05, -0.50},
                                 {101, 0.55, 0.35, 1.55, -0.65}}),
                         expiry(far, 9,
                                {{99, 2.40, 0.60, 1.40, -0.40},
                                 {100, 1.90, 0.50, 1.95, -0.50},
                                 {101, 1.40, 0.40, 2.45, -0.60}})});
}

void mag7Market(Desk &desk, const char *symbol, InstrumentKind kind = InstrumentKind::Stock)
{
    SymbolMarket &market = desk.view.upsert(symbol);
    market.kind = kind;
    market.relativeVolume = 2.0;
    market.ivRank = 35;
    market.changePercent = 1.0;
    market.chain = mag7Chain();
    market.sectorEtf = "XLK";
    desk.view.upsert("QQQ").changePercent = 0.0;
    desk.view.upsert("SPY").changePercent = 0.5;
    desk.view.upsert("XLK").changePercent = 0.9;
}

// The prior day and 2025-01-15 up to (not including) 10:00.
void mag7Morning(Desk &desk, const char *symbol, InstrumentKind kind = InstrumentKind::Stock)
{
    desk.fill(symbol, kind, at("2025-01-14T09:30:00-05:00"), at("2025-01-14T16:00:00-05:00"),
              99.75);
    desk.fill(symbol, kind, at("2025-01-15T09:30:00-05:00"), at("2025-01-15T10:00:00-05:00"),
              99.75);
}

// 10:00 ET on 2025-01-15 plus m minutes.
Timestamp minute(int m)
{
    return at("2025-01-15T10:00:00-05:00") + m * kNanosPerMinute;
}

} // namespace

class TestDailyPlaybooks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // ---- mag7 ----------------------------------------------------------------------------------

    void mag7BreakoutTargetAndTrail()
    {
        Desk desk({"mag7"});
        mag7Market(desk, "AAPL");
        mag7Morning(desk, "AAPL");
        QVERIFY(desk.signals.empty());
        QCOMPARE(desk.state("mag7", "AAPL"),
                 std::string("ready long: waiting for a close above the prior-day high 100.00 or "
                             "the opening-range high 100.00"));

        // 10:00 closes at 100.25 through the prior-day high 100.00.
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(0), 100.25));
        QCOMPARE(desk.signals.size(), std::size_t{1});
        const Signal entry = desk.signals[0];
        QCOMPARE(entry.side, SignalSide::Long);
        QCOMPARE(entry.playbook, std::string("mag7"));
        QCOMPARE(entry.time, at("2025-01-15T10:01:00-05:00"));
        QCOMPARE(entry.price, 100.25);
        QCOMPARE(entry.stop, 99.5);    // 100.00 - 0.5 x ATR 1.00
        QCOMPARE(entry.target, 101.0); // + 1.0 x (100.25 - 99.50)
        QCOMPARE(entry.structure, std::string("2-contract split"));
        QCOMPARE(entry.legs.size(), std::size_t{1});
        QCOMPARE(entry.legs[0].quantity, 2);
        QCOMPARE(entry.legs[0].expiry, makeDate(2025, 1, 17));
        QCOMPARE(entry.legs[0].strike, 100.0);
        QCOMPARE(entry.legs[0].right, OptionRight::Call);
        QCOMPARE(entry.legs[0].price, 1.0);
        QCOMPARE(entry.netPrice, 2.0);
        QCOMPARE(input(entry, "loss_per_contract"), 37.5); // 0.50 x 0.75 x 100
        QCOMPARE(input(entry, "rs_vs_qqq_pct"), 1.0);
        QVERIFY2(contains(entry.reason, "close 100.25 broke the prior-day high 100.00 at 10:01 "
                                        "with rvol 2.0 ≥ 1.5, IV rank 35 ≤ 60 and RS vs QQQ "
                                        "+1.0%; buy 2× 2025-01-17 100 C @ 1.00 (delta 0.50), "
                                        "stop 99.50"),
                 entry.reason.c_str());
        QVERIFY(contains(entry.reason, "risk 2×$37.50 ≤ $500"));
        QVERIFY(!entry.thresholds.empty());
        QCOMPARE(desk.state("mag7", "AAPL"),
                 std::string("long 2× 2025-01-17 100 C from 100.25, stop 99.50, target 101.00"));

        // 10:01 reaches the target: contract 1 out, contract 2 trails 1 ATR behind 101.00.
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(1), 101.0));
        QCOMPARE(desk.signals.size(), std::size_t{2});
        const Signal first = desk.signals[1];
        QCOMPARE(first.side, SignalSide::Exit);
        QVERIFY2(contains(first.reason, "contract 1 target 101.00 reached (+1.0R)"),
                 first.reason.c_str());
        QCOMPARE(first.legs.size(), std::size_t{1});
        QCOMPARE(first.legs[0].quantity, -1);
        QCOMPARE(first.legs[0].strike, 100.0);
        QCOMPARE(desk.state("mag7", "AAPL"), std::string("1 contract trailing at 100.00"));

        // Higher closes lift the trail; the pullback leaves it at 101.75 - 1.00.
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(2), 101.5));
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(3), 101.75));
        QCOMPARE(desk.state("mag7", "AAPL"), std::string("1 contract trailing at 100.75"));
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(4), 101.5));
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(5), 101.25));
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(6), 101.0));
        QCOMPARE(desk.signals.size(), std::size_t{2});
        QCOMPARE(desk.state("mag7", "AAPL"), std::string("1 contract trailing at 100.75"));
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(7), 100.75));
        QCOMPARE(desk.signals.size(), std::size_t{3});
        const Signal second = desk.signals[2];
        QCOMPARE(second.side, SignalSide::Exit);
        QCOMPARE(second.time, at("2025-01-15T10:08:00-05:00"));
        QVERIFY2(contains(second.reason, "contract 2 trailing stop 100.75 hit"),
                 second.reason.c_str());
        QCOMPARE(input(second, "best_close"), 101.75);
        QCOMPARE(second.legs[0].quantity, -1);

        // Flat, and the long is used up for the day: a new break does not fire.
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(8), 101.25));
        QCOMPARE(desk.signals.size(), std::size_t{3});
        QCOMPARE(desk.state("mag7", "AAPL"), std::string("long already taken today"));
    }

    void mag7StopOut()
    {
        Desk desk({"mag7"});
        mag7Market(desk, "NVDA");
        mag7Morning(desk, "NVDA");
        desk.add("NVDA", InstrumentKind::Stock, bar(minute(0), 100.25));
        QCOMPARE(desk.signals.size(), std::size_t{1});
        desk.add("NVDA", InstrumentKind::Stock, bar(minute(1), 100.0));
        desk.add("NVDA", InstrumentKind::Stock, bar(minute(2), 99.75));
        QCOMPARE(desk.signals.size(), std::size_t{1});
        desk.add("NVDA", InstrumentKind::Stock, bar(minute(3), 99.5));
        QCOMPARE(desk.signals.size(), std::size_t{2});
        const Signal &exit = desk.signals[1];
        QCOMPARE(exit.side, SignalSide::Exit);
        QVERIFY2(contains(exit.reason, "stop 99.50 hit: both contracts out"), exit.reason.c_str());
        QCOMPARE(exit.legs.size(), std::size_t{1});
        QCOMPARE(exit.legs[0].quantity, -2);
        QCOMPARE(exit.netPrice, -2.0); // sold at the chain's mid 1.00
    }

    void mag7EndOfDayExit()
    {
        Desk desk({"mag7"});
        mag7Market(desk, "MSFT");
        mag7Morning(desk, "MSFT");
        desk.add("MSFT", InstrumentKind::Stock, bar(minute(0), 100.25));
        desk.fill("MSFT", InstrumentKind::Stock, minute(1), at("2025-01-15T15:54:00-05:00"), 100.5);
        QCOMPARE(desk.signals.size(), std::size_t{1});
        desk.add("MSFT", InstrumentKind::Stock, bar(at("2025-01-15T15:54:00-05:00"), 100.5));
        QCOMPARE(desk.signals.size(), std::size_t{2});
        QCOMPARE(desk.signals[1].side, SignalSide::Exit);
        QCOMPARE(desk.signals[1].time, at("2025-01-15T15:55:00-05:00"));
        QVERIFY2(contains(desk.signals[1].reason, "end of day 15:55: both contracts out"),
                 desk.signals[1].reason.c_str());
        QCOMPARE(desk.signals[1].legs[0].quantity, -2);
    }

    void mag7ShortBreaksPriorDayLow()
    {
        Desk desk({"mag7"});
        mag7Market(desk, "TSLA");
        desk.view.upsert("TSLA").changePercent = -1.2;
        desk.fill("TSLA", InstrumentKind::Stock, at("2025-01-14T09:30:00-05:00"),
                  at("2025-01-14T16:00:00-05:00"), 99.75);
        desk.fill("TSLA", InstrumentKind::Stock, at("2025-01-15T09:30:00-05:00"),
                  at("2025-01-15T09:57:00-05:00"), 99.75);
        desk.add("TSLA", InstrumentKind::Stock, bar(at("2025-01-15T09:57:00-05:00"), 99.5));
        desk.add("TSLA", InstrumentKind::Stock, bar(at("2025-01-15T09:58:00-05:00"), 99.25));
        desk.add("TSLA", InstrumentKind::Stock, bar(at("2025-01-15T09:59:00-05:00"), 99.0));
        QVERIFY(desk.signals.empty()); // at the prior-day low 99.00, not below it
        desk.add("TSLA", InstrumentKind::Stock, bar(minute(0), 98.75));
        QCOMPARE(desk.signals.size(), std::size_t{1});
        const Signal &s = desk.signals[0];
        QCOMPARE(s.side, SignalSide::Short);
        QCOMPARE(s.stop, 99.5);
        QCOMPARE(s.target, 98.0);
        QCOMPARE(s.legs[0].quantity, 2);
        QCOMPARE(s.legs[0].right, OptionRight::Put);
        QCOMPARE(s.legs[0].strike, 100.0);
        QVERIFY2(contains(s.reason, "broke the prior-day low 99.00"), s.reason.c_str());
    }

    void mag7NearMisses_data()
    {
        QTest::addColumn<QString>("symbol");
        QTest::addColumn<double>("rvol");
        QTest::addColumn<double>("ivRank");
        QTest::addColumn<double>("change");
        QTest::addColumn<double>("risk");
        QTest::addColumn<std::string>("state");
        QTest::newRow("thin volume")
            << "AAPL" << 1.3 << 35.0 << 1.0 << 500.0 << std::string("waiting: rvol 1.3 < 1.5");
        QTest::newRow("rich options")
            << "AAPL" << 2.0 << 70.0 << 1.0 << 500.0 << std::string("waiting: IV rank 70 > 60");
        QTest::newRow("in line with QQQ") << "AAPL" << 2.0 << 35.0 << 0.2 << 500.0
                                          << std::string("waiting: RS vs QQQ +0.2% inside ±0.5%");
        QTest::newRow("risk too large")
            << "AAPL" << 2.0 << 35.0 << 1.0 << 70.0 << std::string("skipped: risk 2×$37.50 > $70");
        QTest::newRow("not a MAG7 name")
            << "SPY" << 2.0 << 35.0 << 1.0 << 500.0
            << std::string("not a MAG7 name (AAPL MSFT GOOGL AMZN NVDA TSLA META)");
    }

    void mag7NearMisses()
    {
        QFETCH(QString, symbol);
        QFETCH(double, rvol);
        QFETCH(double, ivRank);
        QFETCH(double, change);
        QFETCH(double, risk);
        QFETCH(std::string, state);
        const std::string name = symbol.toStdString();
        const InstrumentKind kind = name == "SPY" ? InstrumentKind::Etf : InstrumentKind::Stock;
        Desk desk({"mag7"});
        mag7Market(desk, name.c_str(), kind);
        SymbolMarket &market = desk.view.upsert(name);
        market.relativeVolume = rvol;
        market.ivRank = ivRank;
        market.changePercent = change;
        QVERIFY(desk.playbook("mag7").setParameter("risk_dollars", risk).ok());
        mag7Morning(desk, name.c_str(), kind);
        desk.add(name.c_str(), kind, bar(minute(0), 100.25));
        QVERIFY(desk.signals.empty());
        QCOMPARE(desk.state("mag7", name.c_str()), state);
        desk.add(name.c_str(), kind, bar(minute(1), 100.5));
        QVERIFY(desk.signals.empty());
    }

    // ---- meic ----------------------------------------------------------------------------------

    void meicEntriesThroughTheAfternoon()
    {
        Desk desk({"meic"});
        SymbolMarket &spy = desk.view.upsert("SPY");
        spy.kind = InstrumentKind::Etf;
        spy.ivRank = 35;
        auto condorChain = [](Date date, double shortCallMid) {
            return chain(590.0, {expiry(date, 0,
                                        {{580, 10.10, 0.90, 0.12, -0.04},
                                         {585, 5.30, 0.80, 0.45, -0.10},
                                         {590, 1.90, 0.50, 1.80, -0.50},
                                         {595, shortCallMid, 0.10, 5.50, -0.85},
                                         {600, 0.10, 0.04, 10.20, -0.95}})});
        };
        const Date day1 = makeDate(2025, 1, 15);
        spy.chain = condorChain(day1, 0.40);
        const auto kEtf = InstrumentKind::Etf;
        desk.fill("SPY", kEtf, at("2025-01-15T11:30:00-05:00"), at("2025-01-15T11:59:00-05:00"),
                  590);
        QVERIFY(desk.signals.empty());
        QCOMPARE(desk.state("meic", "SPY"), std::string("first entry at 12:00"));
        desk.fill("SPY", kEtf, at("2025-01-15T11:59:00-05:00"), at("2025-01-15T12:45:00-05:00"),
                  590);
        QCOMPARE(desk.signals.size(), std::size_t{2});
        const Signal &first = desk.signals[0];
        QCOMPARE(first.time, at("2025-01-15T12:00:00-05:00"));
        QCOMPARE(first.side, SignalSide::Short);
        QCOMPARE(first.structure, std::string("iron condor"));
        QCOMPARE(first.legs.size(), std::size_t{4});
        QCOMPARE(first.legs[0].quantity, -1);
        QCOMPARE(first.legs[0].strike, 595.0);
        QCOMPARE(first.legs[0].right, OptionRight::Call);
        QCOMPARE(first.legs[1].quantity, 1);
        QCOMPARE(first.legs[1].strike, 600.0);
        QCOMPARE(first.legs[2].quantity, -1);
        QCOMPARE(first.legs[2].strike, 585.0);
        QCOMPARE(first.legs[2].right, OptionRight::Put);
        QCOMPARE(first.legs[3].quantity, 1);
        QCOMPARE(first.legs[3].strike, 580.0);
        QCOMPARE(first.legs[0].expiry, day1);
        QVERIFY(std::abs(first.netPrice + 0.63) < 1e-9);
        QVERIFY2(contains(first.reason, "entry 1 of 6 at 12:00: sell the 0DTE 595/600 call "
                                        "spread and 585/580 put spread for 0.63 credit"),
                 first.reason.c_str());
        QCOMPARE(desk.signals[1].time, at("2025-01-15T12:30:00-05:00"));
        QVERIFY(contains(desk.signals[1].reason, "entry 2 of 6 at 12:30"));

        // 13:00: the short call pays 0.27, the condor 0.50: skipped.
        spy.chain = condorChain(day1, 0.27);
        desk.fill("SPY", kEtf, at("2025-01-15T12:45:00-05:00"), at("2025-01-15T13:15:00-05:00"),
                  590);
        QCOMPARE(desk.signals.size(), std::size_t{2});
        QCOMPARE(desk.state("meic", "SPY"),
                 std::string("entry 3 of 6 at 13:00 skipped: credit 0.50 < 0.60"));

        // Entries 4-6 at 13:30, 14:00 and 14:30, then no more.
        spy.chain = condorChain(day1, 0.40);
        desk.fill("SPY", kEtf, at("2025-01-15T13:15:00-05:00"), at("2025-01-15T15:30:00-05:00"),
                  590);
        QCOMPARE(desk.signals.size(), std::size_t{5});
        QCOMPARE(desk.signals[2].time, at("2025-01-15T13:30:00-05:00"));
        QVERIFY(contains(desk.signals[2].reason, "entry 4 of 6 at 13:30"));
        QCOMPARE(desk.signals[4].time, at("2025-01-15T14:30:00-05:00"));
        QVERIFY(contains(desk.signals[4].reason, "entry 6 of 6 at 14:30"));
        QCOMPARE(desk.state("meic", "SPY"), std::string("done for the day: 5 of 6 entries taken"));

        // The next day starts again at entry 1; a low IV rank skips entry 2.
        const Date day2 = makeDate(2025, 1, 16);
        spy.chain = condorChain(day2, 0.40);
        desk.fill("SPY", kEtf, at("2025-01-16T11:50:00-05:00"), at("2025-01-16T12:15:00-05:00"),
                  590);
        QCOMPARE(desk.signals.size(), std::size_t{6});
        QCOMPARE(desk.signals[5].time, at("2025-01-16T12:00:00-05:00"));
        QVERIFY(contains(desk.signals[5].reason, "entry 1 of 6 at 12:00"));
        QCOMPARE(desk.signals[5].legs[0].expiry, day2);
        spy.ivRank = 15;
        desk.fill("SPY", kEtf, at("2025-01-16T12:15:00-05:00"), at("2025-01-16T12:45:00-05:00"),
                  590);
        QCOMPARE(desk.signals.size(), std::size_t{6});
        QCOMPARE(desk.state("meic", "SPY"),
                 std::string("entry 2 of 6 at 12:30 skipped: IV rank 15 < 20"));
    }

    void meicNeedsASameDayExpiry()
    {
        Desk desk({"meic"});
        SymbolMarket &aapl = desk.view.upsert("AAPL");
        aapl.ivRank = 35;
        aapl.chain = mag7Chain(); // nearest expiry 2 days out
        desk.fill("AAPL", InstrumentKind::Stock, at("2025-01-15T11:50:00-05:00"),
                  at("2025-01-15T13:00:00-05:00"), 100);
        QVERIFY(desk.signals.empty());
        QCOMPARE(desk.state("meic", "AAPL"), std::string("no 0DTE expiry today"));

        Desk bare({"meic"}); // no market view at all
        bare.runner
            .addBar("SPY", InstrumentKind::Etf, bar(at("2025-01-15T12:00:00-05:00"), 590),
                    bare.signals)
            .ok();
        QVERIFY(bare.signals.empty());
        QCOMPARE(bare.state("meic", "SPY"), std::string("no option chain"));
    }

    // ---- gamma-scalp ---------------------------------------------------------------------------

    void gammaScalpEntryAndHedges()
    {
        Desk desk({"gamma-scalp"});
        SymbolMarket &msft = gammaMarket(desk, 22);
        const auto kStock = InstrumentKind::Stock;
        desk.add("MSFT", kStock, bar(at("2025-01-15T10:00:00-05:00"), 100.0));
        QCOMPARE(desk.signals.size(), std::size_t{1});
        const Signal entry = desk.signals[0];
        QCOMPARE(entry.side, SignalSide::Long);
        QCOMPARE(entry.structure, std::string("long straddle, delta-hedged"));
        QCOMPARE(entry.legs.size(), std::size_t{3});
        QCOMPARE(entry.legs[0].expiry, makeDate(2025, 2, 21)); // first expiry 7-45 DTE
        QCOMPARE(entry.legs[0].strike, 100.0);
        QCOMPARE(entry.legs[0].right, OptionRight::Call);
        QCOMPARE(entry.legs[0].quantity, 1);
        QCOMPARE(entry.legs[1].right, OptionRight::Put);
        QCOMPARE(entry.legs[1].quantity, 1);
        QVERIFY(entry.legs[2].shares);
        QCOMPARE(entry.legs[2].quantity, -8); // straddle delta +0.54 - 0.46 = +0.08
        QCOMPARE(entry.netPrice, 5.8);
        QVERIFY2(contains(entry.reason, "IV rank 22 < 30 and ATM IV 12.0% cheap against 1.00 × "
                                        "GARCH 7d forecast"),
                 entry.reason.c_str());
        QVERIFY(contains(entry.reason, "buy the 2025-02-21 100 straddle for 5.80"));
        QVERIFY(input(entry, "realized_20d") > 0.12);

        // Nothing to do while the delta stays inside the band.
        desk.add("MSFT", kStock, bar(at("2025-01-15T10:01:00-05:00"), 100.0));
        QCOMPARE(desk.signals.size(), std::size_t{1});

        // Spot 102: the straddle's delta is +0.40, the position's +0.32: sell 32 shares.
        msft.chain = gammaChain(0.70, -0.30);
        desk.add("MSFT", kStock, bar(at("2025-01-15T10:02:00-05:00"), 102.0));
        QCOMPARE(desk.signals.size(), std::size_t{2});
        const Signal hedge = desk.signals[1];
        QCOMPARE(hedge.side, SignalSide::Short);
        QCOMPARE(hedge.structure, std::string("delta hedge"));
        QCOMPARE(hedge.legs.size(), std::size_t{1});
        QVERIFY(hedge.legs[0].shares);
        QCOMPARE(hedge.legs[0].quantity, -32);
        QCOMPARE(hedge.legs[0].price, 102.0);
        QVERIFY2(contains(hedge.reason, "position delta +0.32 per straddle (straddle +0.40, -8 sh) "
                                        "beyond ±0.20: sell 32 sh, delta +0.32 -> +0.00"),
                 hedge.reason.c_str());

        // +0.50 - 0.40 = +0.10: inside the band.
        msft.chain = gammaChain(0.75, -0.25);
        desk.add("MSFT", kStock, bar(at("2025-01-15T10:03:00-05:00"), 102.5));
        QCOMPARE(desk.signals.size(), std::size_t{2});

        // Spot back down: straddle -0.30, position -0.70: buy 70 shares.
        msft.chain = gammaChain(0.35, -0.65);
        desk.add("MSFT", kStock, bar(at("2025-01-15T10:04:00-05:00"), 98.0));
        QCOMPARE(desk.signals.size(), std::size_t{3});
        QCOMPARE(desk.signals[2].side, SignalSide::Long);
        QCOMPARE(desk.signals[2].legs[0].quantity, 70);

        // IV rank 55 > 50: out of everything.
        msft.ivRank = 55;
        desk.add("MSFT", kStock, bar(at("2025-01-15T10:05:00-05:00"), 98.0));
        QCOMPARE(desk.signals.size(), std::size_t{4});
        const Signal exit = desk.signals[3];
        QCOMPARE(exit.side, SignalSide::Exit);
        QVERIFY2(contains(exit.reason, "IV rank 55 > 50"), exit.reason.c_str());
        QCOMPARE(exit.legs.size(), std::size_t{3});
        QCOMPARE(exit.legs[0].quantity, -1);
        QCOMPARE(exit.legs[1].quantity, -1);
        QCOMPARE(exit.legs[2].quantity, -30); // -8 - 32 + 70
        QCOMPARE(desk.state("gamma-scalp", "MSFT"), std::string("flat: IV rank 55 > 50"));
    }

    void gammaScalpNearMisses_data()
    {
        QTest::addColumn<double>("ivRank");
        QTest::addColumn<double>("atmIv");
        QTest::addColumn<std::string>("state");
        QTest::newRow("IV rank 40") << 40.0 << 0.12 << std::string("waiting: IV rank 40 ≥ 30");
        QTest::newRow("IV above the forecasts")
            << 22.0 << 0.90 << std::string("waiting: ATM IV 90.0% above 1.00 × GARCH 7d");
    }

    void gammaScalpNearMisses()
    {
        QFETCH(double, ivRank);
        QFETCH(double, atmIv);
        QFETCH(std::string, state);
        Desk desk({"gamma-scalp"});
        gammaMarket(desk, ivRank).atmIv30 = atmIv;
        desk.fill("MSFT", InstrumentKind::Stock, at("2025-01-15T10:00:00-05:00"),
                  at("2025-01-15T10:10:00-05:00"), 100.0);
        QVERIFY(desk.signals.empty());
        const std::string actual = desk.state("gamma-scalp", "MSFT");
        QVERIFY2(actual.rfind(state, 0) == 0, actual.c_str());
    }

    // ---- earnings ------------------------------------------------------------------------------

    void earnings_data()
    {
        QTest::addColumn<int>("daysAway");     // from today, 2025-01-27
        QTest::addColumn<int>("pastReleases"); // of the four
        QTest::addColumn<double>("callMid");   // the 2025-01-31 200 call and put
        QTest::addColumn<double>("putMid");
        QTest::addColumn<QString>("structure"); // empty: no signal
        QTest::addColumn<std::string>("text");  // in the reason, or the state when silent
        QTest::newRow("cheap")
            << 3 << 4 << 5.0 << 3.0 << "long straddle"
            << std::string("earnings in 3 days (2025-01-30): implied move 4.0% < historical "
                           "6.0% × 0.80, surprise frequency 50% (2 of 4 releases beat the "
                           "expected move): buy the 2025-01-31 200 straddle for 8.00");
        QTest::newRow("rich") << 3 << 4 << 9.0 << 8.0 << "iron butterfly"
                              << std::string("implied move 8.5% > historical 6.0% × 1.25");
        QTest::newRow("in between")
            << 3 << 4 << 6.2 << 6.0 << "" << std::string("implied 6.1% ≈ historical 6.0%: no edge");
        QTest::newRow("9 days away")
            << 9 << 4 << 5.0 << 3.0 << "" << std::string("earnings in 9 days (> 7)");
        QTest::newRow("short history")
            << 3 << 3 << 5.0 << 3.0 << "" << std::string("only 3 past releases with moves (< 4)");
    }

    void earnings()
    {
        QFETCH(int, daysAway);
        QFETCH(int, pastReleases);
        QFETCH(double, callMid);
        QFETCH(double, putMid);
        QFETCH(QString, structure);
        QFETCH(std::string, text);
        Desk desk({"earnings"});
        SymbolMarket &aapl = desk.view.upsert("AAPL");
        EarningsInfo info;
        info.next = addDays(makeDate(2025, 1, 27), daysAway);
        info.time = fromEastern(info.next, timeOfDay(16, 30)); // after the close
        const double realized[] = {0.05, 0.07, 0.04, 0.08};    // mean 6%, two beat 5%
        for (int i = 0; i < pastReleases; ++i)
            info.past.push_back({makeDate(2024, 3 * i + 1, 30), 0.05, realized[i]});
        aapl.earnings = info;
        // The 2025-01-30 expiry settles before the release; 2025-01-31 is the first after it.
        aapl.chain = chain(200.0, {expiry(makeDate(2025, 1, 30), 3, {{200, 2.0, 0.5, 2.0, -0.5}}),
                                   expiry(makeDate(2025, 1, 31), 4,
                                          {{185, 15.5, 0.90, 0.40, -0.10},
                                           {190, 11.0, 0.80, 0.90, -0.20},
                                           {195, 7.5, 0.65, 2.20, -0.35},
                                           {200, callMid, 0.50, putMid, -0.50},
                                           {205, 2.3, 0.35, 7.4, -0.65},
                                           {210, 1.0, 0.20, 11.0, -0.80},
                                           {215, 0.45, 0.10, 15.4, -0.90}})});
        desk.fill("AAPL", InstrumentKind::Stock, at("2025-01-27T10:00:00-05:00"),
                  at("2025-01-27T10:05:00-05:00"), 200.0);
        if (structure.isEmpty()) {
            QVERIFY(desk.signals.empty());
            QCOMPARE(desk.state("earnings", "AAPL"), text);
            return;
        }
        QCOMPARE(desk.signals.size(), std::size_t{1}); // once per release
        const Signal &s = desk.signals[0];
        QCOMPARE(QString::fromStdString(s.structure), structure);
        QVERIFY2(contains(s.reason, text.c_str()), s.reason.c_str());
        QCOMPARE(input(s, "days_to_earnings"), 3.0);
        QCOMPARE(input(s, "historical_move"), 0.06);
        QCOMPARE(input(s, "surprise_frequency"), 0.5);
        if (structure == "long straddle") {
            QCOMPARE(s.side, SignalSide::Long);
            QCOMPARE(s.legs.size(), std::size_t{2});
            QCOMPARE(s.legs[0].expiry, makeDate(2025, 1, 31));
            QCOMPARE(s.legs[0].quantity, 1);
            QCOMPARE(s.legs[1].quantity, 1);
            QCOMPARE(s.netPrice, 8.0);
        } else {
            // Short the 200 straddle, long the wings nearest 200 +/- 6% x 200 = 212 / 188.
            QCOMPARE(s.side, SignalSide::Short);
            QCOMPARE(s.legs.size(), std::size_t{4});
            QCOMPARE(s.legs[0].quantity, -1);
            QCOMPARE(s.legs[0].strike, 200.0);
            QCOMPARE(s.legs[1].quantity, -1);
            QCOMPARE(s.legs[1].strike, 200.0);
            QCOMPARE(s.legs[2].quantity, 1);
            QCOMPARE(s.legs[2].strike, 210.0);
            QCOMPARE(s.legs[2].right, OptionRight::Call);
            QCOMPARE(s.legs[3].quantity, 1);
            QCOMPARE(s.legs[3].strike, 190.0);
            QCOMPARE(s.legs[3].right, OptionRight::Put);
            QVERIFY(std::abs(s.netPrice + 15.1) < 1e-9); // 9 + 8 - 1.0 - 0.9
        }
    }

    // ---- ensemble ------------------------------------------------------------------------------

    void ensembleAgreementFiresOnce()
    {
        Desk desk({"ensemble"});
        ensembleMarket(desk, 1.0, 0.2, 0.9); // RS vs SPY +0.8 (bullish), vs XLK +0.1 (neutral)
        // 09:30-09:34 heavy volume at 114, then 115: above VWAP all along.
        const auto kStock = InstrumentKind::Stock;
        for (int m = 0; m < 5; ++m)
            desk.add("AAPL", kStock,
                     bar(at("2025-01-15T09:30:00-05:00") + m * kNanosPerMinute, 114.0, 100000));
        QCOMPARE(desk.signals.size(), std::size_t{1}); // scored at the first bar, 09:31
        const Signal s = desk.signals[0];
        QCOMPARE(s.playbook, std::string("ensemble"));
        QCOMPARE(s.side, SignalSide::Long);
        QCOMPARE(s.time, at("2025-01-15T09:31:00-05:00"));
        QCOMPARE(s.confidence, 5.0 / 6.0);
        QVERIFY2(contains(s.reason, "bullish 5 of 6 agree (confidence 0.83): momentum 5d +1.3%, "
                                    "momentum 20d +8.6%, RSI 100.0, close 114.00 above VWAP "
                                    "113.83, RS vs SPY +0.8%, RS vs XLK +0.1% (neutral); rvol 1.4 "
                                    "(heavy)"),
                 s.reason.c_str());
        QCOMPARE(input(s, "momentum_5d"), 114.0 / 112.5 - 1);
        QCOMPARE(input(s, "momentum_5d_vote"), 1.0);
        QCOMPARE(input(s, "rs_vs_sector_pct_vote"), 0.0);
        QCOMPARE(input(s, "votes"), 6.0);
        QCOMPARE(input(s, "vote_sum"), 5.0);
        // The same direction later does not fire again.
        desk.fill("AAPL", kStock, at("2025-01-15T09:35:00-05:00"), at("2025-01-15T11:00:00-05:00"),
                  115.0);
        QCOMPARE(desk.signals.size(), std::size_t{1});
        QVERIFY2(desk.state("ensemble", "AAPL").rfind("still bullish 5 of 6 agree", 0) == 0,
                 desk.state("ensemble", "AAPL").c_str());
    }

    void ensembleMixedIsSilent()
    {
        Desk desk({"ensemble"});
        ensembleMarket(desk, 1.0, 2.0, 2.0); // RS vs SPY and XLK -1.0: bearish
        const auto kStock = InstrumentKind::Stock;
        for (int m = 0; m < 5; ++m)
            desk.add("AAPL", kStock,
                     bar(at("2025-01-15T09:30:00-05:00") + m * kNanosPerMinute, 111.0, 100000));
        // Below VWAP and the close 5 days ago, above the close 20 days ago, RSI 100.
        desk.fill("AAPL", kStock, at("2025-01-15T09:35:00-05:00"), at("2025-01-15T11:00:00-05:00"),
                  110.0);
        QVERIFY(desk.signals.empty());
        QCOMPARE(desk.state("ensemble", "AAPL"),
                 std::string("bearish 4 of 6 agree (confidence 0.33) below 0.70"));
    }

    void ensembleCountsOtherPlaybooks()
    {
        // Without the MAG7 signal: 4 of 6 agree (0.67), below 0.70 all morning.
        Desk alone({"ensemble"});
        mag7Market(alone, "AAPL");
        neutralDaily(alone.view.upsert("AAPL"));
        mag7Morning(alone, "AAPL");
        alone.add("AAPL", InstrumentKind::Stock, bar(minute(0), 100.25));
        QVERIFY(alone.signals.empty());
        QCOMPARE(alone.state("ensemble", "AAPL"),
                 std::string("bullish 4 of 6 agree (confidence 0.67) below 0.70"));

        // The MAG7 long at 10:01 is a seventh vote: 5 of 7 (0.71).
        Desk desk({"mag7", "ensemble"});
        mag7Market(desk, "AAPL");
        neutralDaily(desk.view.upsert("AAPL"));
        mag7Morning(desk, "AAPL");
        QVERIFY(desk.signals.empty());
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(0), 100.25));
        QCOMPARE(desk.signals.size(), std::size_t{2});
        QCOMPARE(desk.signals[0].playbook, std::string("mag7"));
        const Signal &s = desk.signals[1];
        QCOMPARE(s.playbook, std::string("ensemble"));
        QCOMPARE(s.side, SignalSide::Long);
        QCOMPARE(s.time, at("2025-01-15T10:01:00-05:00"));
        QCOMPARE(s.confidence, 5.0 / 7.0);
        QCOMPARE(input(s, "signal_mag7_vote"), 1.0);
        QCOMPARE(input(s, "rsi_14_vote"), 0.0);
        QVERIFY2(contains(s.reason, "bullish 5 of 7 agree (confidence 0.71)"), s.reason.c_str());
        QVERIFY(contains(s.reason, "mag7 long at 10:01"));
        // The MAG7 exit is no vote, and the ensemble's own signal does not count.
        desk.add("AAPL", InstrumentKind::Stock, bar(minute(1), 101.0));
        QCOMPARE(desk.signals.size(), std::size_t{3});
        QCOMPARE(desk.signals[2].side, SignalSide::Exit);
    }

    void ensembleBenchmarkDoesNotScoreItself_data()
    {
        QTest::addColumn<std::string>("symbol");
        QTest::addColumn<std::string>("sectorEtf");
        QTest::addColumn<double>("spyChange");
        QTest::addColumn<int>("votes");
        QTest::addColumn<std::string>("agreement");
        // SPY: momentum 5d and 20d, RSI and VWAP vote; no relative strength against itself.
        QTest::newRow("SPY") << std::string("SPY") << std::string() << 1.0 << 4
                             << std::string("bullish 4 of 4 agree (confidence 1.00): ");
        QTest::newRow("SPY, its own sector")
            << std::string("SPY") << std::string("SPY") << 1.0 << 4
            << std::string("bullish 4 of 4 agree (confidence 1.00): ");
        // XLK against SPY (+0.8%, bullish) but not against its own sector.
        QTest::newRow("XLK, its own sector")
            << std::string("XLK") << std::string("XLK") << 0.2 << 5
            << std::string("bullish 5 of 5 agree (confidence 1.00): ");
    }

    void ensembleBenchmarkDoesNotScoreItself()
    {
        QFETCH(std::string, symbol);
        QFETCH(std::string, sectorEtf);
        QFETCH(double, spyChange);
        QFETCH(int, votes);
        QFETCH(std::string, agreement);
        Desk desk({"ensemble"});
        SymbolMarket &market = desk.view.upsert(symbol);
        market.kind = InstrumentKind::Etf;
        risingDaily(market);
        market.relativeVolume = 1.4;
        market.changePercent = 1.0;
        market.sectorEtf = sectorEtf;
        if (symbol != "SPY")
            desk.view.upsert("SPY").changePercent = spyChange;
        // 09:30 heavy volume at 114: above VWAP, above the closes 5 and 20 days ago, RSI 100.
        desk.add(symbol.c_str(), InstrumentKind::Etf,
                 bar(at("2025-01-15T09:30:00-05:00"), 114.0, 100000));
        QCOMPARE(desk.signals.size(), std::size_t{1});
        const Signal &s = desk.signals[0];
        QCOMPARE(s.side, SignalSide::Long);
        QCOMPARE(s.confidence, 1.0);
        QCOMPARE(input(s, "votes"), double(votes));
        QCOMPARE(input(s, "vote_sum"), double(votes));
        QVERIFY2(contains(s.reason, agreement.c_str()), s.reason.c_str());
        const std::string self = "RS vs " + symbol;
        QVERIFY2(!contains(s.reason, self.c_str()), s.reason.c_str());
        if (symbol == "SPY") {
            QVERIFY(std::isnan(input(s, "rs_vs_spy_pct")));
            QVERIFY(std::isnan(input(s, "rs_vs_spy_pct_vote")));
        } else {
            QCOMPARE(input(s, "rs_vs_spy_pct_vote"), 1.0);
            QVERIFY2(contains(s.reason, "RS vs SPY +0.8%"), s.reason.c_str());
        }
        QVERIFY(std::isnan(input(s, "rs_vs_sector_pct")));
        QVERIFY(std::isnan(input(s, "rs_vs_sector_pct_vote")));
    }

    // ---- registration --------------------------------------------------------------------------

    void registeredWithBoundedParameters()
    {
        const auto playbooks = builtInPlaybooks();
        QVERIFY(!playbooks.empty());
        QCOMPARE(playbooks.back()->name(), std::string_view("ensemble"));
        std::vector<std::string_view> names;
        for (const auto &playbook : playbooks)
            names.push_back(playbook->name());
        std::sort(names.begin(), names.end());
        QVERIFY(std::adjacent_find(names.begin(), names.end()) == names.end());
        for (const char *name : {"mag7", "meic", "gamma-scalp", "earnings", "ensemble"}) {
            auto playbook = makePlaybook(name);
            QVERIFY2(playbook, name);
            QVERIFY(!playbook->description().empty());
            for (const PlaybookParameter &p : playbook->parameters()) {
                QVERIFY2(p.minimum <= p.value && p.value <= p.maximum, p.name.c_str());
                QVERIFY(!p.description.empty());
                QVERIFY(!playbook->setParameter(p.name, p.maximum + 1).ok());
            }
        }
        auto meic = makePlaybook("meic");
        QCOMPARE(meic->parameter("first_entry"), 720.0);
        QCOMPARE(meic->parameter("max_entries"), 6.0);
        auto mag7 = makePlaybook("mag7");
        QCOMPARE(mag7->parameter("risk_dollars"), 500.0);
        QCOMPARE(mag7->parameter("target_delta"), 0.5);
        QCOMPARE(mag7->state("AAPL"), std::string("waiting for the regular session"));
    }

private:
    // MSFT: 80 daily closes with ~1.4% daily moves (realized near 22%), ATM IV 12%, the chain's
    // 2025-01-17 (2 DTE) and 2025-02-21 (37 DTE) expiries.
    static SymbolMarket &gammaMarket(Desk &desk, double ivRank)
    {
        SymbolMarket &market = desk.view.upsert("MSFT");
        market.ivRank = ivRank;
        market.atmIv30 = 0.12;
        double close = 100;
        for (int i = 0; i < 80; ++i) {
            close *= std::exp(0.02 * std::sin(i * 1.7));
            const Date date = addDays(makeDate(2024, 9, 1), i);
            market.daily.push_back({date, close, close * 1.01, close * 0.99, close, 1000000});
        }
        market.chain = gammaChain(0.54, -0.46);
        return market;
    }

    static std::shared_ptr<OptionChainView> gammaChain(double callDelta, double putDelta)
    {
        return chain(100.0, {expiry(makeDate(2025, 1, 17), 2, {{100, 1.0, 0.52, 0.9, -0.48}}),
                             expiry(makeDate(2025, 2, 21), 37,
                                    {{95, 6.2, 0.75, 1.1, -0.25},
                                     {100, 3.0, callDelta, 2.8, putDelta},
                                     {105, 1.2, 0.30, 5.9, -0.70}})});
    }

    // AAPL for the ensemble: 30 rising daily closes 100.00 ... 114.50 (RSI 100), relative volume
    // 1.4, the day's change against SPY's and XLK's.
    static void ensembleMarket(Desk &desk, double change, double spyChange, double xlkChange)
    {
        SymbolMarket &market = desk.view.upsert("AAPL");
        risingDaily(market);
        market.relativeVolume = 1.4;
        market.changePercent = change;
        market.sectorEtf = "XLK";
        desk.view.upsert("SPY").changePercent = spyChange;
        desk.view.upsert("XLK").changePercent = xlkChange;
    }

    // 30 rising daily closes 100.00 ... 114.50: both momenta up at 114, RSI 100.
    static void risingDaily(SymbolMarket &market)
    {
        for (int i = 0; i < 30; ++i) {
            const double close = 100 + 0.5 * i;
            market.daily.push_back(
                {addDays(makeDate(2024, 12, 1), i), close, close + 1, close - 1, close, 1000});
        }
    }

    // 30 daily closes alternating +1.00 / -0.95 up to 99.75: both momenta up, RSI near 53.
    static void neutralDaily(SymbolMarket &market)
    {
        std::vector<double> closes(30);
        closes[29] = 99.75;
        for (int i = 29; i > 0; --i)
            closes[i - 1] = closes[i] - (i % 2 == 1 ? 1.0 : -0.95);
        market.daily.clear();
        for (int i = 0; i < 30; ++i)
            market.daily.push_back({addDays(makeDate(2024, 12, 1), i), closes[i], closes[i] + 1,
                                    closes[i] - 1, closes[i], 1000});
    }
};

QTEST_GUILESS_MAIN(TestDailyPlaybooks)
#include "tst_dailyplaybooks.moc"
