// Playbooks on constructed sessions: each setup fires with its reason, numbers and stop, and
// the near misses do not (a wick through the opening range, a breakout on thin volume, a sweep
// that holds beyond the level). Parameters are bounded and named in errors.
#include "model/easterntime.h"
#include "signals/playbook.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::signals;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

Bar flat(Timestamp start, double price, std::int64_t volume)
{
    return Bar{start, price, price, price, price, volume};
}

// Feeds bars to a runner holding only `playbook`, collecting signals.
struct Harness {
    PlaybookRunner runner;
    std::vector<Signal> signals;
    const char *symbol;
    InstrumentKind kind;

    Harness(const char *name, const char *sym, InstrumentKind k)
        : runner([name] {
            std::vector<std::unique_ptr<Playbook>> list;
            list.push_back(makePlaybook(name));
            return list;
        }())
        , symbol(sym)
        , kind(k)
    {}
    void add(const Bar &bar)
    {
        const Status status = runner.addBar(symbol, kind, bar, signals);
        if (!status)
            qFatal("%s", status.message().c_str());
    }
    // Flat 1-minute bars at `price` from `from` (inclusive) to `to` (exclusive).
    void fill(Timestamp from, Timestamp to, double price, std::int64_t volume)
    {
        for (Timestamp t = from; t < to; t += kNanosPerMinute)
            add(flat(t, price, volume));
    }
    Playbook &playbook() { return *runner.playbooks().front(); }
};

// SPY 2025-01-15: the 09:30-09:45 range is 100.00 - 101.00 (volume 1,000 a bar), then 100.50.
void openingRange(Harness &h)
{
    const Timestamp open = at("2025-01-15T09:30:00-05:00");
    for (int m = 0; m < 15; ++m) {
        const double mid = m % 2 == 0 ? 100.2 : 100.8;
        h.add(Bar{open + m * kNanosPerMinute, mid, m == 3 ? 101.0 : mid + 0.1,
                  m == 7 ? 100.0 : mid - 0.1, mid, 1000});
    }
    h.fill(open + 15 * kNanosPerMinute, open + 20 * kNanosPerMinute, 100.5, 1000);
}

} // namespace

class TestPlaybooks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void openingRangeBreakoutFires()
    {
        Harness h("ny-orb", "SPY", InstrumentKind::Etf);
        openingRange(h);
        QVERIFY(h.signals.empty());
        const Timestamp t = at("2025-01-15T09:50:00-05:00");
        h.add(Bar{t, 100.6, 101.4, 100.6, 101.3, 2000});
        QCOMPARE(h.signals.size(), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.side, SignalSide::Long);
        QCOMPARE(s.playbook, std::string("ny-orb"));
        QCOMPARE(s.symbol, std::string("SPY"));
        QCOMPARE(s.time, at("2025-01-15T09:51:00-05:00"));
        QCOMPARE(s.price, 101.3);
        QCOMPARE(s.stop, 100.5);   // the range's middle
        QCOMPARE(s.target, 102.0); // one range width above the high
        QVERIFY2(s.reason.find("NY opening range high 101.00 broken up") != std::string::npos,
                 s.reason.c_str());
        QVERIFY(s.reason.find("volume 2.0x") != std::string::npos);
        QVERIFY(!s.thresholds.empty());
        // Once per direction per day.
        h.add(Bar{t + kNanosPerMinute, 101.3, 101.6, 101.2, 101.5, 3000});
        QCOMPARE(h.signals.size(), std::size_t{1});
    }

    void openingRangeNearMisses()
    {
        Harness h("ny-orb", "SPY", InstrumentKind::Etf);
        openingRange(h);
        const Timestamp t = at("2025-01-15T09:50:00-05:00");
        // A wick through the high that closes inside the range.
        h.add(Bar{t, 100.6, 101.5, 100.6, 100.9, 3000});
        // A close beyond the high but inside the buffer (101.00 + 0.1 x 1.00).
        h.add(Bar{t + kNanosPerMinute, 100.9, 101.1, 100.9, 101.05, 3000});
        // A clear close beyond on thin volume (0.5x the range's average).
        h.add(Bar{t + 2 * kNanosPerMinute, 101.0, 101.4, 101.0, 101.3, 500});
        QVERIFY(h.signals.empty());
        // Past the entry window (120 minutes after 09:45) nothing counts.
        h.fill(t + 3 * kNanosPerMinute, at("2025-01-15T11:46:00-05:00"), 100.5, 1000);
        h.add(Bar{at("2025-01-15T11:46:00-05:00"), 100.6, 101.4, 100.6, 101.3, 5000});
        QVERIFY(h.signals.empty());
        QCOMPARE(QString::fromStdString(h.playbook().state("SPY")),
                 QStringLiteral("entry window closed"));
    }

    void sweepThatClosesBackInsideFires()
    {
        Harness h("ict-sweep", "/ES", InstrumentKind::Future);
        // Asia 18:00-03:00: range 4990 - 5000.
        const Timestamp asia = at("2025-01-14T18:00:00-05:00");
        h.add(Bar{asia, 4995, 5000, 4990, 4995, 100});
        h.fill(asia + kNanosPerMinute, at("2025-01-15T04:00:00-05:00"), 4995, 100);
        QVERIFY(h.signals.empty());
        // 04:00: runs the Asia high to 5003 and closes back inside at 4998.
        h.add(Bar{at("2025-01-15T04:00:00-05:00"), 4996, 5003, 4996, 4998, 800});
        QCOMPARE(h.signals.size(), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.side, SignalSide::Short);
        QCOMPARE(s.stop, 5003.0);
        QVERIFY2(s.reason.find("liquidity sweep of the Asia high 5000.00") != std::string::npos,
                 s.reason.c_str());
        QVERIFY(s.reason.find("0 bar(s) later") != std::string::npos);
    }

    void breakoutThatHoldsDoesNotFire()
    {
        Harness h("ict-sweep", "/ES", InstrumentKind::Future);
        const Timestamp asia = at("2025-01-14T18:00:00-05:00");
        h.add(Bar{asia, 4995, 5000, 4990, 4995, 100});
        h.fill(asia + kNanosPerMinute, at("2025-01-15T04:00:00-05:00"), 4995, 100);
        // Takes the Asia low and stays below for three bars: a breakout, not a sweep.
        const Timestamp t = at("2025-01-15T04:00:00-05:00");
        h.add(Bar{t, 4994, 4994, 4986, 4987, 900});
        h.add(Bar{t + kNanosPerMinute, 4987, 4988, 4985, 4986, 900});
        h.add(Bar{t + 2 * kNanosPerMinute, 4986, 4987, 4984, 4985, 900});
        h.add(Bar{t + 3 * kNanosPerMinute, 4985, 4986, 4983, 4984, 900});
        // Coming back later does not turn it into a sweep.
        h.add(Bar{t + 4 * kNanosPerMinute, 4984, 4996, 4984, 4995, 900});
        QVERIFY(h.signals.empty());
        QCOMPARE(QString::fromStdString(h.playbook().state("/ES")),
                 QStringLiteral("Asia low broken and held"));
    }

    void sweepOnlyForFutures()
    {
        Harness h("ict-sweep", "SPY", InstrumentKind::Etf);
        const Timestamp asia = at("2025-01-14T18:00:00-05:00");
        h.add(Bar{asia, 4995, 5000, 4990, 4995, 100});
        h.fill(asia + kNanosPerMinute, at("2025-01-15T04:00:00-05:00"), 4995, 100);
        h.add(Bar{at("2025-01-15T04:00:00-05:00"), 4996, 5003, 4996, 4998, 800});
        QVERIFY(h.signals.empty());
    }

    void vwapReclaim()
    {
        Harness h("ny-vwap", "AAPL", InstrumentKind::Stock);
        const Timestamp open = at("2025-01-15T09:30:00-05:00");
        h.fill(open, open + 5 * kNanosPerMinute, 100.0, 100000); // VWAP ~ 100
        h.fill(open + 5 * kNanosPerMinute, open + 17 * kNanosPerMinute, 99.0, 10);
        QVERIFY(h.signals.empty());
        h.add(flat(open + 17 * kNanosPerMinute, 100.5, 10));
        QCOMPARE(h.signals.size(), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.side, SignalSide::Long);
        QVERIFY2(s.reason.find("VWAP reclaim: close 100.50 above VWAP 100.00 after 12 closes "
                               "below it") != std::string::npos,
                 s.reason.c_str());

        // Too short a run on the other side: no reject.
        Harness short_("ny-vwap", "AAPL", InstrumentKind::Stock);
        short_.fill(open, open + 5 * kNanosPerMinute, 100.0, 100000);
        short_.fill(open + 5 * kNanosPerMinute, open + 10 * kNanosPerMinute, 101.0, 10);
        short_.add(flat(open + 10 * kNanosPerMinute, 99.0, 10));
        QVERIFY(short_.signals.empty());
    }

    void engulfingAndInsideBar()
    {
        Harness h("ny-candles", "NVDA", InstrumentKind::Stock);
        const Timestamp open = at("2025-01-15T09:30:00-05:00");
        // 09:30-09:35 bearish 101 -> 100; 09:35-09:40 bullish 99.9 -> 101.2 engulfs it.
        const double down[] = {101.0, 100.8, 100.6, 100.3, 100.0};
        for (int m = 0; m < 5; ++m)
            h.add(Bar{open + m * kNanosPerMinute, m == 0 ? 101.0 : down[m - 1],
                      std::max(m == 0 ? 101.0 : down[m - 1], down[m]) + 0.05,
                      std::min(m == 0 ? 101.0 : down[m - 1], down[m]) - 0.05, down[m], 100});
        const double up[] = {100.2, 100.6, 100.9, 101.1, 101.2};
        for (int m = 0; m < 5; ++m)
            h.add(Bar{open + (5 + m) * kNanosPerMinute, m == 0 ? 99.9 : up[m - 1], up[m] + 0.05,
                      (m == 0 ? 99.85 : up[m - 1] - 0.05), up[m], 100});
        QCOMPARE(h.signals.size(), std::size_t{1});
        QCOMPARE(h.signals[0].side, SignalSide::Long);
        QCOMPARE(h.signals[0].time, at("2025-01-15T09:40:00-05:00"));
        QVERIFY2(h.signals[0].reason.find("bullish engulfing 09:35-09:40") != std::string::npos,
                 h.signals[0].reason.c_str());

        // 09:40-09:45 an inside bar of 09:35-09:40, 09:45-09:50 closes below its low: break down.
        h.fill(open + 10 * kNanosPerMinute, open + 15 * kNanosPerMinute, 100.5, 100);
        QCOMPARE(h.signals.size(), std::size_t{1});
        h.fill(open + 15 * kNanosPerMinute, open + 19 * kNanosPerMinute, 100.2, 100);
        h.add(flat(open + 19 * kNanosPerMinute, 99.5, 100));
        QCOMPARE(h.signals.size(), std::size_t{2});
        QCOMPARE(h.signals[1].side, SignalSide::Short);
        QVERIFY2(h.signals[1].reason.find("inside-bar break down 09:45-09:50") != std::string::npos,
                 h.signals[1].reason.c_str());
    }

    void parametersAreBounded()
    {
        auto playbook = makePlaybook("ny-orb");
        QVERIFY(playbook);
        QVERIFY(playbook->setParameter("buffer", 0.25).ok());
        QCOMPARE(playbook->parameter("buffer"), 0.25);
        const Status tooBig = playbook->setParameter("buffer", 5);
        QVERIFY(!tooBig.ok());
        QVERIFY(tooBig.message().find("buffer must be in [0") != std::string::npos);
        QVERIFY(!playbook->setParameter("nope", 1).ok());
        QVERIFY(!playbook->setParameter("buffer", NAN).ok());
        QCOMPARE(playbook->parameter("buffer"), 0.25);
        QVERIFY(!makePlaybook("nothing"));
        std::vector<std::string> names;
        for (const auto &p : builtInPlaybooks()) {
            QVERIFY(!p->description().empty());
            QVERIFY(!p->parameters().empty());
            names.emplace_back(p->name());
        }
        std::sort(names.begin(), names.end());
        QVERIFY(std::adjacent_find(names.begin(), names.end()) == names.end());
    }

    void outOfOrderBarIsRefused()
    {
        PlaybookRunner runner(builtInPlaybooks());
        std::vector<Signal> out;
        const Timestamp t = at("2025-01-15T10:00:00-05:00");
        QVERIFY(runner.addBar("SPY", InstrumentKind::Etf, flat(t, 100, 1), out).ok());
        const Status older =
            runner.addBar("SPY", InstrumentKind::Etf, flat(t - kNanosPerMinute, 100, 1), out);
        QVERIFY(!older.ok());
        QVERIFY(older.message().find("SPY: bar at") != std::string::npos);
        QVERIFY(
            !runner.addBar("SPY", InstrumentKind::Etf, flat(t + kNanosPerMinute, -1, 1), out).ok());
        QVERIFY(
            runner.addBar("QQQ", InstrumentKind::Etf, flat(t, 500, 1), out).ok()); // other symbol
    }
};

QTEST_GUILESS_MAIN(TestPlaybooks)
#include "tst_playbooks.moc"
