#include "marketdata/random.h"

#include <cmath>

namespace mag7::marketdata {

namespace {

// Ziggurat tables for the normal density, 128 layers (Marsaglia & Tsang, "The Ziggurat Method
// for Generating Random Variables", JSS 5(8), 2000). Built once, from constants only.
struct ZigguratTables {
    std::uint32_t kn[128];
    double wn[128];
    double fn[128];

    ZigguratTables()
    {
        const double m1 = 2147483648.0;
        double dn = 3.442619855899;
        double tn = dn;
        const double vn = 9.91256303526217e-3;
        const double q = vn / std::exp(-0.5 * dn * dn);
        kn[0] = static_cast<std::uint32_t>((dn / q) * m1);
        kn[1] = 0;
        wn[0] = q / m1;
        wn[127] = dn / m1;
        fn[0] = 1.0;
        fn[127] = std::exp(-0.5 * dn * dn);
        for (int i = 126; i >= 1; --i) {
            dn = std::sqrt(-2.0 * std::log(vn / dn + std::exp(-0.5 * dn * dn)));
            kn[i + 1] = static_cast<std::uint32_t>((dn / tn) * m1);
            tn = dn;
            fn[i] = std::exp(-0.5 * dn * dn);
            wn[i] = dn / m1;
        }
    }
};

const ZigguratTables &tables()
{
    static const ZigguratTables t;
    return t;
}

constexpr double kZigguratR = 3.442619855899;

} // namespace

std::uint64_t mixSeed(std::initializer_list<std::uint64_t> parts)
{
    std::uint64_t state = 0x6A09E667F3BCC908ull;
    std::uint64_t h = 0;
    for (std::uint64_t part : parts) {
        state ^= part;
        h = splitmix64(state);
        state = h;
    }
    return h;
}

std::uint64_t hashString(std::string_view text)
{
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001B3ull;
    }
    return h;
}

double Rng::normal()
{
    const ZigguratTables &t = tables();
    const std::uint64_t u = next();
    const unsigned iz = static_cast<unsigned>(u & 127u);
    const auto hz = static_cast<std::int64_t>(static_cast<std::int32_t>(u >> 32));
    const std::int64_t magnitude = hz < 0 ? -hz : hz;
    if (magnitude < static_cast<std::int64_t>(t.kn[iz]))
        return static_cast<double>(hz) * t.wn[iz];
    return normalSlow(hz, iz);
}

double Rng::normalSlow(std::int64_t hz, unsigned iz)
{
    const ZigguratTables &t = tables();
    for (;;) {
        double x = static_cast<double>(hz) * t.wn[iz];
        if (iz == 0) {
            // Base strip: sample the tail beyond r (Marsaglia's 1964 method).
            double y = 0;
            do {
                x = -std::log(uniformPositive()) / kZigguratR;
                y = -std::log(uniformPositive());
            } while (y + y < x * x);
            return hz > 0 ? kZigguratR + x : -kZigguratR - x;
        }
        if (t.fn[iz] + uniform() * (t.fn[iz - 1] - t.fn[iz]) < std::exp(-0.5 * x * x))
            return x;
        const std::uint64_t u = next();
        iz = static_cast<unsigned>(u & 127u);
        hz = static_cast<std::int32_t>(u >> 32);
        const std::int64_t magnitude = hz < 0 ? -hz : hz;
        if (magnitude < static_cast<std::int64_t>(t.kn[iz]))
            return static_cast<double>(hz) * t.wn[iz];
    }
}

double Rng::exponential()
{
    return -std::log(uniformPositive());
}

} // namespace mag7::marketdata
