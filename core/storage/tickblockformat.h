#pragma once
// The layout constants of tick blocks shared by their encoder (tickblockencoder.cpp) and decoder
// (tickcodec.cpp); internal to core/storage. docs/STORAGE.md describes the layout.

#include "storage/tickcodec.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace mag7::storage::blockformat {

inline constexpr std::uint8_t kBlockMagic1 = 0xB7; // format 1
inline constexpr std::uint8_t kBlockMagic2 = 0xB8; // format 2
inline constexpr std::size_t kChecksumBytes = TickCodec::kChecksumBytes;

// Per-tick header bits.
inline constexpr std::uint8_t kTrade = 0x01;
inline constexpr std::uint8_t kQuoteBid = 0x02;
inline constexpr std::uint8_t kQuoteAsk = 0x04;
inline constexpr std::uint8_t kQuoteBidSize = 0x08;
inline constexpr std::uint8_t kQuoteAskSize = 0x10;
inline constexpr std::uint8_t kTradePriceMask = 0x06; // 2-bit mode, see TradePrice
inline constexpr std::uint8_t kTradeSize = 0x08;
inline constexpr std::uint8_t kTradeInvalid = 0x10;
inline constexpr std::uint8_t kExtra = 0x20;
inline constexpr std::uint8_t kSameInstrument = 0x40;
// Trades (and every tick of format 1): same time as the previous tick. Quotes of format 2: the
// time is the instrument's previous quote time plus the block's quote interval.
inline constexpr std::uint8_t kTimeBit = 0x80;

// Trade price modes: trades mostly print at the last price or at the touch, which then costs
// no bytes at all.
enum TradePrice : std::uint8_t {
    TradeAtLast = 0,
    TradeDelta = 1 << 1,
    TradeAtBid = 2 << 1,
    TradeAtAsk = 3 << 1,
};

inline constexpr std::uint64_t kExtraTradeQuoteFields = std::uint64_t{1} << 24;

inline constexpr std::array<std::uint64_t, 10> kPow10 = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000, 1'000'000'000};

// The block's busiest instruments get one-byte codes: underlyings tick far more often than any
// one option but are often first seen after hundreds of options, so their file ids are large.
inline constexpr std::size_t kMaxDictionary = 16;

// The most bytes one encoded tick takes: header + id + extra + 2 extra fields + 4 fields, each
// at most 11 bytes (its time delta is in the block's time stream).
inline constexpr std::size_t kMaxTickBytes = 1 + 11 * 8;
// The most bytes decoding one tick reads, even from corrupt input (header, three varints, four
// 11-byte flagged fields): the decoder skips bounds checks while this many remain.
inline constexpr std::size_t kMaxTickReadBytes = 1 + 3 * 10 + 4 * 11;
// Header bytes: magic, flags, exponent, count, first ts, interval, dictionary, Rice parameter,
// delta count, time stream size.
inline constexpr std::size_t kMaxHeaderBytes =
    3 + 10 + 10 + 10 + 1 + kMaxDictionary * 5 + 1 + 10 + 10;

// Sizes travel as round-lot deltas while both of the instrument's sizes are whole lots
// (stocks), otherwise as absolute values (option and futures sizes are redrawn every quote).
inline bool absoluteSizes(const ChainEntry &c)
{
    return c.bidSize % 100 != 0 || c.askSize % 100 != 0;
}

} // namespace mag7::storage::blockformat
