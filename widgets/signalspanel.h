#pragma once
// SignalsPanel: the Playbooks tab. The feed of the session's signals (newest first, each with
// its setup, confidence and reason; the tooltip lists legs, inputs and thresholds); under it the
// chart at the selected signal (SignalChart; the newest one until the trader picks another)
// beside the playbooks: each with an enabled check
// box and its description, its parameters (value, range, description; the value is edited in
// place with a spin box bounded by the parameter's range) and its live state per symbol.
//
// Edits are requests: the panel emits parameterEdited / playbookEnabledChanged and shows the
// engine's values when the next board revision arrives (a refused value snaps back). The
// playbooks are refreshed in place, only on a new board revision and never while an editor is
// open (the revision seen meanwhile is applied when the editor closes). GUI thread only.

#include "engine/desksnapshot.h"

#include <QWidget>

#include <memory>

class QTableView;
class QTreeWidget;
class QTreeWidgetItem;
class QLabel;

namespace mag7::widgets {

class SignalChart;
class SignalFeedModel;
class ParameterDelegate;

class SignalsPanel final : public QWidget {
    Q_OBJECT
public:
    // Columns of the playbooks tree.
    enum PlaybookColumn { NameColumn, ValueColumn, RangeColumn, DetailColumn };

    explicit SignalsPanel(QWidget *parent = nullptr);
    ~SignalsPanel() override;

    void setSnapshot(const engine::DeskSnapshot &snapshot);

    SignalFeedModel *feed() const { return m_feed; }
    QTableView *feedView() const { return m_feedView; }
    QTreeWidget *playbooks() const { return m_playbooks; }
    SignalChart *signalChart() const { return m_chart; }
    // The line above the feed: how many signals, and after a replay jump the span not evaluated.
    QString summaryText() const;
    // The tree row of a playbook and of one of its parameters (null when unknown).
    QTreeWidgetItem *playbookItem(const QString &playbook) const;
    QTreeWidgetItem *parameterItem(const QString &playbook, const QString &parameter) const;
    bool isEditing() const;
    // Shows the board's values again, dropping the edits shown optimistically (after the
    // engine refused one).
    void discardEdits();

    // Decimals a parameter's value is shown and edited with: enough for about three significant
    // digits of its range, and for the value and bounds themselves (at most 6).
    static int parameterDecimals(double minimum, double maximum, double value);

Q_SIGNALS:
    // A signal row was activated: its symbol (for the link group).
    void symbolChanged(const QString &symbol);
    // The trader set a parameter (within its range) or switched a playbook on or off.
    void parameterEdited(const QString &playbook, const QString &parameter, double value);
    void playbookEnabledChanged(const QString &playbook, bool enabled);

private:
    void refreshPlaybooks(const engine::SignalBoard &board);
    void applyPendingBoard();
    void onItemChanged(QTreeWidgetItem *item, int column);
    void showSelectedSignal();

    SignalFeedModel *m_feed;
    QTableView *m_feedView;
    SignalChart *m_chart;
    QTreeWidget *m_playbooks;
    ParameterDelegate *m_delegate;
    QLabel *m_summary;
    std::uint64_t m_revision = 0;
    std::shared_ptr<const engine::SignalBoard> m_board;   // the latest board
    std::shared_ptr<const engine::SignalBoard> m_pending; // not shown yet (an editor was open)
    bool m_refreshing = false;
    bool m_followNewest = true; // until the trader selects a signal
    bool m_autoSelecting = false;
};

} // namespace mag7::widgets
