// Implied volatility: round trips over a wide grid and typed errors outside the bounds.
#include "pricing/impliedvol.h"

#include <QTest>

#include <cmath>

using namespace mag7;
using namespace mag7::pricing;

class TestImpliedVol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripsGrid();
    void boundsAreTypedErrors();
};

void TestImpliedVol::roundTripsGrid()
{
    int solved = 0;
    for (auto right : {OptionRight::Call, OptionRight::Put}) {
        for (double minutes : {5.0, 60.0, 390.0, 7 * 1440.0, 60 * 1440.0, 730 * 1440.0}) {
            const double years = minutes / (365.0 * 1440.0);
            for (double vol : {0.01, 0.05, 0.15, 0.5, 1.5, 5.0}) {
                for (double sigmas : {-6.0, -3.0, -1.0, 0.0, 1.0, 3.0, 6.0}) {
                    const double strike = 100.0 * std::exp(sigmas * vol * std::sqrt(years));
                    BsmInputs in{right, 100.0, strike, years, vol, 0.04, 0.01};
                    const double price = bsmPrice(in);
                    const double intrinsic = std::max(
                        right == OptionRight::Call
                            ? 100.0 * std::exp(-0.01 * years) - strike * std::exp(-0.04 * years)
                            : strike * std::exp(-0.04 * years) - 100.0 * std::exp(-0.01 * years),
                        0.0);
                    // Skip prices with no representable time value in double precision.
                    if (price - intrinsic < 1e-12 * std::max(1.0, price))
                        continue;
                    const IvResult iv = impliedVolatility(price, in);
                    const QString where = QStringLiteral("T=%1min vol=%2 K=%3 %4 price=%5")
                                              .arg(minutes)
                                              .arg(vol)
                                              .arg(strike, 0, 'g', 12)
                                              .arg(right == OptionRight::Call ? "call" : "put")
                                              .arg(price, 0, 'g', 17);
                    QVERIFY2(iv.ok(), qPrintable(where + " error " + ivErrorMessage(iv.error)));
                    in.vol = iv.vol;
                    const double back = bsmPrice(in);
                    QVERIFY2(std::abs(back - price) <= 1e-9 * std::max(price, 1e-3),
                             qPrintable(where + QStringLiteral(" back=%1 iv=%2")
                                                    .arg(back, 0, 'g', 17)
                                                    .arg(iv.vol, 0, 'g', 17)));
                    ++solved;
                }
            }
        }
    }
    QVERIFY(solved > 300);
}

void TestImpliedVol::boundsAreTypedErrors()
{
    const BsmInputs call{OptionRight::Call, 100.0, 90.0, 30.0 / 365, 0.0, 0.0, 0.0};
    QCOMPARE(impliedVolatility(9.0, call).error, IvError::BelowIntrinsic);
    QCOMPARE(impliedVolatility(10.0, call).error, IvError::NoTimeValue);
    QCOMPARE(impliedVolatility(100.0, call).error, IvError::AboveUpperBound);
    QCOMPARE(impliedVolatility(std::nan(""), call).error, IvError::InvalidInput);
    BsmInputs expired = call;
    expired.years = 0;
    QCOMPARE(impliedVolatility(11.0, expired).error, IvError::InvalidInput);
    QCOMPARE(QString(ivErrorMessage(IvError::BelowIntrinsic)), "below intrinsic");
}

QTEST_GUILESS_MAIN(TestImpliedVol)
#include "tst_impliedvol.moc"
