#pragma once
// Rule expressions written by the trader: quote-board highlight rules, scanner rules and alert
// conditions, e.g. `rvol > 1.5 and ivr > 50 and dte <= 7 and abs(delta) between 0.25 and 0.4`.
//
// A small, safe language: numbers, identifiers (variables bound by the caller), arithmetic
// (+ - * / unary -), comparisons (< <= > >= == !=), `x between a and b` (inclusive), boolean
// `and`, `or`, `not`, parentheses and a fixed set of functions (abs, min, max). No loops, no
// assignment, no side effects: evaluation always terminates and never throws.
// Parse errors name the problem and the 0-based character position where it was found.
//
// Threading: a parsed Expression is immutable; evaluate it from any number of threads.

#include "model/result.h"

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::signals {

struct ParseError {
    std::size_t position = 0; // 0-based character offset into the source text
    std::string message;      // e.g. "expected a number or a name after 'and'"
};

class Expression {
public:
    // Parses `text`. On failure `error` (when given) receives the position and message, and the
    // returned Result's message reads "at column N: <message>" (1-based column).
    static Result<Expression> parse(std::string_view text, ParseError *error = nullptr);

    // Variable names the expression reads, each once, in order of first appearance, lower-cased
    // (names are case-insensitive, like the keywords). `abs`, `min` and `max` are functions only
    // when followed by `(`.
    const std::vector<std::string> &variables() const;

    // Evaluates with `values[i]` bound to variables()[i]. NaN stands for an unknown value.
    // Comparisons and logic yield 1 (true), 0 (false) or NaN (unknown). An unknown value (NaN)
    // makes a comparison unknown, and `between` too; unknown never matches, also under `not`
    // (`not ivr > 50` does not match while the IV rank is unknown): `not` of unknown is unknown.
    // `and` / `or` follow three-valued logic: false and unknown = false, true or unknown = true;
    // otherwise an unknown side makes the result unknown. Any non-zero number reads as true.
    // Arithmetic passes NaN on, and division by zero gives NaN. Variables without a value
    // (`values` shorter than variables()) read as NaN. Allocation-free. A moved-from
    // Expression evaluates to NaN.
    double evaluate(std::span<const double> values) const;
    bool matches(std::span<const double> values) const; // evaluate() != 0 and not NaN

    const std::string &text() const;

    Expression(const Expression &);
    Expression &operator=(const Expression &);
    Expression(Expression &&) noexcept;
    Expression &operator=(Expression &&) noexcept;
    ~Expression();

private:
    struct Program;
    explicit Expression(std::shared_ptr<const Program> program);
    std::shared_ptr<const Program> m_program;
};

} // namespace mag7::signals
