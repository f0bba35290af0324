#pragma once
// SnapshotPump: pulls the engine's latest snapshot on a GUI-thread timer (30-60 Hz) and hands it
// to the panels when it changed. The only bridge between the engine threads and the widgets.

#include "engine/desksnapshot.h"

#include <QObject>

#include <functional>
#include <memory>

class QTimer;

namespace mag7::widgets {

class SnapshotPump final : public QObject {
    Q_OBJECT
public:
    using Source = std::function<std::shared_ptr<const engine::DeskSnapshot>()>;
    SnapshotPump(Source source, int intervalMs, QObject *parent = nullptr);

    void start();
    void stop();
    // Polls once now (also used by tests).
    void poll();
    std::shared_ptr<const engine::DeskSnapshot> latest() const { return m_latest; }

Q_SIGNALS:
    void snapshotChanged(const std::shared_ptr<const engine::DeskSnapshot> &snapshot);

private:
    Source m_source;
    QTimer *m_timer;
    std::shared_ptr<const engine::DeskSnapshot> m_latest;
};

} // namespace mag7::widgets
