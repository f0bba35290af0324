#pragma once
// ScanResultsModel: the contracts a scanner rule matched: underlying, expiry, DTE, type, strike,
// bid, ask, IV, delta, volume and open interest. A rescan that matches the same contracts
// updates their cells in place; a different set resets. GUI thread only.

#include "engine/scanner.h"

#include <QAbstractTableModel>

namespace mag7::widgets {

class ScanResultsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Symbol,
        Expiry,
        Dte,
        Type,
        Strike,
        Bid,
        Ask,
        Iv,
        Delta,
        Volume,
        OpenInterest,
        Count
    };

    explicit ScanResultsModel(QObject *parent = nullptr);

    void setHits(std::vector<engine::ScanHit> hits);
    const engine::ScanHit *hitAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<engine::ScanHit> m_hits;
};

} // namespace mag7::widgets
