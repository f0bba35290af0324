#include "snapshotpump.h"

#include <QTimer>

namespace mag7::widgets {

SnapshotPump::SnapshotPump(Source source, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(intervalMs);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &SnapshotPump::poll);
}

void SnapshotPump::start()
{
    m_timer->start();
}
void SnapshotPump::stop()
{
    m_timer->stop();
}

void SnapshotPump::poll()
{
    auto snapshot = m_source();
    if (!snapshot || snapshot == m_latest)
        return;
    m_latest = std::move(snapshot);
    Q_EMIT snapshotChanged(m_latest);
}

} // namespace mag7::widgets
