// LevelWatch: crossings of the watched levels in either direction, once per crossing, never
// from the first price of a symbol, never of a level still forming or of a kind switched off.
// ScanHitWatch: only contracts that start matching are news; a new rule resets the reference.
#include "alerts/levelwatch.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::alerts;
using signals::Level;
using signals::LevelKind;

namespace {

std::vector<Level> spyLevels()
{
    std::vector<Level> levels;
    levels.push_back({LevelKind::PriorLow, 585.00, 1, true});
    levels.push_back({LevelKind::NyOpeningRangeLow, 588.40, 2, true});
    levels.push_back({LevelKind::SwingHigh, 590.00, 3, true});
    levels.push_back({LevelKind::NyHigh, 590.50, 4, false}); // session under way
    levels.push_back({LevelKind::PriorHigh, 591.20, 5, true});
    return levels;
}

} // namespace

class TestLevelWatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstPriceOnlySetsTheReference()
    {
        LevelWatch watch;
        watch.setKinds(LevelWatch::defaultKinds());
        QVERIFY(watch.update("SPY", 592.0, spyLevels(), 10).empty());
    }

    void crossingAboveAndBelow()
    {
        LevelWatch watch;
        watch.setKinds(LevelWatch::defaultKinds());
        const auto levels = spyLevels();
        QVERIFY(watch.update("SPY", 591.00, levels, 10).empty());
        auto alerts = watch.update("SPY", 591.35, levels, 20);
        QCOMPARE(alerts.size(), std::size_t(1));
        QCOMPARE(alerts[0].kind, AlertKind::Level);
        QCOMPARE(alerts[0].time, Timestamp(20));
        QCOMPARE(alerts[0].symbol, std::string("SPY"));
        QCOMPARE(alerts[0].body, std::string("SPY crossed above PDH 591.20 (591.00 -> 591.35)"));
        QCOMPARE(alerts[0].key, std::string("level|SPY|PDH|above"));
        QCOMPARE(alerts[0].inputs.front().value, 591.20);

        // Staying above: nothing. Falling back through: one "below" alert.
        QVERIFY(watch.update("SPY", 591.60, levels, 30).empty());
        alerts = watch.update("SPY", 591.10, levels, 40);
        QCOMPARE(alerts.size(), std::size_t(1));
        QCOMPARE(alerts[0].key, std::string("level|SPY|PDH|below"));
    }

    void touchingTheLevelCounts()
    {
        LevelWatch watch;
        watch.setKinds(LevelWatch::defaultKinds());
        const auto levels = spyLevels();
        watch.update("SPY", 586.0, levels, 1);
        QCOMPARE(watch.update("SPY", 585.0, levels, 2).size(), std::size_t(1));
        // From exactly on the level further down: it was already reported.
        QVERIFY(watch.update("SPY", 584.5, levels, 3).empty());
    }

    void aGapThroughSeveralLevelsReportsEach()
    {
        LevelWatch watch;
        watch.setKinds(LevelWatch::defaultKinds());
        const auto levels = spyLevels();
        watch.update("SPY", 584.0, levels, 1);
        const auto alerts = watch.update("SPY", 592.0, levels, 2);
        // PDL and NY ORL and PDH are watched by default; the swing high is not, NY H is forming.
        QCOMPARE(alerts.size(), std::size_t(3));
        QCOMPARE(alerts[0].key, std::string("level|SPY|PDL|above"));
        QCOMPARE(alerts[1].key, std::string("level|SPY|NY ORL|above"));
        QCOMPARE(alerts[2].key, std::string("level|SPY|PDH|above"));
    }

    void kindsSwitchedOffAreIgnored()
    {
        LevelWatch watch;
        const LevelKind swings[] = {LevelKind::SwingHigh};
        watch.setKinds(swings);
        const auto levels = spyLevels();
        watch.update("SPY", 589.0, levels, 1);
        const auto alerts = watch.update("SPY", 592.0, levels, 2);
        QCOMPARE(alerts.size(), std::size_t(1));
        QCOMPARE(alerts[0].key, std::string("level|SPY|Swing H|above"));
    }

    void symbolsAreIndependentAndBadPricesIgnored()
    {
        LevelWatch watch;
        watch.setKinds(LevelWatch::defaultKinds());
        const auto levels = spyLevels();
        watch.update("SPY", 591.0, levels, 1);
        QVERIFY(watch.update("QQQ", 592.0, levels, 2).empty()); // QQQ's first price
        QVERIFY(watch.update("SPY", std::nan(""), levels, 3).empty());
        QVERIFY(watch.update("SPY", -1.0, levels, 4).empty());
        // The bad prices did not replace the reference: 591.0 -> 591.3 crosses PDH.
        QCOMPARE(watch.update("SPY", 591.3, levels, 5).size(), std::size_t(1));
    }

    void scanHitsOnlyWhenNew()
    {
        ScanHitWatch watch;
        const std::string rule = "ivr > 50 and dte <= 7";
        std::vector<ScanHit> hits = {{"SPY 2025-01-17 590 C", "SPY", {{"ivr", 55}}},
                                     {"SPY 2025-01-17 585 P", "SPY", {{"ivr", 55}}}};
        QVERIFY(watch.update(rule, hits, 1).empty()); // reference
        QVERIFY(watch.update(rule, hits, 2).empty()); // unchanged
        hits.push_back({"NVDA 2025-01-17 140 C", "NVDA", {{"ivr", 61}}});
        auto alerts = watch.update(rule, hits, 3);
        QCOMPARE(alerts.size(), std::size_t(1));
        QCOMPARE(alerts[0].kind, AlertKind::Scan);
        QCOMPARE(alerts[0].symbol, std::string("NVDA"));
        QCOMPARE(alerts[0].key, std::string("scan|" + rule + "|NVDA 2025-01-17 140 C"));
        QCOMPARE(alerts[0].body,
                 std::string("NVDA 2025-01-17 140 C now matches \"ivr > 50 and dte <= 7\""));
        QCOMPARE(alerts[0].inputs.size(), std::size_t(1));

        // Leaving and coming back is news again.
        hits.pop_back();
        QVERIFY(watch.update(rule, hits, 4).empty());
        hits.push_back({"NVDA 2025-01-17 140 C", "NVDA", {}});
        QCOMPARE(watch.update(rule, hits, 5).size(), std::size_t(1));

        // A new rule resets the reference.
        hits.push_back({"TSLA 2025-01-17 400 P", "TSLA", {}});
        QVERIFY(watch.update("dte <= 7", hits, 6).empty());
    }
};

QTEST_APPLESS_MAIN(TestLevelWatch)
#include "tst_levelwatch.moc"
