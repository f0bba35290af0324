// SignalsPanel and SignalFeedModel (offscreen): signals newest first with their reason, setup,
// confidence and colours, new signals inserted at the top without a reset, the playbooks with
// parameters and states; parameters edited in place with a bounded spin box that a new board
// revision does not destroy, the enabled check box, the chart at the selected signal; the model
// passes QAbstractItemModelTester.
#include "model/easterntime.h"
#include "signalchart.h"
#include "signalfeedmodel.h"
#include "signalspanel.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDoubleSpinBox>
#include <QItemSelectionModel>
#include <QPointer>
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

// A call butterfly 600/605/610 for 0.42 with a confidence of 0.72.
signals::Signal butterfly()
{
    signals::Signal s = makeSignal(30, "SPY", signals::SignalSide::Long);
    s.playbook = "fat-tail";
    s.structure = "call butterfly";
    const Date expiry = makeDate(2025, 1, 17);
    s.legs = {{1, false, expiry, OptionRight::Call, 600, 1.25},
              {-2, false, expiry, OptionRight::Call, 605, 0.60},
              {1, false, expiry, OptionRight::Call, 610, 0.37}};
    s.netPrice = 0.42;
    s.confidence = 0.72;
    return s;
}

std::shared_ptr<SignalBoard> board(int signalCount, std::uint64_t revision, double buffer = 0.1,
                                   bool enabled = true)
{
    auto b = std::make_shared<SignalBoard>();
    for (int i = 0; i < signalCount; ++i)
        b->signals.push_back(
            makeSignal(i, i % 2 ? "QQQ" : "SPY",
                       i % 2 ? signals::SignalSide::Short : signals::SignalSide::Long));
    b->playbooks.push_back(
        {"ny-orb", "opening range", {{"buffer", buffer, 0, 2, "the buffer"}}, enabled});
    b->playbooks.push_back(
        {"mag7", "the MAG7 playbook", {{"risk_dollars", 500, 1, 1000000, "risk per trade"}}, true});
    b->states.push_back({"ny-orb", "SPY", "watching 100 - 101"});
    b->revision = revision;
    return b;
}

} // namespace

class TestSignalsPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }

    void saysWhatAJumpSkipped()
    {
        widgets::SignalsPanel panel;
        engine::DeskSnapshot snapshot;
        snapshot.signalBoard = board(3, 1);
        panel.setSnapshot(snapshot);
        QVERIFY(panel.summaryText().startsWith(QStringLiteral("3 signal(s)")));
        QVERIFY(!panel.summaryText().contains(QStringLiteral("not evaluated")));
        // A replay jump from 09:40 to 10:20 ET: the playbooks did not run over that span.
        auto jumped = board(3, 2);
        jumped->unevaluatedFrom = *parseIsoTimestamp("2025-01-15T09:40:00-05:00");
        jumped->unevaluatedTo = *parseIsoTimestamp("2025-01-15T10:20:00-05:00");
        snapshot.signalBoard = jumped;
        panel.setSnapshot(snapshot);
        QVERIFY2(
            panel.summaryText().contains(QStringLiteral("not evaluated from 09:40 to 10:20 ET")),
            qPrintable(panel.summaryText()));
    }

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
        // Setup and confidence of an option signal; its legs in the tooltip.
        auto options = board(5, 3);
        options->signals.push_back(butterfly());
        model.setBoard(options);
        QCOMPARE(model.columnCount(), 10);
        QCOMPARE(model.headerData(SignalFeedModel::Setup, Qt::Horizontal).toString(),
                 QStringLiteral("Setup"));
        QCOMPARE(model.index(0, SignalFeedModel::Setup).data().toString(),
                 QStringLiteral("call butterfly 600/605/610 @ 0.42"));
        QCOMPARE(model.index(0, SignalFeedModel::Confidence).data().toString(),
                 QStringLiteral("72%"));
        QCOMPARE(model.index(1, SignalFeedModel::Setup).data().toString(), QString());
        QCOMPARE(model.index(1, SignalFeedModel::Confidence).data().toString(), QString());
        const QString tip =
            model.index(0, SignalFeedModel::Reason).data(Qt::ToolTipRole).toString();
        QVERIFY(tip.contains(QStringLiteral("+1 2025-01-17 600 C @ 1.25")));
        QVERIFY(tip.contains(QStringLiteral("-2 2025-01-17 605 C @ 0.60")));
        QVERIFY(tip.contains(QStringLiteral("Confidence 72%")));
        QVERIFY(tip.contains(QStringLiteral("close = 130")));
        // A credit reads as such.
        signals::Signal condor = butterfly();
        condor.structure = "iron condor";
        condor.netPrice = -1.1;
        QCOMPARE(SignalFeedModel::setupText(condor),
                 QStringLiteral("iron condor 600/605/610 @ 1.10 cr"));

        // A different session: reset.
        auto other = board(1, 4);
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
        QCOMPARE(tree->topLevelItemCount(), 2);
        QTreeWidgetItem *orb = tree->topLevelItem(0);
        QCOMPARE(orb->text(SignalsPanel::NameColumn), QStringLiteral("ny-orb"));
        QCOMPARE(orb->checkState(SignalsPanel::NameColumn), Qt::Checked);
        QTreeWidgetItem *buffer = orb->child(0)->child(0);
        QCOMPARE(buffer, panel.parameterItem(QStringLiteral("ny-orb"), QStringLiteral("buffer")));
        QCOMPARE(buffer->text(SignalsPanel::NameColumn), QStringLiteral("buffer"));
        QCOMPARE(buffer->text(SignalsPanel::ValueColumn), QStringLiteral("0.10"));
        QCOMPARE(buffer->text(SignalsPanel::RangeColumn), QStringLiteral("[0, 2]"));
        QCOMPARE(buffer->text(SignalsPanel::DetailColumn), QStringLiteral("the buffer"));
        QTreeWidgetItem *risk =
            panel.parameterItem(QStringLiteral("mag7"), QStringLiteral("risk_dollars"));
        QVERIFY(risk);
        QCOMPARE(risk->text(SignalsPanel::ValueColumn), QStringLiteral("500"));
        QCOMPARE(risk->text(SignalsPanel::RangeColumn), QStringLiteral("[1, 1000000]"));
        QCOMPARE(orb->child(1)->text(SignalsPanel::NameColumn), QStringLiteral("SPY"));
        QCOMPARE(orb->child(1)->text(SignalsPanel::DetailColumn),
                 QStringLiteral("watching 100 - 101"));
        QSignalSpy picked(&panel, &SignalsPanel::symbolChanged);
        Q_EMIT panel.feedView()->activated(panel.feed()->index(0, 0));
        QCOMPARE(picked.first().first().toString(), QStringLiteral("SPY"));

        // A later board updates the rows in place.
        snapshot.signalBoard = board(3, 2, 0.25, false);
        panel.setSnapshot(snapshot);
        QCOMPARE(tree->topLevelItem(0), orb);
        QCOMPARE(orb->child(0)->child(0), buffer);
        QCOMPARE(buffer->text(SignalsPanel::ValueColumn), QStringLiteral("0.25"));
        QCOMPARE(orb->checkState(SignalsPanel::NameColumn), Qt::Unchecked);
    }

    void decimalsFitTheRange()
    {
        QCOMPARE(SignalsPanel::parameterDecimals(0, 2, 0.1), 2);
        QCOMPARE(SignalsPanel::parameterDecimals(0, 20, 1.5), 1);
        QCOMPARE(SignalsPanel::parameterDecimals(570, 959, 720), 0);
        QCOMPARE(SignalsPanel::parameterDecimals(1, 1000000, 500), 0);
        QCOMPARE(SignalsPanel::parameterDecimals(0.05, 0.95, 0.5), 3);
        QCOMPARE(SignalsPanel::parameterDecimals(0.001, 1, 0.04), 3);
        QCOMPARE(SignalsPanel::parameterDecimals(0, 100, 12.25), 2); // the value itself
    }

    void parameterEditedInPlace()
    {
        SignalsPanel panel;
        panel.resize(1100, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        engine::DeskSnapshot snapshot;
        snapshot.signalBoard = board(1, 1);
        panel.setSnapshot(snapshot);
        QTreeWidget *tree = panel.playbooks();
        QTreeWidgetItem *buffer =
            panel.parameterItem(QStringLiteral("ny-orb"), QStringLiteral("buffer"));
        tree->expandAll();
        tree->scrollToItem(buffer);
        QSignalSpy edited(&panel, &SignalsPanel::parameterEdited);

        // The name column is not editable; the value column opens a bounded spin box.
        tree->editItem(buffer, SignalsPanel::NameColumn);
        QVERIFY(!tree->findChild<QDoubleSpinBox *>());
        tree->editItem(buffer, SignalsPanel::ValueColumn);
        QPointer<QDoubleSpinBox> spin = tree->findChild<QDoubleSpinBox *>();
        QVERIFY(spin);
        QVERIFY(panel.isEditing());
        QCOMPARE(spin->minimum(), 0.0);
        QCOMPARE(spin->maximum(), 2.0);
        QCOMPARE(spin->decimals(), 2);
        QCOMPARE(spin->value(), 0.1);
        spin->setValue(5); // beyond the range: held at the maximum
        QCOMPARE(spin->value(), 2.0);
        spin->setValue(1.5);

        // A new board revision while the editor is open leaves the editor alone.
        snapshot.signalBoard = board(2, 2, 0.3);
        panel.setSnapshot(snapshot);
        QVERIFY(spin);
        QCOMPARE(tree->findChild<QDoubleSpinBox *>(), spin.data());
        QCOMPARE(spin->value(), 1.5);
        QCOMPARE(panel.feed()->rowCount(), 2); // the feed is not held back

        // Enter commits (queued by the delegate): the edit is emitted and shown at once.
        QTest::keyClick(spin, Qt::Key_Return);
        QTRY_COMPARE(edited.count(), 1);
        QCOMPARE(edited.first().at(0).toString(), QStringLiteral("ny-orb"));
        QCOMPARE(edited.first().at(1).toString(), QStringLiteral("buffer"));
        QCOMPARE(edited.first().at(2).toDouble(), 1.5);
        QCOMPARE(buffer->text(SignalsPanel::ValueColumn), QStringLiteral("1.50"));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QVERIFY(!spin);
        QVERIFY(!panel.isEditing());
        // Once the editor is gone, the board seen meanwhile is shown (the engine's 0.30).
        QTRY_COMPARE(buffer->text(SignalsPanel::ValueColumn), QStringLiteral("0.30"));

        // Unchanged value: nothing emitted.
        tree->editItem(buffer, SignalsPanel::ValueColumn);
        spin = tree->findChild<QDoubleSpinBox *>();
        QVERIFY(spin);
        QTest::keyClick(spin, Qt::Key_Return);
        QTRY_VERIFY(!panel.isEditing());
        QCOMPARE(edited.count(), 1);

        // A refused edit snaps back to the board's value.
        tree->editItem(buffer, SignalsPanel::ValueColumn);
        spin = tree->findChild<QDoubleSpinBox *>();
        spin->setValue(0.75);
        QTest::keyClick(spin, Qt::Key_Return);
        QTRY_COMPARE(edited.count(), 2);
        QCOMPARE(buffer->text(SignalsPanel::ValueColumn), QStringLiteral("0.75"));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        panel.discardEdits();
        QCOMPARE(buffer->text(SignalsPanel::ValueColumn), QStringLiteral("0.30"));
    }

    void enabledCheckBoxEmits()
    {
        SignalsPanel panel;
        engine::DeskSnapshot snapshot;
        snapshot.signalBoard = board(1, 1);
        panel.setSnapshot(snapshot);
        QSignalSpy enabled(&panel, &SignalsPanel::playbookEnabledChanged);
        QTreeWidgetItem *orb = panel.playbookItem(QStringLiteral("ny-orb"));
        QVERIFY(orb->flags() & Qt::ItemIsUserCheckable);
        orb->setCheckState(SignalsPanel::NameColumn, Qt::Unchecked);
        QCOMPARE(enabled.count(), 1);
        QCOMPARE(enabled.first().at(0).toString(), QStringLiteral("ny-orb"));
        QCOMPARE(enabled.first().at(1).toBool(), false);
        // The engine confirms: the refresh emits nothing.
        snapshot.signalBoard = board(1, 2, 0.1, false);
        panel.setSnapshot(snapshot);
        QCOMPARE(enabled.count(), 1);
        QCOMPARE(orb->checkState(SignalsPanel::NameColumn), Qt::Unchecked);
        QCOMPARE(orb->text(SignalsPanel::ValueColumn), QStringLiteral("off"));
        orb->setCheckState(SignalsPanel::NameColumn, Qt::Checked);
        QCOMPARE(enabled.count(), 2);
        QCOMPARE(enabled.last().at(1).toBool(), true);
        // Refused: back to the board's state, without another emission.
        panel.discardEdits();
        QCOMPARE(orb->checkState(SignalsPanel::NameColumn), Qt::Unchecked);
        QCOMPARE(enabled.count(), 2);
    }

    void selectedSignalIsCharted()
    {
        SignalsPanel panel;
        engine::DeskSnapshot snapshot;
        snapshot.signalBoard = board(2, 1);
        QVERIFY(panel.signalChart()->isEmptyState());
        QVERIFY(!panel.signalChart()->hasSignal());
        // The newest signal is shown, also when newer ones arrive...
        panel.setSnapshot(snapshot);
        QVERIFY(panel.signalChart()->title().startsWith(QStringLiteral("10:01 ny-orb short QQQ")));
        snapshot.signalBoard = board(3, 2);
        panel.setSnapshot(snapshot);
        QVERIFY(panel.signalChart()->title().startsWith(QStringLiteral("10:02 ny-orb long SPY")));
        // ...until the trader picks one.
        panel.feedView()->selectRow(2);
        QVERIFY(panel.signalChart()->title().startsWith(QStringLiteral("10:00 ny-orb long SPY")));
        snapshot.signalBoard = board(4, 3);
        panel.setSnapshot(snapshot);
        QVERIFY(panel.signalChart()->title().startsWith(QStringLiteral("10:00 ny-orb long SPY")));
        QCOMPARE(panel.feedView()->selectionModel()->selectedRows().front().row(), 3);
        panel.feedView()->selectRow(2);
        QVERIFY(panel.signalChart()->title().startsWith(QStringLiteral("10:01 ny-orb short QQQ")));
        panel.feedView()->selectRow(0);
        QVERIFY(panel.signalChart()->title().startsWith(QStringLiteral("10:03 ny-orb short QQQ")));
        // No bars in the snapshot: the chart says so.
        QVERIFY(panel.signalChart()->isEmptyState());
        QVERIFY(panel.signalChart()->emptyText().contains(QStringLiteral("QQQ")));
        panel.feedView()->selectionModel()->clearSelection();
        QVERIFY(!panel.signalChart()->hasSignal());
        QVERIFY(panel.signalChart()->isEmptyState());
    }
};

QTEST_MAIN(TestSignalsPanel)
#include "tst_signalspanel.moc"
