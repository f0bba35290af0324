#pragma once
// An alert: something the trader asked to be told about (a playbook signal, a level touched, a
// scanner hit, a price crossing), with the numbers behind it. The AlertCenter decides whether it
// is delivered (cool-down and de-duplication by key); the UI shows, notifies and sounds it.

#include "model/timestamp.h"
#include "signals/playbook.h"

#include <QByteArray>
#include <QMetaType>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::alerts {

enum class AlertKind : std::uint8_t { Signal, Level, Scan, Price };
const char *alertKindName(AlertKind kind); // "signal", "level", "scan", "price"

struct AlertInput {
    std::string name;
    double value = 0; // NaN when unknown
    bool operator==(const AlertInput &) const = default;
};

struct Alert {
    std::int64_t id = 0; // desk database row id once stored, else 0
    Timestamp time = 0;  // when it happened; the AlertCenter stamps 0 with its clock
    AlertKind kind = AlertKind::Signal;
    std::string symbol;
    std::string title;
    std::string body; // the reason, one or two sentences with the numbers
    std::vector<AlertInput> inputs;
    // Alerts with the same key within the cool-down are duplicates; empty means
    // "<kind>|<symbol>|<title>".
    std::string key;
    bool suppressed = false; // set by the AlertCenter when the cool-down held it back

    std::string effectiveKey() const;
};

// A playbook signal as an alert: title "<playbook> <side> <symbol>", body the signal's reason,
// inputs the measured values then price, stop and target (when set) and the thresholds, key
// "signal|<playbook>|<symbol>|<side>".
Alert alertFromSignal(const signals::Signal &signal);

// The webhook body: {"body","inputs":{name: value},"kind","symbol","time","title"} as compact
// JSON, time in ISO 8601 UTC with milliseconds, unknown input values as null.
QByteArray alertJson(const Alert &alert);

} // namespace mag7::alerts

Q_DECLARE_METATYPE(mag7::alerts::Alert)
