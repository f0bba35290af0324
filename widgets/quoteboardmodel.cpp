#include "quoteboardmodel.h"

#include "theme.h"

#include <QFont>

#include <cmath>

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
    bool sameRows = rows.size() == m_rows.size();
    for (std::size_t i = 0; sameRows && i < rows.size(); ++i)
        sameRows = rows[i].id == m_rows[i].id;
    if (!sameRows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    int spanStart = -1;
    for (int i = 0; i <= static_cast<int>(rows.size()); ++i) {
        const bool changed =
            i < static_cast<int>(rows.size()) && rows[static_cast<std::size_t>(i)].revision !=
                                                     m_rows[static_cast<std::size_t>(i)].revision;
        if (changed) {
            m_rows[static_cast<std::size_t>(i)] = rows[static_cast<std::size_t>(i)];
            if (spanStart < 0)
                spanStart = i;
        } else if (spanStart >= 0) {
            Q_EMIT dataChanged(index(spanStart, 0), index(i - 1, Count - 1));
            spanStart = -1;
        }
    }
}

const engine::QuoteRow *QuoteBoardModel::rowAt(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_rows.size()))
        return nullptr;
    return &m_rows[static_cast<std::size_t>(row)];
}

int QuoteBoardModel::rowOfSymbol(const QString &symbol) const
{
    const std::string wanted = symbol.toStdString();
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].symbol == wanted)
            return static_cast<int>(i);
    }
    return -1;
}

int QuoteBoardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
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
    const engine::QuoteRow &row = m_rows[static_cast<std::size_t>(index.row())];
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
    case Qt::ToolTipRole:
        if (column == Symbol)
            return QString::fromStdString(row.name);
        return columnToolTip(static_cast<Column>(column));
    default:
        return {};
    }
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
