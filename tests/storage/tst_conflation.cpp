#include "storage/conflator.h"
#include "storage/tickstore.h"
#include "storagetestsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

using Decision = Conflator::Decision;

const Date kDay = makeDate(2025, 1, 13);
const Timestamp kT0 = easternTime(2025, 1, 13, 10, 0);

struct Chain {
    InstrumentRegistry registry;
    InstrumentId aapl;

    Chain()
    {
        Instrument stock;
        stock.symbol = "AAPL";
        aapl = registry.add(stock);
    }
    InstrumentId option(double strike, Date expiry = makeDate(2025, 1, 17))
    {
        Instrument o;
        o.kind = InstrumentKind::Option;
        o.underlying = "AAPL";
        o.underlyingId = aapl;
        o.expiry = expiry;
        o.strike = toPrice(strike);
        o.multiplier = 100;
        o.symbol = "AAPL_" + formatDate(expiry) + "C" + std::to_string(strike);
        return registry.add(o);
    }
    const Instrument &get(InstrumentId id) const { return *registry.get(id); }
};

ConflationProfile profile()
{
    ConflationProfile p;
    p.minIntervalNanos = kNanosPerSecond;
    p.maxMoneyness = 0.25;
    p.maxDaysToExpiry = 60;
    return p;
}

Tick quote(Timestamp ts, InstrumentId id, double bid, double ask, std::int32_t size = 10)
{
    return Tick::quote(ts, id, toPrice(bid), toPrice(ask), size, size);
}

const char *name(Decision d)
{
    switch (d) {
    case Decision::Store:
        return "Store";
    case Decision::Hold:
        return "Hold";
    case Decision::Drop:
        return "Drop";
    case Decision::Filter:
        return "Filter";
    }
    return "?";
}

} // namespace

Q_DECLARE_METATYPE(Conflator::Decision)
Q_DECLARE_METATYPE(mag7::Date)

class TestConflation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void filtersByMoneyness_data();
    void filtersByMoneyness();
    void recordsWhileUnderlyingUnknown();
    void filtersByDaysToExpiry_data();
    void filtersByDaysToExpiry();
    void dropsUnchangedQuotes();
    void holdsChangesInsideTheInterval();
    void discardsHeldQuoteWhenChangeReverts();
    void dropsStaleQuotes();
    void neverTouchesOtherTicks();
    void writerReleasesHeldQuotesInTimeOrder();
};

void TestConflation::filtersByMoneyness_data()
{
    QTest::addColumn<double>("strike");
    QTest::addColumn<Decision>("expected");
    // Underlying mid 230: the band is [172.5, 287.5].
    QTest::newRow("ATM") << 230.0 << Decision::Store;
    QTest::newRow("inside above") << 287.0 << Decision::Store;
    QTest::newRow("edge above") << 287.5 << Decision::Store;
    QTest::newRow("outside above") << 288.0 << Decision::Filter;
    QTest::newRow("inside below") << 175.0 << Decision::Store;
    QTest::newRow("outside below") << 170.0 << Decision::Filter;
    QTest::newRow("far OTM") << 400.0 << Decision::Filter;
}

void TestConflation::filtersByMoneyness()
{
    QFETCH(double, strike);
    QFETCH(Decision, expected);
    Chain c;
    const InstrumentId id = c.option(strike);
    Conflator conflator(profile());
    QCOMPARE(conflator.offer(quote(kT0, c.aapl, 229.99, 230.01), c.get(c.aapl), kDay),
             Decision::Store);
    // A one-sided underlying quote has no mid and must not move the band.
    QCOMPARE(
        conflator.offer(Tick::quote(kT0 + 1, c.aapl, 0, toPrice(500), 0, 1), c.get(c.aapl), kDay),
        Decision::Store);
    const Decision d = conflator.offer(quote(kT0 + 2, id, 1.0, 1.1), c.get(id), kDay);
    QVERIFY2(d == expected, name(d));
    QCOMPARE(conflator.filtered(), std::uint64_t(expected == Decision::Filter ? 1 : 0));
}

void TestConflation::recordsWhileUnderlyingUnknown()
{
    Chain c;
    const InstrumentId far = c.option(400);
    Conflator conflator(profile());
    QCOMPARE(conflator.offer(quote(kT0, far, 0.05, 0.06), c.get(far), kDay), Decision::Store);
    QCOMPARE(conflator.offer(quote(kT0 + 1, c.aapl, 229.99, 230.01), c.get(c.aapl), kDay),
             Decision::Store);
    QCOMPARE(conflator.offer(quote(kT0 + 2 * kNanosPerSecond, far, 0.06, 0.07), c.get(far), kDay),
             Decision::Filter);
    // The underlying moves up: the strike comes into the band.
    QCOMPARE(conflator.offer(quote(kT0 + 3 * kNanosPerSecond, c.aapl, 339.99, 340.01),
                             c.get(c.aapl), kDay),
             Decision::Store);
    QCOMPARE(conflator.offer(quote(kT0 + 4 * kNanosPerSecond, far, 5.0, 5.1), c.get(far), kDay),
             Decision::Store);
}

void TestConflation::filtersByDaysToExpiry_data()
{
    QTest::addColumn<Date>("expiry");
    QTest::addColumn<Date>("tradingDate");
    QTest::addColumn<Decision>("expected");
    QTest::newRow("4 days") << makeDate(2025, 1, 17) << kDay << Decision::Store;
    QTest::newRow("60 days") << makeDate(2025, 3, 14) << kDay << Decision::Store;
    QTest::newRow("61 days") << makeDate(2025, 3, 15) << kDay << Decision::Filter;
    QTest::newRow("61 days, a day later")
        << makeDate(2025, 3, 15) << makeDate(2025, 1, 14) << Decision::Store;
    QTest::newRow("LEAPS") << makeDate(2026, 1, 16) << kDay << Decision::Filter;
    QTest::newRow("0DTE") << kDay << kDay << Decision::Store;
}

void TestConflation::filtersByDaysToExpiry()
{
    QFETCH(Date, expiry);
    QFETCH(Date, tradingDate);
    QFETCH(Decision, expected);
    Chain c;
    const InstrumentId id = c.option(230, expiry);
    Conflator conflator(profile());
    const Decision d = conflator.offer(quote(kT0, id, 1, 1.1), c.get(id), tradingDate);
    QVERIFY2(d == expected, name(d));
}

void TestConflation::dropsUnchangedQuotes()
{
    Chain c;
    const InstrumentId id = c.option(230);
    Conflator conflator(profile());
    const auto offer = [&](Tick t) { return conflator.offer(t, c.get(id), kDay); };
    QCOMPARE(offer(quote(kT0, id, 1.00, 1.05)), Decision::Store);
    QCOMPARE(offer(quote(kT0 + 2 * kNanosPerSecond, id, 1.00, 1.05)), Decision::Drop);
    QCOMPARE(offer(quote(kT0 + 4 * kNanosPerSecond, id, 1.00, 1.05)), Decision::Drop);
    QCOMPARE(conflator.conflated(), std::uint64_t{2});
    // A size or flag change is a change.
    QCOMPARE(offer(quote(kT0 + 6 * kNanosPerSecond, id, 1.00, 1.05, 11)), Decision::Store);
    Tick flagged = quote(kT0 + 8 * kNanosPerSecond, id, 1.00, 1.05, 11);
    flagged.flags = TickFlagSuspect;
    QCOMPARE(offer(flagged), Decision::Store);
    QCOMPARE(conflator.conflated(), std::uint64_t{2});
}

void TestConflation::holdsChangesInsideTheInterval()
{
    Chain c;
    const InstrumentId id = c.option(230);
    const InstrumentId other = c.option(235);
    Conflator conflator(profile());
    const auto offer = [&](Tick t) { return conflator.offer(t, c.get(t.instrument), kDay); };
    const Timestamp ms = kNanosPerMilli;
    QCOMPARE(offer(quote(kT0, id, 1.00, 1.05)), Decision::Store);
    QCOMPARE(offer(quote(kT0 + 200 * ms, other, 2.00, 2.05)), Decision::Store);
    QCOMPARE(offer(quote(kT0 + 300 * ms, id, 1.01, 1.06)), Decision::Hold);
    QCOMPARE(offer(quote(kT0 + 500 * ms, id, 1.02, 1.07)), Decision::Hold); // replaces the held one
    QCOMPARE(offer(quote(kT0 + 900 * ms, other, 2.01, 2.06)), Decision::Hold);
    QCOMPARE(conflator.held(), std::size_t{2});
    QCOMPARE(conflator.conflated(), std::uint64_t{1});
    // Released in time order, each at the end of its contract's interval.
    QCOMPARE(conflator.nextRelease(), std::optional<Timestamp>(kT0 + kNanosPerSecond));
    const Tick first = conflator.popRelease();
    QCOMPARE(first.ts, kT0 + kNanosPerSecond);
    QCOMPARE(first.instrument, id);
    QCOMPARE(first.bid, toPrice(1.02));
    QCOMPARE(conflator.nextRelease(), std::optional<Timestamp>(kT0 + 1200 * ms));
    const Tick second = conflator.popRelease();
    QCOMPARE(second.instrument, other);
    QCOMPARE(second.bid, toPrice(2.01));
    QVERIFY(!conflator.nextRelease());
    // The release started a new interval: a change 0.3 s later is held until kT0 + 2 s.
    QCOMPARE(offer(quote(kT0 + 1300 * ms, id, 1.03, 1.08)), Decision::Hold);
    QCOMPARE(conflator.nextRelease(), std::optional<Timestamp>(kT0 + 2 * kNanosPerSecond));
    // A full interval after the last stored quote, a change is stored at once.
    QCOMPARE(conflator.popRelease().ts, kT0 + 2 * kNanosPerSecond);
    QCOMPARE(offer(quote(kT0 + 3 * kNanosPerSecond, id, 1.04, 1.09)), Decision::Store);
    QCOMPARE(conflator.held(), std::size_t{0});
}

void TestConflation::discardsHeldQuoteWhenChangeReverts()
{
    Chain c;
    const InstrumentId id = c.option(230);
    Conflator conflator(profile());
    const auto offer = [&](Tick t) { return conflator.offer(t, c.get(id), kDay); };
    QCOMPARE(offer(quote(kT0, id, 1.00, 1.05)), Decision::Store);
    QCOMPARE(offer(quote(kT0 + 100, id, 1.01, 1.05)), Decision::Hold);
    QCOMPARE(offer(quote(kT0 + 200, id, 1.00, 1.05)), Decision::Drop); // back to what is stored
    QVERIFY(!conflator.nextRelease());
    QCOMPARE(conflator.held(), std::size_t{0});
    QCOMPARE(conflator.conflated(), std::uint64_t{2});
}

void TestConflation::dropsStaleQuotes()
{
    Chain c;
    const InstrumentId id = c.option(230);
    Conflator conflator(profile());
    QCOMPARE(conflator.offer(quote(kT0, id, 1.00, 1.05), c.get(id), kDay), Decision::Store);
    QCOMPARE(conflator.offer(quote(kT0 - 1, id, 0.90, 0.95), c.get(id), kDay), Decision::Drop);
}

void TestConflation::neverTouchesOtherTicks()
{
    Chain c;
    const InstrumentId id = c.option(400, makeDate(2026, 1, 16)); // far OTM and far out
    Conflator conflator(profile());
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(conflator.offer(quote(kT0 + i, c.aapl, 229.99, 230.01), c.get(c.aapl), kDay),
                 Decision::Store);
        QCOMPARE(conflator.offer(Tick::trade(kT0 + i, id, toPrice(1), 1), c.get(id), kDay),
                 Decision::Store);
    }
    ConflationProfile off = profile();
    off.enabled = false;
    Conflator disabled(off);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(disabled.offer(quote(kT0 + i, id, 1, 1.1), c.get(id), kDay), Decision::Store);
    QCOMPARE(conflator.conflated() + conflator.filtered() + disabled.conflated(), std::uint64_t{0});
}

void TestConflation::writerReleasesHeldQuotesInTimeOrder()
{
    QTemporaryDir dir;
    Chain c;
    const InstrumentId atm = c.option(230);
    const InstrumentId far = c.option(400);
    WriterOptions options;
    options.directory = dir.filePath(QStringLiteral("ticks")).toStdString();
    options.conflation = profile();
    auto opened = TickWriter::open(c.registry, options);
    QVERIFY(opened.ok());
    TickWriter &writer = *opened.value();
    const Timestamp ms = kNanosPerMilli;
    const std::vector<Tick> first = {
        quote(kT0, c.aapl, 229.99, 230.01), quote(kT0 + 10 * ms, atm, 1.00, 1.05),
        quote(kT0 + 20 * ms, far, 0.05, 0.06), quote(kT0 + 300 * ms, atm, 1.01, 1.06),
        quote(kT0 + 400 * ms, atm, 1.01, 1.06)};
    QVERIFY(writer.append(first).ok());
    QVERIFY(writer.commit().ok());
    // The interval (ends kT0 + 1.01 s) has not ended at the latest appended time: still held.
    QCOMPARE(writer.stats().ticksHeld, std::uint64_t{1});
    QCOMPARE(writer.stats().ticksWritten, std::uint64_t{2});
    const std::vector<Tick> second = {quote(kT0 + 1200 * ms, c.aapl, 230.00, 230.02),
                                      quote(kT0 + 1500 * ms, atm, 1.02, 1.07)};
    QVERIFY(writer.append(second).ok());
    QVERIFY(writer.commit().ok());
    QCOMPARE(writer.stats().ticksWritten, std::uint64_t{4});
    // The last change is held (interval ends kT0 + 2.01 s); close releases it.
    QVERIFY(writer.close().ok());
    const WriterStats stats = writer.stats();
    QCOMPARE(stats.ticksIn, std::uint64_t{7});
    QCOMPARE(stats.ticksWritten, std::uint64_t{5});
    QCOMPARE(stats.ticksFiltered, std::uint64_t{1});
    QCOMPARE(stats.ticksConflated, std::uint64_t{1});
    QCOMPARE(stats.ticksHeld, std::uint64_t{0});
    QCOMPARE(stats.ticksIn,
             stats.ticksWritten + stats.ticksConflated + stats.ticksFiltered + stats.ticksRejected);

    auto reader = TickDayReader::open(options.directory / "2025-01-13.sqlite");
    QVERIFY(reader.ok());
    const auto ticks = toRegistryIds(readAll(*reader.value()), *reader.value(), c.registry);
    const std::vector<Tick> expected = {
        quote(kT0, c.aapl, 229.99, 230.01), quote(kT0 + 10 * ms, atm, 1.00, 1.05),
        quote(kT0 + 1010 * ms, atm, 1.01, 1.06), quote(kT0 + 1200 * ms, c.aapl, 230.00, 230.02),
        quote(kT0 + 2010 * ms, atm, 1.02, 1.07)};
    QCOMPARE(ticks.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(ticks[i] == expected[i],
                 qPrintable(describe(ticks[i]) + " != " + describe(expected[i])));
    auto state = reader.value()->stateAt(kT0 + 1500 * ms);
    QVERIFY(state.ok());
    QCOMPARE(state.value()[*reader.value()->fileIdOf(c.get(atm).symbol)].bid, toPrice(1.01));
}

QTEST_GUILESS_MAIN(TestConflation)
#include "tst_conflation.moc"
