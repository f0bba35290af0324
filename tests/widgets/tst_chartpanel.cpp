// ChartPanel and ChartData (offscreen): history and live bars join in time order, timeframes
// aggregate them, a new quote rewrites only the forming bar and a closed minute appends one, the
// readout and crosshair read the bar under the mouse, prior-day / 3-day levels and the GEX flip
// and walls are drawn at their prices, keyboard pan/zoom/follow, and the state round trip.
#include "chartdata.h"
#include "chartpanel.h"
#include "customplot.h"
#include "linkgroups.h"
#include "model/easterntime.h"
#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::ChartData;
using mag7::widgets::ChartPanel;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

// Two previous sessions of regular-hours minute bars (09:30-15:59), price 100 + minute / 100.
std::shared_ptr<PriceHistory> makeHistory()
{
    auto history = std::make_shared<PriceHistory>();
    std::vector<Bar> bars;
    for (const char *open : {"2025-01-13T09:30:00-05:00", "2025-01-14T09:30:00-05:00"}) {
        const Timestamp start = at(open);
        for (int m = 0; m < 390; ++m) {
            const double price = 100 + m / 100.0;
            bars.push_back({start + m * kNanosPerMinute, price, price + 0.05, price - 0.05,
                            price + 0.01, 1000});
        }
    }
    history->minutes = withTypicalPriceVwap(std::move(bars), InstrumentKind::Etf);
    history->daily = {{makeDate(2025, 1, 10), 99, 106, 97, 100, 1},
                      {makeDate(2025, 1, 13), 100, 104, 99.95, 103.9, 390000},
                      {makeDate(2025, 1, 14), 100, 104.5, 99.5, 103.91, 390000}};
    return history;
}

struct Live {
    MinuteBars completed;
    Bar forming;
    std::uint64_t revision = 1;
};

ChartSeries makeSeries(const std::shared_ptr<PriceHistory> &history, const Live &live,
                       const char *symbol = "SPY")
{
    ChartSeries series;
    series.id = 1;
    series.symbol = symbol;
    series.kind = InstrumentKind::Etf;
    series.history = history;
    series.completed = std::make_shared<MinuteBars>(live.completed);
    series.forming = live.forming;
    series.formingVwap = 101.0;
    series.hasForming = true;
    series.levels = levelsFrom(history->daily, makeDate(2025, 1, 15));
    series.revision = live.revision;
    return series;
}

Live makeLive(int completedMinutes)
{
    Live live;
    const Timestamp open = at("2025-01-15T09:30:00-05:00");
    for (int m = 0; m < completedMinutes; ++m) {
        live.completed.bars.push_back(
            {open + m * kNanosPerMinute, 101, 101.5, 100.5, 101.2, 500 + m});
        live.completed.vwap.push_back(101.0);
    }
    live.forming = {open + completedMinutes * kNanosPerMinute, 101.2, 101.4, 101.1, 101.3, 42};
    return live;
}

DeskSnapshot snapshotWith(ChartSeries series, std::shared_ptr<ChainSnapshot> chain = nullptr)
{
    DeskSnapshot snapshot;
    snapshot.charts.push_back(std::move(series));
    ChartSeries other;
    other.symbol = "QQQ";
    other.completed = std::make_shared<MinuteBars>();
    snapshot.charts.push_back(other);
    if (chain)
        snapshot.chains.push_back(chain);
    return snapshot;
}

std::shared_ptr<ChainSnapshot> makeChain()
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->symbol = "SPY";
    chain->spot = 101;
    chain->sequence = 7;
    for (int strike = 95; strike <= 107; ++strike) {
        pricing::GexLevel level;
        level.strike = strike;
        level.netGex = strike == 104 ? 5e9 : strike == 98 ? -4e9 : (strike - 100) * 1e8;
        chain->gex.levels.push_back(level);
    }
    chain->gex.flipLevel = 100.4;
    chain->gex.callWall = 104;
    chain->gex.putWall = 98;
    return chain;
}

bool hasLevel(const ChartPanel &panel, const QString &name, double price)
{
    for (const auto &level : panel.levelLines()) {
        if (level.name == name && std::abs(level.price - price) < 1e-9)
            return true;
    }
    return false;
}

} // namespace

class TestChartPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }

    void dataJoinsHistoryAndLive()
    {
        const auto history = makeHistory();
        Live live = makeLive(10);
        ChartData data;
        data.setInterval(BarInterval::Minute1);
        auto change = data.update(makeSeries(history, live));
        QVERIFY(change.rebuilt);
        QCOMPARE(data.historyCount(), std::size_t{780});
        QCOMPARE(data.size(), std::size_t{780 + 10 + 1});
        for (std::size_t i = 1; i < data.size(); ++i)
            QVERIFY(data.bars().bars[i - 1].start < data.bars().bars[i].start);
        QCOMPARE(data.bars().bars.back().close, 101.3);

        // A new quote in the forming minute: only the last bar changes.
        live.forming.close = 101.35;
        live.forming.high = 101.45;
        ++live.revision;
        change = data.update(makeSeries(history, live));
        QVERIFY(change.any && !change.rebuilt);
        QCOMPARE(change.firstChanged, data.size() - 2); // the stable last bar may merge
        QCOMPARE(data.size(), std::size_t{791});
        QCOMPARE(data.bars().bars.back().close, 101.35);

        // Unchanged revision and bars: nothing to do.
        ChartSeries same = makeSeries(history, live);
        change = data.update(same);
        QVERIFY(change.any); // new completed pointer (a fresh copy) is treated as new bars
        change = data.update(same);
        QVERIFY(!change.any);

        // The forming minute closes and a new one opens: one bar appended.
        live = makeLive(11);
        live.revision = 10;
        change = data.update(makeSeries(history, live));
        QVERIFY(!change.rebuilt);
        QCOMPARE(data.size(), std::size_t{780 + 11 + 1});
        QCOMPARE(data.bars().bars[790].close, 101.2);
        QCOMPARE(data.bars().bars.back().volume, std::int64_t{42});
    }

    void timeframesAggregate()
    {
        const auto history = makeHistory();
        const Live live = makeLive(10); // 09:30-09:39 completed, 09:40 forming
        ChartData data;
        data.setInterval(BarInterval::Minute5);
        data.update(makeSeries(history, live));
        QCOMPARE(data.historyCount(), std::size_t{2 * 78});
        QCOMPARE(data.size(), std::size_t{2 * 78 + 3}); // 09:30, 09:35, 09:40
        QCOMPARE(data.bars().bars.back().start, at("2025-01-15T09:40:00-05:00"));
        QCOMPARE(data.bars().bars[2 * 78].volume, std::int64_t{500 + 501 + 502 + 503 + 504});

        data.setInterval(BarInterval::Hour1);
        data.update(makeSeries(history, live));
        QCOMPARE(data.historyCount(), std::size_t{2 * 7}); // 09:30..15:30 buckets
        QCOMPARE(data.size(), std::size_t{2 * 7 + 1});

        data.setInterval(BarInterval::Day1);
        data.update(makeSeries(history, live));
        QCOMPARE(data.historyCount(), std::size_t{3}); // daily bars from the database
        QCOMPARE(data.size(), std::size_t{4});         // plus today
        QCOMPARE(data.bars().bars.back().open, 101.0);
        QCOMPARE(data.bars().bars.back().high, 101.5);
    }

    void panelDrawsBarsLevelsAndGex()
    {
        ChartPanel panel;
        panel.resize(1000, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setInterval(BarInterval::Minute1);
        const auto history = makeHistory();
        Live live = makeLive(10);
        panel.setSnapshot(snapshotWith(makeSeries(history, live), makeChain()));
        QCOMPARE(panel.symbol(), QStringLiteral("SPY")); // the first underlying by default
        QCOMPARE(panel.data().size(), std::size_t{791});
        auto *candles = qobject_cast<QCPFinancial *>(panel.plot()->plottable(1));
        QVERIFY(candles);
        QCOMPARE(candles->dataCount(), 791);
        QVERIFY(panel.isFollowingLive());
        // The live bar is in view at the right edge.
        QCPAxis *x = candles->keyAxis();
        QVERIFY(x->range().contains(790));
        QVERIFY(x->range().lower > 500);

        QVERIFY(hasLevel(panel, QStringLiteral("PDH"), 104.5));
        QVERIFY(hasLevel(panel, QStringLiteral("PDL"), 99.5));
        QVERIFY(hasLevel(panel, QStringLiteral("PDC"), 103.91));
        QVERIFY(hasLevel(panel, QStringLiteral("3DH"), 106.0));
        QVERIFY(hasLevel(panel, QStringLiteral("3DL"), 97.0));
        QVERIFY(hasLevel(panel, QStringLiteral("γ flip"), 100.4));
        QVERIFY(hasLevel(panel, QStringLiteral("Call wall"), 104.0));
        QVERIFY(hasLevel(panel, QStringLiteral("Put wall"), 98.0));

        // Overlays off: no lines.
        panel.setOverlays(true, false, false);
        QVERIFY(panel.levelLines().empty());
        panel.setOverlays(true, true, true);

        // Streaming: the forming bar's close moves, the candle follows, nothing else is rebuilt.
        live.forming.close = 101.38;
        ++live.revision;
        panel.setSnapshot(snapshotWith(makeSeries(history, live), makeChain()));
        QCOMPARE(candles->dataCount(), 791);
        QCOMPARE((candles->data()->constEnd() - 1)->close, 101.38);
        QVERIFY(panel.readout()->text().contains(QStringLiteral("C 101.38")));

        // Crosshair: the readout shows the bar under the mouse.
        const int index = 700;  // a history bar of 2025-01-14
        panel.plot()->replot(); // lay the axis rects out before mapping coordinates
        const QPoint pixel(static_cast<int>(x->coordToPixel(700.2)), panel.plot()->height() / 3);
        QMouseEvent move(QEvent::MouseMove, QPointF(pixel),
                         panel.plot()->mapToGlobal(QPointF(pixel)), Qt::NoButton, Qt::NoButton,
                         Qt::NoModifier);
        QCoreApplication::sendEvent(panel.plot(), &move);
        QCOMPARE(panel.readout()->text(), panel.readoutFor(index));
        QVERIFY(panel.readoutFor(index).contains(QStringLiteral("Tue 14 Jan")));
        const Bar &bar = panel.data().bars().bars[index];
        QVERIFY(panel.readoutFor(index).contains(
            QStringLiteral("O %1").arg(QString::number(bar.open, 'f', 2))));
    }

    void keyboardPanZoomAndFollow()
    {
        ChartPanel panel;
        panel.resize(900, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setInterval(BarInterval::Minute1);
        const auto history = makeHistory();
        Live live = makeLive(10);
        panel.setSnapshot(snapshotWith(makeSeries(history, live)));
        auto *candles = qobject_cast<QCPFinancial *>(panel.plot()->plottable(1));
        QCPAxis *x = candles->keyAxis();
        const double width = x->range().size();
        panel.setFocus();
        QTest::keyClick(&panel, Qt::Key_Left);
        QVERIFY(!panel.isFollowingLive());
        QVERIFY(!x->range().contains(790));
        QTest::keyClick(&panel, Qt::Key_Up); // zoom in
        QVERIFY(x->range().size() < width);
        // A new minute while scrolled back: the view stays where the trader put it.
        const QCPRange before = x->range();
        live = makeLive(11);
        live.revision = 5;
        panel.setSnapshot(snapshotWith(makeSeries(history, live)));
        QCOMPARE(x->range(), before);
        QTest::keyClick(&panel, Qt::Key_End);
        QVERIFY(panel.isFollowingLive());
        QVERIFY(x->range().contains(791));
        // Timeframe from the keyboard (Alt+2 = 5m).
        QTest::keyClick(&panel, Qt::Key_2, Qt::AltModifier);
        QCOMPARE(panel.interval(), BarInterval::Minute5);
    }

    void symbolAndStateRoundTrip()
    {
        ChartPanel panel;
        QSignalSpy spy(&panel, &ChartPanel::symbolChanged);
        const auto history = makeHistory();
        panel.setSnapshot(snapshotWith(makeSeries(history, makeLive(3))));
        panel.setSymbol(QStringLiteral("QQQ"));
        QCOMPARE(spy.count(), 2); // SPY by default, then QQQ
        panel.setSnapshot(snapshotWith(makeSeries(history, makeLive(3))));
        QCOMPARE(panel.data().size(), std::size_t{0}); // QQQ has no bars yet
        QVERIFY(panel.readout()->text().contains(QStringLiteral("no bars")));
        panel.setInterval(BarInterval::Hour1);
        panel.setOverlays(false, true, false);
        panel.linkGroupButton()->setGroup(widgets::LinkGroup::Blue);
        const QByteArray state = panel.saveState();

        ChartPanel restored;
        QVERIFY(restored.restoreState(state));
        QCOMPARE(restored.symbol(), QStringLiteral("QQQ"));
        QCOMPARE(restored.interval(), BarInterval::Hour1);
        QCOMPARE(restored.linkGroupButton()->group(), widgets::LinkGroup::Blue);
        QVERIFY(!restored.restoreState(QByteArray("garbage")));
        QCOMPARE(restored.symbol(), QStringLiteral("QQQ"));
    }
};

QTEST_MAIN(TestChartPanel)
#include "tst_chartpanel.moc"
