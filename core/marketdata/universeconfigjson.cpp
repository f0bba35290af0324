// JSON reading of the universe configuration (QtCore's JSON parser; the simulator itself never
// sees Qt). Every accessor records the field path so an error can say exactly what is wrong, and
// every object rejects keys it does not know: a misspelt "vols" must not silently become the
// default vol.
#include "marketdata/universeconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <set>

namespace mag7::marketdata {

namespace {

struct ParseFailure {
    std::string message;
};

class Reader {
public:
    Reader(const QJsonObject &object, std::string path)
        : m_object(object)
        , m_path(std::move(path))
    {}

    [[noreturn]] void fail(const std::string &key, const std::string &problem) const
    {
        throw ParseFailure{field(key) + ": " + problem};
    }
    std::string field(const std::string &key) const
    {
        return m_path.empty() ? key : m_path + "." + key;
    }
    bool has(const char *key)
    {
        m_seen.insert(key);
        return m_object.contains(QLatin1String(key));
    }
    QJsonValue value(const char *key)
    {
        m_seen.insert(key);
        return m_object.value(QLatin1String(key));
    }

    double number(const char *key, double fallback, double min, double max)
    {
        if (!has(key))
            return fallback;
        return requiredNumber(key, min, max);
    }
    double requiredNumber(const char *key, double min, double max)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            fail(key, "missing");
        if (!v.isDouble())
            fail(key, "must be a number");
        const double x = v.toDouble();
        if (!std::isfinite(x) || x < min || x > max) {
            std::string problem;
            if (x <= 0 && min > 0)
                problem = "must be positive";
            else if (x < 0 && min == 0)
                problem = "must not be negative";
            else
                problem = "must be in [" + formatNumber(min) + ", " + formatNumber(max) + "]";
            fail(key, problem + ", got " + formatNumber(x));
        }
        return x;
    }
    int integer(const char *key, int fallback, int min, int max)
    {
        const double x = number(key, fallback, min, max);
        if (x != std::floor(x))
            fail(key, "must be a whole number, got " + formatNumber(x));
        return static_cast<int>(x);
    }
    std::string string(const char *key, const std::string &fallback)
    {
        if (!has(key))
            return fallback;
        return requiredString(key);
    }
    std::string requiredString(const char *key)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            fail(key, "missing");
        if (!v.isString())
            fail(key, "must be a string");
        return v.toString().toStdString();
    }
    bool boolean(const char *key, bool fallback)
    {
        if (!has(key))
            return fallback;
        const QJsonValue v = value(key);
        if (!v.isBool())
            fail(key, "must be true or false");
        return v.toBool();
    }
    QJsonObject object(const char *key)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            return {};
        if (!v.isObject())
            fail(key, "must be an object");
        return v.toObject();
    }
    QJsonArray array(const char *key)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            return {};
        if (!v.isArray())
            fail(key, "must be an array");
        return v.toArray();
    }
    // Rejects keys that no accessor asked for.
    void finish() const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            const std::string key = it.key().toStdString();
            if (m_seen.count(key) == 0)
                throw ParseFailure{field(key) + ": unknown field"};
        }
    }
    const std::string &path() const { return m_path; }

    static std::string formatNumber(double x)
    {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%g", x);
        return buffer;
    }

private:
    QJsonObject m_object;
    std::string m_path;
    std::set<std::string> m_seen;
};

constexpr double kMax = 1e308;

unsigned parseWeekday(Reader &r, const char *key, unsigned fallback)
{
    if (!r.has(key))
        return fallback;
    static const char *const names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    const std::string text = r.requiredString(key);
    for (unsigned i = 0; i < 7; ++i) {
        if (text == names[i])
            return i;
    }
    r.fail(key, "unknown weekday '" + text + "' (use sun, mon, ..., sat)");
}

int parseClockMinutes(Reader &r, const char *key, int fallback)
{
    if (!r.has(key))
        return fallback;
    const std::string text = r.requiredString(key);
    int h = -1;
    int m = -1;
    if (std::sscanf(text.c_str(), "%d:%d", &h, &m) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        r.fail(key, "must be a time \"HH:MM\", got \"" + text + "\"");
    return h * 60 + m;
}

Price parseTick(Reader &r, const char *key, Price fallback)
{
    if (!r.has(key))
        return fallback;
    const double dollars = r.requiredNumber(key, 0.0001, 1000);
    const Price tick = toPrice(dollars);
    if (std::fabs(toDouble(tick) - dollars) > 1e-9)
        r.fail(key, "must be a multiple of 0.0001, got " + Reader::formatNumber(dollars));
    return tick;
}

MarketConfig parseMarket(Reader r)
{
    MarketConfig m;
    m.riskFreeRate = r.number("riskFreeRate", m.riskFreeRate, -0.05, 0.5);
    m.longRunVol = r.number("longRunVol", m.longRunVol, 0.01, 2.0);
    m.meanReversion = r.number("meanReversion", m.meanReversion, 0.01, 100);
    m.volOfVol = r.number("volOfVol", m.volOfVol, 0, 5);
    m.spotVolCorrelation = r.number("spotVolCorrelation", m.spotVolCorrelation, -1, 1);
    m.jumpsPerYear = r.number("jumpsPerYear", m.jumpsPerYear, 0, 100);
    m.jumpMean = r.number("jumpMean", m.jumpMean, -0.5, 0.5);
    m.jumpStdDev = r.number("jumpStdDev", m.jumpStdDev, 0, 0.5);
    m.spotVolHalfLifeDays = r.number("spotVolHalfLifeDays", m.spotVolHalfLifeDays, 0.1, 1000);
    {
        Reader w(r.object("varianceWeights"), r.field("varianceWeights"));
        VarianceWeights &v = m.varianceWeights;
        v.regular = w.number("regular", v.regular, 1e-6, 100);
        v.extended = w.number("extended", v.extended, 0, 100);
        v.overnight = w.number("overnight", v.overnight, 0, 100);
        v.closed = w.number("closed", v.closed, 0, 100);
        w.finish();
    }
    {
        Reader a(r.object("activity"), r.field("activity"));
        ActivityConfig &c = m.activity;
        c.openCloseRatio = a.number("openCloseRatio", c.openCloseRatio, 1, 20);
        c.extendedQuoteFactor = a.number("extendedQuoteFactor", c.extendedQuoteFactor, 0, 10);
        c.extendedVolumeShare = a.number("extendedVolumeShare", c.extendedVolumeShare, 0, 0.9);
        c.futuresRegularVolumeShare =
            a.number("futuresRegularVolumeShare", c.futuresRegularVolumeShare, 0.05, 1);
        c.futuresLondonFactor = a.number("futuresLondonFactor", c.futuresLondonFactor, 0, 10);
        c.futuresOvernightFactor =
            a.number("futuresOvernightFactor", c.futuresOvernightFactor, 0, 10);
        c.extendedSpreadMultiplier =
            a.number("extendedSpreadMultiplier", c.extendedSpreadMultiplier, 1, 100);
        a.finish();
    }
    r.finish();
    return m;
}

MacroEventConfig parseMacro(Reader r, MacroEventConfig e)
{
    const QJsonArray dates = r.array("dates");
    e.dates.clear();
    for (int i = 0; i < dates.size(); ++i) {
        const std::string text = dates.at(i).toString().toStdString();
        const auto d = parseDate(text);
        if (!dates.at(i).isString() || !d)
            r.fail("dates[" + std::to_string(i) + "]", "must be a date \"YYYY-MM-DD\"");
        e.dates.push_back(*d);
    }
    e.releaseMinutes = parseClockMinutes(r, "time", e.releaseMinutes);
    e.move = r.number("move", e.move, 0, 0.5);
    e.dayVarianceMultiplier = r.number("dayVarianceMultiplier", e.dayVarianceMultiplier, 0, 20);
    e.afterReleaseVarianceMultiplier =
        r.number("afterReleaseVarianceMultiplier", e.afterReleaseVarianceMultiplier, 0, 20);
    if (r.has("rule")) {
        Reader rule(r.object("rule"), r.field("rule"));
        const QJsonArray months = rule.array("months");
        e.ruleMonths.clear();
        for (int i = 0; i < months.size(); ++i) {
            const double m = months.at(i).toDouble(-1);
            if (m < 1 || m > 12 || m != std::floor(m))
                rule.fail("months[" + std::to_string(i) + "]", "must be a month 1-12");
            e.ruleMonths.push_back(static_cast<unsigned>(m));
        }
        e.ruleWeekday = parseWeekday(rule, "weekday", e.ruleWeekday);
        e.ruleNth = rule.integer("nth", e.ruleNth, 1, 4);
        rule.finish();
    }
    r.finish();
    return e;
}

RequoteConfig parseRequote(Reader r)
{
    RequoteConfig q;
    q.thresholdTicks = r.number("thresholdTicks", q.thresholdTicks, 0.01, 100);
    q.fullRefreshSeconds = r.integer("fullRefreshSeconds", q.fullRefreshSeconds, 1, 86400);
    if (r.has("bands")) {
        const QJsonArray bands = r.array("bands");
        q.bands.clear();
        for (int i = 0; i < bands.size(); ++i) {
            const std::string name = "bands[" + std::to_string(i) + "]";
            if (!bands.at(i).isObject())
                r.fail(name, "must be an object {\"maxDays\": days, \"seconds\": seconds}");
            Reader b(bands.at(i).toObject(), r.field(name));
            RequoteBand band;
            band.maxDays = b.integer("maxDays", 100000, 0, 100000);
            band.seconds = b.integer("seconds", 1, 1, 255);
            b.finish();
            if (!q.bands.empty() && band.maxDays <= q.bands.back().maxDays)
                r.fail(name, "bands must be in increasing maxDays order");
            q.bands.push_back(band);
        }
        if (q.bands.empty())
            r.fail("bands", "needs at least one band");
    }
    q.farDelta = r.number("farDelta", q.farDelta, 0, 0.5);
    q.farSeconds = r.integer("farSeconds", q.farSeconds, 1, 255);
    q.etfCloseDelayMinutes = r.integer("etfCloseDelayMinutes", q.etfCloseDelayMinutes, 0, 60);
    r.finish();
    return q;
}

StrikeRules parseStrikes(Reader r)
{
    StrikeRules s;
    const QJsonArray bands = r.array("spacing");
    for (int i = 0; i < bands.size(); ++i) {
        const std::string name = "spacing[" + std::to_string(i) + "]";
        if (!bands.at(i).isObject())
            r.fail(name, "must be an object {\"below\": price, \"step\": dollars}");
        Reader b(bands.at(i).toObject(), r.field(name));
        StrikeBand band;
        band.below = b.number("below", kMax, 0.01, kMax);
        band.step = b.requiredNumber("step", 0.01, 1000);
        b.finish();
        s.spacing.push_back(band);
    }
    if (s.spacing.empty())
        r.fail("spacing", "needs at least one band");
    for (std::size_t i = 1; i < s.spacing.size(); ++i) {
        if (s.spacing[i].below <= s.spacing[i - 1].below)
            r.fail("spacing", "bands must be in increasing 'below' order");
    }
    s.farMultiplier = r.number("farMultiplier", s.farMultiplier, 1, 100);
    s.nearStdDevs = r.number("nearStdDevs", s.nearStdDevs, 0, 20);
    s.nearMinFraction = r.number("nearMinFraction", s.nearMinFraction, 0, 1);
    s.rangeStdDevs = r.number("rangeStdDevs", s.rangeStdDevs, 0.1, 20);
    s.rangeMinFraction = r.number("rangeMinFraction", s.rangeMinFraction, 0.001, 1);
    s.rangeMaxFraction = r.number("rangeMaxFraction", s.rangeMaxFraction, 0.001, 0.95);
    s.longDatedDays = r.integer("longDatedDays", s.longDatedDays, 0, 3650);
    s.longDatedMultiplier = r.number("longDatedMultiplier", s.longDatedMultiplier, 1, 100);
    r.finish();
    return s;
}

OptionConfig parseOptions(Reader r)
{
    OptionConfig o;
    const std::string listing = r.string("listing", "none");
    if (listing == "none")
        o.listing = OptionListing::None;
    else if (listing == "daily")
        o.listing = OptionListing::Daily;
    else if (listing == "weekly")
        o.listing = OptionListing::Weekly;
    else
        r.fail("listing", "unknown listing '" + listing + "' (use none, daily or weekly)");
    o.dailyDays = r.integer("dailyDays", o.dailyDays, 0, 365);
    o.weeklyDays = r.integer("weeklyDays", o.weeklyDays, 0, 730);
    o.monthlyDays = r.integer("monthlyDays", o.monthlyDays, 0, 1200);
    if (o.listing != OptionListing::None) {
        if (!r.has("strikes"))
            r.fail("strikes", "missing (an optionable underlying needs strike rules)");
        o.strikes = parseStrikes(Reader(r.object("strikes"), r.field("strikes")));
    } else if (r.has("strikes")) {
        o.strikes = parseStrikes(Reader(r.object("strikes"), r.field("strikes")));
    }
    o.pennyBelow = r.number("pennyBelow", o.pennyBelow, 0, 1000);
    o.ivPremium = r.number("ivPremium", o.ivPremium, 0.5, 3);
    o.skew = r.number("skew", o.skew, -2, 2);
    o.smile = r.number("smile", o.smile, 0, 2);
    o.spotVol = r.number("spotVol", o.spotVol, -5, 5);
    o.volumePerDay = r.number("volumePerDay", o.volumePerDay, 0, kMax);
    o.tradesPerDay = r.number("tradesPerDay", o.tradesPerDay, 0, kMax);
    o.openInterest = r.number("openInterest", o.openInterest, 0, kMax);
    if (r.has("spread")) {
        Reader s(r.object("spread"), r.field("spread"));
        o.spread.base = s.number("base", o.spread.base, 0, 100);
        o.spread.fraction = s.number("fraction", o.spread.fraction, 0, 1);
        o.spread.wing = s.number("wing", o.spread.wing, 0, 10);
        s.finish();
    }
    r.finish();
    return o;
}

EarningsConfig parseEarnings(Reader r)
{
    EarningsConfig e;
    e.enabled = true;
    const std::string timing = r.requiredString("timing");
    if (timing == "afterClose")
        e.timing = EarningsTiming::AfterClose;
    else if (timing == "beforeOpen")
        e.timing = EarningsTiming::BeforeOpen;
    else
        r.fail("timing", "unknown timing '" + timing + "' (use beforeOpen or afterClose)");
    e.move = r.requiredNumber("move", 0.001, 0.5);
    e.weekday = parseWeekday(r, "weekday", e.weekday);
    const QJsonArray anchors = r.array("anchors");
    for (int i = 0; i < anchors.size(); ++i) {
        unsigned m = 0;
        unsigned d = 0;
        const std::string text = anchors.at(i).toString().toStdString();
        if (std::sscanf(text.c_str(), "%u-%u", &m, &d) != 2 || m < 1 || m > 12 || d < 1 || d > 31)
            r.fail("anchors[" + std::to_string(i) + "]", "must be \"MM-DD\", got \"" + text + "\"");
        e.anchors.emplace_back(m, d);
    }
    if (e.anchors.empty())
        r.fail("anchors", "needs at least one \"MM-DD\" anchor");
    r.finish();
    return e;
}

UnderlyingConfig parseUnderlying(const QJsonObject &object, int index)
{
    // The path names the symbol once it is known, so errors read "underlyings[4] (NVDA).vol".
    std::string path = "underlyings[" + std::to_string(index) + "]";
    const QJsonValue symbolValue = object.value(QLatin1String("symbol"));
    if (!symbolValue.isString() || symbolValue.toString().isEmpty())
        throw ParseFailure{path + ".symbol: missing"};
    UnderlyingConfig u;
    u.symbol = symbolValue.toString().toStdString();
    path += " (" + u.symbol + ")";
    Reader r(object, path);
    r.requiredString("symbol");
    u.name = r.string("name", u.symbol);
    const std::string kind = r.requiredString("kind");
    const auto parsedKind = instrumentKindFromName(kind);
    if (!parsedKind || *parsedKind == InstrumentKind::Option)
        r.fail("kind", "unknown kind '" + kind + "' (use stock, etf, index or future)");
    u.kind = *parsedKind;
    u.tickSize = parseTick(r, "tick", kCent);
    u.spread = r.number("spread", toDouble(u.tickSize), 0.0001, 1000);
    u.averageDailyVolume = r.number("averageDailyVolume", 0, 0, kMax);
    u.quotesPerSecond = r.number("quotesPerSecond", 0, 0, 10000);
    u.tradesPerDay = r.number("tradesPerDay", 0, 0, kMax);
    u.quoteSize = r.number("quoteSize", u.quoteSize, 1, 1e9);
    u.multiplier = r.number("multiplier", 1, 1e-6, 1e6);
    switch (u.kind) {
    case InstrumentKind::Future:
        u.tracks = r.requiredString("tracks");
        u.ratio = r.requiredNumber("ratio", 1e-6, 1e6);
        break;
    case InstrumentKind::Index:
        u.derivedFrom = r.requiredString("derivedFrom");
        u.tenorDays = r.integer("tenorDays", u.tenorDays, 1, 365);
        u.publishSeconds = r.integer("publishSeconds", u.publishSeconds, 1, 3600);
        break;
    default:
        u.price = r.requiredNumber("price", 1e-6, kMax);
        u.vol = r.requiredNumber("vol", 1e-6, 5);
        u.beta = r.number("beta", 1, -10, 10);
        u.sector = r.string("sector", "");
        u.sectorLoading = r.number("sectorLoading", 0, -10, 10);
        u.dividendYield = r.number("dividendYield", 0, 0, 0.5);
        if (r.has("options"))
            u.options = parseOptions(Reader(r.object("options"), r.field("options")));
        if (r.has("earnings"))
            u.earnings = parseEarnings(Reader(r.object("earnings"), r.field("earnings")));
        break;
    }
    r.finish();
    return u;
}

UniverseConfig parseRoot(const QJsonObject &root)
{
    Reader r(root, "");
    UniverseConfig config;
    r.integer("version", 1, 1, 1);
    config.market = parseMarket(Reader(r.object("market"), "market"));
    const QJsonArray sectors = r.array("sectors");
    for (int i = 0; i < sectors.size(); ++i) {
        const std::string path = "sectors[" + std::to_string(i) + "]";
        if (!sectors.at(i).isObject())
            r.fail(path, "must be an object");
        Reader s(sectors.at(i).toObject(), path);
        SectorConfig sector;
        sector.symbol = s.requiredString("symbol");
        sector.vol = s.requiredNumber("vol", 0, 5);
        s.finish();
        config.sectors.push_back(sector);
    }
    {
        Reader macro(r.object("macroEvents"), "macroEvents");
        MacroEventConfig fomc;
        fomc.releaseMinutes = 14 * 60;
        fomc.ruleWeekday = 3;
        fomc.ruleNth = 3;
        fomc.ruleMonths = {1, 3, 5, 6, 7, 9, 10, 12};
        MacroEventConfig cpi;
        cpi.releaseMinutes = 8 * 60 + 30;
        cpi.ruleWeekday = 3;
        cpi.ruleNth = 2;
        cpi.ruleMonths = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        config.fomc = parseMacro(Reader(macro.object("fomc"), "macroEvents.fomc"), fomc);
        config.cpi = parseMacro(Reader(macro.object("cpi"), "macroEvents.cpi"), cpi);
        macro.finish();
    }
    {
        Reader options(r.object("options"), "options");
        config.optionListingEnabled = options.boolean("listingEnabled", true);
        config.requote = parseRequote(Reader(options.object("requote"), "options.requote"));
        options.finish();
    }
    if (!r.has("underlyings"))
        r.fail("underlyings", "missing");
    const QJsonArray underlyings = r.array("underlyings");
    for (int i = 0; i < underlyings.size(); ++i) {
        if (!underlyings.at(i).isObject())
            r.fail("underlyings[" + std::to_string(i) + "]", "must be an object");
        config.underlyings.push_back(parseUnderlying(underlyings.at(i).toObject(), i));
    }
    r.finish();
    return config;
}

// Line and column of a byte offset, for parse errors a person can find.
std::pair<int, int> lineColumn(std::string_view text, int offset)
{
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset && i < static_cast<int>(text.size()); ++i) {
        if (text[static_cast<std::size_t>(i)] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

} // namespace

Result<UniverseConfig> parseUniverseConfig(std::string_view json, const std::string &sourceName)
{
    QJsonParseError error{};
    const QByteArray bytes(json.data(), static_cast<qsizetype>(json.size()));
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        const auto [line, column] = lineColumn(json, error.offset);
        return Error{sourceName + ": malformed JSON at line " + std::to_string(line) + ", column " +
                     std::to_string(column) + ": " + error.errorString().toStdString()};
    }
    if (!document.isObject())
        return Error{sourceName + ": the top level must be a JSON object"};
    try {
        UniverseConfig config = parseRoot(document.object());
        if (Status status = validateUniverseConfig(config, sourceName); !status)
            return Error{status.message()};
        return config;
    } catch (const ParseFailure &failure) {
        return Error{sourceName + ": " + failure.message};
    }
}

Result<UniverseConfig> loadUniverseConfig(const std::string &path)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return Error{path + ": cannot open: " + file.errorString().toStdString()};
    const QByteArray bytes = file.readAll();
    return parseUniverseConfig(
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), path);
}

} // namespace mag7::marketdata
