#include "model/marketclock.h"

#include <cmath>

namespace mag7 {

Timestamp WallClock::now() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

VirtualClock::VirtualClock(const MarketClock &reference, Timestamp start, double speed)
    : m_reference(reference)
    , m_anchorVirtual(start)
    , m_anchorReference(reference.now())
    , m_speed(speed > 0 ? speed : 1.0)
{}

Timestamp VirtualClock::nowLocked() const
{
    if (m_paused)
        return m_anchorVirtual;
    const double elapsed = static_cast<double>(m_reference.now() - m_anchorReference);
    return m_anchorVirtual + static_cast<Timestamp>(std::llround(elapsed * m_speed));
}

Timestamp VirtualClock::now() const
{
    std::lock_guard lock(m_mutex);
    return nowLocked();
}

void VirtualClock::setSpeed(double speed)
{
    std::lock_guard lock(m_mutex);
    if (!(speed > 0))
        return;
    m_anchorVirtual = nowLocked();
    m_anchorReference = m_reference.now();
    m_speed = speed;
}

double VirtualClock::speed() const
{
    std::lock_guard lock(m_mutex);
    return m_speed;
}

void VirtualClock::pause()
{
    std::lock_guard lock(m_mutex);
    if (m_paused)
        return;
    m_anchorVirtual = nowLocked();
    m_paused = true;
}

void VirtualClock::resume()
{
    std::lock_guard lock(m_mutex);
    if (!m_paused)
        return;
    m_anchorReference = m_reference.now();
    m_paused = false;
}

bool VirtualClock::isPaused() const
{
    std::lock_guard lock(m_mutex);
    return m_paused;
}

void VirtualClock::jumpTo(Timestamp virtualTime)
{
    std::lock_guard lock(m_mutex);
    m_anchorVirtual = virtualTime;
    m_anchorReference = m_reference.now();
}

} // namespace mag7
