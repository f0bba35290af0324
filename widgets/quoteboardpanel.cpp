#include "quoteboardpanel.h"

#include "highlightruledialog.h"
#include "linkgroups.h"
#include "quoteboardmodel.h"
#include "symbolentry.h"
#include "theme.h"

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mag7::widgets {

namespace {

const QString kStateFormat = QStringLiteral("mag7.quoteboard");
constexpr int kStateVersion = 2; // 1: the header's own state, no JSON
constexpr int kMessageMs = 8000;

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

QJsonArray rulesToJson(const std::vector<HighlightRule> &rules)
{
    QJsonArray json;
    for (const HighlightRule &rule : rules) {
        json.append(QJsonObject{{QStringLiteral("rule"), rule.expression},
                                {QStringLiteral("color"), rule.color.name()},
                                {QStringLiteral("enabled"), rule.enabled}});
    }
    return json;
}

std::vector<HighlightRule> rulesFromJson(const QJsonArray &json)
{
    std::vector<HighlightRule> rules;
    for (const QJsonValue &value : json) {
        const QJsonObject object = value.toObject();
        HighlightRule rule;
        rule.expression = object.value(QStringLiteral("rule")).toString().trimmed();
        rule.color = QColor(object.value(QStringLiteral("color")).toString());
        rule.enabled = object.value(QStringLiteral("enabled")).toBool(true);
        if (!rule.color.isValid())
            rule.color = suggestedRuleColor(static_cast<int>(rules.size()));
        if (!rule.expression.isEmpty())
            rules.push_back(rule);
    }
    return rules;
}

} // namespace

QuoteBoardPanel::QuoteBoardPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new QuoteBoardModel(this))
    , m_proxy(new QuoteBoardProxy(this))
    , m_view(new QTableView(this))
    , m_link(new LinkGroupButton(this))
    , m_selector(new QComboBox(this))
    , m_listMenu(new QToolButton(this))
    , m_entry(new SymbolEntry(this))
    , m_message(new QLabel(this))
    , m_messageTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("QuoteBoardPanel"));
    m_model->setHighlightRules(HighlightRuleSet::defaults());
    m_proxy->setSourceModel(m_model);
    m_proxy->setDynamicSortFilter(true);
    m_view->setObjectName(QStringLiteral("quoteBoardView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the list's order until the user sorts
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Rows of a watchlist drag to a new place (the model refuses drags on "All").
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDragDropOverwriteMode(false);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDropIndicatorShown(true);
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
    m_view->installEventFilter(this);

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
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_silent || !current.isValid())
                    return;
                if (const QString symbol = symbolOfRow(current.row()); !symbol.isEmpty())
                    Q_EMIT symbolSelected(symbol, false);
            });
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        if (const QString symbol = symbolOfRow(index.row()); !symbol.isEmpty())
            Q_EMIT symbolSelected(symbol, true);
    });
    connect(m_model, &QuoteBoardModel::universeChanged, this, [this] {
        std::vector<SymbolEntry::Item> items;
        for (const engine::QuoteRow &row : m_model->universe())
            items.push_back({QString::fromStdString(row.symbol), QString::fromStdString(row.name)});
        m_entry->setUniverse(std::move(items));
    });
    connect(m_model, &QuoteBoardModel::symbolsReordered, this, [this](const QStringList &order) {
        m_lists.reorder(m_current, order);
        keepListOrder();
    });

    buildActions();
    buildToolbar();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(6, 4, 6, 0);
    toolbar->setSpacing(4);
    toolbar->addWidget(m_link);
    toolbar->addWidget(m_selector);
    toolbar->addWidget(m_listMenu);
    toolbar->addSpacing(6);
    toolbar->addWidget(m_entry);
    toolbar->addSpacing(6);
    toolbar->addWidget(m_message, 1);
    layout->addLayout(toolbar);
    layout->addWidget(m_view, 1);
    rebuildSelector();
    updateActions();
}

void QuoteBoardPanel::buildActions()
{
    const auto make = [this](const QString &text, const QString &tip, const QKeySequence &key,
                             Qt::ShortcutContext context, auto slot) {
        auto *action = new QAction(text, this);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        if (!key.isEmpty()) {
            action->setShortcut(key);
            action->setShortcutContext(context);
        }
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    m_newList = make(tr("&New list…"), tr("Create an empty watchlist and show it"), {},
                     Qt::WidgetShortcut, [this] {
                         bool ok = false;
                         const QString name = QInputDialog::getText(
                             this, tr("New watchlist"), tr("Name of the new watchlist:"),
                             QLineEdit::Normal, {}, &ok);
                         if (ok)
                             createWatchlist(name);
                     });
    m_renameList =
        make(tr("&Rename list…"), tr("Rename the shown watchlist"), {}, Qt::WidgetShortcut, [this] {
            if (refuseAll())
                return;
            bool ok = false;
            const QString name = QInputDialog::getText(this, tr("Rename watchlist"),
                                                       tr("New name of \"%1\":").arg(m_current),
                                                       QLineEdit::Normal, m_current, &ok);
            if (ok)
                renameWatchlist(m_current, name);
        });
    m_deleteList =
        make(tr("&Delete list…"), tr("Delete the shown watchlist"), {}, Qt::WidgetShortcut, [this] {
            if (refuseAll())
                return;
            const Watchlist *list = m_lists.find(m_current);
            const auto answer =
                QMessageBox::question(this, tr("Delete watchlist"),
                                      tr("Delete the watchlist \"%1\" (%n symbol(s))?", nullptr,
                                         list ? static_cast<int>(list->symbols.size()) : 0)
                                          .arg(m_current));
            if (answer == QMessageBox::Yes)
                deleteWatchlist(m_current);
        });
    // Ctrl+Enter works from the symbol entry and the table.
    m_addSymbol =
        make(tr("&Add symbol"), tr("Add the symbol typed in the entry to the list"),
             QKeySequence(Qt::CTRL | Qt::Key_Return), Qt::WidgetWithChildrenShortcut, [this] {
                 const QString typed = m_entry->text().trimmed();
                 const QString symbol = m_entry->resolve(typed);
                 m_entry->symbolCompleter()->popup()->hide();
                 addSymbol(symbol.isEmpty() ? typed : symbol);
             });
    m_removeRows = make(tr("Re&move selected"), tr("Remove the selected rows from the list"),
                        QKeySequence(QKeySequence::Delete), Qt::WidgetShortcut,
                        [this] { removeSelectedSymbols(); });
    m_moveUp = make(tr("Move &up"), tr("Move the current row up the list"),
                    QKeySequence(Qt::CTRL | Qt::Key_Up), Qt::WidgetShortcut,
                    [this] { moveCurrentSymbol(-1); });
    m_moveDown = make(tr("Move do&wn"), tr("Move the current row down the list"),
                      QKeySequence(Qt::CTRL | Qt::Key_Down), Qt::WidgetShortcut,
                      [this] { moveCurrentSymbol(+1); });
    m_editRules = make(tr("&Highlight rules…"),
                       tr("Rules such as rvol > 1.5 and ivr > 50 paint the rows they match"), {},
                       Qt::WidgetShortcut, [this] { editHighlightRules(); });
    addAction(m_addSymbol);
    m_view->addActions({m_removeRows, m_moveUp, m_moveDown});
}

void QuoteBoardPanel::buildToolbar()
{
    m_selector->setObjectName(QStringLiteral("watchlistSelector"));
    m_selector->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_selector->setToolTip(tr("Watchlist shown on the board. All is the whole universe (not "
                              "editable); the others are your lists, in your order."));
    m_selector->setAccessibleName(tr("Watchlist"));
    connect(m_selector, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            setCurrentWatchlist(index == 0 ? Watchlists::allName() : m_selector->itemText(index));
    });

    m_listMenu->setObjectName(QStringLiteral("watchlistMenu"));
    m_listMenu->setText(tr("List ▾"));
    m_listMenu->setStyleSheet(
        QStringLiteral("QToolButton::menu-indicator { image: none; width: 0px; }"));
    m_listMenu->setToolTip(tr("Watchlist and highlight-rule actions"));
    m_listMenu->setPopupMode(QToolButton::InstantPopup);
    m_listMenu->setFocusPolicy(Qt::StrongFocus);
    auto *menu = new QMenu(m_listMenu);
    menu->setToolTipsVisible(true);
    menu->addActions({m_newList, m_renameList, m_deleteList});
    menu->addSeparator();
    menu->addActions({m_addSymbol, m_removeRows, m_moveUp, m_moveDown});
    menu->addSeparator();
    menu->addAction(m_editRules);
    m_listMenu->setMenu(menu);

    m_entry->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("MMMMMMMMMM")) + 12);
    connect(m_entry, &SymbolEntry::symbolEntered, this, &QuoteBoardPanel::onSymbolEntered);
    connect(m_entry, &SymbolEntry::symbolRejected, this,
            [this](const QString &, const QString &message) { showMessage(message, true); });
    connect(m_entry, &SymbolEntry::addRequested, this, &QuoteBoardPanel::addSymbol);
    connect(m_entry, &SymbolEntry::cancelled, this, [this] { m_view->setFocus(); });

    m_message->setObjectName(QStringLiteral("quoteBoardMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setMinimumWidth(0);
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_messageTimer->setSingleShot(true);
    m_messageTimer->setInterval(kMessageMs);
    connect(m_messageTimer, &QTimer::timeout, this, [this] { showMessage({}, false); });
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
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        // A letter (or digit, or the slash of a future) typed on the board starts the entry.
        const auto *key = static_cast<QKeyEvent *>(event);
        const QString text = key->text();
        const bool plain = (key->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier)) == 0;
        if (plain && text.size() == 1 &&
            (text.at(0).isLetterOrNumber() || text.at(0) == QLatin1Char('/'))) {
            m_entry->startEntry(text);
            return true;
        }
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

QString QuoteBoardPanel::symbolOfRow(int proxyRow) const
{
    const QModelIndex index = m_proxy->index(proxyRow, QuoteBoardModel::Symbol);
    return index.isValid() ? index.data(QuoteBoardModel::SortRole).toString() : QString();
}

QString QuoteBoardPanel::symbol() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? symbolOfRow(current.row()) : QString();
}

// --- Watchlists -------------------------------------------------------------------------------

QString QuoteBoardPanel::currentWatchlist() const
{
    return m_current.isEmpty() ? Watchlists::allName() : m_current;
}

bool QuoteBoardPanel::setCurrentWatchlist(const QString &name)
{
    QString wanted;
    if (name.compare(Watchlists::allName(), Qt::CaseInsensitive) != 0 && !name.isEmpty()) {
        const Watchlist *list = m_lists.find(name);
        if (!list) {
            showMessage(tr("There is no watchlist named \"%1\"").arg(name), true);
            return false;
        }
        wanted = list->name;
    }
    if (wanted == m_current && m_selector->currentIndex() >= 0 &&
        m_model->symbolFilter().has_value() == !wanted.isEmpty())
        return true;
    m_current = wanted;
    rebuildSelector();
    applyFilter();
    updateActions();
    return true;
}

void QuoteBoardPanel::rebuildSelector()
{
    const QSignalBlocker blocker(m_selector);
    m_selector->clear();
    m_selector->addItem(Watchlists::allName());
    m_selector->setItemData(0, tr("The whole universe (not editable)"), Qt::ToolTipRole);
    for (const Watchlist &list : m_lists.lists()) {
        m_selector->addItem(list.name);
        m_selector->setItemData(
            m_selector->count() - 1,
            tr("%n symbol(s): %1", nullptr, static_cast<int>(list.symbols.size()))
                .arg(list.symbols.join(QStringLiteral(", "))),
            Qt::ToolTipRole);
    }
    m_selector->setCurrentIndex(m_current.isEmpty() ? 0 : m_selector->findText(m_current));
}

void QuoteBoardPanel::applyFilter()
{
    if (m_current.isEmpty()) {
        m_model->setSymbolFilter(std::nullopt);
        return;
    }
    const Watchlist *list = m_lists.find(m_current);
    m_model->setSymbolFilter(list ? list->symbols : QStringList());
}

void QuoteBoardPanel::updateActions()
{
    // Adding stays enabled on "All": Ctrl+Enter there explains why nothing was added.
    const bool editable = !m_current.isEmpty();
    for (QAction *action : {m_renameList, m_deleteList, m_removeRows, m_moveUp, m_moveDown})
        action->setEnabled(editable);
}

bool QuoteBoardPanel::refuseAll()
{
    if (!m_current.isEmpty())
        return false;
    showMessage(tr("%1 is the whole universe and cannot be edited: pick or create a watchlist")
                    .arg(Watchlists::allName()),
                true);
    return true;
}

bool QuoteBoardPanel::createWatchlist(const QString &name)
{
    if (const QString problem = m_lists.create(name); !problem.isEmpty()) {
        showMessage(problem, true);
        return false;
    }
    setCurrentWatchlist(name.trimmed());
    showMessage(tr("Created %1: type a symbol and press Ctrl+Enter to add it").arg(m_current),
                false);
    return true;
}

bool QuoteBoardPanel::renameWatchlist(const QString &from, const QString &to)
{
    const Watchlist *list = m_lists.find(from);
    const bool wasCurrent = list && list->name == m_current;
    if (const QString problem = m_lists.rename(from, to); !problem.isEmpty()) {
        showMessage(problem, true);
        return false;
    }
    if (wasCurrent)
        m_current = to.trimmed();
    rebuildSelector();
    return true;
}

bool QuoteBoardPanel::deleteWatchlist(const QString &name)
{
    const Watchlist *list = m_lists.find(name);
    const QString deleted = list ? list->name : name;
    if (const QString problem = m_lists.remove(name); !problem.isEmpty()) {
        showMessage(problem, true);
        return false;
    }
    if (deleted == m_current)
        m_current.clear();
    rebuildSelector();
    applyFilter();
    updateActions();
    showMessage(tr("Deleted the watchlist %1").arg(deleted), false);
    return true;
}

bool QuoteBoardPanel::addSymbol(const QString &symbol)
{
    if (refuseAll())
        return false;
    const QString wanted = symbol.trimmed().toUpper();
    if (wanted.isEmpty()) {
        showMessage(tr("Type a symbol in the entry, then Ctrl+Enter adds it to %1").arg(m_current),
                    true);
        return false;
    }
    if (!m_model->inUniverse(wanted)) {
        showMessage(tr("%1 is not in the desk's universe: not added to %2").arg(wanted, m_current),
                    true);
        return false;
    }
    if (const QString problem = m_lists.addSymbol(m_current, wanted); !problem.isEmpty()) {
        showMessage(problem, true);
        selectSymbol(wanted);
        return false;
    }
    applyFilter();
    rebuildSelector();
    selectSymbol(wanted);
    showMessage(tr("Added %1 to %2").arg(wanted, m_current), false);
    return true;
}

int QuoteBoardPanel::removeSelectedSymbols()
{
    if (refuseAll())
        return 0;
    QStringList symbols;
    int firstRow = -1;
    for (const QModelIndex &index :
         m_view->selectionModel()->selectedRows(QuoteBoardModel::Symbol)) {
        symbols << index.data(QuoteBoardModel::SortRole).toString();
        firstRow = firstRow < 0 ? index.row() : std::min(firstRow, index.row());
    }
    if (symbols.isEmpty()) {
        showMessage(tr("Select the rows to remove from %1").arg(m_current), true);
        return 0;
    }
    const int removed = m_lists.removeSymbols(m_current, symbols);
    applyFilter();
    rebuildSelector();
    // The row that took the place of the first removed one becomes current.
    if (m_proxy->rowCount() > 0) {
        const int row = std::min(firstRow, m_proxy->rowCount() - 1);
        m_view->selectionModel()->setCurrentIndex(m_proxy->index(row, QuoteBoardModel::Symbol),
                                                  QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    }
    showMessage(tr("Removed %1 from %2").arg(symbols.join(QStringLiteral(", ")), m_current), false);
    return removed;
}

bool QuoteBoardPanel::moveCurrentSymbol(int steps)
{
    if (refuseAll())
        return false;
    const QString symbol = symbolOfRow(m_view->currentIndex().row());
    if (symbol.isEmpty())
        return false;
    // Moving follows the list's order, so the board shows it unsorted.
    keepListOrder();
    // Steps count shown rows: skip list entries that are not in the universe.
    const QStringList shown = m_model->shownSymbols();
    const qsizetype from = shown.indexOf(symbol);
    const qsizetype to = std::clamp<qsizetype>(from + steps, 0, shown.size() - 1);
    if (from < 0 || to == from)
        return false;
    const Watchlist *list = m_lists.find(m_current);
    if (!list)
        return false;
    const qsizetype listFrom = list->symbols.indexOf(symbol);
    const qsizetype listTo = list->symbols.indexOf(shown.at(to));
    if (!m_lists.moveSymbol(m_current, symbol, static_cast<int>(listTo - listFrom)))
        return false;
    applyFilter();
    m_view->scrollTo(m_view->currentIndex());
    return true;
}

void QuoteBoardPanel::keepListOrder()
{
    if (m_proxy->sortColumn() >= 0) {
        m_view->sortByColumn(-1, Qt::AscendingOrder);
        showMessage(tr("Showing %1 in list order").arg(m_current), false);
    }
}

void QuoteBoardPanel::selectSymbol(const QString &symbol)
{
    const int sourceRow = m_model->rowOfSymbol(symbol);
    if (sourceRow < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void QuoteBoardPanel::onSymbolEntered(const QString &symbol)
{
    if (m_model->rowOfSymbol(symbol) >= 0) {
        selectSymbol(symbol);
        showMessage({}, false);
    } else {
        showMessage(tr("%1 is not in %2: Ctrl+Enter adds it").arg(symbol, currentWatchlist()),
                    false);
    }
    Q_EMIT symbolSelected(symbol, true);
}

void QuoteBoardPanel::setSymbol(const QString &symbol)
{
    const QString wanted = symbol.trimmed().toUpper();
    if (m_model->rowOfSymbol(wanted) < 0 || symbolOfRow(m_view->currentIndex().row()) == wanted)
        return;
    m_silent = true;
    selectSymbol(wanted);
    m_silent = false;
}

void QuoteBoardPanel::focusSymbolEntry()
{
    m_entry->startEntry();
}

QString QuoteBoardPanel::message() const
{
    return m_message->text();
}

void QuoteBoardPanel::showMessage(const QString &text, bool problem)
{
    m_messageIsProblem = problem && !text.isEmpty();
    m_message->setText(text);
    m_message->setToolTip(text);
    m_message->setStyleSheet(
        QStringLiteral("color: %1")
            .arg((m_messageIsProblem ? deskColors().warning : deskColors().neutral).name()));
    if (text.isEmpty())
        m_messageTimer->stop();
    else
        m_messageTimer->start();
}

// --- Highlight rules --------------------------------------------------------------------------

void QuoteBoardPanel::setHighlightRules(std::vector<HighlightRule> rules)
{
    m_model->setHighlightRules(std::move(rules));
}

const std::vector<HighlightRule> &QuoteBoardPanel::highlightRules() const
{
    return m_model->highlightRules().rules();
}

void QuoteBoardPanel::editHighlightRules()
{
    HighlightRuleDialog dialog(this);
    dialog.setRules(highlightRules());
    if (dialog.exec() == QDialog::Accepted)
        setHighlightRules(dialog.rules());
}

// --- State ------------------------------------------------------------------------------------

QByteArray QuoteBoardPanel::saveState() const
{
    QJsonObject state{
        {QStringLiteral("format"), kStateFormat},
        {QStringLiteral("version"), kStateVersion},
        {QStringLiteral("header"),
         QString::fromLatin1(m_view->horizontalHeader()->saveState().toBase64())},
        {QStringLiteral("watchlists"), m_lists.toJson()},
        {QStringLiteral("current"), m_current},
        {QStringLiteral("rules"), rulesToJson(highlightRules())},
        {QStringLiteral("link"), linkGroupKey(m_link->group())},
    };
    return QJsonDocument(state).toJson(QJsonDocument::Compact);
}

bool QuoteBoardPanel::restoreState(const QByteArray &state)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(state, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        // Version 1: the header's own state only.
        return m_view->horizontalHeader()->restoreState(state);
    }
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("format")).toString() != kStateFormat ||
        object.value(QStringLiteral("version")).toInt() > kStateVersion)
        return false;
    bool restored = true;
    const QByteArray header =
        QByteArray::fromBase64(object.value(QStringLiteral("header")).toString().toLatin1());
    if (!header.isEmpty())
        restored = m_view->horizontalHeader()->restoreState(header);
    if (object.contains(QStringLiteral("watchlists")))
        m_lists = Watchlists::fromJson(object.value(QStringLiteral("watchlists")).toArray());
    if (object.contains(QStringLiteral("rules")))
        setHighlightRules(rulesFromJson(object.value(QStringLiteral("rules")).toArray()));
    if (const auto group = linkGroupFromKey(object.value(QStringLiteral("link")).toString()))
        m_link->setGroup(*group);
    const QString current = object.value(QStringLiteral("current")).toString();
    m_current.clear();
    if (!current.isEmpty() && m_lists.find(current))
        m_current = m_lists.find(current)->name;
    rebuildSelector();
    applyFilter();
    updateActions();
    return restored;
}

} // namespace mag7::widgets
