#pragma once
// Byte-level primitives of the tick codec (internal to core/storage): zigzag, a 32-bit mixing
// checksum, VarintWriter (LEB128 varints and "flagged" 65-bit varints whose bit 0 is a unit flag)
// and VarintReader (the same, bounds-checked unless told otherwise). Header-only so the codec's
// hot loops inline them.

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

} // namespace mag7::storage
