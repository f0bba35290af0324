// Colour link groups (offscreen): a symbol picked in one panel reaches every other panel of the
// same colour and no panel of another colour or in None; a panel that joins a colour takes its
// symbol; the group button's menu, tooltip and saved state; members leave when destroyed.
#include "analyzepanel.h"
#include "linkgroups.h"
#include "optionchainpanel.h"
#include "quoteboardpanel.h"
#include "theme.h"
#include "volatilitypanel.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace mag7;
using namespace mag7::widgets;

namespace {

// A panel shaped like the price chart: setSymbol() and a symbolChanged() signal.
class ChartLikePanel final : public QWidget {
    Q_OBJECT
public:
    ChartLikePanel()
        : m_link(new LinkGroupButton(this))
    {}
    void setSymbol(const QString &symbol)
    {
        if (symbol == m_symbol)
            return;
        m_symbol = symbol;
        ++applied;
        Q_EMIT symbolChanged(symbol);
    }
    QString symbol() const { return m_symbol; }
    LinkGroupButton *linkGroupButton() const { return m_link; }
    int applied = 0;

Q_SIGNALS:
    void symbolChanged(const QString &symbol);

private:
    LinkGroupButton *m_link;
    QString m_symbol;
};

// A follower without a signal of its own.
class FollowerPanel final : public QWidget {
public:
    FollowerPanel()
        : m_link(new LinkGroupButton(this))
    {}
    void setSymbol(const QString &symbol) { m_symbol = symbol; }
    QString symbol() const { return m_symbol; }
    LinkGroupButton *linkGroupButton() const { return m_link; }

private:
    LinkGroupButton *m_link;
    QString m_symbol;
};

engine::DeskSnapshot boardSnapshot()
{
    engine::DeskSnapshot s;
    for (const char *symbol : {"AAPL", "NVDA", "SPY"}) {
        engine::QuoteRow row;
        row.id = static_cast<InstrumentId>(s.quotes.size());
        row.symbol = symbol;
        row.bid = toPrice(100);
        row.ask = toPrice(100.02);
        row.revision = 1;
        s.quotes.push_back(row);
    }
    return s;
}

} // namespace

class TestLinkGroups : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { applyTheme(*qApp, ThemeKind::Dark); }
    void sameGroupFollowsOthersDoNot();
    void deskPanelsFollowTheQuoteBoard();
    void joiningAGroupTakesItsSymbol();
    void buttonMenuTooltipAndState();
    void membersLeaveWhenDestroyed();
    void keysAndNamesRoundTrip();
};

void TestLinkGroups::sameGroupFollowsOthersDoNot()
{
    LinkHub hub;
    ChartLikePanel red1;
    ChartLikePanel red2;
    FollowerPanel red3;
    ChartLikePanel green;
    ChartLikePanel independent;
    green.linkGroupButton()->setGroup(LinkGroup::Green);
    independent.linkGroupButton()->setGroup(LinkGroup::None);
    for (ChartLikePanel *panel : {&red1, &red2, &green, &independent})
        hub.join(panel, panel->linkGroupButton());
    hub.join(&red3, red3.linkGroupButton());
    QCOMPARE(hub.memberCount(), 5);
    QSignalSpy linked(&hub, &LinkHub::symbolLinked);

    red1.setSymbol(QStringLiteral("NVDA")); // the trader picks NVDA in a red panel
    QCOMPARE(red2.symbol(), QStringLiteral("NVDA"));
    QCOMPARE(red3.symbol(), QStringLiteral("NVDA"));
    QCOMPARE(green.symbol(), QString());
    QCOMPARE(independent.symbol(), QString());
    QCOMPARE(red2.applied, 1); // the follower's own echo does not bounce back
    QCOMPARE(linked.count(), 1);
    QCOMPARE(linked.at(0).at(0).value<LinkGroup>(), LinkGroup::Red);
    QCOMPARE(linked.at(0).at(1).toString(), QStringLiteral("NVDA"));
    QCOMPARE(linked.at(0).at(2).value<QObject *>(), &red1);
    QCOMPARE(hub.symbolOf(LinkGroup::Red), QStringLiteral("NVDA"));

    green.setSymbol(QStringLiteral("TSLA"));
    QCOMPARE(red1.symbol(), QStringLiteral("NVDA"));
    QCOMPARE(hub.symbolOf(LinkGroup::Green), QStringLiteral("TSLA"));

    independent.setSymbol(QStringLiteral("SPY")); // None moves nobody
    QCOMPARE(red1.symbol(), QStringLiteral("NVDA"));
    QCOMPARE(green.symbol(), QStringLiteral("TSLA"));
    QCOMPARE(linked.count(), 2);

    // A follower picked in the red group moves the panels that publish too.
    hub.pick(&red3, QStringLiteral("AAPL"));
    QCOMPARE(red3.symbol(), QStringLiteral("AAPL"));
    QCOMPARE(red1.symbol(), QStringLiteral("AAPL"));
    QCOMPARE(red2.symbol(), QStringLiteral("AAPL"));
}

void TestLinkGroups::deskPanelsFollowTheQuoteBoard()
{
    LinkHub hub;
    QuoteBoardPanel board;
    OptionChainPanel chain;
    VolatilityPanel volatility;
    AnalyzePanel analyze;
    board.setSnapshot(boardSnapshot());
    hub.join(&board, board.linkGroupButton(),
             [&board](const QString &symbol) { board.setSymbol(symbol); });
    connect(&board, &QuoteBoardPanel::symbolSelected, &hub,
            [&](const QString &symbol) { hub.publish(&board, symbol); });
    hub.join(&chain, chain.linkGroupButton());
    hub.join(&volatility, volatility.linkGroupButton());
    hub.join(&analyze, analyze.linkGroupButton());

    // Every panel starts red: picking a row moves the chain, Volatility and Analyze.
    QTableView *view = board.view();
    view->setCurrentIndex(view->model()->index(1, 0));
    QCOMPARE(chain.symbol(), QStringLiteral("NVDA"));
    QCOMPARE(volatility.symbol(), QStringLiteral("NVDA"));
    QCOMPARE(analyze.symbol(), QStringLiteral("NVDA"));

    // Volatility in None stays; Analyze in Blue stays.
    volatility.linkGroupButton()->setGroup(LinkGroup::None);
    analyze.linkGroupButton()->setGroup(LinkGroup::Blue);
    view->setCurrentIndex(view->model()->index(2, 0));
    QCOMPARE(chain.symbol(), QStringLiteral("SPY"));
    QCOMPARE(volatility.symbol(), QStringLiteral("NVDA"));
    QCOMPARE(analyze.symbol(), QStringLiteral("NVDA"));

    // The chain's own pick moves the board's current row (without the board re-publishing).
    QSignalSpy boardSelected(&board, &QuoteBoardPanel::symbolSelected);
    chain.setSymbol(QStringLiteral("AAPL"));
    QCOMPARE(view->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("AAPL"));
    QCOMPARE(boardSelected.count(), 0);
}

void TestLinkGroups::joiningAGroupTakesItsSymbol()
{
    LinkHub hub;
    ChartLikePanel a;
    ChartLikePanel b;
    b.linkGroupButton()->setGroup(LinkGroup::None);
    hub.join(&a, a.linkGroupButton());
    hub.join(&b, b.linkGroupButton());
    a.setSymbol(QStringLiteral("META"));
    QCOMPARE(b.symbol(), QString());
    b.linkGroupButton()->setGroup(LinkGroup::Red);
    QCOMPARE(b.symbol(), QStringLiteral("META"));
    QCOMPARE(hub.groupOf(&b), LinkGroup::Red);
    // A colour nobody picked in yet changes nothing.
    b.linkGroupButton()->setGroup(LinkGroup::Purple);
    QCOMPARE(b.symbol(), QStringLiteral("META"));
}

void TestLinkGroups::buttonMenuTooltipAndState()
{
    LinkGroupButton button;
    QCOMPARE(button.group(), LinkGroup::Red); // every panel starts linked
    QVERIFY(button.focusPolicy() & Qt::TabFocus);
    QVERIFY(button.toolTip().contains(QStringLiteral("same colour")));
    QVERIFY(button.accessibleName().contains(QStringLiteral("Red")));
    QMenu *menu = button.menu();
    QVERIFY(menu);
    QStringList names;
    QAction *green = nullptr;
    for (QAction *action : menu->actions()) {
        if (action->isSeparator())
            continue;
        names << action->text();
        if (action->text() == QStringLiteral("Green"))
            green = action;
    }
    QCOMPARE(names, (QStringList{QStringLiteral("None"), QStringLiteral("Red"),
                                 QStringLiteral("Green"), QStringLiteral("Blue"),
                                 QStringLiteral("Yellow"), QStringLiteral("Purple")}));
    QSignalSpy changed(&button, &LinkGroupButton::groupChanged);
    green->trigger();
    QCOMPARE(button.group(), LinkGroup::Green);
    QCOMPARE(changed.count(), 1);
    QVERIFY(green->isChecked());
    button.setGroup(LinkGroup::None);
    QVERIFY(button.toolTip().contains(QStringLiteral("independent")));

    const QByteArray state = button.saveState();
    LinkGroupButton restored;
    QVERIFY(restored.restoreState(state));
    QCOMPARE(restored.group(), LinkGroup::None);
    QVERIFY(!restored.restoreState(QByteArray("junk")));
    QCOMPARE(restored.group(), LinkGroup::None);
}

void TestLinkGroups::membersLeaveWhenDestroyed()
{
    LinkHub hub;
    ChartLikePanel a;
    auto b = std::make_unique<ChartLikePanel>();
    hub.join(&a, a.linkGroupButton());
    hub.join(b.get(), b->linkGroupButton());
    QCOMPARE(hub.memberCount(), 2);
    b.reset();
    QCOMPARE(hub.memberCount(), 1);
    a.setSymbol(QStringLiteral("AMZN")); // no dangling follower
    QCOMPARE(hub.symbolOf(LinkGroup::Red), QStringLiteral("AMZN"));
    // Joining twice keeps one membership.
    hub.join(&a, a.linkGroupButton());
    QCOMPARE(hub.memberCount(), 1);
}

void TestLinkGroups::keysAndNamesRoundTrip()
{
    for (int i = 0; i < kLinkGroupCount; ++i) {
        const auto group = static_cast<LinkGroup>(i);
        QCOMPARE(linkGroupFromKey(linkGroupKey(group)), std::optional<LinkGroup>(group));
        QVERIFY(!linkGroupName(group).isEmpty());
        QCOMPARE(linkGroupColor(group).isValid(), group != LinkGroup::None);
    }
    QVERIFY(!linkGroupFromKey(QStringLiteral("orange")));
}

QTEST_MAIN(TestLinkGroups)
#include "tst_linkgroups.moc"
