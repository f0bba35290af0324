// QuoteBoardPanel (offscreen): columns hide and show (the symbol always shows) and the choice
// survives saveState/restoreState; moving through the rows names the symbol, Enter opens it;
// watchlists filter the board, take symbols of the universe only, lose rows with Delete,
// reorder with Ctrl+Up/Down and persist with the rules and the link group (old header-only
// states still restore); the symbol entry selects rows and starts from a letter typed on the
// board.
#include "linkgroups.h"
#include "quoteboardmodel.h"
#include "quoteboardpanel.h"
#include "symbolentry.h"
#include "theme.h"
#include "watchlists.h"

#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::QuoteBoardModel;
using mag7::widgets::QuoteBoardPanel;
using mag7::widgets::SymbolEntry;
using mag7::widgets::Watchlists;

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
    void watchlistsFilterTheBoard();
    void addingRefusesUnknownSymbols();
    void keyboardEditsTheList();
    void listsRulesAndLinkPersist();
    void oldHeaderStateStillRestores();
    void symbolEntrySelectsRows();
    void linkedSymbolSelectsSilently();

private:
    static DeskSnapshot universe();
    static void showActive(QuoteBoardPanel &panel);
    static QStringList rows(const QuoteBoardPanel &panel);
};

DeskSnapshot TestQuoteBoardPanel::universe()
{
    DeskSnapshot s;
    for (const char *symbol : {"AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "TSLA", "META", "SPY",
                               "QQQ", "IWM", "VIX", "/ES", "/NQ"}) {
        QuoteRow row;
        row.id = static_cast<InstrumentId>(s.quotes.size());
        row.symbol = symbol;
        row.name = std::string(symbol) + " name";
        row.bid = toPrice(100 + static_cast<double>(s.quotes.size()));
        row.ask = row.bid + kCent;
        row.revision = 1;
        s.quotes.push_back(row);
    }
    return s;
}

void TestQuoteBoardPanel::showActive(QuoteBoardPanel &panel)
{
    panel.resize(1200, 400);
    panel.show();
    QApplication::setActiveWindow(&panel);
    QVERIFY(QTest::qWaitForWindowActive(&panel));
    panel.setSnapshot(universe());
    panel.view()->setFocus();
}

// The symbols in the order the board shows them (after sorting).
QStringList TestQuoteBoardPanel::rows(const QuoteBoardPanel &panel)
{
    QStringList symbols;
    const QAbstractItemModel *model = panel.view()->model();
    for (int r = 0; r < model->rowCount(); ++r)
        symbols << model->index(r, QuoteBoardModel::Symbol).data().toString();
    return symbols;
}

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

void TestQuoteBoardPanel::watchlistsFilterTheBoard()
{
    QuoteBoardPanel panel;
    panel.setSnapshot(universe());
    QComboBox *selector = panel.watchlistSelector();
    QCOMPARE(selector->count(), 3);
    QCOMPARE(selector->itemText(0), Watchlists::allName());
    QCOMPARE(selector->itemText(1), QStringLiteral("Mag 7"));
    QCOMPARE(selector->itemText(2), QStringLiteral("Index"));
    QCOMPARE(panel.currentWatchlist(), Watchlists::allName());
    QCOMPARE(rows(panel).size(), 13);
    selector->setCurrentIndex(2);
    QCOMPARE(panel.currentWatchlist(), QStringLiteral("Index"));
    QCOMPARE(rows(panel), (QStringList{"SPY", "QQQ", "IWM", "/ES", "/NQ"}));
    QVERIFY(panel.setCurrentWatchlist(QStringLiteral("mag 7")));
    QCOMPARE(selector->currentText(), QStringLiteral("Mag 7"));
    QCOMPARE(rows(panel), (QStringList{"AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "TSLA", "META"}));
    QVERIFY(!panel.setCurrentWatchlist(QStringLiteral("Nope")));
    QVERIFY(panel.message().contains(QStringLiteral("Nope")));

    // New, rename, delete.
    QVERIFY(panel.createWatchlist(QStringLiteral("Earnings")));
    QCOMPARE(panel.currentWatchlist(), QStringLiteral("Earnings"));
    QCOMPARE(rows(panel), QStringList());
    QVERIFY(!panel.createWatchlist(QStringLiteral("index")));
    QVERIFY(panel.message().contains(QStringLiteral("already")));
    QVERIFY(panel.renameWatchlist(QStringLiteral("Earnings"), QStringLiteral("Earnings week")));
    QCOMPARE(selector->currentText(), QStringLiteral("Earnings week"));
    QVERIFY(panel.deleteWatchlist(QStringLiteral("Earnings week")));
    QCOMPARE(panel.currentWatchlist(), Watchlists::allName());
    QCOMPARE(selector->count(), 3);
    QCOMPARE(rows(panel).size(), 13);
}

void TestQuoteBoardPanel::addingRefusesUnknownSymbols()
{
    QuoteBoardPanel panel;
    panel.setSnapshot(universe());
    QVERIFY(!panel.addSymbol(QStringLiteral("NVDA"))); // "All" is not editable
    QVERIFY(panel.message().contains(QStringLiteral("cannot be edited")));
    panel.setCurrentWatchlist(QStringLiteral("Index"));
    QVERIFY(!panel.addSymbol(QStringLiteral("ZZZZ")));
    QCOMPARE(panel.message(),
             QStringLiteral("ZZZZ is not in the desk's universe: not added to Index"));
    QCOMPARE(rows(panel).size(), 5);
    QVERIFY(panel.addSymbol(QStringLiteral("nvda")));
    QCOMPARE(rows(panel), (QStringList{"SPY", "QQQ", "IWM", "/ES", "/NQ", "NVDA"}));
    QCOMPARE(panel.view()->currentIndex().siblingAtColumn(0).data().toString(),
             QStringLiteral("NVDA"));
    QVERIFY(!panel.addSymbol(QStringLiteral("SPY")));
    QVERIFY(panel.message().contains(QStringLiteral("already in Index")));
    QCOMPARE(panel.watchlists().find(QStringLiteral("Index"))->symbols.size(), 6);
}

void TestQuoteBoardPanel::keyboardEditsTheList()
{
    QuoteBoardPanel panel;
    showActive(panel);
    panel.setCurrentWatchlist(QStringLiteral("Index"));
    QTableView *view = panel.view();
    view->setFocus();
    const auto current = [&] { return view->currentIndex().siblingAtColumn(0).data().toString(); };

    // Typing on the board starts the entry; Ctrl+Enter adds the symbol.
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::keyClick(view, Qt::Key_T);
    QVERIFY(panel.symbolEntry()->hasFocus());
    QCOMPARE(panel.symbolEntry()->text(), QStringLiteral("T"));
    QTest::keyClicks(panel.symbolEntry(), QStringLiteral("sla"));
    QTest::keyClick(panel.symbolEntry(), Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(rows(panel), (QStringList{"SPY", "QQQ", "IWM", "/ES", "/NQ", "TSLA"}));
    QCOMPARE(current(), QStringLiteral("TSLA"));

    // Ctrl+Up / Ctrl+Down move the current row; it stays current.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Up, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(rows(panel), (QStringList{"SPY", "QQQ", "IWM", "TSLA", "/ES", "/NQ"}));
    QCOMPARE(current(), QStringLiteral("TSLA"));
    QTest::keyClick(view, Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(rows(panel), (QStringList{"SPY", "QQQ", "IWM", "/ES", "TSLA", "/NQ"}));
    QCOMPARE(panel.watchlists().find(QStringLiteral("Index"))->symbols,
             (QStringList{"SPY", "QQQ", "IWM", "/ES", "TSLA", "/NQ"}));

    // Moving while sorted goes back to the list's order.
    view->sortByColumn(QuoteBoardModel::Bid, Qt::DescendingOrder);
    QCOMPARE(rows(panel).first(), QStringLiteral("/NQ"));
    QTest::keyClick(view, Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), -1);
    QCOMPARE(rows(panel), (QStringList{"SPY", "QQQ", "IWM", "/ES", "/NQ", "TSLA"}));

    // Delete removes the selected rows; the next row becomes current.
    // (The selection model directly: the view would read Ctrl as still held after the clicks.)
    view->selectionModel()->setCurrentIndex(view->model()->index(1, 0), // QQQ
                                            QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(rows(panel), (QStringList{"SPY", "IWM", "/ES", "/NQ", "TSLA"}));
    QCOMPARE(current(), QStringLiteral("IWM"));
    view->selectionModel()->select(view->model()->index(3, 0),
                                   QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(rows(panel), (QStringList{"SPY", "/ES", "TSLA"}));
    QVERIFY(panel.message().contains(QStringLiteral("Removed")));

    // On "All" nothing is removed.
    panel.setCurrentWatchlist(Watchlists::allName());
    view->setCurrentIndex(view->model()->index(0, 0));
    QTest::keyClick(view, Qt::Key_Delete);
    QCOMPARE(rows(panel).size(), 13);
}

void TestQuoteBoardPanel::listsRulesAndLinkPersist()
{
    QByteArray state;
    const std::vector<widgets::HighlightRule> rules{
        {QStringLiteral("chgpct > 2"), QColor(0x26, 0xc2, 0x81), true},
        {QStringLiteral("ivr > 80"), QColor(0x9b, 0x6b, 0xdf), false}};
    {
        QuoteBoardPanel panel;
        panel.setSnapshot(universe());
        QVERIFY(panel.createWatchlist(QStringLiteral("Semis")));
        QVERIFY(panel.addSymbol(QStringLiteral("NVDA")));
        QVERIFY(panel.addSymbol(QStringLiteral("QQQ")));
        QVERIFY(panel.moveCurrentSymbol(-1));
        panel.setHighlightRules(rules);
        panel.linkGroupButton()->setGroup(widgets::LinkGroup::Blue);
        panel.setColumnVisible(QuoteBoardModel::Volume, false);
        state = panel.saveState();
    }
    QuoteBoardPanel restored;
    restored.setSnapshot(universe());
    QVERIFY(restored.restoreState(state));
    QCOMPARE(restored.watchlists().names(), (QStringList{"Mag 7", "Index", "Semis"}));
    QCOMPARE(restored.currentWatchlist(), QStringLiteral("Semis"));
    QCOMPARE(restored.watchlistSelector()->currentText(), QStringLiteral("Semis"));
    QCOMPARE(rows(restored), (QStringList{"QQQ", "NVDA"}));
    QCOMPARE(restored.highlightRules(), rules);
    QCOMPARE(restored.linkGroupButton()->group(), widgets::LinkGroup::Blue);
    QVERIFY(!restored.isColumnVisible(QuoteBoardModel::Volume));
    QVERIFY(!restored.restoreState(QByteArray(R"({"format":"mag7.quoteboard","version":99})")));
    QCOMPARE(restored.currentWatchlist(), QStringLiteral("Semis")); // untouched
}

void TestQuoteBoardPanel::oldHeaderStateStillRestores()
{
    QByteArray header;
    {
        QuoteBoardPanel panel;
        panel.setColumnVisible(QuoteBoardModel::AskSize, false);
        header = panel.view()->horizontalHeader()->saveState(); // what earlier versions saved
    }
    QuoteBoardPanel panel;
    panel.setSnapshot(universe());
    QVERIFY(panel.restoreState(header));
    QVERIFY(!panel.isColumnVisible(QuoteBoardModel::AskSize));
    QCOMPARE(panel.watchlists(), Watchlists::defaults());
    QCOMPARE(panel.highlightRules(), widgets::HighlightRuleSet::defaults());
    QCOMPARE(panel.currentWatchlist(), Watchlists::allName());
}

void TestQuoteBoardPanel::symbolEntrySelectsRows()
{
    QuoteBoardPanel panel;
    showActive(panel);
    QSignalSpy selected(&panel, &QuoteBoardPanel::symbolSelected);
    SymbolEntry *entry = panel.symbolEntry();
    QCOMPARE(entry->universe().size(), std::size_t(13)); // completes over the universe
    entry->setFocus();
    entry->setText(QStringLiteral("msft"));
    QTest::keyClick(entry, Qt::Key_Return);
    QCOMPARE(panel.view()->currentIndex().siblingAtColumn(0).data().toString(),
             QStringLiteral("MSFT"));
    QCOMPARE(selected.last().at(0).toString(), QStringLiteral("MSFT"));
    QCOMPARE(selected.last().at(1).toBool(), true);

    // A universe symbol outside the shown list still reaches linked panels, with a hint.
    panel.setCurrentWatchlist(QStringLiteral("Index"));
    entry->setText(QStringLiteral("NVDA"));
    QTest::keyClick(entry, Qt::Key_Return);
    QCOMPARE(selected.last().at(0).toString(), QStringLiteral("NVDA"));
    QVERIFY(panel.message().contains(QStringLiteral("Ctrl+Enter adds it")));

    // Unknown text is refused with its name.
    const int before = selected.count();
    entry->setText(QStringLiteral("XYZ"));
    QTest::keyClick(entry, Qt::Key_Return);
    QCOMPARE(selected.count(), before);
    QVERIFY(panel.message().contains(QStringLiteral("XYZ is not in the desk's universe")));
}

void TestQuoteBoardPanel::linkedSymbolSelectsSilently()
{
    QuoteBoardPanel panel;
    panel.setSnapshot(universe());
    QSignalSpy selected(&panel, &QuoteBoardPanel::symbolSelected);
    panel.setSymbol(QStringLiteral("tsla"));
    QCOMPARE(panel.view()->currentIndex().siblingAtColumn(0).data().toString(),
             QStringLiteral("TSLA"));
    QCOMPARE(selected.count(), 0);
    panel.setSymbol(QStringLiteral("NOPE")); // not on the board: nothing moves
    QCOMPARE(panel.view()->currentIndex().siblingAtColumn(0).data().toString(),
             QStringLiteral("TSLA"));
}

QTEST_MAIN(TestQuoteBoardPanel)
#include "tst_quoteboardpanel.moc"
