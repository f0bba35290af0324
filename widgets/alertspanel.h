#pragma once
// AlertsPanel: the desk's alerts. New playbook signals that happen live (within two minutes of
// the market clock; not the ones replayed while the desk catches up with the day) are stored and
// raised through the AlertCenter, which applies the cool-down and pushes to the webhook; each
// delivered alert appears at the top of the list, beeps and shows a desktop notification when
// the system has a tray. A double-click sends the alert's symbol to the link group.
// GUI thread only.

#include "engine/desksnapshot.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QSystemTrayIcon;

namespace mag7::alerts {
class AlertCenter;
struct Alert;
} // namespace mag7::alerts

namespace mag7::widgets {

class AlertsPanel final : public QWidget {
    Q_OBJECT
public:
    // `center` must outlive the panel; the panel drives its clock with the market time.
    explicit AlertsPanel(alerts::AlertCenter &center, QWidget *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    QListWidget *list() const { return m_list; }
    QLabel *summary() const { return m_summary; }

Q_SIGNALS:
    void symbolChanged(const QString &symbol);

private:
    void show(const alerts::Alert &alert);
    void refreshSummary();

    alerts::AlertCenter &m_center;
    QListWidget *m_list;
    QLabel *m_summary;
    QSystemTrayIcon *m_tray = nullptr;
    Timestamp m_marketTime = 0;
    // The newest signal already handled (time, symbol, playbook).
    Timestamp m_lastTime = 0;
    std::string m_lastKey;
};

} // namespace mag7::widgets
