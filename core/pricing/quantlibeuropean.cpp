// QuantLib reference for European options: AnalyticEuropeanEngine price and Greeks, and
// VanillaOption::impliedVolatility. Every call holds quantlib::globalLock() (QuantLib keeps
// global state) and converts QuantLib exceptions to Result errors.
//
// Time: QuantLib measures time between dates, while the desk's `years` is any positive real.
// Black-Scholes-Merton depends on time only through r*T, q*T and vol^2*T, so the option is
// priced with maturity exactly one year (365 days, Actual/365 Fixed) and the scaled inputs
// r*T, q*T, vol*sqrt(T). The Greeks are scaled back: vega by sqrt(T), rho by T, theta by 1/T
// (with those three held fixed, d/dT of the price is T times the scaled problem's d/dT').
#include "pricing/quantlibreference.h"

#include <ql/exercise.hpp>
#include <ql/instruments/vanillaoption.hpp>
#include <ql/pricingengines/vanilla/analyticeuropeanengine.hpp>
#include <ql/processes/blackscholesprocess.hpp>
#include <ql/quotes/simplequote.hpp>
#include <ql/settings.hpp>
#include <ql/termstructures/volatility/equityfx/blackconstantvol.hpp>
#include <ql/termstructures/yield/flatforward.hpp>
#include <ql/time/calendars/nullcalendar.hpp>
#include <ql/time/daycounters/actual365fixed.hpp>

#include <cmath>
#include <exception>
#include <memory>
#include <string>

namespace mag7::pricing::quantlib {

namespace {

namespace ql = QuantLib;

// One set of QuantLib objects, reused under the global lock: quotes are updated in place, so a
// call costs what pricing one option with the engine costs, not the construction of a curve.
struct EuropeanSetup {
    ql::Date today{2, ql::January, 2025};
    ql::Date maturity = today + 365;
    ql::DayCounter dayCounter = ql::Actual365Fixed();
    ql::ext::shared_ptr<ql::SimpleQuote> spot = ql::ext::make_shared<ql::SimpleQuote>(100.0);
    ql::ext::shared_ptr<ql::SimpleQuote> rate = ql::ext::make_shared<ql::SimpleQuote>(0.0);
    ql::ext::shared_ptr<ql::SimpleQuote> yield = ql::ext::make_shared<ql::SimpleQuote>(0.0);
    ql::ext::shared_ptr<ql::SimpleQuote> vol = ql::ext::make_shared<ql::SimpleQuote>(0.2);
    ql::ext::shared_ptr<ql::BlackScholesMertonProcess> process;
    ql::ext::shared_ptr<ql::PricingEngine> engine;
    ql::ext::shared_ptr<ql::Exercise> exercise;

    EuropeanSetup()
    {
        ql::Settings::instance().evaluationDate() = today;
        const ql::Handle<ql::YieldTermStructure> riskFree(
            ql::ext::make_shared<ql::FlatForward>(today, ql::Handle<ql::Quote>(rate), dayCounter));
        const ql::Handle<ql::YieldTermStructure> dividends(
            ql::ext::make_shared<ql::FlatForward>(today, ql::Handle<ql::Quote>(yield), dayCounter));
        const ql::Handle<ql::BlackVolTermStructure> volatility(
            ql::ext::make_shared<ql::BlackConstantVol>(today, ql::NullCalendar(),
                                                       ql::Handle<ql::Quote>(vol), dayCounter));
        process = ql::ext::make_shared<ql::BlackScholesMertonProcess>(
            ql::Handle<ql::Quote>(spot), dividends, riskFree, volatility);
        engine = ql::ext::make_shared<ql::AnalyticEuropeanEngine>(process);
        exercise = ql::ext::make_shared<ql::EuropeanExercise>(maturity);
    }

    // Sets the scaled market and returns the option (not yet priced).
    ql::VanillaOption option(const BsmInputs &in, double vol1y)
    {
        if (ql::Settings::instance().evaluationDate() != today)
            ql::Settings::instance().evaluationDate() = today;
        spot->setValue(in.spot);
        rate->setValue(in.rate * in.years);
        yield->setValue(in.dividendYield * in.years);
        vol->setValue(vol1y);
        const auto type = in.right == OptionRight::Call ? ql::Option::Call : ql::Option::Put;
        ql::VanillaOption option(ql::ext::make_shared<ql::PlainVanillaPayoff>(type, in.strike),
                                 exercise);
        option.setPricingEngine(engine);
        return option;
    }
};

EuropeanSetup &setup()
{
    static EuropeanSetup instance;
    return instance;
}

Error invalid(const char *what)
{
    return Error{std::string("QuantLib European: ") + what};
}

} // namespace

Result<Greeks> europeanPrice(const BsmInputs &in)
{
    if (!(in.spot > 0) || !(in.strike > 0) || !(in.years > 0) || !(in.vol >= 0) ||
        !std::isfinite(in.rate) || !std::isfinite(in.dividendYield))
        return invalid("needs spot, strike and years > 0, vol >= 0 and finite rates");
    const std::lock_guard<std::mutex> guard(globalLock());
    try {
        const double sqrtT = std::sqrt(in.years);
        ql::VanillaOption option = setup().option(in, in.vol * sqrtT);
        Greeks g;
        g.price = option.NPV();
        g.delta = option.delta();
        g.gamma = option.gamma();
        g.theta = option.theta() / in.years / 365.0;
        g.vega = option.vega() * sqrtT * 0.01;
        g.rho = option.rho() * in.years * 0.01;
        // AnalyticEuropeanEngine does not provide vanna, charm, vomma or speed: they stay 0.
        return g;
    } catch (const std::exception &e) {
        return Error{std::string("QuantLib European: ") + e.what()};
    }
}

Result<double> europeanImpliedVolatility(double price, const BsmInputs &in)
{
    if (!std::isfinite(price) || !(in.spot > 0) || !(in.strike > 0) || !(in.years > 0) ||
        !std::isfinite(in.rate) || !std::isfinite(in.dividendYield))
        return invalid("needs a finite price, spot, strike and years > 0 and finite rates");
    const std::lock_guard<std::mutex> guard(globalLock());
    try {
        const double sqrtT = std::sqrt(in.years);
        EuropeanSetup &s = setup();
        ql::VanillaOption option = s.option(in, 0.2);
        // Brent's accuracy 1e-12 applies to its variable, vol*sqrt(T) of the scaled problem
        // (the root is within about 1e-12 of it). Bounds: 1e-7 as QuantLib's default, and 10 (a
        // 500% vol over four years) above its default of 4.
        const double scaled = option.impliedVolatility(price, s.process, 1e-12, 1000, 1e-7, 10.0);
        return scaled / sqrtT;
    } catch (const std::exception &e) {
        return Error{std::string("QuantLib European implied volatility: ") + e.what()};
    }
}

} // namespace mag7::pricing::quantlib
