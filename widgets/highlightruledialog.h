#pragma once
// HighlightRuleDialog: edits the quote board's highlight rules. A table of rules (enabled, rule
// text, colour) with add, remove, move and colour buttons, the list of variables the rules can
// use, and the first parse error (rule and column) shown as the trader types. OK refuses while a
// rule does not parse, and selects the faulty rule. Empty rules are dropped. GUI thread only.

#include "highlightrules.h"

#include <QDialog>

#include <optional>
#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace mag7::widgets {

class HighlightRuleDialog final : public QDialog {
    Q_OBJECT
public:
    explicit HighlightRuleDialog(QWidget *parent = nullptr);

    void setRules(const std::vector<HighlightRule> &rules);
    // The rules as edited (empty rule texts dropped).
    std::vector<HighlightRule> rules() const;

    struct Problem {
        int rule = 0; // 0-based row
        RuleError error;
    };
    // The first rule that does not parse, if any.
    std::optional<Problem> firstProblem() const;

    void addRule(const QString &expression = {}, const QColor &color = {});
    void setRuleColor(int rule, const QColor &color);

    QTableWidget *table() const { return m_table; }
    QLabel *errorLabel() const { return m_error; }

public Q_SLOTS:
    void accept() override;

private:
    enum ColumnIndex { EnabledColumn, RuleColumn, ColorColumn };
    void validate();
    void chooseColor(int rule);
    void moveRule(int steps);

    QTableWidget *m_table;
    QLabel *m_error;
    QPushButton *m_ok = nullptr;
    bool m_updating = false;
};

} // namespace mag7::widgets
