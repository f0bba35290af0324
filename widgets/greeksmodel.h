#pragma once
// GreeksModel: the price and every Greek of one option contract, one row each, with the value
// per contract (x100 shares), per share, the unit and what it means. Columns: Greek, Per share,
// Per contract, Unit. GUI thread only.

#include "engine/chainsnapshot.h"

#include <QAbstractTableModel>

#include <optional>

namespace mag7::widgets {

class GreeksModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, PerShare, PerContract, Unit, ColumnCount };
    enum Row {
        Price,
        ImpliedVol,
        Delta,
        Gamma,
        Theta,
        Vega,
        Rho,
        Vanna,
        Charm,
        Vomma,
        Speed,
        ProbabilityItm,
        RowCount
    };
    enum Role { ValueRole = Qt::UserRole + 1 }; // double per share (NaN when unknown)

    explicit GreeksModel(QObject *parent = nullptr);

    // Shows `contract` (copied); nullopt clears. Emits dataChanged on the value columns when the
    // same contract updates, a reset when another contract is shown.
    void setContract(std::optional<engine::OptionRow> contract);
    const std::optional<engine::OptionRow> &contract() const { return m_contract; }
    double value(Row row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString rowTitle(Row row);
    static QString rowUnit(Row row);
    static QString rowToolTip(Row row);

private:
    std::optional<engine::OptionRow> m_contract;
};

} // namespace mag7::widgets
