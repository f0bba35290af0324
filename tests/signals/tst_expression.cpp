// Rule expressions: values over bound variables, precedence, `between`, case-insensitivity,
// unknown values (NaN) and three-valued logic, division by zero, variables(), parse errors with
// their positions, and agreement with a direct computation over many random contracts.
#include "signals/expression.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace mag7;
using namespace mag7::signals;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Same value, NaN equal to NaN.
bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// "a=1, b=nan" -> values in the order of expr.variables(). Returns false (naming the variable in
// `missing`) when a variable has no binding.
bool bindValues(const Expression &expr, const QString &bindings, std::vector<double> &values,
                QString &missing)
{
    std::map<std::string, double> named;
    for (const QString &item : bindings.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList parts = item.trimmed().split(QLatin1Char('='));
        if (parts.size() != 2)
            continue;
        const QString value = parts[1].trimmed();
        named[parts[0].trimmed().toStdString()] =
            value == QLatin1String("nan") ? kNaN : value.toDouble();
    }
    values.clear();
    for (const std::string &name : expr.variables()) {
        const auto found = named.find(name);
        if (found == named.end()) {
            missing = QString::fromStdString(name);
            return false;
        }
        values.push_back(found->second);
    }
    return true;
}

Expression parseOrFail(const QString &rule, bool &ok, QString &message)
{
    auto parsed = Expression::parse(rule.toStdString());
    ok = parsed.ok();
    if (!ok) {
        message = QString::fromStdString(parsed.message());
        return std::move(Expression::parse("0")).value();
    }
    return std::move(parsed).value();
}

// One random option contract for the reference comparison.
struct Contract {
    double rvol, ivr, dte, delta, bid, ask, iv, oi;

    double field(const std::string &name) const
    {
        if (name == "rvol")
            return rvol;
        if (name == "ivr")
            return ivr;
        if (name == "dte")
            return dte;
        if (name == "delta")
            return delta;
        if (name == "bid")
            return bid;
        if (name == "ask")
            return ask;
        if (name == "iv")
            return iv;
        if (name == "oi")
            return oi;
        return kNaN;
    }
};

double nanMin(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return kNaN;
    return std::min(a, b);
}

double nanMax(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return kNaN;
    return std::max(a, b);
}

// Three-valued logic written out directly: 1 true, 0 false, NaN unknown.
double known(bool value)
{
    return value ? 1.0 : 0.0;
}

bool anyNaN(double a, double b, double c = 0.0)
{
    return std::isnan(a) || std::isnan(b) || std::isnan(c);
}

double lessThan(double a, double b)
{
    return anyNaN(a, b) ? kNaN : known(a < b);
}

double lessEqual(double a, double b)
{
    return anyNaN(a, b) ? kNaN : known(a <= b);
}

double greaterThan(double a, double b)
{
    return anyNaN(a, b) ? kNaN : known(a > b);
}

double greaterEqual(double a, double b)
{
    return anyNaN(a, b) ? kNaN : known(a >= b);
}

double notEqual(double a, double b)
{
    return anyNaN(a, b) ? kNaN : known(a != b);
}

double inRange(double x, double lo, double hi)
{
    return anyNaN(x, lo, hi) ? kNaN : known(lo <= x && x <= hi);
}

double logicalNot(double a)
{
    return std::isnan(a) ? kNaN : known(a == 0.0);
}

double logicalAnd(double a, double b)
{
    if (a == 0.0 || b == 0.0)
        return 0.0;
    return anyNaN(a, b) ? kNaN : 1.0;
}

double logicalOr(double a, double b)
{
    const bool aTrue = !std::isnan(a) && a != 0.0;
    const bool bTrue = !std::isnan(b) && b != 0.0;
    if (aTrue || bTrue)
        return 1.0;
    return anyNaN(a, b) ? kNaN : 0.0;
}

struct ReferenceCase {
    const char *rule;
    std::function<double(const Contract &)> value;
};

const std::vector<ReferenceCase> &referenceCases()
{
    static const std::vector<ReferenceCase> cases = {
        {"rvol > 1.5 and ivr > 50 and dte <= 7 and abs(delta) between 0.25 and 0.4",
         [](const Contract &c) {
             const double liquid = logicalAnd(greaterThan(c.rvol, 1.5), greaterThan(c.ivr, 50));
             const double near = logicalAnd(liquid, lessEqual(c.dte, 7));
             return logicalAnd(near, inRange(std::fabs(c.delta), 0.25, 0.4));
         }},
        {"(ask - bid) / ((ask + bid) / 2) < 0.05 or oi > 1000",
         [](const Contract &c) {
             const double mid = (c.ask + c.bid) / 2;
             const double spread = mid == 0.0 ? kNaN : (c.ask - c.bid) / mid;
             return logicalOr(lessThan(spread, 0.05), greaterThan(c.oi, 1000));
         }},
        {"iv * 100 - ivr / 2", [](const Contract &c) { return c.iv * 100 - c.ivr / 2; }},
        {"not (dte > 7) and max(abs(delta), iv) >= 0.3",
         [](const Contract &c) {
             return logicalAnd(logicalNot(greaterThan(c.dte, 7)),
                               greaterEqual(nanMax(std::fabs(c.delta), c.iv), 0.3));
         }},
        {"min(bid, ask) between 0.05 and 5 or rvol != 1",
         [](const Contract &c) {
             return logicalOr(inRange(nanMin(c.bid, c.ask), 0.05, 5), notEqual(c.rvol, 1));
         }},
        {"-delta * oi / (dte + 1) > 20 and not ivr",
         [](const Contract &c) {
             const double divisor = c.dte + 1;
             const double flow = divisor == 0.0 ? kNaN : -c.delta * c.oi / divisor;
             return logicalAnd(greaterThan(flow, 20), logicalNot(c.ivr));
         }},
        {"not (ivr > 50 and rvol > 1.5) or not dte <= 3",
         [](const Contract &c) {
             const double both = logicalAnd(greaterThan(c.ivr, 50), greaterThan(c.rvol, 1.5));
             return logicalOr(logicalNot(both), logicalNot(lessEqual(c.dte, 3)));
         }},
        {"not (oi > 4000 or iv < 0.2) and bid or ask > 9.5",
         [](const Contract &c) {
             const double either = logicalOr(greaterThan(c.oi, 4000), lessThan(c.iv, 0.2));
             return logicalOr(logicalAnd(logicalNot(either), c.bid), greaterThan(c.ask, 9.5));
         }},
    };
    return cases;
}

std::vector<Contract> randomContracts(std::size_t count)
{
    std::mt19937_64 rng(20240611);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto maybeNaN = [&](double value) { return unit(rng) < 0.03 ? kNaN : value; };
    std::vector<Contract> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        Contract c{};
        c.rvol = maybeNaN(4.0 * unit(rng));
        if (unit(rng) < 0.02)
            c.rvol = 1.0;
        c.ivr = maybeNaN(unit(rng) < 0.05 ? 0.0 : 100.0 * unit(rng));
        c.dte =
            maybeNaN(std::floor(31.0 * unit(rng)) - (unit(rng) < 0.05 ? 1.0 : 0.0)); // -1 at times
        c.delta = maybeNaN(2.0 * unit(rng) - 1.0);
        c.bid = maybeNaN(unit(rng) < 0.02 ? 0.0 : 10.0 * unit(rng));
        c.ask = maybeNaN(c.bid == 0.0 ? 0.0 : c.bid + 0.5 * unit(rng));
        c.iv = maybeNaN(0.05 + 1.45 * unit(rng));
        c.oi = maybeNaN(std::floor(5000.0 * unit(rng)));
        out.push_back(c);
    }
    return out;
}

} // namespace

class TestExpression : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void evaluates_data();
    void evaluates();
    void equivalence_data();
    void equivalence();
    void variables_data();
    void variables();
    void rejectsInvalid_data();
    void rejectsInvalid();
    void threeValuedLogic_data();
    void threeValuedLogic();
    void unknownNeverMatches_data();
    void unknownNeverMatches();
    void nestingLimit();
    void missingValuesReadAsNaN();
    void copiesAndMoves();
    void agreesWithReference_data();
    void agreesWithReference();
};

void TestExpression::evaluates_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("bindings");
    QTest::addColumn<double>("expected");

    const QString example =
        "rvol > 1.5 and ivr > 50 and dte <= 7 and abs(delta) between 0.25 and 0.4";

    // Literals.
    QTest::newRow("integer") << "42"
                             << "" << 42.0;
    QTest::newRow("decimal") << "1.5"
                             << "" << 1.5;
    QTest::newRow("leading dot") << ".5"
                                 << "" << 0.5;
    QTest::newRow("exponent") << "1e3"
                              << "" << 1000.0;
    QTest::newRow("signed exponent") << "2.5E-2"
                                     << "" << 0.025;
    QTest::newRow("true and not false") << "true and not false"
                                        << "" << 1.0;
    QTest::newRow("TRUE or FALSE") << "TRUE or FALSE"
                                   << "" << 1.0;
    QTest::newRow("false") << "false"
                           << "" << 0.0;
    QTest::newRow("whitespace") << " \t a\n> 1 "
                                << "a=2" << 1.0;

    // Arithmetic and precedence.
    QTest::newRow("mul before add") << "1 + 2 * 3"
                                    << "" << 7.0;
    QTest::newRow("parentheses") << "(1 + 2) * 3"
                                 << "" << 9.0;
    QTest::newRow("sub left to right") << "10 - 4 - 3"
                                       << "" << 3.0;
    QTest::newRow("div left to right") << "12 / 3 / 2"
                                       << "" << 2.0;
    QTest::newRow("mul and div left to right") << "12 / 3 * 2"
                                               << "" << 8.0;
    QTest::newRow("negatives multiply") << "-2 * -3"
                                        << "" << 6.0;
    QTest::newRow("double negation") << "- -2"
                                     << "" << 2.0;
    QTest::newRow("minus a negative") << "2 - -3"
                                      << "" << 5.0;
    QTest::newRow("negated variable") << "-a * 2"
                                      << "a=3" << -6.0;
    QTest::newRow("negated parentheses") << "-(a - 5)"
                                         << "a=3" << 2.0;
    QTest::newRow("sums compared") << "a + 1 > b * 2"
                                   << "a=3, b=1.5" << 1.0;

    // Comparisons.
    QTest::newRow("< equal") << "a < 2"
                             << "a=2" << 0.0;
    QTest::newRow("<= equal") << "a <= 2"
                              << "a=2" << 1.0;
    QTest::newRow("> below") << "a > 2"
                             << "a=1.9" << 0.0;
    QTest::newRow(">= equal") << "a >= 2"
                              << "a=2" << 1.0;
    QTest::newRow("== equal") << "a == 2"
                              << "a=2" << 1.0;
    QTest::newRow("== differs") << "a == 2"
                                << "a=2.5" << 0.0;
    QTest::newRow("!= differs") << "a != 2"
                                << "a=2.5" << 1.0;
    QTest::newRow("!= equal") << "a != 2"
                              << "a=2" << 0.0;
    QTest::newRow("comparisons add up") << "(a > 1) + (b > 1) + (c > 1)"
                                        << "a=2, b=0, c=3" << 2.0;

    // Logic: results are 1 or 0, and binds tighter than or, not binds to the comparison.
    QTest::newRow("and of numbers") << "a and b"
                                    << "a=2, b=3" << 1.0;
    QTest::newRow("and with zero") << "a and b"
                                   << "a=2, b=0" << 0.0;
    QTest::newRow("or of numbers") << "a or b"
                                   << "a=0, b=-4" << 1.0;
    QTest::newRow("or of zeros") << "a or b"
                                 << "a=0, b=0" << 0.0;
    QTest::newRow("and before or (left)") << "a > 0 or b > 0 and c > 0"
                                          << "a=1, b=0, c=0" << 1.0;
    QTest::newRow("and before or (right)") << "a > 0 and b > 0 or c > 0"
                                           << "a=0, b=0, c=1" << 1.0;
    QTest::newRow("not binds to comparison") << "not a > 1 or b"
                                             << "a=2, b=1" << 1.0;
    QTest::newRow("not binds to comparison, false") << "not a > 1 or b"
                                                    << "a=2, b=0" << 0.0;
    QTest::newRow("not of comparison true") << "not a > 1 or b"
                                            << "a=0, b=0" << 1.0;
    QTest::newRow("not zero") << "not 0"
                              << "" << 1.0;
    QTest::newRow("not number") << "not 3"
                                << "" << 0.0;
    QTest::newRow("not not") << "not not a"
                             << "a=5" << 1.0;

    // between: inclusive, `and` belongs to between.
    QTest::newRow("between low edge") << "a between 1 and 2"
                                      << "a=1" << 1.0;
    QTest::newRow("between high edge") << "a between 1 and 2"
                                       << "a=2" << 1.0;
    QTest::newRow("between inside") << "a between 1 and 2"
                                    << "a=1.5" << 1.0;
    QTest::newRow("between below") << "a between 1 and 2"
                                   << "a=0.999" << 0.0;
    QTest::newRow("between above") << "a between 1 and 2"
                                   << "a=2.001" << 0.0;
    QTest::newRow("between reversed bounds") << "a between 2 and 1"
                                             << "a=1.5" << 0.0;
    QTest::newRow("between then and") << "a between 1 and 2 and b > 3"
                                      << "a=1.5, b=4" << 1.0;
    QTest::newRow("between then and, second false") << "a between 1 and 2 and b > 3"
                                                    << "a=1.5, b=3" << 0.0;
    QTest::newRow("between then and, first false") << "a between 1 and 2 and b > 3"
                                                   << "a=3, b=4" << 0.0;
    QTest::newRow("between arithmetic bounds") << "a between b - 1 and b + 1"
                                               << "a=5, b=4.5" << 1.0;
    QTest::newRow("not between") << "not a between 1 and 2"
                                 << "a=3" << 1.0;

    // Functions.
    QTest::newRow("abs") << "abs(-3)"
                         << "" << 3.0;
    QTest::newRow("min of three") << "min(3, 1, 2)"
                                  << "" << 1.0;
    QTest::newRow("max of three") << "max(3, 7, 2)"
                                  << "" << 7.0;
    QTest::newRow("max minus min") << "max(a, b) - min(a, b)"
                                   << "a=2, b=9" << 7.0;
    QTest::newRow("expression argument") << "min(1 + 1, 3)"
                                         << "" << 2.0;
    QTest::newRow("comparison argument") << "max(a > 1, 0.5)"
                                         << "a=2" << 1.0;
    QTest::newRow("abs between") << "abs(delta) between 0.25 and 0.4"
                                 << "delta=-0.3" << 1.0;

    // Case-insensitive keywords, functions and names.
    QTest::newRow("upper-case keywords") << "RVOL > 1 AND Ivr > 50"
                                         << "rvol=2, ivr=60" << 1.0;
    QTest::newRow("upper-case between") << "a BETWEEN 1 AND 2"
                                        << "a=1" << 1.0;
    QTest::newRow("upper-case not") << "NOT a"
                                    << "a=0" << 1.0;
    QTest::newRow("upper-case function") << "ABS(x) + Max(x, 0)"
                                         << "x=-1" << 1.0;
    QTest::newRow("one variable in any case") << "Rvol + rVOL"
                                              << "rvol=2" << 4.0;

    // NaN is unknown: a comparison with it is unknown, `not` keeps it unknown, `and` / `or`
    // follow three-valued logic, arithmetic passes it on.
    QTest::newRow("nan >") << "ivr > 50"
                           << "ivr=nan" << kNaN;
    QTest::newRow("nan <") << "ivr < 50"
                           << "ivr=nan" << kNaN;
    QTest::newRow("nan <=") << "50 <= ivr"
                            << "ivr=nan" << kNaN;
    QTest::newRow("nan >=") << "ivr >= 50"
                            << "ivr=nan" << kNaN;
    QTest::newRow("nan ==") << "ivr == ivr"
                            << "ivr=nan" << kNaN;
    QTest::newRow("nan !=") << "ivr != 50"
                            << "ivr=nan" << kNaN;
    QTest::newRow("nan between") << "ivr between 0 and 100"
                                 << "ivr=nan" << kNaN;
    QTest::newRow("nan lower bound of between") << "a between lo and 2"
                                                << "a=1, lo=nan" << kNaN;
    QTest::newRow("nan lower bound, above the upper") << "a between lo and 2"
                                                      << "a=3, lo=nan" << kNaN;
    QTest::newRow("nan upper bound of between") << "a between 0 and hi"
                                                << "a=1, hi=nan" << kNaN;
    QTest::newRow("not nan") << "not ivr"
                             << "ivr=nan" << kNaN;
    QTest::newRow("not not nan") << "not not ivr"
                                 << "ivr=nan" << kNaN;
    QTest::newRow("not of an unknown comparison") << "not ivr > 50"
                                                  << "ivr=nan" << kNaN;
    QTest::newRow("not of an unknown between") << "not ivr between 0 and 50"
                                               << "ivr=nan" << kNaN;
    QTest::newRow("not of a known comparison") << "not ivr > 50"
                                               << "ivr=40" << 1.0;
    QTest::newRow("nan and") << "a and 1"
                             << "a=nan" << kNaN;
    QTest::newRow("nan and false") << "a and 0"
                                   << "a=nan" << 0.0;
    QTest::newRow("nan or true") << "a or 1"
                                 << "a=nan" << 1.0;
    QTest::newRow("nan or false") << "a or 0"
                                  << "a=nan" << kNaN;
    QTest::newRow("true or nan") << "1 or a"
                                 << "a=nan" << 1.0;
    QTest::newRow("unknown or true") << "ivr > 50 or rvol > 1"
                                     << "ivr=nan, rvol=2" << 1.0;
    QTest::newRow("unknown or false") << "ivr > 50 or rvol > 1"
                                      << "ivr=nan, rvol=0.5" << kNaN;
    QTest::newRow("unknown and true") << "ivr > 50 and rvol > 1"
                                      << "ivr=nan, rvol=2" << kNaN;
    QTest::newRow("unknown and false") << "ivr > 50 and rvol > 1"
                                       << "ivr=nan, rvol=0.5" << 0.0;
    QTest::newRow("not of unknown and false") << "not (ivr > 50 and rvol > 1)"
                                              << "ivr=nan, rvol=0.5" << 1.0;
    QTest::newRow("not of unknown and true") << "not (ivr > 50 and rvol > 1)"
                                             << "ivr=nan, rvol=2" << kNaN;
    QTest::newRow("nan and true and false") << "a and b and c"
                                            << "a=nan, b=1, c=0" << 0.0;
    QTest::newRow("nan and true and true") << "a and b and c"
                                           << "a=nan, b=1, c=1" << kNaN;
    QTest::newRow("false and nan and true") << "a and b and c"
                                            << "a=0, b=nan, c=1" << 0.0;
    QTest::newRow("nan or false or true") << "a or b or c"
                                          << "a=nan, b=0, c=1" << 1.0;
    QTest::newRow("nan or false or false") << "a or b or c"
                                           << "a=nan, b=0, c=0" << kNaN;
    QTest::newRow("true or nan or false") << "a or b or c"
                                          << "a=1, b=nan, c=0" << 1.0;
    QTest::newRow("nan and true or false") << "a and b or c"
                                           << "a=nan, b=1, c=0" << kNaN;
    QTest::newRow("nan and true or true") << "a and b or c"
                                          << "a=nan, b=1, c=1" << 1.0;
    QTest::newRow("false or nan and false") << "a or b and c"
                                            << "a=0, b=nan, c=0" << 0.0;
    QTest::newRow("logic of numbers is 1") << "a and b"
                                           << "a=-2, b=7" << 1.0;
    QTest::newRow("nan and a number") << "a and b"
                                      << "a=nan, b=7" << kNaN;
    QTest::newRow("minus zero or zero") << "-a or b"
                                        << "a=0, b=0" << 0.0;
    QTest::newRow("unknown comparison as a number") << "(a > 1) + 1"
                                                    << "a=nan" << kNaN;
    QTest::newRow("nan plus") << "a + 1"
                              << "a=nan" << kNaN;
    QTest::newRow("nan negated") << "-a"
                                 << "a=nan" << kNaN;
    QTest::newRow("nan abs") << "abs(a)"
                             << "a=nan" << kNaN;
    QTest::newRow("nan min first") << "min(a, 1)"
                                   << "a=nan" << kNaN;
    QTest::newRow("nan max last") << "max(1, a)"
                                  << "a=nan" << kNaN;
    QTest::newRow("bare nan variable") << "a"
                                       << "a=nan" << kNaN;

    // Division by zero.
    QTest::newRow("one over zero") << "1 / 0"
                                   << "" << kNaN;
    QTest::newRow("minus one over zero") << "-1 / 0"
                                         << "" << kNaN;
    QTest::newRow("zero over zero") << "0 / 0"
                                    << "" << kNaN;
    QTest::newRow("over a zero difference") << "a / (b - b)"
                                            << "a=3, b=7" << kNaN;
    QTest::newRow("division by zero compared") << "a / b > 1"
                                               << "a=3, b=0" << kNaN;
    QTest::newRow("division by zero compared below") << "a / b < 1"
                                                     << "a=3, b=0" << kNaN;
    QTest::newRow("not of division by zero compared") << "not a / b > 1"
                                                      << "a=3, b=0" << kNaN;
    QTest::newRow("ordinary division") << "a / b"
                                       << "a=3, b=4" << 0.75;

    // The scanner example.
    QTest::newRow("example matches") << example << "rvol=2, ivr=60, dte=7, delta=-0.3" << 1.0;
    QTest::newRow("example delta out of band")
        << example << "rvol=2, ivr=60, dte=7, delta=0.45" << 0.0;
    QTest::newRow("example delta on band edge")
        << example << "rvol=2, ivr=60, dte=3, delta=0.4" << 1.0;
    QTest::newRow("example unknown ivr") << example << "rvol=2, ivr=nan, dte=7, delta=-0.3" << kNaN;
    QTest::newRow("example unknown ivr, dte too far")
        << example << "rvol=2, ivr=nan, dte=8, delta=-0.3" << 0.0;
    QTest::newRow("example unknown rvol and delta out of band")
        << example << "rvol=nan, ivr=60, dte=7, delta=0.45" << 0.0;
    QTest::newRow("example dte too far") << example << "rvol=2, ivr=60, dte=8, delta=-0.3" << 0.0;
    QTest::newRow("example rvol on threshold")
        << example << "rvol=1.5, ivr=60, dte=7, delta=0.3" << 0.0;
}

void TestExpression::evaluates()
{
    QFETCH(QString, rule);
    QFETCH(QString, bindings);
    QFETCH(double, expected);

    bool ok = false;
    QString message;
    const Expression expr = parseOrFail(rule, ok, message);
    QVERIFY2(ok, qPrintable(message));
    QCOMPARE(QString::fromStdString(expr.text()), rule);

    std::vector<double> values;
    QString missing;
    QVERIFY2(bindValues(expr, bindings, values, missing),
             qPrintable("unbound variable " + missing));

    const double actual = expr.evaluate(values);
    QVERIFY2(sameValue(actual, expected),
             qPrintable(QStringLiteral("got %1, expected %2").arg(actual).arg(expected)));
    QCOMPARE(expr.matches(values), !std::isnan(expected) && expected != 0.0);
}

void TestExpression::equivalence_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("other");
    QTest::addColumn<bool>("equivalent");

    QTest::newRow("not binds to the comparison") << "not a > 1 or b"
                                                 << "(not (a > 1)) or b" << true;
    QTest::newRow("not does not take the or") << "not a > 1 or b"
                                              << "not (a > 1 or b)" << false;
    QTest::newRow("not before and") << "not a and b"
                                    << "(not a) and b" << true;
    QTest::newRow("and before or") << "a or b and c"
                                   << "a or (b and c)" << true;
    QTest::newRow("and before or, not left to right") << "a or b and c"
                                                      << "(a or b) and c" << false;
    QTest::newRow("and before or, left") << "a and b or c"
                                         << "(a and b) or c" << true;
    QTest::newRow("between keeps its and") << "a between 1 and 2 and b > 3"
                                           << "(a between 1 and 2) and (b > 3)" << true;
    QTest::newRow("between does not take the next and") << "a between 1 and 2 and b > 3"
                                                        << "a between 1 and (2 and b > 3)" << false;
    QTest::newRow("between then or") << "a between b and c or a > 3"
                                     << "(a between b and c) or (a > 3)" << true;
    QTest::newRow("unary minus binds tightest") << "-a * b"
                                                << "(-a) * b" << true;
    QTest::newRow("unary minus then subtraction") << "-a - b"
                                                  << "(-a) - b" << true;
    QTest::newRow("subtraction left to right") << "a - b - c"
                                               << "(a - b) - c" << true;
    QTest::newRow("subtraction not right to left") << "a - b - c"
                                                   << "a - (b - c)" << false;
    QTest::newRow("division left to right") << "a / b * c"
                                            << "(a / b) * c" << true;
    QTest::newRow("arithmetic before comparison") << "a + b * c > a * b + c"
                                                  << "(a + (b * c)) > ((a * b) + c)" << true;
    QTest::newRow("minus a negative") << "a - -b"
                                      << "a + b" << true;
    QTest::newRow("case-insensitive") << "A > 1 And B"
                                      << "a > 1 and b" << true;
    // Any unknown operand makes `between` unknown, like the product of its two comparisons.
    QTest::newRow("between is inclusive") << "a between b and c"
                                          << "(a >= b) * (a <= c)" << true;
    QTest::newRow("between with an unknown bound is unknown") << "a between b and c"
                                                              << "a >= b and a <= c" << false;
    QTest::newRow("not flips >") << "not a > b"
                                 << "a <= b" << true;
    QTest::newRow("not flips <=") << "not a <= b"
                                  << "a > b" << true;
    QTest::newRow("not flips ==") << "not a == b"
                                  << "a != b" << true;
    QTest::newRow("not not is != 0") << "not not a"
                                     << "a != 0" << true;
    QTest::newRow("and is commutative") << "a and b"
                                        << "b and a" << true;
    QTest::newRow("or is commutative") << "a or b"
                                       << "b or a" << true;
    QTest::newRow("and is associative") << "(a and b) and c"
                                        << "a and (b and c)" << true;
    QTest::newRow("or is associative") << "(a or b) or c"
                                       << "a or (b or c)" << true;
    QTest::newRow("De Morgan for and") << "not (a and b)"
                                       << "not a or not b" << true;
    QTest::newRow("De Morgan for or") << "not (a or b)"
                                      << "not a and not b" << true;
    QTest::newRow("and distributes over or") << "a and (b or c)"
                                             << "(a and b) or (a and c)" << true;
    QTest::newRow("no excluded middle") << "a > 1 or not a > 1"
                                        << "1" << false;
    QTest::newRow("between is not exclusive") << "a between b and c"
                                              << "a > b and a < c" << false;
    QTest::newRow("min is pairwise") << "min(a, b, c)"
                                     << "min(min(a, b), c)" << true;
}

void TestExpression::equivalence()
{
    QFETCH(QString, rule);
    QFETCH(QString, other);
    QFETCH(bool, equivalent);

    bool ok = false;
    QString message;
    const Expression first = parseOrFail(rule, ok, message);
    QVERIFY2(ok, qPrintable(message));
    const Expression second = parseOrFail(other, ok, message);
    QVERIFY2(ok, qPrintable(message));

    std::vector<std::string> names = first.variables();
    for (const std::string &name : second.variables()) {
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }
    QVERIFY(names.size() <= 3);

    const std::vector<double> grid = {-2, -0.5, 0, 0.3, 1, 1.5, 2, 3.5, kNaN};
    std::vector<std::size_t> index(names.size(), 0);
    bool anyDifferent = false;
    for (;;) {
        std::map<std::string, double> point;
        for (std::size_t i = 0; i < names.size(); ++i)
            point[names[i]] = grid[index[i]];
        std::vector<double> a;
        for (const std::string &name : first.variables())
            a.push_back(point[name]);
        std::vector<double> b;
        for (const std::string &name : second.variables())
            b.push_back(point[name]);
        const double x = first.evaluate(a);
        const double y = second.evaluate(b);
        if (!sameValue(x, y)) {
            anyDifferent = true;
            if (equivalent) {
                QString where;
                for (const auto &[name, value] : point)
                    where += QStringLiteral(" %1=%2").arg(QString::fromStdString(name)).arg(value);
                QFAIL(qPrintable(QStringLiteral("%1 vs %2 at%3").arg(x).arg(y).arg(where)));
            }
        }
        std::size_t i = 0;
        while (i < index.size() && ++index[i] == grid.size())
            index[i++] = 0;
        if (i == index.size())
            break;
    }
    QCOMPARE(anyDifferent, !equivalent);
}

void TestExpression::variables_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("first appearance, once") << "b + a + b" << QStringList{"b", "a"};
    QTest::newRow("lower-cased, deduplicated")
        << "Rvol > 1 and RVOL < 2 and ivr" << QStringList{"rvol", "ivr"};
    QTest::newRow("between operands")
        << "abs(delta) between lo and hi" << QStringList{"delta", "lo", "hi"};
    QTest::newRow("function arguments") << "min(x, y, x)" << QStringList{"x", "y"};
    QTest::newRow("underscores and digits") << "_a1 + b_2" << QStringList{"_a1", "b_2"};
    QTest::newRow("function name without call is a name") << "max > 1" << QStringList{"max"};
    QTest::newRow("function and variable") << "abs(a) + a" << QStringList{"a"};
    QTest::newRow("constants only") << "1 + 2" << QStringList{};
    QTest::newRow("keywords are not names") << "true or not false" << QStringList{};
    QTest::newRow("example")
        << "rvol > 1.5 and ivr > 50 and dte <= 7 and abs(delta) between 0.25 and 0.4"
        << QStringList{"rvol", "ivr", "dte", "delta"};
}

void TestExpression::variables()
{
    QFETCH(QString, rule);
    QFETCH(QStringList, expected);

    bool ok = false;
    QString message;
    const Expression expr = parseOrFail(rule, ok, message);
    QVERIFY2(ok, qPrintable(message));
    QStringList actual;
    for (const std::string &name : expr.variables())
        actual << QString::fromStdString(name);
    QCOMPARE(actual, expected);
}

void TestExpression::rejectsInvalid_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");

    const QString operand = "expected a number or a name";
    const QString functions = "; the functions are abs, min and max";
    const QString trailing = "; expected an operator, 'and' or 'or'";
    const QString chained = "comparisons cannot be chained; join them with 'and'";

    QTest::newRow("empty") << "" << 0 << "the rule is empty";
    QTest::newRow("blank") << "   " << 0 << "the rule is empty";

    QTest::newRow("unexpected character") << "a > 1 $ 2" << 6 << "unexpected character '$'";
    QTest::newRow("percent") << "a > 50%" << 6 << "unexpected character '%'";
    QTest::newRow("single =") << "a = 1" << 2 << "unexpected character '='; compare with '=='";
    QTest::newRow("bang") << "!a" << 0 << "unexpected character '!'; use 'not' or '!='";
    QTest::newRow("&&") << "a > 1 && b" << 6 << "unexpected character '&'; use 'and'";
    QTest::newRow("||") << "a || b" << 2 << "unexpected character '|'; use 'or'";
    QTest::newRow("non-ASCII") << "ivr > 50 and délta > 1" << 14 << "unexpected character 'é'";

    QTest::newRow("end after and") << "a > 1 and" << 9 << operand + " after 'and'";
    QTest::newRow("end after AND and blanks") << "a > 1 AND  " << 11 << operand + " after 'AND'";
    QTest::newRow("end after >") << "a >" << 3 << operand + " after '>'";
    QTest::newRow("end after not") << "not" << 3 << operand + " after 'not'";
    QTest::newRow("end after minus") << "-" << 1 << operand + " after '-'";
    QTest::newRow("operator after operator") << "a > * 2" << 4 << operand + " after '>', found '*'";
    QTest::newRow("or after and") << "a and or b" << 6 << operand + " after 'and', found 'or'";
    QTest::newRow("not after comparison")
        << "a > not b" << 4 << operand + " after '>', found 'not'";
    QTest::newRow("starts with )") << ") a" << 0 << operand + ", found ')'";

    QTest::newRow("unclosed (") << "(a > 1" << 0 << "'(' is never closed";
    QTest::newRow("outer ( unclosed") << "b and ((a > 1) or c" << 6 << "'(' is never closed";
    QTest::newRow("empty parentheses") << "()" << 1 << operand + " after '(', found ')'";
    QTest::newRow("unmatched )") << "a > 1)" << 5 << "unmatched ')'";
    QTest::newRow("junk before )")
        << "(a > 1 b)" << 7 << "expected ')' to close the '(' at column 1, found 'b'";

    QTest::newRow("trailing name") << "a > 1 b" << 6 << "unexpected 'b'" + trailing;
    QTest::newRow("trailing comma") << "a ,b" << 2 << "unexpected ','" + trailing;

    QTest::newRow("chained <") << "a < b < c" << 6 << chained;
    QTest::newRow("comparison then between") << "1 < a between 0 and 2" << 6 << chained;
    QTest::newRow("between twice") << "a between 1 and 2 between 3 and 4" << 18 << chained;

    QTest::newRow("between with or")
        << "a between 1 or 2" << 12
        << "expected 'and' after the lower bound of 'between', found 'or'";
    QTest::newRow("between without upper")
        << "a between 1" << 11 << "expected 'and' after the lower bound of 'between'";
    QTest::newRow("between ends after and") << "a between 1 and" << 15 << operand + " after 'and'";

    QTest::newRow("unknown function") << "foo(a) > 1" << 0 << "unknown function 'foo'" + functions;
    QTest::newRow("unknown function as written")
        << "a > Sqrt(b)" << 4 << "unknown function 'Sqrt'" + functions;
    QTest::newRow("abs of two") << "abs(a, b)" << 0 << "abs() takes exactly one argument";
    QTest::newRow("abs of none") << "abs()" << 0 << "abs() takes exactly one argument";
    QTest::newRow("max of one") << "max(a)" << 0 << "max() takes at least two arguments";
    QTest::newRow("MIN of one") << "1 + MIN(a)" << 4 << "MIN() takes at least two arguments";
    QTest::newRow("call never closed") << "min(a, b" << 3 << "'(' of min() is never closed";
    QTest::newRow("missing comma") << "min(a b)" << 6 << "expected ',' or ')' in min(), found 'b'";
    QTest::newRow("empty argument") << "min(a, )" << 7 << operand + " after ',', found ')'";

    QTest::newRow("two dots") << "1.2.3 > a" << 0 << "malformed number '1.2.3'";
    QTest::newRow("number glued to name") << "2x > 1" << 0 << "malformed number '2x'";
    QTest::newRow("exponent without digits") << "1e > a" << 0 << "malformed number '1e'";
    QTest::newRow("number out of range") << "a > 1e999" << 4 << "number out of range '1e999'";
}

void TestExpression::rejectsInvalid()
{
    QFETCH(QString, rule);
    QFETCH(int, position);
    QFETCH(QString, message);

    ParseError error;
    error.position = 999;
    const auto parsed = Expression::parse(rule.toStdString(), &error);
    QVERIFY(!parsed.ok());
    QCOMPARE(QString::fromStdString(error.message), message);
    QCOMPARE(error.position, static_cast<std::size_t>(position));
    QCOMPARE(QString::fromStdString(parsed.message()),
             QStringLiteral("at column %1: %2").arg(position + 1).arg(message));

    // Without an error out-parameter the result carries the same message.
    const auto again = Expression::parse(rule.toStdString());
    QVERIFY(!again.ok());
    QCOMPARE(again.message(), parsed.message());
}

void TestExpression::threeValuedLogic_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("expected");

    const auto name = [](double v) {
        return std::isnan(v) ? QStringLiteral("nan") : QString::number(v);
    };
    const auto row = [&](const QString &rule, double a, double b, double expected) {
        const QString label = QStringLiteral("%1, a=%2, b=%3").arg(rule, name(a), name(b));
        QTest::newRow(qPrintable(label)) << rule << a << b << expected;
    };

    // a and b: false wins, then unknown.
    row("a and b", 0, 0, 0);
    row("a and b", 0, 1, 0);
    row("a and b", 0, kNaN, 0);
    row("a and b", 1, 0, 0);
    row("a and b", 1, 1, 1);
    row("a and b", 1, kNaN, kNaN);
    row("a and b", kNaN, 0, 0);
    row("a and b", kNaN, 1, kNaN);
    row("a and b", kNaN, kNaN, kNaN);

    // a or b: true wins, then unknown.
    row("a or b", 0, 0, 0);
    row("a or b", 0, 1, 1);
    row("a or b", 0, kNaN, kNaN);
    row("a or b", 1, 0, 1);
    row("a or b", 1, 1, 1);
    row("a or b", 1, kNaN, 1);
    row("a or b", kNaN, 0, kNaN);
    row("a or b", kNaN, 1, 1);
    row("a or b", kNaN, kNaN, kNaN);

    // not a: unknown stays unknown.
    row("not a", 0, kNaN, 1);
    row("not a", 1, kNaN, 0);
    row("not a", kNaN, kNaN, kNaN);

    // not (a and b) and not (a or b): unknown stays unknown under not.
    row("not (a and b)", 0, 0, 1);
    row("not (a and b)", 0, 1, 1);
    row("not (a and b)", 0, kNaN, 1);
    row("not (a and b)", 1, 0, 1);
    row("not (a and b)", 1, 1, 0);
    row("not (a and b)", 1, kNaN, kNaN);
    row("not (a and b)", kNaN, 0, 1);
    row("not (a and b)", kNaN, 1, kNaN);
    row("not (a and b)", kNaN, kNaN, kNaN);

    row("not (a or b)", 0, 0, 1);
    row("not (a or b)", 0, 1, 0);
    row("not (a or b)", 0, kNaN, kNaN);
    row("not (a or b)", 1, 0, 0);
    row("not (a or b)", 1, 1, 0);
    row("not (a or b)", 1, kNaN, 0);
    row("not (a or b)", kNaN, 0, kNaN);
    row("not (a or b)", kNaN, 1, 0);
    row("not (a or b)", kNaN, kNaN, kNaN);
}

void TestExpression::threeValuedLogic()
{
    QFETCH(QString, rule);
    QFETCH(double, a);
    QFETCH(double, b);
    QFETCH(double, expected);

    bool ok = false;
    QString message;
    const Expression expr = parseOrFail(rule, ok, message);
    QVERIFY2(ok, qPrintable(message));
    // Values in the order of variables(): a first; b only when the rule reads it.
    const std::vector<double> values = {a, b};
    QVERIFY(!expr.variables().empty() && expr.variables().front() == "a");
    const std::span<const double> bound(values.data(), expr.variables().size());
    const double actual = expr.evaluate(bound);
    QVERIFY2(sameValue(actual, expected),
             qPrintable(QStringLiteral("got %1, expected %2").arg(actual).arg(expected)));
    QCOMPARE(expr.matches(bound), !std::isnan(expected) && expected != 0.0);
}

void TestExpression::unknownNeverMatches_data()
{
    QTest::addColumn<QString>("rule");

    // Rules that hinge on ivr: whatever rvol is, they must not match while ivr is unknown.
    QTest::newRow("comparison") << "ivr > 50";
    QTest::newRow("not comparison") << "not ivr > 50";
    QTest::newRow("not of parenthesized comparison") << "not (ivr > 50)";
    QTest::newRow("not not") << "not not ivr";
    QTest::newRow("three nots") << "not not not ivr";
    QTest::newRow("not ==") << "not ivr == ivr";
    QTest::newRow("not !=") << "not ivr != 50";
    QTest::newRow("not between") << "not ivr between 20 and 80";
    QTest::newRow("and") << "ivr > 50 and rvol > 1";
    QTest::newRow("and, ivr right") << "rvol > 1 and ivr > 50";
    QTest::newRow("not and") << "not ivr > 50 and rvol > 1";
    QTest::newRow("and not") << "rvol > 1 and not ivr <= 50";
    QTest::newRow("not of an or") << "not (ivr > 50 or rvol <= rvol - 1)";
    QTest::newRow("arithmetic") << "ivr * rvol > 0 or ivr * rvol <= 0";
    QTest::newRow("min") << "not min(ivr, rvol) > 100";
}

void TestExpression::unknownNeverMatches()
{
    QFETCH(QString, rule);

    bool ok = false;
    QString message;
    const Expression expr = parseOrFail(rule, ok, message);
    QVERIFY2(ok, qPrintable(message));
    const std::vector<std::string> &names = expr.variables();
    QVERIFY(std::find(names.begin(), names.end(), "ivr") != names.end());

    const double rvols[] = {-1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 1e9, kNaN};
    for (const double rvol : rvols) {
        std::vector<double> values;
        for (const std::string &name : names) {
            QVERIFY(name == "ivr" || name == "rvol");
            values.push_back(name == "ivr" ? kNaN : rvol);
        }
        QVERIFY2(!expr.matches(values), qPrintable(QStringLiteral("matches at rvol=%1").arg(rvol)));
    }
}

void TestExpression::nestingLimit()
{
    // 40 levels of `1 + 2 * (...)` parse and evaluate; the value is built the same way in C++.
    std::string text = "a";
    double expected = 0.5;
    for (int level = 0; level < 40; ++level) {
        text = "1 + 2 * (" + text + ")";
        expected = 1 + 2 * expected;
    }
    const auto deep = Expression::parse(text);
    QVERIFY2(deep.ok(), deep.ok() ? "" : deep.message().c_str());
    const double half = 0.5;
    QCOMPARE(deep->evaluate(std::span(&half, 1)), expected);

    // The most pending values a level can hold: the left sides of `or` and `and`, the value and
    // lower bound of `between`, the left sides of + and *, and the running result of max(). With
    // a=0 and b=1 none of them short-circuits, so all 40 levels are on the stack at once.
    std::string widest = "b";
    for (int level = 0; level < 40; ++level)
        widest = "max(a, a or b and a between a and a + a * " + widest + ")";
    widest = "a or b and a between a and a + a * " + widest;
    const auto wide = Expression::parse(widest);
    QVERIFY2(wide.ok(), wide.ok() ? "" : wide.message().c_str());
    const std::vector<double> known = {0.0, 1.0};
    QCOMPARE(wide->evaluate(known), 1.0);
    const std::vector<double> unknown = {0.0, kNaN};
    QVERIFY(std::isnan(wide->evaluate(unknown)));

    // A 41st level is refused at its opening parenthesis.
    const std::string tooDeep = std::string(41, '(') + "a" + std::string(41, ')');
    ParseError error;
    const auto refused = Expression::parse(tooDeep, &error);
    QVERIFY(!refused.ok());
    QCOMPARE(error.position, std::size_t(40));
    QCOMPARE(error.message, std::string("the rule is nested too deeply"));

    const std::string manyNots = [] {
        std::string s;
        for (int i = 0; i < 41; ++i)
            s += "not ";
        return s + "a";
    }();
    QVERIFY(!Expression::parse(manyNots, &error).ok());
    QCOMPARE(error.position, std::size_t(160));
}

void TestExpression::missingValuesReadAsNaN()
{
    const auto sum = Expression::parse("a + b");
    QVERIFY(sum.ok());
    const std::vector<double> one = {1.0};
    QVERIFY(std::isnan(sum->evaluate(one)));
    QVERIFY(std::isnan(sum->evaluate({})));
    QVERIFY(!sum->matches({}));

    // A missing `b` is unknown: `true or unknown` is true, `false or unknown` is unknown.
    const auto either = Expression::parse("a > 1 or b");
    QVERIFY(either.ok());
    const std::vector<double> two = {2.0};
    QCOMPARE(either->evaluate(two), 1.0);
    const std::vector<double> low = {0.0};
    QVERIFY(std::isnan(either->evaluate(low)));
    QVERIFY(!either->matches(low));
}

void TestExpression::copiesAndMoves()
{
    auto parsed = Expression::parse("a * 2 > b");
    QVERIFY(parsed.ok());
    Expression original = std::move(parsed).value();
    const std::vector<double> values = {3.0, 5.0};

    const Expression copy = original; // NOLINT(performance-unnecessary-copy-initialization)
    QCOMPARE(copy.evaluate(values), 1.0);
    QCOMPARE(copy.text(), std::string("a * 2 > b"));

    Expression assigned = std::move(Expression::parse("0")).value();
    assigned = original;
    QCOMPARE(assigned.variables(), original.variables());

    Expression moved = std::move(original);
    QCOMPARE(moved.evaluate(values), 1.0);
    QCOMPARE(moved.variables().size(), std::size_t(2));
    // A moved-from expression has nothing left to evaluate.
    QVERIFY(std::isnan(original.evaluate(values))); // NOLINT(bugprone-use-after-move)
    QVERIFY(original.variables().empty());
    QVERIFY(original.text().empty());
    QVERIFY(!original.matches(values));
}

void TestExpression::agreesWithReference_data()
{
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < referenceCases().size(); ++i)
        QTest::newRow(referenceCases()[i].rule) << static_cast<int>(i);
}

void TestExpression::agreesWithReference()
{
    QFETCH(int, index);
    const ReferenceCase &reference = referenceCases()[static_cast<std::size_t>(index)];
    const auto parsed = Expression::parse(reference.rule);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.message().c_str());
    const Expression &expr = *parsed;

    const std::vector<Contract> contracts = randomContracts(20000);
    std::vector<double> values(expr.variables().size());
    std::size_t matched = 0;
    for (std::size_t i = 0; i < contracts.size(); ++i) {
        const Contract &contract = contracts[i];
        for (std::size_t v = 0; v < values.size(); ++v)
            values[v] = contract.field(expr.variables()[v]);
        const double actual = expr.evaluate(values);
        const double expected = reference.value(contract);
        if (!sameValue(actual, expected)) {
            QFAIL(qPrintable(QStringLiteral("contract %1: got %2, expected %3")
                                 .arg(i)
                                 .arg(actual)
                                 .arg(expected)));
        }
        const bool expectedMatch = !std::isnan(expected) && expected != 0.0;
        if (expr.matches(values) != expectedMatch)
            QFAIL(qPrintable(QStringLiteral("contract %1: matches() is wrong").arg(i)));
        if (expectedMatch)
            ++matched;
    }
    // Every rule both matches and misses some of the contracts, so the comparison means
    // something.
    QVERIFY2(matched > 0 && matched < contracts.size(),
             qPrintable(QStringLiteral("%1 of %2 matched").arg(matched).arg(contracts.size())));
}

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
