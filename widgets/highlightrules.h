#pragma once
// Quote-board highlight rules written by the trader, e.g. `rvol > 1.5 and ivr > 50` with a
// colour: a row that matches gets the colour of the first matching rule as its background.
// Rules use the rule-expression language of signals/expression.h over the variables below, bound
// by index: a rule is parsed once, and matching a row costs one evaluation per rule over a
// fixed array of that row's values. GUI thread only.

#include "engine/desksnapshot.h"
#include "signals/expression.h"

#include <QColor>
#include <QString>

#include <array>
#include <optional>
#include <vector>

namespace mag7::widgets {

enum class RuleVariable {
    Last,
    Change,
    ChangePercent,
    Bid,
    Ask,
    Spread,
    BidSize,
    AskSize,
    Volume,
    RelativeVolume,
    Iv,
    IvRank,
    IvPercentile,
    Open,
    High,
    Low,
    PreviousClose,
    Range,
    RangePercent,
    Count
};
inline constexpr int kRuleVariableCount = static_cast<int>(RuleVariable::Count);

QString ruleVariableName(RuleVariable variable);        // "rvol"
QString ruleVariableDescription(RuleVariable variable); // "relative volume (1 = usual)"

// Every variable of `row`, indexed by RuleVariable; NaN where unknown (no quote yet, no IV).
using RuleValues = std::array<double, kRuleVariableCount>;
RuleValues ruleValues(const engine::QuoteRow &row);

struct RuleError {
    int position = 0; // 0-based character offset into the rule text
    QString message;
    QString text() const; // "column 9: expected a number or a name after '>'"
};

struct HighlightRule {
    QString expression;
    QColor color;
    bool enabled = true;
    bool operator==(const HighlightRule &) const = default;
};

// A parsed rule with its variables bound to RuleValues indices.
class CompiledRule {
public:
    // Parses `text`; an unknown variable name is an error at its position.
    static std::optional<CompiledRule> compile(const QString &text, RuleError *error = nullptr);
    bool matches(const RuleValues &values) const;

private:
    explicit CompiledRule(signals::Expression expression, std::vector<int> binding);

    signals::Expression m_expression;
    std::vector<int> m_binding; // expression variable i reads values[m_binding[i]]
};

class HighlightRuleSet {
public:
    // Parses every rule once. Rules that do not parse are kept (the editor shows their error)
    // but never match.
    void setRules(std::vector<HighlightRule> rules);
    const std::vector<HighlightRule> &rules() const { return m_rules; }
    const std::optional<RuleError> &error(int rule) const;
    bool hasActiveRules() const;

    // Indices of the enabled, valid rules that `values` match, in rule order (the first one
    // paints the row).
    void match(const RuleValues &values, std::vector<int> &matched) const;

    // What a fresh desk starts with: relative volume above 1.5 with IV rank above 50.
    static std::vector<HighlightRule> defaults();

private:
    std::vector<HighlightRule> m_rules;
    std::vector<std::optional<CompiledRule>> m_compiled;
    std::vector<std::optional<RuleError>> m_errors;
};

// The row background for a rule colour: the colour blended into the theme's table background,
// so the desk's text (and its up/down colours) stay readable on dark and light themes.
QColor highlightBackground(const QColor &ruleColor);

// Colours offered for new rules, one per rule in turn.
QColor suggestedRuleColor(int index);

} // namespace mag7::widgets
