#pragma once
// The simulated universe as configuration: market-level volatility process, sector factors,
// macro event calendar, option requote budget and one entry per underlying (stocks, ETFs, the
// VIX index, /ES and /NQ). The default lives in resources/universe.json and is embedded into the
// library at build time, so defaultUniverseConfig() needs no file at run time.
//
// Units: prices and spreads in dollars, vols and rates as annualised decimals (0.25 = 25%),
// volumes in shares (futures: lots; options: contracts) per trading day, times as minutes after
// Eastern midnight. A config is plain data: copy it, edit it (tests switch option listing off),
// hand it to SimulatedMarket. Loading validates everything the simulator relies on, so a loaded
// config never needs checking again.

#include "model/instrument.h"
#include "model/price.h"
#include "model/result.h"
#include "model/timestamp.h"

#include <string>
#include <string_view>
#include <vector>

namespace mag7::marketdata {

enum class OptionListing : std::uint8_t {
    None,   // no options
    Daily,  // index ETFs: every trading day near term, then weekly Fridays, then monthlies
    Weekly, // stocks: weekly Fridays near term, then monthlies
};
enum class EarningsTiming : std::uint8_t { BeforeOpen, AfterClose };

// Relative variance rate of the latent processes per calendar hour, by session phase; the
// simulator normalises them so a nominal week carries one week of annual variance.
struct VarianceWeights {
    double regular = 1.0;
    double extended = 0.2;  // pre-market and after hours
    double overnight = 0.1; // 20:00-04:00 on weekdays, futures evening sessions
    double closed = 0.04;   // weekends and holidays
};

struct ActivityConfig {
    double openCloseRatio = 3.0;       // U-shape: intensity at the bell / at midday
    double extendedQuoteFactor = 0.12; // extended-hours quote rate / average regular rate
    double extendedVolumeShare = 0.06; // share of a stock's daily volume outside regular hours
    double futuresRegularVolumeShare = 0.65; // share of futures volume in 09:30-16:00
    double futuresLondonFactor = 0.3;        // futures quote rate 03:00-09:30 / regular average
    double futuresOvernightFactor = 0.1;     // other futures hours
    double extendedSpreadMultiplier = 3.0;
};

struct MarketConfig {
    double riskFreeRate = 0.043;
    double longRunVol = 0.15;   // total market-factor vol (diffusion + jumps + macro events)
    double meanReversion = 4.0; // kappa of the Heston variance, per year
    double volOfVol = 0.5;      // xi
    double spotVolCorrelation = -0.7;
    double jumpsPerYear = 3.0; // market jumps (log-normal sizes)
    double jumpMean = -0.015;  // mean log jump
    double jumpStdDev = 0.02;
    double spotVolHalfLifeDays = 10; // anchor of the single-name spot-vol effect
    VarianceWeights varianceWeights;
    ActivityConfig activity;
};

struct SectorConfig {
    std::string symbol; // the sector ETF (also an underlying of the universe)
    double vol = 0.1;   // vol of the sector factor, orthogonal to the market
};

struct MacroEventConfig {
    std::vector<Date> dates; // published dates; years not covered use the rule
    std::vector<unsigned> ruleMonths;
    unsigned ruleWeekday = 3;                    // 0 = Sunday
    int ruleNth = 2;                             // nth weekday of the month
    int releaseMinutes = 0;                      // minutes after Eastern midnight
    double move = 0.005;                         // std dev of the market log jump at the release
    double dayVarianceMultiplier = 1.0;          // regular session before the release
    double afterReleaseVarianceMultiplier = 1.0; // regular session after the release
};

// Option requote cadence by days to expiry: a contract is checked every `seconds` while its DTE
// is at most `maxDays` (the last band has no limit).
struct RequoteBand {
    int maxDays = 0;
    int seconds = 1;
};

struct RequoteConfig {
    double thresholdTicks = 0.5;  // requote when the estimated value moved this many ticks
    int fullRefreshSeconds = 120; // full repricing at least this often (theta, smile drift)
    std::vector<RequoteBand> bands = {{2, 1}, {7, 2}, {45, 5}, {100000, 20}};
    double farDelta = 0.05; // out of the money with |delta| below this: farSeconds
    int farSeconds = 30;
    int etfCloseDelayMinutes = 15; // ETF options quote until 16:15 except on expiry day
};

struct StrikeBand {
    double below = 0; // underlying price below which `step` applies (last band: no limit)
    double step = 1;
};

struct StrikeRules {
    std::vector<StrikeBand> spacing; // near-the-money spacing by underlying price
    double farMultiplier = 2;        // spacing multiplier outside the near band
    double nearStdDevs = 1.0;        // near band half-width in sigma*sqrt(T) ...
    double nearMinFraction = 0.03;   // ... and at least this fraction of spot
    double rangeStdDevs = 3.5;       // listed range half-width in sigma*sqrt(T) ...
    double rangeMinFraction = 0.05;  // ... at least this fraction of spot ...
    double rangeMaxFraction = 0.6;   // ... and at most this one
    int longDatedDays = 60;          // expiries beyond this use longDatedMultiplier spacing
    double longDatedMultiplier = 2;
};

struct OptionSpread {
    double base = 0.01;     // dollars
    double fraction = 0.01; // of the theoretical value
    double wing = 0.15;     // extra relative width per standard deviation beyond 1.5
};

struct OptionConfig {
    OptionListing listing = OptionListing::None;
    int dailyDays = 14;    // Daily listing: every trading day up to this many calendar days
    int weeklyDays = 60;   // weekly Fridays up to this many days
    int monthlyDays = 365; // third-Friday monthlies up to this many days
    StrikeRules strikes;
    double pennyBelow = 0;   // quotes at or above this price use $0.05; 0 = $0.01 everywhere
    double ivPremium = 1.1;  // implied / expected realised vol
    double skew = -0.15;     // d(IV/ATM)/dz, z = ln(K/F)/(ATM*sqrt(T))
    double smile = 0.05;     // curvature of IV/ATM in z
    double spotVol = 0.0;    // single-name spot-vol: ATM scales by exp(-spotVol * ln(S/anchor))
    double volumePerDay = 0; // contracts
    double tradesPerDay = 0; // option trade prints per day (tick budget)
    double openInterest = 0; // total open interest at listing, contracts
    OptionSpread spread;
};

struct EarningsConfig {
    bool enabled = false;
    EarningsTiming timing = EarningsTiming::AfterClose;
    double move = 0.05;   // std dev of the log gap
    unsigned weekday = 4; // reports on the last such weekday on or before each anchor
    std::vector<std::pair<unsigned, unsigned>> anchors; // (month, day)
};

struct UnderlyingConfig {
    std::string symbol;
    std::string name;
    InstrumentKind kind = InstrumentKind::Stock;
    std::string sector; // sector factor (sector ETF symbol); empty for none
    double sectorLoading = 0;
    double price = 0; // starting price (futures: ratio x tracked ETF; index: derived)
    double vol = 0;   // total annualised vol excluding earnings gaps
    double beta = 1;
    double dividendYield = 0;
    double averageDailyVolume = 0;
    double spread = 0.01; // typical regular-session spread, dollars
    Price tickSize = kCent;
    double multiplier = 1;
    double quotesPerSecond = 0; // average regular-session quote updates
    double tradesPerDay = 0;    // trade prints per day
    double quoteSize = 100;     // mean displayed size (shares or lots)
    OptionConfig options;
    EarningsConfig earnings;
    // Futures: the ETF tracked and the price ratio (future = ratio x ETF).
    std::string tracks;
    double ratio = 0;
    // Index: the underlying whose option surface defines it, the variance tenor and cadence.
    std::string derivedFrom;
    int tenorDays = 30;
    int publishSeconds = 1;

    bool listsOptions() const { return options.listing != OptionListing::None; }
};

struct UniverseConfig {
    MarketConfig market;
    std::vector<SectorConfig> sectors;
    MacroEventConfig fomc;
    MacroEventConfig cpi;
    RequoteConfig requote;
    bool optionListingEnabled = true; // master switch (statistics tests turn it off for speed)
    std::vector<UnderlyingConfig> underlyings;

    const UnderlyingConfig *find(std::string_view symbol) const;
    int indexOf(std::string_view symbol) const; // -1 when absent
    const SectorConfig *findSector(std::string_view symbol) const;
};

// Parses and validates a universe file. Errors name the file and the field, e.g.
// "universe.json: underlyings[4] (NVDA).vol: must be positive, got -0.5" or
// "universe.json: malformed JSON at line 12, column 7: missing object".
Result<UniverseConfig> loadUniverseConfig(const std::string &path);
// Same from text; `sourceName` prefixes every error message.
Result<UniverseConfig> parseUniverseConfig(std::string_view json, const std::string &sourceName);
// Checks the cross-field rules (unique symbols, references, feasible factor loadings). Called by
// the loaders; exposed for code that edits a config.
Status validateUniverseConfig(const UniverseConfig &config, const std::string &sourceName);

// The embedded resources/universe.json (the 16-instrument default universe).
UniverseConfig defaultUniverseConfig();
// Its text, for "mag7 simulate --print-config" style tooling.
std::string_view defaultUniverseJson();

} // namespace mag7::marketdata
