// generateHistory(): shapes and lengths, bars that respect OHLC order and the sessions, plausible
// implied vols, the U-shaped minute volume, the event list, and the hand-off to the live market
// (the last daily close is SimulatedMarket::previousClose() for the same seed and start).
#include "marketdata/simulatedmarket.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <set>

using namespace mag7;
using namespace mag7::marketdata;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

const SymbolHistory &symbol(const History &history, const std::string &name)
{
    for (const SymbolHistory &h : history.symbols) {
        if (h.symbol == name)
            return h;
    }
    qFatal("no history for %s", name.c_str());
}

const History &defaultHistory()
{
    static const History history = [] {
        QElapsedTimer timer;
        timer.start();
        History h = generateHistory(defaultUniverseConfig(), {3, at("2025-01-13T09:30:00")});
        qInfo("generateHistory (2 years daily, 20 sessions of minutes): %lld ms",
              static_cast<long long>(timer.elapsed()));
        return h;
    }();
    return history;
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shapes();
    void dailyBarsAreConsistent();
    void impliedVolsArePlausible();
    void minuteBarsFollowTheSessions();
    void minuteVolumeIsUShaped();
    void eventsCoverTheWindow();
    void lastCloseIsPreviousClose_data();
    void lastCloseIsPreviousClose();
    void deterministic();
};

void TestHistory::shapes()
{
    const History &history = defaultHistory();
    const UniverseConfig config = defaultUniverseConfig();
    QCOMPARE(history.symbols.size(), config.underlyings.size());
    for (std::size_t i = 0; i < config.underlyings.size(); ++i) {
        const SymbolHistory &h = history.symbols[i];
        const UnderlyingConfig &u = config.underlyings[i];
        QCOMPARE(h.symbol, u.symbol);
        const QString info = QStringLiteral("%1: %2 daily, %3 IV, %4 minute bars")
                                 .arg(QString::fromStdString(h.symbol))
                                 .arg(h.daily.size())
                                 .arg(h.atmIv.size())
                                 .arg(h.minuteBars.size());
        // Two years of sessions (about 502), the last one the session before the start.
        QVERIFY2(h.daily.size() >= 495 && h.daily.size() <= 510, qPrintable(info));
        QCOMPARE(h.daily.back().date, makeDate(2025, 1, 10));
        QCOMPARE(h.atmIv.size(), u.listsOptions() ? h.daily.size() : std::size_t{0});
        QVERIFY2(!h.minuteBars.empty(), qPrintable(info));
    }
}

void TestHistory::dailyBarsAreConsistent()
{
    const History &history = defaultHistory();
    for (const SymbolHistory &h : history.symbols) {
        Date previous{};
        for (const DailyBar &bar : h.daily) {
            const QString info = QStringLiteral("%1 %2: O %3 H %4 L %5 C %6 V %7")
                                     .arg(QString::fromStdString(h.symbol),
                                          QString::fromStdString(formatDate(bar.date)))
                                     .arg(bar.open)
                                     .arg(bar.high)
                                     .arg(bar.low)
                                     .arg(bar.close)
                                     .arg(bar.volume);
            QVERIFY2(calendar::isTradingDay(bar.date), qPrintable(info));
            QVERIFY2(bar.date > previous, qPrintable(info));
            QVERIFY2(bar.low > 0 && bar.low <= std::min(bar.open, bar.close) &&
                         bar.high >= std::max(bar.open, bar.close),
                     qPrintable(info));
            QVERIFY2(bar.high < bar.low * 1.5, qPrintable(info));
            QVERIFY2(h.symbol == "VIX" ? bar.volume == 0 : bar.volume > 0, qPrintable(info));
            previous = bar.date;
        }
    }
}

void TestHistory::impliedVolsArePlausible()
{
    const History &history = defaultHistory();
    for (const SymbolHistory &h : history.symbols) {
        for (std::size_t i = 0; i < h.atmIv.size(); ++i) {
            const IvPoint &p = h.atmIv[i];
            QCOMPARE(p.date, h.daily[i].date);
            const double ceiling = h.symbol == "SPY" ? 0.8 : 2.0;
            QVERIFY2(p.atmIv > 0.05 && p.atmIv < ceiling,
                     qPrintable(QStringLiteral("%1 %2: IV %3")
                                    .arg(QString::fromStdString(h.symbol),
                                         QString::fromStdString(formatDate(p.date)))
                                    .arg(p.atmIv)));
        }
    }
    // The VIX daily bars sit around the SPY IV (variance swap above the ATM with the skew).
    const SymbolHistory &spy = symbol(history, "SPY");
    const SymbolHistory &vix = symbol(history, "VIX");
    double ratio = 0;
    for (std::size_t i = 0; i < spy.atmIv.size(); ++i)
        ratio +=
            vix.daily[i].close / (100 * spy.atmIv[i].atmIv) / static_cast<double>(spy.atmIv.size());
    QVERIFY2(ratio > 1.0 && ratio < 1.4, qPrintable(QString::number(ratio)));
}

void TestHistory::minuteBarsFollowTheSessions()
{
    const History &history = defaultHistory();
    const UniverseConfig config = defaultUniverseConfig();
    std::set<Date> sessions;
    for (const SymbolHistory &h : history.symbols) {
        const UnderlyingConfig *u = config.find(h.symbol);
        Timestamp previous = 0;
        for (const Bar &bar : h.minuteBars) {
            const QString info = QStringLiteral("%1 %2: O %3 H %4 L %5 C %6 V %7")
                                     .arg(QString::fromStdString(h.symbol),
                                          QString::fromStdString(formatEasternIso(bar.start)))
                                     .arg(bar.open)
                                     .arg(bar.high)
                                     .arg(bar.low)
                                     .arg(bar.close)
                                     .arg(bar.volume);
            QVERIFY2(bar.start > previous && bar.start % kNanosPerMinute == 0, qPrintable(info));
            QVERIFY2(bar.low > 0 && bar.low <= std::min(bar.open, bar.close) &&
                         bar.high >= std::max(bar.open, bar.close),
                     qPrintable(info));
            previous = bar.start;
            if (u->kind == InstrumentKind::Future) {
                QVERIFY2(calendar::isFuturesOpen(bar.start), qPrintable(info));
            } else if (u->kind == InstrumentKind::Index) {
                const auto session = calendar::equitySession(easternDate(bar.start));
                QVERIFY2(session && bar.start >= session->regularOpen &&
                             bar.start < session->regularClose + 15 * kNanosPerMinute,
                         qPrintable(info));
            } else {
                QVERIFY2(calendar::equityPhase(bar.start) != SessionPhase::Closed,
                         qPrintable(info));
                sessions.insert(easternDate(bar.start));
            }
        }
    }
    // The 20 sessions before the start.
    QCOMPARE(sessions.size(), std::size_t{20});
    QCOMPARE(*sessions.rbegin(), makeDate(2025, 1, 10));
    // The last regular minute bar closes where the daily bar closes.
    const SymbolHistory &aapl = symbol(history, "AAPL");
    const Timestamp lastRegularMinute = at("2025-01-10T15:59:00");
    const auto it = std::find_if(aapl.minuteBars.begin(), aapl.minuteBars.end(),
                                 [&](const Bar &b) { return b.start == lastRegularMinute; });
    QVERIFY(it != aapl.minuteBars.end());
    QCOMPARE(it->close, aapl.daily.back().close);
}

void TestHistory::minuteVolumeIsUShaped()
{
    const History &history = defaultHistory();
    for (const char *name : {"AAPL", "NVDA", "SPY", "QQQ"}) {
        double open = 0;
        double midday = 0;
        double close = 0;
        double extended = 0;
        int nOpen = 0;
        int nMidday = 0;
        int nClose = 0;
        int nExtended = 0;
        for (const Bar &bar : symbol(history, name).minuteBars) {
            const LocalDateTime local = toEastern(bar.start);
            const double v = static_cast<double>(bar.volume);
            if (local.nanosOfDay < timeOfDay(9, 30) || local.nanosOfDay >= timeOfDay(16, 0)) {
                extended += v;
                ++nExtended;
            } else if (local.nanosOfDay < timeOfDay(10, 0)) {
                open += v;
                ++nOpen;
            } else if (local.nanosOfDay >= timeOfDay(15, 30)) {
                close += v;
                ++nClose;
            } else if (local.nanosOfDay >= timeOfDay(12, 0) &&
                       local.nanosOfDay < timeOfDay(14, 0)) {
                midday += v;
                ++nMidday;
            }
        }
        open /= nOpen;
        midday /= nMidday;
        close /= nClose;
        extended /= nExtended;
        const QString info =
            QStringLiteral("%1 mean minute volume: open %2, midday %3, close %4, extended %5")
                .arg(name)
                .arg(open)
                .arg(midday)
                .arg(close)
                .arg(extended);
        qInfo().noquote() << info;
        QVERIFY2(open > 1.5 * midday && close > 1.5 * midday, qPrintable(info));
        QVERIFY2(extended < 0.5 * midday, qPrintable(info));
    }
}

void TestHistory::eventsCoverTheWindow()
{
    const History &history = defaultHistory();
    int earnings = 0;
    int fomc = 0;
    int cpi = 0;
    for (const MarketEvent &e : history.events) {
        QVERIFY(e.date >= makeDate(2023, 1, 13) && e.date <= makeDate(2025, 4, 14));
        const LocalDateTime local = toEastern(e.time);
        QCOMPARE(local.date, e.date);
        switch (e.kind) {
        case MarketEventKind::Earnings:
            ++earnings;
            QVERIFY(!e.symbol.empty());
            QVERIFY2(local.nanosOfDay == timeOfDay(16, 5) || local.nanosOfDay == timeOfDay(7, 0),
                     e.symbol.c_str());
            QVERIFY(e.expectedMove > 0.02 && e.expectedMove < 0.1);
            break;
        case MarketEventKind::Fomc:
            ++fomc;
            QCOMPARE(local.nanosOfDay, timeOfDay(14, 0));
            break;
        case MarketEventKind::Cpi:
            ++cpi;
            QCOMPARE(local.nanosOfDay, timeOfDay(8, 30));
            break;
        }
    }
    // Two years and three months: about 9 quarters of 7 stocks, 18 FOMC, 27 CPI releases.
    QVERIFY2(earnings >= 7 * 8 && earnings <= 7 * 10, qPrintable(QString::number(earnings)));
    QVERIFY2(fomc >= 17 && fomc <= 20, qPrintable(QString::number(fomc)));
    QVERIFY2(cpi >= 26 && cpi <= 28, qPrintable(QString::number(cpi)));
}

void TestHistory::lastCloseIsPreviousClose_data()
{
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("previousSession");
    QTest::newRow("Monday open") << quint64{3} << "2025-01-13T09:30:00"
                                 << "2025-01-10";
    QTest::newRow("Tuesday before dawn") << quint64{4} << "2025-01-14T03:00:00"
                                         << "2025-01-13";
    QTest::newRow("evening of the previous session") << quint64{5} << "2025-01-13T19:00:00"
                                                     << "2025-01-13";
    QTest::newRow("Saturday") << quint64{6} << "2025-01-18T12:00:00"
                              << "2025-01-17";
    QTest::newRow("after MLK day") << quint64{7} << "2025-01-21T09:30:00"
                                   << "2025-01-17";
}

void TestHistory::lastCloseIsPreviousClose()
{
    QFETCH(quint64, seed);
    QFETCH(QString, start);
    QFETCH(QString, previousSession);
    const UniverseConfig config = defaultUniverseConfig();
    const SimulationOptions options{seed, at(start.toUtf8().constData())};
    HistoryOptions historyOptions;
    historyOptions.years = 1;
    historyOptions.minuteSessions = 2;
    const History history = generateHistory(config, options, historyOptions);
    InstrumentRegistry registry;
    const SimulatedMarket market(config, registry, options);
    for (const SymbolHistory &h : history.symbols) {
        QVERIFY(!h.daily.empty());
        QCOMPARE(QString::fromStdString(formatDate(h.daily.back().date)), previousSession);
        const double previous = market.previousClose(registry.idOf(h.symbol));
        QVERIFY2(h.daily.back().close == previous,
                 qPrintable(QStringLiteral("%1 from %2: history %3, market %4")
                                .arg(QString::fromStdString(h.symbol), start)
                                .arg(h.daily.back().close)
                                .arg(previous)));
    }
}

void TestHistory::deterministic()
{
    const UniverseConfig config = defaultUniverseConfig();
    HistoryOptions options;
    options.years = 1;
    options.minuteSessions = 3;
    const History a = generateHistory(config, {9, at("2025-06-02T09:30:00")}, options);
    const History b = generateHistory(config, {9, at("2025-06-02T09:30:00")}, options);
    const History c = generateHistory(config, {10, at("2025-06-02T09:30:00")}, options);
    QCOMPARE(a.symbols.size(), b.symbols.size());
    for (std::size_t i = 0; i < a.symbols.size(); ++i) {
        QVERIFY(a.symbols[i].daily == b.symbols[i].daily);
        QVERIFY(a.symbols[i].atmIv == b.symbols[i].atmIv);
        QVERIFY(a.symbols[i].minuteBars == b.symbols[i].minuteBars);
    }
    QVERIFY(a.events == b.events);
    QVERIFY(!(a.symbols[0].daily == c.symbols[0].daily));
}

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
