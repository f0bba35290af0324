// Option chains of the simulated market: listing patterns (SPY dailies, stock weeklies and
// monthlies, Good Friday), strike spacing, the ~20k contract universe, quotes consistent with
// put-call parity and intrinsic value, open interest and volume, and the earnings IV ramp and
// crush read back from the quotes themselves.
#include "marketdata/simulatedmarket.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "model/occsymbol.h"
#include "pricing/blackscholes.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace mag7;
using namespace mag7::marketdata;

namespace {

Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}
Date date(const char *iso)
{
    return *parseDate(iso);
}

std::set<Date> expiriesOf(const InstrumentRegistry &registry, InstrumentId underlying)
{
    std::set<Date> out;
    for (const Instrument *o : registry.optionsOf(underlying))
        out.insert(o->expiry);
    return out;
}

std::set<Price> strikesOf(const InstrumentRegistry &registry, InstrumentId underlying, Date expiry)
{
    std::set<Price> out;
    for (const Instrument *o : registry.optionsOf(underlying)) {
        if (o->expiry == expiry)
            out.insert(o->strike);
    }
    return out;
}

QString dates(const std::set<Date> &set)
{
    QStringList list;
    for (Date d : set)
        list << QString::fromStdString(formatDate(d));
    return list.join(' ');
}

double mid(const QuoteState &q)
{
    return 0.5 * toDouble(q.bid + q.ask);
}

// Implied vol of a call+put straddle mid (bisection on the desk's BSM).
double straddleVol(double straddle, double spot, double strike, double years, double rate,
                   double yield)
{
    double low = 0.01;
    double high = 5.0;
    for (int i = 0; i < 100; ++i) {
        const double vol = 0.5 * (low + high);
        pricing::BsmInputs in{OptionRight::Call, spot, strike, years, vol, rate, yield};
        double value = pricing::bsmPrice(in);
        in.right = OptionRight::Put;
        value += pricing::bsmPrice(in);
        (value > straddle ? high : low) = vol;
    }
    return 0.5 * (low + high);
}

// Latest quote per instrument while the market runs, plus the underlying's recent mids.
class Book {
public:
    void apply(const TickBatch &ticks)
    {
        for (const Tick &t : ticks)
            m_state[t.instrument].apply(t);
    }
    const QuoteState &operator[](InstrumentId id) { return m_state[id]; }

private:
    std::map<InstrumentId, QuoteState> m_state;
};

// ATM straddle IV of `expiry` at the market's current time, from the quotes in `book`.
double quotedAtmVol(const SimulatedMarket &market, const InstrumentRegistry &registry, Book &book,
                    InstrumentId underlying, Date expiry, QString *detail)
{
    const double spot = mid(book[underlying]);
    const Instrument *call = nullptr;
    const Instrument *put = nullptr;
    double best = 1e9;
    for (const Instrument *o : registry.optionsOf(underlying)) {
        if (o->expiry != expiry)
            continue;
        const double distance = std::fabs(toDouble(o->strike) - spot);
        if (distance < best - 1e-9) {
            best = distance;
            call = put = nullptr;
        }
        if (std::fabs(distance - best) < 1e-9)
            (o->right == OptionRight::Call ? call : put) = o;
    }
    if (!call || !put)
        return 0;
    const double years = static_cast<double>(*calendar::regularClose(expiry) - market.time()) /
                         (365.0 * static_cast<double>(kNanosPerDay));
    const double straddle = mid(book[call->id]) + mid(book[put->id]);
    const double vol = straddleVol(straddle, spot, toDouble(call->strike), years,
                                   market.riskFreeRate(), market.dividendYield(underlying));
    if (detail) {
        *detail = QStringLiteral("%1 %2 K=%3 S=%4 straddle %5 T=%6y -> IV %7")
                      .arg(QString::fromStdString(formatEasternIso(market.time())),
                           QString::fromStdString(formatDate(expiry)))
                      .arg(toDouble(call->strike))
                      .arg(spot)
                      .arg(straddle)
                      .arg(years)
                      .arg(vol);
    }
    return vol;
}

} // namespace

class TestOptionChain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void spyListsDailies();
    void stocksListWeekliesAndMonthlies();
    void strikeSpacing_data();
    void strikeSpacing();
    void contractUniverse();
    void parityAndIntrinsic();
    void openInterestAndVolume();
    void earningsRampAndCrush();

private:
    UniverseConfig m_config;
    std::unique_ptr<InstrumentRegistry> m_registry;
    std::unique_ptr<SimulatedMarket> m_market;
};

void TestOptionChain::initTestCase()
{
    m_config = defaultUniverseConfig();
    m_registry = std::make_unique<InstrumentRegistry>();
    m_market = std::make_unique<SimulatedMarket>(m_config, *m_registry,
                                                 SimulationOptions{21, at("2025-01-13T09:30:00")});
}

void TestOptionChain::spyListsDailies()
{
    const std::set<Date> expected = {
        // Every trading day for two weeks (2025-01-20 is Martin Luther King Jr. Day).
        date("2025-01-13"), date("2025-01-14"), date("2025-01-15"), date("2025-01-16"),
        date("2025-01-17"), date("2025-01-21"), date("2025-01-22"), date("2025-01-23"),
        date("2025-01-24"), date("2025-01-27"),
        // Weekly Fridays to ~2 months.
        date("2025-01-31"), date("2025-02-07"), date("2025-02-14"), date("2025-02-21"),
        date("2025-02-28"), date("2025-03-07"), date("2025-03-14"),
        // Monthlies to a year; April expires Thursday before Good Friday.
        date("2025-03-21"), date("2025-04-17"), date("2025-05-16"), date("2025-06-20"),
        date("2025-07-18"), date("2025-08-15"), date("2025-09-19"), date("2025-10-17"),
        date("2025-11-21"), date("2025-12-19")};
    for (const char *symbol : {"SPY", "QQQ", "IWM"}) {
        const std::set<Date> actual = expiriesOf(*m_registry, m_registry->idOf(symbol));
        QVERIFY2(actual == expected, qPrintable(QStringLiteral("%1\n   got: %2\n  want: %3")
                                                    .arg(symbol, dates(actual), dates(expected))));
    }
}

void TestOptionChain::stocksListWeekliesAndMonthlies()
{
    const std::set<Date> expected = {date("2025-01-17"), date("2025-01-24"), date("2025-01-31"),
                                     date("2025-02-07"), date("2025-02-14"), date("2025-02-21"),
                                     date("2025-03-21"), date("2025-04-17"), date("2025-05-16"),
                                     date("2025-06-20"), date("2025-07-18"), date("2025-08-15"),
                                     date("2025-09-19")};
    for (const char *symbol : {"AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "TSLA", "META"}) {
        const std::set<Date> actual = expiriesOf(*m_registry, m_registry->idOf(symbol));
        QVERIFY2(actual == expected, qPrintable(QStringLiteral("%1\n   got: %2\n  want: %3")
                                                    .arg(symbol, dates(actual), dates(expected))));
    }
    for (const char *symbol : {"XLK", "XLY", "XLC", "/ES", "/NQ", "VIX"})
        QVERIFY2(m_registry->optionsOf(m_registry->idOf(symbol)).empty(), symbol);
}

void TestOptionChain::strikeSpacing_data()
{
    QTest::addColumn<QString>("symbol");
    QTest::addColumn<QString>("expiry");
    QTest::addColumn<double>("nearStep");
    QTest::addColumn<double>("nearBand"); // fraction of spot listed densely at least
    QTest::newRow("SPY 0DTE $1") << "SPY"
                                 << "2025-01-13" << 1.0 << 0.03;
    QTest::newRow("QQQ weekly $1") << "QQQ"
                                   << "2025-01-24" << 1.0 << 0.03;
    QTest::newRow("SPY long-dated $5") << "SPY"
                                       << "2025-09-19" << 5.0 << 0.03;
    QTest::newRow("AAPL weekly $2.50") << "AAPL"
                                       << "2025-01-17" << 2.5 << 0.04;
    QTest::newRow("NVDA weekly $1") << "NVDA"
                                    << "2025-01-24" << 1.0 << 0.04;
    QTest::newRow("META weekly $5") << "META"
                                    << "2025-01-17" << 5.0 << 0.04;
    QTest::newRow("TSLA monthly $5") << "TSLA"
                                     << "2025-06-20" << 5.0 << 0.04;
}

void TestOptionChain::strikeSpacing()
{
    QFETCH(QString, symbol);
    QFETCH(QString, expiry);
    QFETCH(double, nearStep);
    QFETCH(double, nearBand);
    const InstrumentId id = m_registry->idOf(symbol.toStdString());
    const double spot = m_market->modelPrice(id); // the listing's reference (nothing ran since)
    nearBand *= 0.95;
    const std::set<Price> strikes = strikesOf(*m_registry, id, date(expiry.toUtf8().constData()));
    QVERIFY2(strikes.size() > 10, qPrintable(symbol + " " + expiry));
    const Price step = toPrice(nearStep);
    for (Price k = (toPrice(spot * (1 - nearBand)) / step + 1) * step;
         k < toPrice(spot * (1 + nearBand)); k += step)
        QVERIFY2(strikes.count(k) == 1,
                 qPrintable(QStringLiteral("%1 %2: missing strike %3 near spot %4")
                                .arg(symbol, expiry)
                                .arg(toDouble(k))
                                .arg(spot)));
    Price previous = 0;
    for (Price k : strikes) {
        QVERIFY2(k % step == 0, qPrintable(QStringLiteral("%1 %2: strike %3 not a multiple of %4")
                                               .arg(symbol, expiry)
                                               .arg(toDouble(k))
                                               .arg(nearStep)));
        // Far from the money the listing thins out, never the reverse.
        if (previous > 0 && std::fabs(toDouble(k) / spot - 1) < nearBand)
            QVERIFY2(
                k - previous == step,
                qPrintable(
                    QStringLiteral("%1 %2: gap before %3").arg(symbol, expiry).arg(toDouble(k))));
        previous = k;
    }
    const double low = toDouble(*strikes.begin());
    const double high = toDouble(*strikes.rbegin());
    QVERIFY2(low < spot * 0.96 && high > spot * 1.04,
             qPrintable(QStringLiteral("%1 %2: range %3..%4 around %5")
                            .arg(symbol, expiry)
                            .arg(low)
                            .arg(high)
                            .arg(spot)));
}

void TestOptionChain::contractUniverse()
{
    const std::size_t listed = m_market->listedOptionCount();
    QVERIFY2(listed > 16000 && listed < 24000, qPrintable(QString::number(listed)));
    std::size_t checked = 0;
    for (InstrumentId u : m_market->optionUnderlyings()) {
        const Instrument *underlying = m_registry->get(u);
        for (const Instrument *o : m_registry->optionsOf(u)) {
            const auto parsed = OptionSymbol::parse(o->symbol, OptionSymbolFormat::OccCompact);
            QVERIFY2(parsed.ok(), o->symbol.c_str());
            QCOMPARE(parsed->root, underlying->symbol);
            QCOMPARE(parsed->expiry, o->expiry);
            QCOMPARE(parsed->right, o->right);
            QCOMPARE(parsed->strike(), o->strike);
            QCOMPARE(o->underlying, underlying->symbol);
            QCOMPARE(o->kind, InstrumentKind::Option);
            QCOMPARE(o->multiplier, 100.0);
            QCOMPARE(o->tickSize, kCent);
            ++checked;
        }
    }
    QCOMPARE(checked, listed);
    QVERIFY(m_registry->find("SPY250113C00590000") != nullptr);
}

void TestOptionChain::parityAndIntrinsic()
{
    // Quotes are at most a couple of seconds old for <= 7 DTE (1-2 s cadence), so parity holds
    // within the spreads plus the underlying's range over the last three seconds.
    InstrumentRegistry registry;
    SimulatedMarket market(m_config, registry, {21, at("2025-01-13T09:30:00")});
    Book book;
    std::map<InstrumentId, std::vector<std::pair<Timestamp, double>>> mids;
    TickBatch batch;
    const Timestamp snapshot = at("2025-01-13T10:00:00");
    for (Timestamp t = market.time(); t < snapshot;) {
        t = std::min(snapshot, t + 500 * kNanosPerMilli);
        batch.clear();
        market.advanceTo(t, batch);
        book.apply(batch);
        if (t >= snapshot - 3 * kNanosPerSecond) {
            for (InstrumentId u : market.optionUnderlyings())
                mids[u].push_back({t, mid(book[u])});
        }
    }
    int pairs = 0;
    for (const char *symbol : {"SPY", "QQQ", "IWM", "AAPL", "TSLA"}) {
        const InstrumentId u = registry.idOf(symbol);
        const auto &recent = mids[u];
        double lowMid = 1e300;
        double highMid = 0;
        for (const auto &[t, m] : recent) {
            lowMid = std::min(lowMid, m);
            highMid = std::max(highMid, m);
        }
        const double spot = mid(book[u]);
        const double tolerance =
            0.02 + (highMid - lowMid) + 0.5 * toDouble(book[u].ask - book[u].bid);
        std::map<std::pair<Date, Price>, std::pair<const Instrument *, const Instrument *>>
            byStrike;
        for (const Instrument *o : registry.optionsOf(u)) {
            const int dte = daysSinceEpoch(o->expiry) - daysSinceEpoch(date("2025-01-13"));
            if (dte > 7 || std::fabs(toDouble(o->strike) / spot - 1) > 0.03)
                continue;
            auto &pair = byStrike[{o->expiry, o->strike}];
            (o->right == OptionRight::Call ? pair.first : pair.second) = o;
        }
        for (const auto &[key, pair] : byStrike) {
            QVERIFY(pair.first && pair.second);
            const QuoteState &c = book[pair.first->id];
            const QuoteState &p = book[pair.second->id];
            QVERIFY2(c.hasQuote() && p.hasQuote(), pair.first->symbol.c_str());
            const double years =
                static_cast<double>(*calendar::regularClose(key.first) - snapshot) /
                (365.0 * static_cast<double>(kNanosPerDay));
            const double strike = toDouble(key.second);
            const double dividendDiscount = std::exp(-market.dividendYield(u) * years);
            const double rateDiscount = std::exp(-market.riskFreeRate() * years);
            const double low = toDouble(c.bid - p.ask);
            const double high = toDouble(c.ask - p.bid);
            // Near the money: European parity, C - P = S e^-qT - K e^-rT. Deeper, the quotes
            // respect intrinsic value (American exercise), so C - P lies within the American
            // bounds S e^-qT - K <= C - P <= S - K e^-rT.
            const bool nearMoney = std::fabs(strike / spot - 1) <= 0.01;
            const double lowerBound = nearMoney ? spot * dividendDiscount - strike * rateDiscount
                                                : spot * dividendDiscount - strike;
            const double upperBound = nearMoney ? lowerBound : spot - strike * rateDiscount;
            QVERIFY2(low <= upperBound + tolerance && high >= lowerBound - tolerance,
                     qPrintable(
                         QStringLiteral(
                             "%1: C %2/%3 P %4/%5 -> [%6, %7] vs parity [%8, %9] (S %10, tol %11)")
                             .arg(QString::fromStdString(pair.first->symbol))
                             .arg(toDouble(c.bid))
                             .arg(toDouble(c.ask))
                             .arg(toDouble(p.bid))
                             .arg(toDouble(p.ask))
                             .arg(low)
                             .arg(high)
                             .arg(lowerBound)
                             .arg(upperBound)
                             .arg(spot)
                             .arg(tolerance)));
            // Never below intrinsic value minus a tick (within the same staleness allowance).
            for (const auto &[option, quote] :
                 {std::pair{pair.first, c}, std::pair{pair.second, p}}) {
                const double intrinsic = std::max(
                    0.0, option->right == OptionRight::Call ? spot - strike : strike - spot);
                QVERIFY2(toDouble(quote.bid) >= intrinsic - 0.05 - tolerance,
                         qPrintable(QStringLiteral("%1 bid %2 below intrinsic %3")
                                        .arg(QString::fromStdString(option->symbol))
                                        .arg(toDouble(quote.bid))
                                        .arg(intrinsic)));
            }
            ++pairs;
        }
    }
    QVERIFY2(pairs > 300, qPrintable(QString::number(pairs)));
}

void TestOptionChain::openInterestAndVolume()
{
    InstrumentRegistry registry;
    SimulatedMarket market(m_config, registry, {8, at("2025-01-13T09:30:00")});
    TickBatch batch;
    market.advanceTo(at("2025-01-13T10:30:00"), batch);
    std::map<InstrumentId, std::int64_t> traded;
    for (const Tick &t : batch) {
        if (t.isTrade() && registry.get(t.instrument)->isOption())
            traded[t.instrument] += t.size();
    }
    const InstrumentId spy = registry.idOf("SPY");
    const double spot = market.modelPrice(spy);
    double nearOi = 0;
    double wingOi = 0;
    double roundOi = 0;
    double otherOi = 0;
    int near = 0;
    int wing = 0;
    int round = 0;
    int other = 0;
    std::int64_t volume = 0;
    std::int64_t printed = 0;
    for (const Instrument *o : registry.optionsOf(spy)) {
        const auto stats = market.optionStatistics(o->id);
        QVERIFY(stats);
        QVERIFY(stats->openInterest >= 0);
        QCOMPARE(stats->volume, traded[o->id]);
        volume += stats->volume;
        printed += traded[o->id];
        const double distance = std::fabs(toDouble(o->strike) / spot - 1);
        if (o->expiry == date("2025-02-21")) {
            if (distance < 0.02) {
                nearOi += static_cast<double>(stats->openInterest);
                ++near;
            } else if (distance > 0.08) {
                wingOi += static_cast<double>(stats->openInterest);
                ++wing;
            }
        }
        if (distance < 0.05) {
            if (o->strike % toPrice(10) == 0) {
                roundOi += static_cast<double>(stats->openInterest);
                ++round;
            } else if (o->strike % toPrice(5) != 0) {
                otherOi += static_cast<double>(stats->openInterest);
                ++other;
            }
        }
    }
    QVERIFY(near > 0 && wing > 0 && round > 0 && other > 0);
    const QString info = QStringLiteral("OI near %1 wing %2 round %3 other %4 volume %5")
                             .arg(nearOi / near)
                             .arg(wingOi / wing)
                             .arg(roundOi / round)
                             .arg(otherOi / other)
                             .arg(volume);
    QVERIFY2(nearOi / near > 2 * (wingOi / wing), qPrintable(info));
    QVERIFY2(roundOi / round > 1.2 * (otherOi / other), qPrintable(info));
    // An hour of the configured 7M contracts/day, U-shaped (the first hour is busier).
    QVERIFY2(volume > 500000 && volume < 3000000, qPrintable(info));
    QVERIFY(market.optionStatistics(spy) == std::nullopt);
}

void TestOptionChain::earningsRampAndCrush()
{
    // AAPL reports 2025-01-30 after the close; the 2025-01-31 weekly spans the release. Only
    // AAPL lists options here, to keep the three simulated days fast.
    UniverseConfig config = m_config;
    for (UnderlyingConfig &u : config.underlyings) {
        if (u.symbol != "AAPL")
            u.options.listing = OptionListing::None;
    }
    InstrumentRegistry registry;
    SimulatedMarket market(config, registry, {17, at("2025-01-29T09:30:00")});
    const InstrumentId aapl = registry.idOf("AAPL");
    const auto events = market.events(date("2025-01-30"), date("2025-01-30"));
    QVERIFY(std::any_of(events.begin(), events.end(), [](const MarketEvent &e) {
        return e.kind == MarketEventKind::Earnings && e.symbol == "AAPL" &&
               e.time == *parseIsoTimestamp("2025-01-30T16:05:00");
    }));
    Book book;
    TickBatch batch;
    const auto runTo = [&](const char *iso) {
        batch.clear();
        market.advanceTo(at(iso), batch);
        book.apply(batch);
    };
    const Date front = date("2025-01-31");
    const Date next = date("2025-02-07");
    QString a;
    QString b;
    QString c;
    QString bNext;
    QString cNext;
    runTo("2025-01-29T10:00:00");
    const double before = quotedAtmVol(market, registry, book, aapl, front, &a);
    runTo("2025-01-30T15:30:00");
    const double eve = quotedAtmVol(market, registry, book, aapl, front, &b);
    const double eveNext = quotedAtmVol(market, registry, book, aapl, next, &bNext);
    const double closeBefore = market.previousClose(aapl);
    runTo("2025-01-31T10:00:00");
    const double after = quotedAtmVol(market, registry, book, aapl, front, &c);
    const double afterNext = quotedAtmVol(market, registry, book, aapl, next, &cNext);
    const QString info = a + "\n" + b + "\n" + c + "\n" + bNext + "\n" + cNext;
    qInfo().noquote() << info;
    QVERIFY2(before > 0 && eve > 0 && after > 0, qPrintable(info));
    QVERIFY2(eve > 1.15 * before, qPrintable("no ramp into earnings:\n" + info));
    QVERIFY2(after < 0.6 * eve, qPrintable("no crush after earnings:\n" + info));
    QVERIFY2(afterNext < eveNext, qPrintable("the next expiry keeps its event premium:\n" + info));
    QVERIFY2(eveNext - afterNext < eve - after,
             qPrintable("the crush is largest in the front:\n" + info));
    // The close reference has rolled to the earnings day's close.
    QVERIFY(market.previousClose(aapl) != closeBefore);
}

QTEST_GUILESS_MAIN(TestOptionChain)
#include "tst_optionchain.moc"
