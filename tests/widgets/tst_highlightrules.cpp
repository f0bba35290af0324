// Highlight rules: the variables a rule reads from a quote-board row, parsing with errors at
// their position (unknown variables included), matching (unknown values never match), the first
// matching rule first, disabled and invalid rules never match, and the blended row colour.
#include "highlightrules.h"
#include "theme.h"

#include <QApplication>
#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::widgets;

namespace {

engine::QuoteRow quote(double relativeVolume, double ivRank)
{
    engine::QuoteRow row;
    row.id = 1;
    row.symbol = "NVDA";
    row.bid = toPrice(120.00);
    row.ask = toPrice(120.04);
    row.bidSize = 300;
    row.askSize = 500;
    row.last = toPrice(120.02);
    row.previousClose = 118.0;
    row.open = 118.5;
    row.high = 121.0;
    row.low = 117.5;
    row.volume = 25'000'000;
    row.relativeVolume = relativeVolume;
    row.atmIv = 0.325;
    row.ivRank = ivRank;
    row.ivPercentile = 71;
    row.revision = 1;
    return row;
}

double value(const RuleValues &values, RuleVariable variable)
{
    return values[static_cast<std::size_t>(variable)];
}

} // namespace

class TestHighlightRules : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { applyTheme(*qApp, ThemeKind::Dark); }
    void valuesComeFromTheRow();
    void everyVariableHasANameAndADescription();
    void rulesMatchAndUnknownValuesDoNot();
    void errorsNameTheirPosition();
    void firstMatchingRuleComesFirst();
    void backgroundStaysNearTheTheme();
};

void TestHighlightRules::valuesComeFromTheRow()
{
    const RuleValues v = ruleValues(quote(1.8, 64));
    QCOMPARE(value(v, RuleVariable::Last), 120.02);
    QVERIFY(std::abs(value(v, RuleVariable::Change) - 2.02) < 1e-9);
    QVERIFY(std::abs(value(v, RuleVariable::ChangePercent) - 100 * 2.02 / 118) < 1e-9);
    QCOMPARE(value(v, RuleVariable::Bid), 120.00);
    QCOMPARE(value(v, RuleVariable::Ask), 120.04);
    QVERIFY(std::abs(value(v, RuleVariable::Spread) - 0.04) < 1e-9);
    QCOMPARE(value(v, RuleVariable::BidSize), 300.0);
    QCOMPARE(value(v, RuleVariable::AskSize), 500.0);
    QCOMPARE(value(v, RuleVariable::Volume), 25e6);
    QCOMPARE(value(v, RuleVariable::RelativeVolume), 1.8);
    QCOMPARE(value(v, RuleVariable::Iv), 32.5); // percent
    QCOMPARE(value(v, RuleVariable::IvRank), 64.0);
    QCOMPARE(value(v, RuleVariable::IvPercentile), 71.0);
    QCOMPARE(value(v, RuleVariable::Open), 118.5);
    QCOMPARE(value(v, RuleVariable::High), 121.0);
    QCOMPARE(value(v, RuleVariable::Low), 117.5);
    QCOMPARE(value(v, RuleVariable::PreviousClose), 118.0);
    QCOMPARE(value(v, RuleVariable::Range), 3.5);
    QVERIFY(std::abs(value(v, RuleVariable::RangePercent) - 100 * 3.5 / 118) < 1e-9);

    engine::QuoteRow empty;
    const RuleValues none = ruleValues(empty);
    QVERIFY(std::isnan(value(none, RuleVariable::Bid)));
    QVERIFY(std::isnan(value(none, RuleVariable::Spread)));
    QVERIFY(std::isnan(value(none, RuleVariable::BidSize)));
    QVERIFY(std::isnan(value(none, RuleVariable::IvRank)));
}

void TestHighlightRules::everyVariableHasANameAndADescription()
{
    QStringList names;
    for (int i = 0; i < kRuleVariableCount; ++i) {
        const auto variable = static_cast<RuleVariable>(i);
        names << ruleVariableName(variable);
        QVERIFY(!ruleVariableDescription(variable).isEmpty());
    }
    QCOMPARE(names, (QStringList{"last", "chg", "chgpct", "bid", "ask", "spread", "bidsize",
                                 "asksize", "volume", "rvol", "iv", "ivr", "ivp", "open", "high",
                                 "low", "prevclose", "range", "rangepct"}));
}

void TestHighlightRules::rulesMatchAndUnknownValuesDoNot()
{
    RuleError error;
    const auto rule = CompiledRule::compile(QStringLiteral("rvol > 1.5 and ivr > 50"), &error);
    QVERIFY2(rule, qPrintable(error.text()));
    QVERIFY(rule->matches(ruleValues(quote(1.8, 64))));
    QVERIFY(!rule->matches(ruleValues(quote(1.8, 40))));
    QVERIFY(!rule->matches(ruleValues(quote(1.2, 64))));
    QVERIFY(!rule->matches(ruleValues(quote(1.8, engine::kNoValue)))); // no IV history yet

    // Every variable binds by name, in any case, including arithmetic over several of them.
    const auto wide = CompiledRule::compile(
        QStringLiteral("IV between 30 and 35 and spread / last * 10000 < 5 and rangepct > 2 "
                       "and not (chg < 0) and bidsize + asksize >= 800"),
        &error);
    QVERIFY2(wide, qPrintable(error.text()));
    QVERIFY(wide->matches(ruleValues(quote(1.0, 10))));
}

void TestHighlightRules::errorsNameTheirPosition()
{
    RuleError error;
    QVERIFY(!CompiledRule::compile(QStringLiteral("rvol > 1.5 and foo < 3"), &error));
    QCOMPARE(error.position, 15);
    QVERIFY(error.message.contains(QStringLiteral("foo")));
    QVERIFY(error.text().startsWith(QStringLiteral("column 16: ")));

    QVERIFY(!CompiledRule::compile(QStringLiteral("rvol > 1.5 and"), &error));
    QCOMPARE(error.position, 14); // the end, where a name or number was expected
    QVERIFY(error.message.contains(QStringLiteral("after 'and'")));

    QVERIFY(!CompiledRule::compile(QStringLiteral("rvol >> 2"), &error));
    QCOMPARE(error.position, 6);

    QVERIFY(!CompiledRule::compile(QStringLiteral("ivr ≥ 50"), &error));
    QCOMPARE(error.position, 4); // characters, not UTF-8 bytes

    QVERIFY(!CompiledRule::compile(QStringLiteral("   "), &error));
    QCOMPARE(error.position, 0);
}

void TestHighlightRules::firstMatchingRuleComesFirst()
{
    HighlightRuleSet set;
    set.setRules({{QStringLiteral("ivr > 90"), Qt::red, true},
                  {QStringLiteral("rvol > 1.5"), Qt::green, true},
                  {QStringLiteral("rvol >"), Qt::blue, true}, // does not parse
                  {QStringLiteral("ivr > 50"), Qt::yellow, false},
                  {QStringLiteral("ivr > 50"), Qt::cyan, true}});
    QVERIFY(set.hasActiveRules());
    QVERIFY(!set.error(0));
    QVERIFY(set.error(2));
    std::vector<int> matched;
    set.match(ruleValues(quote(1.8, 64)), matched);
    QCOMPARE(matched, (std::vector<int>{1, 4}));
    matched.clear();
    set.match(ruleValues(quote(1.0, 95)), matched);
    QCOMPARE(matched, (std::vector<int>{0, 4}));
    matched.clear();
    set.match(ruleValues(quote(1.0, 10)), matched);
    QVERIFY(matched.empty());

    set.setRules({{QStringLiteral("ivr > 50"), Qt::cyan, false}});
    QVERIFY(!set.hasActiveRules());
    QCOMPARE(HighlightRuleSet::defaults().front().expression,
             QStringLiteral("rvol > 1.5 and ivr > 50"));
}

void TestHighlightRules::backgroundStaysNearTheTheme()
{
    // Dark theme: even white becomes a mid grey under light text; light theme: black a light
    // grey under dark text.
    applyTheme(*qApp, ThemeKind::Dark);
    QVERIFY(highlightBackground(Qt::white).lightness() < 130);
    QVERIFY(highlightBackground(QColor(0xf2, 0xb1, 0x34)).lightness() < 130);
    applyTheme(*qApp, ThemeKind::Light);
    QVERIFY(highlightBackground(Qt::black).lightness() > 150);
    QVERIFY(highlightBackground(QColor(0x3d, 0x8b, 0xfd)).lightness() > 150);
    applyTheme(*qApp, ThemeKind::Dark);
    QVERIFY(suggestedRuleColor(0) != suggestedRuleColor(1));
}

QTEST_MAIN(TestHighlightRules)
#include "tst_highlightrules.moc"
