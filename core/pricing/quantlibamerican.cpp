// QuantLib 1.29 American engines as the reference for american.h (see quantlibreference.h).
//
// Times: QuantLib is built with QL_HIGH_RESOLUTION_DATE, so the expiry and every ex-dividend
// instant are placed at `years` x 365 days after a fixed reference date to the microsecond
// (Actual/365 Fixed), i.e. minutes-to-expiry options are priced at their exact time.
// Greeks: QdFpAmericanEngine only gives the price; BaroneAdesiWhaley and the finite-difference
// engine give some Greeks. Greeks an engine does not provide are NaN. Units as in
// blackscholes.h (theta per calendar day, vega and rho per point).
// Finite differences: FdBlackScholesVanillaEngine, Crank-Nicolson (Douglas) with damping steps,
// on a fine grid (kFdTimeSteps x kFdSpotSteps); cash dividends with the Spot model (S -> S - D
// at the ex-dividend instant) through DividendVanillaOption, the 1.29 dividend-schedule API.
#include "pricing/quantlibreference.h"

#include <ql/exercise.hpp>
#include <ql/instruments/dividendvanillaoption.hpp>
#include <ql/instruments/payoffs.hpp>
#include <ql/instruments/vanillaoption.hpp>
#include <ql/math/solvers1d/brent.hpp>
#include <ql/pricingengines/vanilla/baroneadesiwhaleyengine.hpp>
#include <ql/pricingengines/vanilla/fdblackscholesvanillaengine.hpp>
#include <ql/pricingengines/vanilla/qdfpamericanengine.hpp>
#include <ql/processes/blackscholesprocess.hpp>
#include <ql/quotes/simplequote.hpp>
#include <ql/settings.hpp>
#include <ql/termstructures/volatility/equityfx/blackconstantvol.hpp>
#include <ql/termstructures/yield/flatforward.hpp>
#include <ql/time/calendars/nullcalendar.hpp>
#include <ql/time/daycounters/actual365fixed.hpp>

#include <cmath>
#include <exception>
#include <limits>
#include <string>
#include <vector>

namespace mag7::pricing::quantlib {

namespace {

namespace ql = QuantLib;

constexpr ql::Size kFdTimeSteps = 2000;
constexpr ql::Size kFdSpotSteps = 2000;
constexpr ql::Size kFdDampingSteps = 10;

ql::Date referenceDate()
{
    return ql::Date(2, ql::January, 2025, 0, 0, 0);
}

// The instant `years` (Actual/365 Fixed) after the reference date, to the microsecond.
// (Periods shorter than a day are not supported by Date arithmetic; the constructor is.)
ql::Date dateAt(double years)
{
    const auto totalMicros = static_cast<long long>(std::llround(years * 365.0 * 86400.0 * 1e6));
    constexpr long long kMicrosPerDay = 86400LL * 1000000LL;
    const long long days = totalMicros / kMicrosPerDay;
    long long rest = totalMicros % kMicrosPerDay;
    const auto hours = static_cast<ql::Hour>(rest / 3600000000LL);
    rest %= 3600000000LL;
    const auto minutes = static_cast<ql::Minute>(rest / 60000000LL);
    rest %= 60000000LL;
    const auto seconds = static_cast<ql::Second>(rest / 1000000LL);
    rest %= 1000000LL;
    const auto millis = static_cast<ql::Millisecond>(rest / 1000);
    const auto micros = static_cast<ql::Microsecond>(rest % 1000);
    const ql::Date day = referenceDate() + static_cast<ql::Date::serial_type>(days);
    return ql::Date(day.dayOfMonth(), day.month(), day.year(), hours, minutes, seconds, millis,
                    micros);
}

// One American option with its market, ready to be priced by any engine.
struct Setup {
    ql::ext::shared_ptr<ql::SimpleQuote> vol;
    ql::ext::shared_ptr<ql::GeneralizedBlackScholesProcess> process;
    ql::ext::shared_ptr<ql::OneAssetOption> option;
};

Setup makeSetup(const BsmInputs &in, std::span<const CashDividend> dividends, bool withDividends)
{
    ql::Settings::instance().evaluationDate() = referenceDate();
    const ql::DayCounter dayCounter = ql::Actual365Fixed();
    const ql::Date today = referenceDate();
    Setup setup;
    setup.vol = ql::ext::make_shared<ql::SimpleQuote>(in.vol);
    const ql::Handle<ql::Quote> spot(ql::ext::make_shared<ql::SimpleQuote>(in.spot));
    const ql::Handle<ql::YieldTermStructure> rate(
        ql::ext::make_shared<ql::FlatForward>(today, in.rate, dayCounter, ql::Continuous));
    const ql::Handle<ql::YieldTermStructure> yield(
        ql::ext::make_shared<ql::FlatForward>(today, in.dividendYield, dayCounter, ql::Continuous));
    const ql::Handle<ql::BlackVolTermStructure> vol(ql::ext::make_shared<ql::BlackConstantVol>(
        today, ql::NullCalendar(), ql::Handle<ql::Quote>(setup.vol), dayCounter));
    setup.process = ql::ext::make_shared<ql::BlackScholesMertonProcess>(spot, yield, rate, vol);

    const ql::Date expiry = dateAt(in.years);
    const auto payoff = ql::ext::make_shared<ql::PlainVanillaPayoff>(
        in.right == OptionRight::Call ? ql::Option::Call : ql::Option::Put, in.strike);
    const auto exercise = ql::ext::make_shared<ql::AmericanExercise>(today, expiry);
    if (withDividends) {
        std::vector<ql::Date> dates;
        std::vector<ql::Real> amounts;
        for (const CashDividend &dividend : dividends) {
            if (dividend.years > 0 && dividend.years < in.years && dividend.amount != 0) {
                dates.push_back(dateAt(dividend.years));
                amounts.push_back(dividend.amount);
            }
        }
        setup.option =
            ql::ext::make_shared<ql::DividendVanillaOption>(payoff, exercise, dates, amounts);
    } else {
        setup.option = ql::ext::make_shared<ql::VanillaOption>(payoff, exercise);
    }
    return setup;
}

ql::ext::shared_ptr<ql::PricingEngine>
makeEngine(AmericanEngine engine,
           const ql::ext::shared_ptr<ql::GeneralizedBlackScholesProcess> &process,
           ql::Size timeSteps = kFdTimeSteps, ql::Size spotSteps = kFdSpotSteps)
{
    switch (engine) {
    case AmericanEngine::QdFpHighPrecision:
        return ql::ext::make_shared<ql::QdFpAmericanEngine>(
            process, ql::QdFpAmericanEngine::highPrecisionScheme());
    case AmericanEngine::QdFpAccurate:
        return ql::ext::make_shared<ql::QdFpAmericanEngine>(
            process, ql::QdFpAmericanEngine::accurateScheme());
    case AmericanEngine::QdFpFast:
        return ql::ext::make_shared<ql::QdFpAmericanEngine>(process,
                                                            ql::QdFpAmericanEngine::fastScheme());
    case AmericanEngine::BaroneAdesiWhaley:
        return ql::ext::make_shared<ql::BaroneAdesiWhaleyApproximationEngine>(process);
    case AmericanEngine::FiniteDifference:
        return ql::ext::make_shared<ql::FdBlackScholesVanillaEngine>(
            process, timeSteps, spotSteps, kFdDampingSteps, ql::FdmSchemeDesc::CrankNicolson());
    }
    return {};
}

bool hasDividendsBeforeExpiry(const BsmInputs &in, std::span<const CashDividend> dividends)
{
    for (const CashDividend &dividend : dividends) {
        if (dividend.years > 0 && dividend.years < in.years && dividend.amount != 0)
            return true;
    }
    return false;
}

std::string checkInputs(const BsmInputs &in, AmericanEngine engine,
                        std::span<const CashDividend> dividends)
{
    if (!(in.spot > 0) || !(in.strike > 0) || !(in.years > 0) || !(in.vol >= 0) ||
        !std::isfinite(in.rate) || !std::isfinite(in.dividendYield) ||
        !std::isfinite(in.spot * in.strike * in.years * in.vol))
        return "invalid input: spot, strike and years must be positive, vol non-negative, all "
               "finite";
    if (in.years > 100)
        return "invalid input: more than 100 years to expiry";
    if (engine != AmericanEngine::FiniteDifference && hasDividendsBeforeExpiry(in, dividends))
        return std::string(americanEngineName(engine)) + " does not take discrete dividends";
    return {};
}

// A Greek the engine may not provide: NaN then.
template <class Get>
double optional(Get get)
{
    try {
        return get();
    } catch (const std::exception &) {
        return std::numeric_limits<double>::quiet_NaN();
    }
}

Result<Greeks> priceWith(const BsmInputs &in, AmericanEngine engine,
                         std::span<const CashDividend> dividends, ql::Size timeSteps,
                         ql::Size spotSteps)
{
    if (const std::string problem = checkInputs(in, engine, dividends); !problem.empty())
        return Error{problem};
    std::lock_guard<std::mutex> lock(globalLock());
    try {
        const bool withDividends = engine == AmericanEngine::FiniteDifference;
        Setup setup = makeSetup(in, dividends, withDividends);
        setup.option->setPricingEngine(makeEngine(engine, setup.process, timeSteps, spotSteps));
        const double nan = std::numeric_limits<double>::quiet_NaN();
        Greeks g{nan, nan, nan, nan, nan, nan, nan, nan, nan, nan};
        g.price = setup.option->NPV();
        // QdFp engines give the price only (asking for a Greek would throw, which is slow).
        if (engine == AmericanEngine::BaroneAdesiWhaley ||
            engine == AmericanEngine::FiniteDifference) {
            const ql::OneAssetOption &option = *setup.option;
            g.delta = optional([&] { return option.delta(); });
            g.gamma = optional([&] { return option.gamma(); });
            g.theta = optional([&] { return option.theta() / 365.0; });
            g.vega = optional([&] { return option.vega() * 0.01; });
            g.rho = optional([&] { return option.rho() * 0.01; });
        }
        return g;
    } catch (const std::exception &e) {
        return Error{std::string(americanEngineName(engine)) + ": " + e.what()};
    }
}

} // namespace

Result<Greeks> americanPrice(const BsmInputs &in, AmericanEngine engine,
                             std::span<const CashDividend> dividends)
{
    return priceWith(in, engine, dividends, kFdTimeSteps, kFdSpotSteps);
}

Result<Greeks> americanPriceFiniteDifference(const BsmInputs &in,
                                             std::span<const CashDividend> dividends,
                                             std::size_t timeSteps, std::size_t spotSteps)
{
    if (timeSteps < 2 || spotSteps < 4)
        return Error{
            "invalid input: a finite-difference grid needs at least 2 time and 4 spot steps"};
    return priceWith(in, AmericanEngine::FiniteDifference, dividends, timeSteps, spotSteps);
}

Result<double> americanImpliedVolatility(double price, const BsmInputs &in, AmericanEngine engine,
                                         std::span<const CashDividend> dividends)
{
    BsmInputs start = in;
    start.vol = 0.2;
    if (const std::string problem = checkInputs(start, engine, dividends); !problem.empty())
        return Error{problem};
    if (!std::isfinite(price) || price <= 0)
        return Error{"invalid input: price must be positive and finite"};
    std::lock_guard<std::mutex> lock(globalLock());
    try {
        const bool withDividends = engine == AmericanEngine::FiniteDifference;
        Setup setup = makeSetup(start, dividends, withDividends);
        setup.option->setPricingEngine(makeEngine(engine, setup.process));
        // Brent on the engine's own price (VanillaOption::impliedVolatility would switch to a
        // finite-difference engine for American exercise).
        const auto objective = [&](double vol) {
            setup.vol->setValue(vol);
            return setup.option->NPV() - price;
        };
        ql::Brent solver;
        solver.setMaxEvaluations(200);
        return solver.solve(objective, 1e-10, 0.2, 1e-4, 5.0);
    } catch (const std::exception &e) {
        return Error{std::string(americanEngineName(engine)) + " implied volatility: " + e.what()};
    }
}

} // namespace mag7::pricing::quantlib
