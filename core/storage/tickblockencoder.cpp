// TickCodec, blocks: the format-2 encoder (dictionary, Rice-coded time stream, interval times,
// absolute or lot-delta sizes). Decoding is in tickcodec.cpp.
#include "storage/tickblockformat.h"
#include "storage/tickcodec.h"
#include "storage/varintcoding.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <utility>
#include <vector>

namespace mag7::storage {

using namespace blockformat;

namespace {

// The coarsest power-of-ten unit that divides every coded time delta: feeds with micro- or
// millisecond clocks then pay for the digits they actually have.
template <std::size_t Exponent>
bool allDivisible(std::span<const std::uint64_t> deltas)
{
    return std::all_of(deltas.begin(), deltas.end(),
                       [](std::uint64_t d) { return d % kPow10[Exponent] == 0; });
}

std::size_t timeExponent(std::span<const std::uint64_t> deltas)
{
    // Largest first; the divisors are constants, so no division instructions.
    constexpr std::size_t kTop = kPow10.size() - 1;
    std::size_t exponent = 0;
    [&]<std::size_t... E>(std::index_sequence<E...>)
    {
        (void)((allDivisible<kTop - E>(deltas) && (exponent = kTop - E, true)) || ...);
    }
    (std::make_index_sequence<kTop>{});
    return exponent;
}

// deltas[i] /= 10^Exponent, with a divisor the compiler turns into a multiplication.
template <std::size_t Exponent>
void divideAll(std::span<std::uint64_t> deltas)
{
    for (std::uint64_t &d : deltas)
        d /= kPow10[Exponent];
}

void toUnit(std::span<std::uint64_t> deltas, std::size_t exponent)
{
    [&]<std::size_t... E>(std::index_sequence<E...>)
    {
        ((exponent == E + 1 ? divideAll<E + 1>(deltas) : void()), ...);
    }
    (std::make_index_sequence<kPow10.size() - 1>{});
}

// The Rice parameter that codes `deltas` in the fewest bits, estimated from a histogram of their
// bit widths (a value of width w > k has a quotient of about 0.75 * 2^(w - k)).
int riceParameter(std::span<const std::uint64_t> deltas)
{
    std::array<std::uint64_t, 65> widths{};
    const std::size_t stride = deltas.size() >= 256 ? 4 : 1; // a sample of a large block
    for (std::size_t i = 0; i < deltas.size(); i += stride)
        ++widths[static_cast<std::size_t>(std::bit_width(deltas[i]))];
    std::array<int, 65> present{};
    std::size_t presentCount = 0;
    for (int w = 0; w <= 64; ++w)
        if (widths[static_cast<std::size_t>(w)] != 0)
            present[presentCount++] = w;
    int best = 0;
    double bestBits = std::numeric_limits<double>::max();
    for (int k = 0; k <= kMaxRiceParameter; ++k) {
        double bits = 0;
        for (std::size_t i = 0; i < presentCount; ++i) {
            const int w = present[i];
            const double q =
                w > k ? 0.75 * static_cast<double>(std::uint64_t{1} << std::min(w - k, 62)) : 0.0;
            const double perValue = q < kRiceEscape ? q + 1 + k : kRiceEscape + 64;
            bits += perValue * static_cast<double>(widths[static_cast<std::size_t>(w)]);
        }
        if (bits < bestBits) {
            bestBits = bits;
            best = k;
        }
    }
    return best;
}

// The block's dictionary: the most frequent instruments whose ids need two bytes or more,
// busiest first (ties by id, so the choice is deterministic). Per-thread tables indexed by id
// count the ticks and then hold each instrument's code.
class IdCodes {
public:
    // File ids are < `instrumentCount`.
    IdCodes(std::span<const Tick> ticks, std::size_t instrumentCount)
    {
        std::vector<std::uint32_t> &counts = table();
        if (instrumentCount > counts.size())
            counts.resize(instrumentCount, 0);
        // Every fourth tick of a large block is sample enough.
        const std::size_t stride = ticks.size() >= 256 ? 4 : 1;
        for (std::size_t i = 0; i < ticks.size(); i += stride) {
            if (counts[ticks[i].instrument]++ == 0)
                m_seen.push_back(ticks[i].instrument);
        }
        // Worth it when the ticks save more than the entry costs.
        std::erase_if(m_seen, [&](std::uint32_t id) {
            return counts[id] * stride * (varintBytes(std::uint64_t{id} + kMaxDictionary) - 1) <=
                   varintBytes(id);
        });
        m_size = std::min(kMaxDictionary, m_seen.size());
        std::partial_sort(m_seen.begin(), m_seen.begin() + static_cast<std::ptrdiff_t>(m_size),
                          m_seen.end(), [&](std::uint32_t a, std::uint32_t b) {
                              return counts[a] != counts[b] ? counts[a] > counts[b] : a < b;
                          });
        for (std::size_t i = 0; i < ticks.size(); i += stride)
            counts[ticks[i].instrument] = 0;
        m_seen.resize(m_size);
        std::vector<std::uint8_t> &codes = codeTable();
        if (counts.size() > codes.size())
            codes.resize(counts.size(), 0);
        for (std::size_t i = 0; i < m_size; ++i)
            codes[m_seen[i]] = static_cast<std::uint8_t>(i + 1);
        m_codes = codes.data();
    }
    ~IdCodes()
    {
        for (std::uint32_t id : m_seen)
            codeTable()[id] = 0;
    }
    IdCodes(const IdCodes &) = delete;
    IdCodes &operator=(const IdCodes &) = delete;

    std::span<const std::uint32_t> dictionary() const { return m_seen; }
    std::uint64_t codeOf(std::uint32_t id) const
    {
        const std::uint8_t entry = m_codes[id];
        return entry != 0 ? entry - 1u : std::uint64_t{id} + m_size;
    }

private:
    static std::vector<std::uint32_t> &table()
    {
        thread_local std::vector<std::uint32_t> counts;
        return counts;
    }
    // Code + 1 by id (0: none): one byte an entry keeps the lookups in the first-level cache.
    static std::vector<std::uint8_t> &codeTable()
    {
        thread_local std::vector<std::uint8_t> codes;
        return codes;
    }
    const std::uint8_t *m_codes = nullptr;
    std::vector<std::uint32_t> m_seen;
    std::size_t m_size = 0;
};

void encodeQuoteFields(VarintWriter &w, const Tick &t, ChainEntry &c, std::uint8_t &h)
{
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
    const bool bidSize = t.bidSize != c.bidSize;
    const bool askSize = t.askSize != c.askSize;
    if (!absoluteSizes(c)) {
        if (bidSize)
            w.size(t.bidSize, c.bidSize);
        if (askSize)
            w.size(t.askSize, c.askSize);
    } else if (bidSize && askSize) {
        w.varint(interleave(static_cast<std::uint32_t>(t.bidSize),
                            static_cast<std::uint32_t>(t.askSize)));
    } else if (bidSize || askSize) {
        w.varint(static_cast<std::uint32_t>(bidSize ? t.bidSize : t.askSize));
    }
    h |= (bidSize ? kQuoteBidSize : 0) | (askSize ? kQuoteAskSize : 0);
    c.bidSize = t.bidSize;
    c.askSize = t.askSize;
    c.quoteTs = t.ts;
}

void encodeTradeFields(VarintWriter &w, const Tick &t, bool tradeQuoteFields, ChainEntry &c,
                       std::uint8_t &h)
{
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

} // namespace

void TickCodec::encodeBlock(std::span<const Tick> ticks, BlockKind kind, ChainState &chain,
                            std::vector<std::uint8_t> &out, std::int64_t quoteIntervalNanos)
{
    const bool standalone = kind == BlockKind::Standalone;
    const auto firstTs = static_cast<std::uint64_t>(ticks.front().ts);
    const std::uint64_t interval =
        standalone ? 0 : static_cast<std::uint64_t>(std::max<std::int64_t>(0, quoteIntervalNanos));
    const IdCodes codes(ticks, chain.size());

    // The ticks go to a per-thread buffer sized for the worst case (resizing `out` to it would
    // zero-fill ~9x the encoded size every block), their time deltas to a list that is
    // Rice-coded once the best parameter is known; `out` then receives header, times, ticks.
    thread_local std::vector<std::uint8_t> tickBuffer;
    thread_local std::vector<std::uint64_t> deltas;
    if (tickBuffer.size() < ticks.size() * kMaxTickBytes)
        tickBuffer.resize(ticks.size() * kMaxTickBytes);
    deltas.clear();
    VarintWriter w(tickBuffer.data());
    std::uint64_t previousTs = firstTs;
    InstrumentId previousId = kInvalidInstrument;
    ChainEntry scratch;
    constexpr std::size_t kAhead = 8; // chain entries are scattered: fetch ahead
    for (std::size_t index = 0; index < ticks.size(); ++index) {
        const Tick &t = ticks[index];
        if (!standalone && index + kAhead < ticks.size())
            __builtin_prefetch(&chain[ticks[index + kAhead].instrument], 1);
        ChainEntry &c = standalone ? (scratch = ChainEntry{}) : chain[t.instrument];
        const bool trade = t.kind == TickKind::Trade;
        std::uint8_t *headerPos = w.pos();
        w.byte(0);
        std::uint8_t h = 0;
        const std::uint64_t delta = static_cast<std::uint64_t>(t.ts) - previousTs;
        previousTs = static_cast<std::uint64_t>(t.ts);
        if (trade ? delta == 0
                  : interval != 0 && static_cast<std::uint64_t>(t.ts) ==
                                         static_cast<std::uint64_t>(c.quoteTs) + interval)
            h |= kTimeBit;
        else
            deltas.push_back(delta);
        if (t.instrument == previousId)
            h |= kSameInstrument;
        else
            w.varint(codes.codeOf(t.instrument));
        previousId = t.instrument;

        const bool tradeQuoteFields = trade && (t.ask != 0 || t.askSize != 0);
        if (t.flags != 0 || t.reserved != 0 || tradeQuoteFields) {
            h |= kExtra;
            w.varint(std::uint64_t{t.flags} | std::uint64_t{t.reserved} << 8 |
                     (tradeQuoteFields ? kExtraTradeQuoteFields : 0));
        }
        if (trade)
            encodeTradeFields(w, t, tradeQuoteFields, c, h);
        else
            encodeQuoteFields(w, t, c, h);
        *headerPos = h;
    }
    const auto tickBytes = static_cast<std::size_t>(w.pos() - tickBuffer.data());

    const std::size_t exponent = timeExponent(deltas);
    toUnit(deltas, exponent);
    const std::size_t start = out.size();
    std::array<std::uint8_t, kChecksumBytes + kMaxHeaderBytes> header{};
    VarintWriter hw(header.data() + kChecksumBytes);
    hw.byte(kBlockMagic2);
    hw.byte(standalone ? 1 : 0);
    hw.byte(static_cast<std::uint8_t>(exponent));
    hw.varint(ticks.size());
    hw.varint(firstTs);
    hw.varint(interval);
    hw.varint(codes.dictionary().size());
    for (std::uint32_t id : codes.dictionary())
        hw.varint(id);
    const int parameter = riceParameter(deltas);
    hw.byte(static_cast<std::uint8_t>(parameter));
    hw.varint(deltas.size());
    thread_local std::vector<std::uint8_t> timeBuffer;
    if (timeBuffer.size() < deltas.size() * 11 + 8)
        timeBuffer.resize(deltas.size() * 11 + 8);
    BitWriter bits(timeBuffer.data());
    for (std::uint64_t d : deltas)
        bits.rice(d, parameter);
    bits.finish();
    const std::span<const std::uint8_t> timeStream(
        timeBuffer.data(), static_cast<std::size_t>(bits.pos() - timeBuffer.data()));
    hw.varint(timeStream.size());
    out.insert(out.end(), header.data(), hw.pos());
    out.insert(out.end(), timeStream.begin(), timeStream.end());
    out.insert(out.end(), tickBuffer.data(), tickBuffer.data() + tickBytes);
    const std::uint32_t sum =
        computeChecksum(out.data() + start + kChecksumBytes, out.size() - start - kChecksumBytes);
    for (std::size_t i = 0; i < kChecksumBytes; ++i)
        out[start + i] = static_cast<std::uint8_t>(sum >> (8 * i));
}

} // namespace mag7::storage
