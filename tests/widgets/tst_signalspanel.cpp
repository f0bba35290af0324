// SignalsPanel and SignalFeedModel (offscreen): signals newest first with their reason and
// colours, new signals inserted at the top without a reset, the playbooks with parameters and
// states, and the model passes QAbstractItemModelTester.
#include "model/easterntime.h"
#include "signalfeedmodel.h"
#include "signalspanel.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::SignalFeedModel;
using mag7::widgets::SignalsPanel;

namespace {

signals::Signal makeSignal(int minute, const char *symbol, signals::SignalSide side)
{
    signals::Signal s;
    s.time = *parseIsoTimestamp("2025-01-15T10:00:00-05:00") + minute * kNanosPerMinute;
    s.symbol = symbol;
    s.playbook = "ny-orb";
    s.side = side;
    s.reason = std::string("reason ") + std::to_string(minute);
    s.price = 100 + minute;
    s.stop = 99;
    s.inputs = {{"close", 100.0 + minute}};
    s.thresholds = {{"buffer", 0.1}};
    return s;
}

std::shared_ptr<SignalBoard> board(int signalCount, std::uint64_t revision)
{
    auto b = std::make_shared<SignalBoard>();
    for (int i = 0; i < signalCount; ++i)
        b->signals.push_back(
            makeSignal(i, i % 2 ? "QQQ" : "SPY",
                       i % 2 ? signals::SignalSide::Short : signals::SignalSide::Long));
    b->playbooks.push_back({"ny-orb", "opening range", {{"buffer", 0.1, 0, 2, "the buffer"}}});
    b->states.push_back({"ny-orb", "SPY", "watching 100 - 101"});
    b->revision = revision;
    return b;
}

} // namespace

class TestSignalsPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }

    void feedNewestFirst()
    {
        SignalFeedModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setBoard(board(2, 1));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, SignalFeedModel::Reason).data().toString(),
                 QStringLiteral("reason 1"));
        QCOMPARE(model.index(0, SignalFeedModel::Side).data().toString(), QStringLiteral("SHORT"));
        QCOMPARE(model.index(0, SignalFeedModel::Side).data(Qt::ForegroundRole).value<QColor>(),
                 widgets::deskColors().down);
        QCOMPARE(model.index(1, SignalFeedModel::Time).data().toString(),
                 QStringLiteral("Jan 15 10:00"));
        QVERIFY(model.index(0, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("buffer = 0.1")));

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setBoard(board(5, 2));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 2);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(model.index(0, SignalFeedModel::Reason).data().toString(),
                 QStringLiteral("reason 4"));
        // A different session: reset.
        auto other = board(1, 3);
        other->signals[0].symbol = "IWM";
        model.setBoard(other);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowCount(), 1);
    }

    void panelShowsPlaybooksAndStates()
    {
        SignalsPanel panel;
        engine::DeskSnapshot snapshot;
        snapshot.signalBoard = board(3, 1);
        panel.setSnapshot(snapshot);
        QCOMPARE(panel.feed()->rowCount(), 3);
        QTreeWidget *tree = panel.playbooks();
        QCOMPARE(tree->topLevelItemCount(), 1);
        QTreeWidgetItem *orb = tree->topLevelItem(0);
        QCOMPARE(orb->text(0), QStringLiteral("ny-orb"));
        QCOMPARE(orb->child(0)->child(0)->text(0), QStringLiteral("buffer"));
        QCOMPARE(orb->child(1)->text(1), QStringLiteral("watching 100 - 101"));
        QSignalSpy picked(&panel, &SignalsPanel::symbolChanged);
        Q_EMIT panel.feedView()->activated(panel.feed()->index(0, 0));
        QCOMPARE(picked.first().first().toString(), QStringLiteral("SPY"));
    }
};

QTEST_MAIN(TestSignalsPanel)
#include "tst_signalspanel.moc"
