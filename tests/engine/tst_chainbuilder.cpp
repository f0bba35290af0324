// ChainBuilder: rows, implied vols and Greeks, expiry summaries, 30-day ATM IV, smile
// statistics and GEX from constructed chains quoted at known vols.
#include "engine/chainbuilder.h"
#include "model/easterntime.h"
#include "model/occsymbol.h"
#include "pricing/blackscholes.h"
#include "pricing/timetoexpiry.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::engine;

namespace {
Timestamp at(const char *iso)
{
    return *parseIsoTimestamp(iso);
}

constexpr double kSpot = 590.0;
constexpr double kRate = 0.04;
constexpr double kYield = 0.012;

struct ChainFixture {
    InstrumentRegistry registry;
    InstrumentId spy = kInvalidInstrument;
    ChainInput input;

    explicit ChainFixture(Timestamp asOf)
    {
        Instrument s;
        s.symbol = "SPY";
        s.kind = InstrumentKind::Etf;
        spy = registry.add(s);
        input.underlying = spy;
        input.symbol = "SPY";
        input.asOf = asOf;
        input.spot = kSpot;
        input.rate = kRate;
        input.dividendYield = kYield;
    }

    // Quotes symmetric around the BSM value at `vol(strike)`, so the mid is the model price.
    template <class VolOf>
    void addExpiry(Date expiry, double from, double to, double step, VolOf volOf,
                   std::int64_t openInterest = 0)
    {
        for (double strike = from; strike <= to + 1e-9; strike += step) {
            for (auto right : {OptionRight::Call, OptionRight::Put}) {
                Instrument o;
                o.symbol =
                    OptionSymbol{"SPY", expiry, right, std::llround(strike * 1000)}.toCompact();
                o.kind = InstrumentKind::Option;
                o.underlying = "SPY";
                o.expiry = expiry;
                o.right = right;
                o.strike = toPrice(strike);
                o.multiplier = 100;
                const Instrument *instrument = registry.get(registry.add(o));
                const double years = pricing::yearsToExpiry(input.asOf, expiry);
                const double price =
                    pricing::bsmPrice({right, kSpot, strike, years, volOf(strike), kRate, kYield});
                ContractInput contract;
                contract.instrument = instrument;
                contract.quote.quoteTs = input.asOf;
                // Deep out of the money the bid floors at a cent and the mid leaves the model.
                contract.quote.bid = std::max<Price>(toPrice(price) - toPrice(0.05), kCent);
                contract.quote.ask = contract.quote.bid + toPrice(0.10);
                contract.quote.bidSize = contract.quote.askSize = 10;
                contract.openInterest = openInterest;
                input.contracts.push_back(contract);
            }
        }
    }
};

const auto flat18 = [](double) { return 0.18; };
} // namespace

class TestChainBuilder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAreSortedAndExpiredDropped();
    void impliedVolsAndGreeksMatchTheModel();
    void expirySummariesAndThirtyDayIv();
    void skewShowsInTheRiskReversal();
    void gexPerContractAndTotal();
    void unquotedContractsHaveNoIv();
    void carriesSmilesAndGexBetweenFits();
};

void TestChainBuilder::rowsAreSortedAndExpiredDropped()
{
    ChainFixture f(at("2025-01-13T10:00"));
    f.addExpiry(makeDate(2025, 1, 17), 580, 600, 5, flat18);
    f.addExpiry(makeDate(2025, 1, 10), 580, 600, 5, flat18); // expired last Friday
    f.addExpiry(makeDate(2025, 1, 14), 585, 595, 5, flat18);
    std::reverse(f.input.contracts.begin(), f.input.contracts.end());
    ChainBuilder builder;
    const auto chain = builder.build(f.input, {}, nullptr);
    QCOMPARE(chain->expiries.size(), std::size_t{2});
    QCOMPARE(chain->expiries[0].expiry, makeDate(2025, 1, 14));
    QCOMPARE(chain->expiries[0].daysToExpiry, 1);
    QCOMPARE(chain->expiries[1].daysToExpiry, 4);
    QCOMPARE(chain->options.size(), std::size_t{6 + 10});
    for (std::size_t i = 1; i < chain->options.size(); ++i) {
        const OptionRow &a = chain->options[i - 1];
        const OptionRow &b = chain->options[i];
        const bool ordered = a.expiry < b.expiry ||
                             (a.expiry == b.expiry &&
                              (a.strike < b.strike || (a.strike == b.strike && a.right < b.right)));
        QVERIFY(ordered);
    }
    QCOMPARE(chain->expiries[1].firstRow, std::size_t{6});
    QCOMPARE(chain->expiries[1].rowCount, std::size_t{10});
}

void TestChainBuilder::impliedVolsAndGreeksMatchTheModel()
{
    ChainFixture f(at("2025-01-13T10:00"));
    f.addExpiry(makeDate(2025, 2, 21), 560, 620, 5, flat18);
    ChainBuilder builder;
    const auto chain = builder.build(f.input, {}, nullptr);
    int checked = 0;
    for (const OptionRow &row : chain->options) {
        if (row.mid < 0.5)
            continue; // the cent floor moves deep OTM mids off the model
        QVERIFY2(row.ivError == pricing::IvError::None, row.instrument->symbol.c_str());
        QVERIFY2(std::abs(row.iv - 0.18) < 1e-4, qPrintable(QString::number(row.iv, 'g', 12)));
        const pricing::Greeks g =
            pricing::bsmGreeks({row.right, kSpot, row.strike, row.years, row.iv, kRate, kYield});
        QVERIFY(std::abs(g.delta - row.greeks.delta) < 1e-12);
        QVERIFY(std::abs(g.gamma - row.greeks.gamma) < 1e-12);
        QVERIFY(std::abs(g.vega - row.greeks.vega) < 1e-10);
        const double d2 =
            (std::log(kSpot / row.strike) + (kRate - kYield - 0.5 * row.iv * row.iv) * row.years) /
            (row.iv * std::sqrt(row.years));
        const double itm =
            row.right == OptionRight::Call ? pricing::normalCdf(d2) : pricing::normalCdf(-d2);
        QVERIFY(std::abs(row.probabilityItm - itm) < 1e-12);
        ++checked;
    }
    QVERIFY(checked > 15);
}

void TestChainBuilder::expirySummariesAndThirtyDayIv()
{
    ChainFixture f(at("2025-01-13T10:00"));
    // 28 and 36 days bracket 30: both quoted at 18% give 18% at 30 days.
    f.addExpiry(makeDate(2025, 2, 10), 560, 620, 1, flat18);
    f.addExpiry(makeDate(2025, 2, 18), 560, 620, 1, flat18);
    ChainBuilder builder;
    const auto chain = builder.build(f.input, {}, nullptr);
    QCOMPARE(chain->expiries.size(), std::size_t{2});
    for (const ExpirySummary &e : chain->expiries) {
        const double forward = kSpot * std::exp((kRate - kYield) * e.years);
        QVERIFY(std::abs(e.forward - forward) < 1e-9);
        QVERIFY(std::abs(e.atmStrike - forward) <= 0.5);
        QVERIFY2(std::abs(e.atmIv - 0.18) < 2e-4, qPrintable(QString::number(e.atmIv)));
        QVERIFY(std::abs(e.expectedMove - kSpot * e.atmIv * std::sqrt(e.years)) < 1e-9);
        QVERIFY(e.straddle > 0.7 * e.expectedMove &&
                e.straddle < 0.9 * e.expectedMove); // ~0.8 sigma
        QVERIFY(e.smile.has_value());
        QVERIFY2(std::abs(e.riskReversal25) < 0.002, qPrintable(QString::number(e.riskReversal25)));
        QVERIFY2(std::abs(e.butterfly25) < 0.002, qPrintable(QString::number(e.butterfly25)));
    }
    QVERIFY2(std::abs(chain->atmIv30 - 0.18) < 2e-4, qPrintable(QString::number(chain->atmIv30)));
}

void TestChainBuilder::skewShowsInTheRiskReversal()
{
    ChainFixture f(at("2025-01-13T10:00"));
    const double years = pricing::yearsToExpiry(f.input.asOf, makeDate(2025, 2, 21));
    const double forward = kSpot * std::exp((kRate - kYield) * years);
    // Equity put skew: IV falls with strike.
    const auto skewed = [&](double strike) {
        const double z = std::log(strike / forward) / (0.18 * std::sqrt(years));
        return 0.18 * (1 - 0.12 * z + 0.03 * z * z);
    };
    f.addExpiry(makeDate(2025, 2, 21), 500, 680, 2.5, skewed);
    ChainBuilder builder;
    const auto chain = builder.build(f.input, {}, nullptr);
    const ExpirySummary &e = chain->expiries.front();
    QVERIFY(e.smile.has_value());
    QVERIFY2(e.riskReversal25 < -0.01, qPrintable(QString::number(e.riskReversal25)));
    QVERIFY2(e.butterfly25 > 0, qPrintable(QString::number(e.butterfly25)));
}

void TestChainBuilder::gexPerContractAndTotal()
{
    ChainFixture f(at("2025-01-13T10:00"));
    f.addExpiry(makeDate(2025, 1, 17), 570, 610, 5, flat18, 1000);
    ChainBuilder builder;
    const auto chain = builder.build(f.input, {}, nullptr);
    double sum = 0;
    for (const OptionRow &row : chain->options) {
        if (row.ivError != pricing::IvError::None)
            continue;
        const double expected = (row.right == OptionRight::Call ? 1 : -1) * row.greeks.gamma *
                                1000 * 100 * kSpot * kSpot * 0.01;
        QVERIFY(std::abs(row.gex - expected) <= 1e-9 * std::abs(expected) + 1e-9);
        sum += row.gex;
    }
    QVERIFY2(std::abs(chain->gex.totalGex - sum) <= 1e-6 * std::abs(sum) + 1,
             qPrintable(QStringLiteral("%1 vs %2").arg(chain->gex.totalGex).arg(sum)));
    QVERIFY(!chain->gex.levels.empty());
}

void TestChainBuilder::unquotedContractsHaveNoIv()
{
    ChainFixture f(at("2025-01-13T10:00"));
    f.addExpiry(makeDate(2025, 1, 17), 590, 590, 5, flat18);
    f.input.contracts[0].quote = QuoteState{}; // no quote at all
    f.input.contracts[1].quote.bid = 0;        // offer only
    ChainBuilder builder;
    const auto chain = builder.build(f.input, {}, nullptr);
    for (const OptionRow &row : chain->options) {
        QCOMPARE(row.ivError, pricing::IvError::InvalidInput);
        QCOMPARE(row.iv, 0.0);
        QCOMPARE(row.greeks.delta, 0.0);
    }
}

void TestChainBuilder::carriesSmilesAndGexBetweenFits()
{
    ChainFixture f(at("2025-01-13T10:00"));
    f.addExpiry(makeDate(2025, 2, 21), 540, 640, 5, flat18, 500);
    ChainBuilder builder;
    const auto first = builder.build(f.input, {}, nullptr);
    QVERIFY(first->expiries.front().smile.has_value());
    f.input.spot = 600; // moves IVs; the carried smile and GEX stay those of the first build
    const auto second = builder.build(f.input, {false, false}, first.get());
    QCOMPARE(second->sequence, first->sequence + 1);
    QVERIFY(second->expiries.front().smile.has_value());
    QCOMPARE(second->expiries.front().smile->svi.a, first->expiries.front().smile->svi.a);
    QCOMPARE(second->gex.totalGex, first->gex.totalGex);
    QVERIFY(second->options.front().iv != first->options.front().iv);
}

QTEST_GUILESS_MAIN(TestChainBuilder)
#include "tst_chainbuilder.moc"
