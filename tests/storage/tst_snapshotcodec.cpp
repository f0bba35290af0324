// The snapshot encodings of format 2: keyframes and change snapshots (what differs from a
// keyframe), their round trips, their size and their validation.
#include "storage/tickcodec.h"
#include "storagetestsupport.h"

#include <QTest>

#include <limits>
#include <random>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

using States = std::vector<QuoteState>;

const Timestamp kT0 = easternTime(2025, 1, 13, 10, 5);

QuoteState quoted(Timestamp ts, Price bid, Price ask, std::int32_t bidSize, std::int32_t askSize)
{
    QuoteState s;
    s.apply(Tick::quote(ts, 0, bid, ask, bidSize, askSize));
    return s;
}

QuoteState traded(QuoteState s, Timestamp ts, Price price, std::int32_t size)
{
    s.apply(Tick::trade(ts, 0, price, size));
    return s;
}

// Decodes `keyframe` (a keyframe blob) and applies `change` over it.
Result<States> keyframePlusChange(const std::vector<std::uint8_t> &keyframe,
                                  const std::vector<std::uint8_t> &change, std::size_t count)
{
    States states;
    auto first = TickCodec::decodeSnapshot(keyframe, count, states);
    if (!first)
        return first.error();
    if (first.value().kind != SnapshotKind::Keyframe)
        return Error{"the keyframe decoded as a change snapshot"};
    auto second = TickCodec::decodeSnapshot(change, count, states);
    if (!second)
        return second.error();
    if (second.value().kind != SnapshotKind::Change)
        return Error{"the change snapshot decoded as a keyframe"};
    return states;
}

QString firstDifference(const States &actual, const States &expected)
{
    if (actual.size() != expected.size())
        return QStringLiteral("%1 states, expected %2").arg(actual.size()).arg(expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (!(actual[i] == expected[i]))
            return QStringLiteral("%1: %2, expected %3")
                .arg(i)
                .arg(describe(actual[i]), describe(expected[i]));
    return {};
}

} // namespace

class TestSnapshotCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keyframesRoundTripLotsAndUnits();
    void changeSnapshotsHoldOnlyWhatChanged();
    void changeSnapshotWithNothingChanged();
    void changeSnapshotsAreSmall();
    void changeSnapshotCannotRemoveState();
    void corruptChangeSnapshotsAreRejected();
};

void TestSnapshotCodec::keyframesRoundTripLotsAndUnits()
{
    // Sizes in whole lots (also negative and zero), in units, mixed; trades of both kinds.
    States states = {
        quoted(kT0 - 5, toPrice(230.1), toPrice(230.12), 300, 1200),
        quoted(kT0 - 6, toPrice(1.05), toPrice(1.1), 17, 250),
        traded(quoted(kT0 - 7, toPrice(2), toPrice(2.05), -100, 0), kT0 - 1, toPrice(2.01), 500),
        traded(QuoteState{}, kT0 - kNanosPerDay, toPrice(6000.25), 7),
        quoted(kT0, 0, 0, std::numeric_limits<std::int32_t>::min(),
               std::numeric_limits<std::int32_t>::max()),
        traded(quoted(kT0 - 9, -toPrice(3), toPrice(1e9), 100, -1), kT0 + 5,
               std::numeric_limits<Price>::min(), std::numeric_limits<std::int32_t>::min()),
        traded(QuoteState{}, kT0 - 3, toPrice(4), 2'147'483'600),
    };
    std::vector<std::uint8_t> bytes;
    TickCodec::encodeSnapshot(kT0, states, bytes);
    States decoded;
    auto info = TickCodec::decodeSnapshot(bytes, states.size() + 2, decoded);
    QVERIFY2(info.ok(), qPrintable(errorOf(info)));
    QCOMPARE(info.value().kind, SnapshotKind::Keyframe);
    QCOMPARE(info.value().ts, kT0);
    QCOMPARE(info.value().entries, std::uint32_t(states.size()));
    states.resize(states.size() + 2);
    const QString problem = firstDifference(decoded, states);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    auto inspected = TickCodec::inspectSnapshot(bytes);
    QVERIFY(inspected.ok());
    QCOMPARE(inspected.value().entries, info.value().entries);
}

void TestSnapshotCodec::changeSnapshotsHoldOnlyWhatChanged()
{
    const States keyframe = {
        traded(quoted(kT0 - 50, toPrice(10), toPrice(10.05), 12, 30), kT0 - 40, toPrice(10), 3),
        quoted(kT0 - 50, toPrice(1), toPrice(1.05), 40, 41),
        traded(QuoteState{}, kT0 - 45, toPrice(7), 100),
        QuoteState{},
        traded(quoted(kT0 - 30, toPrice(5), toPrice(5.1), 200, 300), kT0 - 20, toPrice(5.1), 9),
        quoted(kT0 - 10, toPrice(2), toPrice(2.02), 5, 6),
    };
    States now = keyframe;
    now[0].apply(Tick::quote(kT0 + 10, 0, toPrice(10.01), toPrice(10.06), 13, 31)); // quote only
    now[2].apply(Tick::trade(kT0 + 11, 2, toPrice(7.05), 100));                     // trade only
    now[3].apply(Tick::quote(kT0 + 12, 3, toPrice(3), toPrice(3.1), 1, 1));         // first seen
    now[3].apply(Tick::trade(kT0 + 13, 3, toPrice(3.05), 2));
    now[4].apply(Tick::quote(kT0 + 14, 4, toPrice(4.9), toPrice(5), 100, 300)); // both
    now[4].apply(Tick::trade(kT0 + 15, 4, toPrice(4.95), 10));
    now[5].askSize = 7;                                                 // one field, same time
    now.push_back(quoted(kT0 + 16, toPrice(0.5), toPrice(0.55), 1, 2)); // beyond the keyframe
    now.push_back(QuoteState{});

    const Timestamp at = kT0 + kNanosPerMinute;
    std::vector<std::uint8_t> keyframeBytes;
    TickCodec::encodeSnapshot(kT0, keyframe, keyframeBytes);
    std::vector<std::uint8_t> changeBytes;
    const auto entries = TickCodec::encodeChangeSnapshot(at, now, keyframe, changeBytes);
    QVERIFY(entries.has_value());
    QCOMPARE(*entries, 6u); // instruments 0, 2, 3, 4, 5 and 6; not 1 nor the empty 7
    auto info = TickCodec::inspectSnapshot(changeBytes);
    QVERIFY2(info.ok(), qPrintable(errorOf(info)));
    QCOMPARE(info.value().kind, SnapshotKind::Change);
    QCOMPARE(info.value().ts, at);
    QCOMPARE(info.value().entries, 6u);

    const std::size_t count = now.size() + 1; // the file knows one more instrument
    auto states = keyframePlusChange(keyframeBytes, changeBytes, count);
    QVERIFY2(states.ok(), qPrintable(errorOf(states)));
    States expected = now;
    expected.resize(count);
    const QString problem = firstDifference(states.value(), expected);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Only the parts that changed travel: a new quote alone costs less than a new quote and a
    // new trade (an unchanged trade part would cost the same as a changed one).
    States quoteOnly = keyframe;
    quoteOnly[0].apply(Tick::quote(kT0 + 10, 0, toPrice(10.01), toPrice(10.06), 13, 31));
    States both = quoteOnly;
    both[0].apply(Tick::trade(kT0 + 11, 0, toPrice(10), 3));
    std::vector<std::uint8_t> quoteOnlyBytes;
    std::vector<std::uint8_t> bothBytes;
    QCOMPARE(TickCodec::encodeChangeSnapshot(at, quoteOnly, keyframe, quoteOnlyBytes),
             std::optional<std::uint32_t>(1));
    QCOMPARE(TickCodec::encodeChangeSnapshot(at, both, keyframe, bothBytes),
             std::optional<std::uint32_t>(1));
    QVERIFY2(
        quoteOnlyBytes.size() + 3 <= bothBytes.size(),
        qPrintable(QStringLiteral("%1 vs %2").arg(quoteOnlyBytes.size()).arg(bothBytes.size())));
}

void TestSnapshotCodec::changeSnapshotWithNothingChanged()
{
    const States keyframe = {quoted(kT0 - 5, toPrice(10), toPrice(10.05), 12, 30), QuoteState{},
                             traded(QuoteState{}, kT0 - 4, toPrice(3), 1)};
    std::vector<std::uint8_t> keyframeBytes;
    TickCodec::encodeSnapshot(kT0, keyframe, keyframeBytes);
    std::vector<std::uint8_t> changeBytes;
    const auto entries =
        TickCodec::encodeChangeSnapshot(kT0 + kNanosPerMinute, keyframe, keyframe, changeBytes);
    QCOMPARE(entries, std::optional<std::uint32_t>(0));
    // Checksum, magic, flags, time and an entry count of zero.
    QVERIFY2(changeBytes.size() <= TickCodec::kChecksumBytes + 2 + 9 + 1,
             qPrintable(QString::number(changeBytes.size())));
    auto states = keyframePlusChange(keyframeBytes, changeBytes, 4);
    QVERIFY2(states.ok(), qPrintable(errorOf(states)));
    States expected = keyframe;
    expected.resize(4);
    QCOMPARE(states.value(), expected);
    // A change snapshot applied to too short a state fills it up to the instrument count.
    States shortState;
    QVERIFY(TickCodec::decodeSnapshot(changeBytes, 4, shortState).ok());
    QCOMPARE(shortState, States(4));
}

void TestSnapshotCodec::changeSnapshotsAreSmall()
{
    // 2,000 instruments with a quote and an old trade; a minute later 10% requoted and 2%
    // traded: the change snapshot costs a fraction of a keyframe.
    std::mt19937_64 rng(99);
    States keyframe;
    for (int i = 0; i < 2000; ++i) {
        const Price bid = toPrice(1 + static_cast<double>(rng() % 5000) / 100);
        keyframe.push_back(traded(quoted(kT0 - static_cast<Timestamp>(rng() % kNanosPerMinute), bid,
                                         bid + 5 * kCent, 1 + static_cast<int>(rng() % 400),
                                         1 + static_cast<int>(rng() % 400)),
                                  kT0 - static_cast<Timestamp>(rng() % kNanosPerHour), bid, 5));
    }
    States now = keyframe;
    for (int i = 0; i < 2000; i += 10)
        now[static_cast<std::size_t>(i)].apply(
            Tick::quote(kT0 + i, 0, now[static_cast<std::size_t>(i)].bid + kCent,
                        now[static_cast<std::size_t>(i)].ask + kCent, 3, 4));
    for (int i = 3; i < 2000; i += 50)
        now[static_cast<std::size_t>(i)].apply(Tick::trade(kT0 + i, 0, toPrice(2), 1));
    std::vector<std::uint8_t> full;
    TickCodec::encodeSnapshot(kT0 + kNanosPerMinute, now, full);
    std::vector<std::uint8_t> change;
    QCOMPARE(TickCodec::encodeChangeSnapshot(kT0 + kNanosPerMinute, now, keyframe, change),
             std::optional<std::uint32_t>(240));
    QVERIFY2(change.size() * 6 < full.size(),
             qPrintable(QStringLiteral("%1 vs %2 bytes").arg(change.size()).arg(full.size())));
    std::vector<std::uint8_t> keyframeBytes;
    TickCodec::encodeSnapshot(kT0, keyframe, keyframeBytes);
    auto states = keyframePlusChange(keyframeBytes, change, now.size());
    QVERIFY2(states.ok(), qPrintable(errorOf(states)));
    const QString problem = firstDifference(states.value(), now);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestSnapshotCodec::changeSnapshotCannotRemoveState()
{
    const States keyframe = {traded(quoted(kT0 - 5, 1, 2, 3, 4), kT0 - 4, 2, 1), QuoteState{}};
    std::vector<std::uint8_t> out = {1, 2, 3};
    States lostTrade = keyframe;
    lostTrade[0].tradeTs = 0;
    QVERIFY(!TickCodec::encodeChangeSnapshot(kT0, lostTrade, keyframe, out).has_value());
    States lostQuote = keyframe;
    lostQuote[0].quoteTs = 0;
    QVERIFY(!TickCodec::encodeChangeSnapshot(kT0, lostQuote, keyframe, out).has_value());
    QVERIFY(!TickCodec::encodeChangeSnapshot(kT0, States(1), keyframe, out).has_value());
    QCOMPARE(out, (std::vector<std::uint8_t>{1, 2, 3})); // untouched
}

void TestSnapshotCodec::corruptChangeSnapshotsAreRejected()
{
    States keyframe(6);
    keyframe[1] = quoted(kT0 - 5, toPrice(1), toPrice(2), 3, 4);
    keyframe[3] = traded(QuoteState{}, kT0 - 5, toPrice(5), 6);
    States now = keyframe;
    now[1].apply(Tick::quote(kT0, 1, toPrice(1.5), toPrice(2), 300, 400));
    now[3].apply(Tick::trade(kT0, 3, toPrice(5.5), 7));
    now[5] = quoted(kT0 - 1, toPrice(9), toPrice(9.5), 1, 2);
    std::vector<std::uint8_t> good;
    QVERIFY(TickCodec::encodeChangeSnapshot(kT0 + 10, now, keyframe, good).has_value());
    States out = keyframe;
    QVERIFY(TickCodec::decodeSnapshot(good, 6, out).ok());
    QCOMPARE(out, now);
    out = keyframe;
    QVERIFY(!TickCodec::decodeSnapshot(good, 5, out).ok()); // entry 5 beyond the file's ids
    for (std::size_t i = 0; i < good.size(); ++i) {
        std::vector<std::uint8_t> bad = good;
        bad[i] ^= 0x41;
        out = keyframe;
        QVERIFY2(!TickCodec::decodeSnapshot(bad, 6, out).ok(), qPrintable(QString::number(i)));
        bad = good;
        bad.resize(i);
        QVERIFY2(!TickCodec::decodeSnapshot(bad, 6, out).ok(), qPrintable(QString::number(i)));
    }
    // Mutations behind a valid checksum fail cleanly or decode to six states, nothing else.
    std::mt19937 rng(3);
    int rejected = 0;
    for (int round = 0; round < 2000; ++round) {
        std::vector<std::uint8_t> bad = good;
        bad[TickCodec::kChecksumBytes + rng() % (bad.size() - TickCodec::kChecksumBytes)] =
            static_cast<std::uint8_t>(rng());
        TickCodec::reseal(bad);
        out = keyframe;
        if (!TickCodec::decodeSnapshot(bad, 6, out).ok())
            ++rejected;
        QCOMPARE(out.size(), std::size_t{6});
    }
    QVERIFY2(rejected > 200, qPrintable(QString::number(rejected)));
    // A block is not a snapshot.
    ChainState chain(6);
    std::vector<std::uint8_t> block;
    const Tick t = Tick::quote(1, 0, 1, 2, 3, 4);
    TickCodec::encodeBlock(std::span<const Tick>(&t, 1), BlockKind::Chained, chain, block);
    QVERIFY(!TickCodec::decodeSnapshot(block, 6, out).ok());
    QVERIFY(!TickCodec::inspectSnapshot(block).ok());
}

QTEST_GUILESS_MAIN(TestSnapshotCodec)
#include "tst_snapshotcodec.moc"
