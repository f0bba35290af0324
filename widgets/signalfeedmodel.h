#pragma once
// SignalFeedModel: the playbooks' signals of the session, newest first: time, symbol, playbook,
// side, price, stop, target and the reason; the tooltip lists the inputs and thresholds the
// signal used. Fed from the engine's SignalBoard; appends are inserted rows, not resets.
// GUI thread only.

#include "engine/desksnapshot.h"

#include <QAbstractTableModel>

#include <memory>

namespace mag7::widgets {

class SignalFeedModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Symbol, Playbook, Side, Price, Stop, Target, Reason, Count };

    explicit SignalFeedModel(QObject *parent = nullptr);

    void setBoard(std::shared_ptr<const engine::SignalBoard> board);
    const signals::Signal *signalAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const engine::SignalBoard> m_board;
    std::vector<const signals::Signal *> m_rows; // newest first
};

} // namespace mag7::widgets
