// SymbolEntry (offscreen): completion over symbols and names, upper-case display, Enter takes
// the exact symbol, the highlighted or the only completion and refuses the rest with a message
// naming it; Ctrl+Enter asks to add, Escape clears.
#include "symbolentry.h"
#include "theme.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QSignalSpy>
#include <QTest>

using namespace mag7::widgets;

namespace {
std::vector<SymbolEntry::Item> universe()
{
    return {{QStringLiteral("AAPL"), QStringLiteral("Apple Inc.")},
            {QStringLiteral("NVDA"), QStringLiteral("NVIDIA Corporation")},
            {QStringLiteral("META"), QStringLiteral("Meta Platforms, Inc.")},
            {QStringLiteral("SPY"), QStringLiteral("SPDR S&P 500 ETF Trust")},
            {QStringLiteral("QQQ"), QStringLiteral("Invesco QQQ Trust")},
            {QStringLiteral("/ES"), QStringLiteral("E-mini S&P 500 futures")},
            {QStringLiteral("/NQ"), QStringLiteral("E-mini Nasdaq-100 futures")}};
}
} // namespace

class TestSymbolEntry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { applyTheme(*qApp, ThemeKind::Dark); }
    void completesBySymbolAndName();
    void resolvesTypedText();
    void typingShowsUpperCaseAndCompletes();
    void enterTakesTheSymbolOrRefuses();
    void ctrlEnterAndEscape();
};

void TestSymbolEntry::completesBySymbolAndName()
{
    SymbolEntry entry;
    entry.setUniverse(universe());
    QCOMPARE(entry.completionsFor(QStringLiteral("nv")), QStringList{QStringLiteral("NVDA")});
    // Symbol prefixes first, then names with a word starting so.
    QCOMPARE(entry.completionsFor(QStringLiteral("S")),
             (QStringList{QStringLiteral("SPY"), QStringLiteral("/ES")}));
    QCOMPARE(entry.completionsFor(QStringLiteral("apple")), QStringList{QStringLiteral("AAPL")});
    QCOMPARE(entry.completionsFor(QStringLiteral("nasdaq")), QStringList{QStringLiteral("/NQ")});
    QCOMPARE(entry.completionsFor(QStringLiteral("es")), QStringList{QStringLiteral("/ES")});
    QCOMPARE(entry.completionsFor(QStringLiteral("/n")), QStringList{QStringLiteral("/NQ")});
    QVERIFY(entry.completionsFor(QStringLiteral("ZZZ")).isEmpty());
    QVERIFY(entry.completionsFor(QString()).isEmpty());
}

void TestSymbolEntry::resolvesTypedText()
{
    SymbolEntry entry;
    entry.setUniverse(universe());
    QCOMPARE(entry.resolve(QStringLiteral("nvda")), QStringLiteral("NVDA"));
    QCOMPARE(entry.resolve(QStringLiteral("ES")), QStringLiteral("/ES"));
    QCOMPARE(entry.resolve(QStringLiteral(" /nq ")), QStringLiteral("/NQ"));
    QCOMPARE(entry.resolve(QStringLiteral("apple")), QStringLiteral("AAPL")); // the only one
    QCOMPARE(entry.resolve(QStringLiteral("e-mini")), QString());             // two of them
    QCOMPARE(entry.resolve(QStringLiteral("XYZ")), QString());
}

void TestSymbolEntry::typingShowsUpperCaseAndCompletes()
{
    SymbolEntry entry;
    entry.setUniverse(universe());
    entry.show();
    QVERIFY(QTest::qWaitForWindowExposed(&entry));
    entry.setFocus();
    QTest::keyClicks(&entry, QStringLiteral("nv"));
    QCOMPARE(entry.text(), QStringLiteral("NV"));
    QAbstractItemView *popup = entry.symbolCompleter()->popup();
    QTRY_VERIFY(popup->isVisible());
    QCOMPARE(popup->model()->rowCount(), 1);
    QVERIFY(popup->model()->index(0, 0).data().toString().startsWith(QStringLiteral("NVDA — ")));
    QSignalSpy entered(&entry, &SymbolEntry::symbolEntered);
    QTest::keyClick(&entry, Qt::Key_Return); // the highlighted completion
    QCOMPARE(entered.count(), 1);
    QCOMPARE(entered.at(0).at(0).toString(), QStringLiteral("NVDA"));
    QCOMPARE(entry.text(), QStringLiteral("NVDA"));
    QVERIFY(!popup->isVisible());
}

void TestSymbolEntry::enterTakesTheSymbolOrRefuses()
{
    SymbolEntry entry;
    entry.setUniverse(universe());
    QSignalSpy entered(&entry, &SymbolEntry::symbolEntered);
    QSignalSpy rejected(&entry, &SymbolEntry::symbolRejected);
    entry.setText(QStringLiteral("es"));
    QTest::keyClick(&entry, Qt::Key_Enter, Qt::KeypadModifier);
    QCOMPARE(entered.count(), 1);
    QCOMPARE(entered.at(0).at(0).toString(), QStringLiteral("/ES"));
    entry.setText(QStringLiteral("XYZ"));
    QTest::keyClick(&entry, Qt::Key_Return);
    QCOMPARE(entered.count(), 1);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(0).toString(), QStringLiteral("XYZ"));
    QVERIFY(rejected.at(0).at(1).toString().contains(QStringLiteral("XYZ is not in")));
    entry.setText(QStringLiteral("E-MINI"));
    QTest::keyClick(&entry, Qt::Key_Return);
    QCOMPARE(rejected.count(), 2);
    QVERIFY(rejected.at(1).at(1).toString().contains(QStringLiteral("/ES, /NQ")));
}

void TestSymbolEntry::ctrlEnterAndEscape()
{
    SymbolEntry entry;
    entry.setUniverse(universe());
    QSignalSpy add(&entry, &SymbolEntry::addRequested);
    QSignalSpy cancelled(&entry, &SymbolEntry::cancelled);
    entry.startEntry(QStringLiteral("q"));
    QCOMPARE(entry.text(), QStringLiteral("Q"));
    QTest::keyClick(&entry, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(add.count(), 1);
    QCOMPARE(add.at(0).at(0).toString(), QStringLiteral("QQQ"));
    entry.setText(QStringLiteral("XYZ"));
    QTest::keyClick(&entry, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(add.at(1).at(0).toString(), QStringLiteral("XYZ")); // the caller refuses it
    QTest::keyClick(&entry, Qt::Key_Escape);
    QCOMPARE(entry.text(), QString());
    QCOMPARE(cancelled.count(), 1);
}

QTEST_MAIN(TestSymbolEntry)
#include "tst_symbolentry.moc"
