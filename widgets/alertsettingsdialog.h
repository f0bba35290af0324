#pragma once
// Alert settings: the webhook URL (empty: no webhook), the cool-down between two deliveries of
// the same alert, sound and desktop notification on/off, the level kinds whose crossings alert
// (LevelWatch) and whether new scanner matches alert. Kept in QSettings under alerts/:
// webhookUrl, cooldownSeconds (300), sound (true), desktop (true), levelKinds (the levelName()
// texts; default LevelWatch::defaultKinds()) and scannerHits (true).
//
// AlertSettingsDialog edits them. OK checks the webhook URL with the AlertCenter (which takes it
// on when valid): an invalid one keeps the dialog open with the reason and nothing is saved.
// "Send test" raises a test alert through the AlertCenter, with the webhook typed in the dialog;
// Cancel puts the webhook the dialog found back. GUI thread only.

#include "alerts/webhooksender.h"
#include "signals/levels.h"

#include <QDialog>

#include <map>
#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSettings;
class QSpinBox;

namespace mag7::alerts {
class AlertCenter;
}

namespace mag7::widgets {

struct AlertSettings {
    QString webhookUrl;
    int cooldownSeconds = 300;
    bool sound = true;
    bool desktop = true;
    std::vector<signals::LevelKind> levelKinds; // ascending
    bool scannerHits = true;

    AlertSettings(); // the defaults
    // Missing keys keep their defaults; unknown level names are skipped.
    static AlertSettings load(const QSettings &settings);
    void save(QSettings &settings) const;
    bool operator==(const AlertSettings &) const = default;
};

class AlertSettingsDialog final : public QDialog {
    Q_OBJECT
public:
    // `center` must outlive the dialog.
    AlertSettingsDialog(alerts::AlertCenter &center, const AlertSettings &settings,
                        QWidget *parent = nullptr);

    // The settings as edited.
    AlertSettings settings() const;

    void accept() override;
    void reject() override;

    QLineEdit *webhookEdit() const { return m_webhook; }
    QSpinBox *cooldownBox() const { return m_cooldown; }
    QCheckBox *soundBox() const { return m_sound; }
    QCheckBox *desktopBox() const { return m_desktop; }
    QCheckBox *scannerHitsBox() const { return m_scannerHits; }
    QCheckBox *levelKindBox(signals::LevelKind kind) const;
    QPushButton *testButton() const { return m_test; }
    // The webhook's problem, or the test's outcome.
    QLabel *messageLabel() const { return m_message; }

private:
    // Configures the AlertCenter with the typed webhook (cleared when empty); false, with the
    // reason shown, when it refuses the URL.
    bool applyWebhook();
    void sendTest();
    void showMessage(const QString &text, bool problem);

    alerts::AlertCenter &m_center;
    std::optional<alerts::WebhookConfig> m_original; // the webhook before the dialog
    QLineEdit *m_webhook;
    QPushButton *m_test;
    QSpinBox *m_cooldown;
    QCheckBox *m_sound;
    QCheckBox *m_desktop;
    QCheckBox *m_scannerHits;
    std::map<signals::LevelKind, QCheckBox *> m_levelKinds;
    QLabel *m_message;
    int m_tests = 0;
};

} // namespace mag7::widgets
