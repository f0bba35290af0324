#include "optionchainmodel.h"

#include "theme.h"

#include <QFont>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mag7::widgets {

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

QString dash()
{
    return QStringLiteral("—");
}

// Dollars per 1% move, compact and signed: "+12.3M", "-850K".
QString gexText(double value)
{
    const double magnitude = std::abs(value);
    const QString sign = value > 0 ? QStringLiteral("+") : value < 0 ? QStringLiteral("−") : "";
    if (magnitude >= 1e9)
        return sign + QString::number(magnitude / 1e9, 'f', 2) + QLatin1Char('B');
    if (magnitude >= 1e6)
        return sign + QString::number(magnitude / 1e6, 'f', 1) + QLatin1Char('M');
    if (magnitude >= 1e3)
        return sign + QString::number(magnitude / 1e3, 'f', 0) + QLatin1Char('K');
    return sign + QString::number(magnitude, 'f', 0);
}

// Quotes and trades flash when they change; model outputs (IV, Greeks, GEX) move with every
// tick of the underlying and would keep the whole chain flashing.
bool flashesOn(ChainField field)
{
    switch (field) {
    case ChainField::Bid:
    case ChainField::Ask:
    case ChainField::Mid:
    case ChainField::Last:
    case ChainField::Volume:
        return true;
    default:
        return false;
    }
}

bool hasGreeks(const engine::OptionRow &row)
{
    return row.ivError == pricing::IvError::None && row.iv > 0;
}

} // namespace

QString chainFieldTitle(ChainField field)
{
    switch (field) {
    case ChainField::Bid:
        return QObject::tr("Bid");
    case ChainField::Ask:
        return QObject::tr("Ask");
    case ChainField::Mid:
        return QObject::tr("Mid");
    case ChainField::Last:
        return QObject::tr("Last");
    case ChainField::Volume:
        return QObject::tr("Volume");
    case ChainField::OpenInterest:
        return QObject::tr("Open Int");
    case ChainField::Iv:
        return QObject::tr("IV");
    case ChainField::Delta:
        return QObject::tr("Delta");
    case ChainField::Gamma:
        return QObject::tr("Gamma");
    case ChainField::Theta:
        return QObject::tr("Theta");
    case ChainField::Vega:
        return QObject::tr("Vega");
    case ChainField::Gex:
        return QObject::tr("GEX");
    case ChainField::ProbabilityItm:
        return QObject::tr("Prob ITM");
    case ChainField::Count:
        break;
    }
    return {};
}

QString chainFieldToolTip(ChainField field)
{
    switch (field) {
    case ChainField::Mid:
        return QObject::tr("(bid + ask) / 2");
    case ChainField::Volume:
        return QObject::tr("Contracts traded today");
    case ChainField::OpenInterest:
        return QObject::tr("Open contracts at the start of the day");
    case ChainField::Iv:
        return QObject::tr("Implied volatility of the mid price (Black-Scholes-Merton with the "
                           "underlying's dividend yield, time to the closing bell of expiry)");
    case ChainField::Delta:
        return QObject::tr("Change of the option price per $1 move of the underlying");
    case ChainField::Gamma:
        return QObject::tr("Change of delta per $1 move of the underlying");
    case ChainField::Theta:
        return QObject::tr("Change of the option price per calendar day, in dollars per share");
    case ChainField::Vega:
        return QObject::tr("Change of the option price per 1 vol point, in dollars per share");
    case ChainField::Gex:
        return QObject::tr("Gamma exposure: gamma × open interest × 100 × spot² × 1%; dealers "
                           "assumed long calls (+) and short puts (−)");
    case ChainField::ProbabilityItm:
        return QObject::tr("Risk-neutral probability of expiring in the money: N(d2) for calls, "
                           "N(−d2) for puts, at the contract's IV");
    default:
        return chainFieldTitle(field);
    }
}

std::vector<ChainField> defaultChainFields()
{
    return {ChainField::Bid,   ChainField::Ask,    ChainField::Iv,          ChainField::Delta,
            ChainField::Theta, ChainField::Volume, ChainField::OpenInterest};
}

OptionChainModel::OptionChainModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_fields(defaultChainFields())
{
    rebuildColumns();
}

void OptionChainModel::rebuildColumns()
{
    m_columns.clear();
    // Calls mirror the puts around the strike, keeping a bid/ask pair in reading order.
    std::vector<ChainField> calls(m_fields.rbegin(), m_fields.rend());
    for (std::size_t i = 0; i + 1 < calls.size(); ++i) {
        if (calls[i] == ChainField::Ask && calls[i + 1] == ChainField::Bid)
            std::swap(calls[i], calls[i + 1]);
    }
    for (const ChainField field : calls)
        m_columns.push_back({field, +1});
    m_columns.push_back({ChainField::Count, 0});
    for (const ChainField field : m_fields)
        m_columns.push_back({field, -1});
}

void OptionChainModel::setFields(std::vector<ChainField> fields)
{
    fields.erase(std::remove(fields.begin(), fields.end(), ChainField::Count), fields.end());
    beginResetModel();
    m_fields = std::move(fields);
    rebuildColumns();
    const std::size_t cells = m_rows.size() * m_columns.size();
    m_values.assign(cells, kMissing);
    m_flashSince.assign(cells, -1);
    m_flashDirection.assign(cells, 0);
    for (std::size_t r = 0; r < m_rows.size(); ++r) {
        for (std::size_t c = 0; c < m_columns.size(); ++c)
            m_values[r * m_columns.size() + c] = value(m_rows[r], m_columns[c]);
    }
    endResetModel();
}

void OptionChainModel::setStrikesEachSide(int strikes)
{
    m_strikesEachSide = std::max(0, strikes);
    if (m_chain) {
        auto chain = m_chain;
        setChain(chain, m_expiry, -1);
    }
}

const engine::ExpirySummary *OptionChainModel::expiry() const
{
    if (!m_chain || m_expiryIndex < 0)
        return nullptr;
    return &m_chain->expiries[static_cast<std::size_t>(m_expiryIndex)];
}

double OptionChainModel::strikeAt(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_rows.size()))
        return kMissing;
    return m_rows[static_cast<std::size_t>(row)].strike;
}

const engine::OptionRow *OptionChainModel::contractAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()) ||
        index.column() >= static_cast<int>(m_columns.size()))
        return nullptr;
    const StrikeRow &row = m_rows[static_cast<std::size_t>(index.row())];
    const int side = m_columns[static_cast<std::size_t>(index.column())].side;
    return side > 0 ? row.call : side < 0 ? row.put : nullptr;
}

int OptionChainModel::columnOf(ChainField field, int side) const
{
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        if (m_columns[c].field == field && m_columns[c].side == side)
            return static_cast<int>(c);
    }
    return -1;
}

std::vector<OptionChainModel::StrikeRow>
OptionChainModel::rowsFor(const engine::ChainSnapshot &chain, std::size_t expiryIndex,
                          int &atmRow) const
{
    const engine::ExpirySummary &summary = chain.expiries[expiryIndex];
    std::vector<StrikeRow> rows;
    const std::size_t end = std::min(chain.options.size(), summary.firstRow + summary.rowCount);
    for (std::size_t i = summary.firstRow; i < end; ++i) {
        const engine::OptionRow &option = chain.options[i];
        if (rows.empty() || rows.back().strike != option.strike)
            rows.push_back({option.strike, nullptr, nullptr});
        (option.right == OptionRight::Call ? rows.back().call : rows.back().put) = &option;
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const StrikeRow &a, const StrikeRow &b) { return a.strike < b.strike; });
    atmRow = -1;
    const double atm = summary.atmStrike > 0 ? summary.atmStrike : chain.spot;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const double distance = std::abs(rows[r].strike - atm);
        if (distance < best) {
            best = distance;
            atmRow = static_cast<int>(r);
        }
    }
    if (m_strikesEachSide > 0 && atmRow >= 0) {
        const int first = std::max(0, atmRow - m_strikesEachSide);
        const int last = std::min(static_cast<int>(rows.size()) - 1, atmRow + m_strikesEachSide);
        rows = std::vector<StrikeRow>(rows.begin() + first, rows.begin() + last + 1);
        atmRow -= first;
    }
    return rows;
}

void OptionChainModel::updateMarkers()
{
    m_sigma.assign(m_rows.size(), 0);
    const engine::ExpirySummary *summary = expiry();
    if (!summary || !m_chain || !(summary->expectedMove > 0) || m_rows.empty())
        return;
    for (const int k : {1, 2, -1, -2}) {
        const double target = m_chain->spot + k * summary->expectedMove;
        std::size_t nearest = 0;
        for (std::size_t r = 1; r < m_rows.size(); ++r) {
            if (std::abs(m_rows[r].strike - target) < std::abs(m_rows[nearest].strike - target))
                nearest = r;
        }
        // Only where the band falls inside the shown strikes.
        const bool inside = target >= m_rows.front().strike - summary->expectedMove * 0.25 &&
                            target <= m_rows.back().strike + summary->expectedMove * 0.25;
        if (inside && m_sigma[nearest] == 0 && static_cast<int>(nearest) != m_atmRow)
            m_sigma[nearest] = k;
    }
}

void OptionChainModel::setChain(std::shared_ptr<const engine::ChainSnapshot> chain, Date expiry,
                                qint64 nowMs)
{
    std::ptrdiff_t expiryIndex = -1;
    if (chain && !chain->expiries.empty()) {
        expiryIndex = static_cast<std::ptrdiff_t>(chain->expiries.size()) - 1;
        for (std::size_t e = 0; e < chain->expiries.size(); ++e) {
            if (!(chain->expiries[e].expiry < expiry)) {
                expiryIndex = static_cast<std::ptrdiff_t>(e);
                break;
            }
        }
    }
    int atmRow = -1;
    std::vector<StrikeRow> rows;
    if (expiryIndex >= 0)
        rows = rowsFor(*chain, static_cast<std::size_t>(expiryIndex), atmRow);
    const Date shownExpiry =
        expiryIndex >= 0 ? chain->expiries[static_cast<std::size_t>(expiryIndex)].expiry : Date{};

    bool sameRows = nowMs >= 0 && rows.size() == m_rows.size() && shownExpiry == m_expiry &&
                    chain && m_chain && chain->underlying == m_chain->underlying;
    for (std::size_t r = 0; sameRows && r < rows.size(); ++r)
        sameRows = rows[r].strike == m_rows[r].strike;

    const std::size_t columns = m_columns.size();
    if (!sameRows) {
        beginResetModel();
        m_chain = std::move(chain);
        m_expiryIndex = expiryIndex;
        m_expiry = shownExpiry;
        m_rows = std::move(rows);
        m_atmRow = atmRow;
        m_values.assign(m_rows.size() * columns, kMissing);
        m_flashSince.assign(m_rows.size() * columns, -1);
        m_flashDirection.assign(m_rows.size() * columns, 0);
        for (std::size_t r = 0; r < m_rows.size(); ++r) {
            for (std::size_t c = 0; c < columns; ++c)
                m_values[r * columns + c] = value(m_rows[r], m_columns[c]);
        }
        updateMarkers();
        endResetModel();
        return;
    }

    // Same strikes: keep the rows, flash the cells whose value changed.
    m_chain = std::move(chain); // keeps the new rows' contracts alive
    m_expiryIndex = expiryIndex;
    m_rows = std::move(rows);
    const int previousAtm = m_atmRow;
    const std::vector<int> previousSigma = m_sigma;
    m_atmRow = atmRow;
    updateMarkers();
    int spanStart = -1;
    const int rowCount = static_cast<int>(m_rows.size());
    for (int r = 0; r <= rowCount; ++r) {
        bool changed = false;
        if (r < rowCount) {
            const auto ur = static_cast<std::size_t>(r);
            changed = (r == previousAtm) != (r == m_atmRow) || previousSigma[ur] != m_sigma[ur];
            for (std::size_t c = 0; c < columns; ++c) {
                const std::size_t cell = ur * columns + c;
                const double now = value(m_rows[ur], m_columns[c]);
                const double before = m_values[cell];
                const bool same = now == before || (std::isnan(now) && std::isnan(before));
                if (same)
                    continue;
                changed = true;
                if (std::isfinite(now) && std::isfinite(before) && flashes(m_columns[c])) {
                    m_flashSince[cell] = nowMs;
                    m_flashDirection[cell] = now > before ? 1 : -1;
                }
                m_values[cell] = now;
            }
        }
        if (changed) {
            if (spanStart < 0)
                spanStart = r;
        } else if (spanStart >= 0) {
            Q_EMIT dataChanged(index(spanStart, 0), index(r - 1, static_cast<int>(columns) - 1));
            spanStart = -1;
        }
    }
}

void OptionChainModel::expireFlashes(qint64 nowMs)
{
    const std::size_t columns = m_columns.size();
    int spanStart = -1;
    const int rowCount = static_cast<int>(m_rows.size());
    for (int r = 0; r <= rowCount; ++r) {
        bool expired = false;
        for (std::size_t c = 0; r < rowCount && c < columns; ++c) {
            const std::size_t cell = static_cast<std::size_t>(r) * columns + c;
            if (m_flashSince[cell] >= 0 && nowMs - m_flashSince[cell] >= kFlashMs) {
                m_flashSince[cell] = -1;
                m_flashDirection[cell] = 0;
                expired = true;
            }
        }
        if (expired) {
            if (spanStart < 0)
                spanStart = r;
        } else if (spanStart >= 0) {
            Q_EMIT dataChanged(index(spanStart, 0), index(r - 1, static_cast<int>(columns) - 1),
                               {Qt::BackgroundRole, FlashRole});
            spanStart = -1;
        }
    }
}

bool OptionChainModel::flashes(const Column &column)
{
    return column.side != 0 && flashesOn(column.field);
}

double OptionChainModel::value(const StrikeRow &row, const Column &column) const
{
    if (column.side == 0)
        return row.strike;
    const engine::OptionRow *option = column.side > 0 ? row.call : row.put;
    if (!option)
        return kMissing;
    const auto price = [](Price p) { return p > 0 ? toDouble(p) : kMissing; };
    const bool greeks = hasGreeks(*option);
    switch (column.field) {
    case ChainField::Bid:
        return price(option->bid);
    case ChainField::Ask:
        return price(option->ask);
    case ChainField::Mid:
        return option->bid > 0 && option->ask > 0 ? option->mid : kMissing;
    case ChainField::Last:
        return price(option->last);
    case ChainField::Volume:
        return static_cast<double>(option->volume);
    case ChainField::OpenInterest:
        return static_cast<double>(option->openInterest);
    case ChainField::Iv:
        return greeks ? option->iv : kMissing;
    case ChainField::Delta:
        return greeks ? option->greeks.delta : kMissing;
    case ChainField::Gamma:
        return greeks ? option->greeks.gamma : kMissing;
    case ChainField::Theta:
        return greeks ? option->greeks.theta : kMissing;
    case ChainField::Vega:
        return greeks ? option->greeks.vega : kMissing;
    case ChainField::Gex:
        return greeks ? option->gex : kMissing;
    case ChainField::ProbabilityItm:
        return greeks ? option->probabilityItm : kMissing;
    case ChainField::Count:
        break;
    }
    return kMissing;
}

QVariant OptionChainModel::display(const StrikeRow &row, const Column &column) const
{
    if (column.side == 0)
        return formatStrike(row.strike);
    const double v = value(row, column);
    if (std::isnan(v))
        return dash();
    switch (column.field) {
    case ChainField::Bid:
    case ChainField::Ask:
    case ChainField::Mid:
    case ChainField::Last:
        return formatFixed(v, 2);
    case ChainField::Volume:
    case ChainField::OpenInterest:
        return formatVolume(v);
    case ChainField::Iv:
        return formatPercent(v * 100.0, 1, false);
    case ChainField::Delta:
        return formatFixed(v, 3);
    case ChainField::Gamma:
        return formatFixed(v, 4);
    case ChainField::Theta:
    case ChainField::Vega:
        return formatFixed(v, 3);
    case ChainField::Gex:
        return gexText(v);
    case ChainField::ProbabilityItm:
        return formatPercent(v * 100.0, 1, false);
    case ChainField::Count:
        break;
    }
    return {};
}

int OptionChainModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int OptionChainModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QVariant OptionChainModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto r = static_cast<std::size_t>(index.row());
    const auto c = static_cast<std::size_t>(index.column());
    const StrikeRow &row = m_rows[r];
    const Column &column = m_columns[c];
    const std::size_t cell = r * m_columns.size() + c;
    const engine::OptionRow *option = column.side > 0   ? row.call
                                      : column.side < 0 ? row.put
                                                        : nullptr;
    const double spot = m_chain ? m_chain->spot : kMissing;
    const bool inTheMoney =
        option && std::isfinite(spot) && (column.side > 0 ? row.strike < spot : row.strike > spot);
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case SortRole:
        return value(row, column);
    case ContractIdRole:
        return option ? QVariant(static_cast<qulonglong>(option->id)) : QVariant();
    case SideRole:
        return column.side;
    case FieldRole:
        return column.side == 0 ? -1 : static_cast<int>(column.field);
    case AtmRole:
        return index.row() == m_atmRow;
    case SigmaRole:
        return r < m_sigma.size() ? m_sigma[r] : 0;
    case InTheMoneyRole:
        return inTheMoney;
    case FlashRole:
        return static_cast<int>(m_flashDirection[cell]);
    case Qt::TextAlignmentRole:
        if (column.side == 0)
            return QVariant::fromValue(Qt::AlignCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole: {
        const DeskColors &colors = deskColors();
        if (m_flashDirection[cell] != 0) {
            QColor flash = m_flashDirection[cell] > 0 ? colors.up : colors.down;
            flash.setAlpha(60);
            return flash;
        }
        if (column.side == 0) {
            QColor strike = colors.grid;
            strike.setAlpha(110);
            return strike;
        }
        if (inTheMoney) {
            QColor shade = colors.accent;
            shade.setAlpha(currentTheme() == ThemeKind::Dark ? 34 : 28);
            return shade;
        }
        return {};
    }
    case Qt::ForegroundRole:
        if (column.field == ChainField::Gex && option) {
            const double v = value(row, column);
            if (v > 0)
                return deskColors().up;
            if (v < 0)
                return deskColors().down;
        }
        if (option && std::isnan(value(row, column)))
            return deskColors().neutral;
        return {};
    case Qt::FontRole:
        if (column.side == 0 || index.row() == m_atmRow) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole: {
        if (!option)
            return column.side == 0 ? tr("Strike %1").arg(formatStrike(row.strike)) : QVariant();
        QString tip =
            QString::fromStdString(option->instrument ? option->instrument->symbol : std::string());
        if (option->ivError != pricing::IvError::None)
            tip += QStringLiteral("\n") +
                   tr("No IV: %1").arg(QString::fromUtf8(pricing::ivErrorMessage(option->ivError)));
        return tip + QStringLiteral("\n") + chainFieldToolTip(column.field);
    }
    default:
        return {};
    }
}

QVariant OptionChainModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 ||
        section >= static_cast<int>(m_columns.size()))
        return QAbstractTableModel::headerData(section, orientation, role);
    const Column &column = m_columns[static_cast<std::size_t>(section)];
    switch (role) {
    case Qt::DisplayRole:
        return column.side == 0 ? tr("Strike") : chainFieldTitle(column.field);
    case Qt::ToolTipRole:
        if (column.side == 0)
            return tr("Strike price");
        return (column.side > 0 ? tr("Calls: ") : tr("Puts: ")) + chainFieldToolTip(column.field);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(column.side == 0 ? Qt::AlignCenter
                                                    : (Qt::AlignRight | Qt::AlignVCenter));
    default:
        return {};
    }
}

} // namespace mag7::widgets
