#pragma once
// GreeksPanel: the price and every Greek of the contract selected in the option chain, first and
// second order, per share and per contract, with units; it follows the contract through later
// snapshots. GUI thread only.

#include "engine/desksnapshot.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace mag7::widgets {

class GreeksModel;

class GreeksPanel final : public QWidget {
    Q_OBJECT
public:
    explicit GreeksPanel(QWidget *parent = nullptr);

    // Shows the contract with this id (looked up in the latest snapshot's chains).
    void setContract(InstrumentId contract);
    InstrumentId contract() const { return m_contract; }
    void setSnapshot(const engine::DeskSnapshot &snapshot);

    GreeksModel *model() const { return m_model; }
    QLabel *titleLabel() const { return m_title; }

private:
    void refresh();

    GreeksModel *m_model;
    QLabel *m_title;
    QTableView *m_view;
    InstrumentId m_contract = kInvalidInstrument;
    std::vector<std::shared_ptr<const engine::ChainSnapshot>> m_chains;
};

} // namespace mag7::widgets
