#include "model/instrument.h"

#include <QTest>

#include <thread>

using namespace mag7;

class TestInstrumentRegistry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void assignsDenseStableIds();
    void linksOptionsToUnderlying();
    void concurrentAddAndLookup();
};

void TestInstrumentRegistry::assignsDenseStableIds()
{
    InstrumentRegistry registry;
    Instrument aapl;
    aapl.symbol = "AAPL";
    QCOMPARE(registry.add(aapl), InstrumentId{0});
    Instrument spy;
    spy.symbol = "SPY";
    spy.kind = InstrumentKind::Etf;
    QCOMPARE(registry.add(spy), InstrumentId{1});
    QCOMPARE(registry.add(aapl), InstrumentId{0}); // same symbol, same id
    QCOMPARE(registry.size(), std::size_t{2});
    QCOMPARE(registry.idOf("SPY"), InstrumentId{1});
    QCOMPARE(registry.idOf("NOPE"), kInvalidInstrument);
    QVERIFY(registry.get(7) == nullptr);
    QCOMPARE(registry.get(1)->kind, InstrumentKind::Etf);
}

void TestInstrumentRegistry::linksOptionsToUnderlying()
{
    InstrumentRegistry registry;
    Instrument spy;
    spy.symbol = "SPY";
    const InstrumentId spyId = registry.add(spy);
    Instrument call;
    call.symbol = "SPY250117C00600000";
    call.kind = InstrumentKind::Option;
    call.underlying = "SPY";
    call.strike = toPrice(600);
    const InstrumentId callId = registry.add(call);
    QCOMPARE(registry.get(callId)->underlyingId, spyId);
    const auto options = registry.optionsOf(spyId);
    QCOMPARE(options.size(), std::size_t{1});
    QCOMPARE(options.front()->symbol, std::string("SPY250117C00600000"));
}

void TestInstrumentRegistry::concurrentAddAndLookup()
{
    InstrumentRegistry registry;
    std::atomic<bool> done{false};
    std::thread writer([&] {
        for (int i = 0; i < 20000; ++i) {
            Instrument instrument;
            instrument.symbol = "S" + std::to_string(i);
            registry.add(instrument);
        }
        done = true;
    });
    std::size_t seen = 0;
    while (!done) {
        const std::size_t n = registry.size();
        if (n > 0) {
            const Instrument *last = registry.get(static_cast<InstrumentId>(n - 1));
            QVERIFY(last != nullptr);
            QCOMPARE(last->symbol, "S" + std::to_string(n - 1));
            seen = n;
        }
    }
    writer.join();
    QCOMPARE(registry.size(), std::size_t{20000});
    QVERIFY(seen <= 20000);
    QCOMPARE(registry.find("S19999")->id, InstrumentId{19999});
}

QTEST_GUILESS_MAIN(TestInstrumentRegistry)
#include "tst_instrumentregistry.moc"
