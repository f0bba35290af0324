// Statistics of the simulated market against its configuration.
//   Intraday (10 sessions of ticks, options off, vol-of-vol and jumps off so the variance is
//   pinned at its long-run level): realised vol of 5-minute mid returns per business time, the
//   sample correlations against the factor loadings, and daily volume against the configured
//   average.
//   Daily (10 years of history with the default dynamics): close-to-close vol including the
//   earnings gaps, vol clustering (autocorrelated squared returns) and the leverage effect
//   (SPY's 30-day IV rises when SPY falls).
#include "marketdata/eventcalendar.h"
#include "marketdata/factormodel.h"
#include "marketdata/simulatedmarket.h"
#include "marketdata/varianceclock.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace mag7;
using namespace mag7::marketdata;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

double correlation(const std::vector<double> &x, const std::vector<double> &y)
{
    const std::size_t n = std::min(x.size(), y.size());
    double mx = 0;
    double my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

// The simulator's intraday sample, shared by the intraday tests.
struct IntradaySample {
    UniverseConfig config;
    std::vector<std::string> symbols;
    std::map<std::string, std::vector<double>> returns;  // 5-minute regular-session log returns
    double businessYears = 0;                            // carried by those intervals
    std::map<std::string, std::map<int, double>> volume; // per trading date
    std::vector<Date> sessions;
};

const IntradaySample &intradaySample()
{
    static const IntradaySample sample = [] {
        IntradaySample s;
        s.config = defaultUniverseConfig();
        s.config.optionListingEnabled = false;
        s.config.market.volOfVol = 0;
        s.config.market.jumpsPerYear = 0;
        for (UnderlyingConfig &u : s.config.underlyings)
            u.quotesPerSecond *= 0.1; // 5-minute mids need few quotes; trades keep their rate
        InstrumentRegistry registry;
        // Sunday 17:00 so the first futures session is whole; ten sessions to Friday's close.
        const Timestamp start = at("2025-03-02T17:00:00");
        const Timestamp end = at("2025-03-14T20:00:00");
        SimulatedMarket market(s.config, registry, {31, start});
        const EventCalendar events(s.config, makeDate(2025, 1, 1), makeDate(2025, 12, 31));
        VarianceClock clock(s.config, events, makeDate(2025, 1, 1));
        for (InstrumentId id : market.underlyings()) {
            if (registry.get(id)->kind != InstrumentKind::Index)
                s.symbols.push_back(registry.get(id)->symbol);
        }
        std::map<InstrumentId, QuoteState> book;
        std::map<std::string, double> lastMid;
        TickBatch batch;
        for (Date d = makeDate(2025, 3, 3); d <= makeDate(2025, 3, 14); d = addDays(d, 1)) {
            const auto session = calendar::equitySession(d);
            if (!session)
                continue;
            s.sessions.push_back(d);
            lastMid.clear();
            for (Timestamp mark = session->regularOpen; mark <= session->regularClose;
                 mark += 5 * kNanosPerMinute) {
                batch.clear();
                market.advanceTo(mark, batch);
                for (const Tick &t : batch) {
                    book[t.instrument].apply(t);
                    if (t.isTrade()) {
                        const Instrument *instrument = registry.get(t.instrument);
                        s.volume[instrument->symbol]
                                [daysSinceEpoch(calendar::tradingDateOf(t.ts))] += t.size();
                    }
                }
                if (mark > session->regularOpen)
                    s.businessYears += clock.businessYears(mark - 5 * kNanosPerMinute, mark);
                for (const std::string &symbol : s.symbols) {
                    const QuoteState &q = book[registry.idOf(symbol)];
                    const double mid = 0.5 * toDouble(q.bid + q.ask);
                    if (mark > session->regularOpen)
                        s.returns[symbol].push_back(std::log(mid / lastMid[symbol]));
                    lastMid[symbol] = mid;
                }
            }
        }
        batch.clear();
        market.advanceTo(end, batch);
        for (const Tick &t : batch) {
            if (t.isTrade())
                s.volume[registry.get(t.instrument)->symbol]
                        [daysSinceEpoch(calendar::tradingDateOf(t.ts))] += t.size();
        }
        return s;
    }();
    return sample;
}

// Configured vol of a symbol (futures: their ETF's).
const UnderlyingConfig &source(const UniverseConfig &config, const std::string &symbol)
{
    const UnderlyingConfig *u = config.find(symbol);
    return u->kind == InstrumentKind::Future ? *config.find(u->tracks) : *u;
}

} // namespace

class TestSimulatedStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void realisedVolMatchesConfig_data();
    void realisedVolMatchesConfig();
    void correlationsMatchLoadings_data();
    void correlationsMatchLoadings();
    void dailyVolumeMatchesConfig_data();
    void dailyVolumeMatchesConfig();
    void dailyHistoryStatistics();
};

void TestSimulatedStatistics::realisedVolMatchesConfig_data()
{
    QTest::addColumn<QString>("symbol");
    for (const char *symbol : {"AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "TSLA", "META", "SPY",
                               "QQQ", "IWM", "XLK", "XLY", "XLC", "/ES", "/NQ"})
        QTest::newRow(symbol) << symbol;
}

void TestSimulatedStatistics::realisedVolMatchesConfig()
{
    QFETCH(QString, symbol);
    const IntradaySample &s = intradaySample();
    const std::vector<double> &r = s.returns.at(symbol.toStdString());
    double sum2 = 0;
    for (double x : r)
        sum2 += x * x;
    // Annualised per business year: what the configured vol means.
    const double realised = std::sqrt(sum2 / s.businessYears);
    const UnderlyingConfig &u = source(s.config, symbol.toStdString());
    const FactorModel model(s.config);
    const double diffusive =
        std::sqrt(model.name(model.nameOf(s.config.indexOf(u.symbol))).diffusiveVariance);
    const QString info = QStringLiteral("%1: %2 five-minute returns over %3 sessions, realised %4, "
                                        "configured %5, model diffusive %6")
                             .arg(symbol)
                             .arg(r.size())
                             .arg(s.sessions.size())
                             .arg(realised)
                             .arg(u.vol)
                             .arg(diffusive);
    qInfo().noquote() << info;
    QVERIFY2(r.size() >= 700, qPrintable(info));
    QVERIFY2(std::fabs(realised / u.vol - 1) < 0.2, qPrintable(info));
    QVERIFY2(std::fabs(realised / diffusive - 1) < 0.12, qPrintable(info));
}

void TestSimulatedStatistics::correlationsMatchLoadings_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("AAPL-MSFT same sector") << "AAPL"
                                           << "MSFT";
    QTest::newRow("AAPL-SPY") << "AAPL"
                              << "SPY";
    QTest::newRow("NVDA-QQQ") << "NVDA"
                              << "QQQ";
    QTest::newRow("TSLA-AMZN same sector") << "TSLA"
                                           << "AMZN";
    QTest::newRow("GOOGL-META same sector") << "GOOGL"
                                            << "META";
    QTest::newRow("AAPL-XLK") << "AAPL"
                              << "XLK";
    QTest::newRow("TSLA-XLK other sector") << "TSLA"
                                           << "XLK";
    QTest::newRow("IWM-SPY") << "IWM"
                             << "SPY";
    QTest::newRow("QQQ-SPY") << "QQQ"
                             << "SPY";
    QTest::newRow("/ES-SPY") << "/ES"
                             << "SPY";
    QTest::newRow("/NQ-QQQ") << "/NQ"
                             << "QQQ";
}

void TestSimulatedStatistics::correlationsMatchLoadings()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    const IntradaySample &s = intradaySample();
    const double sample = correlation(s.returns.at(a.toStdString()), s.returns.at(b.toStdString()));
    const FactorModel model(s.config);
    const auto nameOf = [&](const QString &symbol) {
        return model.nameOf(s.config.indexOf(source(s.config, symbol.toStdString()).symbol));
    };
    const double expected = model.diffusiveCorrelation(nameOf(a), nameOf(b));
    const QString info = QStringLiteral("%1-%2: sample %3, from the loadings %4")
                             .arg(a, b)
                             .arg(sample)
                             .arg(expected);
    qInfo().noquote() << info;
    QVERIFY2(std::fabs(sample - expected) < 0.12, qPrintable(info));
}

void TestSimulatedStatistics::dailyVolumeMatchesConfig_data()
{
    realisedVolMatchesConfig_data();
}

void TestSimulatedStatistics::dailyVolumeMatchesConfig()
{
    QFETCH(QString, symbol);
    const IntradaySample &s = intradaySample();
    const auto &perDay = s.volume.at(symbol.toStdString());
    double total = 0;
    QStringList days;
    for (Date d : s.sessions) {
        const auto it = perDay.find(daysSinceEpoch(d));
        const double v = it == perDay.end() ? 0 : it->second;
        total += v;
        days << QString::number(v, 'g', 3);
    }
    const double average = total / static_cast<double>(s.sessions.size());
    const double configured = s.config.find(symbol.toStdString())->averageDailyVolume;
    const QString info = QStringLiteral("%1: average %2 vs configured %3 (days: %4)")
                             .arg(symbol)
                             .arg(average)
                             .arg(configured)
                             .arg(days.join(' '));
    qInfo().noquote() << info;
    QVERIFY2(average > 0.8 * configured && average < 1.25 * configured, qPrintable(info));
}

void TestSimulatedStatistics::dailyHistoryStatistics()
{
    const UniverseConfig config = defaultUniverseConfig();
    HistoryOptions options;
    options.years = 10;
    options.minuteSessions = 0;
    const History history = generateHistory(config, {41, at("2025-01-13T09:30:00")}, options);
    for (const SymbolHistory &h : history.symbols) {
        const UnderlyingConfig *u = config.find(h.symbol);
        if (u->kind != InstrumentKind::Stock && u->kind != InstrumentKind::Etf)
            continue;
        std::vector<double> r;
        for (std::size_t i = 1; i < h.daily.size(); ++i)
            r.push_back(std::log(h.daily[i].close / h.daily[i - 1].close));
        double sum2 = 0;
        for (double x : r)
            sum2 += x * x;
        const double years = static_cast<double>(daysSinceEpoch(h.daily.back().date) -
                                                 daysSinceEpoch(h.daily.front().date)) /
                             365.0;
        const double realised = std::sqrt(sum2 / years);
        // Four earnings gaps a year add their variance to the configured (ex-earnings) vol.
        const double gaps = u->earnings.enabled ? 4 * u->earnings.move * u->earnings.move : 0;
        const double expected = std::sqrt(u->vol * u->vol + gaps);
        const QString info = QStringLiteral("%1: %2 daily closes, realised %3, expected %4")
                                 .arg(QString::fromStdString(h.symbol))
                                 .arg(h.daily.size())
                                 .arg(realised)
                                 .arg(expected);
        qInfo().noquote() << info;
        QVERIFY2(h.daily.size() > 2400, qPrintable(info));
        QVERIFY2(std::fabs(realised / expected - 1) < 0.2, qPrintable(info));
    }
    // SPY: clustering and the leverage effect.
    const SymbolHistory &spy =
        *std::find_if(history.symbols.begin(), history.symbols.end(),
                      [](const SymbolHistory &h) { return h.symbol == "SPY"; });
    QCOMPARE(spy.atmIv.size(), spy.daily.size());
    std::vector<double> r;
    std::vector<double> r2;
    std::vector<double> ivChange;
    for (std::size_t i = 1; i < spy.daily.size(); ++i) {
        r.push_back(std::log(spy.daily[i].close / spy.daily[i - 1].close));
        r2.push_back(r.back() * r.back());
        ivChange.push_back(std::log(spy.atmIv[i].atmIv / spy.atmIv[i - 1].atmIv));
    }
    const double leverage = correlation(r, ivChange);
    double clustering = 0;
    for (std::size_t lag = 1; lag <= 5; ++lag) {
        const std::vector<double> head(r2.begin(), r2.end() - static_cast<std::ptrdiff_t>(lag));
        const std::vector<double> tail(r2.begin() + static_cast<std::ptrdiff_t>(lag), r2.end());
        clustering += correlation(head, tail) / 5.0;
    }
    const QString info =
        QStringLiteral("SPY over %1 days: corr(return, d ln IV) %2, mean ACF(r^2, lags 1-5) %3")
            .arg(r.size())
            .arg(leverage)
            .arg(clustering);
    qInfo().noquote() << info;
    QVERIFY2(leverage < -0.4, qPrintable(info));
    QVERIFY2(clustering > 0.05, qPrintable(info));
}

QTEST_GUILESS_MAIN(TestSimulatedStatistics)
#include "tst_simulatedstatistics.moc"
