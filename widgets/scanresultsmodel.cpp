#include "scanresultsmodel.h"

#include "theme.h"

#include <cmath>

namespace mag7::widgets {

ScanResultsModel::ScanResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ScanResultsModel::setHits(std::vector<engine::ScanHit> hits)
{
    const bool sameContracts =
        hits.size() == m_hits.size() &&
        std::equal(hits.begin(), hits.end(), m_hits.begin(),
                   [](const auto &a, const auto &b) { return a.contract->id == b.contract->id; });
    if (!sameContracts) {
        beginResetModel();
        m_hits = std::move(hits);
        endResetModel();
        return;
    }
    m_hits = std::move(hits);
    if (!m_hits.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, Count - 1));
}

const engine::ScanHit *ScanResultsModel::hitAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_hits[static_cast<std::size_t>(row)] : nullptr;
}

int ScanResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_hits.size());
}

int ScanResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant ScanResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const engine::ScanHit &hit = m_hits[static_cast<std::size_t>(index.row())];
    const engine::OptionRow &o = *hit.contract;
    const bool priced = o.ivError == pricing::IvError::None;
    if (role == Qt::TextAlignmentRole)
        return index.column() == Symbol || index.column() == Expiry || index.column() == Type
                   ? QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Type)
        return o.right == OptionRight::Call ? deskColors().up : deskColors().down;
    if (role == Qt::ToolTipRole && o.instrument)
        return QString::fromStdString(o.instrument->symbol);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Symbol:
        return QString::fromStdString(hit.symbol);
    case Expiry:
        return QString::fromStdString(formatDate(o.expiry));
    case Dte:
        return hit.daysToExpiry;
    case Type:
        return o.right == OptionRight::Call ? tr("Call") : tr("Put");
    case Strike:
        return formatStrike(o.strike);
    case Bid:
        return formatFixed(toDouble(o.bid), 2);
    case Ask:
        return formatFixed(toDouble(o.ask), 2);
    case Iv:
        return priced ? formatPercent(o.iv * 100, 1, false) : QStringLiteral("—");
    case Delta:
        return priced ? formatSigned(o.greeks.delta, 3) : QStringLiteral("—");
    case Volume:
        return formatVolume(static_cast<double>(o.volume));
    case OpenInterest:
        return formatVolume(static_cast<double>(o.openInterest));
    }
    return {};
}

QVariant ScanResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kTitles[] = {"Symbol", "Expiry", "DTE", "Type",   "Strike", "Bid",
                                          "Ask",    "IV",     "Δ",   "Volume", "OI"};
    return section >= 0 && section < Count ? tr(kTitles[section]) : QVariant();
}

} // namespace mag7::widgets
