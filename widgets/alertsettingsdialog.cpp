#include "alertsettingsdialog.h"

#include "alerts/alertcenter.h"
#include "alerts/levelwatch.h"
#include "theme.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace mag7::widgets {

using signals::LevelKind;

namespace {

const QString kWebhookKey = QStringLiteral("alerts/webhookUrl");
const QString kCooldownKey = QStringLiteral("alerts/cooldownSeconds");
const QString kSoundKey = QStringLiteral("alerts/sound");
const QString kDesktopKey = QStringLiteral("alerts/desktop");
const QString kLevelKindsKey = QStringLiteral("alerts/levelKinds");
const QString kScannerHitsKey = QStringLiteral("alerts/scannerHits");
constexpr int kMaxCooldownSeconds = 24 * 3600;

std::vector<LevelKind> allKinds()
{
    std::vector<LevelKind> kinds;
    for (int k = 0; k <= static_cast<int>(LevelKind::DeltaCluster); ++k)
        kinds.push_back(static_cast<LevelKind>(k));
    return kinds;
}

QString kindName(LevelKind kind)
{
    return QString::fromLatin1(signals::levelName(kind));
}

} // namespace

AlertSettings::AlertSettings()
    : levelKinds(alerts::LevelWatch::defaultKinds())
{
    std::sort(levelKinds.begin(), levelKinds.end());
}

AlertSettings AlertSettings::load(const QSettings &settings)
{
    AlertSettings out;
    out.webhookUrl = settings.value(kWebhookKey).toString().trimmed();
    out.cooldownSeconds = std::clamp(settings.value(kCooldownKey, out.cooldownSeconds).toInt(), 0,
                                     kMaxCooldownSeconds);
    out.sound = settings.value(kSoundKey, out.sound).toBool();
    out.desktop = settings.value(kDesktopKey, out.desktop).toBool();
    out.scannerHits = settings.value(kScannerHitsKey, out.scannerHits).toBool();
    if (settings.contains(kLevelKindsKey)) {
        const QStringList names = settings.value(kLevelKindsKey).toStringList();
        out.levelKinds.clear();
        for (LevelKind kind : allKinds()) {
            if (names.contains(kindName(kind)))
                out.levelKinds.push_back(kind);
        }
    }
    return out;
}

void AlertSettings::save(QSettings &settings) const
{
    settings.setValue(kWebhookKey, webhookUrl);
    settings.setValue(kCooldownKey, cooldownSeconds);
    settings.setValue(kSoundKey, sound);
    settings.setValue(kDesktopKey, desktop);
    QStringList names;
    for (LevelKind kind : levelKinds)
        names << kindName(kind);
    settings.setValue(kLevelKindsKey, names);
    settings.setValue(kScannerHitsKey, scannerHits);
}

AlertSettingsDialog::AlertSettingsDialog(alerts::AlertCenter &center, const AlertSettings &settings,
                                         QWidget *parent)
    : QDialog(parent)
    , m_center(center)
    , m_webhook(new QLineEdit(this))
    , m_test(new QPushButton(tr("Send test"), this))
    , m_cooldown(new QSpinBox(this))
    , m_sound(new QCheckBox(tr("Beep"), this))
    , m_desktop(new QCheckBox(tr("Desktop notification"), this))
    , m_scannerHits(
          new QCheckBox(tr("Alert when a contract starts matching the scanner rule"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("AlertSettingsDialog"));
    setWindowTitle(tr("Alert settings"));
    if (m_center.webhook().isConfigured())
        m_original = m_center.webhook().config();

    m_webhook->setObjectName(QStringLiteral("webhookUrl"));
    m_webhook->setPlaceholderText(tr("https://… (empty: no webhook)"));
    m_webhook->setClearButtonEnabled(true);
    m_webhook->setText(settings.webhookUrl);
    m_webhook->setToolTip(tr("Every delivered alert is posted there as JSON (title, body, "
                             "symbol, inputs, time), with retries"));
    m_test->setObjectName(QStringLiteral("sendTestAlert"));
    m_test->setToolTip(tr("Raise a test alert now: the list, the beep, the notification and the "
                          "webhook typed here"));
    connect(m_test, &QPushButton::clicked, this, &AlertSettingsDialog::sendTest);
    auto *webhookRow = new QHBoxLayout;
    webhookRow->addWidget(m_webhook, 1);
    webhookRow->addWidget(m_test);

    m_cooldown->setObjectName(QStringLiteral("cooldownSeconds"));
    m_cooldown->setRange(0, kMaxCooldownSeconds);
    m_cooldown->setSuffix(tr(" s"));
    m_cooldown->setSpecialValueText(tr("off"));
    m_cooldown->setValue(settings.cooldownSeconds);
    m_cooldown->setToolTip(tr("The same alert (same rule, symbol and direction) is held back "
                              "for this long after it was delivered"));
    m_sound->setChecked(settings.sound);
    m_desktop->setChecked(settings.desktop);
    m_scannerHits->setObjectName(QStringLiteral("scannerHits"));
    m_scannerHits->setChecked(settings.scannerHits);
    auto *notify = new QHBoxLayout;
    notify->addWidget(m_sound);
    notify->addWidget(m_desktop);
    notify->addStretch(1);

    auto *form = new QFormLayout;
    form->addRow(tr("Webhook URL"), webhookRow);
    form->addRow(tr("Cool-down"), m_cooldown);
    form->addRow(tr("On an alert"), notify);

    // Level crossings by family, as the chart's Levels menu groups them.
    auto *levels = new QGroupBox(tr("Alert when the price crosses"), this);
    auto *grid = new QGridLayout(levels);
    const std::pair<QString, std::vector<LevelKind>> families[] = {
        {tr("Prior day"),
         {LevelKind::PriorHigh, LevelKind::PriorLow, LevelKind::PriorClose, LevelKind::ThreeDayHigh,
          LevelKind::ThreeDayLow}},
        {tr("Opening ranges"),
         {LevelKind::NyOpeningRangeHigh, LevelKind::NyOpeningRangeLow,
          LevelKind::LondonOpeningRangeHigh, LevelKind::LondonOpeningRangeLow}},
        {tr("Sessions"),
         {LevelKind::AsiaHigh, LevelKind::AsiaLow, LevelKind::LondonHigh, LevelKind::LondonLow,
          LevelKind::NyHigh, LevelKind::NyLow}},
        {tr("Swings"), {LevelKind::SwingHigh, LevelKind::SwingLow}},
        {tr("GEX"),
         {LevelKind::GexFlip, LevelKind::CallWall, LevelKind::PutWall, LevelKind::DeltaCluster}},
    };
    int row = 0;
    for (const auto &[family, kinds] : families) {
        grid->addWidget(new QLabel(family, levels), row, 0);
        int column = 1;
        for (LevelKind kind : kinds) {
            auto *box = new QCheckBox(kindName(kind), levels);
            box->setObjectName(QStringLiteral("level_%1").arg(static_cast<int>(kind)));
            box->setChecked(std::find(settings.levelKinds.begin(), settings.levelKinds.end(),
                                      kind) != settings.levelKinds.end());
            m_levelKinds[kind] = box;
            grid->addWidget(box, row, column++);
        }
        ++row;
    }
    levels->setToolTip(tr("Levels still being formed (an opening range or session under way) "
                          "are not watched"));

    m_message->setObjectName(QStringLiteral("alertSettingsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &AlertSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AlertSettingsDialog::reject);
    connect(&m_center, &alerts::AlertCenter::webhookFinished, this,
            [this](qint64, bool delivered, const QString &status) {
                showMessage(delivered ? tr("Webhook: delivered (%1)").arg(status)
                                      : tr("Webhook: not delivered (%1)").arg(status),
                            !delivered);
            });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(levels);
    layout->addWidget(m_scannerHits);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
}

QCheckBox *AlertSettingsDialog::levelKindBox(LevelKind kind) const
{
    const auto it = m_levelKinds.find(kind);
    return it == m_levelKinds.end() ? nullptr : it->second;
}

AlertSettings AlertSettingsDialog::settings() const
{
    AlertSettings out;
    out.webhookUrl = m_webhook->text().trimmed();
    out.cooldownSeconds = m_cooldown->value();
    out.sound = m_sound->isChecked();
    out.desktop = m_desktop->isChecked();
    out.scannerHits = m_scannerHits->isChecked();
    out.levelKinds.clear();
    for (const auto &[kind, box] : m_levelKinds) {
        if (box->isChecked())
            out.levelKinds.push_back(kind);
    }
    return out;
}

bool AlertSettingsDialog::applyWebhook()
{
    const QString url = m_webhook->text().trimmed();
    if (url.isEmpty()) {
        m_center.clearWebhook();
        return true;
    }
    alerts::WebhookConfig config = m_original.value_or(alerts::WebhookConfig{});
    config.url = QUrl(url, QUrl::StrictMode);
    if (const Status configured = m_center.setWebhook(config); !configured) {
        showMessage(tr("Not saved: %1").arg(QString::fromStdString(configured.message())), true);
        m_webhook->setFocus();
        m_webhook->selectAll();
        return false;
    }
    return true;
}

void AlertSettingsDialog::sendTest()
{
    if (!applyWebhook())
        return;
    alerts::Alert alert;
    alert.kind = alerts::AlertKind::Price;
    alert.title = tr("Test alert").toStdString();
    alert.body =
        tr("A test from the Mag7 Desk alert settings: alerts reach you here.").toStdString();
    // A key of its own each time: a second test is not held back by the cool-down.
    alert.key = "test|" + std::to_string(QDateTime::currentMSecsSinceEpoch()) + '|' +
                std::to_string(++m_tests);
    const alerts::Alert raised = m_center.raise(alert);
    showMessage(raised.suppressed                   ? tr("The test alert was held back")
                : m_center.webhook().isConfigured() ? tr("Test alert raised; posting it to the "
                                                         "webhook…")
                                                    : tr("Test alert raised (no webhook)"),
                false);
}

void AlertSettingsDialog::showMessage(const QString &text, bool problem)
{
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText,
                     problem ? deskColors().warning : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
    m_message->setText(text);
    m_message->show();
}

void AlertSettingsDialog::accept()
{
    if (!applyWebhook())
        return;
    QSettings store;
    settings().save(store);
    QDialog::accept();
}

void AlertSettingsDialog::reject()
{
    // A webhook tried with "Send test" is not kept.
    if (m_original) {
        (void)m_center.setWebhook(*m_original);
    } else {
        m_center.clearWebhook();
    }
    QDialog::reject();
}

} // namespace mag7::widgets
