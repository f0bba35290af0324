// AlertSettingsDialog (offscreen): the settings' defaults and QSettings round trip; an invalid
// webhook URL is refused with the reason and nothing is saved; valid settings are saved and the
// webhook is configured; "Send test" raises a test alert through the AlertCenter; Cancel puts the
// webhook back.
#include "alerts/alertcenter.h"
#include "alerts/levelwatch.h"
#include "alertsettingsdialog.h"
#include "temporarysettings.h"
#include "theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace mag7;
using mag7::signals::LevelKind;
using mag7::widgets::AlertSettings;
using mag7::widgets::AlertSettingsDialog;

class TestAlertSettingsDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        useTemporarySettings(m_dir.path(), QStringLiteral("tst_alertsettingsdialog"));
        widgets::applyTheme(*qApp, widgets::ThemeKind::Dark);
    }
    void init() { QSettings().clear(); }

    void defaultsAndRoundTrip()
    {
        const AlertSettings defaults = AlertSettings::load(QSettings());
        QCOMPARE(defaults.webhookUrl, QString());
        QCOMPARE(defaults.cooldownSeconds, 300);
        QVERIFY(defaults.sound && defaults.desktop && defaults.scannerHits);
        auto kinds = alerts::LevelWatch::defaultKinds();
        std::sort(kinds.begin(), kinds.end());
        QVERIFY(defaults.levelKinds == kinds);

        AlertSettings custom;
        custom.webhookUrl = QStringLiteral("https://example.com/hook");
        custom.cooldownSeconds = 45;
        custom.sound = false;
        custom.levelKinds = {LevelKind::NyHigh, LevelKind::SwingLow};
        custom.scannerHits = false;
        {
            QSettings settings;
            custom.save(settings);
        }
        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("alerts/levelKinds")).toStringList(),
                 QStringList({QStringLiteral("NY H"), QStringLiteral("Swing L")}));
        QVERIFY(AlertSettings::load(settings) == custom);
        // Unknown level names (from another version) are skipped.
        settings.setValue(QStringLiteral("alerts/levelKinds"),
                          QStringList({QStringLiteral("PDH"), QStringLiteral("Moon")}));
        QVERIFY(AlertSettings::load(settings).levelKinds == std::vector{LevelKind::PriorHigh});
    }

    void invalidWebhookRefused()
    {
        alerts::AlertCenter center(nullptr);
        AlertSettingsDialog dialog(center, AlertSettings());
        QVERIFY(dialog.levelKindBox(LevelKind::PriorHigh)->isChecked());
        QVERIFY(!dialog.levelKindBox(LevelKind::SwingHigh)->isChecked());
        QCOMPARE(dialog.levelKindBox(LevelKind::NyOpeningRangeHigh)->text(),
                 QStringLiteral("NY ORH"));
        dialog.webhookEdit()->setText(QStringLiteral("ftp://example.com/hook"));
        dialog.cooldownBox()->setValue(60);
        dialog.open();
        dialog.accept();
        QVERIFY(dialog.isVisible()); // still open
        QCOMPARE(dialog.result(), 0);
        QVERIFY(!dialog.messageLabel()->isHidden());
        QVERIFY(dialog.messageLabel()->text().startsWith(QStringLiteral("Not saved: ")));
        QVERIFY(dialog.messageLabel()->text().contains(QStringLiteral("ftp://example.com/hook")));
        QVERIFY(!center.webhook().isConfigured());
        QVERIFY(QSettings().allKeys().isEmpty()); // nothing saved
        dialog.reject();
    }

    void validSettingsSaved()
    {
        alerts::AlertCenter center(nullptr);
        AlertSettingsDialog dialog(center, AlertSettings());
        dialog.webhookEdit()->setText(QStringLiteral("  https://hooks.example.com/desk  "));
        dialog.cooldownBox()->setValue(120);
        dialog.soundBox()->setChecked(false);
        dialog.desktopBox()->setChecked(false);
        dialog.scannerHitsBox()->setChecked(false);
        dialog.levelKindBox(LevelKind::PriorHigh)->setChecked(false);
        dialog.levelKindBox(LevelKind::SwingHigh)->setChecked(true);
        dialog.open();
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(center.webhook().isConfigured());
        QCOMPARE(center.webhook().config().url.toString(),
                 QStringLiteral("https://hooks.example.com/desk"));

        QSettings settings;
        QCOMPARE(settings.value(QStringLiteral("alerts/webhookUrl")).toString(),
                 QStringLiteral("https://hooks.example.com/desk"));
        QCOMPARE(settings.value(QStringLiteral("alerts/cooldownSeconds")).toInt(), 120);
        QCOMPARE(settings.value(QStringLiteral("alerts/sound")).toBool(), false);
        QCOMPARE(settings.value(QStringLiteral("alerts/desktop")).toBool(), false);
        QCOMPARE(settings.value(QStringLiteral("alerts/scannerHits")).toBool(), false);
        const QStringList kinds =
            settings.value(QStringLiteral("alerts/levelKinds")).toStringList();
        QVERIFY(!kinds.contains(QStringLiteral("PDH")));
        QVERIFY(kinds.contains(QStringLiteral("PDL")));
        QVERIFY(kinds.contains(QStringLiteral("Swing H")));
        QVERIFY(AlertSettings::load(settings) == dialog.settings());

        // An empty URL turns the webhook off.
        AlertSettingsDialog again(center, AlertSettings::load(settings));
        QCOMPARE(again.webhookEdit()->text(), QStringLiteral("https://hooks.example.com/desk"));
        again.webhookEdit()->clear();
        again.open();
        again.accept();
        QVERIFY(!center.webhook().isConfigured());
        QCOMPARE(QSettings().value(QStringLiteral("alerts/webhookUrl")).toString(), QString());
    }

    void sendTestAndCancel()
    {
        alerts::AlertCenter center(nullptr);
        QSignalSpy raised(&center, &alerts::AlertCenter::alertRaised);
        AlertSettingsDialog dialog(center, AlertSettings());
        dialog.testButton()->click();
        dialog.testButton()->click(); // not held back by the cool-down
        QCOMPARE(raised.count(), 2);
        const auto alert = raised.first().first().value<alerts::Alert>();
        QCOMPARE(alert.title, std::string("Test alert"));
        QVERIFY(dialog.messageLabel()->text().contains(QStringLiteral("no webhook")));

        // A bad URL: no test, the reason instead.
        dialog.webhookEdit()->setText(QStringLiteral("not a url"));
        dialog.testButton()->click();
        QCOMPARE(raised.count(), 2);
        QVERIFY(dialog.messageLabel()->text().startsWith(QStringLiteral("Not saved: ")));

        dialog.reject();

        // A test with another webhook, then Cancel: the webhook the dialog found is back.
        alerts::WebhookConfig original;
        original.url = QUrl(QStringLiteral("http://127.0.0.1:9/original"));
        QVERIFY(center.setWebhook(original).ok());
        AlertSettingsDialog other(center, AlertSettings());
        other.webhookEdit()->setText(QStringLiteral("http://127.0.0.1:9/other"));
        other.testButton()->click();
        QCOMPARE(raised.count(), 3);
        QCOMPARE(center.webhook().config().url.path(), QStringLiteral("/other"));
        QVERIFY(other.messageLabel()->text().contains(QStringLiteral("webhook")));
        other.open();
        other.reject();
        QCOMPARE(center.webhook().config().url.path(), QStringLiteral("/original"));
        QVERIFY(QSettings().allKeys().isEmpty());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestAlertSettingsDialog)
#include "tst_alertsettingsdialog.moc"
