// QuoteBoardPanel (offscreen): columns hide and show (the symbol always shows) and the choice
// survives saveState/restoreState; moving through the rows names the symbol, Enter opens it.
#include "quoteboardmodel.h"
#include "quoteboardpanel.h"
#include "theme.h"

#include <QApplication>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::QuoteBoardModel;
using mag7::widgets::QuoteBoardPanel;

namespace {
DeskSnapshot snapshot()
{
    DeskSnapshot s;
    for (const char *symbol : {"AAPL", "MSFT", "SPY"}) {
        QuoteRow row;
        row.id = static_cast<InstrumentId>(s.quotes.size());
        row.symbol = symbol;
        row.bid = toPrice(100);
        row.ask = toPrice(100.01);
        row.revision = 1;
        s.quotes.push_back(row);
    }
    return s;
}
} // namespace

class TestQuoteBoardPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }
    void columnsHideShowAndPersist();
    void rowsNameTheirSymbol();
};

void TestQuoteBoardPanel::columnsHideShowAndPersist()
{
    QByteArray state;
    {
        QuoteBoardPanel panel;
        panel.setSnapshot(snapshot());
        QVERIFY(panel.isColumnVisible(QuoteBoardModel::IvRank));
        panel.setColumnVisible(QuoteBoardModel::IvRank, false);
        panel.setColumnVisible(QuoteBoardModel::Symbol, false); // refused
        QVERIFY(!panel.isColumnVisible(QuoteBoardModel::IvRank));
        QVERIFY(panel.isColumnVisible(QuoteBoardModel::Symbol));
        state = panel.saveState();
    }
    QuoteBoardPanel restored;
    restored.setSnapshot(snapshot());
    QVERIFY(restored.restoreState(state));
    QVERIFY(!restored.isColumnVisible(QuoteBoardModel::IvRank));
    QVERIFY(restored.isColumnVisible(QuoteBoardModel::AtmIv));
    restored.setColumnVisible(QuoteBoardModel::IvRank, true);
    QVERIFY(restored.isColumnVisible(QuoteBoardModel::IvRank));
}

void TestQuoteBoardPanel::rowsNameTheirSymbol()
{
    QuoteBoardPanel panel;
    panel.resize(1200, 400);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setSnapshot(snapshot());
    QSignalSpy selected(&panel, &QuoteBoardPanel::symbolSelected);
    QTableView *view = panel.view();
    view->setFocus();
    view->setCurrentIndex(view->model()->index(1, 0));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).toString(), QStringLiteral("MSFT"));
    QCOMPARE(selected.at(0).at(1).toBool(), false);
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(selected.last().at(0).toString(), QStringLiteral("SPY"));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(selected.last().at(0).toString(), QStringLiteral("SPY"));
    QCOMPARE(selected.last().at(1).toBool(), true);
}

QTEST_MAIN(TestQuoteBoardPanel)
#include "tst_quoteboardpanel.moc"
