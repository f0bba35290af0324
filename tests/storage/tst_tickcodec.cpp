#include "storage/tickcodec.h"
#include "storagetestsupport.h"

#include <QTest>

#include <limits>
#include <random>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

constexpr Price kMaxPrice = std::numeric_limits<Price>::max();
constexpr Price kMinPrice = std::numeric_limits<Price>::min();
constexpr std::int32_t kMaxSize = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t kMinSize = std::numeric_limits<std::int32_t>::min();

using Ticks = std::vector<Tick>;

// Encodes and decodes with fresh chains; returns an empty string on success or what differed.
QString roundTrip(const Ticks &ticks, BlockKind kind, std::size_t instruments,
                  std::int64_t quoteInterval = 0)
{
    ChainState encodeChain(instruments);
    std::vector<std::uint8_t> bytes;
    TickCodec::encodeBlock(ticks, kind, encodeChain, bytes, quoteInterval);
    ChainState decodeChain(instruments);
    std::vector<Tick> decoded;
    auto info = TickCodec::decodeBlock(bytes, instruments, decodeChain, decoded);
    if (!info)
        return QString::fromStdString(info.message());
    if (decoded.size() != ticks.size())
        return QStringLiteral("decoded %1 ticks, expected %2")
            .arg(decoded.size())
            .arg(ticks.size());
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        if (!(decoded[i] == ticks[i]))
            return QStringLiteral("tick %1: decoded %2, expected %3")
                .arg(i)
                .arg(describe(decoded[i]), describe(ticks[i]));
    }
    if (kind == BlockKind::Chained && !(encodeChain == decodeChain))
        return QStringLiteral("chain states differ after the block");
    if (kind == BlockKind::Standalone && !(decodeChain == ChainState(instruments)))
        return QStringLiteral("a standalone block changed the chain");
    return {};
}

Tick withFlags(Tick t, std::uint8_t flags, std::uint16_t reserved)
{
    t.flags = flags;
    t.reserved = reserved;
    return t;
}

} // namespace

Q_DECLARE_METATYPE(Ticks)
Q_DECLARE_METATYPE(BlockKind)

class TestTickCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrips_data();
    void roundTrips();
    void randomRoundTrips();
    void chainsContinueAcrossBlocks();
    void resetChainStartsFromSnapshot();
    void timeUnitFollowsTheData();
    void timeDeltasAreRiceCoded();
    void intervalTimesCostNothing();
    void dictionaryGivesBusyInstrumentsShortCodes();
    void realisticStreamIsCompact();
    void detectsCorruption_data();
    void detectsCorruption();
    void validatesStructureBehindChecksum();
    void snapshotsRoundTrip();
    void corruptSnapshotsAreRejected();
};

void TestTickCodec::roundTrips_data()
{
    QTest::addColumn<Ticks>("ticks");
    QTest::addColumn<BlockKind>("kind");
    const Timestamp t0 = easternTime(2025, 1, 13, 10, 0);
    const Ticks simple = {Tick::quote(t0, 0, toPrice(230.10), toPrice(230.12), 300, 200),
                          Tick::quote(t0 + 1'000, 1, toPrice(1.05), toPrice(1.10), 12, 30),
                          Tick::trade(t0 + 1'000, 0, toPrice(230.12), 100),
                          Tick::quote(t0 + 5'000, 0, toPrice(230.09), toPrice(230.11), 400, 200)};
    QTest::newRow("simple") << simple << BlockKind::Chained;
    QTest::newRow("simple standalone") << simple << BlockKind::Standalone;
    QTest::newRow("negative deltas")
        << Ticks{Tick::quote(t0, 2, toPrice(500), toPrice(501), 5000, 100),
                 Tick::quote(t0 + 1, 2, toPrice(0.01), toPrice(0.02), 1, 1),
                 Tick::quote(t0 + 2, 2, 0, 0, 0, 0),
                 Tick::quote(t0 + 3, 2, -toPrice(3.5), -toPrice(3.49), -7, -100)}
        << BlockKind::Chained;
    QTest::newRow("sub-penny") << Ticks{Tick::quote(t0, 0, 2301234, 2301299, 100, 100),
                                        Tick::quote(t0, 0, 2301235, 2301299, 100, 100),
                                        Tick::trade(t0 + 7, 0, 2301201, 37),
                                        Tick::trade(t0 + 9, 0, 2301201, 1)}
                               << BlockKind::Chained;
    QTest::newRow("extreme prices")
        << Ticks{Tick::quote(1, 0, kMaxPrice, kMinPrice, kMaxSize, kMinSize),
                 Tick::quote(2, 0, kMinPrice, kMaxPrice, kMinSize, kMaxSize),
                 Tick::trade(3, 0, kMinPrice, kMinSize), Tick::trade(4, 0, kMaxPrice, kMaxSize),
                 Tick::quote(5, 0, kMaxPrice - 99, kMinPrice + 100, 0, -1)}
        << BlockKind::Chained;
    QTest::newRow("extreme prices standalone")
        << Ticks{Tick::quote(1, 0, kMaxPrice, kMinPrice, kMaxSize, kMinSize),
                 Tick::trade(3, 0, kMinPrice, kMinSize)}
        << BlockKind::Standalone;
    QTest::newRow("extreme times")
        << Ticks{Tick::quote(std::numeric_limits<Timestamp>::min(), 0, 1, 2, 3, 4),
                 Tick::quote(-1, 0, 1, 2, 3, 4), Tick::quote(0, 0, 1, 2, 3, 4),
                 Tick::quote(std::numeric_limits<Timestamp>::max(), 0, 1, 2, 3, 4)}
        << BlockKind::Chained;
    QTest::newRow("huge sizes")
        << Ticks{Tick::quote(t0, 1, toPrice(10), toPrice(10.5), 2'000'000'000, 1'999'999'999),
                 Tick::trade(t0 + 1, 1, toPrice(10.25), 2'147'483'600),
                 Tick::quote(t0 + 2, 1, toPrice(10), toPrice(10.5), 100, 2'000'000'000)}
        << BlockKind::Chained;
    QTest::newRow("trades at bid, ask and last")
        << Ticks{Tick::quote(t0, 0, toPrice(99.99), toPrice(100.01), 100, 100),
                 Tick::trade(t0 + 1, 0, toPrice(99.99), 100),
                 Tick::trade(t0 + 2, 0, toPrice(100.01), 100),
                 Tick::trade(t0 + 3, 0, toPrice(100.01), 200),
                 Tick::trade(t0 + 4, 0, toPrice(100.00), 200)}
        << BlockKind::Chained;
    Tick oddTrade = Tick::trade(t0 + 5, 1, toPrice(5), 10);
    oddTrade.ask = toPrice(5.01);
    oddTrade.askSize = 3;
    QTest::newRow("flags, reserved and trade with quote fields")
        << Ticks{withFlags(Tick::quote(t0, 1, 10, 20, 1, 2), TickFlagSuspect, 0),
                 withFlags(Tick::quote(t0 + 1, 1, 10, 20, 1, 2), 0xFF, 0xFFFF),
                 withFlags(oddTrade, TickFlagSuspect, 7)}
        << BlockKind::Chained;
    QTest::newRow("one tick") << Ticks{Tick::trade(t0, 2, toPrice(6000.25), 3)}
                              << BlockKind::Chained;
    // Lots (deltas) to units (absolute, one or both sizes) and back.
    QTest::newRow("sizes between lots and units")
        << Ticks{Tick::quote(t0, 3, 10, 20, 300, 500),
                 Tick::quote(t0 + 1, 3, 10, 20, 300, 517),
                 Tick::quote(t0 + 2, 3, 10, 20, 41, 517),
                 Tick::quote(t0 + 3, 3, 10, 20, 7, 9),
                 Tick::quote(t0 + 4, 3, 10, 20, kMinSize, kMaxSize),
                 Tick::quote(t0 + 5, 3, 10, 20, -100, 200),
                 Tick::quote(t0 + 6, 3, 10, 20, 100, 0),
                 Tick::quote(t0 + 7, 3, 10, 20, 0, -1),
                 Tick::quote(t0 + 8, 3, 10, 20, -5, -1)}
        << BlockKind::Chained;
    // Zero, tiny and huge gaps (Rice escapes) in one block.
    QTest::newRow("huge and tiny time gaps")
        << Ticks{Tick::quote(-(std::int64_t{1} << 62), 0, 1, 2, 3, 4),
                 Tick::quote(-(std::int64_t{1} << 62), 1, 1, 2, 3, 4),
                 Tick::trade(-(std::int64_t{1} << 62) + 1, 0, 1, 2),
                 Tick::quote(t0, 0, 1, 2, 3, 4),
                 Tick::trade(t0, 1, 2, 3),
                 Tick::quote(t0 + 700'000, 2, 1, 2, 3, 4),
                 Tick::quote(t0 + kNanosPerDay * 365, 2, 1, 2, 3, 4)}
        << BlockKind::Chained;
}

void TestTickCodec::roundTrips()
{
    QFETCH(Ticks, ticks);
    QFETCH(BlockKind, kind);
    const QString problem = roundTrip(ticks, kind, 4);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestTickCodec::randomRoundTrips()
{
    // Random fields drawn from mixed ranges: small moves, whole cents, lots, and full-width
    // values that exercise the wrapping arithmetic.
    std::mt19937_64 rng(20250113);
    const auto anyPrice = [&]() -> Price {
        switch (rng() % 4) {
        case 0:
            return static_cast<Price>(rng());
        case 1:
            return static_cast<Price>(rng() % 100'000) * kCent;
        case 2:
            return static_cast<Price>(rng() % 10'000'000) - 5'000'000;
        default:
            return toPrice(100);
        }
    };
    const auto anySize = [&]() -> std::int32_t {
        switch (rng() % 3) {
        case 0:
            return static_cast<std::int32_t>(static_cast<std::uint32_t>(rng()));
        case 1:
            return static_cast<std::int32_t>(100 * (rng() % 1000));
        default:
            return static_cast<std::int32_t>(rng() % 500);
        }
    };
    for (int round = 0; round < 50; ++round) {
        Ticks ticks;
        Timestamp ts = static_cast<Timestamp>(rng() >> 2);
        for (int i = 0; i < 500; ++i) {
            ts += static_cast<Timestamp>(rng() % 4 == 0 ? 0 : rng() % 1'000'000'000);
            const auto id = static_cast<InstrumentId>(rng() % 16);
            Tick t = rng() % 3 == 0
                         ? Tick::trade(ts, id, anyPrice(), anySize())
                         : Tick::quote(ts, id, anyPrice(), anyPrice(), anySize(), anySize());
            if (rng() % 10 == 0)
                t = withFlags(t, static_cast<std::uint8_t>(rng()),
                              static_cast<std::uint16_t>(rng()));
            ticks.push_back(t);
        }
        const BlockKind kind = round % 5 == 0 ? BlockKind::Standalone : BlockKind::Chained;
        const QString problem = roundTrip(ticks, kind, 16);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("round %1: %2").arg(round).arg(problem)));
    }
}

void TestTickCodec::chainsContinueAcrossBlocks()
{
    Universe universe;
    const Ticks stream = randomStream(universe, easternTime(2025, 1, 13, 10, 0), 3000, 7);
    const std::size_t n = universe.registry.size();
    ChainState encodeChain(n);
    ChainState decodeChain(n);
    Ticks decoded;
    std::size_t bytes = 0;
    for (std::size_t start = 0; start < stream.size(); start += 700) {
        const std::span<const Tick> part(stream.data() + start,
                                         std::min<std::size_t>(700, stream.size() - start));
        std::vector<std::uint8_t> block;
        TickCodec::encodeBlock(part, BlockKind::Chained, encodeChain, block);
        bytes += block.size();
        auto info = TickCodec::decodeBlock(block, n, decodeChain, decoded);
        QVERIFY2(info.ok(), qPrintable(errorOf(info)));
        QCOMPARE(info.value().count, static_cast<std::uint32_t>(part.size()));
        QCOMPARE(info.value().firstTs, part.front().ts);
    }
    QCOMPARE(decoded.size(), stream.size());
    for (std::size_t i = 0; i < stream.size(); ++i)
        QVERIFY2(decoded[i] == stream[i],
                 qPrintable(describe(decoded[i]) + " != " + describe(stream[i])));
    // A block decoded with the wrong chain state gives different ticks: the chain matters.
    std::vector<std::uint8_t> block;
    ChainState fresh(n);
    ChainState continued = encodeChain;
    TickCodec::encodeBlock(std::span<const Tick>(stream.data(), 100), BlockKind::Chained, continued,
                           block);
    // (How sizes are coded depends on the chain too, so the wrong chain may not even parse.)
    Ticks wrong;
    const bool parsed = TickCodec::decodeBlock(block, n, fresh, wrong).ok();
    QVERIFY(!parsed || !std::equal(wrong.begin(), wrong.end(), stream.begin()));
}

void TestTickCodec::resetChainStartsFromSnapshot()
{
    std::vector<QuoteState> states(3);
    states[1].apply(Tick::quote(5, 1, toPrice(10), toPrice(10.02), 100, 300));
    states[1].apply(Tick::trade(6, 1, toPrice(10.01), 7));
    ChainState chain(4, ChainEntry{1, 2, 3, 4, 5, 6});
    TickCodec::resetChain(chain, states);
    QCOMPARE(chain[0], ChainEntry{});
    QCOMPARE(chain[1], (ChainEntry{toPrice(10), toPrice(10.02), toPrice(10.01), 100, 300, 7, 5}));
    QCOMPARE(chain[3], ChainEntry{}); // beyond the snapshot
    // An unchanged quote after the reset costs only its header, id and time: after a block
    // header of magic, flags, unit and seven one-byte varints (count, first ts, interval,
    // dictionary size, Rice parameter, delta count, time stream size), one byte of time stream.
    std::vector<std::uint8_t> block;
    const Tick same = Tick::quote(10, 1, toPrice(10), toPrice(10.02), 100, 300);
    TickCodec::encodeBlock(std::span<const Tick>(&same, 1), BlockKind::Chained, chain, block);
    QVERIFY2(block.size() <= TickCodec::kChecksumBytes + 3 + 7 + 1 + 1 + 1,
             qPrintable(QString::number(block.size())));
}

void TestTickCodec::timeUnitFollowsTheData()
{
    // The same spacing in whole milliseconds and with nanosecond noise: the coarse clock must
    // cost fewer bytes, and both round-trip exactly.
    Ticks millis;
    Ticks nanos;
    const Timestamp t0 = easternTime(2025, 1, 13, 10, 0);
    for (int i = 0; i < 1000; ++i) {
        const Tick q =
            Tick::quote(t0 + i * 37 * kNanosPerMilli, i % 4, toPrice(10), toPrice(11), 100, 100);
        millis.push_back(q);
        nanos.push_back(q);
        nanos.back().ts += i % 7;
    }
    std::vector<std::uint8_t> coarse;
    std::vector<std::uint8_t> fine;
    ChainState a(4);
    ChainState b(4);
    TickCodec::encodeBlock(millis, BlockKind::Chained, a, coarse);
    TickCodec::encodeBlock(nanos, BlockKind::Chained, b, fine);
    QVERIFY2(coarse.size() * 3 < fine.size() * 2,
             qPrintable(QStringLiteral("%1 vs %2 bytes").arg(coarse.size()).arg(fine.size())));
    QVERIFY(roundTrip(millis, BlockKind::Chained, 4).isEmpty());
    QVERIFY(roundTrip(nanos, BlockKind::Chained, 4).isEmpty());
}

void TestTickCodec::timeDeltasAreRiceCoded()
{
    // Nanosecond gaps around 0.6 ms (a busy option feed): ~2.6 bytes of time per tick instead of
    // the 3 of a varint; one header and one id byte each.
    std::mt19937_64 rng(17);
    std::exponential_distribution<double> gap(1.0 / 600'000);
    Ticks ticks;
    Timestamp ts = easternTime(2025, 1, 13, 10, 0);
    for (int i = 0; i < 4000; ++i) {
        ts += 1 + static_cast<Timestamp>(gap(rng));
        ticks.push_back(Tick::quote(ts, static_cast<InstrumentId>(i % 2), 10, 11, 5, 5));
    }
    ChainState chain(2);
    std::vector<std::uint8_t> bytes;
    TickCodec::encodeBlock(ticks, BlockKind::Chained, chain, bytes);
    const double perTick = static_cast<double>(bytes.size()) / static_cast<double>(ticks.size());
    QVERIFY2(perTick < 2 + 2.75, qPrintable(QStringLiteral("%1 bytes/tick").arg(perTick)));
    QVERIFY(roundTrip(ticks, BlockKind::Chained, 2).isEmpty());
}

void TestTickCodec::intervalTimesCostNothing()
{
    // Conflated quotes come exactly one interval after the contract's previous quote: such a
    // quote carries no time at all, in a chained block; a standalone block never relies on it.
    const std::int64_t interval = kNanosPerSecond;
    std::vector<Timestamp> last(50, 0);
    const Timestamp ts = easternTime(2025, 1, 13, 10, 0);
    // Half the quotes land exactly one interval after the previous one of their instrument.
    Ticks exact;
    for (int round = 0; round < 60; ++round) {
        for (InstrumentId id = 0; id < 50; ++id) {
            const Timestamp at = last[id] != 0 && id % 2 == 0
                                     ? last[id] + interval
                                     : ts + round * interval + id * 1'000 + (round % 7);
            exact.push_back(Tick::quote(at, id, 10 + round, 11 + round, 5, 5));
            last[id] = at;
        }
    }
    std::stable_sort(exact.begin(), exact.end(),
                     [](const Tick &a, const Tick &b) { return a.ts < b.ts; });
    QVERIFY(roundTrip(exact, BlockKind::Chained, 50, interval).isEmpty());
    QVERIFY(roundTrip(exact, BlockKind::Standalone, 50, interval).isEmpty());
    ChainState with(50);
    ChainState without(50);
    std::vector<std::uint8_t> withBytes;
    std::vector<std::uint8_t> withoutBytes;
    TickCodec::encodeBlock(exact, BlockKind::Chained, with, withBytes, interval);
    TickCodec::encodeBlock(exact, BlockKind::Chained, without, withoutBytes, 0);
    // 25 instruments x 59 quotes without their time deltas.
    QVERIFY2(withBytes.size() + 2500 < withoutBytes.size(),
             qPrintable(
                 QStringLiteral("%1 vs %2 bytes").arg(withBytes.size()).arg(withoutBytes.size())));
    // The interval time needs the chain: the second half decoded without the first one's chain
    // lands elsewhere or is refused (never a tick before its predecessor).
    const std::size_t half = exact.size() / 2;
    ChainState chain(50);
    std::vector<std::uint8_t> first;
    std::vector<std::uint8_t> second;
    TickCodec::encodeBlock(std::span<const Tick>(exact.data(), half), BlockKind::Chained, chain,
                           first, interval);
    TickCodec::encodeBlock(std::span<const Tick>(exact.data() + half, exact.size() - half),
                           BlockKind::Chained, chain, second, interval);
    ChainState fresh(50);
    Ticks out;
    auto info = TickCodec::decodeBlock(second, 50, fresh, out);
    QVERIFY(!info.ok() || !std::equal(out.begin(), out.end(), exact.begin() + half));
    ChainState continued(50);
    out.clear();
    QVERIFY(TickCodec::decodeBlock(first, 50, continued, out).ok());
    QVERIFY(TickCodec::decodeBlock(second, 50, continued, out).ok());
    QVERIFY(std::equal(out.begin(), out.end(), exact.begin(), exact.end()));
}

void TestTickCodec::dictionaryGivesBusyInstrumentsShortCodes()
{
    // An instrument with a large file id that ticks often (an underlying first seen after
    // hundreds of options) costs no more than one with a small id.
    const auto stream = [](InstrumentId busy) {
        Ticks ticks;
        const Timestamp t0 = easternTime(2025, 1, 13, 10, 0);
        for (int i = 0; i < 2000; ++i)
            ticks.push_back(Tick::quote(t0 + i * 1000, i % 3 == 0 ? 5 + (i % 90) : busy, 10 + i % 3,
                                        11 + i % 3, 100, 100));
        return ticks;
    };
    const Ticks small = stream(120);
    const Ticks large = stream(9000);
    ChainState a(10000);
    ChainState b(10000);
    std::vector<std::uint8_t> smallBytes;
    std::vector<std::uint8_t> largeBytes;
    TickCodec::encodeBlock(small, BlockKind::Chained, a, smallBytes);
    TickCodec::encodeBlock(large, BlockKind::Chained, b, largeBytes);
    QVERIFY2(
        largeBytes.size() <= smallBytes.size() + 4,
        qPrintable(QStringLiteral("%1 vs %2 bytes").arg(largeBytes.size()).arg(smallBytes.size())));
    QVERIFY(roundTrip(large, BlockKind::Chained, 10000).isEmpty());
    QVERIFY(roundTrip(large, BlockKind::Standalone, 10000).isEmpty());
    // The dictionary is checked against the instrument count like every id.
    ChainState c(9000);
    Ticks out;
    QVERIFY(!TickCodec::decodeBlock(largeBytes, 9000, c, out).ok());
}

void TestTickCodec::realisticStreamIsCompact()
{
    Universe universe(20);
    const Ticks stream = randomStream(universe, easternTime(2025, 1, 13, 10, 0), 20000, 11);
    ChainState chain(universe.registry.size());
    std::vector<std::uint8_t> bytes;
    for (std::size_t start = 0; start < stream.size(); start += 4096)
        TickCodec::encodeBlock(
            std::span<const Tick>(stream.data() + start,
                                  std::min<std::size_t>(4096, stream.size() - start)),
            BlockKind::Chained, chain, bytes);
    const double perTick = static_cast<double>(bytes.size()) / static_cast<double>(stream.size());
    // 40-byte ticks with nanosecond times and random sizes; the store's goal is <= 12 bytes.
    QVERIFY2(perTick < 12.0, qPrintable(QStringLiteral("%1 bytes/tick").arg(perTick)));
}

void TestTickCodec::detectsCorruption_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("flipped bytes") << 0;
    QTest::newRow("truncated") << 1;
    QTest::newRow("appended garbage") << 2;
}

void TestTickCodec::detectsCorruption()
{
    QFETCH(int, mode);
    Universe universe;
    const Ticks stream = randomStream(universe, easternTime(2025, 1, 13, 10, 0), 300, 3);
    ChainState chain(universe.registry.size());
    std::vector<std::uint8_t> good;
    TickCodec::encodeBlock(stream, BlockKind::Chained, chain, good);
    std::mt19937 rng(42);
    for (std::size_t i = 0; i < good.size(); ++i) {
        std::vector<std::uint8_t> bad = good;
        if (mode == 0)
            bad[i] ^= static_cast<std::uint8_t>(1 + rng() % 255);
        else if (mode == 1)
            bad.resize(i);
        else
            bad.insert(bad.end(), i % 7 + 1, static_cast<std::uint8_t>(i));
        ChainState c(universe.registry.size());
        Ticks out;
        auto info = TickCodec::decodeBlock(bad, universe.registry.size(), c, out);
        QVERIFY2(!info.ok(),
                 qPrintable(QStringLiteral("corruption at byte %1 not detected").arg(i)));
        QVERIFY(out.empty());
        QVERIFY(QString::fromStdString(info.message()).contains(QStringLiteral("corrupt")));
    }
}

void TestTickCodec::validatesStructureBehindChecksum()
{
    // Mutations with a valid checksum reach the structural checks: they must either fail cleanly
    // or decode to some ticks, never read out of bounds or use an id past the instrument count.
    Universe universe;
    const std::size_t n = universe.registry.size();
    const Ticks stream = randomStream(universe, easternTime(2025, 1, 13, 10, 0), 200, 5);
    ChainState chain(n);
    std::vector<std::uint8_t> good;
    TickCodec::encodeBlock(stream, BlockKind::Chained, chain, good);
    std::mt19937 rng(7);
    int rejected = 0;
    for (int round = 0; round < 3000; ++round) {
        std::vector<std::uint8_t> bad = good;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e)
            bad[TickCodec::kChecksumBytes + rng() % (bad.size() - TickCodec::kChecksumBytes)] =
                static_cast<std::uint8_t>(rng());
        if (rng() % 4 == 0)
            bad.resize(TickCodec::kChecksumBytes +
                       rng() % (bad.size() - TickCodec::kChecksumBytes));
        TickCodec::reseal(bad);
        ChainState c(n);
        Ticks out;
        auto info = TickCodec::decodeBlock(bad, n, c, out);
        if (!info.ok()) {
            ++rejected;
            QVERIFY(out.empty());
            continue;
        }
        for (const Tick &t : out)
            QVERIFY2(t.instrument < n, qPrintable(describe(t)));
    }
    QVERIFY2(rejected > 1000, qPrintable(QString::number(rejected)));
    // An id beyond the instrument count is rejected even with a good checksum.
    ChainState c(2);
    Ticks out;
    auto info = TickCodec::decodeBlock(good, 2, c, out);
    QVERIFY(!info.ok());
}

void TestTickCodec::snapshotsRoundTrip()
{
    std::vector<QuoteState> states(6);
    const Timestamp t0 = easternTime(2025, 1, 13, 10, 1);
    states[0].apply(Tick::quote(t0 - 5, 0, toPrice(230.1), toPrice(230.12), 300, 100));
    states[0].apply(Tick::trade(t0 - 1, 0, toPrice(230.11), 50));
    states[2].apply(Tick::trade(t0 - kNanosPerDay, 2, toPrice(6000.25), 2)); // trade only
    states[3].apply(Tick::quote(t0, 3, kMaxPrice, kMinPrice, kMaxSize, kMinSize));
    states[5].apply(Tick::quote(1, 5, 1234, 1299, 7, 0)); // far in the past, sub-penny
    states[5].apply(Tick::trade(std::numeric_limits<Timestamp>::max(), 5, kMinPrice, kMaxSize));
    std::vector<std::uint8_t> bytes;
    TickCodec::encodeSnapshot(t0, states, bytes);
    std::vector<QuoteState> decoded;
    auto ts = TickCodec::decodeSnapshot(bytes, 8, decoded);
    QVERIFY2(ts.ok(), qPrintable(errorOf(ts)));
    QCOMPARE(ts.value().ts, t0);
    QCOMPARE(ts.value().kind, SnapshotKind::Keyframe);
    QCOMPARE(decoded.size(), std::size_t{8});
    for (std::size_t i = 0; i < 8; ++i) {
        const QuoteState expected = i < states.size() ? states[i] : QuoteState{};
        QVERIFY2(decoded[i] == expected,
                 qPrintable(QStringLiteral("%1: %2 != %3")
                                .arg(i)
                                .arg(describe(decoded[i]), describe(expected))));
    }
    // Empty state.
    TickCodec::encodeSnapshot(t0, std::vector<QuoteState>(3), bytes);
    QVERIFY(TickCodec::decodeSnapshot(bytes, 3, decoded).ok());
    QCOMPARE(decoded, std::vector<QuoteState>(3));
}

void TestTickCodec::corruptSnapshotsAreRejected()
{
    std::vector<QuoteState> states(4);
    states[1].apply(Tick::quote(100, 1, toPrice(1), toPrice(2), 3, 4));
    states[3].apply(Tick::trade(100, 3, toPrice(5), 6));
    std::vector<std::uint8_t> good;
    TickCodec::encodeSnapshot(200, states, good);
    std::vector<QuoteState> out;
    QVERIFY(!TickCodec::decodeSnapshot(good, 3, out).ok()); // entry 3 beyond the file's ids
    for (std::size_t i = 0; i < good.size(); ++i) {
        std::vector<std::uint8_t> bad = good;
        bad[i] ^= 0x41;
        QVERIFY2(!TickCodec::decodeSnapshot(bad, 4, out).ok(), qPrintable(QString::number(i)));
        bad = good;
        bad.resize(i);
        QVERIFY2(!TickCodec::decodeSnapshot(bad, 4, out).ok(), qPrintable(QString::number(i)));
    }
    // A block is not a snapshot and vice versa.
    ChainState chain(4);
    std::vector<std::uint8_t> block;
    const Tick t = Tick::quote(1, 0, 1, 2, 3, 4);
    TickCodec::encodeBlock(std::span<const Tick>(&t, 1), BlockKind::Chained, chain, block);
    QVERIFY(!TickCodec::decodeSnapshot(block, 4, out).ok());
    Ticks ticks;
    QVERIFY(!TickCodec::decodeBlock(good, 4, chain, ticks).ok());
}

QTEST_GUILESS_MAIN(TestTickCodec)
#include "tst_tickcodec.moc"
