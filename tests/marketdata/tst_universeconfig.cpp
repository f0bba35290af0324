// The universe configuration: the embedded default (16 instruments with the documented
// parameters) and the loader's error messages, each of which must name the file and the field.
#include "marketdata/universeconfig.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

using namespace mag7;
using namespace mag7::marketdata;

namespace {

std::string replaceOnce(std::string text, const std::string &from, const std::string &to)
{
    const auto at = text.find(from);
    if (at == std::string::npos)
        return {};
    return text.replace(at, from.size(), to);
}

} // namespace

class TestUniverseConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultHasTheUniverse();
    void defaultParameters_data();
    void defaultParameters();
    void fileEqualsEmbedded();
    void errors_data();
    void errors();
    void missingFileNamesThePath();
    void malformedFileNamesThePath();
};

void TestUniverseConfig::defaultHasTheUniverse()
{
    const UniverseConfig config = defaultUniverseConfig();
    QCOMPARE(config.underlyings.size(), std::size_t{16});
    const char *expected[] = {"AAPL", "MSFT", "GOOGL", "AMZN", "NVDA", "TSLA", "META", "SPY",
                              "QQQ",  "IWM",  "XLK",   "XLY",  "XLC",  "VIX",  "/ES",  "/NQ"};
    for (const char *symbol : expected)
        QVERIFY2(config.find(symbol) != nullptr, symbol);
    int optionable = 0;
    for (const UnderlyingConfig &u : config.underlyings)
        optionable += u.listsOptions() ? 1 : 0;
    QCOMPARE(optionable, 10);
    QVERIFY(config.optionListingEnabled);
    QCOMPARE(config.sectors.size(), std::size_t{3});
}

void TestUniverseConfig::defaultParameters_data()
{
    QTest::addColumn<QString>("symbol");
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("price");
    QTest::addColumn<double>("vol");
    QTest::addColumn<QString>("sector");
    QTest::addColumn<int>("listing");
    const int stock = static_cast<int>(InstrumentKind::Stock);
    const int etf = static_cast<int>(InstrumentKind::Etf);
    const int weekly = static_cast<int>(OptionListing::Weekly);
    const int daily = static_cast<int>(OptionListing::Daily);
    const int none = static_cast<int>(OptionListing::None);
    QTest::newRow("AAPL") << "AAPL" << stock << 235.0 << 0.25 << "XLK" << weekly;
    QTest::newRow("MSFT") << "MSFT" << stock << 420.0 << 0.23 << "XLK" << weekly;
    QTest::newRow("GOOGL") << "GOOGL" << stock << 190.0 << 0.30 << "XLC" << weekly;
    QTest::newRow("AMZN") << "AMZN" << stock << 220.0 << 0.32 << "XLY" << weekly;
    QTest::newRow("NVDA") << "NVDA" << stock << 135.0 << 0.50 << "XLK" << weekly;
    QTest::newRow("TSLA") << "TSLA" << stock << 400.0 << 0.55 << "XLY" << weekly;
    QTest::newRow("META") << "META" << stock << 600.0 << 0.35 << "XLC" << weekly;
    QTest::newRow("SPY") << "SPY" << etf << 590.0 << 0.15 << "" << daily;
    QTest::newRow("QQQ") << "QQQ" << etf << 515.0 << 0.20 << "XLK" << daily;
    QTest::newRow("IWM") << "IWM" << etf << 222.0 << 0.22 << "" << daily;
    QTest::newRow("XLK") << "XLK" << etf << 235.0 << 0.21 << "XLK" << none;
}

void TestUniverseConfig::defaultParameters()
{
    QFETCH(QString, symbol);
    QFETCH(int, kind);
    QFETCH(double, price);
    QFETCH(double, vol);
    QFETCH(QString, sector);
    QFETCH(int, listing);
    const UniverseConfig config = defaultUniverseConfig();
    const UnderlyingConfig *u = config.find(symbol.toStdString());
    QVERIFY(u);
    QCOMPARE(static_cast<int>(u->kind), kind);
    QCOMPARE(u->price, price);
    QCOMPARE(u->vol, vol);
    QCOMPARE(QString::fromStdString(u->sector), sector);
    QCOMPARE(static_cast<int>(u->options.listing), listing);
    QVERIFY(u->averageDailyVolume > 0);
    QVERIFY(u->spread > 0);
    QCOMPARE(u->earnings.enabled, u->kind == InstrumentKind::Stock);
    if (u->earnings.enabled)
        QCOMPARE(u->earnings.anchors.size(), std::size_t{4});
}

void TestUniverseConfig::fileEqualsEmbedded()
{
    const auto loaded =
        loadUniverseConfig(std::string(MAG7_SOURCE_DIR) + "/resources/universe.json");
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.message().c_str());
    const UniverseConfig embedded = defaultUniverseConfig();
    QCOMPARE(loaded->underlyings.size(), embedded.underlyings.size());
    for (std::size_t i = 0; i < embedded.underlyings.size(); ++i) {
        QCOMPARE(loaded->underlyings[i].symbol, embedded.underlyings[i].symbol);
        QCOMPARE(loaded->underlyings[i].price, embedded.underlyings[i].price);
    }
    const UnderlyingConfig *es = embedded.find("/ES");
    QCOMPARE(es->tracks, std::string("SPY"));
    QCOMPARE(es->multiplier, 50.0);
    QCOMPARE(es->tickSize, toPrice(0.25));
    QVERIFY(std::abs(es->ratio * 590.0 - 5950.0) < 10);
    const UnderlyingConfig *nq = embedded.find("/NQ");
    QCOMPARE(nq->tracks, std::string("QQQ"));
    QCOMPARE(nq->multiplier, 20.0);
    QVERIFY(std::abs(nq->ratio * 515.0 - 21200.0) < 20);
    QCOMPARE(embedded.find("VIX")->derivedFrom, std::string("SPY"));
}

void TestUniverseConfig::errors_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("message");
    QTest::newRow("malformed JSON") << "\"market\": {"
                                    << "\"market\": {{"
                                    << "test.json: malformed JSON at line 3, column";
    QTest::newRow("unknown kind") << "\"kind\": \"stock\""
                                  << "\"kind\": \"bond\""
                                  << "test.json: underlyings[0] (AAPL).kind: unknown kind 'bond'";
    QTest::newRow("negative price")
        << "\"price\": 235.0"
        << "\"price\": -235.0"
        << "test.json: underlyings[0] (AAPL).price: must be positive, got -235";
    QTest::newRow("negative vol")
        << "\"vol\": 0.50"
        << "\"vol\": -0.5"
        << "test.json: underlyings[4] (NVDA).vol: must be positive, got -0.5";
    QTest::newRow("missing symbol") << "\"symbol\": \"AAPL\", "
                                    << ""
                                    << "test.json: underlyings[0].symbol: missing";
    QTest::newRow("misspelt field") << "\"beta\": 1.10"
                                    << "\"betta\": 1.10"
                                    << "test.json: underlyings[0] (AAPL).betta: unknown field";
    QTest::newRow("unknown sector")
        << "\"sector\": \"XLK\", \"sectorLoading\": 0.8"
        << "\"sector\": \"XLQ\", \"sectorLoading\": 0.8"
        << "test.json: underlyings[0] (AAPL).sector: unknown sector 'XLQ'";
    QTest::newRow("loadings exceed vol") << "\"vol\": 0.25"
                                         << "\"vol\": 0.10"
                                         << "test.json: underlyings[0] (AAPL).vol: 10.0% is below";
    QTest::newRow("future tracks nothing")
        << "\"tracks\": \"SPY\""
        << "\"tracks\": \"SPX\""
        << "test.json: underlyings[14] (/ES).tracks: 'SPX' is not";
    QTest::newRow("duplicate symbol")
        << "\"symbol\": \"MSFT\""
        << "\"symbol\": \"AAPL\""
        << "test.json: underlyings[1] (AAPL).symbol: duplicate symbol";
    QTest::newRow("impossible date") << "\"2025-01-29\""
                                     << "\"2025-02-30\""
                                     << "test.json: macroEvents.fomc.dates[16]: must be a date";
    QTest::newRow("unknown listing")
        << "\"listing\": \"weekly\""
        << "\"listing\": \"hourly\""
        << "test.json: underlyings[0] (AAPL).options.listing: unknown listing 'hourly'";
    QTest::newRow("string for number") << "\"riskFreeRate\": 0.043"
                                       << "\"riskFreeRate\": \"4.3%\""
                                       << "test.json: market.riskFreeRate: must be a number";
    QTest::newRow("bad earnings anchor")
        << "\"01-30\""
        << "\"1/30\""
        << "test.json: underlyings[0] (AAPL).earnings.anchors[0]: must be \"MM-DD\"";
}

void TestUniverseConfig::errors()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, message);
    const std::string text =
        replaceOnce(std::string(defaultUniverseJson()), from.toStdString(), to.toStdString());
    QVERIFY2(!text.empty(), qPrintable("the default universe has no '" + from + "' to replace"));
    const auto parsed = parseUniverseConfig(text, "test.json");
    QVERIFY2(!parsed.ok(), qPrintable("accepted after replacing '" + from + "' by '" + to + "'"));
    const QString actual = QString::fromStdString(parsed.message());
    QVERIFY2(actual.startsWith(message),
             qPrintable("replacing '" + from + "' by '" + to + "'\n   got: " + actual +
                        "\n  want: " + message + "..."));
}

void TestUniverseConfig::missingFileNamesThePath()
{
    const auto loaded = loadUniverseConfig("/nonexistent/universe.json");
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.message().rfind("/nonexistent/universe.json: cannot open", 0) == 0,
             loaded.message().c_str());
}

void TestUniverseConfig::malformedFileNamesThePath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("broken.json")).toStdString();
    {
        std::ofstream file(path);
        file << "{\n  \"underlyings\": [\n    { \"symbol\": \"AAPL\", }\n  ]\n}\n";
    }
    const auto loaded = loadUniverseConfig(path);
    QVERIFY(!loaded.ok());
    const std::string want = path + ": malformed JSON at line 3";
    QVERIFY2(loaded.message().rfind(want, 0) == 0, (loaded.message() + "\n want: " + want).c_str());
}

QTEST_GUILESS_MAIN(TestUniverseConfig)
#include "tst_universeconfig.moc"
