// TickCodec, blocks: decoding (formats 1 and 2), chains and checksums. The encoder is in
// tickblockencoder.cpp, snapshots in ticksnapshotcodec.cpp.
#include "storage/tickcodec.h"

#include "storage/tickblockformat.h"
#include "storage/varintcoding.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <vector>

namespace mag7::storage {

using namespace blockformat;

namespace {

Error corrupt(const char *what)
{
    return Error{std::string("corrupt tick data: ") + what};
}

struct BlockHeader {
    BlockInfo info;
    std::uint64_t unit = 1;
    bool format2 = false;
    std::uint64_t quoteInterval = 0; // 0: no interval times
    std::uint32_t dictionarySize = 0;
    std::array<std::uint32_t, kMaxDictionary> dictionary{};
    int riceParameter = 0; // of the time deltas
    std::uint32_t deltaCount = 0;
    const std::uint8_t *timeBegin = nullptr; // the Rice-coded time deltas
    const std::uint8_t *timeEnd = nullptr;
};

Result<BlockHeader> readBlockHeader(std::span<const std::uint8_t> data, VarintReader &reader,
                                    std::size_t instrumentCount)
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
    if (magic != kBlockMagic1 && magic != kBlockMagic2)
        return corrupt("not a tick block");
    if (flags > 1)
        return corrupt("unknown block flags");
    if (exponent >= kPow10.size())
        return corrupt("bad time unit");
    std::uint64_t count = 0;
    std::uint64_t firstTs = 0;
    if (!reader.varint(count) || !reader.varint(firstTs))
        return corrupt("truncated block header");
    BlockHeader header;
    header.format2 = magic == kBlockMagic2;
    if (header.format2) {
        std::uint64_t size = 0;
        if (!reader.varint(header.quoteInterval) || !reader.varint(size) || size > kMaxDictionary)
            return corrupt("bad block header");
        header.dictionarySize = static_cast<std::uint32_t>(size);
        for (std::uint32_t i = 0; i < header.dictionarySize; ++i) {
            std::uint64_t id = 0;
            if (!reader.varint(id) || id >= instrumentCount)
                return corrupt("bad instrument dictionary");
            header.dictionary[i] = static_cast<std::uint32_t>(id);
        }
        std::uint8_t parameter = 0;
        std::uint64_t deltaCount = 0;
        std::uint64_t timeBytes = 0;
        if (!reader.byte(parameter) || parameter > kMaxRiceParameter ||
            !reader.varint(deltaCount) || deltaCount > count || !reader.varint(timeBytes) ||
            timeBytes > reader.remaining())
            return corrupt("bad time stream");
        header.riceParameter = parameter;
        header.deltaCount = static_cast<std::uint32_t>(deltaCount);
        header.timeBegin = reader.pos();
        header.timeEnd = reader.pos() + timeBytes;
        reader = VarintReader(header.timeEnd, reader.end());
    }
    // Every tick takes at least one byte, which also bounds the allocation a corrupt count
    // could ask for.
    if (count == 0 || count > reader.remaining())
        return corrupt("bad tick count");
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
    const std::uint64_t *deltas = nullptr; // format 2: the block's time deltas in nanoseconds
    std::uint32_t nextDelta = 0;
};

template <bool Checked>
[[gnu::always_inline]] inline const char *decodeQuoteSizes(VarintReader &r, std::uint8_t h,
                                                           ChainEntry &c, bool format2)
{
    const std::uint8_t sizes = h & (kQuoteBidSize | kQuoteAskSize);
    if (sizes == 0)
        return nullptr;
    if (!format2 || !absoluteSizes(c)) {
        if ((h & kQuoteBidSize) && !r.size<Checked>(c.bidSize, c.bidSize))
            return "bad bid size";
        if ((h & kQuoteAskSize) && !r.size<Checked>(c.askSize, c.askSize))
            return "bad ask size";
        return nullptr;
    }
    if (sizes == (kQuoteBidSize | kQuoteAskSize)) {
        std::uint64_t both;
        if (!r.varint<Checked>(both))
            return "bad sizes";
        c.bidSize = static_cast<std::int32_t>(evenBits(both));
        c.askSize = static_cast<std::int32_t>(evenBits(both >> 1));
        return nullptr;
    }
    std::uint32_t size;
    if (!r.u32<Checked>(size))
        return "bad size";
    (sizes == kQuoteBidSize ? c.bidSize : c.askSize) = static_cast<std::int32_t>(size);
    return nullptr;
}

// Decodes one tick; returns what is wrong, or nullptr. (A two-pass variant that prefetched the
// chain entries measured no faster: the work is parsing, not waiting for memory.)
template <bool Standalone, bool Checked>
const char *decodeTick(VarintReader &r, const BlockHeader &header, std::size_t instrumentCount,
                       ChainEntry *chain, DecodeCursor &cursor, Tick &t)
{
    std::uint8_t h;
    if (!r.byte<Checked>(h))
        return "truncated tick";
    const bool trade = (h & kTrade) != 0;
    const bool intervalTime = header.format2 && !trade && (h & kTimeBit) != 0;
    if ((h & kTimeBit) == 0) {
        if (header.format2) {
            if (cursor.nextDelta == header.deltaCount)
                return "more ticks with a time delta than time deltas";
            cursor.ts += cursor.deltas[cursor.nextDelta++];
        } else {
            std::uint64_t delta;
            if (!r.varint<Checked>(delta))
                return "truncated time delta";
            cursor.ts += delta * header.unit;
        }
    }
    if ((h & kSameInstrument) == 0) {
        std::uint64_t code;
        if (!r.varint<Checked>(code))
            return "bad instrument id";
        cursor.id =
            code < header.dictionarySize ? header.dictionary[code] : code - header.dictionarySize;
        if (cursor.id >= instrumentCount)
            return "bad instrument id";
        cursor.haveId = true;
    } else if (!cursor.haveId) {
        return "repeated instrument without a first one";
    }
    ChainEntry scratch;
    ChainEntry &c = Standalone ? scratch : chain[cursor.id];
    if (intervalTime) {
        if (Standalone || header.quoteInterval == 0)
            return "interval time without a chain or an interval";
        const std::uint64_t ts = static_cast<std::uint64_t>(c.quoteTs) + header.quoteInterval;
        if (static_cast<std::int64_t>(ts) < static_cast<std::int64_t>(cursor.ts))
            return "interval time before the previous tick";
        cursor.ts = ts;
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
        if (tradeQuoteFields && !trade)
            return "quote with trade fields";
    }
    if (!trade) {
        if ((h & kQuoteBid) && !r.price<Checked>(c.bid, c.bid))
            return "bad bid";
        if ((h & kQuoteAsk) && !r.price<Checked>(c.ask, c.ask))
            return "bad ask";
        if (const char *problem = decodeQuoteSizes<Checked>(r, h, c, header.format2))
            return problem;
        c.quoteTs = t.ts;
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
    // Format 2: the time deltas first, in one tight loop.
    thread_local std::vector<std::uint64_t> deltas;
    if (header.format2) {
        if (deltas.size() < header.deltaCount)
            deltas.resize(header.deltaCount);
        BitReader times(header.timeBegin, header.timeEnd);
        for (std::uint32_t i = 0; i < header.deltaCount; ++i) {
            if (!times.rice(header.riceParameter, deltas[i]))
                return corrupt("truncated time delta");
            deltas[i] *= header.unit;
        }
        if (!times.atEnd())
            return corrupt("trailing bits after the last time delta");
        cursor.deltas = deltas.data();
    }
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
    if (cursor.nextDelta != header.deltaCount)
        return corrupt("unused time deltas");
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
        chain[i] = ChainEntry{s.bid, s.ask, s.last, s.bidSize, s.askSize, s.lastSize, s.quoteTs};
    }
    std::fill(chain.begin() + static_cast<std::ptrdiff_t>(common), chain.end(), ChainEntry{});
}

Result<BlockInfo> TickCodec::inspectBlock(std::span<const std::uint8_t> data)
{
    VarintReader reader(nullptr, nullptr);
    auto header = readBlockHeader(data, reader, std::numeric_limits<std::size_t>::max());
    if (!header)
        return header.error();
    return header.value().info;
}

Result<BlockInfo> TickCodec::decodeBlock(std::span<const std::uint8_t> data,
                                         std::size_t instrumentCount, ChainState &chain,
                                         std::span<Tick> out)
{
    VarintReader reader(nullptr, nullptr);
    auto header = readBlockHeader(data, reader, instrumentCount);
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

} // namespace mag7::storage
