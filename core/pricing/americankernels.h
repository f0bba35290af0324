#pragma once
// Internal numerical kernels of the American pricer (americanboundary.cpp): a table-driven
// normal CDF/PDF (the premium's spot derivatives) and Gauss-Legendre rules (the quadratures of
// the boundary equations and the premium). Not a public API.

#include <array>
#include <cmath>
#include <cstddef>

namespace mag7::pricing::detail {

// Normal CDF and PDF from Taylor coefficients stored at x0 = k/16 on [-9, 9]:
// Phi(x0 + h) = sum_{i<=6} a_i h^i and phi(x0 + h) = its derivative, |h| <= 1/32. Absolute error
// about 1e-14 for Phi and 1e-11 for phi; branch-free (beyond +-9, and for NaN, the end values);
// about 20 instructions, one cache line per lookup.
class NormalTable {
public:
    static constexpr double kStepsPerUnit = 16.0;
    static constexpr double kRange = 9.0;
    static constexpr int kSize = static_cast<int>(2 * kRange * kStepsPerUnit) + 1;

    static const NormalTable &instance();

    double cdf(double x) const
    {
        double h = 0;
        const Node &node = lookup(x, h);
        const double *a = node.a;
        return cdfPoly(a, h);
    }

    double pdf(double x) const
    {
        double h = 0;
        const Node &node = lookup(x, h);
        const double *a = node.a;
        return pdfPoly(a, h);
    }

    // Phi(x) and phi(x) together.
    void cdfPdf(double x, double &cdfOut, double &pdfOut) const
    {
        double h = 0;
        const Node &node = lookup(x, h);
        const double *a = node.a;
        cdfOut = cdfPoly(a, h);
        pdfOut = pdfPoly(a, h);
    }

private:
    struct alignas(64) Node {
        double a[8];
    };
    NormalTable();
    // Estrin's scheme: short dependency chains, so consecutive lookups overlap.
    static double cdfPoly(const double *a, double h)
    {
        const double h2 = h * h;
        const double low = a[0] + a[1] * h;
        const double mid = a[2] + a[3] * h;
        const double high = (a[4] + a[5] * h) + a[6] * h2;
        return low + h2 * (mid + h2 * high);
    }
    static double pdfPoly(const double *a, double h)
    {
        const double h2 = h * h;
        const double low = a[1] + 2 * a[2] * h;
        const double mid = 3 * a[3] + 4 * a[4] * h;
        const double high = 5 * a[5] + 6 * a[6] * h;
        return low + h2 * (mid + h2 * high);
    }
    const Node &lookup(double x, double &h) const
    {
        x = x > -kRange ? x : -kRange; // also maps NaN to -kRange
        x = x < kRange ? x : kRange;
        const int k = static_cast<int>(x * kStepsPerUnit + (kRange * kStepsPerUnit + 0.5));
        h = x - (static_cast<double>(k) * (1.0 / kStepsPerUnit) - kRange);
        return m_nodes[static_cast<std::size_t>(k)];
    }
    std::array<Node, kSize> m_nodes{};
};

// Gauss-Legendre rule of order n on [-1, 1], and the same rule mapped to
// int_0^1 f(s) ds with s = sin^2(theta), theta = pi/4 (1 + x): sine = sin(theta),
// cosine = cos(theta), mappedWeight = w pi/4 sin(2 theta) (so int_0^1 f = sum mappedWeight
// f(sine^2)). The map makes integrands smooth that behave like sqrt(s) or sqrt(1 - s) at the ends.
struct GaussLegendre {
    static constexpr std::size_t kMaxOrder = 64;
    std::size_t order = 0;
    std::array<double, kMaxOrder> x{};
    std::array<double, kMaxOrder> w{};
    std::array<double, kMaxOrder> sine{};
    std::array<double, kMaxOrder> cosine{};
    std::array<double, kMaxOrder> mappedWeight{};
};
// Rules are computed once (Newton on the Legendre recurrence, exact to ~1e-15) and cached;
// 1 <= order <= kMaxOrder.
const GaussLegendre &gaussLegendre(std::size_t order);

} // namespace mag7::pricing::detail
