#pragma once
// QuoteBoardModel: the quote board's rows, fed from engine snapshots. The universe is every row
// of the latest snapshot; the rows shown are the whole universe in configuration order, or a
// watchlist's symbols in the list's order (setSymbolFilter). Columns are the Column enum;
// DisplayRole is formatted text, SortRole the raw number, ForegroundRole the up/down colour,
// BackgroundRole the colour of the first highlight rule the row matches, ToolTipRole the
// definition of derived numbers and the rules the row matches.
// setSnapshot() evaluates the highlight rules of the changed rows only and emits one dataChanged
// per contiguous span of changed rows, or a reset when the universe changes. Filter changes emit
// row removals, insertions or a layout change (a reset only when the set changes otherwise).
// A filtered list can be reordered by dragging rows. GUI thread only.

#include "engine/desksnapshot.h"
#include "highlightrules.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

#include <optional>
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
        DirectionRole,    // int: +1 last above previous close, -1 below, 0 otherwise
        MatchedRulesRole, // QStringList: the highlight rules the row matches, first one paints
    };
    static constexpr const char *kSymbolsMimeType = "application/x-mag7-symbols";

    explicit QuoteBoardModel(QObject *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    // Shown rows (after the symbol filter).
    const engine::QuoteRow *rowAt(int row) const;
    int rowOfSymbol(const QString &symbol) const;
    QStringList shownSymbols() const;

    // Shows only `symbols`, in their order (symbols outside the universe are skipped until they
    // appear); std::nullopt shows the whole universe.
    void setSymbolFilter(std::optional<QStringList> symbols);
    const std::optional<QStringList> &symbolFilter() const { return m_filter; }

    // The universe: every row of the latest snapshot, shown or not.
    bool inUniverse(const QString &symbol) const { return m_indexOfSymbol.contains(symbol); }
    const std::vector<engine::QuoteRow> &universe() const { return m_universe; }

    void setHighlightRules(std::vector<HighlightRule> rules);
    const HighlightRuleSet &highlightRules() const { return m_rules; }
    // Indices into highlightRules().rules() that shown row `row` matches.
    const std::vector<int> &matchedRules(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // Dragging rows of a watchlist reorders it (drops insert before the row they land on).
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    static QString columnTitle(Column column);
    static QString columnToolTip(Column column);

Q_SIGNALS:
    // The set of universe rows changed (symbols or names to complete over).
    void universeChanged();
    // A drag reordered the filtered rows; `order` is the new symbol filter.
    void symbolsReordered(const QStringList &order);

private:
    QVariant displayValue(const engine::QuoteRow &row, int column) const;
    QVariant sortValue(const engine::QuoteRow &row, int column) const;
    QString toolTip(int shownRow, int column) const;
    std::vector<int> filteredRows() const;
    void showRows(std::vector<int> rows);
    void matchRules(std::size_t universeRow);

    std::vector<engine::QuoteRow> m_universe;
    QHash<QString, int> m_indexOfSymbol;
    std::vector<std::vector<int>> m_matches; // per universe row: matching rule indices
    std::vector<char> m_changed;             // per universe row, scratch for setSnapshot
    std::vector<int> m_shown;                // universe row of each shown row
    std::optional<QStringList> m_filter;
    HighlightRuleSet m_rules;
};

} // namespace mag7::widgets
