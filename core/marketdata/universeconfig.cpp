#include "marketdata/universeconfig.h"

#include "marketdata/defaultuniverse_json.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace mag7::marketdata {

const UnderlyingConfig *UniverseConfig::find(std::string_view symbol) const
{
    for (const UnderlyingConfig &u : underlyings) {
        if (u.symbol == symbol)
            return &u;
    }
    return nullptr;
}

int UniverseConfig::indexOf(std::string_view symbol) const
{
    for (std::size_t i = 0; i < underlyings.size(); ++i) {
        if (underlyings[i].symbol == symbol)
            return static_cast<int>(i);
    }
    return -1;
}

const SectorConfig *UniverseConfig::findSector(std::string_view symbol) const
{
    for (const SectorConfig &s : sectors) {
        if (s.symbol == symbol)
            return &s;
    }
    return nullptr;
}

namespace {
std::string percent(double x)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * x);
    return buffer;
}
} // namespace

Status validateUniverseConfig(const UniverseConfig &config, const std::string &sourceName)
{
    const auto fail = [&](const std::string &message) {
        return Status(Error{sourceName + ": " + message});
    };
    const MarketConfig &m = config.market;
    // The market factor's long-run variance is the total: the diffusion gets what the jumps and
    // the macro releases leave, and that must stay positive.
    const double jumpVariance =
        m.jumpsPerYear * (m.jumpMean * m.jumpMean + m.jumpStdDev * m.jumpStdDev);
    const double macroVariance =
        8.0 * config.fomc.move * config.fomc.move + 12.0 * config.cpi.move * config.cpi.move;
    if (jumpVariance + macroVariance >= 0.8 * m.longRunVol * m.longRunVol) {
        return fail("market.longRunVol: " + percent(m.longRunVol) +
                    " leaves too little diffusive variance after jumps and macro events");
    }
    std::set<std::string> sectorSymbols;
    for (std::size_t i = 0; i < config.sectors.size(); ++i) {
        if (!sectorSymbols.insert(config.sectors[i].symbol).second)
            return fail("sectors[" + std::to_string(i) + "]: duplicate sector '" +
                        config.sectors[i].symbol + "'");
    }
    if (config.underlyings.empty())
        return fail("underlyings: the universe is empty");
    std::set<std::string> symbols;
    for (std::size_t i = 0; i < config.underlyings.size(); ++i) {
        const UnderlyingConfig &u = config.underlyings[i];
        const std::string where = "underlyings[" + std::to_string(i) + "] (" + u.symbol + ")";
        if (!symbols.insert(u.symbol).second)
            return fail(where + ".symbol: duplicate symbol");
        if (u.symbol.size() > 6 && u.listsOptions())
            return fail(where + ".symbol: option roots have at most 6 characters");
        if (u.kind == InstrumentKind::Future) {
            const UnderlyingConfig *tracked = config.find(u.tracks);
            if (!tracked ||
                (tracked->kind != InstrumentKind::Etf && tracked->kind != InstrumentKind::Stock))
                return fail(where + ".tracks: '" + u.tracks +
                            "' is not a stock or ETF of the universe");
            continue;
        }
        if (u.kind == InstrumentKind::Index) {
            const UnderlyingConfig *source = config.find(u.derivedFrom);
            if (!source || !source->listsOptions())
                return fail(where + ".derivedFrom: '" + u.derivedFrom +
                            "' is not an underlying with listed options");
            continue;
        }
        if (u.listsOptions() && u.kind != InstrumentKind::Stock && u.kind != InstrumentKind::Etf)
            return fail(where + ".options: only stocks and ETFs list options");
        if (u.earnings.enabled && u.kind != InstrumentKind::Stock)
            return fail(where + ".earnings: only stocks report earnings");
        double sectorVariance = 0;
        if (!u.sector.empty()) {
            const SectorConfig *sector = config.findSector(u.sector);
            if (!sector)
                return fail(where + ".sector: unknown sector '" + u.sector + "'");
            sectorVariance = u.sectorLoading * u.sectorLoading * sector->vol * sector->vol;
        } else if (u.sectorLoading != 0) {
            return fail(where + ".sectorLoading: set without a sector");
        }
        // Factor loadings must not explain more variance than the name has: the idiosyncratic
        // variance is what is left.
        const double explained = u.beta * u.beta * m.longRunVol * m.longRunVol + sectorVariance;
        if (explained > u.vol * u.vol * (1 + 1e-9)) {
            return fail(where + ".vol: " + percent(u.vol) + " is below the " +
                        percent(std::sqrt(explained)) +
                        " that beta and sector loading already explain");
        }
        if (u.listsOptions()) {
            if (u.options.strikes.spacing.empty())
                return fail(where + ".options.strikes: missing spacing");
            if (u.options.tradesPerDay > 0 && u.options.volumePerDay <= 0)
                return fail(where + ".options.volumePerDay: needed when tradesPerDay is set");
        }
        if (u.tradesPerDay > 0 && u.averageDailyVolume <= 0)
            return fail(where + ".averageDailyVolume: needed when tradesPerDay is set");
    }
    return Status::success();
}

std::string_view defaultUniverseJson()
{
    return kDefaultUniverseJson;
}

UniverseConfig defaultUniverseConfig()
{
    // The embedded file is part of the build: a parse failure is a build defect, not a run-time
    // condition, and tst_universeconfig proves it parses.
    static const UniverseConfig config = [] {
        Result<UniverseConfig> parsed =
            parseUniverseConfig(kDefaultUniverseJson, "resources/universe.json");
        if (!parsed) {
            std::fprintf(stderr, "mag7: embedded universe is invalid: %s\n",
                         parsed.message().c_str());
            std::abort();
        }
        return std::move(parsed).value();
    }();
    return config;
}

} // namespace mag7::marketdata
