#include "greeksmodel.h"

#include "theme.h"

#include <QFont>

#include <cmath>
#include <limits>

namespace mag7::widgets {

namespace {
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr double kMultiplier = 100.0;

int decimals(GreeksModel::Row row)
{
    switch (row) {
    case GreeksModel::Price:
        return 2;
    case GreeksModel::Gamma:
    case GreeksModel::Vanna:
    case GreeksModel::Charm:
    case GreeksModel::Vomma:
        return 5;
    case GreeksModel::Speed:
        return 6;
    default:
        return 4;
    }
}
} // namespace

GreeksModel::GreeksModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void GreeksModel::setContract(std::optional<engine::OptionRow> contract)
{
    const bool same = contract && m_contract && contract->id == m_contract->id;
    if (!same) {
        beginResetModel();
        m_contract = std::move(contract);
        endResetModel();
        return;
    }
    m_contract = std::move(contract);
    Q_EMIT dataChanged(index(0, PerShare), index(RowCount - 1, PerContract));
}

double GreeksModel::value(Row row) const
{
    if (!m_contract)
        return kMissing;
    const engine::OptionRow &c = *m_contract;
    if (row == Price)
        return c.mid > 0 ? c.mid : kMissing;
    if (c.ivError != pricing::IvError::None || !(c.iv > 0))
        return kMissing;
    const pricing::Greeks &g = c.greeks;
    switch (row) {
    case ImpliedVol:
        return c.iv;
    case Delta:
        return g.delta;
    case Gamma:
        return g.gamma;
    case Theta:
        return g.theta;
    case Vega:
        return g.vega;
    case Rho:
        return g.rho;
    case Vanna:
        return g.vanna;
    case Charm:
        return g.charm;
    case Vomma:
        return g.vomma;
    case Speed:
        return g.speed;
    case ProbabilityItm:
        return c.probabilityItm;
    default:
        return kMissing;
    }
}

QString GreeksModel::rowTitle(Row row)
{
    switch (row) {
    case Price:
        return tr("Price (mid)");
    case ImpliedVol:
        return tr("Implied vol");
    case Delta:
        return tr("Delta");
    case Gamma:
        return tr("Gamma");
    case Theta:
        return tr("Theta");
    case Vega:
        return tr("Vega");
    case Rho:
        return tr("Rho");
    case Vanna:
        return tr("Vanna");
    case Charm:
        return tr("Charm");
    case Vomma:
        return tr("Vomma");
    case Speed:
        return tr("Speed");
    case ProbabilityItm:
        return tr("Prob ITM");
    case RowCount:
        break;
    }
    return {};
}

QString GreeksModel::rowUnit(Row row)
{
    switch (row) {
    case Price:
        return tr("$");
    case ImpliedVol:
    case ProbabilityItm:
        return tr("%");
    case Delta:
        return tr("$ per $1");
    case Gamma:
        return tr("Δ per $1");
    case Theta:
        return tr("$ per day");
    case Vega:
        return tr("$ per vol pt");
    case Rho:
        return tr("$ per rate pt");
    case Vanna:
        return tr("Δ per vol pt");
    case Charm:
        return tr("Δ per day");
    case Vomma:
        return tr("vega per vol pt");
    case Speed:
        return tr("Γ per $1");
    case RowCount:
        break;
    }
    return {};
}

QString GreeksModel::rowToolTip(Row row)
{
    switch (row) {
    case Price:
        return tr("(bid + ask) / 2");
    case ImpliedVol:
        return tr("The volatility at which Black-Scholes-Merton (continuous dividend yield, time "
                  "to the closing bell of expiry) gives the mid price");
    case Delta:
        return tr("∂V/∂S: option price change per $1 move of the underlying");
    case Gamma:
        return tr("∂²V/∂S²: delta change per $1 move of the underlying");
    case Theta:
        return tr("∂V/∂t: price change as one calendar day passes, all else equal");
    case Vega:
        return tr("∂V/∂σ: price change per 1 point (0.01) of implied vol");
    case Rho:
        return tr("∂V/∂r: price change per 1 point (0.01) of the interest rate");
    case Vanna:
        return tr("∂Δ/∂σ: delta change per 1 vol point");
    case Charm:
        return tr("∂Δ/∂t: delta change as one calendar day passes");
    case Vomma:
        return tr("∂vega/∂σ: vega change per 1 vol point");
    case Speed:
        return tr("∂Γ/∂S: gamma change per $1 move of the underlying");
    case ProbabilityItm:
        return tr("Risk-neutral probability of expiring in the money: N(d2) for a call, N(−d2) "
                  "for a put");
    case RowCount:
        break;
    }
    return {};
}

int GreeksModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : RowCount;
}

int GreeksModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant GreeksModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto row = static_cast<Row>(index.row());
    const double v = value(row);
    const bool percent = row == ImpliedVol || row == ProbabilityItm;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return rowTitle(row);
        case PerShare:
            return percent ? formatPercent(v * 100.0, 2, false) : formatFixed(v, decimals(row));
        case PerContract:
            if (percent)
                return QString();
            return formatFixed(v * kMultiplier, row == Price ? 2 : std::max(decimals(row) - 2, 2));
        case Unit:
            return rowUnit(row);
        default:
            return {};
        }
    case ValueRole:
        return v;
    case Qt::TextAlignmentRole:
        if (index.column() == PerShare || index.column() == PerContract)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == Unit || !std::isfinite(v))
            return deskColors().neutral;
        return {};
    case Qt::FontRole:
        if (index.column() == Name) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        return rowToolTip(row);
    default:
        return {};
    }
}

QVariant GreeksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Greek");
    case PerShare:
        return tr("Per share");
    case PerContract:
        return tr("Per contract");
    case Unit:
        return tr("Unit");
    default:
        return {};
    }
}

} // namespace mag7::widgets
