// OCC/OSI option symbols and the provider variants (shared/reference/protocols/occ.md).
#include "model/occsymbol.h"

#include <QTest>

using namespace mag7;

class TestOccSymbol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesEveryFormat_data();
    void parsesEveryFormat();
    void roundTripsEveryVariant_data();
    void roundTripsEveryVariant();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void strikeInPriceTicks();
};

void TestOccSymbol::parsesEveryFormat_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("expiry");
    QTest::addColumn<bool>("call");
    QTest::addColumn<qlonglong>("strikeThousandths");

    QTest::newRow("padded AAPL") << "AAPL  250124C00150000"
                                 << "AAPL"
                                 << "2025-01-24" << true << 150000LL;
    QTest::newRow("padded SPY") << "SPY   230731C00393000"
                                << "SPY"
                                << "2023-07-31" << true << 393000LL;
    QTest::newRow("padded SPXW put") << "SPXW  260417P06000000"
                                     << "SPXW"
                                     << "2026-04-17" << false << 6000000LL;
    QTest::newRow("compact UBER") << "UBER220121C00050000"
                                  << "UBER"
                                  << "2022-01-21" << true << 50000LL;
    QTest::newRow("compact alpaca") << "AAPL250620C00100000"
                                    << "AAPL"
                                    << "2025-06-20" << true << 100000LL;
    QTest::newRow("compact SPXW") << "SPXW240327P04925000"
                                  << "SPXW"
                                  << "2024-03-27" << false << 4925000LL;
    QTest::newRow("polygon") << "O:AAPL250124C00150000"
                             << "AAPL"
                             << "2025-01-24" << true << 150000LL;
    QTest::newRow("polygon put") << "O:SPY241220P00720000"
                                 << "SPY"
                                 << "2024-12-20" << false << 720000LL;
    QTest::newRow("dxfeed") << ".SPY230731C393"
                            << "SPY"
                            << "2023-07-31" << true << 393000LL;
    QTest::newRow("dxfeed 2") << ".SPY230706C370"
                              << "SPY"
                              << "2023-07-06" << true << 370000LL;
    QTest::newRow("dxfeed fractional") << ".SPY230731P392.5"
                                       << "SPY"
                                       << "2023-07-31" << false << 392500LL;
    QTest::newRow("half strike") << "IWM   250117P00222500"
                                 << "IWM"
                                 << "2025-01-17" << false << 222500LL;
    QTest::newRow("adjusted root") << "AAPL1 250124C00150000"
                                   << "AAPL1"
                                   << "2025-01-24" << true << 150000LL;
    QTest::newRow("one letter root") << "F     250117C00012000"
                                     << "F"
                                     << "2025-01-17" << true << 12000LL;
    QTest::newRow("six letter root") << "GOOGLX250117C00012000"
                                     << "GOOGLX"
                                     << "2025-01-17" << true << 12000LL;
}

void TestOccSymbol::parsesEveryFormat()
{
    QFETCH(QString, text);
    QFETCH(QString, root);
    QFETCH(QString, expiry);
    QFETCH(bool, call);
    QFETCH(qlonglong, strikeThousandths);
    const auto parsed = OptionSymbol::parse(text.toStdString());
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.message().c_str());
    QCOMPARE(QString::fromStdString(parsed->root), root);
    QCOMPARE(QString::fromStdString(formatDate(parsed->expiry)), expiry);
    QCOMPARE(parsed->right == OptionRight::Call, call);
    QCOMPARE(parsed->strikeThousandths, strikeThousandths);
}

void TestOccSymbol::roundTripsEveryVariant_data()
{
    QTest::addColumn<QString>("padded");
    QTest::addColumn<QString>("compact");
    QTest::addColumn<QString>("polygon");
    QTest::addColumn<QString>("dxfeed");
    QTest::newRow("SPY call") << "SPY   230731C00393000"
                              << "SPY230731C00393000"
                              << "O:SPY230731C00393000"
                              << ".SPY230731C393";
    QTest::newRow("AAPL call") << "AAPL  250124C00150000"
                               << "AAPL250124C00150000"
                               << "O:AAPL250124C00150000"
                               << ".AAPL250124C150";
    QTest::newRow("SPXW put") << "SPXW  260417P06000000"
                              << "SPXW260417P06000000"
                              << "O:SPXW260417P06000000"
                              << ".SPXW260417P6000";
    QTest::newRow("half strike") << "QQQ   251219P00512500"
                                 << "QQQ251219P00512500"
                                 << "O:QQQ251219P00512500"
                                 << ".QQQ251219P512.5";
    QTest::newRow("quarter strike") << "NVDA  250620C00012250"
                                    << "NVDA250620C00012250"
                                    << "O:NVDA250620C00012250"
                                    << ".NVDA250620C12.25";
    QTest::newRow("odd thousandths") << "TSLA  250620C00012125"
                                     << "TSLA250620C00012125"
                                     << "O:TSLA250620C00012125"
                                     << ".TSLA250620C12.125";
}

void TestOccSymbol::roundTripsEveryVariant()
{
    QFETCH(QString, padded);
    QFETCH(QString, compact);
    QFETCH(QString, polygon);
    QFETCH(QString, dxfeed);
    const QStringList forms{padded, compact, polygon, dxfeed};
    for (const QString &form : forms) {
        const auto parsed = OptionSymbol::parse(form.toStdString());
        QVERIFY2(parsed.ok(), qPrintable(form));
        QCOMPARE(QString::fromStdString(parsed->format(OptionSymbolFormat::OccPadded)), padded);
        QCOMPARE(QString::fromStdString(parsed->format(OptionSymbolFormat::OccCompact)), compact);
        QCOMPARE(QString::fromStdString(parsed->format(OptionSymbolFormat::Polygon)), polygon);
        QCOMPARE(QString::fromStdString(parsed->format(OptionSymbolFormat::DxFeed)), dxfeed);
        QCOMPARE(parsed->toOcc().size(), std::size_t{21});
    }
}

void TestOccSymbol::rejectsMalformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << ""
                           << "empty";
    QTest::newRow("too short") << "AAPL25012"
                               << "too short";
    QTest::newRow("bad month") << "AAPL  251324C00150000"
                               << "calendar date";
    QTest::newRow("bad day") << "AAPL  250230C00150000"
                             << "calendar date";
    QTest::newRow("bad flag") << "AAPL  250124X00150000"
                              << "C or P";
    QTest::newRow("letters in strike") << "AAPL  250124C0015A000"
                                       << "8 digits";
    QTest::newRow("zero strike") << "AAPL  250124C00000000"
                                 << "positive";
    QTest::newRow("lower-case root") << "aapl250124C00150000"
                                     << "upper-case";
    QTest::newRow("root too long") << "ABCDEFG250124C00150000"
                                   << "1-6";
    QTest::newRow("padded wrong width") << "AAPL 250124C00150000"
                                        << "spaces";
    QTest::newRow("polygon missing body") << "O:"
                                          << "too short";
    QTest::newRow("dxfeed no flag") << ".SPY230731X393"
                                    << "C or P";
    QTest::newRow("dxfeed too many decimals") << ".SPY230731C393.1234"
                                              << "3 decimals";
    QTest::newRow("dxfeed no strike") << ".SPY230731C"
                                      << "number";
}

void TestOccSymbol::rejectsMalformed()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const auto parsed = OptionSymbol::parse(text.toStdString());
    QVERIFY2(!parsed.ok(), qPrintable(text));
    const QString message = QString::fromStdString(parsed.message());
    QVERIFY2(message.contains(reason), qPrintable(message));
    QVERIFY2(message.contains(text), qPrintable(message)); // names the offending input
}

void TestOccSymbol::strikeInPriceTicks()
{
    const auto parsed = OptionSymbol::parse("IWM   250117P00222500");
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->strike(), toPrice(222.5));
    QCOMPARE(OptionSymbol::strikeThousandthsFromPrice(toPrice(393.0)), 393000);
}

QTEST_GUILESS_MAIN(TestOccSymbol)
#include "tst_occsymbol.moc"
