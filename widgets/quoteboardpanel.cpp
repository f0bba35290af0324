#include "quoteboardpanel.h"

#include "quoteboardmodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace mag7::widgets {

namespace {
// Sorts on the raw values; missing numbers (NaN) always sort last.
class QuoteBoardProxy final : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const QVariant a = left.data(QuoteBoardModel::SortRole);
        const QVariant b = right.data(QuoteBoardModel::SortRole);
        if (a.typeId() == QMetaType::QString)
            return a.toString() < b.toString();
        const double x = a.toDouble();
        const double y = b.toDouble();
        const bool ascending = sortOrder() == Qt::AscendingOrder;
        if (std::isnan(x) || std::isnan(y))
            return std::isnan(x) != std::isnan(y) && (ascending ? std::isnan(y) : std::isnan(x));
        return x < y;
    }
};
} // namespace

QuoteBoardPanel::QuoteBoardPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new QuoteBoardModel(this))
    , m_proxy(new QuoteBoardProxy(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("QuoteBoardPanel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setDynamicSortFilter(true);
    m_view->setObjectName(QStringLiteral("quoteBoardView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // configuration order until the user sorts
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_view->horizontalHeader()->setDefaultSectionSize(digit * 10);
    m_view->setColumnWidth(QuoteBoardModel::Symbol, digit * 9);
    m_view->viewport()->installEventFilter(this);

    // Column chooser: the header's context menu lists every column but the symbol.
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view->horizontalHeader(), &QWidget::customContextMenuRequested, this,
            [this](const QPoint &position) {
                QMenu menu(this);
                for (int column = QuoteBoardModel::Symbol + 1; column < QuoteBoardModel::Count;
                     ++column) {
                    QAction *action = menu.addAction(
                        QuoteBoardModel::columnTitle(static_cast<QuoteBoardModel::Column>(column)));
                    action->setCheckable(true);
                    action->setChecked(isColumnVisible(column));
                    connect(action, &QAction::toggled, this,
                            [this, column](bool on) { setColumnVisible(column, on); });
                }
                menu.exec(m_view->horizontalHeader()->mapToGlobal(position));
            });
    const auto symbolAt = [this](const QModelIndex &index) {
        return index.isValid() ? index.sibling(index.row(), QuoteBoardModel::Symbol)
                                     .data(QuoteBoardModel::SortRole)
                                     .toString()
                               : QString();
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, symbolAt](const QModelIndex &current) {
                if (const QString symbol = symbolAt(current); !symbol.isEmpty())
                    Q_EMIT symbolSelected(symbol, false);
            });
    connect(m_view, &QAbstractItemView::activated, this,
            [this, symbolAt](const QModelIndex &index) {
                if (const QString symbol = symbolAt(index); !symbol.isEmpty())
                    Q_EMIT symbolSelected(symbol, true);
            });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

void QuoteBoardPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    m_model->setSnapshot(snapshot);
    if (!m_hasQuote) {
        for (const auto &row : snapshot.quotes) {
            if (row.bid > 0 && row.ask > 0) {
                m_hasQuote = true;
                break;
            }
        }
    }
}

bool QuoteBoardPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Paint && m_hasQuote &&
        !m_reportedFirstPaint) {
        const bool handled = QWidget::eventFilter(watched, event);
        m_reportedFirstPaint = true;
        // Report after this paint has been delivered.
        QMetaObject::invokeMethod(this, &QuoteBoardPanel::firstQuotePainted, Qt::QueuedConnection);
        return handled;
    }
    return QWidget::eventFilter(watched, event);
}

void QuoteBoardPanel::setColumnVisible(int column, bool visible)
{
    if (column <= QuoteBoardModel::Symbol || column >= QuoteBoardModel::Count)
        return; // the symbol always shows
    m_view->horizontalHeader()->setSectionHidden(column, !visible);
}

bool QuoteBoardPanel::isColumnVisible(int column) const
{
    return !m_view->horizontalHeader()->isSectionHidden(column);
}

QByteArray QuoteBoardPanel::saveState() const
{
    return m_view->horizontalHeader()->saveState();
}

bool QuoteBoardPanel::restoreState(const QByteArray &state)
{
    return m_view->horizontalHeader()->restoreState(state);
}

} // namespace mag7::widgets
