#include "signalspanel.h"

#include "signalfeedmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

namespace mag7::widgets {

SignalsPanel::SignalsPanel(QWidget *parent)
    : QWidget(parent)
    , m_feed(new SignalFeedModel(this))
    , m_feedView(new QTableView(this))
    , m_playbooks(new QTreeWidget(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("SignalsPanel"));
    m_feedView->setObjectName(QStringLiteral("signalFeed"));
    m_feedView->setModel(m_feed);
    m_feedView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_feedView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_feedView->verticalHeader()->hide();
    m_feedView->verticalHeader()->setDefaultSectionSize(20);
    m_feedView->horizontalHeader()->setStretchLastSection(true);
    m_feedView->setWordWrap(false);
    m_feedView->setColumnWidth(SignalFeedModel::Time, 96);
    m_feedView->setColumnWidth(SignalFeedModel::Symbol, 64);
    m_feedView->setColumnWidth(SignalFeedModel::Playbook, 92);
    m_feedView->setColumnWidth(SignalFeedModel::Side, 56);
    for (int c : {SignalFeedModel::Price, SignalFeedModel::Stop, SignalFeedModel::Target})
        m_feedView->setColumnWidth(c, 72);
    connect(m_feedView, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (const signals::Signal *signal = m_feed->signalAt(index.row()))
            Q_EMIT symbolChanged(QString::fromStdString(signal->symbol));
    });

    m_playbooks->setObjectName(QStringLiteral("playbookStates"));
    m_playbooks->setColumnCount(2);
    m_playbooks->setHeaderLabels({tr("Playbook / symbol"), tr("State / value")});
    m_playbooks->header()->setStretchLastSection(true);
    m_playbooks->setColumnWidth(0, 220);
    m_playbooks->setAlternatingRowColors(true);

    m_summary->setContentsMargins(6, 3, 6, 3);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_feedView);
    splitter->addWidget(m_playbooks);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    m_summary->setText(tr("Playbooks start with the first completed bars"));
}

void SignalsPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    if (!snapshot.signalBoard || snapshot.signalBoard->revision == m_revision)
        return;
    m_revision = snapshot.signalBoard->revision;
    m_feed->setBoard(snapshot.signalBoard);
    refreshPlaybooks(*snapshot.signalBoard);
    m_summary->setText(tr("%n signal(s) this session from %1 playbooks — double-click a signal "
                          "to follow its symbol; hover for its inputs and thresholds",
                          nullptr, static_cast<int>(snapshot.signalBoard->signals.size()))
                           .arg(snapshot.signalBoard->playbooks.size()));
}

void SignalsPanel::refreshPlaybooks(const engine::SignalBoard &board)
{
    // Expanded state survives updates.
    std::map<QString, bool> expanded;
    for (int i = 0; i < m_playbooks->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_playbooks->topLevelItem(i);
        expanded[item->text(0)] = item->isExpanded();
    }
    m_playbooks->clear();
    for (const auto &playbook : board.playbooks) {
        const QString name = QString::fromStdString(playbook.name);
        auto *item =
            new QTreeWidgetItem(m_playbooks, {name, QString::fromStdString(playbook.description)});
        item->setToolTip(1, QString::fromStdString(playbook.description));
        auto *parameters = new QTreeWidgetItem(item, {tr("parameters")});
        for (const auto &p : playbook.parameters) {
            auto *row =
                new QTreeWidgetItem(parameters, {QString::fromStdString(p.name),
                                                 QStringLiteral("%1   [%2, %3]  %4")
                                                     .arg(QString::number(p.value, 'g', 6),
                                                          QString::number(p.minimum, 'g', 6),
                                                          QString::number(p.maximum, 'g', 6),
                                                          QString::fromStdString(p.description))});
            row->setToolTip(1, QString::fromStdString(p.description));
        }
        for (const auto &state : board.states) {
            if (state.playbook == playbook.name)
                new QTreeWidgetItem(item, {QString::fromStdString(state.symbol),
                                           QString::fromStdString(state.state)});
        }
        const auto it = expanded.find(name);
        item->setExpanded(it == expanded.end() || it->second);
    }
}

} // namespace mag7::widgets
