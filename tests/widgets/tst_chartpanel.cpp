// ChartPanel and ChartData (offscreen): history and live bars join in time order, timeframes
// aggregate them, a new quote rewrites only the forming bar and a closed minute appends one, the
// readout and crosshair read the bar under the mouse, prior-day / 3-day levels and the GEX flip
// and walls are drawn at their prices, the session levels (opening range bands, session
// highs/lows from their session's start, swing markers, delta clusters) are drawn once each with
// merged or stacked labels and switched by family, keyboard pan/zoom/follow, and the state round
// trip.
#include "chartdata.h"
#include "chartpanel.h"
#include "customplot.h"
#include "linkgroups.h"
#include "model/easterntime.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

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

// The session's levels at 09:59 after 30 live minutes (09:30-09:59): the NY opening range
// 100.5-101.5 (made at 09:30 / 09:31), the New York session high and low so far at the same
// prices, a prior-day high that differs from the database's, swings and a delta cluster.
std::shared_ptr<std::vector<signals::Level>> makeSessionLevels()
{
    using signals::LevelKind;
    auto levels = std::make_shared<std::vector<signals::Level>>();
    const Timestamp open = at("2025-01-15T09:30:00-05:00");
    auto minute = [open](int m) { return open + m * kNanosPerMinute; };
    *levels = {{LevelKind::PutWall, 98, open, true},
               {LevelKind::NyOpeningRangeLow, 100.5, minute(0), true},
               {LevelKind::NyLow, 100.5, minute(0), false},
               {LevelKind::SwingLow, 100.5, minute(15), true},
               {LevelKind::GexFlip, 100.4, open, true},
               {LevelKind::NyOpeningRangeHigh, 101.5, minute(1), true},
               {LevelKind::NyHigh, 101.5, minute(1), false},
               {LevelKind::SwingHigh, 101.5, minute(10), true},
               {LevelKind::DeltaCluster, 102, open, true},
               {LevelKind::PriorHigh, 104.6, at("2025-01-14T15:00:00-05:00"), true}};
    return levels;
}

int countLevel(const ChartPanel &panel, const QString &name)
{
    return static_cast<int>(
        std::count_if(panel.levelLines().begin(), panel.levelLines().end(),
                      [&name](const ChartPanel::Level &level) { return level.name == name; }));
}

const ChartPanel::Level *findLevel(const ChartPanel &panel, const QString &name)
{
    for (const auto &level : panel.levelLines()) {
        if (level.name == name)
            return &level;
    }
    return nullptr;
}

// A visible QCPItemLine of the plot at `price`, starting at bar edge `from` (or the left edge).
bool hasLineItem(QCustomPlot *plot, double price, double from)
{
    for (int i = 0; i < plot->itemCount(); ++i) {
        auto *line = qobject_cast<QCPItemLine *>(plot->item(i));
        if (!line || !line->visible() || std::abs(line->start->coords().y() - price) > 1e-9 ||
            std::abs(line->end->coords().y() - price) > 1e-9)
            continue;
        const bool fromEdge = line->start->typeX() == QCPItemPosition::ptAxisRectRatio;
        if (from < 0 ? fromEdge : (!fromEdge && std::abs(line->start->coords().x() - from) < 1e-9))
            return true;
    }
    return false;
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

    void sessionLevelsDrawnOnce()
    {
        using Family = ChartPanel::LevelFamily;
        ChartPanel panel;
        panel.resize(1000, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setInterval(BarInterval::Minute1);
        const auto history = makeHistory();
        Live live = makeLive(30);
        ChartSeries series = makeSeries(history, live);
        const auto levels = makeSessionLevels();
        series.sessionLevels = levels;
        auto chain = makeChain();
        chain->gex.deltaClusters = {102};
        panel.setSnapshot(snapshotWith(series, chain));
        panel.showLastBars(40);
        panel.plot()->replot();

        // Bars 0-779 are history; 780 is today's 09:30 bar.
        constexpr double kOpenEdge = 779.5;
        // The playbooks' prior-day high replaces the database's, drawn once.
        QCOMPARE(countLevel(panel, QStringLiteral("PDH")), 1);
        QVERIFY(hasLevel(panel, QStringLiteral("PDH"), 104.6));
        QVERIFY(hasLevel(panel, QStringLiteral("PDL"), 99.5)); // not in the session: database's
        // Opening range: lines from its first bar, a band over its 15 bars.
        const ChartPanel::Level *orHigh = findLevel(panel, QStringLiteral("NY ORH"));
        QVERIFY(orHigh);
        QCOMPARE(orHigh->price, 101.5);
        QCOMPARE(orHigh->from, kOpenEdge);
        QCOMPARE(orHigh->family, Family::OpeningRanges);
        QVERIFY(hasLineItem(panel.plot(), 101.5, kOpenEdge));
        QVERIFY(hasLineItem(panel.plot(), 100.5, kOpenEdge));
        QCOMPARE(panel.rangeBands().size(), std::size_t{1});
        const ChartPanel::Band band = panel.rangeBands().front();
        QCOMPARE(band.from, kOpenEdge);
        QCOMPARE(band.to, 780 + 14 + 0.5);
        QCOMPARE(band.low, 100.5);
        QCOMPARE(band.high, 101.5);
        // Session high and low from 09:30.
        const ChartPanel::Level *nyHigh = findLevel(panel, QStringLiteral("NY H"));
        QVERIFY(nyHigh);
        QCOMPARE(nyHigh->from, kOpenEdge);
        QCOMPARE(nyHigh->family, Family::Sessions);
        // Swings: markers at their bars, on the plot's swing graphs.
        QCOMPARE(panel.swingMarkers().size(), std::size_t{2});
        QVERIFY(std::any_of(panel.swingMarkers().begin(), panel.swingMarkers().end(),
                            [](const ChartPanel::Marker &m) {
                                return m.high && m.index == 790 && m.price == 101.5;
                            }));
        QVERIFY(std::any_of(panel.swingMarkers().begin(), panel.swingMarkers().end(),
                            [](const ChartPanel::Marker &m) {
                                return !m.high && m.index == 795 && m.price == 100.5;
                            }));
        bool swingGraph = false;
        for (int i = 0; i < panel.plot()->graphCount(); ++i) {
            QCPGraph *graph = panel.plot()->graph(i);
            if (graph->dataCount() == 1 && graph->data()->constBegin()->key == 790 &&
                graph->data()->constBegin()->value == 101.5)
                swingGraph = true;
        }
        QVERIFY(swingGraph);
        // GEX from the chain, each once (the session's copies are not drawn again).
        QCOMPARE(countLevel(panel, QStringLiteral("γ flip")), 1);
        QCOMPARE(countLevel(panel, QStringLiteral("Put wall")), 1);
        QCOMPARE(countLevel(panel, QStringLiteral("Δ cluster")), 1);
        QVERIFY(hasLevel(panel, QStringLiteral("Δ cluster"), 102));

        // Labels: NY ORH and NY H share a price and one label; no two labels on a side overlap.
        const auto labels = panel.levelLabels();
        QVERIFY(labels.size() >= 4);
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](const ChartPanel::LevelLabel &l) {
            return l.text.contains(QStringLiteral("NY ORH")) &&
                   l.text.contains(QStringLiteral("NY H"));
        }));
        const double labelHeight = QFontMetricsF(panel.plot()->font()).height() * 0.8;
        for (const auto &a : labels) {
            for (const auto &b : labels) {
                if (&a != &b && a.left == b.left)
                    QVERIFY2(std::abs(a.pixelBottom - b.pixelBottom) >= labelHeight,
                             qPrintable(a.text + QStringLiteral(" / ") + b.text));
            }
        }

        // Streaming quotes with the same session levels do not rebuild the levels.
        const std::size_t rebuilds = panel.levelRebuilds();
        live.forming.close = 101.25;
        ++live.revision;
        series = makeSeries(history, live);
        series.sessionLevels = levels;
        panel.setSnapshot(snapshotWith(series, chain));
        QCOMPARE(panel.levelRebuilds(), rebuilds);
        // New session levels (a closed minute) do.
        series.sessionLevels = makeSessionLevels();
        ++series.revision;
        panel.setSnapshot(snapshotWith(series, chain));
        QCOMPARE(panel.levelRebuilds(), rebuilds + 1);

        // Families switch off and back on.
        panel.setLevelFamily(Family::OpeningRanges, false);
        QVERIFY(!findLevel(panel, QStringLiteral("NY ORH")));
        QVERIFY(panel.rangeBands().empty());
        panel.setLevelFamily(Family::Swings, false);
        QVERIFY(panel.swingMarkers().empty());
        for (int i = 0; i < panel.plot()->graphCount(); ++i)
            QVERIFY(panel.plot()->graph(i)->name() == QStringLiteral("VWAP") ||
                    panel.plot()->graph(i)->dataCount() == 0);
        panel.setLevelFamily(Family::Sessions, false);
        QVERIFY(!findLevel(panel, QStringLiteral("NY H")));
        QVERIFY(!hasLineItem(panel.plot(), 101.5, kOpenEdge));
        panel.setLevelFamily(Family::Gex, false);
        QCOMPARE(countLevel(panel, QStringLiteral("γ flip")), 0);
        QCOMPARE(countLevel(panel, QStringLiteral("Δ cluster")), 0);
        QVERIFY(findLevel(panel, QStringLiteral("PDH")));
        // The Levels menu reflects the families.
        int checked = 0;
        for (QAction *action : panel.levelsButton()->menu()->actions())
            checked += action->isChecked() ? 1 : 0;
        QCOMPARE(checked, 1);

        // The families survive a state round trip.
        ChartPanel restored;
        QVERIFY(restored.restoreState(panel.saveState()));
        QVERIFY(restored.isLevelFamilyShown(Family::PriorDay));
        QVERIFY(!restored.isLevelFamilyShown(Family::OpeningRanges));
        QVERIFY(!restored.isLevelFamilyShown(Family::Sessions));
        QVERIFY(!restored.isLevelFamilyShown(Family::Swings));
        QVERIFY(!restored.isLevelFamilyShown(Family::Gex));
        restored.setInterval(BarInterval::Minute1);
        restored.setSnapshot(snapshotWith(series, chain));
        QVERIFY(findLevel(restored, QStringLiteral("PDH")));
        QVERIFY(!findLevel(restored, QStringLiteral("NY ORH")));

        // Daily bars: the intraday families are left out.
        panel.setOverlays(true, true, true);
        panel.setInterval(BarInterval::Day1);
        panel.setSnapshot(snapshotWith(series, chain));
        QVERIFY(findLevel(panel, QStringLiteral("PDH")));
        QVERIFY(!findLevel(panel, QStringLiteral("NY ORH")));
        QVERIFY(panel.swingMarkers().empty());
        QCOMPARE(countLevel(panel, QStringLiteral("γ flip")), 1);
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
