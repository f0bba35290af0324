#include "quoteboardmodel.h"

#include "theme.h"

#include <QFont>
#include <QMimeData>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mag7::widgets {

namespace {
QString priceText(Price price)
{
    return price > 0 ? QString::number(toDouble(price), 'f', 2) : QStringLiteral("—");
}
} // namespace

QuoteBoardModel::QuoteBoardModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void QuoteBoardModel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    const auto &rows = snapshot.quotes;
    bool sameRows = rows.size() == m_universe.size();
    for (std::size_t i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows[i].id == m_universe[i].id;
    if (!sameRows) {
        beginResetModel();
        m_universe = rows;
        m_indexOfSymbol.clear();
        m_matches.assign(m_universe.size(), {});
        for (std::size_t i = 0; i < m_universe.size(); ++i) {
            m_indexOfSymbol.insert(QString::fromStdString(m_universe[i].symbol),
                                   static_cast<int>(i));
            matchRules(i);
        }
        m_shown = filteredRows();
        endResetModel();
        Q_EMIT universeChanged();
        return;
    }
    m_changed.assign(rows.size(), 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].revision != m_universe[i].revision) {
            m_universe[i] = rows[i];
            matchRules(i);
            m_changed[i] = 1;
        }
    }
    // One notification per span of consecutive changed rows, in the order shown.
    int spanStart = -1;
    const int shown = static_cast<int>(m_shown.size());
    for (int row = 0; row <= shown; ++row) {
        const bool changed =
            row < shown &&
            m_changed[static_cast<std::size_t>(m_shown[static_cast<std::size_t>(row)])];
        if (changed && spanStart < 0) {
            spanStart = row;
        } else if (!changed && spanStart >= 0) {
            Q_EMIT dataChanged(index(spanStart, 0), index(row - 1, Count - 1));
            spanStart = -1;
        }
    }
}

void QuoteBoardModel::matchRules(std::size_t universeRow)
{
    std::vector<int> &matched = m_matches[universeRow];
    matched.clear();
    if (m_rules.hasActiveRules())
        m_rules.match(ruleValues(m_universe[universeRow]), matched);
}

const engine::QuoteRow *QuoteBoardModel::rowAt(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_shown.size()))
        return nullptr;
    return &m_universe[static_cast<std::size_t>(m_shown[static_cast<std::size_t>(row)])];
}

int QuoteBoardModel::rowOfSymbol(const QString &symbol) const
{
    const auto it = m_indexOfSymbol.constFind(symbol);
    if (it == m_indexOfSymbol.constEnd())
        return -1;
    const auto shown = std::find(m_shown.begin(), m_shown.end(), it.value());
    return shown == m_shown.end() ? -1 : static_cast<int>(shown - m_shown.begin());
}

QStringList QuoteBoardModel::shownSymbols() const
{
    QStringList symbols;
    for (const int row : m_shown)
        symbols << QString::fromStdString(m_universe[static_cast<std::size_t>(row)].symbol);
    return symbols;
}

const std::vector<int> &QuoteBoardModel::matchedRules(int row) const
{
    static const std::vector<int> none;
    if (row < 0 || row >= static_cast<int>(m_shown.size()))
        return none;
    return m_matches[static_cast<std::size_t>(m_shown[static_cast<std::size_t>(row)])];
}

void QuoteBoardModel::setSymbolFilter(std::optional<QStringList> symbols)
{
    m_filter = std::move(symbols);
    showRows(filteredRows());
}

std::vector<int> QuoteBoardModel::filteredRows() const
{
    std::vector<int> rows;
    if (!m_filter) {
        rows.resize(m_universe.size());
        std::iota(rows.begin(), rows.end(), 0);
        return rows;
    }
    for (const QString &symbol : *m_filter) {
        const auto it = m_indexOfSymbol.constFind(symbol);
        if (it != m_indexOfSymbol.constEnd() &&
            std::find(rows.begin(), rows.end(), it.value()) == rows.end())
            rows.push_back(it.value());
    }
    return rows;
}

void QuoteBoardModel::showRows(std::vector<int> rows)
{
    if (rows == m_shown)
        return;
    const auto isSubsequence = [](const std::vector<int> &part, const std::vector<int> &whole) {
        std::size_t j = 0;
        for (std::size_t i = 0; i < whole.size() && j < part.size(); ++i) {
            if (whole[i] == part[j])
                ++j;
        }
        return j == part.size();
    };
    // Only removals (the remaining rows keep their order): remove them, last first, so views
    // keep their current row and selection.
    if (rows.size() < m_shown.size() && isSubsequence(rows, m_shown)) {
        for (int row = static_cast<int>(m_shown.size()) - 1; row >= 0; --row) {
            const int universeRow = m_shown[static_cast<std::size_t>(row)];
            if (std::find(rows.begin(), rows.end(), universeRow) != rows.end())
                continue;
            beginRemoveRows({}, row, row);
            m_shown.erase(m_shown.begin() + row);
            endRemoveRows();
        }
        return;
    }
    // Only insertions: insert each new row where it goes.
    if (rows.size() > m_shown.size() && isSubsequence(m_shown, rows)) {
        for (std::size_t row = 0; row < rows.size(); ++row) {
            if (row < m_shown.size() && m_shown[row] == rows[row])
                continue;
            beginInsertRows({}, static_cast<int>(row), static_cast<int>(row));
            m_shown.insert(m_shown.begin() + static_cast<std::ptrdiff_t>(row), rows[row]);
            endInsertRows();
        }
        return;
    }
    // The same rows in another order: move the persistent indexes with them.
    std::vector<int> sortedOld = m_shown;
    std::vector<int> sortedNew = rows;
    std::sort(sortedOld.begin(), sortedOld.end());
    std::sort(sortedNew.begin(), sortedNew.end());
    if (sortedOld == sortedNew) {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &old : from) {
            const int universeRow = m_shown[static_cast<std::size_t>(old.row())];
            const auto it = std::find(rows.begin(), rows.end(), universeRow);
            to << createIndex(static_cast<int>(it - rows.begin()), old.column());
        }
        m_shown = std::move(rows);
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
        return;
    }
    beginResetModel();
    m_shown = std::move(rows);
    endResetModel();
}

void QuoteBoardModel::setHighlightRules(std::vector<HighlightRule> rules)
{
    m_rules.setRules(std::move(rules));
    for (std::size_t i = 0; i < m_universe.size(); ++i)
        matchRules(i);
    if (!m_shown.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, Count - 1),
                           {Qt::BackgroundRole, Qt::ToolTipRole, MatchedRulesRole});
}

int QuoteBoardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_shown.size());
}

int QuoteBoardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant QuoteBoardModel::displayValue(const engine::QuoteRow &row, int column) const
{
    switch (static_cast<Column>(column)) {
    case Symbol:
        return QString::fromStdString(row.symbol);
    case Last:
        return formatFixed(row.lastPrice(), 2);
    case Change:
        return formatSigned(row.change(), 2);
    case ChangePercent:
        return formatPercent(row.changePercent(), 2, true);
    case Bid:
        return priceText(row.bid);
    case Ask:
        return priceText(row.ask);
    case BidSize:
        return row.bid > 0 ? formatVolume(row.bidSize) : QStringLiteral("—");
    case AskSize:
        return row.ask > 0 ? formatVolume(row.askSize) : QStringLiteral("—");
    case Volume:
        if (row.kind == InstrumentKind::Index)
            return QStringLiteral("—"); // an index has no volume of its own
        return formatVolume(static_cast<double>(row.volume));
    case RelativeVolume:
        return std::isfinite(row.relativeVolume)
                   ? formatFixed(row.relativeVolume, 2) + QLatin1Char('x')
                   : QStringLiteral("—");
    case AtmIv:
        return formatPercent(row.atmIv * 100.0, 1, false);
    case IvRank:
        return formatFixed(row.ivRank, 0);
    case IvPercentile:
        return formatFixed(row.ivPercentile, 0);
    case Open:
        return formatFixed(row.open, 2);
    case High:
        return formatFixed(row.high, 2);
    case Low:
        return formatFixed(row.low, 2);
    case PreviousClose:
        return formatFixed(row.previousClose, 2);
    case Count:
        break;
    }
    return {};
}

QVariant QuoteBoardModel::sortValue(const engine::QuoteRow &row, int column) const
{
    switch (static_cast<Column>(column)) {
    case Symbol:
        return QString::fromStdString(row.symbol);
    case Last:
        return row.lastPrice();
    case Change:
        return row.change();
    case ChangePercent:
        return row.changePercent();
    case Bid:
        return toDouble(row.bid);
    case Ask:
        return toDouble(row.ask);
    case BidSize:
        return static_cast<double>(row.bidSize);
    case AskSize:
        return static_cast<double>(row.askSize);
    case Volume:
        return static_cast<double>(row.volume);
    case RelativeVolume:
        return row.relativeVolume;
    case AtmIv:
        return row.atmIv;
    case IvRank:
        return row.ivRank;
    case IvPercentile:
        return row.ivPercentile;
    case Open:
        return row.open;
    case High:
        return row.high;
    case Low:
        return row.low;
    case PreviousClose:
        return row.previousClose;
    case Count:
        break;
    }
    return {};
}

QVariant QuoteBoardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const engine::QuoteRow &row = *rowAt(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, column);
    case SortRole:
        return sortValue(row, column);
    case InstrumentIdRole:
        return static_cast<qulonglong>(row.id);
    case DirectionRole: {
        const double change = row.change();
        return std::isfinite(change) ? (change > 0 ? 1 : change < 0 ? -1 : 0) : 0;
    }
    case Qt::TextAlignmentRole:
        if (column == Symbol)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == Change || column == ChangePercent || column == Last) {
            const double change = row.change();
            if (std::isfinite(change) && change > 0)
                return deskColors().up;
            if (std::isfinite(change) && change < 0)
                return deskColors().down;
        }
        if (column == RelativeVolume && std::isfinite(row.relativeVolume) &&
            row.relativeVolume >= 1.5)
            return deskColors().accent;
        return {};
    case Qt::FontRole:
        if (column == Symbol) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::BackgroundRole: {
        const std::vector<int> &matched = matchedRules(index.row());
        if (matched.empty())
            return {};
        return highlightBackground(
            m_rules.rules()[static_cast<std::size_t>(matched.front())].color);
    }
    case MatchedRulesRole: {
        QStringList rules;
        for (const int rule : matchedRules(index.row()))
            rules << m_rules.rules()[static_cast<std::size_t>(rule)].expression;
        return rules;
    }
    case Qt::ToolTipRole:
        return toolTip(index.row(), column);
    default:
        return {};
    }
}

QString QuoteBoardModel::toolTip(int shownRow, int column) const
{
    const engine::QuoteRow &row = *rowAt(shownRow);
    QString text = column == Symbol ? QString::fromStdString(row.name)
                                    : columnToolTip(static_cast<Column>(column));
    const std::vector<int> &matched = matchedRules(shownRow);
    if (matched.empty())
        return text;
    QStringList lines;
    for (std::size_t i = 0; i < matched.size(); ++i) {
        const QString &rule = m_rules.rules()[static_cast<std::size_t>(matched[i])].expression;
        lines << (i == 0 ? tr("Highlighted by rule: %1").arg(rule)
                         : tr("Also matches rule: %1").arg(rule));
    }
    if (!text.isEmpty())
        text += QStringLiteral("\n\n");
    return text + lines.join(QLatin1Char('\n'));
}

Qt::ItemFlags QuoteBoardModel::flags(const QModelIndex &index) const
{
    // A watchlist (not the whole universe) can be reordered by dragging its rows.
    const Qt::ItemFlags drag = m_filter ? Qt::ItemIsDragEnabled : Qt::NoItemFlags;
    if (!index.isValid())
        return m_filter ? Qt::ItemIsDropEnabled : Qt::NoItemFlags;
    return QAbstractTableModel::flags(index) | drag;
}

Qt::DropActions QuoteBoardModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList QuoteBoardModel::mimeTypes() const
{
    return {QString::fromLatin1(kSymbolsMimeType)};
}

QMimeData *QuoteBoardModel::mimeData(const QModelIndexList &indexes) const
{
    std::vector<int> rows;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && std::find(rows.begin(), rows.end(), index.row()) == rows.end())
            rows.push_back(index.row());
    }
    std::sort(rows.begin(), rows.end());
    QStringList symbols;
    for (const int row : rows)
        symbols << QString::fromStdString(rowAt(row)->symbol);
    auto *data = new QMimeData;
    data->setData(QString::fromLatin1(kSymbolsMimeType), symbols.join(QLatin1Char('\n')).toUtf8());
    return data;
}

bool QuoteBoardModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int,
                                   const QModelIndex &parent)
{
    if (action == Qt::IgnoreAction)
        return true;
    const QString type = QString::fromLatin1(kSymbolsMimeType);
    if (!m_filter || !data || !data->hasFormat(type))
        return false;
    const QStringList dragged =
        QString::fromUtf8(data->data(type)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (parent.isValid())
        row = parent.row(); // dropped on a row: before it
    if (row < 0 || row > rowCount())
        row = rowCount();
    // The first shown row at or after the drop point that is not being moved.
    QString anchor;
    for (int r = row; r < rowCount() && anchor.isEmpty(); ++r) {
        const QString symbol = QString::fromStdString(rowAt(r)->symbol);
        if (!dragged.contains(symbol))
            anchor = symbol;
    }
    QStringList order = *m_filter;
    QStringList moved;
    for (const QString &symbol : dragged) {
        if (order.removeAll(symbol) > 0)
            moved << symbol;
    }
    if (moved.isEmpty())
        return false;
    qsizetype at = anchor.isEmpty() ? order.size() : order.indexOf(anchor);
    for (const QString &symbol : std::as_const(moved))
        order.insert(at++, symbol);
    if (order == *m_filter)
        return false;
    setSymbolFilter(order);
    Q_EMIT symbolsReordered(order);
    return true;
}

QVariant QuoteBoardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= Count)
        return {};
    if (role == Qt::DisplayRole)
        return columnTitle(static_cast<Column>(section));
    if (role == Qt::ToolTipRole)
        return columnToolTip(static_cast<Column>(section));
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue((section == Symbol ? Qt::AlignLeft : Qt::AlignRight) |
                                   Qt::AlignVCenter);
    return {};
}

QString QuoteBoardModel::columnTitle(Column column)
{
    switch (column) {
    case Symbol:
        return tr("Symbol");
    case Last:
        return tr("Last");
    case Change:
        return tr("Chg");
    case ChangePercent:
        return tr("Chg %");
    case Bid:
        return tr("Bid");
    case Ask:
        return tr("Ask");
    case BidSize:
        return tr("Bid Sz");
    case AskSize:
        return tr("Ask Sz");
    case Volume:
        return tr("Volume");
    case RelativeVolume:
        return tr("RVol");
    case AtmIv:
        return tr("ATM IV");
    case IvRank:
        return tr("IV Rank");
    case IvPercentile:
        return tr("IV Pctl");
    case Open:
        return tr("Open");
    case High:
        return tr("High");
    case Low:
        return tr("Low");
    case PreviousClose:
        return tr("Prev Close");
    case Count:
        break;
    }
    return {};
}

QString QuoteBoardModel::columnToolTip(Column column)
{
    switch (column) {
    case Last:
        return tr("Last trade price (mid before the first trade)");
    case Change:
        return tr("Last − previous regular-session close");
    case ChangePercent:
        return tr("(Last − previous close) / previous close");
    case Volume:
        return tr(
            "Shares (contracts for futures) traded this trading date, extended hours included");
    case RelativeVolume:
        return tr("Relative volume = volume so far ÷ average volume by this time of day over "
                  "the last 20 sessions");
    case AtmIv:
        return tr("30-day constant-maturity at-the-money implied volatility: IV of the ATM call "
                  "and put of the expiries around 30 days, total variance interpolated to 30 days");
    case IvRank:
        return tr("IV rank = (IV − min 52w) / (max 52w − min 52w) × 100");
    case IvPercentile:
        return tr("IV percentile = share of the last 252 days with IV below today's × 100");
    case Open:
    case High:
    case Low:
        return tr("Regular session (09:30–16:00 ET)");
    case PreviousClose:
        return tr("Last trade of the previous regular session");
    default:
        return {};
    }
}

} // namespace mag7::widgets
