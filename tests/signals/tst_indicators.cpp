// Indicators against published worked examples (StockCharts ChartSchool's EMA, RSI and ATR
// spreadsheets), hand-computed session VWAP, momentum, relative strength and relative volume,
// rolling sums that stay exact over long streams, invalid inputs, batch forms equal to streams,
// and indicators named by text.
#include "model/easterntime.h"
#include "signals/indicators.h"
#include "signals/indicatorspec.h"

#include <QTest>

#include <cmath>
#include <random>
#include <vector>

using namespace mag7;
using namespace mag7::signals;

namespace {

Bar bar(Timestamp start, double open, double high, double low, double close,
        std::int64_t volume = 0)
{
    return Bar{start, open, high, low, close, volume};
}

// A bar whose four prices are the close (for close-only series).
Bar flat(double close, Timestamp start = 0)
{
    return bar(start, close, close, close, close, 1);
}

Timestamp eastern(int y, unsigned m, unsigned d, int hour, int minute)
{
    return fromEastern(makeDate(y, m, d), timeOfDay(hour, minute));
}

// Compares a computed series with a published one: NaN exactly where the source leaves the
// cell blank, within `tolerance` elsewhere.
void compareSeries(const std::vector<double> &got, const std::vector<double> &expected,
                   double tolerance)
{
    QCOMPARE(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (std::isnan(expected[i])) {
            QVERIFY2(std::isnan(got[i]), qPrintable(QStringLiteral("row %1: expected blank, got %2")
                                                        .arg(i + 1)
                                                        .arg(got[i], 0, 'g', 10)));
            continue;
        }
        QVERIFY2(std::abs(got[i] - expected[i]) <= tolerance,
                 qPrintable(QStringLiteral("row %1: got %2, published %3")
                                .arg(i + 1)
                                .arg(got[i], 0, 'g', 10)
                                .arg(expected[i], 0, 'g', 10)));
    }
}

constexpr double kBlank = kNoValue;

// StockCharts ChartSchool, "Moving Averages - Simple and Exponential", spreadsheet
// cs-movavg.xls: 30 daily closes and the 10-day SMA and EMA columns, published to two decimals.
const std::vector<double> kMovingAverageCloses = {
    22.2734, 22.1940, 22.0847, 22.1741, 22.1840, 22.1344, 22.2337, 22.4323, 22.2436, 22.2933,
    22.1542, 22.3926, 22.3816, 22.6109, 23.3558, 24.0519, 23.7530, 23.8324, 23.9516, 23.6338,
    23.8225, 23.8722, 23.6537, 23.1870, 23.0976, 23.3260, 22.6805, 23.0976, 22.4025, 22.1725};
const std::vector<double> kPublishedSma10 = {
    kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, 22.22,
    22.21,  22.23,  22.26,  22.31,  22.42,  22.61,  22.77,  22.91,  23.08,  23.21,
    23.38,  23.53,  23.65,  23.71,  23.69,  23.61,  23.51,  23.43,  23.28,  23.13};
const std::vector<double> kPublishedEma10 = {
    kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, kBlank, 22.22,
    22.21,  22.24,  22.27,  22.33,  22.52,  22.80,  22.97,  23.13,  23.28,  23.34,
    23.43,  23.51,  23.54,  23.47,  23.40,  23.39,  23.26,  23.23,  23.08,  22.92};

// StockCharts ChartSchool, "Relative Strength Index (RSI)", spreadsheet cs-rsi.xls: 33 daily
// closes and the 14-day RSI column (Wilder's smoothing, first averages = simple means of the
// first 14 gains and losses), published to four decimals.
const std::vector<double> kRsiCloses = {
    44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433,
    46.0826, 45.8931, 46.0328, 45.6140, 46.2820, 46.2820, 46.0028, 46.0328, 46.4116,
    46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288,
    44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314};
const std::vector<double> kPublishedRsi14 = {
    kBlank,  kBlank,  kBlank,  kBlank,  kBlank,  kBlank,  kBlank,  kBlank,  kBlank,
    kBlank,  kBlank,  kBlank,  kBlank,  kBlank,  70.5328, 66.3186, 66.5498, 69.4063,
    66.3552, 57.9749, 62.9296, 63.2571, 56.0593, 62.3771, 54.7076, 50.4228, 39.9898,
    41.4605, 41.8689, 45.4632, 37.3040, 33.0795, 37.7730};

// StockCharts ChartSchool, "Average True Range (ATR)", spreadsheet cs-atr.xls: 30 daily bars
// (high, low, close), the True Range column and the 14-day ATR column (six decimals).
const std::vector<double> kAtrHigh = {48.70,   48.72, 48.90, 48.87, 48.82, 49.05, 49.20, 49.35,
                                      49.92,   50.19, 50.12, 49.66, 49.88, 50.19, 50.36, 50.57,
                                      50.65,   50.43, 49.63, 50.33, 50.29, 50.17, 49.32, 48.50,
                                      48.3201, 46.80, 47.80, 48.39, 48.66, 48.79};
const std::vector<double> kAtrLow = {47.79, 48.14,   48.39, 48.37, 48.24, 48.635, 48.94, 48.86,
                                     49.50, 49.87,   49.20, 48.90, 49.43, 49.725, 49.26, 50.09,
                                     50.30, 49.21,   48.98, 49.61, 49.20, 49.43,  48.08, 47.64,
                                     41.55, 44.2833, 47.31, 47.20, 47.90, 47.7301};
const std::vector<double> kAtrClose = {48.16, 48.61, 48.75, 48.63, 48.74,   49.03, 49.07, 49.32,
                                       49.91, 50.13, 49.53, 49.50, 49.75,   50.03, 50.31, 50.52,
                                       50.41, 49.34, 49.37, 50.23, 49.2375, 49.93, 48.43, 48.18,
                                       46.57, 45.41, 47.77, 47.72, 48.62,   47.85};
const std::vector<double> kPublishedTrueRange = {
    0.91, 0.58,   0.51, 0.50,  0.58,   0.415,  0.26, 0.49, 0.60, 0.32,
    0.93, 0.76,   0.45, 0.465, 1.10,   0.48,   0.35, 1.22, 0.65, 0.96,
    1.09, 0.9325, 1.85, 0.86,  6.7701, 2.5167, 2.39, 1.19, 0.94, 1.0599};
const std::vector<double> kPublishedAtr14 = {
    kBlank,   kBlank,   kBlank,  kBlank,   kBlank,   kBlank,  kBlank,   kBlank,
    kBlank,   kBlank,   kBlank,  kBlank,   kBlank,   0.555,   0.593929, 0.585791,
    0.568949, 0.615452, 0.61792, 0.642354, 0.674329, 0.69277, 0.775429, 0.78147,
    1.209229, 1.30262,  1.38029, 1.366698, 1.336219, 1.316482};

std::vector<Bar> atrBars()
{
    std::vector<Bar> bars;
    for (std::size_t i = 0; i < kAtrClose.size(); ++i) {
        // The spreadsheet gives no open; the close stands in (ATR does not read it).
        bars.push_back(
            bar(static_cast<Timestamp>(i), kAtrClose[i], kAtrHigh[i], kAtrLow[i], kAtrClose[i]));
    }
    return bars;
}

} // namespace

class TestIndicators : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void smaMatchesStockCharts();
    void emaMatchesStockCharts();
    void rsiMatchesStockCharts();
    void atrMatchesStockCharts();
    void rsiLimits();
    void invalidInputsAreIgnored();
    void rollingSumsStayExactOverLongStreams();
    void sessionVwapEquityAnchor();
    void sessionVwapFuturesAnchor();
    void sessionVwapCustomAnchor();
    void momentumByHand();
    void relativeStrengthByHand();
    void relativeVolumeByHand();
    void batchFormsEqualStreams();
    void dailyBarsStartAtTheOpen();
    void specsParse_data();
    void specsParse();
    void badSpecsAreClearErrors_data();
    void badSpecsAreClearErrors();
    void barIndicatorRunsEachKind();
};

void TestIndicators::smaMatchesStockCharts()
{
    compareSeries(sma(kMovingAverageCloses, 10), kPublishedSma10, 0.005);
}

void TestIndicators::emaMatchesStockCharts()
{
    const std::vector<double> values = ema(kMovingAverageCloses, 10);
    compareSeries(values, kPublishedEma10, 0.005);
    // The seed is the SMA of the first ten closes (222.2475 / 10), then alpha = 2/11.
    QCOMPARE(values[9], 22.22475);
    QVERIFY(std::abs(values[10] - (22.22475 + 2.0 / 11.0 * (22.1542 - 22.22475))) < 1e-12);
}

void TestIndicators::rsiMatchesStockCharts()
{
    compareSeries(rsi(kRsiCloses, 14), kPublishedRsi14, 1e-4);
    // The first averages are simple means of the first 14 changes: the gains add up to
    // 3.3374 and the losses to 1.3943, so AG = 0.238386 and AL = 0.099593 (the spreadsheet
    // shows 0.24 and 0.10), RS = 2.3936 and RSI = 70.5328.
    Rsi indicator(14);
    for (std::size_t i = 0; i <= 14; ++i)
        indicator.update(kRsiCloses[i]);
    QVERIFY(std::abs(indicator.averageGain() - 3.3374 / 14) < 1e-12);
    QVERIFY(std::abs(indicator.averageLoss() - 1.3943 / 14) < 1e-12);
}

void TestIndicators::atrMatchesStockCharts()
{
    const std::vector<Bar> bars = atrBars();
    double previousClose = kNoValue;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        QVERIFY2(std::abs(Atr::trueRange(bars[i], previousClose) - kPublishedTrueRange[i]) < 1e-9,
                 qPrintable(QStringLiteral("true range, row %1").arg(i + 1)));
        previousClose = bars[i].close;
    }
    compareSeries(atr(bars, 14), kPublishedAtr14, 1e-6);
}

void TestIndicators::rsiLimits()
{
    std::vector<double> rising;
    std::vector<double> falling;
    std::vector<double> still(20, 50.0);
    for (int i = 0; i < 20; ++i) {
        rising.push_back(100.0 + i);
        falling.push_back(100.0 - i);
    }
    QCOMPARE(rsi(rising, 14).back(), 100.0);
    QCOMPARE(rsi(falling, 14).back(), 0.0);
    QCOMPARE(rsi(still, 14).back(), 50.0);
    QVERIFY(std::isnan(rsi(rising, 14)[13]));
    QCOMPARE(rsi(rising, 14)[14], 100.0);
}

void TestIndicators::invalidInputsAreIgnored()
{
    Rsi withGaps(14);
    Rsi clean(14);
    double last = kNoValue;
    for (double close : kRsiCloses) {
        withGaps.update(close);
        const double before = withGaps.value();
        QCOMPARE(withGaps.update(kNoValue), before);
        QCOMPARE(withGaps.update(-1.0), before);
        QCOMPARE(withGaps.update(0.0), before);
        last = clean.update(close);
    }
    QCOMPARE(withGaps.value(), last);

    Atr atrIndicator(3);
    atrIndicator.update(bar(0, 10, 11, 9, 10));
    atrIndicator.update(bar(1, 10, 12, 9, 11));
    const double ready = atrIndicator.update(bar(2, 11, 12, 10, 11));
    QCOMPARE(ready, (2.0 + 3.0 + 2.0) / 3.0);
    QCOMPARE(atrIndicator.update(bar(3, 11, 10, 12, 11)), ready); // high below low
    QCOMPARE(atrIndicator.update(bar(3, 11, 12, 10, kNoValue)), ready);
    QVERIFY(!isValidBar(bar(0, 1, 2, 1, 1, -5))); // negative volume

    Sma average(3);
    average.update(1.0);
    average.update(kNoValue);
    average.update(2.0);
    QCOMPARE(average.update(3.0), 2.0);
}

void TestIndicators::rollingSumsStayExactOverLongStreams()
{
    // 200,000 prices near 100 with a spread of a few cents: the rolling mean and variance at
    // the end equal a direct two-pass computation over the last window.
    std::mt19937_64 random(7);
    std::normal_distribution<double> step(0.0, 0.01);
    const int window = 50;
    RollingWindow rolling(window);
    Sma average(window);
    std::vector<double> values;
    double price = 100.0;
    for (int i = 0; i < 200000; ++i) {
        price += step(random);
        values.push_back(price);
        rolling.push(price);
        average.update(price);
    }
    long double sum = 0;
    for (std::size_t i = values.size() - window; i < values.size(); ++i)
        sum += values[i];
    const double mean = static_cast<double>(sum / window);
    long double squares = 0;
    for (std::size_t i = values.size() - window; i < values.size(); ++i)
        squares += (values[i] - mean) * (values[i] - mean);
    const double variance = static_cast<double>(squares / (window - 1));
    QVERIFY(std::abs(rolling.mean() - mean) < 1e-11);
    QVERIFY(std::abs(average.value() - mean) < 1e-11);
    QVERIFY2(std::abs(rolling.sampleVariance() - variance) < 1e-10 * variance,
             qPrintable(QStringLiteral("%1 vs %2").arg(rolling.sampleVariance()).arg(variance)));
    QCOMPARE(rolling.size(), window);
    QVERIFY(rolling.full());
}

void TestIndicators::sessionVwapEquityAnchor()
{
    SessionVwap vwap(VwapAnchor::Equity);
    // Pre-market: no session yet.
    QVERIFY(std::isnan(vwap.update(bar(eastern(2025, 1, 13, 9, 29), 100, 101, 99, 100, 1000))));
    // 09:30: typical price (102 + 100 + 101) / 3 = 101.
    QCOMPARE(vwap.update(bar(eastern(2025, 1, 13, 9, 30), 100, 102, 100, 101, 100)), 101.0);
    QCOMPARE(vwap.anchor(), eastern(2025, 1, 13, 9, 30));
    // 09:31: TP 103 x 300 -> (101 x 100 + 103 x 300) / 400 = 102.5.
    QCOMPARE(vwap.update(bar(eastern(2025, 1, 13, 9, 31), 101, 104, 101, 104, 300)), 102.5);
    // No volume: unchanged.
    QCOMPARE(vwap.update(bar(eastern(2025, 1, 13, 9, 32), 104, 105, 103, 104, 0)), 102.5);
    // 15:59: TP 98 x 100 -> (41000 + 9800) / 500 = 101.6.
    QVERIFY(std::abs(vwap.update(bar(eastern(2025, 1, 13, 15, 59), 100, 100, 97, 97, 100)) -
                     101.6) < 1e-12);
    // After the close: outside the session.
    QVERIFY(std::isnan(vwap.update(bar(eastern(2025, 1, 13, 16, 0), 97, 98, 96, 97, 100))));
    // Next day: a new session starts from nothing.
    QCOMPARE(vwap.update(bar(eastern(2025, 1, 14, 9, 30), 89, 90, 88, 89, 10)), 89.0);
    // Early close (2024-11-29, the day after Thanksgiving): 13:00 is already after hours.
    QVERIFY(std::isnan(vwap.update(bar(eastern(2024, 11, 29, 13, 0), 89, 90, 88, 89, 10))));
    QCOMPARE(vwap.update(bar(eastern(2024, 11, 29, 12, 59), 89, 90, 88, 89, 10)), 89.0);
}

void TestIndicators::sessionVwapFuturesAnchor()
{
    SessionVwap vwap(VwapAnchor::Futures);
    // 16:59 on Monday 2025-01-13 belongs to the session that opened Friday 18:00 ET.
    QCOMPARE(vwap.update(bar(eastern(2025, 1, 13, 16, 59), 5999, 6000, 5998, 5999, 10)), 5999.0);
    QCOMPARE(vwap.anchor(), eastern(2025, 1, 10, 18, 0));
    // 18:00 starts the trading date of the 14th.
    QCOMPARE(vwap.update(bar(eastern(2025, 1, 13, 18, 0), 6009, 6010, 6008, 6009, 30)), 6009.0);
    QCOMPARE(vwap.anchor(), eastern(2025, 1, 13, 18, 0));
    // (6009 x 30 + 6002 x 10) / 40 = 6007.25.
    QCOMPARE(vwap.update(bar(eastern(2025, 1, 13, 18, 1), 6002, 6003, 6001, 6002, 10)), 6007.25);
    // Through the night into the equity session: same anchor.
    QVERIFY(std::abs(vwap.update(bar(eastern(2025, 1, 14, 9, 30), 6000, 6001, 5999, 6000, 40)) -
                     (6007.25 * 40 + 6000 * 40) / 80) < 1e-9);
}

void TestIndicators::sessionVwapCustomAnchor()
{
    // Sessions of two bars each.
    SessionVwap vwap([](Timestamp start) { return start - start % 2 + 1; });
    QCOMPARE(vwap.update(bar(0, 10, 10, 10, 10, 1)), 10.0);
    QCOMPARE(vwap.update(bar(1, 20, 20, 20, 20, 1)), 15.0);
    QCOMPARE(vwap.update(bar(2, 30, 30, 30, 30, 1)), 30.0);
}

void TestIndicators::momentumByHand()
{
    const std::vector<double> closes = {100, 102, 99, 105, 110};
    const std::vector<double> values = momentum(closes, 2);
    QVERIFY(std::isnan(values[0]) && std::isnan(values[1]));
    QCOMPARE(values[2], 99.0 / 100.0 - 1.0);
    QCOMPARE(values[3], 105.0 / 102.0 - 1.0);
    QCOMPARE(values[4], 110.0 / 99.0 - 1.0);

    // 5- and 20-day momentum of a series growing 1% a day: 1.01^n - 1.
    std::vector<double> growing;
    for (int i = 0; i < 40; ++i)
        growing.push_back(100.0 * std::pow(1.01, i));
    const std::vector<double> five = momentum(growing, 5);
    const std::vector<double> twenty = momentum(growing, 20);
    QVERIFY(std::isnan(five[4]) && !std::isnan(five[5]));
    QVERIFY(std::isnan(twenty[19]) && !std::isnan(twenty[20]));
    QVERIFY(std::abs(five.back() - (std::pow(1.01, 5) - 1.0)) < 1e-12);
    QVERIFY(std::abs(twenty.back() - (std::pow(1.01, 20) - 1.0)) < 1e-12);
}

void TestIndicators::relativeStrengthByHand()
{
    RelativeStrength strength(2);
    QVERIFY(std::isnan(strength.update(100, 50)));
    QVERIFY(std::isnan(strength.update(150, 55)));
    // Asset doubled, benchmark up 25%: 2 / 1.25.
    QCOMPARE(strength.update(200, 62.5), 1.6);

    // Batch form: the benchmark misses the third day, so its second close stands in.
    const Timestamp day = kNanosPerDay;
    const std::vector<Bar> asset = {flat(100, 0), flat(110, day), flat(120, 2 * day),
                                    flat(130, 3 * day)};
    const std::vector<Bar> benchmark = {flat(50, 0), flat(55, day), flat(60, 3 * day)};
    const std::vector<double> values = relativeStrength(asset, benchmark, 1);
    QVERIFY(std::isnan(values[0]));
    QCOMPARE(values[1], (110.0 / 100.0) / (55.0 / 50.0));
    QCOMPARE(values[2], (120.0 / 110.0) / (55.0 / 55.0));
    QVERIFY(std::abs(values[3] - 7150.0 / 7200.0) < 1e-15); // (130/120) / (60/55)
    // An asset bar before the benchmark's first bar has no value.
    const std::vector<Bar> late = {flat(50, day), flat(55, 2 * day)};
    QVERIFY(std::isnan(relativeStrength(asset, late, 1)[0]));
}

void TestIndicators::relativeVolumeByHand()
{
    QCOMPARE(RelativeVolume::minuteOfTradingDay(eastern(2025, 1, 13, 9, 30)), 930);
    QCOMPARE(RelativeVolume::minuteOfTradingDay(eastern(2025, 1, 13, 18, 0)), 0);
    QCOMPARE(RelativeVolume::minuteOfTradingDay(eastern(2025, 1, 13, 17, 59)), 1439);

    RelativeVolume rvol(2);
    const auto at = [&](unsigned dayOfMonth, int hour, int minute, std::int64_t volume) {
        return rvol.update(bar(eastern(2025, 1, dayOfMonth, hour, minute), 10, 10, 10, 10, volume));
    };
    // Sessions 1 and 2 (cumulative 100/300/600 and 300/500/600): warming up.
    for (const auto &[minute, volume] : {std::pair{30, 100}, {31, 200}, {32, 300}})
        QVERIFY(std::isnan(at(13, 9, minute, volume)));
    for (const auto &[minute, volume] : {std::pair{30, 300}, {31, 200}, {32, 100}})
        QVERIFY(std::isnan(at(14, 9, minute, volume)));
    QVERIFY(!rvol.ready());
    // Session 3 against the average of sessions 1 and 2: 200 / 200, 600 / 400, 600 / 600.
    QCOMPARE(at(15, 9, 30, 200), 1.0);
    QVERIFY(rvol.ready());
    QCOMPARE(at(15, 9, 31, 400), 1.5);
    QCOMPARE(at(15, 9, 32, 0), 1.0);
    // Session 4 against sessions 2 and 3 (session 1 has left the window). At 09:00 neither had
    // volume yet: no value. 09:30: (50 + 500) / ((300 + 200) / 2) = 2.2. A missing 09:31 bar,
    // then 09:32: 600 / ((600 + 600) / 2) = 1.
    QVERIFY(std::isnan(at(16, 9, 0, 50)));
    QCOMPARE(at(16, 9, 30, 500), 2.2);
    QCOMPARE(at(16, 9, 32, 50), 1.0);
}

void TestIndicators::batchFormsEqualStreams()
{
    std::mt19937_64 random(11);
    std::normal_distribution<double> step(0.0, 0.002);
    std::uniform_int_distribution<int> volume(0, 5000);
    std::vector<Bar> bars;
    double price = 200;
    Timestamp t = eastern(2025, 1, 13, 9, 30);
    for (int i = 0; i < 3000; ++i) {
        const double open = price;
        price *= std::exp(step(random));
        const double high = std::max(open, price) * (1.0 + std::abs(step(random)));
        const double low = std::min(open, price) * (1.0 - std::abs(step(random)));
        bars.push_back(bar(t, open, high, low, price, volume(random)));
        t += kNanosPerMinute;
    }
    const std::vector<double> closes = closesOf(bars);
    QCOMPARE(closes.size(), bars.size());
    Sma s(20);
    Ema e(20);
    Rsi r(14);
    Atr a(14);
    SessionVwap v(VwapAnchor::Futures);
    Momentum m(5);
    RelativeVolume rv(1);
    const auto smaValues = sma(closes, 20);
    const auto emaValues = ema(closes, 20);
    const auto rsiValues = rsi(closes, 14);
    const auto atrValues = atr(bars, 14);
    const auto vwapValues = sessionVwap(bars, VwapAnchor::Futures);
    const auto momentumValues = momentum(closes, 5);
    const auto rvolValues = relativeVolume(bars, 1);
    const auto same = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
    for (std::size_t i = 0; i < bars.size(); ++i) {
        QVERIFY(same(s.update(bars[i]), smaValues[i]));
        QVERIFY(same(e.update(bars[i]), emaValues[i]));
        QVERIFY(same(r.update(bars[i]), rsiValues[i]));
        QVERIFY(same(a.update(bars[i]), atrValues[i]));
        QVERIFY(same(v.update(bars[i]), vwapValues[i]));
        QVERIFY(same(m.update(bars[i]), momentumValues[i]));
        QVERIFY(same(rv.update(bars[i]), rvolValues[i]));
    }
    // 3000 minutes from Monday 09:30 reach into Wednesday: relative volume has values.
    QVERIFY(!std::isnan(rvolValues.back()));
}

void TestIndicators::dailyBarsStartAtTheOpen()
{
    const std::vector<DailyBar> daily = {{makeDate(2025, 1, 13), 1, 3, 0.5, 2, 100},
                                         {makeDate(2025, 7, 14), 2, 4, 1.5, 3, 200}};
    const std::vector<Bar> bars = barsFromDaily(daily);
    QCOMPARE(bars.size(), std::size_t(2));
    QCOMPARE(bars[0].start, eastern(2025, 1, 13, 9, 30));
    QCOMPARE(bars[1].start, eastern(2025, 7, 14, 9, 30));
    QCOMPARE(bars[1], bar(eastern(2025, 7, 14, 9, 30), 2, 4, 1.5, 3, 200));
}

void TestIndicators::specsParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("period");
    QTest::addColumn<QString>("name");
    QTest::newRow("sma") << "sma:20" << int(IndicatorKind::Sma) << 20 << "sma:20";
    QTest::newRow("ema") << "ema:9" << int(IndicatorKind::Ema) << 9 << "ema:9";
    QTest::newRow("rsi upper case") << " RSI:14 " << int(IndicatorKind::Rsi) << 14 << "rsi:14";
    QTest::newRow("atr") << "atr:14" << int(IndicatorKind::Atr) << 14 << "atr:14";
    QTest::newRow("momentum") << "momentum:5" << int(IndicatorKind::Momentum) << 5 << "momentum:5";
    QTest::newRow("vwap") << "vwap" << int(IndicatorKind::Vwap) << 0 << "vwap";
    QTest::newRow("vwap futures") << "vwap:futures" << int(IndicatorKind::Vwap) << 0
                                  << "vwap:futures";
    QTest::newRow("rv") << "rv:20" << int(IndicatorKind::CloseToCloseVol) << 20 << "rv:20";
    QTest::newRow("parkinson") << "parkinson:1" << int(IndicatorKind::ParkinsonVol) << 1
                               << "parkinson:1";
    QTest::newRow("gk") << "gk:10" << int(IndicatorKind::GarmanKlassVol) << 10 << "gk:10";
    QTest::newRow("yz") << "yz:30" << int(IndicatorKind::YangZhangVol) << 30 << "yz:30";
    QTest::newRow("rvol") << "rvol:20" << int(IndicatorKind::RelativeVolume) << 20 << "rvol:20";
    QTest::newRow("leading zero") << "sma:007" << int(IndicatorKind::Sma) << 7 << "sma:7";
}

void TestIndicators::specsParse()
{
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(int, period);
    QFETCH(QString, name);
    const auto spec = parseIndicatorSpec(text.toStdString());
    QVERIFY2(spec.ok(), spec.ok() ? "" : spec.message().c_str());
    QCOMPARE(int(spec->kind), kind);
    QCOMPARE(spec->period, period);
    QCOMPARE(QString::fromStdString(spec->name), name);
    QCOMPARE(spec->anchor,
             name == QLatin1String("vwap:futures") ? VwapAnchor::Futures : VwapAnchor::Equity);
}

void TestIndicators::badSpecsAreClearErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown") << "macd:12"
                             << "unknown indicator 'macd:12' (expected sma:N";
    QTest::newRow("empty") << ""
                           << "unknown indicator";
    QTest::newRow("no period") << "rsi"
                               << "rsi needs a period: rsi:N";
    QTest::newRow("empty period") << "ema:"
                                  << "ema needs a period: ema:N";
    QTest::newRow("zero") << "sma:0"
                          << "the period of sma must be a whole number from 1 to 100000";
    QTest::newRow("negative") << "atr:-3"
                              << "got '-3'";
    QTest::newRow("fraction") << "sma:2.5"
                              << "got '2.5'";
    QTest::newRow("too long") << "sma:100001"
                              << "to 100000";
    QTest::newRow("rv of one") << "rv:1"
                               << "the period of rv must be a whole number from 2";
    QTest::newRow("yz of one") << "yz:1"
                               << "from 2";
    QTest::newRow("vwap period") << "vwap:20"
                                 << "vwap takes no period";
}

void TestIndicators::badSpecsAreClearErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    const auto spec = parseIndicatorSpec(text.toStdString());
    QVERIFY(!spec.ok());
    QVERIFY2(QString::fromStdString(spec.message()).contains(message), spec.message().c_str());
}

void TestIndicators::barIndicatorRunsEachKind()
{
    // Each named indicator gives the same numbers as its class.
    std::vector<Bar> bars;
    for (std::size_t i = 0; i < kRsiCloses.size(); ++i)
        bars.push_back(flat(kRsiCloses[i], eastern(2025, 1, 13, 9, 30) +
                                               static_cast<Timestamp>(i) * kNanosPerMinute));
    BarIndicator named(parseIndicatorSpec("rsi:14").value());
    std::vector<double> values;
    for (const Bar &b : bars)
        values.push_back(named.update(b));
    compareSeries(values, kPublishedRsi14, 1e-4);
    QCOMPARE(QString::fromStdString(named.spec().name), QStringLiteral("rsi:14"));

    for (const char *text : {"sma:5", "ema:5", "atr:5", "momentum:5", "vwap", "vwap:futures",
                             "rv:5", "parkinson:5", "gk:5", "yz:5", "rvol:1"}) {
        BarIndicator indicator(parseIndicatorSpec(text).value());
        double last = kNoValue;
        for (const Bar &b : bars)
            last = indicator.update(b);
        const bool expectsValue = std::string(text) != "rvol:1"; // one session only
        QVERIFY2(std::isnan(last) != expectsValue, text);
    }
    BarIndicator ema5(parseIndicatorSpec("ema:5").value());
    Ema direct(5);
    for (const Bar &b : bars)
        QCOMPARE(ema5.update(b), direct.update(b.close));
}

QTEST_GUILESS_MAIN(TestIndicators)
#include "tst_indicators.moc"
