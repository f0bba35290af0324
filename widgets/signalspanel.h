#pragma once
// SignalsPanel: the Playbooks tab. The feed of the session's signals (newest first, each with
// its reason; the tooltip lists inputs and thresholds), the playbooks with their description and
// parameters, and each playbook's live state per symbol. GUI thread only.

#include "engine/desksnapshot.h"

#include <QWidget>

#include <memory>

class QTableView;
class QTreeWidget;
class QLabel;

namespace mag7::widgets {

class SignalFeedModel;

class SignalsPanel final : public QWidget {
    Q_OBJECT
public:
    explicit SignalsPanel(QWidget *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);

    SignalFeedModel *feed() const { return m_feed; }
    QTableView *feedView() const { return m_feedView; }
    QTreeWidget *playbooks() const { return m_playbooks; }

Q_SIGNALS:
    // A signal row was activated: its symbol (for the link group).
    void symbolChanged(const QString &symbol);

private:
    void refreshPlaybooks(const engine::SignalBoard &board);

    SignalFeedModel *m_feed;
    QTableView *m_feedView;
    QTreeWidget *m_playbooks;
    QLabel *m_summary;
    std::uint64_t m_revision = 0;
};

} // namespace mag7::widgets
