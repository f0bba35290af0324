#pragma once
// Deterministic random numbers for the simulator: xoshiro256** (Blackman & Vigna) seeded through
// splitmix64, a 128-layer ziggurat for normal variates (Marsaglia & Tsang 2000, with the layer
// index and the value taken from independent bits of one 64-bit draw) and inverse-transform
// exponentials. Every algorithm is spelled out here rather than taken from <random>, whose
// distribution algorithms are implementation-defined: a seed gives the same numbers with any
// standard library (the ziggurat's rare slow path and the exponentials call the C library's
// exp/log, correctly rounded on glibc; another libm could differ in the last bit).
//
// Threading: a generator is a plain value; one per stream, never shared between threads.

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace mag7::marketdata {

// One splitmix64 step: advances `state` and returns a well-mixed 64-bit value.
inline std::uint64_t splitmix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Order-sensitive hash of several 64-bit keys (seed, stream tag, day, symbol hash...): the way
// every simulator stream gets its own seed.
std::uint64_t mixSeed(std::initializer_list<std::uint64_t> parts);
// FNV-1a of a string, for symbol and tag keys.
std::uint64_t hashString(std::string_view text);

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0) { reseed(seed); }

    void reseed(std::uint64_t seed)
    {
        std::uint64_t state = seed;
        for (std::uint64_t &word : m_s)
            word = splitmix64(state);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform in (0, 1): safe under log().
    double uniformPositive() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
    // Uniform integer in [0, n), n > 0 (modulo bias below 2^-40 for the small n used here).
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    bool chance(double probability) { return uniform() < probability; }

    // Standard normal.
    double normal();
    // Exponential with mean 1.
    double exponential();

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    double normalSlow(std::int64_t hz, unsigned iz);

    std::uint64_t m_s[4] = {};
};

} // namespace mag7::marketdata
