#include "signals/garch.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

namespace mag7::signals {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kBound = 50.0; // |x_i| of the unconstrained parameters
constexpr int kDimensions = 3;

using Point = std::array<double, kDimensions>;

double logistic(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

double logit(double p)
{
    return std::log(p / (1.0 - p));
}

// Unconstrained point -> parameters for returns of unit variance.
GarchParameters parametersOf(const Point &x)
{
    const double persistence = logistic(x[1]);
    const double share = logistic(x[2]);
    return {std::exp(x[0]), persistence * share, persistence * (1.0 - share)};
}

Point pointOf(double omega, double persistence, double share)
{
    return {std::log(omega), logit(persistence), logit(share)};
}

// Conditional variances s2_1..s2_n and the log-likelihood; s2_{n+1} into `next`.
double filter(std::span<const double> residuals, const GarchParameters &p, double *last,
              double *next)
{
    double meanSquare = 0;
    for (double e : residuals)
        meanSquare += e * e;
    meanSquare /= static_cast<double>(residuals.size());
    double variance = meanSquare;
    double sum = 0;
    double previousVariance = variance;
    for (std::size_t t = 0; t < residuals.size(); ++t) {
        if (t > 0)
            variance = p.omega + p.alpha * residuals[t - 1] * residuals[t - 1] + p.beta * variance;
        if (!(variance > 0) || !std::isfinite(variance))
            return -kInfinity;
        sum += std::log(variance) + residuals[t] * residuals[t] / variance;
        previousVariance = variance;
    }
    if (last)
        *last = previousVariance;
    if (next)
        *next = garchNextVariance(p, previousVariance, residuals.back());
    const double n = static_cast<double>(residuals.size());
    return -0.5 * (n * std::log(2.0 * std::numbers::pi) + sum);
}

bool parametersValid(const GarchParameters &p)
{
    return p.omega > 0 && p.alpha >= 0 && p.beta >= 0 && std::isfinite(p.omega) &&
           std::isfinite(p.alpha) && std::isfinite(p.beta);
}

// Negative log-likelihood of unit-variance residuals at an unconstrained point.
class Objective {
public:
    explicit Objective(std::span<const double> residuals)
        : m_residuals(residuals)
    {}

    double operator()(const Point &x)
    {
        ++m_evaluations;
        for (double xi : x) {
            if (!(std::abs(xi) <= kBound))
                return kInfinity;
        }
        const GarchParameters p = parametersOf(x);
        if (!parametersValid(p) || !(p.persistence() < 1.0))
            return kInfinity;
        const double l = filter(m_residuals, p, nullptr, nullptr);
        return std::isfinite(l) ? -l : kInfinity;
    }

    int evaluations() const { return m_evaluations; }

private:
    std::span<const double> m_residuals;
    int m_evaluations = 0;
};

struct SimplexResult {
    Point best{};
    double value = kInfinity;
    bool converged = false;
    int iterations = 0;
};

// Nelder-Mead (reflection 1, expansion 2, contraction 1/2, shrink 1/2) from `start` with the
// given initial steps. Converges when the spread of the vertices' values is within
// tolerance * (1 + |best|) and the simplex is smaller than 1e-7 in every coordinate.
SimplexResult nelderMead(Objective &f, const Point &start, const Point &steps, double tolerance,
                         int maxEvaluations)
{
    std::array<Point, kDimensions + 1> vertex;
    std::array<double, kDimensions + 1> value;
    vertex[0] = start;
    value[0] = f(start);
    for (int i = 0; i < kDimensions; ++i) {
        Point p = start;
        p[static_cast<std::size_t>(i)] += steps[static_cast<std::size_t>(i)];
        vertex[static_cast<std::size_t>(i) + 1] = p;
        value[static_cast<std::size_t>(i) + 1] = f(p);
    }
    SimplexResult result;
    std::array<std::size_t, kDimensions + 1> order{};
    const auto along = [](const Point &from, const Point &to, double t) {
        Point out;
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = from[i] + t * (to[i] - from[i]);
        return out;
    };
    while (f.evaluations() < maxEvaluations) {
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return value[a] < value[b]; });
        const std::size_t best = order.front();
        const std::size_t worst = order.back();
        const std::size_t secondWorst = order[order.size() - 2];

        double size = 0;
        for (const Point &v : vertex) {
            for (std::size_t i = 0; i < v.size(); ++i)
                size = std::max(size, std::abs(v[i] - vertex[best][i]));
        }
        const double spread = value[worst] - value[best];
        if (std::isfinite(value[best]) && spread <= tolerance * (1.0 + std::abs(value[best])) &&
            size <= 1e-7) {
            result.converged = true;
            break;
        }
        ++result.iterations;

        Point centroid{};
        for (std::size_t v = 0; v < vertex.size(); ++v) {
            if (v == worst)
                continue;
            for (std::size_t i = 0; i < centroid.size(); ++i)
                centroid[i] += vertex[v][i] / kDimensions;
        }
        const Point reflected = along(centroid, vertex[worst], -1.0);
        const double reflectedValue = f(reflected);
        if (reflectedValue < value[best]) {
            const Point expanded = along(centroid, vertex[worst], -2.0);
            const double expandedValue = f(expanded);
            if (expandedValue < reflectedValue) {
                vertex[worst] = expanded;
                value[worst] = expandedValue;
            } else {
                vertex[worst] = reflected;
                value[worst] = reflectedValue;
            }
            continue;
        }
        if (reflectedValue < value[secondWorst]) {
            vertex[worst] = reflected;
            value[worst] = reflectedValue;
            continue;
        }
        // Contract towards the better of the worst vertex and its reflection.
        const bool outside = reflectedValue < value[worst];
        const Point contracted =
            outside ? along(centroid, reflected, 0.5) : along(centroid, vertex[worst], 0.5);
        const double contractedValue = f(contracted);
        if (contractedValue < std::min(reflectedValue, value[worst])) {
            vertex[worst] = contracted;
            value[worst] = contractedValue;
            continue;
        }
        for (std::size_t v = 0; v < vertex.size(); ++v) {
            if (v == best)
                continue;
            vertex[v] = along(vertex[best], vertex[v], 0.5);
            value[v] = f(vertex[v]);
        }
    }
    const auto bestIt = std::min_element(value.begin(), value.end());
    result.best = vertex[static_cast<std::size_t>(bestIt - value.begin())];
    result.value = *bestIt;
    return result;
}

} // namespace

double GarchParameters::longRunVariance() const
{
    const double p = persistence();
    return p < 1.0 ? omega / (1.0 - p) : std::numeric_limits<double>::quiet_NaN();
}

double garchNextVariance(const GarchParameters &parameters, double variance, double residual)
{
    return parameters.omega + parameters.alpha * residual * residual + parameters.beta * variance;
}

double garchForecastVariance(const GarchParameters &parameters, double nextVariance, int h)
{
    const double longRun = parameters.longRunVariance();
    const int steps = std::max(1, h) - 1;
    return longRun + std::pow(parameters.persistence(), steps) * (nextVariance - longRun);
}

double garchAverageVariance(const GarchParameters &parameters, double nextVariance, int h)
{
    const int days = std::max(1, h);
    const double p = parameters.persistence();
    const double longRun = parameters.longRunVariance();
    const double weight = (1.0 - std::pow(p, days)) / (days * (1.0 - p));
    return longRun + weight * (nextVariance - longRun);
}

double garchLogLikelihood(std::span<const double> residuals, const GarchParameters &parameters)
{
    if (residuals.size() < 2 || !parametersValid(parameters))
        return -kInfinity;
    return filter(residuals, parameters, nullptr, nullptr);
}

double GarchFit::forecastVolatility(int h, double annualization) const
{
    return std::sqrt(annualization * averageVariance(h));
}

Result<GarchFit> fitGarch(std::span<const double> returns, const GarchOptions &options)
{
    if (returns.size() < static_cast<std::size_t>(kGarchMinimumReturns))
        return Error{"GARCH(1,1) needs at least " + std::to_string(kGarchMinimumReturns) +
                     " returns, got " + std::to_string(returns.size())};
    double mean = 0;
    double rawMeanSquare = 0;
    for (std::size_t i = 0; i < returns.size(); ++i) {
        if (!std::isfinite(returns[i]))
            return Error{"return " + std::to_string(i + 1) + " is not a finite number"};
        mean += returns[i];
        rawMeanSquare += returns[i] * returns[i];
    }
    const double count = static_cast<double>(returns.size());
    mean = options.demean ? mean / count : 0.0;
    rawMeanSquare /= count;
    std::vector<double> residuals(returns.begin(), returns.end());
    double meanSquare = 0;
    for (double &e : residuals) {
        e -= mean;
        meanSquare += e * e;
    }
    meanSquare /= count;
    // Residuals at the rounding level of the returns themselves (a constant series) carry no
    // variance to model.
    if (!(meanSquare > 1e-20 * rawMeanSquare) || !std::isfinite(meanSquare))
        return Error{"the returns have no variance"};
    const double scale = std::sqrt(meanSquare);
    std::vector<double> unit(residuals);
    for (double &e : unit)
        e /= scale;

    Objective objective(unit);
    // Start from the best point of a grid of persistence levels and ARCH shares, with omega
    // targeting the unit sample variance.
    Point start{};
    double startValue = kInfinity;
    for (double persistence : {0.80, 0.95, 0.99}) {
        for (double share : {0.05, 0.15, 0.40}) {
            const Point x = pointOf(1.0 - persistence, persistence, share);
            const double v = objective(x);
            if (v < startValue) {
                startValue = v;
                start = x;
            }
        }
    }
    const Point steps{0.5, 1.0, 1.0};
    SimplexResult best =
        nelderMead(objective, start, steps, options.tolerance, options.maxEvaluations);
    int iterations = best.iterations;
    for (int restart = 0; restart < 10 && objective.evaluations() < options.maxEvaluations;
         ++restart) {
        const SimplexResult again =
            nelderMead(objective, best.best, steps, options.tolerance, options.maxEvaluations);
        iterations += again.iterations;
        const bool improved =
            again.value < best.value - options.tolerance * (1.0 + std::abs(best.value));
        if (again.value <= best.value)
            best = SimplexResult{again.best, again.value, again.converged, 0};
        else
            best.converged = best.converged && again.converged;
        if (!improved)
            break;
    }
    if (!std::isfinite(best.value))
        return Error{"the GARCH(1,1) likelihood could not be evaluated for these returns"};

    const GarchParameters unitParameters = parametersOf(best.best);
    GarchFit fit;
    fit.parameters = {unitParameters.omega * meanSquare, unitParameters.alpha, unitParameters.beta};
    fit.mean = mean;
    fit.converged = best.converged;
    fit.iterations = iterations;
    fit.evaluations = objective.evaluations();
    fit.observations = static_cast<int>(returns.size());
    fit.logLikelihood = filter(residuals, fit.parameters, &fit.lastVariance, &fit.nextVariance);
    return fit;
}

std::vector<double> logReturns(std::span<const double> closes)
{
    std::vector<double> out;
    if (closes.size() < 2)
        return out;
    out.reserve(closes.size() - 1);
    for (std::size_t i = 1; i < closes.size(); ++i) {
        const double previous = closes[i - 1];
        const double current = closes[i];
        if (std::isfinite(previous) && std::isfinite(current) && previous > 0 && current > 0)
            out.push_back(std::log(current / previous));
    }
    return out;
}

} // namespace mag7::signals
