#include "engine/scanner.h"

#include "signals/expression.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace mag7::engine {

namespace {

enum Var : std::uint8_t {
    Spot,
    Chg,
    Rvol,
    AtmIv,
    Ivr,
    Ivp,
    Dte,
    Strike,
    Call,
    Put,
    Bid,
    Ask,
    Mid,
    Spread,
    SpreadPct,
    Last,
    Volume,
    Oi,
    VolOi,
    Iv,
    Delta,
    Gamma,
    Theta,
    Vega,
    ProbItm,
    Gex,
    Moneyness,
    Otm,
    Em,
    Sigmas,
    VarCount
};

constexpr std::array<ScanVariableInfo, VarCount> kVariables = {{
    {"spot", "underlying mid (or last trade)"},
    {"chg", "underlying change today, % of the previous close"},
    {"rvol", "underlying relative volume (volume / average by this time of day, 20 sessions)"},
    {"atmiv", "underlying 30-day ATM implied vol, %"},
    {"ivr", "IV rank 0-100: (IV - 52w low) / (52w high - 52w low)"},
    {"ivp", "IV percentile 0-100: share of the last 252 days with IV below today's"},
    {"dte", "calendar days to expiry"},
    {"strike", "strike"},
    {"call", "1 for calls, 0 for puts"},
    {"put", "1 for puts, 0 for calls"},
    {"bid", "bid"},
    {"ask", "ask"},
    {"mid", "(bid + ask) / 2"},
    {"spread", "ask - bid"},
    {"spreadpct", "(ask - bid) / mid, %"},
    {"last", "last trade"},
    {"volume", "contracts traded today"},
    {"oi", "open interest"},
    {"voloi", "volume / open interest"},
    {"iv", "implied vol, %"},
    {"delta", "delta"},
    {"gamma", "gamma"},
    {"theta", "theta per calendar day"},
    {"vega", "vega per vol point"},
    {"probitm", "probability of expiring in the money, %"},
    {"gex", "gamma exposure, dollars per 1% move (calls +, puts -)"},
    {"moneyness", "strike / spot - 1, %"},
    {"otm", "1 when out of the money"},
    {"em", "expected move to the expiry, dollars (spot x ATM IV x sqrt(years))"},
    {"sigmas", "|strike - spot| / expected move"},
}};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Position of `name` as a whole word in `text` (case-insensitive), or 0.
std::size_t wordPosition(std::string_view text, std::string_view name)
{
    auto lower = [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    };
    auto isWord = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t i = 0; i + name.size() <= text.size(); ++i) {
        bool same = true;
        for (std::size_t j = 0; j < name.size() && same; ++j)
            same = lower(text[i + j]) == name[j];
        if (same && (i == 0 || !isWord(text[i - 1])) &&
            (i + name.size() == text.size() || !isWord(text[i + name.size()])))
            return i;
    }
    return 0;
}

double finiteOrNaN(double value)
{
    return std::isfinite(value) ? value : kNaN;
}

double priceOrNaN(Price price)
{
    return price > 0 ? toDouble(price) : kNaN;
}

// The value of `variable` for contract `o`: contract fields are computed on demand (a rule reads
// a handful of the thirty), underlying and expiry values come from `outer`.
double contractValue(Var variable, const OptionRow &o, double spot,
                     const std::array<double, VarCount> &outer)
{
    const bool call = o.right == OptionRight::Call;
    const bool priced = o.ivError == pricing::IvError::None;
    switch (variable) {
    case Strike:
        return o.strike;
    case Call:
        return call ? 1 : 0;
    case Put:
        return call ? 0 : 1;
    case Bid:
        return priceOrNaN(o.bid);
    case Ask:
        return priceOrNaN(o.ask);
    case Mid:
        return o.mid > 0 ? o.mid : kNaN;
    case Spread:
        return priceOrNaN(o.ask) - priceOrNaN(o.bid);
    case SpreadPct:
        return (priceOrNaN(o.ask) - priceOrNaN(o.bid)) / (o.mid > 0 ? o.mid : kNaN) * 100;
    case Last:
        return priceOrNaN(o.last);
    case Volume:
        return static_cast<double>(o.volume);
    case Oi:
        return static_cast<double>(o.openInterest);
    case VolOi:
        return o.openInterest > 0
                   ? static_cast<double>(o.volume) / static_cast<double>(o.openInterest)
                   : kNaN;
    case Iv:
        return priced ? o.iv * 100 : kNaN;
    case Delta:
        return priced ? o.greeks.delta : kNaN;
    case Gamma:
        return priced ? o.greeks.gamma : kNaN;
    case Theta:
        return priced ? o.greeks.theta : kNaN;
    case Vega:
        return priced ? o.greeks.vega : kNaN;
    case ProbItm:
        return priced ? o.probabilityItm * 100 : kNaN;
    case Gex:
        return priced ? o.gex : kNaN;
    case Moneyness:
        return (o.strike / spot - 1) * 100;
    case Otm:
        return std::isnan(spot) ? kNaN : (call ? o.strike > spot : o.strike < spot);
    case Sigmas:
        return std::abs(o.strike - spot) / outer[Em];
    default:
        return outer[variable];
    }
}

} // namespace

struct Scanner::Compiled {
    signals::Expression expression;
    std::vector<Var> slots; // variable of each expression slot
};

Scanner::Scanner(std::shared_ptr<const Compiled> compiled)
    : m_compiled(std::move(compiled))
{}
Scanner::Scanner(const Scanner &) = default;
Scanner &Scanner::operator=(const Scanner &) = default;
Scanner::Scanner(Scanner &&) noexcept = default;
Scanner &Scanner::operator=(Scanner &&) noexcept = default;
Scanner::~Scanner() = default;

std::span<const ScanVariableInfo> Scanner::variables()
{
    return kVariables;
}

const std::string &Scanner::rule() const
{
    return m_compiled->expression.text();
}

Result<Scanner> Scanner::create(std::string_view rule)
{
    auto parsed = signals::Expression::parse(rule);
    if (!parsed)
        return parsed.error();
    auto compiled = std::make_shared<Compiled>(Compiled{std::move(parsed).value(), {}});
    for (const std::string &name : compiled->expression.variables()) {
        const auto it = std::find_if(kVariables.begin(), kVariables.end(),
                                     [&](const ScanVariableInfo &v) { return name == v.name; });
        if (it == kVariables.end()) {
            std::string known;
            for (const ScanVariableInfo &v : kVariables)
                known += (known.empty() ? "" : ", ") + std::string(v.name);
            return Error{"at column " + std::to_string(wordPosition(rule, name) + 1) +
                         ": unknown variable '" + name + "'; the variables are " + known};
        }
        compiled->slots.push_back(static_cast<Var>(it - kVariables.begin()));
    }
    return Scanner(std::move(compiled));
}

std::vector<ScanHit> Scanner::scan(std::span<const std::shared_ptr<const ChainSnapshot>> chains,
                                   std::span<const QuoteRow> quotes) const
{
    std::vector<ScanHit> hits;
    const Compiled &compiled = *m_compiled;
    std::array<double, VarCount> values{};
    std::vector<double> bound(compiled.slots.size());
    for (const auto &chain : chains) {
        if (!chain)
            continue;
        values.fill(kNaN);
        const double spot = chain->spot > 0 ? chain->spot : kNaN;
        values[Spot] = spot;
        values[AtmIv] = chain->atmIv30 > 0 ? chain->atmIv30 * 100 : kNaN;
        for (const QuoteRow &row : quotes) {
            if (row.id != chain->underlying)
                continue;
            values[Chg] = finiteOrNaN(row.changePercent());
            values[Rvol] = finiteOrNaN(row.relativeVolume);
            values[Ivr] = finiteOrNaN(row.ivRank);
            values[Ivp] = finiteOrNaN(row.ivPercentile);
        }
        for (const ExpirySummary &expiry : chain->expiries) {
            values[Dte] = expiry.daysToExpiry;
            values[Em] = expiry.expectedMove > 0 ? expiry.expectedMove : kNaN;
            const auto first =
                chain->options.begin() + static_cast<std::ptrdiff_t>(expiry.firstRow);
            for (auto it = first; it != first + static_cast<std::ptrdiff_t>(expiry.rowCount);
                 ++it) {
                const OptionRow &o = *it;
                for (std::size_t slot = 0; slot < bound.size(); ++slot)
                    bound[slot] = contractValue(compiled.slots[slot], o, spot, values);
                if (compiled.expression.matches(bound))
                    hits.push_back({chain->symbol, &o, chain, expiry.daysToExpiry});
            }
        }
    }
    return hits;
}

} // namespace mag7::engine
