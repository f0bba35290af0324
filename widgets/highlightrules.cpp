#include "highlightrules.h"

#include "theme.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>

namespace mag7::widgets {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("mag7::widgets::HighlightRules", text);
}

struct VariableInfo {
    const char *name;
    const char *description;
};

constexpr VariableInfo kVariables[kRuleVariableCount] = {
    {"last", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules",
                               "last trade price (the mid before the first trade)")},
    {"chg", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "last − previous close")},
    {"chgpct", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules",
                                 "(last − previous close) / previous close × 100")},
    {"bid", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "best bid")},
    {"ask", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "best ask")},
    {"spread", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "ask − bid")},
    {"bidsize", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "size at the bid")},
    {"asksize", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "size at the ask")},
    {"volume", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules",
                                 "shares (contracts for futures) traded this trading date")},
    {"rvol", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules",
                               "relative volume: volume so far ÷ average volume by this time of "
                               "day over 20 sessions (1 = usual)")},
    {"iv", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules",
                             "30-day ATM implied volatility in percent (e.g. 32.5)")},
    {"ivr", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules",
                              "IV rank 0–100: (IV − min 52w) / (max 52w − min 52w) × 100")},
    {"ivp", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules",
                              "IV percentile 0–100: share of the last 252 days with IV below "
                              "today's")},
    {"open", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "regular-session open")},
    {"high", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "regular-session high")},
    {"low", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "regular-session low")},
    {"prevclose",
     QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "previous regular-session close")},
    {"range", QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "high − low")},
    {"rangepct",
     QT_TRANSLATE_NOOP("mag7::widgets::HighlightRules", "(high − low) / previous close × 100")},
};

int variableIndex(const QString &name)
{
    for (int i = 0; i < kRuleVariableCount; ++i) {
        if (name.compare(QLatin1String(kVariables[i].name), Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

// Where `name` first appears in `text` as a whole word.
int positionOfName(const QString &text, const QString &name)
{
    const QRegularExpression word(
        QStringLiteral("(?<![A-Za-z0-9_])%1(?![A-Za-z0-9_])").arg(QRegularExpression::escape(name)),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = word.match(text);
    return match.hasMatch() ? static_cast<int>(match.capturedStart()) : 0;
}

double priceOrNaN(Price price)
{
    return price > 0 ? toDouble(price) : engine::kNoValue;
}

} // namespace

QString ruleVariableName(RuleVariable variable)
{
    return QString::fromLatin1(kVariables[static_cast<int>(variable)].name);
}

QString ruleVariableDescription(RuleVariable variable)
{
    return tr(kVariables[static_cast<int>(variable)].description);
}

RuleValues ruleValues(const engine::QuoteRow &row)
{
    RuleValues v;
    const auto set = [&v](RuleVariable variable, double value) {
        v[static_cast<std::size_t>(variable)] = value;
    };
    const double bid = priceOrNaN(row.bid);
    const double ask = priceOrNaN(row.ask);
    set(RuleVariable::Last, row.lastPrice());
    set(RuleVariable::Change, row.change());
    set(RuleVariable::ChangePercent, row.changePercent());
    set(RuleVariable::Bid, bid);
    set(RuleVariable::Ask, ask);
    set(RuleVariable::Spread, ask - bid);
    set(RuleVariable::BidSize, row.bid > 0 ? static_cast<double>(row.bidSize) : engine::kNoValue);
    set(RuleVariable::AskSize, row.ask > 0 ? static_cast<double>(row.askSize) : engine::kNoValue);
    set(RuleVariable::Volume,
        row.kind == InstrumentKind::Index ? engine::kNoValue : static_cast<double>(row.volume));
    set(RuleVariable::RelativeVolume, row.relativeVolume);
    set(RuleVariable::Iv, row.atmIv * 100.0);
    set(RuleVariable::IvRank, row.ivRank);
    set(RuleVariable::IvPercentile, row.ivPercentile);
    set(RuleVariable::Open, row.open);
    set(RuleVariable::High, row.high);
    set(RuleVariable::Low, row.low);
    set(RuleVariable::PreviousClose, row.previousClose);
    set(RuleVariable::Range, row.high - row.low);
    set(RuleVariable::RangePercent, 100.0 * (row.high - row.low) / row.previousClose);
    return v;
}

QString RuleError::text() const
{
    return tr("column %1: %2").arg(position + 1).arg(message);
}

CompiledRule::CompiledRule(signals::Expression expression, std::vector<int> binding)
    : m_expression(std::move(expression))
    , m_binding(std::move(binding))
{}

std::optional<CompiledRule> CompiledRule::compile(const QString &text, RuleError *error)
{
    const auto fail = [error](int position, QString message) {
        if (error)
            *error = {position, std::move(message)};
        return std::nullopt;
    };
    if (text.trimmed().isEmpty())
        return fail(0, tr("the rule is empty"));
    const QByteArray utf8 = text.toUtf8();
    signals::ParseError parseError;
    auto parsed =
        signals::Expression::parse(std::string_view(utf8.constData(), utf8.size()), &parseError);
    if (!parsed) {
        // The parser counts UTF-8 bytes; the editor counts characters.
        const auto bytes = static_cast<qsizetype>(
            std::min<std::size_t>(parseError.position, static_cast<std::size_t>(utf8.size())));
        const int position = static_cast<int>(QString::fromUtf8(utf8.left(bytes)).size());
        return fail(position, QString::fromStdString(parseError.message));
    }
    std::vector<int> binding;
    for (const std::string &variable : parsed->variables()) {
        const QString name = QString::fromStdString(variable);
        const int index = variableIndex(name);
        if (index < 0)
            return fail(positionOfName(text, name),
                        tr("unknown variable '%1' (see the list of variables)").arg(name));
        binding.push_back(index);
    }
    return CompiledRule(std::move(parsed).value(), std::move(binding));
}

bool CompiledRule::matches(const RuleValues &values) const
{
    std::array<double, kRuleVariableCount> bound;
    const std::size_t count = std::min(m_binding.size(), bound.size());
    for (std::size_t i = 0; i < count; ++i)
        bound[i] = values[static_cast<std::size_t>(m_binding[i])];
    return m_expression.matches(std::span<const double>(bound.data(), count));
}

void HighlightRuleSet::setRules(std::vector<HighlightRule> rules)
{
    m_rules = std::move(rules);
    m_compiled.clear();
    m_errors.clear();
    for (const HighlightRule &rule : m_rules) {
        RuleError error;
        m_compiled.push_back(CompiledRule::compile(rule.expression, &error));
        m_errors.push_back(m_compiled.back() ? std::nullopt : std::optional<RuleError>(error));
    }
}

const std::optional<RuleError> &HighlightRuleSet::error(int rule) const
{
    static const std::optional<RuleError> none;
    if (rule < 0 || rule >= static_cast<int>(m_errors.size()))
        return none;
    return m_errors[static_cast<std::size_t>(rule)];
}

bool HighlightRuleSet::hasActiveRules() const
{
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].enabled && m_compiled[i])
            return true;
    }
    return false;
}

void HighlightRuleSet::match(const RuleValues &values, std::vector<int> &matched) const
{
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        if (m_rules[i].enabled && m_compiled[i] && m_compiled[i]->matches(values))
            matched.push_back(static_cast<int>(i));
    }
}

std::vector<HighlightRule> HighlightRuleSet::defaults()
{
    return {{QStringLiteral("rvol > 1.5 and ivr > 50"), suggestedRuleColor(0), true}};
}

QColor highlightBackground(const QColor &ruleColor)
{
    const bool dark = currentTheme() == ThemeKind::Dark;
    const QColor base = deskColors().panel; // the tables' background
    const double share = dark ? 0.36 : 0.30;
    const auto mix = [share](int a, int b) {
        return static_cast<int>(std::lround(share * a + (1.0 - share) * b));
    };
    const QColor color = ruleColor.isValid() ? ruleColor.toRgb() : deskColors().warning;
    return QColor(mix(color.red(), base.red()), mix(color.green(), base.green()),
                  mix(color.blue(), base.blue()));
}

QColor suggestedRuleColor(int index)
{
    // Blue last: it is closest to the selection colour.
    static const QColor colors[] = {QColor(0xf2, 0xb1, 0x34), QColor(0x26, 0xc2, 0x81),
                                    QColor(0xe0, 0x4f, 0x9a), QColor(0x9b, 0x6b, 0xdf),
                                    QColor(0x1f, 0xb5, 0xc4), QColor(0x3d, 0x8b, 0xfd)};
    constexpr int count = static_cast<int>(std::size(colors));
    return colors[((index % count) + count) % count];
}

} // namespace mag7::widgets
