// American options with discrete cash dividends: the finite-difference pricer (americandividends.h)
// against QuantLib's FdBlackScholesVanillaEngine extrapolated to a converged value on 25 random
// options, and the properties that need no reference: dividends outside the option's life or of
// zero amount change nothing, the price moves the right way with the dividend, early exercise
// just before an ex-date, zero volatility, the grid's convergence and the no-arbitrage bounds.
// The 10,000-option comparison on a moderate QuantLib grid is
// tst_americandividendsrandom{puts,calls}.cpp.
//
// Inputs come from a seeded std::mt19937_64 (randomDividendCases()); a failure prints every
// input and every dividend.
#include "pricing/american.h"
#include "pricing/americandividends.h"
#include "pricing/americansampling.h"
#include "pricing/quantlibreference.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace mag7;
using namespace mag7::pricing;

namespace {

QString describe(const BsmInputs &in, std::span<const CashDividend> dividends)
{
    return QString::fromStdString(describeAmerican(in, dividends));
}

double intrinsicValue(const BsmInputs &in)
{
    return std::max(in.right == OptionRight::Call ? in.spot - in.strike : in.strike - in.spot, 0.0);
}

} // namespace

class TestAmericanDividends : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void againstConvergedQuantLib();
    void irrelevantDividendsChangeNothing();
    void priceMovesWithTheDividend();
    void callExercisedBeforeExDate();
    void zeroVolatility();
    void gridConverges();
    void boundsHold();
};

void TestAmericanDividends::againstConvergedQuantLib()
{
    // QuantLib's FdBlackScholesVanillaEngine with discrete dividends converges at first order in
    // its time step (the exercise constraint and the dividend jumps are applied between steps)
    // and at second order in its spot step; which dominates depends on the option. The
    // reference doubles both, 2 V(4000 x 4000) - V(2000 x 2000): the time error cancels and half
    // the (smaller) space error is left, within 1e-4 per 100 of the limit (checked against 8000
    // time steps and against our own grid at 6400 spot steps). A reference costs about 2.5 s;
    // 25 options here (the 10,000 of tst_americandividendsrandom{puts,calls}.cpp use a moderate
    // grid).
    constexpr std::size_t kCount = 25;
    constexpr double kTolerance = 2e-4;
    const std::vector<DividendCase> cases = randomDividendCases(515, kCount);
    QStringList failures;
    double worst = 0;
    for (const DividendCase &c : cases) {
        const double ours = americanPrice(c.in, c.dividends);
        const auto coarse = quantlib::americanPriceFiniteDifference(c.in, c.dividends, 2000, 2000);
        const auto fine = quantlib::americanPriceFiniteDifference(c.in, c.dividends, 4000, 4000);
        if (!coarse.ok() || !fine.ok())
            QFAIL(qPrintable(
                describe(c.in, c.dividends) + QLatin1Char(' ') +
                QString::fromStdString(coarse.ok() ? fine.message() : coarse.message())));
        const double reference = 2 * fine->price - coarse->price;
        const double error = scaledError(c.in, ours, reference);
        worst = std::max(worst, error);
        if (!(error <= kTolerance))
            failures << describe(c.in, c.dividends) +
                            QStringLiteral(" ours %1 converged QuantLib FD %2 (2000 and 4000 "
                                           "steps: %3 %4; scaled error %5)")
                                .arg(ours, 0, 'g', 17)
                                .arg(reference, 0, 'g', 17)
                                .arg(coarse->price, 0, 'g', 17)
                                .arg(fine->price, 0, 'g', 17)
                                .arg(error, 0, 'g', 3);
    }
    qInfo("%zu options with dividends: max scaled error %.3g against converged QuantLib FD",
          cases.size(), worst);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestAmericanDividends::irrelevantDividendsChangeNothing()
{
    // Ex-dates at or after expiry, at or before now, and zero amounts: the continuous-yield
    // price exactly.
    for (auto right : {OptionRight::Put, OptionRight::Call}) {
        const BsmInputs in{right, 100, 105, 0.5, 0.3, 0.04, 0.01};
        const std::vector<CashDividend> irrelevant{
            {0.5, 2.0}, {0.7, 1.0}, {0.0, 3.0}, {-0.1, 1.0}, {0.25, 0.0}};
        QCOMPARE(americanPrice(in, irrelevant), americanPrice(in));
        const Greeks with = americanGreeks(in, irrelevant);
        const Greeks without = americanGreeks(in);
        QCOMPARE(with.price, without.price);
        QCOMPARE(with.delta, without.delta);
    }
}

void TestAmericanDividends::priceMovesWithTheDividend()
{
    // A dividend lowers the forward: calls lose value, puts gain, monotonically in the amount.
    for (double spot : {80.0, 100.0, 120.0}) {
        double previousCall = std::numeric_limits<double>::infinity();
        double previousPut = 0;
        for (double amount : {0.0, 0.5, 1.0, 2.0, 4.0}) {
            const std::vector<CashDividend> dividends{{0.2, amount}, {0.45, amount}};
            const BsmInputs call{OptionRight::Call, spot, 100, 0.6, 0.3, 0.03, 0.0};
            const BsmInputs put{OptionRight::Put, spot, 100, 0.6, 0.3, 0.03, 0.0};
            const double c = americanPrice(call, dividends);
            const double p = americanPrice(put, dividends);
            QVERIFY2(c <= previousCall + 1e-12, qPrintable(describe(call, dividends)));
            QVERIFY2(p >= previousPut - 1e-12, qPrintable(describe(put, dividends)));
            previousCall = c;
            previousPut = p;
        }
    }
}

void TestAmericanDividends::callExercisedBeforeExDate()
{
    // A deep in-the-money call with a dividend larger than the interest on the strike is
    // exercised just before the ex-date: worth at least S - K now, and more than the European
    // call (which loses the dividend).
    const BsmInputs in{OptionRight::Call, 150, 100, 0.5, 0.2, 0.02, 0.0};
    const std::vector<CashDividend> dividends{{0.1, 5.0}};
    const double american = americanPrice(in, dividends);
    QVERIFY2(american >= 50.0, qPrintable(describe(in, dividends)));
    // The European call on the dividend-reduced forward (escrowed dividend): an upper bound for
    // a European option is not needed, only that early exercise is worth something.
    BsmInputs escrowed = in;
    escrowed.spot = in.spot - 5.0 * std::exp(-in.rate * 0.1);
    QVERIFY2(american > bsmPrice(escrowed) + 1.0,
             qPrintable(
                 describe(in, dividends) +
                 QStringLiteral(" american %1 european %2").arg(american).arg(bsmPrice(escrowed))));
    // The reference agrees.
    const auto ql = quantlib::americanPriceFiniteDifference(in, dividends, 2000, 2000);
    QVERIFY2(ql.ok(), ql.ok() ? "" : ql.message().c_str());
    QVERIFY2(scaledError(in, american, ql->price) <= 1e-3,
             qPrintable(describe(in, dividends) + QStringLiteral(" ours %1 QuantLib %2")
                                                      .arg(american, 0, 'g', 17)
                                                      .arg(ql->price, 0, 'g', 17)));
}

void TestAmericanDividends::zeroVolatility()
{
    // The path is deterministic; brute force over exercise times on a fine grid, with the
    // dividends dropping the spot.
    const std::vector<CashDividend> dividends{{0.25, 2.0}, {0.5, 2.0}, {0.75, 2.0}};
    for (auto right : {OptionRight::Put, OptionRight::Call}) {
        for (double spot : {90.0, 100.0, 110.0}) {
            const BsmInputs in{right, spot, 100, 1.0, 0.0, 0.03, 0.0};
            // Every time on a fine grid, plus each ex-date just after the drop.
            std::vector<double> times;
            for (int i = 0; i <= 100000; ++i)
                times.push_back(in.years * i / 100000);
            for (const CashDividend &d : dividends)
                times.push_back(std::nextafter(d.years, 2.0));
            double best = 0;
            for (const double t : times) {
                double s = spot * std::exp(in.rate * t);
                for (const CashDividend &d : dividends) {
                    if (d.years < t) // at the ex-date itself the holder still owns S
                        s -= d.amount * std::exp(in.rate * (t - d.years));
                }
                const double payoff =
                    std::max(right == OptionRight::Call ? s - in.strike : in.strike - s, 0.0);
                best = std::max(best, std::exp(-in.rate * t) * payoff);
            }
            const double ours = americanPrice(in, dividends);
            QVERIFY2(std::abs(ours - best) <= 1e-6,
                     qPrintable(describe(in, dividends) + QStringLiteral(" ours %1 brute %2")
                                                              .arg(ours, 0, 'g', 17)
                                                              .arg(best, 0, 'g', 17)));
        }
    }
}

void TestAmericanDividends::gridConverges()
{
    // The default grid against one sixteen times as fine in space and eight in time: the
    // extrapolated Crank-Nicolson scheme converges smoothly, so the two agree to well inside
    // the accuracy target.
    const std::vector<DividendCase> cases = randomDividendCases(616, 40);
    for (const DividendCase &c : cases) {
        const double ours = americanPrice(c.in, c.dividends);
        detail::FdGrid fine;
        fine.spaceSteps = 3200;
        fine.timeSteps = 1600;
        const double reference = detail::americanFiniteDifference(c.in, c.dividends, fine).price;
        QVERIFY2(scaledError(c.in, ours, reference) <= 1e-4,
                 qPrintable(describe(c.in, c.dividends) + QStringLiteral(" ours %1 fine %2")
                                                              .arg(ours, 0, 'g', 17)
                                                              .arg(reference, 0, 'g', 17)));
    }
}

void TestAmericanDividends::boundsHold()
{
    // At least intrinsic value; a call below S, a put below K.
    const std::vector<DividendCase> cases = randomDividendCases(717, 300);
    for (const DividendCase &c : cases) {
        const double price = americanPrice(c.in, c.dividends);
        const double upper = c.in.right == OptionRight::Call ? c.in.spot : c.in.strike;
        QVERIFY2(price >= intrinsicValue(c.in) - 1e-12 && price <= upper,
                 qPrintable(describe(c.in, c.dividends) + QStringLiteral(" price %1").arg(price)));
    }
}

QTEST_GUILESS_MAIN(TestAmericanDividends)
#include "tst_americandividends.moc"
