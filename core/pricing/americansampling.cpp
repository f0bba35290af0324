#include "pricing/americansampling.h"

#include <charconv>
#include <cmath>
#include <random>

namespace mag7::pricing {

namespace {

// Uniform doubles from std::mt19937_64: the top 53 bits of each draw.
class Random {
public:
    explicit Random(std::uint64_t seed)
        : m_engine(seed)
    {}
    double uniform() // [0, 1)
    {
        return static_cast<double>(m_engine() >> 11) * 0x1.0p-53;
    }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    double logUniform(double lo, double hi)
    {
        return std::exp(uniform(std::log(lo), std::log(hi)));
    }

private:
    std::mt19937_64 m_engine;
};

void appendNumber(std::string &out, double value)
{
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace

std::vector<BsmInputs> randomAmericanInputs(std::uint64_t seed, std::size_t count,
                                            const AmericanDomain &domain)
{
    Random random(seed);
    std::vector<BsmInputs> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        BsmInputs in;
        const double side = random.uniform();
        in.right =
            domain.right ? *domain.right : (side < 0.5 ? OptionRight::Call : OptionRight::Put);
        in.spot = random.uniform(domain.spotMin, domain.spotMax);
        in.strike = in.spot * random.uniform(domain.moneynessMin, domain.moneynessMax);
        in.years = random.logUniform(domain.yearsMin, domain.yearsMax);
        in.vol = random.logUniform(domain.volMin, domain.volMax);
        in.rate = random.uniform(domain.rateMin, domain.rateMax);
        in.dividendYield = random.uniform(domain.yieldMin, domain.yieldMax);
        out.push_back(in);
    }
    return out;
}

std::vector<DividendCase> randomDividendCases(std::uint64_t seed, std::size_t count,
                                              std::optional<OptionRight> right)
{
    Random random(seed);
    std::vector<DividendCase> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        DividendCase c;
        const double side = random.uniform();
        c.in.right = right ? *right : (side < 0.5 ? OptionRight::Call : OptionRight::Put);
        c.in.spot = random.uniform(50, 200);
        c.in.strike = c.in.spot * random.uniform(0.6, 1.4);
        const double days = std::floor(random.uniform(7, 731));
        c.in.years = days / 365;
        c.in.vol = random.logUniform(0.1, 0.8);
        c.in.rate = random.uniform(0.0, 0.08);
        c.in.dividendYield = 0;
        const double amount = c.in.spot * random.uniform(0.001, 0.0125);
        for (double exDay = std::floor(random.uniform(1, 92)); exDay < days; exDay += 91)
            c.dividends.push_back({exDay / 365, amount});
        out.push_back(std::move(c));
    }
    return out;
}

double scaledError(const BsmInputs &in, double a, double b)
{
    return std::abs(a - b) * 100 / std::sqrt(in.spot * in.strike);
}

ErrorSummary summarizeErrors(std::span<const BsmInputs> inputs, std::span<const double> prices,
                             std::span<const double> reference, double tolerance)
{
    ErrorSummary summary;
    double total = 0;
    for (std::size_t i = 0; i < inputs.size() && i < prices.size() && i < reference.size(); ++i) {
        if (!std::isfinite(prices[i]) || !std::isfinite(reference[i])) {
            summary.missing.push_back(i);
            continue;
        }
        const double error = scaledError(inputs[i], prices[i], reference[i]);
        ++summary.count;
        total += error;
        if (error > summary.max) {
            summary.max = error;
            summary.worst = i;
        }
        if (error > tolerance)
            summary.above.push_back(i);
    }
    summary.mean = summary.count > 0 ? total / static_cast<double>(summary.count) : 0.0;
    return summary;
}

std::string describeAmerican(const BsmInputs &in, std::span<const CashDividend> dividends)
{
    std::string out = in.right == OptionRight::Call ? "call" : "put";
    const auto field = [&out](const char *name, double value) {
        out += ' ';
        out += name;
        out += '=';
        appendNumber(out, value);
    };
    field("S", in.spot);
    field("K", in.strike);
    field("T", in.years);
    field("vol", in.vol);
    field("r", in.rate);
    field("q", in.dividendYield);
    if (!dividends.empty()) {
        out += " dividends [";
        for (std::size_t i = 0; i < dividends.size(); ++i) {
            out += i == 0 ? "(" : ", (";
            appendNumber(out, dividends[i].years);
            out += ", ";
            appendNumber(out, dividends[i].amount);
            out += ')';
        }
        out += ']';
    }
    return out;
}

} // namespace mag7::pricing
