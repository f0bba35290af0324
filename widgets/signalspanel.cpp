#include "signalspanel.h"

#include "model/easterntime.h"
#include "signalchart.h"
#include "signalfeedmodel.h"
#include "theme.h"

#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>

namespace mag7::widgets {

namespace {

// Item data of the playbooks tree (column 0 unless noted).
enum Role {
    KindRole = Qt::UserRole + 1,
    PlaybookRole,  // the playbook a row belongs to
    EnabledRole,   // playbook rows: enabled on the board
    ParameterRole, // parameter rows
    ValueRole,     // parameter rows, ValueColumn: the value (double)
    MinimumRole,   // parameter rows, ValueColumn
    MaximumRole,   // parameter rows, ValueColumn
    DecimalsRole,  // parameter rows, ValueColumn
};
enum Kind { PlaybookRow = 1, ParametersRow, ParameterRow, StateRow };

// Decimals that show `x` exactly (up to 6).
int exactDecimals(double x)
{
    double scale = 1;
    for (int decimals = 0; decimals < 6; ++decimals, scale *= 10) {
        const double scaled = x * scale;
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, std::abs(scaled)))
            return decimals;
    }
    return 6;
}

QString compact(double x)
{
    return QString::number(x, 'f', exactDecimals(x));
}

// Makes `parent` have exactly `count` children from `first` on, creating or deleting at the end.
void resizeChildren(QTreeWidgetItem *parent, int first, int count)
{
    while (parent->childCount() > first + count)
        delete parent->takeChild(parent->childCount() - 1);
    while (parent->childCount() < first + count)
        new QTreeWidgetItem(parent);
}

} // namespace

// The in-place editor of a parameter's value: a spin box bounded by the parameter's range.
class ParameterDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    std::function<void(const QString &playbook, const QString &parameter, double value)> committed;
    std::function<void()> closed;
    bool isEditing() const { return m_open > 0; }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &,
                          const QModelIndex &index) const override
    {
        if (index.column() != SignalsPanel::ValueColumn || !index.data(MinimumRole).isValid())
            return nullptr;
        auto *spin = new QDoubleSpinBox(parent);
        spin->setObjectName(QStringLiteral("parameterEditor"));
        const double minimum = index.data(MinimumRole).toDouble();
        const double maximum = index.data(MaximumRole).toDouble();
        const int decimals = index.data(DecimalsRole).toInt();
        spin->setDecimals(decimals);
        spin->setRange(minimum, maximum);
        const double span = maximum - minimum;
        const double step = span > 0 ? std::pow(10.0, std::floor(std::log10(span)) - 2) : 1;
        spin->setSingleStep(std::max(step, std::pow(10.0, -decimals)));
        spin->setAccelerated(true);
        spin->setKeyboardTracking(false);
        spin->setFrame(false);
        ++m_open;
        return spin;
    }

    void destroyEditor(QWidget *editor, const QModelIndex &index) const override
    {
        QStyledItemDelegate::destroyEditor(editor, index);
        --m_open;
        if (closed)
            closed();
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<QDoubleSpinBox *>(editor)->setValue(index.data(ValueRole).toDouble());
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model,
                      const QModelIndex &index) const override
    {
        auto *spin = static_cast<QDoubleSpinBox *>(editor);
        spin->interpretText();
        const double value = spin->value();
        if (value == index.data(ValueRole).toDouble())
            return;
        // Shown at once; the next board shows the engine's value (a refused one snaps back).
        model->setData(index, value, ValueRole);
        model->setData(index, QString::number(value, 'f', spin->decimals()), Qt::DisplayRole);
        if (committed)
            committed(index.data(PlaybookRole).toString(), index.data(ParameterRole).toString(),
                      value);
    }

private:
    mutable int m_open = 0;
};

SignalsPanel::SignalsPanel(QWidget *parent)
    : QWidget(parent)
    , m_feed(new SignalFeedModel(this))
    , m_feedView(new QTableView(this))
    , m_chart(new SignalChart(this))
    , m_playbooks(new QTreeWidget(this))
    , m_delegate(new ParameterDelegate(m_playbooks))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("SignalsPanel"));
    m_feedView->setObjectName(QStringLiteral("signalFeed"));
    m_feedView->setModel(m_feed);
    m_feedView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_feedView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_feedView->verticalHeader()->hide();
    m_feedView->verticalHeader()->setDefaultSectionSize(20);
    m_feedView->horizontalHeader()->setStretchLastSection(true);
    m_feedView->setWordWrap(false);
    m_feedView->setColumnWidth(SignalFeedModel::Time, 96);
    m_feedView->setColumnWidth(SignalFeedModel::Symbol, 64);
    m_feedView->setColumnWidth(SignalFeedModel::Playbook, 110);
    m_feedView->setColumnWidth(SignalFeedModel::Side, 50);
    for (int c : {SignalFeedModel::Price, SignalFeedModel::Stop, SignalFeedModel::Target})
        m_feedView->setColumnWidth(c, 68);
    m_feedView->setColumnWidth(SignalFeedModel::Setup, 170);
    m_feedView->setColumnWidth(SignalFeedModel::Confidence, 48);
    connect(m_feedView, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (const signals::Signal *signal = m_feed->signalAt(index.row()))
            Q_EMIT symbolChanged(QString::fromStdString(signal->symbol));
    });
    connect(m_feedView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SignalsPanel::showSelectedSignal);
    connect(m_feed, &QAbstractItemModel::modelReset, this, &SignalsPanel::showSelectedSignal);

    m_chart->setObjectName(QStringLiteral("signalChart"));

    m_playbooks->setObjectName(QStringLiteral("playbookStates"));
    m_playbooks->setColumnCount(4);
    m_playbooks->setHeaderLabels(
        {tr("Playbook"), tr("Value"), tr("Range"), tr("Description / state")});
    m_playbooks->headerItem()->setToolTip(
        NameColumn, tr("Playbooks (check to run), their parameters and the symbols they watch"));
    m_playbooks->header()->setStretchLastSection(true);
    m_playbooks->setColumnWidth(NameColumn, 150);
    m_playbooks->setColumnWidth(ValueColumn, 70);
    m_playbooks->setColumnWidth(RangeColumn, 96);
    m_playbooks->setAlternatingRowColors(true);
    m_playbooks->setItemDelegate(m_delegate);
    m_playbooks->setEditTriggers(QAbstractItemView::DoubleClicked |
                                 QAbstractItemView::EditKeyPressed |
                                 QAbstractItemView::SelectedClicked);
    m_delegate->committed = [this](const QString &playbook, const QString &parameter,
                                   double value) {
        Q_EMIT parameterEdited(playbook, parameter, value);
    };
    // A board that arrived during the edit is shown once the editor is gone.
    m_delegate->closed = [this] { QTimer::singleShot(0, this, &SignalsPanel::applyPendingBoard); };
    connect(m_playbooks, &QTreeWidget::itemChanged, this, &SignalsPanel::onItemChanged);

    m_summary->setContentsMargins(6, 3, 6, 3);
    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_chart);
    lower->addWidget(m_playbooks);
    lower->setStretchFactor(0, 1);
    lower->setStretchFactor(1, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_feedView);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    m_summary->setText(tr("Playbooks start with the first completed bars"));
}

SignalsPanel::~SignalsPanel() = default;

QString SignalsPanel::summaryText() const
{
    return m_summary->text();
}

void SignalsPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    m_chart->setSnapshot(snapshot);
    if (!snapshot.signalBoard || snapshot.signalBoard->revision == m_revision)
        return;
    m_revision = snapshot.signalBoard->revision;
    // The selection model reports the rows moving under the selection as a change: not the
    // trader's pick. The newest signal is charted until the trader picks one.
    m_autoSelecting = true;
    m_feed->setBoard(snapshot.signalBoard);
    if (m_followNewest && m_feed->rowCount() > 0)
        m_feedView->selectRow(0);
    m_autoSelecting = false;
    m_summary->setText(tr("%n signal(s) this session from %1 playbooks — select a signal for its "
                          "chart, double-click to follow its symbol; hover for legs, inputs and "
                          "thresholds",
                          nullptr, static_cast<int>(snapshot.signalBoard->signals.size()))
                           .arg(snapshot.signalBoard->playbooks.size()));
    // After a replay jump the playbooks were warmed on the restored bars without firing: the
    // span they skipped has no signals because it was not evaluated, not because none fired.
    const auto &board = *snapshot.signalBoard;
    if (board.unevaluatedTo > board.unevaluatedFrom) {
        const auto hhmm = [](Timestamp t) {
            const std::int64_t minutes = toEastern(t).nanosOfDay / kNanosPerMinute;
            return QStringLiteral("%1:%2")
                .arg(minutes / 60, 2, 10, QLatin1Char('0'))
                .arg(minutes % 60, 2, 10, QLatin1Char('0'));
        };
        m_summary->setText(
            tr("%1 — not evaluated from %2 to %3 ET (jumped over; play that span for its "
               "signals)")
                .arg(m_summary->text(), hhmm(board.unevaluatedFrom), hhmm(board.unevaluatedTo)));
    }
    m_board = m_pending = snapshot.signalBoard;
    applyPendingBoard();
}

void SignalsPanel::discardEdits()
{
    m_pending = m_board;
    applyPendingBoard();
}

bool SignalsPanel::isEditing() const
{
    return m_delegate->isEditing();
}

void SignalsPanel::applyPendingBoard()
{
    if (!m_pending || isEditing())
        return;
    const auto board = std::move(m_pending);
    m_pending.reset();
    refreshPlaybooks(*board);
}

int SignalsPanel::parameterDecimals(double minimum, double maximum, double value)
{
    const double span = maximum - minimum;
    const int forRange =
        span > 0 ? std::clamp(2 - static_cast<int>(std::floor(std::log10(span))), 0, 4) : 2;
    return std::max(
        {forRange, exactDecimals(minimum), exactDecimals(maximum), exactDecimals(value)});
}

QTreeWidgetItem *SignalsPanel::playbookItem(const QString &playbook) const
{
    for (int i = 0; i < m_playbooks->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_playbooks->topLevelItem(i);
        if (item->data(NameColumn, PlaybookRole).toString() == playbook)
            return item;
    }
    return nullptr;
}

QTreeWidgetItem *SignalsPanel::parameterItem(const QString &playbook,
                                             const QString &parameter) const
{
    QTreeWidgetItem *item = playbookItem(playbook);
    QTreeWidgetItem *parameters = item && item->childCount() > 0 ? item->child(0) : nullptr;
    for (int i = 0; parameters && i < parameters->childCount(); ++i) {
        if (parameters->child(i)->data(NameColumn, ParameterRole).toString() == parameter)
            return parameters->child(i);
    }
    return nullptr;
}

void SignalsPanel::refreshPlaybooks(const engine::SignalBoard &board)
{
    // Rows are updated in place (expansion, selection and scrolling stay), created or deleted
    // only where the board has more or fewer of them.
    m_refreshing = true;
    const QColor muted = deskColors().neutral;
    const QBrush normal = palette().brush(QPalette::Text);
    while (m_playbooks->topLevelItemCount() > static_cast<int>(board.playbooks.size()))
        delete m_playbooks->takeTopLevelItem(m_playbooks->topLevelItemCount() - 1);
    for (std::size_t p = 0; p < board.playbooks.size(); ++p) {
        const auto &playbook = board.playbooks[p];
        const QString name = QString::fromStdString(playbook.name);
        QTreeWidgetItem *item = m_playbooks->topLevelItem(static_cast<int>(p));
        const bool created = !item;
        if (created) {
            item = new QTreeWidgetItem(m_playbooks);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
            item->setData(NameColumn, KindRole, PlaybookRow);
        }
        item->setData(NameColumn, PlaybookRole, name);
        item->setText(NameColumn, name);
        item->setCheckState(NameColumn, playbook.enabled ? Qt::Checked : Qt::Unchecked);
        item->setData(NameColumn, EnabledRole, playbook.enabled);
        item->setToolTip(NameColumn, playbook.enabled ? tr("Running: uncheck to stop it")
                                                      : tr("Stopped: check to run it"));
        item->setText(ValueColumn, playbook.enabled ? QString() : tr("off"));
        const QString description = QString::fromStdString(playbook.description);
        item->setText(DetailColumn, description);
        item->setToolTip(DetailColumn, description);
        for (int column = 0; column < m_playbooks->columnCount(); ++column)
            item->setForeground(column, playbook.enabled ? normal : QBrush(muted));

        if (item->childCount() == 0) {
            auto *node = new QTreeWidgetItem(item, {tr("parameters")});
            node->setData(NameColumn, KindRole, ParametersRow);
            node->setFlags(Qt::ItemIsEnabled);
        }
        QTreeWidgetItem *parameters = item->child(0);
        resizeChildren(parameters, 0, static_cast<int>(playbook.parameters.size()));
        for (std::size_t i = 0; i < playbook.parameters.size(); ++i) {
            const signals::PlaybookParameter &parameter = playbook.parameters[i];
            QTreeWidgetItem *row = parameters->child(static_cast<int>(i));
            const int decimals =
                parameterDecimals(parameter.minimum, parameter.maximum, parameter.value);
            const QString parameterName = QString::fromStdString(parameter.name);
            const QString range = QStringLiteral("[%1, %2]")
                                      .arg(compact(parameter.minimum), compact(parameter.maximum));
            row->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable);
            row->setData(NameColumn, KindRole, ParameterRow);
            row->setData(NameColumn, ParameterRole, parameterName);
            row->setText(NameColumn, parameterName);
            row->setData(ValueColumn, PlaybookRole, name);
            row->setData(ValueColumn, ParameterRole, parameterName);
            row->setData(ValueColumn, ValueRole, parameter.value);
            row->setData(ValueColumn, MinimumRole, parameter.minimum);
            row->setData(ValueColumn, MaximumRole, parameter.maximum);
            row->setData(ValueColumn, DecimalsRole, decimals);
            row->setText(ValueColumn, QString::number(parameter.value, 'f', decimals));
            row->setTextAlignment(ValueColumn, Qt::AlignRight | Qt::AlignVCenter);
            row->setToolTip(ValueColumn,
                            tr("Double-click or F2 to change it within %1").arg(range));
            row->setText(RangeColumn, range);
            row->setText(DetailColumn, QString::fromStdString(parameter.description));
            row->setToolTip(DetailColumn, QString::fromStdString(parameter.description));
        }

        std::vector<const engine::SignalBoard::State *> states;
        for (const auto &state : board.states) {
            if (state.playbook == playbook.name)
                states.push_back(&state);
        }
        resizeChildren(item, 1, static_cast<int>(states.size()));
        for (std::size_t i = 0; i < states.size(); ++i) {
            QTreeWidgetItem *row = item->child(static_cast<int>(i) + 1);
            const QString state = QString::fromStdString(states[i]->state);
            row->setData(NameColumn, KindRole, StateRow);
            row->setText(NameColumn, QString::fromStdString(states[i]->symbol));
            row->setText(DetailColumn, state);
            row->setToolTip(DetailColumn, state);
        }
        if (created)
            item->setExpanded(true);
    }
    m_refreshing = false;
}

void SignalsPanel::onItemChanged(QTreeWidgetItem *item, int column)
{
    if (m_refreshing || column != NameColumn ||
        item->data(NameColumn, KindRole).toInt() != PlaybookRow)
        return;
    const bool enabled = item->checkState(NameColumn) == Qt::Checked;
    if (enabled == item->data(NameColumn, EnabledRole).toBool())
        return;
    m_refreshing = true;
    item->setData(NameColumn, EnabledRole, enabled);
    m_refreshing = false;
    Q_EMIT playbookEnabledChanged(item->data(NameColumn, PlaybookRole).toString(), enabled);
}

void SignalsPanel::showSelectedSignal()
{
    if (!m_autoSelecting && sender() == m_feedView->selectionModel())
        m_followNewest = false;
    const QModelIndexList rows = m_feedView->selectionModel()->selectedRows();
    const signals::Signal *signal = rows.isEmpty() ? nullptr : m_feed->signalAt(rows.front().row());
    if (signal)
        m_chart->showSignal(*signal);
    else
        m_chart->clear();
}

} // namespace mag7::widgets
