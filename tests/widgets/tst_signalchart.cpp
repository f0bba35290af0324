// SignalChart (offscreen): the bars of the hour up to a signal, the bars after it apart (muted),
// the entry, stop and target lines at their prices, the title line; bars beyond the window do not
// redraw it; the empty states (no signal, no bars around it).
#include "customplot.h"
#include "model/easterntime.h"
#include "signalchart.h"
#include "theme.h"

#include <QApplication>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::SignalChart;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

// NVDA 1-minute bars from 12:00 for `minutes` minutes (the last one forming), price 130 + m/20.
DeskSnapshot snapshotWith(int minutes)
{
    auto completed = std::make_shared<MinuteBars>();
    const Timestamp noon = at("2025-01-15T12:00:00-05:00");
    for (int m = 0; m + 1 < minutes; ++m) {
        const double price = 130 + m / 20.0;
        completed->bars.push_back(
            {noon + m * kNanosPerMinute, price, price + 0.1, price - 0.1, price + 0.05, 1000});
        completed->vwap.push_back(price);
    }
    ChartSeries series;
    series.id = 1;
    series.symbol = "NVDA";
    series.kind = InstrumentKind::Stock;
    series.completed = completed;
    const double last = 130 + (minutes - 1) / 20.0;
    series.forming = {
        noon + (minutes - 1) * kNanosPerMinute, last, last + 0.1, last - 0.1, last, 10};
    series.hasForming = true;
    series.formingVwap = last;
    series.revision = static_cast<std::uint64_t>(minutes);
    DeskSnapshot snapshot;
    snapshot.charts.push_back(series);
    return snapshot;
}

// ny-orb long NVDA at 14:05 (completed by the 14:04 bar), entry 138.20, stop 137.50, target 140.
signals::Signal makeSignal()
{
    signals::Signal s;
    s.time = at("2025-01-15T14:05:00-05:00");
    s.symbol = "NVDA";
    s.playbook = "ny-orb";
    s.side = signals::SignalSide::Long;
    s.reason = "breakout";
    s.price = 138.2;
    s.stop = 137.5;
    s.target = 140;
    return s;
}

bool hasPriceLine(QCustomPlot *plot, double price)
{
    for (int i = 0; i < plot->itemCount(); ++i) {
        auto *line = qobject_cast<QCPItemStraightLine *>(plot->item(i));
        if (line && line->visible() && std::abs(line->point1->coords().y() - price) < 1e-9 &&
            std::abs(line->point2->coords().y() - price) < 1e-9)
            return true;
    }
    return false;
}

} // namespace

class TestSignalChart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }

    void emptyWithoutSignal()
    {
        SignalChart chart;
        chart.setSnapshot(snapshotWith(200));
        QVERIFY(chart.isEmptyState());
        QVERIFY(!chart.hasSignal());
        QVERIFY(chart.emptyText().contains(QStringLiteral("Select a signal")));

        // A signal whose symbol has no bars: said so, with the signal's title.
        signals::Signal other = makeSignal();
        other.symbol = "AMD";
        chart.showSignal(other);
        QVERIFY(chart.isEmptyState());
        QVERIFY(chart.emptyText().contains(QStringLiteral("No 1-minute bars of AMD")));
        QCOMPARE(chart.title(), QStringLiteral("14:05 ny-orb long AMD @ 138.20"));
        chart.clear();
        QVERIFY(chart.isEmptyState());
        QVERIFY(chart.emptyText().contains(QStringLiteral("Select a signal")));
    }

    void barsUpToTheSignalAndLevels()
    {
        SignalChart chart;
        chart.resize(700, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // Bars 12:00-14:19 (14:19 forming): the signal's bar is 14:04 (index 124).
        chart.setSnapshot(snapshotWith(140));
        chart.showSignal(makeSignal());
        QVERIFY(!chart.isEmptyState());
        QCOMPARE(chart.title(), QStringLiteral("14:05 ny-orb long NVDA @ 138.20"));
        QCOMPARE(chart.window().signalBar, 124);
        QCOMPARE(chart.window().first, 124 - 59); // 13:05, an hour before the signal
        QCOMPARE(chart.window().last, 139);
        auto *before = qobject_cast<QCPFinancial *>(chart.plot()->plottable(0));
        auto *after = qobject_cast<QCPFinancial *>(chart.plot()->plottable(1));
        QVERIFY(before && after);
        QCOMPARE(before->dataCount(), 60);
        QCOMPARE((before->data()->constEnd() - 1)->key, 124.0);
        QCOMPARE((before->data()->constEnd() - 1)->close, 130 + 124 / 20.0 + 0.05);
        QCOMPARE(after->dataCount(), 15);
        QVERIFY(after->brush().color() != before->brushPositive().color());
        // The marker sits at the signal's bar, under its low (a long).
        auto *marker = qobject_cast<QCPGraph *>(chart.plot()->plottable(2));
        QVERIFY(marker);
        QCOMPARE(marker->dataCount(), 1);
        QCOMPARE(marker->data()->constBegin()->key, 124.0);
        QCOMPARE(marker->data()->constBegin()->value, 130 + 124 / 20.0 - 0.1);

        QCOMPARE(chart.lines().size(), std::size_t{3});
        QCOMPARE(chart.lines()[0].name, QStringLiteral("Entry"));
        QCOMPARE(chart.lines()[0].price, 138.2);
        QCOMPARE(chart.lines()[1].price, 137.5);
        QCOMPARE(chart.lines()[2].price, 140.0);
        for (double price : {138.2, 137.5, 140.0})
            QVERIFY(hasPriceLine(chart.plot(), price));
        // Every level and bar is in view.
        const QCPRange prices = before->valueAxis()->range();
        QVERIFY(prices.contains(140.0) && prices.contains(137.5));
        QVERIFY(prices.contains(130 + 65 / 20.0 - 0.1));
        QVERIFY(before->keyAxis()->range().contains(65) &&
                before->keyAxis()->range().contains(124 + SignalChart::kMinutesAfter));

        // A bar inside the half hour after the signal redraws; one beyond it does not.
        std::size_t redraws = chart.redraws();
        chart.setSnapshot(snapshotWith(141));
        QCOMPARE(chart.redraws(), redraws + 1);
        QCOMPARE(after->dataCount(), 16);
        chart.setSnapshot(snapshotWith(160)); // through 14:39
        QCOMPARE(after->dataCount(), 30);     // 14:05-14:34
        redraws = chart.redraws();
        chart.setSnapshot(snapshotWith(161));
        QCOMPARE(chart.redraws(), redraws);
        // The same snapshot again changes nothing either.
        chart.setSnapshot(snapshotWith(161));
        QCOMPARE(chart.redraws(), redraws);

        // A short without a target: the marker above the bar, two lines.
        signals::Signal shortSignal = makeSignal();
        shortSignal.side = signals::SignalSide::Short;
        shortSignal.target = signals::kNoLevel;
        chart.showSignal(shortSignal);
        QCOMPARE(chart.lines().size(), std::size_t{2});
        QCOMPARE(marker->data()->constBegin()->value, 130 + 124 / 20.0 + 0.1);
        QVERIFY(!hasPriceLine(chart.plot(), 140.0));
    }
};

QTEST_MAIN(TestSignalChart)
#include "tst_signalchart.moc"
