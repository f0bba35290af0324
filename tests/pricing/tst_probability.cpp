// Probabilities (ITM, touch) and the position analyser: hand-computed breakevens and extremes,
// probability of profit and expected P/L against closed forms and seeded Monte Carlo.
#include "pricing/probability.h"

#include <QTest>

#include <chrono>
#include <cmath>
#include <random>
#include <tuple>

using namespace mag7;
using namespace mag7::pricing;

// Fails with every input (`where`) and both values.
#define EXPECT_NEAR(actual, expected, tolerance)                                                   \
    QVERIFY2(std::abs((actual) - (expected)) <= (tolerance),                                       \
             qPrintable(where + QStringLiteral(" | %1 = %2, expected %3 +- %4")                    \
                                    .arg(#actual)                                                  \
                                    .arg(actual, 0, 'g', 15)                                       \
                                    .arg(expected, 0, 'g', 15)                                     \
                                    .arg(tolerance)))

namespace {

constexpr double kDay = 1.0 / 365;

QString num(double v)
{
    return QString::number(v, 'g', 12);
}
QString num(const char *v)
{
    return QString::fromUtf8(v);
}
QString num(const QString &v)
{
    return v;
}
// The pattern's %1, %2, ... replaced by the values (numbers to 12 significant digits).
template <class... T>
QString text(const char *pattern, T... values)
{
    QString s = QString::fromUtf8(pattern);
    ((s = s.arg(num(values))), ...);
    return s;
}

QString describe(const Position &p)
{
    QString s = text("r=%1 q=%2 legs:", p.rate, p.dividendYield);
    for (const PositionLeg &l : p.legs) {
        if (l.kind == PositionLeg::Kind::Stock)
            s += text(" [stock qty=%1 entry=%2 mult=%3]", l.quantity, l.entryPrice, l.multiplier);
        else
            s += text(" [%1 K=%2 T=%3 qty=%4 entry=%5 vol=%6 mult=%7]",
                      l.right == OptionRight::Call ? "call" : "put", l.strike, l.expiryYears,
                      l.quantity, l.entryPrice, l.vol, l.multiplier);
    }
    return s;
}

QString describe(const PositionStats &s)
{
    QString b;
    for (double x : s.breakevens)
        b += " " + num(x);
    return text(" stats: maxProfit=%1%2 maxLoss=%3%4 breakevens=[%5] pop=%6 E[pnl]=%7", s.maxProfit,
                s.unlimitedProfit ? " (unlimited)" : "", s.maxLoss,
                s.unlimitedLoss ? " (unlimited)" : "", b, s.probabilityOfProfit, s.expectedPnl);
}

// An option leg entered at its BSM value under the position's rate and yield.
PositionLeg option(const Position &p, OptionRight right, double strike, double years, double qty,
                   double vol, double spot)
{
    PositionLeg leg;
    leg.kind = PositionLeg::Kind::Option;
    leg.right = right;
    leg.strike = strike;
    leg.expiryYears = years;
    leg.quantity = qty;
    leg.vol = vol;
    leg.entryPrice = bsmPrice({right, spot, strike, years, vol, p.rate, p.dividendYield});
    return leg;
}

PositionLeg stock(double qty, double entry)
{
    PositionLeg leg;
    leg.kind = PositionLeg::Kind::Stock;
    leg.quantity = qty;
    leg.entryPrice = entry;
    leg.multiplier = 1;
    return leg;
}

// P(lo < S_h < hi) for S_h lognormal with drift r - q.
double probabilityBetween(double spot, double lo, double hi, double years, double vol, double r,
                          double q)
{
    const double mean = std::log(spot) + (r - q - vol * vol / 2) * years;
    const double sd = vol * std::sqrt(years);
    auto cdf = [&](double x) { return x <= 0 ? 0.0 : normalCdf((std::log(x) - mean) / sd); };
    return (std::isinf(hi) ? 1.0 : cdf(hi)) - cdf(lo);
}

struct MonteCarlo {
    double pop = 0, popError = 0, mean = 0, meanError = 0;
};

MonteCarlo monteCarlo(const Position &p, double spot, double horizon, double vol, unsigned seed,
                      int paths)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    const double drift = (p.rate - p.dividendYield - vol * vol / 2) * horizon;
    const double sd = vol * std::sqrt(horizon);
    double wins = 0, sum = 0, sum2 = 0;
    for (int i = 0; i < paths; ++i) {
        const double pnl = positionPnl(p, spot * std::exp(drift + sd * normal(rng)), horizon, 0);
        wins += pnl > 0 ? 1 : 0;
        sum += pnl;
        sum2 += pnl * pnl;
    }
    const double n = paths;
    MonteCarlo mc;
    mc.pop = wins / n;
    mc.popError = std::sqrt(mc.pop * (1 - mc.pop) / n);
    mc.mean = sum / n;
    mc.meanError = std::sqrt(std::max(sum2 / n - mc.mean * mc.mean, 0.0) / n);
    return mc;
}

} // namespace

class TestProbability : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void probabilityItm_data();
    void probabilityItm();
    void touchClosedForms();
    void touchAgainstMonteCarlo_data();
    void touchAgainstMonteCarlo();
    void valueAndPnl();
    void singleOptions_data();
    void singleOptions();
    void verticalsCondorsButterflies();
    void straddle();
    void calendarAtFrontExpiry();
    void coveredCall();
    void popAgainstMonteCarlo_data();
    void popAgainstMonteCarlo();
    void degenerateInputs();
    void analyzeSpeed();

private:
    Position m_base{{}, 0.045, 0.01};
};

void TestProbability::probabilityItm_data()
{
    QTest::addColumn<double>("spot");
    QTest::addColumn<double>("strike");
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("vol");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("yield");
    QTest::newRow("ATM 30d") << 100.0 << 100.0 << 30 * kDay << 0.25 << 0.045 << 0.01;
    QTest::newRow("OTM call 1y") << 100.0 << 130.0 << 1.0 << 0.4 << 0.03 << 0.0;
    QTest::newRow("ITM call 0DTE") << 100.0 << 98.0 << 3.0 / 24 * kDay << 0.3 << 0.05 << 0.02;
    QTest::newRow("deep OTM") << 50.0 << 200.0 << 0.1 << 0.2 << 0.0 << 0.0;
}

void TestProbability::probabilityItm()
{
    QFETCH(double, spot);
    QFETCH(double, strike);
    QFETCH(double, years);
    QFETCH(double, vol);
    QFETCH(double, rate);
    QFETCH(double, yield);
    const BsmInputs call{OptionRight::Call, spot, strike, years, vol, rate, yield};
    BsmInputs put = call;
    put.right = OptionRight::Put;
    const double d2 = (std::log(spot / strike) + (rate - yield - vol * vol / 2) * years) /
                      (vol * std::sqrt(years));
    const QString where =
        text("S=%1 K=%2 T=%3 vol=%4 r=%5 q=%6", spot, strike, years, vol, rate, yield);
    EXPECT_NEAR(pricing::probabilityItm(call), normalCdf(d2), 1e-15);
    EXPECT_NEAR(pricing::probabilityItm(call) + pricing::probabilityItm(put), 1.0, 1e-15);
    // N(d2) is minus the discounted strike derivative of the call price.
    const double h = 1e-4 * strike;
    BsmInputs up = call, down = call;
    up.strike += h;
    down.strike -= h;
    const double fromPrices = -(bsmPrice(up) - bsmPrice(down)) / (2 * h) * std::exp(rate * years);
    EXPECT_NEAR(fromPrices, pricing::probabilityItm(call), 1e-6);
}

void TestProbability::touchClosedForms()
{
    // Zero drift in log space (r - q = vol^2 / 2): P(max >= B) = 2 P(S_T >= B) exactly, and
    // likewise for the minimum.
    const double vol = 0.3, years = 0.5, r = 0.045, q = r - vol * vol / 2;
    for (double barrier : {80.0, 95.0, 105.0, 120.0, 150.0}) {
        const OptionRight beyond = barrier > 100 ? OptionRight::Call : OptionRight::Put;
        const double itm = pricing::probabilityItm({beyond, 100, barrier, years, vol, r, q});
        const QString where = text("S=100 B=%1 T=%2 vol=%3 r=%4 q=%5", barrier, years, vol, r, q);
        EXPECT_NEAR(probabilityTouch(100, barrier, years, vol, r, q), 2 * itm, 1e-14);
    }
    // Touching is at least as likely as finishing beyond, and decreases with distance.
    double previous = 1;
    for (double barrier : {101.0, 110.0, 130.0, 200.0, 1000.0}) {
        const double touch = probabilityTouch(100, barrier, 0.25, 0.4, 0.05, 0.0);
        const double itm =
            pricing::probabilityItm({OptionRight::Call, 100, barrier, 0.25, 0.4, 0.05, 0.0});
        QVERIFY2(touch >= itm && touch < previous && touch >= 0,
                 qPrintable(text("S=100 T=0.25 vol=0.4 r=0.05 B=%1 touch %2 itm %3", barrier, touch,
                                 itm)));
        previous = touch;
    }
    QCOMPARE(probabilityTouch(100, 100, 0.25, 0.3, 0.05, 0), 1.0);
    QCOMPARE(probabilityTouch(100, 110, 0, 0.3, 0.05, 0), 0.0);
    QCOMPARE(probabilityTouch(100, -5, 0.25, 0.3, 0.05, 0), 0.0);
    // Zero vol: the forward path.
    QCOMPARE(probabilityTouch(100, 104, 1.0, 0.0, 0.05, 0), 1.0);
    QCOMPARE(probabilityTouch(100, 106, 1.0, 0.0, 0.05, 0), 0.0);
    // Extreme drift and tiny vol stay finite (the exp term is evaluated in log space).
    const QString where = "S=100 T=2 vol=0.01 r=0.5 q=0, B=130 and B=70";
    EXPECT_NEAR(probabilityTouch(100, 130, 2.0, 0.01, 0.5, 0.0), 1.0, 1e-12);
    EXPECT_NEAR(probabilityTouch(100, 70, 2.0, 0.01, 0.5, 0.0), 0.0, 1e-12);
}

void TestProbability::touchAgainstMonteCarlo_data()
{
    QTest::addColumn<double>("barrier");
    QTest::addColumn<double>("years");
    QTest::addColumn<double>("vol");
    QTest::addColumn<double>("rate");
    QTest::addColumn<double>("yield");
    QTest::addColumn<unsigned>("seed");
    QTest::newRow("up 10% 3m") << 110.0 << 0.25 << 0.3 << 0.05 << 0.01 << 101u;
    QTest::newRow("down 8% 1m") << 92.0 << 30 * kDay << 0.45 << 0.045 << 0.0 << 102u;
    QTest::newRow("up 25% 1y high drift") << 125.0 << 1.0 << 0.2 << 0.10 << 0.0 << 103u;
    QTest::newRow("down 2% 1d") << 98.0 << kDay << 0.35 << 0.045 << 0.0 << 104u;
}

void TestProbability::touchAgainstMonteCarlo()
{
    QFETCH(double, barrier);
    QFETCH(double, years);
    QFETCH(double, vol);
    QFETCH(double, rate);
    QFETCH(double, yield);
    QFETCH(unsigned, seed);
    // Fine steps with the Brownian-bridge crossing probability between steps, so that the
    // estimate is of continuous monitoring (no discretisation bias), up to sampling error.
    constexpr int kPaths = 40000, kSteps = 200;
    const double dt = years / kSteps;
    const double mu = (rate - yield - vol * vol / 2) * dt;
    const double sd = vol * std::sqrt(dt);
    const double b = std::log(barrier / 100);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> uniform;
    int touched = 0;
    for (int p = 0; p < kPaths; ++p) {
        double x = 0;
        bool hit = false;
        for (int s = 0; s < kSteps && !hit; ++s) {
            const double next = x + mu + sd * normal(rng);
            if ((b > 0 && next >= b) || (b < 0 && next <= b)) {
                hit = true;
            } else {
                const double cross = std::exp(-2 * (b - x) * (b - next) / (sd * sd));
                hit = uniform(rng) < cross;
            }
            x = next;
        }
        touched += hit ? 1 : 0;
    }
    const double mc = static_cast<double>(touched) / kPaths;
    const double se = std::sqrt(mc * (1 - mc) / kPaths);
    const double exact = probabilityTouch(100, barrier, years, vol, rate, yield);
    const QString where =
        text("S=100 B=%1 T=%2 vol=%3 r=%4 q=%5 seed=%6 paths=%7 steps=%8 MC +- %9", barrier, years,
             vol, rate, yield, seed, kPaths, kSteps, se);
    EXPECT_NEAR(mc, exact, 4 * se + 1e-4);
}

void TestProbability::valueAndPnl()
{
    const double spot = 200, vol = 0.3;
    Position condor = m_base;
    condor.legs = {option(condor, OptionRight::Put, 180, 30 * kDay, 1, vol, spot),
                   option(condor, OptionRight::Put, 190, 30 * kDay, -1, vol, spot),
                   option(condor, OptionRight::Call, 210, 30 * kDay, -1, vol, spot),
                   option(condor, OptionRight::Call, 220, 30 * kDay, 1, vol, spot)};
    const QString where = describe(condor);
    // Marked at entry prices and vols: no P/L, and the value is the entry cost (a credit here).
    EXPECT_NEAR(positionPnl(condor, spot, 0, 0), 0.0, 1e-10);
    EXPECT_NEAR(positionValue(condor, spot, 0, 0), positionEntryCost(condor), 1e-10);
    QVERIFY(positionEntryCost(condor) < 0);
    // At expiry: intrinsic values. At 215 the short 210 call is 5 in, the rest worthless; past
    // the expiry too (remaining time negative).
    const double credit = -positionEntryCost(condor) / 100;
    EXPECT_NEAR(positionValue(condor, 215, 30 * kDay, 0), -500.0, 1e-10);
    EXPECT_NEAR(positionPnl(condor, 215, 30 * kDay, 0), (credit - 5) * 100, 1e-9);
    EXPECT_NEAR(positionPnl(condor, 215, 40 * kDay, 0), (credit - 5) * 100, 1e-9);
    // An IV shift of one point moves a live position by about its vega (per vol point).
    double vega = 0;
    for (const PositionLeg &l : condor.legs)
        vega += l.quantity * 100 *
                bsmGreeks({l.right, spot, l.strike, l.expiryYears, l.vol, condor.rate,
                           condor.dividendYield})
                    .vega;
    EXPECT_NEAR(positionPnl(condor, spot, 0, 0.01), vega, 0.02 * std::abs(vega));
    // Stock: value = quantity x spot; P/L against its entry.
    Position shares = m_base;
    shares.legs = {stock(100, 50)};
    QCOMPARE(positionValue(shares, 55, 0.1, 0), 5500.0);
    QCOMPARE(positionPnl(shares, 55, 0.1, 0), 500.0);
    // pnlProfile is positionPnl point by point.
    const std::vector<double> spots{150, 185, 200, 212.5, 260};
    const PnlCurve curve = pnlProfile(condor, spots, 10 * kDay, -0.02);
    QCOMPARE(curve.spots, spots);
    for (std::size_t i = 0; i < spots.size(); ++i)
        EXPECT_NEAR(curve.pnl[i], positionPnl(condor, spots[i], 10 * kDay, -0.02), 1e-9);
}

void TestProbability::singleOptions_data()
{
    QTest::addColumn<bool>("call");
    QTest::addColumn<double>("quantity");
    QTest::addColumn<double>("strike");
    QTest::newRow("long call") << true << 1.0 << 105.0;
    QTest::newRow("short call") << true << -1.0 << 105.0;
    QTest::newRow("long put") << false << 2.0 << 95.0;
    QTest::newRow("short put") << false << -3.0 << 95.0;
}

void TestProbability::singleOptions()
{
    QFETCH(bool, call);
    QFETCH(double, quantity);
    QFETCH(double, strike);
    const double spot = 100, vol = 0.35, years = 45 * kDay;
    Position p = m_base;
    const OptionRight right = call ? OptionRight::Call : OptionRight::Put;
    p.legs = {option(p, right, strike, years, quantity, vol, spot)};
    const double premium = p.legs[0].entryPrice;
    const PositionStats s = analyzePosition(p, spot, years, vol);
    const QString where = describe(p) + describe(s);
    // Breakeven K +- premium; PoP = P(S_T beyond it), e.g. P(S_T > K + premium), long call.
    QVERIFY2(s.breakevens.size() == 1, qPrintable(where));
    const double breakeven = call ? strike + premium : strike - premium;
    EXPECT_NEAR(s.breakevens[0], breakeven, 1e-9);
    const bool longSide = quantity > 0;
    const double beyond =
        pricing::probabilityItm({right, spot, breakeven, years, vol, p.rate, p.dividendYield});
    EXPECT_NEAR(s.probabilityOfProfit, longSide ? beyond : 1 - beyond, 1e-10);
    // Extremes: the premium on one side; the strike less the premium (puts, at S = 0) or
    // unlimited (calls) on the other.
    const double size = std::abs(quantity) * 100;
    const double limited = longSide ? s.maxLoss : s.maxProfit;
    const double other = longSide ? s.maxProfit : s.maxLoss;
    EXPECT_NEAR(std::abs(limited), premium * size, 1e-9);
    QVERIFY2(s.unlimitedProfit == (call && longSide) && s.unlimitedLoss == (call && !longSide),
             qPrintable(where));
    if (call)
        QVERIFY2(std::isinf(other) && (other > 0) == longSide, qPrintable(where));
    else
        EXPECT_NEAR(std::abs(other), (strike - premium) * size, 1e-9);
    // Expected P/L at expiry: e^(rT) x the BSM value at the analysis vol, less the premium;
    // with the analysis vol equal to the leg's, (e^(rT) - 1) x premium per unit.
    EXPECT_NEAR(s.expectedPnl, quantity * 100 * premium * (std::exp(p.rate * years) - 1), 1e-9);
}

void TestProbability::verticalsCondorsButterflies()
{
    const double spot = 100, vol = 0.25, years = 30 * kDay;
    const double r = m_base.rate, q = m_base.dividendYield;
    auto between = [&](double lo, double hi) {
        return probabilityBetween(spot, lo, hi, years, vol, r, q);
    };
    { // Bull call spread 100/110: breakeven 100 + debit.
        Position p = m_base;
        p.legs = {option(p, OptionRight::Call, 100, years, 1, vol, spot),
                  option(p, OptionRight::Call, 110, years, -1, vol, spot)};
        const double debit = positionEntryCost(p) / 100;
        const PositionStats s = analyzePosition(p, spot, years, vol);
        const QString where = describe(p) + describe(s);
        QVERIFY2(s.breakevens.size() == 1 && !s.unlimitedProfit && !s.unlimitedLoss,
                 qPrintable(where));
        EXPECT_NEAR(s.breakevens[0], 100 + debit, 1e-9);
        EXPECT_NEAR(s.maxProfit, (10 - debit) * 100, 1e-9);
        EXPECT_NEAR(s.maxLoss, -debit * 100, 1e-9);
        EXPECT_NEAR(s.probabilityOfProfit, between(100 + debit, INFINITY), 1e-10);
    }
    { // Iron condor 90/95/105/110: breakevens at the short strikes -+ the credit.
        Position p = m_base;
        p.legs = {option(p, OptionRight::Put, 90, years, 1, vol, spot),
                  option(p, OptionRight::Put, 95, years, -1, vol, spot),
                  option(p, OptionRight::Call, 105, years, -1, vol, spot),
                  option(p, OptionRight::Call, 110, years, 1, vol, spot)};
        const double credit = -positionEntryCost(p) / 100;
        const PositionStats s = analyzePosition(p, spot, years, vol);
        const QString where = describe(p) + describe(s);
        QVERIFY2(s.breakevens.size() == 2 && !s.unlimitedProfit && !s.unlimitedLoss,
                 qPrintable(where));
        EXPECT_NEAR(s.breakevens[0], 95 - credit, 1e-9);
        EXPECT_NEAR(s.breakevens[1], 105 + credit, 1e-9);
        EXPECT_NEAR(s.maxProfit, credit * 100, 1e-9);
        EXPECT_NEAR(s.maxLoss, -(5 - credit) * 100, 1e-9);
        EXPECT_NEAR(s.probabilityOfProfit, between(95 - credit, 105 + credit), 1e-10);
    }
    { // 1x2 call ratio 100/105: unlimited loss above, breakevens 100 + debit and 110 - debit.
        Position p = m_base;
        p.legs = {option(p, OptionRight::Call, 100, years, 1, vol, spot),
                  option(p, OptionRight::Call, 105, years, -2, vol, spot)};
        const double debit = positionEntryCost(p) / 100;
        const PositionStats s = analyzePosition(p, spot, years, vol);
        const QString where = describe(p) + describe(s);
        QVERIFY2(debit > 0 && s.breakevens.size() == 2, qPrintable(where));
        EXPECT_NEAR(s.breakevens[0], 100 + debit, 1e-9);
        EXPECT_NEAR(s.breakevens[1], 110 - debit, 1e-9);
        EXPECT_NEAR(s.maxProfit, (5 - debit) * 100, 1e-9);
        QVERIFY2(s.unlimitedLoss && !s.unlimitedProfit && std::isinf(s.maxLoss), qPrintable(where));
        EXPECT_NEAR(s.probabilityOfProfit, between(100 + debit, 110 - debit), 1e-10);
    }
    { // Long call butterfly 95/100/105: breakevens at the wings +- the debit.
        Position p = m_base;
        p.legs = {option(p, OptionRight::Call, 95, years, 1, vol, spot),
                  option(p, OptionRight::Call, 100, years, -2, vol, spot),
                  option(p, OptionRight::Call, 105, years, 1, vol, spot)};
        const double debit = positionEntryCost(p) / 100;
        const PositionStats s = analyzePosition(p, spot, years, vol);
        const QString where = describe(p) + describe(s);
        QVERIFY2(s.breakevens.size() == 2, qPrintable(where));
        EXPECT_NEAR(s.breakevens[0], 95 + debit, 1e-9);
        EXPECT_NEAR(s.breakevens[1], 105 - debit, 1e-9);
        EXPECT_NEAR(s.maxProfit, (5 - debit) * 100, 1e-9);
        EXPECT_NEAR(s.maxLoss, -debit * 100, 1e-9);
        EXPECT_NEAR(s.probabilityOfProfit, between(95 + debit, 105 - debit), 1e-10);
    }
}

void TestProbability::straddle()
{
    const double spot = 100, vol = 0.4, years = 20 * kDay;
    Position p = m_base;
    p.legs = {option(p, OptionRight::Call, 100, years, 1, vol, spot),
              option(p, OptionRight::Put, 100, years, 1, vol, spot)};
    const double cost = positionEntryCost(p) / 100;
    const double inside =
        probabilityBetween(spot, 100 - cost, 100 + cost, years, vol, p.rate, p.dividendYield);
    {
        const PositionStats s = analyzePosition(p, spot, years, vol);
        const QString where = describe(p) + describe(s);
        QVERIFY2(s.breakevens.size() == 2 && s.unlimitedProfit && !s.unlimitedLoss,
                 qPrintable(where));
        EXPECT_NEAR(s.breakevens[0], 100 - cost, 1e-9);
        EXPECT_NEAR(s.breakevens[1], 100 + cost, 1e-9);
        EXPECT_NEAR(s.maxLoss, -cost * 100, 1e-9);
        EXPECT_NEAR(s.probabilityOfProfit, 1 - inside, 1e-10);
    }
    for (PositionLeg &l : p.legs) // short straddle: the mirror image
        l.quantity = -l.quantity;
    const PositionStats s = analyzePosition(p, spot, years, vol);
    const QString where = describe(p) + describe(s);
    QVERIFY2(s.unlimitedLoss && !s.unlimitedProfit, qPrintable(where));
    EXPECT_NEAR(s.maxProfit, cost * 100, 1e-9);
    EXPECT_NEAR(s.probabilityOfProfit, inside, 1e-10);
}

void TestProbability::calendarAtFrontExpiry()
{
    const double spot = 150, front = 14 * kDay, back = 45 * kDay;
    Position p = m_base;
    // No yield: with q > 0 the back call's forward drifts below the short stock the front call
    // becomes, and the loss is (slowly) unlimited.
    p.dividendYield = 0;
    p.legs = {option(p, OptionRight::Call, 150, front, -1, 0.32, spot),
              option(p, OptionRight::Call, 150, back, 1, 0.28, spot)};
    const PositionStats s = analyzePosition(p, spot, front, 0.30);
    const MonteCarlo mc = monteCarlo(p, spot, front, 0.30, 7, 200000);
    const QString where = describe(p) + describe(s) +
                          text(" analysis vol 0.30, MC (200k paths, seed 7): pop %1 +- %2, mean "
                               "%3 +- %4",
                               mc.pop, mc.popError, mc.mean, mc.meanError);
    // At the front expiry the back call is BSM-priced with the 31 days it has left.
    const double backValue =
        bsmPrice({OptionRight::Call, 160, 150, back - front, 0.28, p.rate, p.dividendYield});
    EXPECT_NEAR(positionPnl(p, 160, front, 0), 100 * (backValue - 10) - positionEntryCost(p), 1e-9);
    // Two breakevens around the strike with zero P/L; the loss is at most the debit; the peak
    // matches a fine scan.
    QVERIFY2(s.breakevens.size() == 2 && s.breakevens[0] < 150 && s.breakevens[1] > 150 &&
                 !s.unlimitedProfit && !s.unlimitedLoss,
             qPrintable(where));
    for (double be : s.breakevens)
        EXPECT_NEAR(positionPnl(p, be, front, 0), 0.0, 1e-7);
    EXPECT_NEAR(s.maxLoss, -positionEntryCost(p), 1e-6);
    double peak = -1e300;
    for (double x = 140; x <= 160; x += 0.001)
        peak = std::max(peak, positionPnl(p, x, front, 0));
    QVERIFY2(s.maxProfit >= peak - 1e-9 && s.maxProfit < peak + 1e-4,
             qPrintable(where + " scanned peak " + num(peak)));
    EXPECT_NEAR(s.probabilityOfProfit, mc.pop, 4 * mc.popError);
    EXPECT_NEAR(s.expectedPnl, mc.mean, 4 * mc.meanError);
}

void TestProbability::coveredCall()
{
    const double spot = 100, vol = 0.3, years = 30 * kDay;
    Position p = m_base;
    p.dividendYield = 0; // so that stock and call cancel exactly beyond the strike
    p.legs = {stock(100, 100), option(p, OptionRight::Call, 105, years, -1, vol, spot)};
    const double c = p.legs[1].entryPrice;
    {
        const PositionStats s = analyzePosition(p, spot, years, vol);
        const QString where = describe(p) + describe(s);
        QVERIFY2(s.breakevens.size() == 1 && !s.unlimitedProfit && !s.unlimitedLoss,
                 qPrintable(where));
        EXPECT_NEAR(s.breakevens[0], 100 - c, 1e-9);
        EXPECT_NEAR(s.maxProfit, (5 + c) * 100, 1e-9);
        EXPECT_NEAR(s.maxLoss, -(100 - c) * 100, 1e-9); // at S = 0
        EXPECT_NEAR(s.probabilityOfProfit,
                    probabilityBetween(spot, 100 - c, INFINITY, years, vol, p.rate, 0), 1e-10);
    }
    p.legs.pop_back(); // stock alone: unlimited profit, loss bounded by the entry
    const PositionStats s = analyzePosition(p, spot, years, vol);
    const QString where = describe(p) + describe(s);
    QVERIFY2(s.unlimitedProfit && !s.unlimitedLoss && s.breakevens.size() == 1, qPrintable(where));
    EXPECT_NEAR(s.maxLoss, -10000.0, 1e-9);
    EXPECT_NEAR(s.breakevens[0], 100.0, 1e-9);
}

void TestProbability::popAgainstMonteCarlo_data()
{
    QTest::addColumn<int>("structure");
    QTest::addColumn<double>("horizonDays");
    QTest::newRow("condor at expiry") << 0 << 30.0;
    QTest::newRow("condor midway") << 0 << 12.0;
    QTest::newRow("butterfly at expiry") << 1 << 30.0;
    QTest::newRow("put spread + shares midway") << 2 << 15.0;
}

void TestProbability::popAgainstMonteCarlo()
{
    QFETCH(int, structure);
    QFETCH(double, horizonDays);
    const double spot = 480, vol = 0.22, years = 30 * kDay;
    Position p = m_base;
    using R = OptionRight;
    if (structure == 0)
        p.legs = {option(p, R::Put, 440, years, 2, 0.26, spot),
                  option(p, R::Put, 455, years, -2, 0.24, spot),
                  option(p, R::Call, 505, years, -2, 0.20, spot),
                  option(p, R::Call, 520, years, 2, 0.19, spot)};
    else if (structure == 1)
        p.legs = {option(p, R::Put, 470, years, 1, 0.23, spot),
                  option(p, R::Put, 480, years, -2, 0.22, spot),
                  option(p, R::Put, 490, years, 1, 0.21, spot)};
    else
        p.legs = {stock(50, 480), option(p, R::Put, 470, years, 1, 0.23, spot),
                  option(p, R::Put, 450, years, -1, 0.25, spot)};
    const double horizon = horizonDays * kDay;
    const unsigned seed = 1000u + static_cast<unsigned>(structure);
    const PositionStats s = analyzePosition(p, spot, horizon, vol);
    const MonteCarlo mc = monteCarlo(p, spot, horizon, vol, seed, 200000);
    const QString where = describe(p) + describe(s) +
                          text(" horizon %1d vol %2, MC (200k paths, seed %3): pop %4 +- %5, "
                               "mean %6 +- %7",
                               horizonDays, vol, seed, mc.pop, mc.popError, mc.mean, mc.meanError);
    EXPECT_NEAR(s.probabilityOfProfit, mc.pop, 4 * mc.popError);
    EXPECT_NEAR(s.expectedPnl, mc.mean, 4 * mc.meanError);
    for (double be : s.breakevens)
        EXPECT_NEAR(positionPnl(p, be, horizon, 0), 0.0, 1e-7);
}

void TestProbability::degenerateInputs()
{
    const PositionStats e = analyzePosition(m_base, 100, 0.1, 0.3);
    QVERIFY(e.breakevens.empty() && e.maxProfit == 0 && e.maxLoss == 0 &&
            e.probabilityOfProfit == 0);
    // Zero vol: the spot at the horizon is the forward, so PoP is 0 or 1.
    Position p = m_base;
    p.legs = {option(p, OptionRight::Call, 100, 0.1, 1, 0.3, 100)};
    QCOMPARE(analyzePosition(p, 100, 0.1, 0.0).probabilityOfProfit, 0.0); // below K + premium
    QCOMPARE(analyzePosition(p, 120, 0.1, 0.0).probabilityOfProfit, 1.0);
    // Horizon now: a position entered at fair value expects no P/L.
    QVERIFY(std::abs(analyzePosition(p, 100, 0, 0.3).expectedPnl) < 1e-10);
    QVERIFY(std::isnan(probabilityTouch(0, 100, 1, 0.2, 0, 0)));
    QVERIFY(std::isnan(pricing::probabilityItm({OptionRight::Call, 100, 0, 1, 0.2, 0, 0})));
    QCOMPARE(pricing::probabilityItm({OptionRight::Call, 101, 100, 0, 0.2, 0, 0}), 1.0);
    QCOMPARE(pricing::probabilityItm({OptionRight::Put, 101, 100, 0, 0.2, 0, 0}), 0.0);
}

void TestProbability::analyzeSpeed()
{
    const double spot = 100, years = 30 * kDay;
    Position condor = m_base;
    condor.legs = {option(condor, OptionRight::Put, 90, years, 1, 0.27, spot),
                   option(condor, OptionRight::Put, 95, years, -1, 0.25, spot),
                   option(condor, OptionRight::Call, 105, years, -1, 0.23, spot),
                   option(condor, OptionRight::Call, 110, years, 1, 0.22, spot)};
    Position calendar = m_base;
    calendar.legs = {option(calendar, OptionRight::Call, 100, 14 * kDay, -1, 0.3, spot),
                     option(calendar, OptionRight::Call, 100, 45 * kDay, 1, 0.28, spot)};
    for (const auto &[name, position, horizon] :
         {std::tuple{"iron condor at expiry", &condor, years},
          std::tuple{"iron condor at T+10d", &condor, 10 * kDay},
          std::tuple{"calendar at front expiry", &calendar, 14 * kDay}}) {
        constexpr int kRuns = 200;
        double sink = 0;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < kRuns; ++i)
            sink += analyzePosition(*position, spot + 0.01 * i, horizon, 0.25).probabilityOfProfit;
        const double micros =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                .count() /
            kRuns;
        qInfo("analyzePosition, %s: %.0f us (mean PoP %.3f)", name, micros, sink / kRuns);
        QVERIFY2(micros < 20000, qPrintable(QStringLiteral("%1 us").arg(micros)));
    }
}

QTEST_GUILESS_MAIN(TestProbability)
#include "tst_probability.moc"
