// TickCodec, snapshots: keyframes and change snapshots (format 2), full snapshots of format 1.
#include "storage/tickcodec.h"
#include "storage/varintcoding.h"

#include <limits>
#include <string>

namespace mag7::storage {

namespace {

constexpr std::uint8_t kSnapshotMagic1 = 0x5A; // format 1: full snapshot
constexpr std::uint8_t kKeyframeMagic = 0x5B;
constexpr std::uint8_t kChangeMagic = 0x5C;
constexpr std::size_t kChecksumBytes = TickCodec::kChecksumBytes;

// Entry mask bits (format 2).
constexpr std::uint64_t kQuotePart = 1;
constexpr std::uint64_t kTradePart = 2;
constexpr std::uint64_t kLotSizes = 4; // both quote sizes in round lots of 100
constexpr int kMaskBits = 3;

// The most bytes one entry takes: key, two times, three prices, two sizes.
constexpr std::size_t kMaxEntryBytes = 8 * 11;

Error corrupt(const char *what)
{
    return Error{std::string("corrupt tick data: ") + what};
}

bool sameQuote(const QuoteState &a, const QuoteState &b)
{
    return a.quoteTs == b.quoteTs && a.bid == b.bid && a.ask == b.ask && a.bidSize == b.bidSize &&
           a.askSize == b.askSize;
}

bool sameTrade(const QuoteState &a, const QuoteState &b)
{
    return a.tradeTs == b.tradeTs && a.last == b.last && a.lastSize == b.lastSize;
}

std::uint64_t age(Timestamp ts, Timestamp at)
{
    return static_cast<std::uint64_t>(ts) - static_cast<std::uint64_t>(at);
}

Timestamp fromAge(std::uint64_t ts, std::uint64_t age)
{
    return static_cast<Timestamp>(ts - age);
}

// One format-2 entry: the parts in `mask` (kQuotePart, kTradePart) of `s`. `referenceBid` is
// what the bid is coded against (the keyframe's bid in a change snapshot, else 0).
void writeEntry(VarintWriter &w, Timestamp ts, std::uint64_t gap, std::uint64_t mask,
                const QuoteState &s, Price referenceBid)
{
    const auto bidSize = static_cast<std::uint32_t>(s.bidSize);
    const auto askSize = static_cast<std::uint32_t>(s.askSize);
    const bool lots = (mask & kQuotePart) && bidSize % 100 == 0 && askSize % 100 == 0;
    w.varint(gap << kMaskBits | mask | (lots ? kLotSizes : 0));
    if (mask & kQuotePart) {
        w.varint(age(ts, s.quoteTs));
        w.price(s.bid, referenceBid);
        w.price(s.ask, s.bid);
        w.varint(lots ? interleave(bidSize / 100, askSize / 100) : interleave(bidSize, askSize));
    }
    if (mask & kTradePart) {
        w.varint(age(ts, s.tradeTs));
        w.price(s.last, s.hasQuote() ? s.bid : 0);
        const auto size = static_cast<std::uint32_t>(s.lastSize);
        w.flagged(size % 100 == 0 ? size / 100 : size, size % 100 != 0);
    }
}

struct SnapshotHeader {
    std::uint8_t magic = 0;
    SnapshotInfo info;
};

Result<SnapshotHeader> readHeader(std::span<const std::uint8_t> data, VarintReader &r)
{
    if (data.size() < kChecksumBytes + 2)
        return corrupt("snapshot too short");
    if (getU32(data.data()) !=
        computeChecksum(data.data() + kChecksumBytes, data.size() - kChecksumBytes))
        return corrupt("snapshot checksum mismatch");
    r = VarintReader(data.data() + kChecksumBytes, data.data() + data.size());
    SnapshotHeader header;
    std::uint8_t flags = 0;
    (void)r.byte(header.magic);
    (void)r.byte(flags);
    if ((header.magic != kSnapshotMagic1 && header.magic != kKeyframeMagic &&
         header.magic != kChangeMagic) ||
        flags != 0)
        return corrupt("not a snapshot");
    std::uint64_t ts = 0;
    std::uint64_t entries = 0;
    // Every entry takes at least one byte.
    if (!r.varint(ts) || !r.varint(entries) || entries > r.remaining())
        return corrupt("bad snapshot header");
    header.info.kind = header.magic == kChangeMagic ? SnapshotKind::Change : SnapshotKind::Keyframe;
    header.info.ts = static_cast<Timestamp>(ts);
    header.info.entries = static_cast<std::uint32_t>(entries);
    return header;
}

// Format 1 entries: sizes as flagged values, ages zigzagged.
Status readEntries1(VarintReader &r, const SnapshotInfo &info, std::size_t instrumentCount,
                    std::vector<QuoteState> &states)
{
    const auto rawTs = static_cast<std::uint64_t>(info.ts);
    std::uint64_t nextId = 0;
    for (std::uint64_t e = 0; e < info.entries; ++e) {
        std::uint64_t entry = 0;
        if (!r.varint(entry))
            return corrupt("bad snapshot entry");
        const std::uint64_t gap = entry >> 2;
        const auto mask = static_cast<std::uint8_t>(entry & 3);
        if (gap >= instrumentCount - nextId || mask == 0)
            return corrupt("bad snapshot entry");
        const std::uint64_t id = nextId + gap;
        nextId = id + 1;
        QuoteState &s = states[id];
        std::uint64_t ageValue = 0;
        if (mask & 1) {
            if (!r.varint(ageValue) || !r.price(s.bid, 0) || !r.price(s.ask, s.bid) ||
                !r.size(s.bidSize, 0) || !r.size(s.askSize, s.bidSize))
                return corrupt("bad snapshot quote");
            s.quoteTs = fromAge(rawTs, static_cast<std::uint64_t>(unzigzag(ageValue)));
            if (s.quoteTs == 0)
                return corrupt("bad snapshot quote time");
        }
        if (mask & 2) {
            if (!r.varint(ageValue) || !r.price(s.last, s.bid) || !r.size(s.lastSize, 0))
                return corrupt("bad snapshot trade");
            s.tradeTs = fromAge(rawTs, static_cast<std::uint64_t>(unzigzag(ageValue)));
            if (s.tradeTs == 0)
                return corrupt("bad snapshot trade time");
        }
    }
    return Status::success();
}

// Format 2 entries, applied over `states` (the keyframe's state for a change snapshot).
Status readEntries2(VarintReader &r, const SnapshotInfo &info, std::size_t instrumentCount,
                    std::vector<QuoteState> &states)
{
    const auto rawTs = static_cast<std::uint64_t>(info.ts);
    std::uint64_t nextId = 0;
    for (std::uint64_t e = 0; e < info.entries; ++e) {
        std::uint64_t entry = 0;
        if (!r.varint(entry))
            return corrupt("bad snapshot entry");
        const std::uint64_t gap = entry >> kMaskBits;
        const std::uint64_t mask = entry & ((1u << kMaskBits) - 1);
        if (gap >= instrumentCount - nextId || (mask & (kQuotePart | kTradePart)) == 0 ||
            ((mask & kLotSizes) && !(mask & kQuotePart)))
            return corrupt("bad snapshot entry");
        const std::uint64_t id = nextId + gap;
        nextId = id + 1;
        QuoteState &s = states[id];
        std::uint64_t ageValue = 0;
        if (mask & kQuotePart) {
            const Price referenceBid = s.hasQuote() ? s.bid : 0;
            std::uint64_t sizes = 0;
            if (!r.varint(ageValue) || !r.price(s.bid, referenceBid) || !r.price(s.ask, s.bid) ||
                !r.varint(sizes))
                return corrupt("bad snapshot quote");
            std::uint64_t bidSize = evenBits(sizes);
            std::uint64_t askSize = evenBits(sizes >> 1);
            if (mask & kLotSizes) {
                bidSize *= 100;
                askSize *= 100;
                if (bidSize > std::numeric_limits<std::uint32_t>::max() ||
                    askSize > std::numeric_limits<std::uint32_t>::max())
                    return corrupt("bad snapshot quote sizes");
            }
            s.bidSize = static_cast<std::int32_t>(static_cast<std::uint32_t>(bidSize));
            s.askSize = static_cast<std::int32_t>(static_cast<std::uint32_t>(askSize));
            s.quoteTs = fromAge(rawTs, ageValue);
            if (s.quoteTs == 0)
                return corrupt("bad snapshot quote time");
        }
        if (mask & kTradePart) {
            std::uint64_t size = 0;
            bool units = false;
            if (!r.varint(ageValue) || !r.price(s.last, s.hasQuote() ? s.bid : 0) ||
                !r.flagged(size, units))
                return corrupt("bad snapshot trade");
            constexpr std::uint64_t kMaxSize = std::numeric_limits<std::uint32_t>::max();
            if (size > (units ? kMaxSize : kMaxSize / 100))
                return corrupt("bad snapshot trade size");
            size *= units ? 1 : 100;
            s.lastSize = static_cast<std::int32_t>(static_cast<std::uint32_t>(size));
            s.tradeTs = fromAge(rawTs, ageValue);
            if (s.tradeTs == 0)
                return corrupt("bad snapshot trade time");
        }
    }
    return Status::success();
}

void seal(std::vector<std::uint8_t> &out, const std::uint8_t *end)
{
    out.resize(static_cast<std::size_t>(end - out.data()));
    putU32(out, 0, computeChecksum(out.data() + kChecksumBytes, out.size() - kChecksumBytes));
}

} // namespace

void TickCodec::encodeSnapshot(Timestamp ts, std::span<const QuoteState> states,
                               std::vector<std::uint8_t> &out)
{
    std::size_t entries = 0;
    for (const QuoteState &s : states)
        entries += (s.hasQuote() || s.hasTrade()) ? 1 : 0;
    out.assign(kChecksumBytes + 2 + 20 + entries * kMaxEntryBytes, 0);
    VarintWriter w(out.data() + kChecksumBytes);
    w.byte(kKeyframeMagic);
    w.byte(0);
    w.varint(static_cast<std::uint64_t>(ts));
    w.varint(entries);
    std::uint64_t nextId = 0;
    for (std::size_t id = 0; id < states.size(); ++id) {
        const QuoteState &s = states[id];
        const std::uint64_t mask =
            (s.hasQuote() ? kQuotePart : 0) | (s.hasTrade() ? kTradePart : 0);
        if (mask == 0)
            continue;
        writeEntry(w, ts, id - nextId, mask, s, 0);
        nextId = id + 1;
    }
    seal(out, w.pos());
}

std::optional<std::uint32_t> TickCodec::encodeChangeSnapshot(Timestamp ts,
                                                             std::span<const QuoteState> states,
                                                             std::span<const QuoteState> keyframe,
                                                             std::vector<std::uint8_t> &out)
{
    if (keyframe.size() > states.size())
        return std::nullopt;
    std::size_t entries = 0;
    for (std::size_t id = 0; id < states.size(); ++id) {
        const QuoteState &s = states[id];
        const QuoteState base = id < keyframe.size() ? keyframe[id] : QuoteState{};
        if ((base.hasQuote() && !s.hasQuote()) || (base.hasTrade() && !s.hasTrade()))
            return std::nullopt;
        entries += ((s.hasQuote() && !sameQuote(s, base)) || (s.hasTrade() && !sameTrade(s, base)))
                       ? 1
                       : 0;
    }
    out.assign(kChecksumBytes + 2 + 20 + entries * kMaxEntryBytes, 0);
    VarintWriter w(out.data() + kChecksumBytes);
    w.byte(kChangeMagic);
    w.byte(0);
    w.varint(static_cast<std::uint64_t>(ts));
    w.varint(entries);
    std::uint64_t nextId = 0;
    for (std::size_t id = 0; id < states.size(); ++id) {
        const QuoteState &s = states[id];
        const QuoteState base = id < keyframe.size() ? keyframe[id] : QuoteState{};
        const std::uint64_t mask = (s.hasQuote() && !sameQuote(s, base) ? kQuotePart : 0) |
                                   (s.hasTrade() && !sameTrade(s, base) ? kTradePart : 0);
        if (mask == 0)
            continue;
        writeEntry(w, ts, id - nextId, mask, s, base.hasQuote() ? base.bid : 0);
        nextId = id + 1;
    }
    seal(out, w.pos());
    return static_cast<std::uint32_t>(entries);
}

Result<SnapshotInfo> TickCodec::inspectSnapshot(std::span<const std::uint8_t> data)
{
    VarintReader r(nullptr, nullptr);
    auto header = readHeader(data, r);
    if (!header)
        return header.error();
    return header.value().info;
}

Result<SnapshotInfo> TickCodec::decodeSnapshot(std::span<const std::uint8_t> data,
                                               std::size_t instrumentCount,
                                               std::vector<QuoteState> &states)
{
    VarintReader r(nullptr, nullptr);
    auto header = readHeader(data, r);
    if (!header)
        return header.error();
    const SnapshotInfo &info = header.value().info;
    if (info.entries > instrumentCount)
        return corrupt("bad snapshot header");
    if (info.kind == SnapshotKind::Keyframe)
        states.assign(instrumentCount, QuoteState{});
    else if (states.size() < instrumentCount)
        states.resize(instrumentCount);
    const Status status = header.value().magic == kSnapshotMagic1
                              ? readEntries1(r, info, instrumentCount, states)
                              : readEntries2(r, info, instrumentCount, states);
    if (!status)
        return Error{status.message()};
    if (!r.atEnd())
        return corrupt("trailing bytes after the snapshot");
    return info;
}

} // namespace mag7::storage
