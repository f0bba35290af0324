#pragma once
// Byte-level primitives of the tick codec (internal to core/storage): zigzag, bit interleaving,
// a 32-bit mixing checksum, VarintWriter (LEB128 varints and "flagged" 65-bit varints whose bit 0
// is a unit flag), VarintReader (the same, bounds-checked unless told otherwise) and Rice-coded
// bit streams (BitWriter, BitReader). Header-only so the codec's hot loops inline them.

#include "model/price.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

namespace mag7::storage {

constexpr std::uint64_t zigzag(std::int64_t value)
{
    return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
}
constexpr std::int64_t unzigzag(std::uint64_t value)
{
    return static_cast<std::int64_t>((value >> 1) ^ (~(value & 1) + 1));
}

// Bit interleaving: `a` in the even bits, `b` in the odd bits. Two sizes of similar magnitude
// then travel in one varint (two 9-bit sizes: 3 bytes instead of 4).
constexpr std::uint64_t interleave(std::uint32_t a, std::uint32_t b)
{
    const auto spread = [](std::uint64_t x) {
        x = (x | x << 16) & 0x0000FFFF0000FFFFull;
        x = (x | x << 8) & 0x00FF00FF00FF00FFull;
        x = (x | x << 4) & 0x0F0F0F0F0F0F0F0Full;
        x = (x | x << 2) & 0x3333333333333333ull;
        x = (x | x << 1) & 0x5555555555555555ull;
        return x;
    };
    return spread(a) | spread(b) << 1;
}
// The even bits of `x` (interleave(a, b) gives a back; x >> 1 gives b).
constexpr std::uint32_t evenBits(std::uint64_t x)
{
    x &= 0x5555555555555555ull;
    x = (x | x >> 1) & 0x3333333333333333ull;
    x = (x | x >> 2) & 0x0F0F0F0F0F0F0F0Full;
    x = (x | x >> 4) & 0x00FF00FF00FF00FFull;
    x = (x | x >> 8) & 0x0000FFFF0000FFFFull;
    x = (x | x >> 16) & 0x00000000FFFFFFFFull;
    return static_cast<std::uint32_t>(x);
}

// Bytes of the LEB128 varint of `value`.
constexpr std::size_t varintBytes(std::uint64_t value)
{
    std::size_t bytes = 1;
    while (value >= 0x80) {
        value >>= 7;
        ++bytes;
    }
    return bytes;
}

// A cheap 64-bit mixing checksum (not cryptographic): every single-word change alters the state
// because each step is a bijection; folded to 32 bits.
inline std::uint32_t computeChecksum(const std::uint8_t *data, std::size_t size)
{
    std::uint64_t h = 0x243F6A8885A308D3ull ^ size;
    while (size >= 8) {
        std::uint64_t word;
        std::memcpy(&word, data, 8);
        h = (h ^ word) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
        data += 8;
        size -= 8;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, data, size);
    h = (h ^ tail ^ (std::uint64_t{size} << 59)) * 0x9E3779B97F4A7C15ull;
    h ^= h >> 32;
    return static_cast<std::uint32_t>(h);
}

inline void putU32(std::vector<std::uint8_t> &out, std::size_t at, std::uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        out[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value >> (8 * i));
}
inline std::uint32_t getU32(const std::uint8_t *data)
{
    return static_cast<std::uint32_t>(data[0]) | static_cast<std::uint32_t>(data[1]) << 8 |
           static_cast<std::uint32_t>(data[2]) << 16 | static_cast<std::uint32_t>(data[3]) << 24;
}

// Writes into a buffer reserved in advance; never checks bounds.
class VarintWriter {
public:
    explicit VarintWriter(std::uint8_t *p)
        : m_p(p)
    {}
    std::uint8_t *pos() const { return m_p; }

    void byte(std::uint8_t value) { *m_p++ = value; }
    void varint(std::uint64_t value)
    {
        while (value >= 0x80) {
            *m_p++ = static_cast<std::uint8_t>(value | 0x80);
            value >>= 7;
        }
        *m_p++ = static_cast<std::uint8_t>(value);
    }
    // A 65-bit varint: `flag` in bit 0, then the 64 bits of `value`.
    void flagged(std::uint64_t value, bool flag)
    {
        const std::uint8_t low = static_cast<std::uint8_t>((value & 0x3F) << 1) | (flag ? 1 : 0);
        value >>= 6;
        if (value == 0) {
            *m_p++ = low;
            return;
        }
        *m_p++ = low | 0x80;
        varint(value);
    }
    // Price delta: whole cents (flag 0) or 1e-4 units (flag 1). Wrapping arithmetic keeps every
    // int64 value exact.
    void price(Price value, Price previous)
    {
        const auto delta = static_cast<std::int64_t>(static_cast<std::uint64_t>(value) -
                                                     static_cast<std::uint64_t>(previous));
        if (delta % 100 == 0)
            flagged(zigzag(delta / 100), false);
        else
            flagged(zigzag(delta), true);
    }
    // Size delta: round lots of 100 (flag 0) or single units (flag 1).
    void size(std::int32_t value, std::int32_t previous)
    {
        const std::int64_t delta = std::int64_t{value} - previous;
        if (delta % 100 == 0)
            flagged(zigzag(delta / 100), false);
        else
            flagged(zigzag(delta), true);
    }

private:
    std::uint8_t *m_p;
};

// Bounds-checked reading. The Checked = false variants skip the end-of-buffer tests; callers
// use them only when they know enough bytes remain.

class VarintReader {
public:
    VarintReader(const std::uint8_t *begin, const std::uint8_t *end)
        : m_p(begin)
        , m_end(end)
    {}
    bool atEnd() const { return m_p == m_end; }
    std::size_t remaining() const { return static_cast<std::size_t>(m_end - m_p); }
    const std::uint8_t *pos() const { return m_p; }
    const std::uint8_t *end() const { return m_end; }

    template <bool Checked = true>
    bool byte(std::uint8_t &value)
    {
        if (Checked && m_p == m_end)
            return false;
        value = *m_p++;
        return true;
    }
    template <bool Checked = true>
    bool varint(std::uint64_t &value)
    {
        if ((!Checked || m_p != m_end) && *m_p < 0x80) {
            value = *m_p++; // most varints here are one byte
            return true;
        }
        std::uint64_t result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (Checked && m_p == m_end)
                return false;
            const std::uint8_t b = *m_p++;
            result |= static_cast<std::uint64_t>(b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                // The tenth byte may only carry the top bit.
                if (shift == 63 && b > 1)
                    return false;
                value = result;
                return true;
            }
        }
        return false;
    }
    template <bool Checked = true>
    bool u32(std::uint32_t &value)
    {
        std::uint64_t raw;
        if (!varint<Checked>(raw) || raw > std::numeric_limits<std::uint32_t>::max())
            return false;
        value = static_cast<std::uint32_t>(raw);
        return true;
    }
    template <bool Checked = true>
    bool flagged(std::uint64_t &value, bool &flag)
    {
        std::uint8_t low;
        if (!byte<Checked>(low))
            return false;
        flag = (low & 1) != 0;
        value = (low >> 1) & 0x3F;
        if ((low & 0x80) == 0)
            return true;
        std::uint64_t rest;
        if (!varint<Checked>(rest) || rest > (std::numeric_limits<std::uint64_t>::max() >> 6))
            return false;
        value |= rest << 6;
        return true;
    }
    template <bool Checked = true>
    bool price(Price &value, Price previous)
    {
        std::uint64_t raw;
        bool fine;
        if (!flagged<Checked>(raw, fine))
            return false;
        std::uint64_t delta = static_cast<std::uint64_t>(unzigzag(raw));
        if (!fine)
            delta *= 100;
        value = static_cast<Price>(static_cast<std::uint64_t>(previous) + delta);
        return true;
    }
    template <bool Checked = true>
    bool size(std::int32_t &value, std::int32_t previous)
    {
        std::uint64_t raw;
        bool single;
        if (!flagged<Checked>(raw, single))
            return false;
        std::int64_t delta = unzigzag(raw);
        if (!single) {
            if (delta > (std::int64_t{1} << 40) || delta < -(std::int64_t{1} << 40))
                return false;
            delta *= 100;
        }
        const std::int64_t result = std::int64_t{previous} + delta;
        if (result < std::numeric_limits<std::int32_t>::min() ||
            result > std::numeric_limits<std::int32_t>::max())
            return false;
        value = static_cast<std::int32_t>(result);
        return true;
    }

private:
    const std::uint8_t *m_p;
    const std::uint8_t *m_end;
};

// Rice codes, least significant bit first: a value v with parameter k is q = v >> k zero bits, a
// one bit, then the k low bits of v. From q = kRiceEscape on, kRiceEscape zero bits are followed
// by the 64 bits of v. Nanosecond time deltas cost ~2.6 bytes this way instead of 3 as varints.
inline constexpr int kRiceEscape = 24;
inline constexpr int kMaxRiceParameter = 32;

// Writes into a buffer reserved in advance (at most 11 bytes per value, plus 4); never checks
// bounds.
class BitWriter {
public:
    explicit BitWriter(std::uint8_t *p)
        : m_p(p)
    {}
    std::uint8_t *pos() const { return m_p; }

    [[gnu::always_inline]] void rice(std::uint64_t value, int k)
    {
        const std::uint64_t q = value >> k;
        if (q < kRiceEscape) {
            bits(std::uint64_t{1} << q, static_cast<int>(q) + 1);
            bits(k == 0 ? 0 : value & (~std::uint64_t{0} >> (64 - k)), k);
        } else {
            bits(0, kRiceEscape);
            bits(value & 0xFFFFFFFFu, 32);
            bits(value >> 32, 32);
        }
    }
    // Writes the last bits, padded with zero bits to a whole byte.
    void finish()
    {
        for (; m_count > 0; m_count -= 8) {
            *m_p++ = static_cast<std::uint8_t>(m_buffer);
            m_buffer >>= 8;
        }
        m_buffer = 0;
        m_count = 0;
    }

private:
    // `count` <= 32 bits of `value` (no higher bits set).
    [[gnu::always_inline]] void bits(std::uint64_t value, int count)
    {
        m_buffer |= value << m_count;
        m_count += count;
        if (m_count >= 32) {
            for (int i = 0; i < 4; ++i)
                m_p[i] = static_cast<std::uint8_t>(m_buffer >> (8 * i));
            m_p += 4;
            m_buffer >>= 32;
            m_count -= 32;
        }
    }
    std::uint8_t *m_p;
    std::uint64_t m_buffer = 0;
    int m_count = 0; // < 32 between calls
};

// Reads what BitWriter wrote; every read is bounds-checked.
class BitReader {
public:
    BitReader(const std::uint8_t *begin, const std::uint8_t *end)
        : m_p(begin)
        , m_end(end)
    {}
    [[gnu::always_inline]] bool rice(int k, std::uint64_t &value)
    {
        refill();
        const int zeros = m_buffer == 0 ? 64 : __builtin_ctzll(m_buffer);
        if (zeros < kRiceEscape) {
            const int length = zeros + 1 + k;
            if (length > m_count)
                return false;
            const std::uint64_t low =
                k == 0 ? 0 : (m_buffer >> (zeros + 1)) & (~std::uint64_t{0} >> (64 - k));
            value = static_cast<std::uint64_t>(zeros) << k | low;
            consume(length);
            return true;
        }
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        if (m_count < kRiceEscape)
            return false;
        consume(kRiceEscape);
        if (!take32(low) || !take32(high))
            return false;
        value = low | high << 32;
        return true;
    }
    // Every byte read, and nothing but zero padding left in the last one.
    bool atEnd()
    {
        refill();
        return m_p == m_end && m_count < 8 && (m_buffer & ((std::uint64_t{1} << m_count) - 1)) == 0;
    }

private:
    // Tops the buffer up to at least 57 valid bits while bytes remain. With 8 bytes left it loads
    // a whole word: the bits above m_count are then the next bytes' own bits, which a later
    // refill ORs in again at the same place.
    [[gnu::always_inline]] void refill()
    {
        if (m_end - m_p >= 8) {
            std::uint64_t word = 0;
            for (int i = 0; i < 8; ++i)
                word |= std::uint64_t{m_p[i]} << (8 * i);
            m_buffer |= word << m_count;
            const int bytes = (63 - m_count) >> 3;
            m_p += bytes;
            m_count += bytes * 8;
            return;
        }
        while (m_count <= 56 && m_p < m_end) {
            m_buffer |= std::uint64_t{*m_p++} << m_count;
            m_count += 8;
        }
    }
    void consume(int bits)
    {
        m_buffer = bits >= 64 ? 0 : m_buffer >> bits;
        m_count -= bits;
    }
    bool take32(std::uint64_t &value)
    {
        refill();
        if (m_count < 32)
            return false;
        value = m_buffer & 0xFFFFFFFFu;
        consume(32);
        return true;
    }
    const std::uint8_t *m_p;
    const std::uint8_t *m_end;
    std::uint64_t m_buffer = 0;
    int m_count = 0; // valid bits in m_buffer
};

} // namespace mag7::storage
