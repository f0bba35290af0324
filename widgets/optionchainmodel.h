#pragma once
// OptionChainModel: one expiry of one underlying's chain as calls | strike | puts, one row per
// strike, from the engine's ChainSnapshot. The per-side fields are configurable (the column
// chooser); the call side mirrors the put side around the strike, keeping bid before ask.
//
// Roles: DisplayRole formatted text (fixed decimals), SortRole the raw number, ToolTipRole the
// definition of derived numbers, BackgroundRole the in-the-money shading, plus the custom roles
// below for the view's painting (ATM line, sigma markers, flashes) and for chain clicks.
// setChain() keeps rows when the strikes are unchanged and then emits one dataChanged per
// contiguous span of rows whose cells changed; a changed quote cell (bid, ask, mid, last,
// volume) flashes (FlashRole) until expireFlashes() is called kFlashMs later. GUI thread only.

#include "engine/chainsnapshot.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace mag7::widgets {

enum class ChainField {
    Bid,
    Ask,
    Mid,
    Last,
    Volume,
    OpenInterest,
    Iv,
    Delta,
    Gamma,
    Theta,
    Vega,
    Gex,
    ProbabilityItm,
    Count
};

QString chainFieldTitle(ChainField field);
QString chainFieldToolTip(ChainField field);
// The default per-side fields, strike-outwards for the puts.
std::vector<ChainField> defaultChainFields();

class OptionChainModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr qint64 kFlashMs = 600;

    enum Role {
        SortRole = Qt::UserRole + 1, // double
        ContractIdRole, // qulonglong instrument id of the cell's contract (none: strike)
        SideRole,       // int: +1 call side, -1 put side, 0 the strike column
        FieldRole,      // int ChainField of the column (-1 for the strike column)
        AtmRole,        // bool: the row of the at-the-money strike
        SigmaRole,      // int: +-1 / +-2 on the strikes nearest spot +- 1 / 2 expected moves
        InTheMoneyRole, // bool: the cell's contract is in the money
        FlashRole,      // int: +1 the value rose, -1 it fell recently, 0 no flash
    };

    explicit OptionChainModel(QObject *parent = nullptr);

    // The fields shown on each side, in order outward from the strike for the puts (the calls
    // show them mirrored). Resets the model.
    void setFields(std::vector<ChainField> fields);
    const std::vector<ChainField> &fields() const { return m_fields; }
    // Strikes shown on each side of the ATM strike; 0 shows every strike. Resets when the rows
    // change.
    void setStrikesEachSide(int strikes);
    int strikesEachSide() const { return m_strikesEachSide; }

    // Shows `expiry` of `chain` (the nearest listed expiry on or after it when it is not listed).
    // `nowMs` is a monotonic time in milliseconds for the flashes.
    void setChain(std::shared_ptr<const engine::ChainSnapshot> chain, Date expiry, qint64 nowMs);
    // Ends the flashes older than kFlashMs (emitting dataChanged for them).
    void expireFlashes(qint64 nowMs);

    const engine::ChainSnapshot *chain() const { return m_chain.get(); }
    const engine::ExpirySummary *expiry() const;
    Date expiryDate() const { return m_expiry; }
    int atmRow() const { return m_atmRow; }
    double strikeAt(int row) const;
    // The contract in a cell (null in the strike column or where the chain lists none).
    const engine::OptionRow *contractAt(const QModelIndex &index) const;
    int strikeColumn() const { return static_cast<int>(m_fields.size()); }
    // Column of a field on one side (+1 calls, -1 puts); -1 when the field is not shown.
    int columnOf(ChainField field, int side) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct StrikeRow {
        double strike = 0;
        const engine::OptionRow *call = nullptr;
        const engine::OptionRow *put = nullptr;
    };
    struct Column {
        ChainField field = ChainField::Bid;
        int side = 0; // +1 call, -1 put, 0 strike
    };

    void rebuildColumns();
    std::vector<StrikeRow> rowsFor(const engine::ChainSnapshot &chain, std::size_t expiryIndex,
                                   int &atmRow) const;
    void updateMarkers();
    static bool flashes(const Column &column);
    double value(const StrikeRow &row, const Column &column) const;
    QVariant display(const StrikeRow &row, const Column &column) const;

    std::vector<ChainField> m_fields;
    std::vector<Column> m_columns;
    int m_strikesEachSide = 0;
    std::shared_ptr<const engine::ChainSnapshot> m_chain;
    std::ptrdiff_t m_expiryIndex = -1;
    Date m_expiry{};
    std::vector<StrikeRow> m_rows;
    int m_atmRow = -1;
    std::vector<int> m_sigma; // per row: 0, +-1, +-2
    // Per cell: the value shown and when it last changed (-1: no flash), direction of change.
    std::vector<double> m_values;
    std::vector<qint64> m_flashSince;
    std::vector<signed char> m_flashDirection;
};

} // namespace mag7::widgets
