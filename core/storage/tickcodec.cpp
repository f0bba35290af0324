#include "storage/tickcodec.h"

#include "storage/varintcoding.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <string>

namespace mag7::storage {

namespace {

constexpr std::uint8_t kBlockMagic = 0xB7;
constexpr std::uint8_t kSnapshotMagic = 0x5A;
constexpr std::size_t kChecksumBytes = TickCodec::kChecksumBytes;

// Per-tick header bits.
constexpr std::uint8_t kTrade = 0x01;
constexpr std::uint8_t kQuoteBid = 0x02;
constexpr std::uint8_t kQuoteAsk = 0x04;
constexpr std::uint8_t kQuoteBidSize = 0x08;
constexpr std::uint8_t kQuoteAskSize = 0x10;
constexpr std::uint8_t kTradePriceMask = 0x06; // 2-bit mode, see TradePrice
constexpr std::uint8_t kTradeSize = 0x08;
constexpr std::uint8_t kTradeInvalid = 0x10;
constexpr std::uint8_t kExtra = 0x20;
constexpr std::uint8_t kSameInstrument = 0x40;
constexpr std::uint8_t kZeroDelta = 0x80;

// Trade price modes: trades mostly print at the last price or at the touch, which then costs
// no bytes at all.
enum TradePrice : std::uint8_t {
    TradeAtLast = 0,
    TradeDelta = 1 << 1,
    TradeAtBid = 2 << 1,
    TradeAtAsk = 3 << 1,
};

constexpr std::uint64_t kExtraTradeQuoteFields = std::uint64_t{1} << 24;

constexpr std::array<std::uint64_t, 10> kPow10 = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

// The most bytes one encoded tick takes: header + time + id + extra + 2 extra fields + 4
// fields, each at most 10 bytes.
constexpr std::size_t kMaxTickBytes = 1 + 10 * 9;
// The most bytes decoding one tick reads, even from corrupt input (header, three varints, four
// 11-byte flagged fields): the decoder skips bounds checks while this many remain.
constexpr std::size_t kMaxTickReadBytes = 1 + 3 * 10 + 4 * 11;

Error corrupt(const char *what)
{
    return Error{std::string("corrupt tick data: ") + what};
}

struct BlockHeader {
    BlockInfo info;
    std::uint64_t unit = 1;
};

Result<BlockHeader> readBlockHeader(std::span<const std::uint8_t> data, VarintReader &reader)
{
    if (data.size() < kChecksumBytes + 3)
        return corrupt("block too short");
    if (getU32(data.data()) !=
        computeChecksum(data.data() + kChecksumBytes, data.size() - kChecksumBytes))
        return corrupt("block checksum mismatch");
    reader = VarintReader(data.data() + kChecksumBytes, data.data() + data.size());
    std::uint8_t magic = 0;
    std::uint8_t flags = 0;
    std::uint8_t exponent = 0;
    (void)reader.byte(magic);
    (void)reader.byte(flags);
    (void)reader.byte(exponent);
    if (magic != kBlockMagic)
        return corrupt("not a tick block");
    if (flags > 1)
        return corrupt("unknown block flags");
    if (exponent >= kPow10.size())
        return corrupt("bad time unit");
    std::uint64_t count = 0;
    std::uint64_t firstTs = 0;
    if (!reader.varint(count) || !reader.varint(firstTs))
        return corrupt("truncated block header");
    // Every tick takes at least one byte, which also bounds the allocation a corrupt count
    // could ask for.
    if (count == 0 || count > reader.remaining())
        return corrupt("bad tick count");
    BlockHeader header;
    header.info.kind = flags == 1 ? BlockKind::Standalone : BlockKind::Chained;
    header.info.count = static_cast<std::uint32_t>(count);
    header.info.firstTs = static_cast<Timestamp>(firstTs);
    header.unit = kPow10[exponent];
    return header;
}

// Decoding state carried from tick to tick within a block.
struct DecodeCursor {
    std::uint64_t ts = 0;
    std::uint64_t id = 0;
    bool haveId = false;
};

// Decodes one tick; returns what is wrong, or nullptr. (A two-pass variant that prefetched the
// chain entries measured no faster: the work is parsing, not waiting for memory.)
template <bool Standalone, bool Checked>
const char *decodeTick(VarintReader &r, const BlockHeader &header, std::size_t instrumentCount,
                       ChainEntry *chain, DecodeCursor &cursor, Tick &t)
{
    std::uint8_t h;
    if (!r.byte<Checked>(h))
        return "truncated tick";
    if ((h & kZeroDelta) == 0) {
        std::uint64_t delta;
        if (!r.varint<Checked>(delta))
            return "truncated time delta";
        cursor.ts += delta * header.unit;
    }
    if ((h & kSameInstrument) == 0) {
        if (!r.varint<Checked>(cursor.id) || cursor.id >= instrumentCount)
            return "bad instrument id";
        cursor.haveId = true;
    } else if (!cursor.haveId) {
        return "repeated instrument without a first one";
    }
    t.ts = static_cast<Timestamp>(cursor.ts);
    t.instrument = static_cast<InstrumentId>(cursor.id);
    t.flags = 0;
    t.reserved = 0;
    bool tradeQuoteFields = false;
    if (h & kExtra) {
        std::uint64_t extra;
        if (!r.varint<Checked>(extra) || extra >= (kExtraTradeQuoteFields << 1))
            return "bad extra fields";
        t.flags = static_cast<std::uint8_t>(extra);
        t.reserved = static_cast<std::uint16_t>(extra >> 8);
        tradeQuoteFields = (extra & kExtraTradeQuoteFields) != 0;
        if (tradeQuoteFields && (h & kTrade) == 0)
            return "quote with trade fields";
    }
    ChainEntry scratch;
    ChainEntry &c = Standalone ? scratch : chain[cursor.id];
    if ((h & kTrade) == 0) {
        if ((h & kQuoteBid) && !r.price<Checked>(c.bid, c.bid))
            return "bad bid";
        if ((h & kQuoteAsk) && !r.price<Checked>(c.ask, c.ask))
            return "bad ask";
        if ((h & kQuoteBidSize) && !r.size<Checked>(c.bidSize, c.bidSize))
            return "bad bid size";
        if ((h & kQuoteAskSize) && !r.size<Checked>(c.askSize, c.askSize))
            return "bad ask size";
        t.kind = TickKind::Quote;
        t.bid = c.bid;
        t.ask = c.ask;
        t.bidSize = c.bidSize;
        t.askSize = c.askSize;
        return nullptr;
    }
    if (h & kTradeInvalid)
        return "bad trade header";
    t.ask = 0;
    t.askSize = 0;
    if (tradeQuoteFields && (!r.price<Checked>(t.ask, 0) || !r.size<Checked>(t.askSize, 0)))
        return "bad trade extra fields";
    switch (h & kTradePriceMask) {
    case TradeAtLast:
        break;
    case TradeDelta:
        if (!r.price<Checked>(c.last, c.last))
            return "bad trade price";
        break;
    case TradeAtBid:
        c.last = c.bid;
        break;
    default:
        c.last = c.ask;
        break;
    }
    if ((h & kTradeSize) && !r.size<Checked>(c.lastSize, c.lastSize))
        return "bad trade size";
    t.kind = TickKind::Trade;
    t.bid = c.last;
    t.bidSize = c.lastSize;
    return nullptr;
}

// The per-tick loop, instantiated for chained and standalone blocks. Bounds checks are only
// paid near the end of the block.
template <bool Standalone>
Status decodeTicks(VarintReader &reader, const BlockHeader &header, std::size_t instrumentCount,
                   ChainEntry *chain, Tick *out)
{
    DecodeCursor cursor;
    cursor.ts = static_cast<std::uint64_t>(header.info.firstTs);
    for (std::uint32_t i = 0; i < header.info.count; ++i) {
        const char *problem = reader.remaining() >= kMaxTickReadBytes
                                  ? decodeTick<Standalone, false>(reader, header, instrumentCount,
                                                                  chain, cursor, out[i])
                                  : decodeTick<Standalone, true>(reader, header, instrumentCount,
                                                                 chain, cursor, out[i]);
        if (problem != nullptr)
            return corrupt(problem);
    }
    if (!reader.atEnd())
        return corrupt("trailing bytes after the last tick");
    return Status::success();
}

} // namespace

std::uint32_t TickCodec::checksum(std::span<const std::uint8_t> data)
{
    return computeChecksum(data.data(), data.size());
}

void TickCodec::reseal(std::span<std::uint8_t> data)
{
    if (data.size() < kChecksumBytes)
        return;
    const std::uint32_t sum =
        computeChecksum(data.data() + kChecksumBytes, data.size() - kChecksumBytes);
    for (std::size_t i = 0; i < kChecksumBytes; ++i)
        data[i] = static_cast<std::uint8_t>(sum >> (8 * i));
}

void TickCodec::resetChain(ChainState &chain, std::span<const QuoteState> states)
{
    const std::size_t common = std::min(chain.size(), states.size());
    for (std::size_t i = 0; i < common; ++i) {
        const QuoteState &s = states[i];
        chain[i] = ChainEntry{s.bid, s.ask, s.last, s.bidSize, s.askSize, s.lastSize};
    }
    std::fill(chain.begin() + static_cast<std::ptrdiff_t>(common), chain.end(), ChainEntry{});
}

void TickCodec::encodeBlock(std::span<const Tick> ticks, BlockKind kind, ChainState &chain,
                            std::vector<std::uint8_t> &out)
{
    const bool standalone = kind == BlockKind::Standalone;
    const auto firstTs = static_cast<std::uint64_t>(ticks.front().ts);

    // The coarsest power-of-ten unit that divides every time delta: feeds with micro- or
    // millisecond clocks then pay for the digits they actually have.
    std::size_t exponent = kPow10.size() - 1;
    std::uint64_t previousTs = firstTs;
    for (const Tick &t : ticks) {
        const std::uint64_t delta = static_cast<std::uint64_t>(t.ts) - previousTs;
        while (exponent > 0 && delta % kPow10[exponent] != 0)
            --exponent;
        previousTs = static_cast<std::uint64_t>(t.ts);
    }
    const std::uint64_t unit = kPow10[exponent];

    // Encode into a per-thread scratch buffer sized for the worst case, then copy the real
    // bytes: resizing `out` to the worst case would zero-fill ~9x the encoded size every block.
    thread_local std::vector<std::uint8_t> scratchBuffer;
    const std::size_t worstCase = kChecksumBytes + 3 + 20 + ticks.size() * kMaxTickBytes;
    if (scratchBuffer.size() < worstCase)
        scratchBuffer.resize(worstCase);
    VarintWriter w(scratchBuffer.data() + kChecksumBytes);
    w.byte(kBlockMagic);
    w.byte(standalone ? 1 : 0);
    w.byte(static_cast<std::uint8_t>(exponent));
    w.varint(ticks.size());
    w.varint(firstTs);

    previousTs = firstTs;
    InstrumentId previousId = kInvalidInstrument;
    ChainEntry scratch;
    constexpr std::size_t kAhead = 8; // chain entries are scattered: fetch ahead
    for (std::size_t index = 0; index < ticks.size(); ++index) {
        const Tick &t = ticks[index];
        if (!standalone && index + kAhead < ticks.size())
            __builtin_prefetch(&chain[ticks[index + kAhead].instrument], 1);
        std::uint8_t *headerPos = w.pos();
        w.byte(0);
        std::uint8_t h = 0;
        const std::uint64_t delta = static_cast<std::uint64_t>(t.ts) - previousTs;
        previousTs = static_cast<std::uint64_t>(t.ts);
        if (delta == 0)
            h |= kZeroDelta;
        else
            w.varint(delta / unit);
        if (t.instrument == previousId)
            h |= kSameInstrument;
        else
            w.varint(t.instrument);
        previousId = t.instrument;

        const bool trade = t.kind == TickKind::Trade;
        const bool tradeQuoteFields = trade && (t.ask != 0 || t.askSize != 0);
        if (t.flags != 0 || t.reserved != 0 || tradeQuoteFields) {
            h |= kExtra;
            w.varint(std::uint64_t{t.flags} | std::uint64_t{t.reserved} << 8 |
                     (tradeQuoteFields ? kExtraTradeQuoteFields : 0));
        }
        ChainEntry &c = standalone ? (scratch = ChainEntry{}) : chain[t.instrument];
        if (!trade) {
            if (t.bid != c.bid) {
                h |= kQuoteBid;
                w.price(t.bid, c.bid);
                c.bid = t.bid;
            }
            if (t.ask != c.ask) {
                h |= kQuoteAsk;
                w.price(t.ask, c.ask);
                c.ask = t.ask;
            }
            if (t.bidSize != c.bidSize) {
                h |= kQuoteBidSize;
                w.size(t.bidSize, c.bidSize);
                c.bidSize = t.bidSize;
            }
            if (t.askSize != c.askSize) {
                h |= kQuoteAskSize;
                w.size(t.askSize, c.askSize);
                c.askSize = t.askSize;
            }
        } else {
            h |= kTrade;
            if (tradeQuoteFields) {
                w.price(t.ask, 0);
                w.size(t.askSize, 0);
            }
            const Price price = t.price();
            if (price == c.last) {
                h |= TradeAtLast;
            } else if (price == c.bid) {
                h |= TradeAtBid;
            } else if (price == c.ask) {
                h |= TradeAtAsk;
            } else {
                h |= TradeDelta;
                w.price(price, c.last);
            }
            c.last = price;
            if (t.size() != c.lastSize) {
                h |= kTradeSize;
                w.size(t.size(), c.lastSize);
                c.lastSize = t.size();
            }
        }
        *headerPos = h;
    }
    const auto size = static_cast<std::size_t>(w.pos() - scratchBuffer.data());
    const std::uint32_t sum =
        computeChecksum(scratchBuffer.data() + kChecksumBytes, size - kChecksumBytes);
    for (std::size_t i = 0; i < kChecksumBytes; ++i)
        scratchBuffer[i] = static_cast<std::uint8_t>(sum >> (8 * i));
    out.insert(out.end(), scratchBuffer.data(), scratchBuffer.data() + size);
}

Result<BlockInfo> TickCodec::inspectBlock(std::span<const std::uint8_t> data)
{
    VarintReader reader(nullptr, nullptr);
    auto header = readBlockHeader(data, reader);
    if (!header)
        return header.error();
    return header.value().info;
}

Result<BlockInfo> TickCodec::decodeBlock(std::span<const std::uint8_t> data,
                                         std::size_t instrumentCount, ChainState &chain,
                                         std::span<Tick> out)
{
    VarintReader reader(nullptr, nullptr);
    auto header = readBlockHeader(data, reader);
    if (!header)
        return header.error();
    if (header.value().info.count > out.size())
        return corrupt("more ticks than the block index says");
    Status status;
    if (header.value().info.kind == BlockKind::Standalone) {
        status = decodeTicks<true>(reader, header.value(), instrumentCount, nullptr, out.data());
    } else {
        if (chain.size() < instrumentCount)
            chain.resize(instrumentCount);
        status =
            decodeTicks<false>(reader, header.value(), instrumentCount, chain.data(), out.data());
    }
    if (!status)
        return Error{status.message()};
    return header.value().info;
}

Result<BlockInfo> TickCodec::decodeBlock(std::span<const std::uint8_t> data,
                                         std::size_t instrumentCount, ChainState &chain,
                                         std::vector<Tick> &out)
{
    auto info = inspectBlock(data);
    if (!info)
        return info.error();
    const std::size_t start = out.size();
    out.resize(start + info.value().count);
    auto decoded = decodeBlock(data, instrumentCount, chain,
                               std::span<Tick>(out.data() + start, info.value().count));
    if (!decoded)
        out.resize(start);
    return decoded;
}

void TickCodec::encodeSnapshot(Timestamp ts, std::span<const QuoteState> states,
                               std::vector<std::uint8_t> &out)
{
    std::size_t entries = 0;
    for (const QuoteState &s : states)
        entries += (s.hasQuote() || s.hasTrade()) ? 1 : 0;
    out.assign(kChecksumBytes + 2 + 20 + entries * (10 + 1 + 8 * 10), 0);
    VarintWriter w(out.data() + kChecksumBytes);
    w.byte(kSnapshotMagic);
    w.byte(0);
    w.varint(static_cast<std::uint64_t>(ts));
    w.varint(entries);
    std::uint64_t nextId = 0;
    for (std::size_t id = 0; id < states.size(); ++id) {
        const QuoteState &s = states[id];
        if (!s.hasQuote() && !s.hasTrade())
            continue;
        // One varint for the id gap and what the entry holds: ids are dense, so one byte.
        w.varint((id - nextId) << 2 | (s.hasQuote() ? 1 : 0) | (s.hasTrade() ? 2 : 0));
        nextId = id + 1;
        if (s.hasQuote()) {
            w.varint(zigzag(static_cast<std::int64_t>(static_cast<std::uint64_t>(ts) -
                                                      static_cast<std::uint64_t>(s.quoteTs))));
            w.price(s.bid, 0);
            w.price(s.ask, s.bid);
            w.size(s.bidSize, 0);
            w.size(s.askSize, s.bidSize);
        }
        if (s.hasTrade()) {
            w.varint(zigzag(static_cast<std::int64_t>(static_cast<std::uint64_t>(ts) -
                                                      static_cast<std::uint64_t>(s.tradeTs))));
            w.price(s.last, s.bid);
            w.size(s.lastSize, 0);
        }
    }
    out.resize(static_cast<std::size_t>(w.pos() - out.data()));
    putU32(out, 0, computeChecksum(out.data() + kChecksumBytes, out.size() - kChecksumBytes));
}

Result<Timestamp> TickCodec::decodeSnapshot(std::span<const std::uint8_t> data,
                                            std::size_t instrumentCount,
                                            std::vector<QuoteState> &states)
{
    if (data.size() < kChecksumBytes + 2)
        return corrupt("snapshot too short");
    if (getU32(data.data()) !=
        computeChecksum(data.data() + kChecksumBytes, data.size() - kChecksumBytes))
        return corrupt("snapshot checksum mismatch");
    VarintReader r(data.data() + kChecksumBytes, data.data() + data.size());
    std::uint8_t magic = 0;
    std::uint8_t flags = 0;
    (void)r.byte(magic);
    (void)r.byte(flags);
    if (magic != kSnapshotMagic || flags != 0)
        return corrupt("not a snapshot");
    std::uint64_t rawTs = 0;
    std::uint64_t entries = 0;
    if (!r.varint(rawTs) || !r.varint(entries) || entries > instrumentCount)
        return corrupt("bad snapshot header");
    const auto ts = static_cast<Timestamp>(rawTs);
    states.assign(instrumentCount, QuoteState{});
    std::uint64_t nextId = 0;
    for (std::uint64_t e = 0; e < entries; ++e) {
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
        std::uint64_t age = 0;
        if (mask & 1) {
            if (!r.varint(age) || !r.price(s.bid, 0) || !r.price(s.ask, s.bid) ||
                !r.size(s.bidSize, 0) || !r.size(s.askSize, s.bidSize))
                return corrupt("bad snapshot quote");
            s.quoteTs = static_cast<Timestamp>(rawTs - static_cast<std::uint64_t>(unzigzag(age)));
            if (s.quoteTs == 0)
                return corrupt("bad snapshot quote time");
        }
        if (mask & 2) {
            if (!r.varint(age) || !r.price(s.last, s.bid) || !r.size(s.lastSize, 0))
                return corrupt("bad snapshot trade");
            s.tradeTs = static_cast<Timestamp>(rawTs - static_cast<std::uint64_t>(unzigzag(age)));
            if (s.tradeTs == 0)
                return corrupt("bad snapshot trade time");
        }
    }
    if (!r.atEnd())
        return corrupt("trailing bytes after the snapshot");
    return ts;
}

} // namespace mag7::storage
