// mag7 price / mag7 iv: one option from the command line, or a CSV batch with one JSON object
// per input line on stdout, in input order.
#include "cliutil.h"
#include "command.h"
#include "commands.h"
#include "model/easterntime.h"
#include "model/marketclock.h"
#include "pricing/american.h"
#include "pricing/impliedvol.h"
#include "pricing/quantlibreference.h"
#include "pricing/timetoexpiry.h"

#include <QFile>

#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace mag7::cli {

namespace {

enum class Style { European, American };
enum class Mode { Price, ImpliedVol };

// Which engine values the option: the desk's own, or one of QuantLib's for comparison.
enum class EngineChoice { Ours, Analytic, QdFp, QdFpAccurate, QdFpFast, Baw, Fd };

struct Engine {
    EngineChoice choice = EngineChoice::Ours;
    const char *name = "mag7";
};

std::optional<Engine> parseEngine(const QString &text)
{
    static const std::pair<const char *, EngineChoice> engines[] = {
        {"mag7", EngineChoice::Ours},
        {"quantlib-analytic", EngineChoice::Analytic},
        {"quantlib-qdfp", EngineChoice::QdFp},
        {"quantlib-qdfp-accurate", EngineChoice::QdFpAccurate},
        {"quantlib-qdfp-fast", EngineChoice::QdFpFast},
        {"quantlib-baw", EngineChoice::Baw},
        {"quantlib-fd", EngineChoice::Fd}};
    for (const auto &[name, choice] : engines) {
        if (text == QLatin1String(name))
            return Engine{choice, name};
    }
    return std::nullopt;
}

struct OptionLine {
    pricing::BsmInputs inputs;
    Style style = Style::European;
    double price = 0; // iv mode
    std::vector<pricing::CashDividend> dividends;
};

Result<double> number(const QString &text, const char *field)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return Error{std::string(field) + " must be a number, got '" + text.toStdString() + "'"};
    return value;
}

// Validates the fields every line shares; `vol` is ignored in iv mode.
Status validate(const OptionLine &line, Mode mode)
{
    const auto &in = line.inputs;
    if (!(in.spot > 0))
        return Error{"spot must be positive"};
    if (!(in.strike > 0))
        return Error{"strike must be positive"};
    if (!(in.years >= 0))
        return Error{"time to expiry must not be negative"};
    if (mode == Mode::Price && !(in.vol > 0 && in.vol <= 10))
        return Error{"vol must be a decimal in (0, 10] (0.25 = 25%)"};
    if (mode == Mode::ImpliedVol && !(line.price >= 0))
        return Error{"price must not be negative"};
    if (std::abs(in.rate) > 1 || std::abs(in.dividendYield) > 1)
        return Error{"rate and dividend yield are decimals (0.045 = 4.5%)"};
    for (const auto &d : line.dividends) {
        if (!(d.years >= 0) || !(d.amount >= 0))
            return Error{"cash dividends need a non-negative time and amount"};
    }
    return {};
}

pricing::quantlib::AmericanEngine americanEngineOf(EngineChoice choice)
{
    switch (choice) {
    case EngineChoice::QdFpAccurate:
        return pricing::quantlib::AmericanEngine::QdFpAccurate;
    case EngineChoice::QdFpFast:
        return pricing::quantlib::AmericanEngine::QdFpFast;
    case EngineChoice::Baw:
        return pricing::quantlib::AmericanEngine::BaroneAdesiWhaley;
    case EngineChoice::Fd:
        return pricing::quantlib::AmericanEngine::FiniteDifference;
    default:
        return pricing::quantlib::AmericanEngine::QdFpHighPrecision;
    }
}

Result<pricing::Greeks> valueOption(const OptionLine &line, const Engine &engine)
{
    const auto &in = line.inputs;
    if (engine.choice == EngineChoice::Ours) {
        if (line.style == Style::American)
            return pricing::americanGreeks(in, line.dividends);
        if (!line.dividends.empty())
            return Error{"cash dividends need --style american"};
        return pricing::bsmGreeks(in);
    }
    if (line.style == Style::European) {
        if (engine.choice != EngineChoice::Analytic)
            return Error{std::string(engine.name) + " prices American options only"};
        return pricing::quantlib::europeanPrice(in);
    }
    if (engine.choice == EngineChoice::Analytic)
        return Error{"quantlib-analytic prices European options only"};
    return pricing::quantlib::americanPrice(in, americanEngineOf(engine.choice), line.dividends);
}

Result<double> impliedVol(const OptionLine &line, const Engine &engine)
{
    const auto &in = line.inputs;
    if (engine.choice == EngineChoice::Ours) {
        const pricing::IvResult iv =
            line.style == Style::American
                ? pricing::impliedVolatilityAmerican(line.price, in, line.dividends)
                : pricing::impliedVolatility(line.price, in);
        if (!iv.ok())
            return Error{pricing::ivErrorMessage(iv.error)};
        return iv.vol;
    }
    if (line.style == Style::European)
        return pricing::quantlib::europeanImpliedVolatility(line.price, in);
    return pricing::quantlib::americanImpliedVolatility(
        line.price, in, americanEngineOf(engine.choice), line.dividends);
}

std::string resultJson(const OptionLine &line, Mode mode, const Engine &engine, int lineNumber)
{
    const auto &in = line.inputs;
    std::string out = "{";
    if (lineNumber > 0)
        out += "\"line\":" + std::to_string(lineNumber) + ",";
    out += std::string("\"type\":\"") + (in.right == OptionRight::Call ? "call" : "put") +
           "\",\"style\":\"" + (line.style == Style::American ? "american" : "european") +
           "\",\"engine\":\"" + engine.name + "\",\"spot\":" + jsonNumber(in.spot) +
           ",\"strike\":" + jsonNumber(in.strike) + ",\"days\":" + jsonNumber(in.years * 365.0) +
           ",\"rate\":" + jsonNumber(in.rate) + ",\"div\":" + jsonNumber(in.dividendYield);
    if (mode == Mode::Price) {
        out += ",\"vol\":" + jsonNumber(in.vol);
        auto greeks = valueOption(line, engine);
        if (!greeks)
            return out + ",\"error\":\"" + jsonEscape(greeks.message()) + "\"}";
        const auto &g = greeks.value();
        out += ",\"price\":" + jsonNumber(g.price) + ",\"delta\":" + jsonNumber(g.delta) +
               ",\"gamma\":" + jsonNumber(g.gamma) + ",\"theta\":" + jsonNumber(g.theta) +
               ",\"vega\":" + jsonNumber(g.vega) + ",\"rho\":" + jsonNumber(g.rho) +
               ",\"vanna\":" + jsonNumber(g.vanna) + ",\"charm\":" + jsonNumber(g.charm) +
               ",\"vomma\":" + jsonNumber(g.vomma) + ",\"speed\":" + jsonNumber(g.speed) + "}";
        return out;
    }
    out += ",\"price\":" + jsonNumber(line.price);
    auto iv = impliedVol(line, engine);
    if (!iv)
        return out + ",\"iv\":null,\"error\":\"" + jsonEscape(iv.message()) + "\"}";
    return out + ",\"iv\":" + jsonNumber(iv.value()) + "}";
}

std::optional<OptionRight> parseRight(const QString &text)
{
    if (text == QLatin1String("call") || text == QLatin1String("c"))
        return OptionRight::Call;
    if (text == QLatin1String("put") || text == QLatin1String("p"))
        return OptionRight::Put;
    return std::nullopt;
}

std::optional<Style> parseStyle(const QString &text)
{
    if (text == QLatin1String("european") || text.isEmpty())
        return Style::European;
    if (text == QLatin1String("american"))
        return Style::American;
    return std::nullopt;
}

// "DAYS:AMOUNT" cash dividends (days from the valuation time).
Result<std::vector<pricing::CashDividend>> parseDividends(const QStringList &values)
{
    std::vector<pricing::CashDividend> out;
    for (const QString &value : values) {
        const QStringList parts = value.split(QLatin1Char(':'));
        bool okDays = false;
        bool okAmount = false;
        const double days = parts.value(0).toDouble(&okDays);
        const double amount = parts.value(1).toDouble(&okAmount);
        if (parts.size() != 2 || !okDays || !okAmount)
            return Error{"--cash-dividend takes DAYS:AMOUNT, got '" + value.toStdString() + "'"};
        out.push_back({days / 365.0, amount});
    }
    return out;
}

// One CSV batch line -> an OptionLine or an error naming the field.
Result<OptionLine> parseCsvLine(const QStringList &header, const QStringList &cells, Mode mode)
{
    auto cell = [&](const char *name) { return cells.value(header.indexOf(QLatin1String(name))); };
    OptionLine line;
    const auto right = parseRight(cell("type").trimmed().toLower());
    if (!right)
        return Error{"type must be call or put, got '" + cell("type").toStdString() + "'"};
    line.inputs.right = *right;
    const auto style = parseStyle(cell("style").trimmed().toLower());
    if (!style)
        return Error{"style must be european or american, got '" + cell("style").toStdString() +
                     "'"};
    line.style = *style;
    for (const auto &[name, target] :
         std::initializer_list<std::pair<const char *, double *>>{{"spot", &line.inputs.spot},
                                                                  {"strike", &line.inputs.strike},
                                                                  {"days", &line.inputs.years},
                                                                  {"rate", &line.inputs.rate}}) {
        auto value = number(cell(name), name);
        if (!value)
            return value.error();
        *target = value.value();
    }
    line.inputs.years /= 365.0;
    if (header.contains(QLatin1String("div")) && !cell("div").trimmed().isEmpty()) {
        auto q = number(cell("div"), "div");
        if (!q)
            return q.error();
        line.inputs.dividendYield = q.value();
    }
    auto last =
        number(cell(mode == Mode::Price ? "vol" : "price"), mode == Mode::Price ? "vol" : "price");
    if (!last)
        return last.error();
    (mode == Mode::Price ? line.inputs.vol : line.price) = last.value();
    if (Status valid = validate(line, mode); !valid)
        return Error{valid.message()};
    return line;
}

int runBatch(const QString &command, const QString &file, Mode mode, const Engine &engine)
{
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly | QIODevice::Text))
        return fail(command, QStringLiteral("cannot read '%1': %2").arg(file, input.errorString()));
    const QString last = mode == Mode::Price ? QStringLiteral("vol") : QStringLiteral("price");
    QStringList header =
        QString::fromUtf8(input.readLine()).trimmed().toLower().split(QLatin1Char(','));
    for (QString &h : header)
        h = h.trimmed();
    for (const QString &required :
         {QStringLiteral("type"), QStringLiteral("spot"), QStringLiteral("strike"),
          QStringLiteral("days"), QStringLiteral("rate"), last}) {
        if (!header.contains(required))
            return fail(command, QStringLiteral("%1: header lacks column '%2' (expected "
                                                "type,style,spot,strike,days,%3,rate,div)")
                                     .arg(file, required, last));
    }
    int lineNumber = 1;
    int errors = 0;
    std::string out;
    while (!input.atEnd()) {
        const QString text = QString::fromUtf8(input.readLine()).trimmed();
        ++lineNumber;
        if (text.isEmpty())
            continue;
        auto line = parseCsvLine(header, text.split(QLatin1Char(',')), mode);
        if (!line) {
            ++errors;
            out += "{\"line\":" + std::to_string(lineNumber) + ",\"error\":\"" +
                   jsonEscape(line.message()) + "\"}\n";
        } else {
            const std::string json = resultJson(line.value(), mode, engine, lineNumber);
            errors += json.find("\"error\"") != std::string::npos ? 1 : 0;
            out += json + "\n";
        }
        if (out.size() > (1 << 16)) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    if (errors > 0) {
        std::fprintf(stderr, "%s: %d line(s) of %s had errors (see their \"error\" fields)\n",
                     qPrintable(command), errors, qPrintable(file));
        return 1;
    }
    return 0;
}

void printTable(const OptionLine &line, Mode mode, const Engine &engine)
{
    const auto &in = line.inputs;
    std::printf("%s %s %s: spot %s strike %s, %s days, rate %s, div %s (%s)\n",
                line.style == Style::American ? "American" : "European",
                in.right == OptionRight::Call ? "call" : "put",
                mode == Mode::Price ? "value" : "implied vol", jsonNumber(in.spot).c_str(),
                jsonNumber(in.strike).c_str(), jsonNumber(in.years * 365).c_str(),
                jsonNumber(in.rate).c_str(), jsonNumber(in.dividendYield).c_str(), engine.name);
}

int runOption(const QStringList &arguments, Mode mode)
{
    const QString command = arguments.value(0);
    const QString last = mode == Mode::Price ? QStringLiteral("vol") : QStringLiteral("price");
    QCommandLineParser parser;
    parser.setApplicationDescription(
        mode == Mode::Price ? QStringLiteral("Prints the price and every Greek of an option.")
                            : QStringLiteral("Prints the implied volatility of an option price."));
    parser.addOptions({
        {QStringLiteral("type"), QStringLiteral("call or put."), QStringLiteral("TYPE")},
        {QStringLiteral("style"), QStringLiteral("european (default) or american."),
         QStringLiteral("STYLE"), QStringLiteral("european")},
        {QStringLiteral("spot"), QStringLiteral("Underlying price."), QStringLiteral("S")},
        {QStringLiteral("strike"), QStringLiteral("Strike."), QStringLiteral("K")},
        {QStringLiteral("days"),
         QStringLiteral("Calendar days to expiry (fractions allowed: 0.1 = 2.4 hours)."),
         QStringLiteral("D")},
        {QStringLiteral("expiry"),
         QStringLiteral("Expiry: a date (expires at that day's close, 16:00 ET) or an ISO time."),
         QStringLiteral("ISO")},
        {QStringLiteral("now"),
         QStringLiteral("Valuation time for --expiry (default: the wall clock)."),
         QStringLiteral("ISO")},
        {QStringLiteral("vol"), QStringLiteral("Volatility as a decimal (0.25 = 25%)."),
         QStringLiteral("V")},
        {QStringLiteral("price"), QStringLiteral("Option price (mag7 iv)."), QStringLiteral("P")},
        {QStringLiteral("rate"), QStringLiteral("Risk-free rate as a decimal."),
         QStringLiteral("R")},
        {QStringLiteral("div"),
         QStringLiteral("Continuous dividend yield as a decimal (default 0)."), QStringLiteral("Q"),
         QStringLiteral("0")},
        {QStringLiteral("cash-dividend"),
         QStringLiteral("Discrete cash dividend DAYS:AMOUNT (American; repeatable)."),
         QStringLiteral("DAYS:AMOUNT")},
        {QStringLiteral("engine"),
         QStringLiteral("mag7 (default) or a QuantLib engine: quantlib-analytic, quantlib-qdfp, "
                        "quantlib-qdfp-accurate, quantlib-qdfp-fast, quantlib-baw, quantlib-fd."),
         QStringLiteral("NAME"), QStringLiteral("mag7")},
        {QStringLiteral("input"),
         QStringLiteral("CSV batch: type,style,spot,strike,days,") + last +
             QStringLiteral(",rate,div."),
         QStringLiteral("FILE")},
        {QStringLiteral("json"), QStringLiteral("One JSON object.")},
    });
    int exitCode = 0;
    if (!parseCommandLine(parser, arguments, exitCode))
        return exitCode;
    const auto engine = parseEngine(parser.value(QStringLiteral("engine")));
    if (!engine)
        return fail(
            command,
            QStringLiteral("unknown --engine '%1'").arg(parser.value(QStringLiteral("engine"))), 2);
    if (parser.isSet(QStringLiteral("input")))
        return runBatch(command, parser.value(QStringLiteral("input")), mode, *engine);

    for (const QString &name : {QStringLiteral("type"), QStringLiteral("spot"),
                                QStringLiteral("strike"), last, QStringLiteral("rate")}) {
        if (!requireOption(parser, command, name))
            return 2;
    }
    OptionLine line;
    const auto right = parseRight(parser.value(QStringLiteral("type")).toLower());
    if (!right)
        return fail(command, QStringLiteral("--type must be call or put"), 2);
    line.inputs.right = *right;
    const auto style = parseStyle(parser.value(QStringLiteral("style")).toLower());
    if (!style)
        return fail(command, QStringLiteral("--style must be european or american"), 2);
    line.style = *style;
    for (const auto &[name, target] : std::initializer_list<std::pair<const char *, double *>>{
             {"spot", &line.inputs.spot},
             {"strike", &line.inputs.strike},
             {"rate", &line.inputs.rate},
             {"div", &line.inputs.dividendYield}}) {
        auto value = number(parser.value(QLatin1String(name)), name);
        if (!value)
            return fail(command, QStringLiteral("--") + QString::fromStdString(value.message()), 2);
        *target = value.value();
    }
    auto lastValue = number(parser.value(last), mode == Mode::Price ? "vol" : "price");
    if (!lastValue)
        return fail(command, QStringLiteral("--") + QString::fromStdString(lastValue.message()), 2);
    (mode == Mode::Price ? line.inputs.vol : line.price) = lastValue.value();

    if (parser.isSet(QStringLiteral("days")) == parser.isSet(QStringLiteral("expiry")))
        return fail(command, QStringLiteral("give exactly one of --days and --expiry"), 2);
    if (parser.isSet(QStringLiteral("days"))) {
        auto days = number(parser.value(QStringLiteral("days")), "days");
        if (!days)
            return fail(command, QStringLiteral("--") + QString::fromStdString(days.message()), 2);
        line.inputs.years = days.value() / 365.0;
    } else {
        Timestamp now = WallClock().now();
        if (parser.isSet(QStringLiteral("now"))) {
            auto parsed = parseTimeOption(parser, QStringLiteral("now"));
            if (!parsed)
                return fail(command, QString::fromStdString(parsed.message()), 2);
            now = parsed.value();
        }
        const QString expiryText = parser.value(QStringLiteral("expiry"));
        Timestamp expiry = 0;
        if (const auto date = parseDate(expiryText.toStdString()))
            expiry = pricing::expiryInstant(*date);
        else if (auto parsed = parseIsoTimestamp(expiryText.toStdString()))
            expiry = parsed.value();
        else
            return fail(command,
                        QStringLiteral("--expiry: ") + QString::fromStdString(parsed.message()), 2);
        if (expiry <= now)
            return fail(command,
                        QStringLiteral("--expiry %1 is not after the valuation time %2")
                            .arg(expiryText, QString::fromStdString(formatEasternIso(now))),
                        2);
        line.inputs.years = pricing::yearsBetween(now, expiry);
    }
    auto dividends = parseDividends(parser.values(QStringLiteral("cash-dividend")));
    if (!dividends)
        return fail(command, QString::fromStdString(dividends.message()), 2);
    line.dividends = std::move(dividends).value();
    if (Status valid = validate(line, mode); !valid)
        return fail(command, QString::fromStdString(valid.message()), 2);

    const std::string json = resultJson(line, mode, *engine, 0);
    const bool failed = json.find("\"error\"") != std::string::npos;
    if (parser.isSet(QStringLiteral("json"))) {
        std::printf("%s\n", json.c_str());
        return failed ? 1 : 0;
    }
    if (mode == Mode::Price) {
        auto greeks = valueOption(line, *engine);
        if (!greeks)
            return fail(command, QString::fromStdString(greeks.message()));
        printTable(line, mode, *engine);
        const auto &g = greeks.value();
        // Fixed decimals; "n/a" where the engine gives no value (QdFp: price only).
        const auto cell = [](double value, int decimals) {
            char buffer[40];
            if (std::isfinite(value))
                std::snprintf(buffer, sizeof buffer, "%10.*f", decimals, value);
            else
                std::snprintf(buffer, sizeof buffer, "%10s", "n/a");
            return std::string(buffer);
        };
        std::printf("  vol     %10s\n  price   %s\n  delta   %s\n  gamma   %s  per $1\n"
                    "  theta   %s  per day\n  vega    %s  per vol point\n"
                    "  rho     %s  per rate point\n  vanna   %s  delta per vol point\n"
                    "  charm   %s  delta per day\n  vomma   %s  vega per vol point\n"
                    "  speed   %s  gamma per $1\n",
                    jsonNumber(line.inputs.vol).c_str(), cell(g.price, 4).c_str(),
                    cell(g.delta, 4).c_str(), cell(g.gamma, 5).c_str(), cell(g.theta, 4).c_str(),
                    cell(g.vega, 4).c_str(), cell(g.rho, 4).c_str(), cell(g.vanna, 5).c_str(),
                    cell(g.charm, 5).c_str(), cell(g.vomma, 5).c_str(), cell(g.speed, 6).c_str());
        return 0;
    }
    auto iv = impliedVol(line, *engine);
    if (!iv)
        return fail(command, QStringLiteral("no implied vol for price %1: %2")
                                 .arg(QString::fromStdString(jsonNumber(line.price)),
                                      QString::fromStdString(iv.message())));
    printTable(line, mode, *engine);
    std::printf("  price   %10s\n  iv      %10.6f  (%.2f%%)\n", jsonNumber(line.price).c_str(),
                iv.value(), iv.value() * 100);
    return 0;
}

} // namespace

int runPrice(const QStringList &arguments)
{
    return runOption(arguments, Mode::Price);
}
int runIv(const QStringList &arguments)
{
    return runOption(arguments, Mode::ImpliedVol);
}

} // namespace mag7::cli
