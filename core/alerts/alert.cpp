#include "alerts/alert.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <cmath>

namespace mag7::alerts {

const char *alertKindName(AlertKind kind)
{
    switch (kind) {
    case AlertKind::Signal:
        return "signal";
    case AlertKind::Level:
        return "level";
    case AlertKind::Scan:
        return "scan";
    case AlertKind::Price:
        return "price";
    }
    return "signal";
}

std::string Alert::effectiveKey() const
{
    if (!key.empty())
        return key;
    return std::string(alertKindName(kind)) + "|" + symbol + "|" + title;
}

Alert alertFromSignal(const signals::Signal &signal)
{
    Alert alert;
    alert.time = signal.time;
    alert.kind = AlertKind::Signal;
    alert.symbol = signal.symbol;
    const std::string side = signals::signalSideName(signal.side);
    alert.title = signal.playbook + " " + side + " " + signal.symbol;
    alert.body = signal.reason;
    for (const auto &input : signal.inputs)
        alert.inputs.push_back({input.name, input.value});
    const std::pair<const char *, double> prices[] = {
        {"price", signal.price}, {"stop", signal.stop}, {"target", signal.target}};
    for (const auto &[name, value] : prices)
        if (std::isfinite(value))
            alert.inputs.push_back({name, value});
    for (const auto &threshold : signal.thresholds)
        alert.inputs.push_back({threshold.name, threshold.value});
    alert.key = "signal|" + signal.playbook + "|" + signal.symbol + "|" + side;
    return alert;
}

QByteArray alertJson(const Alert &alert)
{
    QJsonObject inputs;
    for (const auto &input : alert.inputs)
        inputs.insert(QString::fromStdString(input.name), std::isfinite(input.value)
                                                              ? QJsonValue(input.value)
                                                              : QJsonValue(QJsonValue::Null));
    const auto millis = alert.time / 1'000'000;
    QJsonObject object;
    object.insert(QStringLiteral("time"),
                  QDateTime::fromMSecsSinceEpoch(millis, Qt::UTC).toString(Qt::ISODateWithMs));
    object.insert(QStringLiteral("kind"), QString::fromLatin1(alertKindName(alert.kind)));
    object.insert(QStringLiteral("symbol"), QString::fromStdString(alert.symbol));
    object.insert(QStringLiteral("title"), QString::fromStdString(alert.title));
    object.insert(QStringLiteral("body"), QString::fromStdString(alert.body));
    object.insert(QStringLiteral("inputs"), inputs);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace mag7::alerts
