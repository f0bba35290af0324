#pragma once
// QuoteBoardModel: one row per underlying of the universe, fed from engine snapshots.
// Columns are the Column enum; DisplayRole is formatted text, SortRole the raw number,
// ForegroundRole the up/down colour, ToolTipRole the definition of derived numbers.
// setSnapshot() emits one dataChanged per contiguous span of changed rows, or a reset when the
// set of rows changes. GUI thread only.

#include "engine/desksnapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace mag7::widgets {

class QuoteBoardModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Symbol,
        Last,
        Change,
        ChangePercent,
        Bid,
        Ask,
        BidSize,
        AskSize,
        Volume,
        RelativeVolume,
        AtmIv,
        IvRank,
        IvPercentile,
        Open,
        High,
        Low,
        PreviousClose,
        Count
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // double (or QString for Symbol)
        InstrumentIdRole,
        DirectionRole, // int: +1 last above previous close, -1 below, 0 otherwise
    };

    explicit QuoteBoardModel(QObject *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    const engine::QuoteRow *rowAt(int row) const;
    int rowOfSymbol(const QString &symbol) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString columnTitle(Column column);
    static QString columnToolTip(Column column);

private:
    QVariant displayValue(const engine::QuoteRow &row, int column) const;
    QVariant sortValue(const engine::QuoteRow &row, int column) const;

    std::vector<engine::QuoteRow> m_rows;
};

} // namespace mag7::widgets
