// Scanner: rules over constructed chains select exactly the contracts they describe; the
// underlying's IV rank and relative volume come from the quote rows; unknown values never
// match; unknown variables are refused with their column.
#include "engine/scanner.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::engine;

namespace {

// One underlying (id 1, spot 100) with two expiries (2 and 9 days), strikes 90..110 step 5,
// delta from a straight line, IV 20% (the 110 put has no IV).
std::shared_ptr<ChainSnapshot> makeChain()
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->underlying = 1;
    chain->symbol = "SPY";
    chain->spot = 100;
    chain->atmIv30 = 0.2;
    InstrumentId id = 100;
    for (int days : {2, 9}) {
        ExpirySummary expiry;
        expiry.expiry = addDays(makeDate(2025, 1, 13), days);
        expiry.daysToExpiry = days;
        expiry.expectedMove = days == 2 ? 1.5 : 3.3;
        expiry.firstRow = chain->options.size();
        for (int strike = 90; strike <= 110; strike += 5) {
            for (OptionRight right : {OptionRight::Call, OptionRight::Put}) {
                OptionRow row;
                row.id = id++;
                row.expiry = expiry.expiry;
                row.right = right;
                row.strike = strike;
                const double callDelta = 0.5 - (strike - 100) * 0.04;
                row.greeks.delta = right == OptionRight::Call ? callDelta : callDelta - 1;
                row.iv = 0.2;
                row.ivError = strike == 110 && right == OptionRight::Put
                                  ? pricing::IvError::BelowIntrinsic
                                  : pricing::IvError::None;
                row.bid = toPrice(1.0);
                row.ask = toPrice(1.1);
                row.mid = 1.05;
                row.volume = strike == 100 ? 500 : 10;
                row.openInterest = 100;
                chain->options.push_back(row);
            }
        }
        expiry.rowCount = chain->options.size() - expiry.firstRow;
        chain->expiries.push_back(expiry);
    }
    return chain;
}

QuoteRow underlyingRow(double ivRank, double rvol)
{
    QuoteRow row;
    row.id = 1;
    row.symbol = "SPY";
    row.ivRank = ivRank;
    row.relativeVolume = rvol;
    return row;
}

} // namespace

class TestScanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void selectsDescribedContracts()
    {
        const std::vector<std::shared_ptr<const ChainSnapshot>> chains = {makeChain()};
        const std::vector<QuoteRow> quotes = {underlyingRow(60, 1.8)};
        auto scanner =
            Scanner::create("rvol > 1.5 and ivr > 50 and dte <= 7 and abs(delta) between 0.25 "
                            "and 0.4");
        QVERIFY2(scanner.ok(), scanner.ok() ? "" : scanner.message().c_str());
        const auto hits = scanner->scan(chains, quotes);
        // 2-day expiry: call deltas 0.9, 0.7, 0.5, 0.3, 0.1 and put deltas -0.1 ... -0.9:
        // |delta| in [0.25, 0.4] -> the 105 call (0.3) and the 95 put (-0.3).
        QCOMPARE(hits.size(), std::size_t{2});
        QCOMPARE(hits[0].contract->strike, 95.0);
        QCOMPARE(hits[0].contract->right, OptionRight::Put);
        QCOMPARE(hits[1].contract->strike, 105.0);
        QCOMPARE(hits[1].contract->right, OptionRight::Call);
        QCOMPARE(hits[0].daysToExpiry, 2);
        QCOMPARE(hits[0].symbol, std::string("SPY"));

        // IV rank below the threshold, or unknown: nothing.
        QVERIFY(scanner->scan(chains, std::vector<QuoteRow>{underlyingRow(40, 1.8)}).empty());
        QVERIFY(scanner->scan(chains, std::vector<QuoteRow>{underlyingRow(NAN, 1.8)}).empty());
        QVERIFY(scanner->scan(chains, {}).empty());
    }

    void contractVariables()
    {
        const std::vector<std::shared_ptr<const ChainSnapshot>> chains = {makeChain()};
        auto count = [&](const char *rule) {
            auto scanner = Scanner::create(rule);
            if (!scanner)
                qFatal("%s", scanner.message().c_str());
            return scanner->scan(chains, {}).size();
        };
        QCOMPARE(count("call and otm"), std::size_t{4}); // 105, 110 calls x 2 expiries
        QCOMPARE(count("put and strike == 110"), std::size_t{2});
        QCOMPARE(count("iv > 19"), std::size_t{18});    // the two 110 puts have no IV
        QCOMPARE(count("not iv > 19"), std::size_t{0}); // unknown IVs stay unmatched under not
        QCOMPARE(count("voloi >= 5"), std::size_t{4});  // the 100 strikes
        QCOMPARE(count("spreadpct > 9 and spreadpct < 10"), std::size_t{20}); // 0.1 / 1.05
        QCOMPARE(count("sigmas <= 1 and dte == 9"), std::size_t{2});          // within 100 +- 3.3
        QCOMPARE(count("sigmas <= 2 and dte == 9"), std::size_t{6});          // within 100 +- 6.6
        QCOMPARE(count("moneyness > 9.99 and moneyness < 10.01"), std::size_t{4});
        QCOMPARE(count("atmiv > 19.99 and atmiv < 20.01 and spot == 100"), std::size_t{20});
    }

    void unknownVariableNamesItsColumn()
    {
        auto scanner = Scanner::create("dte <= 7 and foo > 1");
        QVERIFY(!scanner.ok());
        QVERIFY(scanner.message().starts_with("at column 14: unknown variable 'foo'"));
        auto syntax = Scanner::create("dte <= and");
        QVERIFY(!syntax.ok());
        QVERIFY(syntax.message().starts_with("at column"));
        QCOMPARE(Scanner::variables().size(), std::size_t{30});
    }
};

QTEST_GUILESS_MAIN(TestScanner)
#include "tst_scanner.moc"
