#pragma once
// SignalFeedModel: the playbooks' signals of the session, newest first: time, symbol, playbook,
// side, price, stop, target, the setup (option structure with its strikes and net price: "call
// butterfly 600/605/610 @ 0.42", credits as "@ 1.10 cr"), the confidence (0-100%, where the
// playbook scores one, e.g. the ensemble) and the reason; the tooltip lists the legs, the inputs
// and the thresholds the signal used. Fed from the engine's SignalBoard; appends are inserted
// rows, not resets. GUI thread only.

#include "engine/desksnapshot.h"

#include <QAbstractTableModel>

#include <memory>

namespace mag7::widgets {

class SignalFeedModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Time,
        Symbol,
        Playbook,
        Side,
        Price,
        Stop,
        Target,
        Setup,
        Confidence,
        Reason,
        Count
    };

    explicit SignalFeedModel(QObject *parent = nullptr);

    void setBoard(std::shared_ptr<const engine::SignalBoard> board);
    const signals::Signal *signalAt(int row) const;
    // The Setup column's text of a signal ("" without a structure or legs).
    static QString setupText(const signals::Signal &signal);

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
