// HighlightRuleDialog (offscreen): rules round-trip through the table, a rule that does not
// parse is shown with its rule number and column and OK refuses until it is fixed, empty rules
// are dropped, rules move and get colours, the variables are documented.
#include "highlightruledialog.h"
#include "theme.h"

#include <QApplication>
#include <QLabel>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>

using namespace mag7::widgets;

class TestHighlightRuleDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { applyTheme(*qApp, ThemeKind::Dark); }
    void rulesRoundTrip();
    void invalidRuleBlocksOk();
    void rulesMoveAndTakeColours();
    void variablesAreDocumented();
};

void TestHighlightRuleDialog::rulesRoundTrip()
{
    HighlightRuleDialog dialog;
    const std::vector<HighlightRule> rules{
        {QStringLiteral("rvol > 1.5 and ivr > 50"), QColor(0xf2, 0xb1, 0x34), true},
        {QStringLiteral("chgpct < -2"), QColor(0x3d, 0x8b, 0xfd), false}};
    dialog.setRules(rules);
    QCOMPARE(dialog.table()->rowCount(), 2);
    QCOMPARE(dialog.rules(), rules);
    QVERIFY(!dialog.firstProblem());
    QVERIFY(dialog.errorLabel()->text().isEmpty());
    dialog.addRule(); // left empty: dropped
    QCOMPARE(dialog.table()->rowCount(), 3);
    QCOMPARE(dialog.rules(), rules);
    dialog.show();
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestHighlightRuleDialog::invalidRuleBlocksOk()
{
    HighlightRuleDialog dialog;
    dialog.setRules({{QStringLiteral("rvol > 1.5"), Qt::green, true}});
    dialog.addRule(QStringLiteral("ivr > 50 and bogus < 2"));
    const auto problem = dialog.firstProblem();
    QVERIFY(problem);
    QCOMPARE(problem->rule, 1);
    QCOMPARE(problem->error.position, 13);
    QCOMPARE(dialog.errorLabel()->text(),
             QStringLiteral("Rule 2, column 14: ") + problem->error.message);
    QVERIFY(dialog.table()->item(1, 1)->toolTip().contains(QStringLiteral("column 14")));

    dialog.show();
    dialog.table()->setCurrentCell(0, 0);
    dialog.accept(); // refused: stays open on the faulty rule
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.table()->currentRow(), 1);

    // Editing the text in the table revalidates at once.
    dialog.table()->item(1, 1)->setText(QStringLiteral("ivr > 50 and ivp < 20"));
    QVERIFY(!dialog.firstProblem());
    QVERIFY(dialog.errorLabel()->text().isEmpty());
    dialog.accept();
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.rules().size(), std::size_t(2));
}

void TestHighlightRuleDialog::rulesMoveAndTakeColours()
{
    HighlightRuleDialog dialog;
    dialog.setRules({{QStringLiteral("ivr > 90"), Qt::red, true},
                     {QStringLiteral("rvol > 2"), Qt::green, true}});
    dialog.show();
    QApplication::setActiveWindow(&dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    dialog.table()->setFocus();
    dialog.table()->setCurrentCell(1, 1);
    QTest::keyClick(dialog.table(), Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(dialog.rules().front().expression, QStringLiteral("rvol > 2"));
    QCOMPARE(dialog.table()->currentRow(), 0);
    dialog.setRuleColor(0, QColor(0x12, 0x34, 0x56));
    QCOMPARE(dialog.rules().front().color, QColor(0x12, 0x34, 0x56));
    QCOMPARE(dialog.table()->item(0, 2)->text(), QStringLiteral("#123456"));
    // Space toggles the enabled box of the current rule.
    dialog.table()->item(0, 0)->setCheckState(Qt::Unchecked);
    QVERIFY(!dialog.rules().front().enabled);
    dialog.addRule(QStringLiteral("ivp > 80"));
    QVERIFY(dialog.rules().back().color.isValid()); // a suggested colour
    dialog.table()->setCurrentCell(2, 1);
    QTest::keyClick(dialog.table(), Qt::Key_Delete);
    QCOMPARE(dialog.rules().size(), std::size_t(2));
}

void TestHighlightRuleDialog::variablesAreDocumented()
{
    HighlightRuleDialog dialog;
    const auto *help = dialog.findChild<QTextBrowser *>(QStringLiteral("highlightRuleHelp"));
    QVERIFY(help);
    const QString text = help->toPlainText();
    for (int i = 0; i < kRuleVariableCount; ++i) {
        const auto variable = static_cast<RuleVariable>(i);
        QVERIFY2(text.contains(ruleVariableName(variable)) &&
                     text.contains(ruleVariableDescription(variable)),
                 qPrintable(ruleVariableName(variable)));
    }
    QVERIFY(text.contains(QStringLiteral("x between a and b")));
}

QTEST_MAIN(TestHighlightRuleDialog)
#include "tst_highlightruledialog.moc"
