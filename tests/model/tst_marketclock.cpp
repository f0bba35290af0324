#include "model/marketclock.h"

#include <QTest>

using namespace mag7;

namespace {
// A reference clock the test moves by hand, so virtual time is exact.
class SteppedClock final : public MarketClock {
public:
    Timestamp now() const override { return m_now; }
    void advance(std::int64_t nanos) { m_now += nanos; }

private:
    Timestamp m_now = 1'000 * kNanosPerSecond;
};
} // namespace

class TestMarketClock : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void virtualTimeRunsAtSpeed();
    void pauseHoldsTime();
    void jumpAndSpeedChangeKeepContinuity();
    void manualClock();
};

void TestMarketClock::virtualTimeRunsAtSpeed()
{
    SteppedClock wall;
    VirtualClock clock(wall, 5'000 * kNanosPerSecond, 10.0);
    QCOMPARE(clock.now(), 5'000 * kNanosPerSecond);
    wall.advance(kNanosPerSecond);
    QCOMPARE(clock.now(), 5'010 * kNanosPerSecond);
}

void TestMarketClock::pauseHoldsTime()
{
    SteppedClock wall;
    VirtualClock clock(wall, 0, 2.0);
    wall.advance(kNanosPerSecond);
    clock.pause();
    QVERIFY(clock.isPaused());
    wall.advance(10 * kNanosPerSecond);
    QCOMPARE(clock.now(), 2 * kNanosPerSecond);
    clock.resume();
    wall.advance(kNanosPerSecond);
    QCOMPARE(clock.now(), 4 * kNanosPerSecond);
}

void TestMarketClock::jumpAndSpeedChangeKeepContinuity()
{
    SteppedClock wall;
    VirtualClock clock(wall, 0, 1.0);
    wall.advance(3 * kNanosPerSecond);
    clock.setSpeed(100.0);
    QCOMPARE(clock.now(), 3 * kNanosPerSecond);
    wall.advance(kNanosPerSecond);
    QCOMPARE(clock.now(), 103 * kNanosPerSecond);
    clock.jumpTo(50 * kNanosPerSecond);
    QCOMPARE(clock.now(), 50 * kNanosPerSecond);
    clock.setSpeed(-1); // ignored
    QCOMPARE(clock.speed(), 100.0);
}

void TestMarketClock::manualClock()
{
    ManualClock clock(10);
    clock.advance(5);
    QCOMPARE(clock.now(), 15);
    clock.set(3);
    QCOMPARE(clock.now(), 3);
}

QTEST_GUILESS_MAIN(TestMarketClock)
#include "tst_marketclock.moc"
