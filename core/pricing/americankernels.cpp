#include "pricing/americankernels.h"

#include <memory>
#include <numbers>

namespace mag7::pricing::detail {

NormalTable::NormalTable()
{
    for (int k = 0; k < kSize; ++k) {
        const double x = static_cast<double>(k) / kStepsPerUnit - kRange;
        const double x2 = x * x;
        const double cdf = 0.5 * std::erfc(-x * std::numbers::sqrt2 * 0.5);
        const double pdf =
            std::exp(-0.5 * x2) * (0.5 * std::numbers::inv_sqrtpi * std::numbers::sqrt2);
        // Phi^(i+1) = (-1)^i He_i(x) phi: He_1 = x, He_2 = x^2-1, He_3 = x^3-3x, He_4, He_5.
        const double he[6] = {
            1.0, x, x2 - 1, x * (x2 - 3), x2 * x2 - 6 * x2 + 3, x * (x2 * x2 - 10 * x2 + 15)};
        double *a = m_nodes[static_cast<std::size_t>(k)].a;
        a[0] = cdf;
        double factorial = 1;
        for (int i = 1; i <= 6; ++i) {
            factorial *= i;
            const double sign = (i - 1) % 2 == 0 ? 1.0 : -1.0;
            a[i] = sign * he[i - 1] * pdf / factorial;
        }
        a[7] = 0;
    }
}

const NormalTable &NormalTable::instance()
{
    static const NormalTable table;
    return table;
}

namespace {

GaussLegendre makeRule(std::size_t n)
{
    GaussLegendre rule;
    rule.order = n;
    for (std::size_t i = 0; i < (n + 1) / 2; ++i) {
        // Tricomi's initial guess, then Newton on P_n.
        double x = std::cos(std::numbers::pi * (static_cast<double>(i) + 0.75) /
                            (static_cast<double>(n) + 0.5));
        double derivative = 1;
        for (int iteration = 0; iteration < 100; ++iteration) {
            double p0 = 1;
            double p1 = x;
            for (std::size_t k = 2; k <= n; ++k) {
                const double kk = static_cast<double>(k);
                const double p2 = ((2 * kk - 1) * x * p1 - (kk - 1) * p0) / kk;
                p0 = p1;
                p1 = p2;
            }
            if (n == 1)
                p0 = 1;
            derivative = static_cast<double>(n) * (x * p1 - p0) / (x * x - 1);
            const double step = p1 / derivative;
            x -= step;
            if (std::abs(step) < 1e-16)
                break;
        }
        const double weight = 2 / ((1 - x * x) * derivative * derivative);
        rule.x[i] = -x;
        rule.w[i] = weight;
        rule.x[n - 1 - i] = x;
        rule.w[n - 1 - i] = weight;
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double theta = 0.25 * std::numbers::pi * (1 + rule.x[i]);
        rule.sine[i] = std::sin(theta);
        rule.cosine[i] = std::cos(theta);
        rule.mappedWeight[i] = rule.w[i] * 0.25 * std::numbers::pi * std::sin(2 * theta);
    }
    return rule;
}

struct Rules {
    std::array<GaussLegendre, GaussLegendre::kMaxOrder + 1> rules;
    Rules()
    {
        for (std::size_t n = 1; n <= GaussLegendre::kMaxOrder; ++n)
            rules[n] = makeRule(n);
    }
};

} // namespace

const GaussLegendre &gaussLegendre(std::size_t order)
{
    static const std::unique_ptr<const Rules> rules = std::make_unique<const Rules>();
    return rules
        ->rules[order < 1 ? 1
                          : (order > GaussLegendre::kMaxOrder ? GaussLegendre::kMaxOrder : order)];
}

} // namespace mag7::pricing::detail
