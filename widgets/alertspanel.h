#pragma once
// AlertsPanel: the desk's alerts. Raised through the AlertCenter, which applies the cool-down
// and pushes to the webhook:
//   - new playbook signals that happen live (within two minutes of the market clock; not the
//     ones replayed while the desk catches up with the day), stored with their inputs;
//   - level crossings: every snapshot feeds each quote's last price and its chart's session
//     levels to a LevelWatch (the kinds chosen in the settings); crossings alert only while the
//     feed is live, not while the desk catches up;
//   - scanner hits: each scan (onScan) feeds a ScanHitWatch; contracts that start matching the
//     rule alert, while the feed is live and when scanner-hit alerts are on.
// Each delivered alert appears at the top of the list, beeps and shows a desktop notification
// (when the system has a tray), each as the settings say. "Alert settings…" opens the
// AlertSettingsDialog; the settings come from QSettings at start. A double-click sends the
// alert's symbol to the link group. GUI thread only.

#include "alerts/levelwatch.h"
#include "alertsettingsdialog.h"
#include "engine/desksnapshot.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
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
    // Applies alert settings: cool-down, webhook (a refused URL is logged and shown, and the
    // webhook is off), sound, desktop notifications, watched level kinds, scanner hits.
    void applySettings(const AlertSettings &settings);
    const AlertSettings &settings() const { return m_settings; }
    // Opens the AlertSettingsDialog; applies what it saved.
    void editSettings();

    QListWidget *list() const { return m_list; }
    QLabel *summary() const { return m_summary; }
    QPushButton *settingsButton() const { return m_settingsButton; }

public Q_SLOTS:
    // The scanner's matches after a scan of `rule`.
    void onScan(const QString &rule, const std::vector<alerts::ScanHit> &hits);

Q_SIGNALS:
    void symbolChanged(const QString &symbol);

private:
    void show(const alerts::Alert &alert);
    void refreshSummary();
    void raiseLevelCrossings(const engine::DeskSnapshot &snapshot);

    alerts::AlertCenter &m_center;
    QListWidget *m_list;
    QLabel *m_summary;
    QPushButton *m_settingsButton;
    QSystemTrayIcon *m_tray = nullptr;
    AlertSettings m_settings;
    QString m_settingsProblem; // a refused webhook URL
    alerts::LevelWatch m_levelWatch;
    alerts::ScanHitWatch m_scanWatch;
    bool m_live = false; // the feed is live (not starting or catching up)
    Timestamp m_marketTime = 0;
    // The newest signal already handled (time, symbol, playbook).
    Timestamp m_lastTime = 0;
    std::string m_lastKey;
};

} // namespace mag7::widgets
