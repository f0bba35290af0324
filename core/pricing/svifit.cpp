// Raw SVI smile fit by the quasi-explicit method (Zeliade Systems, "Quasi-explicit calibration of
// Gatheral's SVI model", 2009): for fixed (m, sigma), with y = (k - m) / sigma, the total variance
// a + d y + c sqrt(y^2 + 1) (c = b sigma, d = rho b sigma) is linear in (a, d, c), so the best
// (a, d, c) under the arbitrage constraints is a 3-variable convex quadratic programme, solved
// exactly by a primal active-set method. The outer problem over (m, log sigma) is 2-D and is
// minimised by Nelder-Mead from the best points of a coarse grid.
#include "pricing/volsurface.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

namespace mag7::pricing {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kRhoMax = 0.999;   // |rho| < 1 strictly
constexpr int kMinVarSegments = 12; // initial polygonal inner bound of sqrt(1 - rho^2)
constexpr int kMaxConstraints = 48;
constexpr int kActiveSetIterations = 60;
constexpr int kNelderMeadEvaluations = 400;
constexpr int kGridM = 7, kGridS = 6; // starting grid over (m, log sigma)
constexpr std::size_t kStarts = 2;

struct Quote {
    double k = 0;      // log-moneyness
    double w = 0;      // market total variance
    double lambda = 0; // least-squares weight of the total-variance residual
};

// Constraint n . x + e >= 0 on x = (A, d, c), where A = a + c (the basis is 1, y, z - 1, which
// stays well conditioned when sigma is large).
struct Constraint {
    std::array<double, 3> n{};
    double e = 0;
};

// Dense Gaussian elimination with partial pivoting; false when singular.
template <int N>
bool solveLinear(std::array<std::array<double, N>, N> m, std::array<double, N> &rhs)
{
    for (int col = 0; col < N; ++col) {
        int pivot = col;
        for (int r = col + 1; r < N; ++r)
            if (std::abs(m[r][col]) > std::abs(m[pivot][col]))
                pivot = r;
        if (!(std::abs(m[pivot][col]) > 1e-300))
            return false;
        std::swap(m[pivot], m[col]);
        std::swap(rhs[pivot], rhs[col]);
        for (int r = col + 1; r < N; ++r) {
            const double f = m[r][col] / m[col][col];
            for (int c = col; c < N; ++c)
                m[r][c] -= f * m[col][c];
            rhs[r] -= f * rhs[col];
        }
    }
    for (int col = N - 1; col >= 0; --col) {
        double s = rhs[col];
        for (int c = col + 1; c < N; ++c)
            s -= m[col][c] * rhs[c];
        rhs[col] = s / m[col][col];
    }
    return true;
}

// Equality-constrained step of the active-set method: minimise the quadratic
// u'Hu - 2 g'u from u along p with n_i . p = 0 for the working set. Returns p and the
// multipliers (grad = sum mu_i n_i).
template <int K>
bool equalityStep(const std::array<std::array<double, 3>, 3> &h, const std::array<double, 3> &grad,
                  const std::array<const Constraint *, 3> &working, std::array<double, 3> &p,
                  std::array<double, 3> &mu)
{
    constexpr int N = 3 + K;
    std::array<std::array<double, N>, N> m{};
    std::array<double, N> rhs{};
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j)
            m[i][j] = 2 * h[i][j];
        rhs[i] = -grad[i];
        for (int w = 0; w < K; ++w) {
            m[i][3 + w] = -working[w]->n[i];
            m[3 + w][i] = working[w]->n[i];
        }
    }
    if (!solveLinear<N>(m, rhs))
        return false;
    for (int i = 0; i < 3; ++i)
        p[i] = rhs[i];
    for (int w = 0; w < K; ++w)
        mu[w] = rhs[3 + w];
    return true;
}

// Fixed-capacity list of linear constraints.
struct Constraints {
    std::array<Constraint, kMaxConstraints> items{};
    int count = 0;
};

struct CirclePoint {
    double sin = 0; // rho
    double cos = 1; // sqrt(1 - rho^2)
};

// Vertices of the initial polygon: kMinVarSegments equal arcs of the half circle.
const std::array<CirclePoint, kMinVarSegments + 1> &basePolygon()
{
    static const auto polygon = [] {
        std::array<CirclePoint, kMinVarSegments + 1> p{};
        for (int j = 0; j <= kMinVarSegments; ++j) {
            const double t = -std::numbers::pi / 2 + std::numbers::pi * j / kMinVarSegments;
            p[static_cast<std::size_t>(j)] = {std::sin(t), std::cos(t)};
        }
        p.front() = {-1, 0};
        p.back() = {1, 0};
        return p;
    }();
    return polygon;
}

bool feasible(const Constraints &cons, const std::array<double, 3> &u)
{
    for (int c = 0; c < cons.count; ++c) {
        const Constraint &k = cons.items[static_cast<std::size_t>(c)];
        if (k.n[0] * u[0] + k.n[1] * u[1] + k.n[2] * u[2] + k.e < 0)
            return false;
    }
    return true;
}

class SviFitter {
public:
    SviFitter(double years, std::vector<Quote> quotes)
        : m_years(years)
        , m_quotes(std::move(quotes))
    {
        m_kMin = m_quotes.front().k;
        m_kMax = m_quotes.front().k;
        double sw = 0, swv = 0;
        for (const Quote &q : m_quotes) {
            m_kMin = std::min(m_kMin, q.k);
            m_kMax = std::max(m_kMax, q.k);
            sw += q.lambda;
            swv += q.lambda * q.w;
        }
        m_meanW = swv / sw;
        m_span = std::max(m_kMax - m_kMin, 1e-8);
        m_y.resize(m_quotes.size());
        m_z1.resize(m_quotes.size());
    }

    double kMin() const { return m_kMin; }
    double kMax() const { return m_kMax; }
    double span() const { return m_span; }

    // Best (A, d, c) for (m, sigma); returns the weighted residual sum of squares.
    double inner(double m, double sigma, std::array<double, 3> &x)
    {
        std::array<std::array<double, 3>, 3> h{};
        std::array<double, 3> g{};
        const double inverseSigma = 1 / sigma;
        for (std::size_t i = 0; i < m_quotes.size(); ++i) {
            const Quote &q = m_quotes[i];
            const double y = (q.k - m) * inverseSigma;
            const double z1 = y * y / (std::sqrt(y * y + 1) + 1); // sqrt(y^2 + 1) - 1, exactly
            m_y[i] = y;
            m_z1[i] = z1;
            const double ly = q.lambda * y, lz = q.lambda * z1;
            h[0][0] += q.lambda;
            h[0][1] += ly;
            h[0][2] += lz;
            h[1][1] += ly * y;
            h[1][2] += ly * z1;
            h[2][2] += lz * z1;
            g[0] += q.lambda * q.w;
            g[1] += ly * q.w;
            g[2] += lz * q.w;
        }
        // Jacobi scaling: u = D^-1 x with unit diagonal Hessian, plus a tiny ridge.
        std::array<double, 3> d{};
        for (int i = 0; i < 3; ++i)
            d[i] = h[i][i] > 0 ? 1 / std::sqrt(h[i][i]) : 1.0;
        std::array<std::array<double, 3>, 3> hu{};
        for (int i = 0; i < 3; ++i)
            for (int j = i; j < 3; ++j)
                hu[i][j] = hu[j][i] = h[i][j] * d[i] * d[j] + (i == j ? 1e-13 : 0.0);
        std::array<double, 3> gu{};
        for (int i = 0; i < 3; ++i)
            gu[i] = g[i] * d[i];

        // Constraints on x = (A, d, c) with A = a + c, mapped to u.
        Constraints cons;
        auto add = [&](std::array<double, 3> n, double e) {
            Constraint &k = cons.items[static_cast<std::size_t>(cons.count++)];
            k.n = {n[0] * d[0], n[1] * d[1], n[2] * d[2]};
            k.e = e;
        };
        const double lee = 4 * sigma / m_years;
        add({0, -1, kRhoMax}, 0); // rho <= kRhoMax
        add({0, 1, kRhoMax}, 0);  // rho >= -kRhoMax
        add({0, -1, -1}, lee);    // c + d <= 4 sigma / T (Lee)
        add({0, 1, -1}, lee);     // c - d <= 4 sigma / T
        // Non-negative variance a + c sqrt(1 - rho^2) >= 0 through a polygon inscribed in the
        // unit circle (rho = sin t, sqrt(1 - rho^2) = cos t): every chord alpha + beta rho lies
        // below sqrt(1 - rho^2), so a + alpha c + beta d = A + (alpha - 1) c + beta d >= 0 is a
        // sufficient, linear form. While the chord binds at the solution's rho, the polygon gets
        // a vertex there, until its conservativeness there is negligible.
        std::array<CirclePoint, kMaxConstraints> nodes{};
        const auto &base = basePolygon();
        std::copy(base.begin(), base.end(), nodes.begin());
        int nodeCount = static_cast<int>(base.size());
        auto addChords = [&] {
            cons.count = 4;
            for (int j = 0; j + 1 < nodeCount; ++j) {
                const CirclePoint &p0 = nodes[static_cast<std::size_t>(j)];
                const CirclePoint &p1 = nodes[static_cast<std::size_t>(j + 1)];
                const double beta = (p1.cos - p0.cos) / (p1.sin - p0.sin);
                const double alpha = p0.cos - beta * p0.sin;
                add({1.0, beta, alpha - 1.0}, 0);
            }
        };
        addChords();
        // The unconstrained minimum when feasible, else the active-set method from a flat smile.
        std::array<double, 3> u = gu;
        std::array<std::array<double, 3>, 3> h2 = hu;
        if (!solveLinear<3>(h2, u) || !feasible(cons, u)) {
            u = {m_meanW / d[0], 0.0, 0.0};
            if (!activeSet(hu, gu, cons, u))
                return kInf;
        }
        for (;;) {
            for (int i = 0; i < 3; ++i)
                x[static_cast<std::size_t>(i)] = u[static_cast<std::size_t>(i)] * d[i];
            const double c = x[2];
            if (!(c > 0) || nodeCount >= kMaxConstraints - 4)
                break;
            const double rho = std::clamp(x[1] / c, -1.0, 1.0);
            const double root = std::sqrt(1 - rho * rho);
            const double minVar = x[0] - c + c * root; // the exact constraint
            if (minVar > 1e-9 * m_meanW)
                break; // the polygon's conservativeness does not matter here
            const auto at =
                std::upper_bound(nodes.begin(), nodes.begin() + nodeCount, rho,
                                 [](double r, const CirclePoint &p) { return r < p.sin; });
            if (at == nodes.begin() || at == nodes.begin() + nodeCount ||
                std::min(rho - (at - 1)->sin, at->sin - rho) < 1e-12)
                break; // at a vertex already: exact there
            std::copy_backward(at, nodes.begin() + nodeCount, nodes.begin() + nodeCount + 1);
            *at = CirclePoint{rho, root};
            ++nodeCount;
            addChords(); // the region grows: u stays feasible
            if (!activeSet(hu, gu, cons, u))
                return kInf;
        }
        double sse = 0;
        for (std::size_t i = 0; i < m_quotes.size(); ++i) {
            const double r = x[0] + x[1] * m_y[i] + x[2] * m_z1[i] - m_quotes[i].w;
            sse += m_quotes[i].lambda * r * r;
        }
        return sse;
    }

    // Outer objective over (m, log sigma), kept inside a box around the quotes.
    double outer(const std::array<double, 2> &v)
    {
        std::array<double, 3> x{};
        const double m = std::clamp(v[0], m_kMin - 2 * m_span, m_kMax + 2 * m_span);
        const double s = std::exp(std::clamp(v[1], logSigmaMin(), logSigmaMax()));
        return inner(m, s, x);
    }
    double logSigmaMin() const { return std::log(std::max(m_span * 1e-3, 1e-7)); }
    double logSigmaMax() const { return std::log(m_span * 20); }

private:
    static bool activeSet(const std::array<std::array<double, 3>, 3> &h,
                          const std::array<double, 3> &g, const Constraints &cons,
                          std::array<double, 3> &u);

    double m_years;
    std::vector<Quote> m_quotes;
    double m_kMin = 0, m_kMax = 0, m_span = 0, m_meanW = 0;
    std::vector<double> m_y, m_z1; // per quote, for the current (m, sigma)
};

// Primal active-set method (Nocedal and Wright, algorithm 16.3) for min u'Hu - 2g'u subject to
// n_i . u + e_i >= 0, from the feasible start `u`.
bool SviFitter::activeSet(const std::array<std::array<double, 3>, 3> &h,
                          const std::array<double, 3> &g, const Constraints &cons,
                          std::array<double, 3> &u)
{
    std::array<int, 3> working{};
    int size = 0;
    bool stationary = false; // u minimises the quadratic on the working set's subspace
    for (int iteration = 0; iteration < kActiveSetIterations; ++iteration) {
        std::array<double, 3> grad{};
        for (int i = 0; i < 3; ++i)
            grad[i] = 2 * (h[i][0] * u[0] + h[i][1] * u[1] + h[i][2] * u[2] - g[i]);
        std::array<const Constraint *, 3> ws{};
        for (int w = 0; w < size; ++w)
            ws[w] = &cons.items[static_cast<std::size_t>(working[w])];
        std::array<double, 3> p{}, mu{};
        bool solved = true;
        switch (size) {
        case 0:
            solved = equalityStep<0>(h, grad, ws, p, mu);
            break;
        case 1:
            solved = equalityStep<1>(h, grad, ws, p, mu);
            break;
        case 2:
            solved = equalityStep<2>(h, grad, ws, p, mu);
            break;
        default:
            solved = equalityStep<3>(h, grad, ws, p, mu);
            break;
        }
        if (!solved)
            return false;
        const double scale = 1e-12 * (1 + std::abs(u[0]) + std::abs(u[1]) + std::abs(u[2]));
        if (stationary || std::abs(p[0]) + std::abs(p[1]) + std::abs(p[2]) <= scale) {
            int drop = -1;
            double most = 0;
            for (int w = 0; w < size; ++w)
                if (mu[w] < most) {
                    most = mu[w];
                    drop = w;
                }
            if (drop < 0)
                return true; // KKT point: the global minimum of the convex programme
            working[drop] = working[size - 1];
            --size;
            stationary = false;
            continue;
        }
        double alpha = 1;
        int blocking = -1;
        for (int c = 0; c < cons.count; ++c) {
            if (std::find(working.begin(), working.begin() + size, c) != working.begin() + size)
                continue;
            const Constraint &k = cons.items[static_cast<std::size_t>(c)];
            const double np = k.n[0] * p[0] + k.n[1] * p[1] + k.n[2] * p[2];
            if (np >= 0)
                continue;
            const double slack = k.n[0] * u[0] + k.n[1] * u[1] + k.n[2] * u[2] + k.e;
            const double step = std::max(slack, 0.0) / -np;
            if (step < alpha) {
                alpha = step;
                blocking = c;
            }
        }
        for (int i = 0; i < 3; ++i)
            u[i] += alpha * p[i];
        if (blocking >= 0 && size < 3)
            working[size++] = blocking;
        stationary = blocking < 0; // a full step reaches the subspace minimum
    }
    return true; // iteration cap: u is feasible and close to the optimum
}

struct NelderMeadResult {
    std::array<double, 2> x{};
    double f = kInf;
};

template <class F>
NelderMeadResult nelderMead(F &&f, std::array<double, 2> start, std::array<double, 2> step,
                            double ftol, double xtol)
{
    std::array<std::array<double, 2>, 3> p{start, start, start};
    p[1][0] += step[0];
    p[2][1] += step[1];
    std::array<double, 3> fv{f(p[0]), f(p[1]), f(p[2])};
    int evaluations = 3;
    auto at = [](const std::array<double, 2> &a, const std::array<double, 2> &b, double t) {
        return std::array<double, 2>{a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])};
    };
    while (evaluations < kNelderMeadEvaluations) {
        std::array<int, 3> o{0, 1, 2};
        std::sort(o.begin(), o.end(), [&](int a, int b) { return fv[a] < fv[b]; });
        const auto best = p[o[0]], mid = p[o[1]], worst = p[o[2]];
        const double fb = fv[o[0]], fm = fv[o[1]], fw = fv[o[2]];
        const double size = std::max(
            {std::abs(mid[0] - best[0]) / step[0], std::abs(worst[0] - best[0]) / step[0],
             std::abs(mid[1] - best[1]) / step[1], std::abs(worst[1] - best[1]) / step[1]});
        if ((fw - fb) <= ftol * (std::abs(fb) + 1e-300) || size < xtol)
            break;
        const std::array<double, 2> centroid{(best[0] + mid[0]) / 2, (best[1] + mid[1]) / 2};
        const auto r = at(centroid, worst, -1);
        const double fr = f(r);
        ++evaluations;
        std::array<double, 2> next = r;
        double fnext = fr;
        if (fr < fb) {
            const auto e = at(centroid, worst, -2);
            const double fe = f(e);
            ++evaluations;
            if (fe < fr) {
                next = e;
                fnext = fe;
            }
        } else if (fr >= fm) {
            const auto c = fr < fw ? at(centroid, r, 0.5) : at(centroid, worst, 0.5);
            const double fc = f(c);
            ++evaluations;
            if (fc < std::min(fr, fw)) {
                next = c;
                fnext = fc;
            } else { // shrink towards the best vertex
                p[o[1]] = at(best, mid, 0.5);
                p[o[2]] = at(best, worst, 0.5);
                fv[o[1]] = f(p[o[1]]);
                fv[o[2]] = f(p[o[2]]);
                evaluations += 2;
                continue;
            }
        }
        p[o[2]] = next;
        fv[o[2]] = fnext;
    }
    int best = 0;
    for (int i = 1; i < 3; ++i)
        if (fv[i] < fv[best])
            best = i;
    return {p[best], fv[best]};
}

bool finitePositive(double x)
{
    return std::isfinite(x) && x > 0;
}

Error fitError(SmileFitError error, const std::string &detail)
{
    return Error{std::string(smileFitErrorMessage(error)) + ": " + detail};
}

} // namespace

double SviParameters::totalVariance(double logMoneyness) const
{
    const double x = logMoneyness - m;
    return a + b * (rho * x + std::sqrt(x * x + sigma * sigma));
}

double SviParameters::impliedVol(double logMoneyness, double years) const
{
    const double w = totalVariance(logMoneyness);
    return years > 0 && w > 0 ? std::sqrt(w / years) : 0.0;
}

double SmileFit::impliedVol(double strike) const
{
    if (!(strike > 0) || !(forward > 0))
        return 0;
    return svi.impliedVol(std::log(strike / forward), years);
}

double durrlemanG(const SviParameters &svi, double k)
{
    const double x = k - svi.m;
    const double r = std::sqrt(x * x + svi.sigma * svi.sigma);
    const double w = svi.totalVariance(k);
    const double w1 = svi.b * (svi.rho + x / r);
    const double w2 = svi.b * svi.sigma * svi.sigma / (r * r * r);
    if (!(w > 0))
        return -kInf;
    const double t = 1 - k * w1 / (2 * w);
    return t * t - w1 * w1 / 4 * (1 / w + 0.25) + w2 / 2;
}

bool sviButterflyFree(const SviParameters &svi, double kMin, double kMax)
{
    constexpr int kSamples = 400;
    for (int i = 0; i <= kSamples; ++i) {
        const double k = kMin + (kMax - kMin) * i / kSamples;
        if (!(durrlemanG(svi, k) >= -1e-12))
            return false;
    }
    return true;
}

const char *smileFitErrorMessage(SmileFitError error)
{
    switch (error) {
    case SmileFitError::TooFewQuotes:
        return "smile fit needs at least 5 quotes at distinct strikes";
    case SmileFitError::InvalidInput:
        return "smile fit input is invalid";
    case SmileFitError::NotConverged:
        return "smile fit did not converge";
    }
    return "smile fit failed";
}

Result<SmileFit> fitSmile(double forward, double years, std::span<const SmileQuote> quotes)
{
    if (!finitePositive(forward) || !finitePositive(years))
        return fitError(SmileFitError::InvalidInput, "forward and years must be positive");
    std::vector<Quote> data;
    data.reserve(quotes.size());
    double weightSum = 0;
    for (const SmileQuote &q : quotes) {
        if (!finitePositive(q.strike) || !finitePositive(q.iv) || !finitePositive(q.weight))
            return fitError(SmileFitError::InvalidInput,
                            "strike " + std::to_string(q.strike) + ", iv " + std::to_string(q.iv) +
                                ", weight " + std::to_string(q.weight));
        // Residuals in total variance, weighted so that they measure vol errors:
        // d(vol) = d(w) / (2 vol T).
        const double dv = 2 * q.iv * years;
        data.push_back({std::log(q.strike / forward), q.iv * q.iv * years, q.weight / (dv * dv)});
        weightSum += q.weight;
    }
    std::vector<double> strikes;
    for (const SmileQuote &q : quotes)
        strikes.push_back(q.strike);
    std::sort(strikes.begin(), strikes.end());
    const auto distinct = std::unique(strikes.begin(), strikes.end()) - strikes.begin();
    if (distinct < 5)
        return fitError(SmileFitError::TooFewQuotes,
                        std::to_string(distinct) + " distinct strikes");

    SviFitter fitter(years, std::move(data));
    auto objective = [&](const std::array<double, 2> &v) { return fitter.outer(v); };

    // Coarse grid of starts over the quoted range and four decades of sigma.
    struct Start {
        std::array<double, 2> v;
        double f;
        int i, j; // grid cell
    };
    std::vector<Start> starts;
    const double lsLo = fitter.logSigmaMin() + 1.0, lsHi = fitter.logSigmaMax() - 1.0;
    for (int i = 0; i < kGridM; ++i) {
        for (int j = 0; j < kGridS; ++j) {
            const std::array<double, 2> v{fitter.kMin() + fitter.span() * i / (kGridM - 1),
                                          lsLo + (lsHi - lsLo) * j / (kGridS - 1)};
            starts.push_back({v, objective(v), i, j});
        }
    }
    std::sort(starts.begin(), starts.end(),
              [](const Start &a, const Start &b) { return a.f < b.f; });
    // Nelder-Mead from the best cell and from the best cell not adjacent to it (another basin,
    // should there be one), each restarted once from its result (a collapsed simplex can stall).
    std::vector<const Start *> chosen;
    for (const Start &s : starts) {
        if (!std::isfinite(s.f) || chosen.size() == kStarts)
            break;
        const bool adjacent = std::any_of(chosen.begin(), chosen.end(), [&](const Start *c) {
            return std::abs(c->i - s.i) <= 1 && std::abs(c->j - s.j) <= 1;
        });
        if (!adjacent)
            chosen.push_back(&s);
    }
    NelderMeadResult best;
    const std::array<double, 2> step{fitter.span() / 8, 0.4};
    for (const Start *s : chosen) {
        NelderMeadResult r = nelderMead(objective, s->v, step, 1e-8, 1e-5);
        r = nelderMead(objective, r.x, {step[0] / 4, step[1] / 4}, 1e-10, 1e-6);
        if (r.f < best.f)
            best = r;
    }
    if (!std::isfinite(best.f))
        return fitError(SmileFitError::NotConverged, "no feasible parameters");

    const double m =
        std::clamp(best.x[0], fitter.kMin() - 2 * fitter.span(), fitter.kMax() + 2 * fitter.span());
    const double sigma =
        std::exp(std::clamp(best.x[1], fitter.logSigmaMin(), fitter.logSigmaMax()));
    std::array<double, 3> x{};
    fitter.inner(m, sigma, x);
    SmileFit fit;
    fit.forward = forward;
    fit.years = years;
    fit.points = static_cast<int>(quotes.size());
    const double c = std::max(x[2], 0.0);
    fit.svi.m = m;
    fit.svi.sigma = sigma;
    fit.svi.b = c / sigma;
    fit.svi.rho = c > 0 ? std::clamp(x[1] / c, -kRhoMax, kRhoMax) : 0.0;
    fit.svi.a = x[0] - c;
    if (!std::isfinite(fit.svi.a) || !std::isfinite(fit.svi.b) || !std::isfinite(fit.svi.rho))
        return fitError(SmileFitError::NotConverged, "non-finite parameters");

    double sse = 0;
    double kMin = kInf, kMax = -kInf;
    for (const SmileQuote &q : quotes) {
        const double err = fit.impliedVol(q.strike) - q.iv;
        sse += q.weight * err * err;
        const double k = std::log(q.strike / forward);
        kMin = std::min(kMin, k);
        kMax = std::max(kMax, k);
    }
    fit.rmseVolPoints = std::sqrt(sse / weightSum) * 100;
    fit.butterflyArbitrageFree = sviButterflyFree(fit.svi, kMin, kMax);
    return fit;
}

} // namespace mag7::pricing
