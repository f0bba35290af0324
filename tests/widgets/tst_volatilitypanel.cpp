// VolatilityPanel (offscreen): the smile plots the out-of-the-money side at each strike with the
// expiry's SVI fit through it, the term structure has one point per expiry with an ATM IV, and
// the panel follows the chosen underlying and expiry.
#include "pricing/volsurface.h"
#include "theme.h"
#include "volatilitypanel.h"

#include <QApplication>
#include <QLabel>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::VolatilityPanel;

namespace {

constexpr Date kNear = makeDate(2025, 1, 17);
constexpr Date kFar = makeDate(2025, 2, 21);

// IV = 0.2 + 0.5 k^2 - 0.1 k (k = ln(K/F)), forward 100; the near expiry carries a fit.
std::shared_ptr<ChainSnapshot> makeChain(const char *symbol)
{
    auto chain = std::make_shared<ChainSnapshot>();
    chain->symbol = symbol;
    chain->spot = 100;
    InstrumentId id = 1;
    for (const Date expiry : {kNear, kFar}) {
        ExpirySummary summary;
        summary.expiry = expiry;
        summary.daysToExpiry = expiry == kNear ? 4 : 39;
        summary.years = summary.daysToExpiry / 365.0;
        summary.forward = 100;
        summary.atmIv = expiry == kNear ? 0.22 : 0.2;
        summary.firstRow = chain->options.size();
        std::vector<pricing::SmileQuote> quotes;
        for (int strike = 80; strike <= 120; strike += 5) {
            const double k = std::log(strike / 100.0);
            const double iv = 0.2 + 0.5 * k * k - 0.1 * k;
            quotes.push_back({double(strike), iv, 1.0});
            for (const OptionRight right : {OptionRight::Call, OptionRight::Put}) {
                OptionRow row;
                row.id = id++;
                row.expiry = expiry;
                row.right = right;
                row.strike = strike;
                row.iv = iv + (right == OptionRight::Call ? 0.001 : 0.0);
                row.ivError = pricing::IvError::None;
                chain->options.push_back(row);
            }
        }
        if (expiry == kNear) {
            auto fit = pricing::fitSmile(100, summary.years, quotes);
            if (fit)
                summary.smile = fit.value();
        }
        summary.rowCount = chain->options.size() - summary.firstRow;
        chain->expiries.push_back(summary);
    }
    return chain;
}

} // namespace

class TestVolatilityPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }
    void plotsTheSmileAndItsFit();
    void plotsTheTermStructure();
    void followsSymbolAndExpiry();
};

void TestVolatilityPanel::plotsTheSmileAndItsFit()
{
    VolatilityPanel panel;
    DeskSnapshot snapshot;
    snapshot.chains = {makeChain("AAPL")};
    panel.setSymbol(QStringLiteral("AAPL"));
    panel.setSnapshot(snapshot);
    // Nine strikes, one point each: puts below the forward (80..95), calls from it (100..120).
    const auto &points = panel.smilePoints();
    QCOMPARE(points.size(), std::size_t(9));
    for (const auto &[strike, iv] : points) {
        const double k = std::log(strike / 100.0);
        const double put = 0.2 + 0.5 * k * k - 0.1 * k;
        QCOMPARE(iv, strike < 100 ? put : put + 0.001);
    }
    QVERIFY(!panel.fitCurve().empty());
    QCOMPARE(panel.fitCurve().front().first, 80.0);
    QCOMPARE(panel.fitCurve().back().first, 120.0);
    for (const auto &[strike, iv] : panel.fitCurve()) {
        const double k = std::log(strike / 100.0);
        QVERIFY2(std::abs(iv - (0.2 + 0.5 * k * k - 0.1 * k)) < 0.003,
                 qPrintable(QStringLiteral("%1: %2").arg(strike).arg(iv)));
    }
    QVERIFY(panel.titleLabel()->text().contains(QStringLiteral("SVI fit RMS")));
}

void TestVolatilityPanel::plotsTheTermStructure()
{
    VolatilityPanel panel;
    DeskSnapshot snapshot;
    snapshot.chains = {makeChain("AAPL")};
    panel.setSnapshot(snapshot);
    const auto &term = panel.termPoints();
    QCOMPARE(term.size(), std::size_t(2));
    QCOMPARE(term[0], std::make_pair(4.0, 0.22));
    QCOMPARE(term[1], std::make_pair(39.0, 0.2));
}

void TestVolatilityPanel::followsSymbolAndExpiry()
{
    VolatilityPanel panel;
    DeskSnapshot snapshot;
    snapshot.chains = {makeChain("AAPL"), makeChain("MSFT")};
    panel.setSnapshot(snapshot);
    panel.setSymbol(QStringLiteral("msft"));
    QVERIFY(panel.titleLabel()->text().startsWith(QStringLiteral("MSFT")));
    panel.setExpiry(kFar);
    QVERIFY(panel.titleLabel()->text().contains(QStringLiteral("2025-02-21")));
    QVERIFY(panel.fitCurve().empty()); // the far expiry has no fit
    QVERIFY(panel.titleLabel()->text().contains(QStringLiteral("no SVI fit")));
    QCOMPARE(panel.smilePoints().size(), std::size_t(9));
    panel.setSymbol(QStringLiteral("NOPE"));
    QVERIFY(panel.smilePoints().empty());
    QVERIFY(panel.titleLabel()->text().contains(QStringLiteral("No option chain")));
}

QTEST_MAIN(TestVolatilityPanel)
#include "tst_volatilitypanel.moc"
