#include "highlightruledialog.h"

#include "theme.h"

#include <QAction>
#include <QColorDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace mag7::widgets {

namespace {

constexpr int kColorRole = Qt::UserRole + 1;

QIcon swatch(const QColor &color, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setPen(QPen(color.darker(150), 1));
    painter.setBrush(color);
    painter.drawRect(0, 0, size - 1, size - 1);
    return QIcon(pixmap);
}

QString variablesHelp()
{
    QString rows;
    for (int i = 0; i < kRuleVariableCount; ++i) {
        const auto variable = static_cast<RuleVariable>(i);
        rows +=
            QStringLiteral("<tr><td><code>%1</code></td><td>%2</td></tr>")
                .arg(ruleVariableName(variable), ruleVariableDescription(variable).toHtmlEscaped());
    }
    return QObject::tr(
               "<p>A rule paints the rows it matches with its colour; the first matching rule "
               "wins, and the row's tooltip names every rule it matches. Example: "
               "<code>rvol &gt; 1.5 and ivr &gt; 50</code>.</p>"
               "<p>Operators: <code>+ - * /</code>, <code>&lt; &lt;= &gt; &gt;= == !=</code>, "
               "<code>x between a and b</code>, <code>and</code>, <code>or</code>, "
               "<code>not</code>, parentheses, <code>abs()</code>, <code>min()</code>, "
               "<code>max()</code>. A value that is not known yet (no quote, no IV history) makes "
               "a comparison false.</p><table cellspacing='0' cellpadding='2'>%1</table>")
        .arg(rows);
}

} // namespace

HighlightRuleDialog::HighlightRuleDialog(QWidget *parent)
    : QDialog(parent)
    , m_table(new QTableWidget(0, 3, this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("highlightRuleDialog"));
    setWindowTitle(tr("Quote board highlight rules"));

    m_table->setObjectName(QStringLiteral("highlightRules"));
    m_table->setHorizontalHeaderLabels({tr("On"), tr("Rule"), tr("Colour")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->horizontalHeader()->setSectionResizeMode(EnabledColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RuleColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ColorColumn, QHeaderView::ResizeToContents);
    m_table->setToolTip(tr("Space toggles a rule, F2 or typing edits it, Enter on the colour "
                           "picks another colour"));
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_updating)
            validate();
    });
    connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int column) {
        if (column == ColorColumn)
            chooseColor(row);
    });

    auto *add = new QPushButton(tr("&Add"), this);
    add->setToolTip(tr("Add a rule (Insert)"));
    connect(add, &QPushButton::clicked, this, [this] {
        addRule();
        m_table->setFocus();
        m_table->editItem(m_table->item(m_table->rowCount() - 1, RuleColumn));
    });
    auto *remove = new QPushButton(tr("&Remove"), this);
    remove->setToolTip(tr("Remove the selected rule (Delete)"));
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0)
            m_table->removeRow(row);
        validate();
    });
    auto *color = new QPushButton(tr("&Colour…"), this);
    color->setToolTip(tr("Pick the colour of the selected rule"));
    connect(color, &QPushButton::clicked, this, [this] { chooseColor(m_table->currentRow()); });
    auto *up = new QPushButton(tr("Move &up"), this);
    up->setToolTip(tr("Earlier rules win (Ctrl+Up)"));
    connect(up, &QPushButton::clicked, this, [this] { moveRule(-1); });
    auto *down = new QPushButton(tr("Move &down"), this);
    down->setToolTip(tr("Later rules paint only rows no earlier rule matched (Ctrl+Down)"));
    connect(down, &QPushButton::clicked, this, [this] { moveRule(+1); });
    const auto tableShortcut = [this](const QKeySequence &key, auto slot) {
        auto *action = new QAction(m_table);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, slot);
        m_table->addAction(action);
    };
    tableShortcut(QKeySequence(Qt::Key_Insert), [add] { add->click(); });
    tableShortcut(QKeySequence(Qt::Key_Delete), [remove] { remove->click(); });
    tableShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up), [this] { moveRule(-1); });
    tableShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down), [this] { moveRule(+1); });

    auto *buttons = new QVBoxLayout;
    for (QPushButton *button : {add, remove, color, up, down}) {
        button->setAutoDefault(false);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);

    auto *editor = new QHBoxLayout;
    editor->addWidget(m_table, 1);
    editor->addLayout(buttons);

    m_error->setObjectName(QStringLiteral("highlightRuleError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1").arg(deskColors().down.name()));

    // The reference scrolls on its own so the rules keep their room.
    auto *help = new QTextBrowser(this);
    help->setObjectName(QStringLiteral("highlightRuleHelp"));
    help->setHtml(variablesHelp());
    help->setFrameShape(QFrame::NoFrame);
    help->setMinimumHeight(fontMetrics().lineSpacing() * 8);
    help->setAccessibleName(tr("Rule syntax and variables"));

    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = box->button(QDialogButtonBox::Ok);
    connect(box, &QDialogButtonBox::accepted, this, &HighlightRuleDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &HighlightRuleDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(editor, 3);
    layout->addWidget(m_error);
    layout->addWidget(help, 2);
    layout->addWidget(box);
    resize(760, 640);
    validate();
}

void HighlightRuleDialog::setRules(const std::vector<HighlightRule> &rules)
{
    m_updating = true;
    m_table->setRowCount(0);
    for (const HighlightRule &rule : rules) {
        addRule(rule.expression, rule.color);
        m_table->item(m_table->rowCount() - 1, EnabledColumn)
            ->setCheckState(rule.enabled ? Qt::Checked : Qt::Unchecked);
    }
    m_updating = false;
    validate();
}

std::vector<HighlightRule> HighlightRuleDialog::rules() const
{
    std::vector<HighlightRule> rules;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString text = m_table->item(row, RuleColumn)->text().trimmed();
        if (text.isEmpty())
            continue;
        rules.push_back({text, m_table->item(row, ColorColumn)->data(kColorRole).value<QColor>(),
                         m_table->item(row, EnabledColumn)->checkState() == Qt::Checked});
    }
    return rules;
}

std::optional<HighlightRuleDialog::Problem> HighlightRuleDialog::firstProblem() const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString text = m_table->item(row, RuleColumn)->text();
        if (text.trimmed().isEmpty())
            continue;
        RuleError error;
        if (!CompiledRule::compile(text, &error))
            return Problem{row, error};
    }
    return std::nullopt;
}

void HighlightRuleDialog::addRule(const QString &expression, const QColor &color)
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *enabled = new QTableWidgetItem;
    enabled->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    enabled->setCheckState(Qt::Checked);
    enabled->setToolTip(tr("Whether the rule paints rows"));
    m_table->setItem(row, EnabledColumn, enabled);
    m_table->setItem(row, RuleColumn, new QTableWidgetItem(expression));
    auto *swatchItem = new QTableWidgetItem;
    swatchItem->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    m_table->setItem(row, ColorColumn, swatchItem);
    setRuleColor(row, color.isValid() ? color : suggestedRuleColor(row));
    m_table->setCurrentCell(row, RuleColumn);
    m_updating = wasUpdating;
    if (!m_updating)
        validate();
}

void HighlightRuleDialog::setRuleColor(int rule, const QColor &color)
{
    QTableWidgetItem *item = m_table->item(rule, ColorColumn);
    if (!item || !color.isValid())
        return;
    const bool wasUpdating = m_updating;
    m_updating = true;
    item->setData(kColorRole, color);
    item->setIcon(swatch(highlightBackground(color), fontMetrics().height()));
    item->setText(color.name());
    item->setToolTip(tr("Rows matching this rule get this background (the colour blended into "
                        "the table's background). Enter or double-click picks another colour."));
    m_updating = wasUpdating;
}

void HighlightRuleDialog::chooseColor(int rule)
{
    QTableWidgetItem *item = m_table->item(rule, ColorColumn);
    if (!item)
        return;
    const QColor chosen =
        QColorDialog::getColor(item->data(kColorRole).value<QColor>(), this, tr("Rule colour"));
    if (chosen.isValid())
        setRuleColor(rule, chosen);
}

void HighlightRuleDialog::moveRule(int steps)
{
    const int from = m_table->currentRow();
    const int to = from + steps;
    if (from < 0 || to < 0 || to >= m_table->rowCount())
        return;
    m_updating = true;
    for (int column = 0; column < m_table->columnCount(); ++column) {
        QTableWidgetItem *a = m_table->takeItem(from, column);
        QTableWidgetItem *b = m_table->takeItem(to, column);
        m_table->setItem(from, column, b);
        m_table->setItem(to, column, a);
    }
    m_updating = false;
    m_table->setCurrentCell(to, m_table->currentColumn());
    validate();
}

void HighlightRuleDialog::validate()
{
    const std::optional<Problem> problem = firstProblem();
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *item = m_table->item(row, RuleColumn);
        RuleError error;
        const bool bad =
            !item->text().trimmed().isEmpty() && !CompiledRule::compile(item->text(), &error);
        const bool wasUpdating = m_updating;
        m_updating = true;
        item->setForeground(bad ? QBrush(deskColors().down) : QBrush());
        item->setToolTip(bad ? error.text() : tr("Matches when true; see the variables below"));
        m_updating = wasUpdating;
    }
    if (problem)
        m_error->setText(tr("Rule %1, %2").arg(problem->rule + 1).arg(problem->error.text()));
    else
        m_error->clear();
    if (m_ok)
        m_ok->setToolTip(problem ? tr("Fix the rule shown below first") : QString());
}

void HighlightRuleDialog::accept()
{
    validate();
    if (const std::optional<Problem> problem = firstProblem()) {
        m_table->setCurrentCell(problem->rule, RuleColumn);
        m_table->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace mag7::widgets
