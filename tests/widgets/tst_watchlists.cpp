// Watchlists: the first-run lists, naming rules, adding, removing and moving symbols in the
// trader's order, and the JSON round trip (bad entries skipped).
#include "watchlists.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using mag7::widgets::Watchlists;

class TestWatchlists : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultsHoldTheMag7AndTheIndexes();
    void namesAreUniqueAndAllIsReserved();
    void symbolsKeepTheTradersOrder();
    void jsonRoundTrips();
};

void TestWatchlists::defaultsHoldTheMag7AndTheIndexes()
{
    const Watchlists lists = Watchlists::defaults();
    QCOMPARE(lists.names(), (QStringList{QStringLiteral("Mag 7"), QStringLiteral("Index")}));
    QCOMPARE(lists.find(QStringLiteral("mag 7"))->symbols,
             (QStringList{"AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "TSLA", "META"}));
    QCOMPARE(lists.find(QStringLiteral("Index"))->symbols,
             (QStringList{"SPY", "QQQ", "IWM", "/ES", "/NQ"}));
    QVERIFY(!lists.find(QStringLiteral("All")));
}

void TestWatchlists::namesAreUniqueAndAllIsReserved()
{
    Watchlists lists = Watchlists::defaults();
    QVERIFY(lists.create(QStringLiteral("  Earnings  ")).isEmpty());
    QVERIFY(lists.find(QStringLiteral("earnings")));
    QCOMPARE(lists.names().last(), QStringLiteral("Earnings")); // trimmed
    QVERIFY(lists.create(QStringLiteral("EARNINGS")).contains(QStringLiteral("already")));
    QVERIFY(lists.create(QStringLiteral("all")).contains(QStringLiteral("whole universe")));
    QVERIFY(lists.create(QStringLiteral("   ")).contains(QStringLiteral("needs a name")));
    QVERIFY(lists.rename(QStringLiteral("Earnings"), QStringLiteral("Index")).contains("already"));
    QVERIFY(lists.rename(QStringLiteral("Earnings"), QStringLiteral("earnings")).isEmpty());
    QCOMPARE(lists.names().last(), QStringLiteral("earnings")); // renaming its own case works
    QVERIFY(lists.rename(QStringLiteral("Nope"), QStringLiteral("X")).contains("no watchlist"));
    QVERIFY(lists.remove(QStringLiteral("earnings")).isEmpty());
    QVERIFY(!lists.remove(QStringLiteral("earnings")).isEmpty());
    QCOMPARE(lists.names().size(), 2);
}

void TestWatchlists::symbolsKeepTheTradersOrder()
{
    Watchlists lists;
    QVERIFY(lists.create(QStringLiteral("Tech")).isEmpty());
    for (const char *symbol : {"nvda", "AAPL", "MSFT", "META"})
        QVERIFY(lists.addSymbol(QStringLiteral("Tech"), QLatin1String(symbol)).isEmpty());
    QVERIFY(lists.addSymbol(QStringLiteral("Tech"), QStringLiteral("AAPL")).contains("already"));
    QVERIFY(!lists.addSymbol(QStringLiteral("All"), QStringLiteral("SPY")).isEmpty());
    const auto symbols = [&] { return lists.find(QStringLiteral("Tech"))->symbols; };
    QCOMPARE(symbols(), (QStringList{"NVDA", "AAPL", "MSFT", "META"}));
    QVERIFY(lists.moveSymbol(QStringLiteral("Tech"), QStringLiteral("META"), -2));
    QCOMPARE(symbols(), (QStringList{"NVDA", "META", "AAPL", "MSFT"}));
    QVERIFY(!lists.moveSymbol(QStringLiteral("Tech"), QStringLiteral("NVDA"), -1)); // at the top
    QVERIFY(lists.moveSymbol(QStringLiteral("Tech"), QStringLiteral("NVDA"), 10));  // clamped
    QCOMPARE(symbols(), (QStringList{"META", "AAPL", "MSFT", "NVDA"}));
    lists.reorder(QStringLiteral("Tech"), {"MSFT", "TSLA", "META"});
    QCOMPARE(symbols(), (QStringList{"MSFT", "META", "AAPL", "NVDA"}));
    QCOMPARE(lists.removeSymbols(QStringLiteral("Tech"), {"AAPL", "TSLA", "MSFT"}), 2);
    QCOMPARE(symbols(), (QStringList{"META", "NVDA"}));
}

void TestWatchlists::jsonRoundTrips()
{
    Watchlists lists = Watchlists::defaults();
    QVERIFY(lists.create(QStringLiteral("Empty")).isEmpty());
    QVERIFY(lists.moveSymbol(QStringLiteral("Index"), QStringLiteral("/NQ"), -4));
    QCOMPARE(Watchlists::fromJson(lists.toJson()), lists);

    QJsonArray json = lists.toJson();
    json.append(QJsonObject{{"name", "All"}, {"symbols", QJsonArray{"SPY"}}});   // reserved
    json.append(QJsonObject{{"name", "index"}, {"symbols", QJsonArray{"SPY"}}}); // duplicate
    json.append(QJsonObject{{"name", "Dupes"}, {"symbols", QJsonArray{"spy", "SPY", 3}}});
    json.append(QStringLiteral("not an object"));
    const Watchlists read = Watchlists::fromJson(json);
    QCOMPARE(read.names(), (QStringList{"Mag 7", "Index", "Empty", "Dupes"}));
    QCOMPARE(read.find(QStringLiteral("Index"))->symbols.first(), QStringLiteral("/NQ"));
    QCOMPARE(read.find(QStringLiteral("Dupes"))->symbols, QStringList{"SPY"});
}

QTEST_GUILESS_MAIN(TestWatchlists)
#include "tst_watchlists.moc"
