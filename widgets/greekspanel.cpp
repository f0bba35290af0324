#include "greekspanel.h"

#include "greeksmodel.h"
#include "theme.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace mag7::widgets {

GreeksPanel::GreeksPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new GreeksModel(this))
    , m_title(new QLabel(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("GreeksPanel"));
    m_title->setObjectName(QStringLiteral("greeksTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setContentsMargins(6, 4, 6, 2);
    m_view->setObjectName(QStringLiteral("greeksView"));
    m_view->setModel(m_model);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addWidget(m_view, 1);
    refresh();
}

void GreeksPanel::setContract(InstrumentId contract)
{
    m_contract = contract;
    refresh();
}

void GreeksPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    if (snapshot.chains == m_chains)
        return; // no chain was recomputed
    m_chains = snapshot.chains;
    refresh();
}

void GreeksPanel::refresh()
{
    const engine::OptionRow *found = nullptr;
    const engine::ChainSnapshot *chain = nullptr;
    for (const auto &candidate : m_chains) {
        if (!candidate || m_contract == kInvalidInstrument)
            continue;
        for (const engine::OptionRow &row : candidate->options) {
            if (row.id == m_contract) {
                found = &row;
                chain = candidate.get();
                break;
            }
        }
        if (found)
            break;
    }
    if (!found) {
        m_model->setContract(std::nullopt);
        m_title->setText(m_contract == kInvalidInstrument
                             ? tr("Select a contract in the option chain")
                             : tr("Waiting for the contract's quote…"));
        return;
    }
    m_model->setContract(*found);
    const QString neutral = deskColors().neutral.name();
    const QString right = found->right == OptionRight::Call ? tr("Call") : tr("Put");
    const QString strike = formatStrike(found->strike);
    const QString occ =
        found->instrument ? QString::fromStdString(found->instrument->symbol) : QString();
    m_title->setText(
        QStringLiteral("<b>%1 %2 %3 %4</b><br><span style='color:%5'>%6 · spot %7 · bid %8 · "
                       "ask %9</span>")
            .arg(QString::fromStdString(chain->symbol),
                 QString::fromStdString(formatDate(found->expiry)), strike, right, neutral, occ,
                 formatFixed(chain->spot, 2),
                 found->bid > 0 ? formatFixed(toDouble(found->bid), 2) : QStringLiteral("—"),
                 found->ask > 0 ? formatFixed(toDouble(found->ask), 2) : QStringLiteral("—")));
}

} // namespace mag7::widgets
