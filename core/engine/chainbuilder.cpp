#include "engine/chainbuilder.h"

#include "model/easterntime.h"
#include "pricing/timetoexpiry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mag7::engine {

namespace {

constexpr double kTargetYears = 30.0 / 365.0;
constexpr double kMinTermYears = 1.0 / 365.0; // same-day expiries are not a 30-day measure
constexpr int kMinSmileQuotes = 5;

// Average IV of the valid call/put at a row pair of one strike.
double strikeIv(const OptionRow *call, const OptionRow *put)
{
    double sum = 0;
    int count = 0;
    for (const OptionRow *row : {call, put}) {
        if (row && row->ivError == pricing::IvError::None) {
            sum += row->iv;
            ++count;
        }
    }
    return count > 0 ? sum / count : 0.0;
}

void summarise(ChainSnapshot &snap, ExpirySummary &summary, const ChainBuildOptions &options,
               const ChainSnapshot *previous)
{
    const auto begin = snap.options.begin() + static_cast<std::ptrdiff_t>(summary.firstRow);
    const auto end = begin + static_cast<std::ptrdiff_t>(summary.rowCount);
    summary.years = begin->years;
    summary.forward = snap.spot * std::exp((snap.rate - snap.dividendYield) * summary.years);
    summary.expectedMove = 0;
    summary.riskReversal25 = std::numeric_limits<double>::quiet_NaN();
    summary.butterfly25 = std::numeric_limits<double>::quiet_NaN();

    // Strikes with their call and put rows (rows are sorted by strike, call before put).
    struct StrikeRows {
        double strike;
        const OptionRow *call = nullptr;
        const OptionRow *put = nullptr;
    };
    std::vector<StrikeRows> strikes;
    for (auto it = begin; it != end; ++it) {
        if (strikes.empty() || strikes.back().strike != it->strike)
            strikes.push_back({it->strike});
        (it->right == OptionRight::Call ? strikes.back().call : strikes.back().put) = &*it;
    }
    // ATM: the strike nearest the forward with a valid IV.
    const StrikeRows *atm = nullptr;
    for (const StrikeRows &s : strikes) {
        if (strikeIv(s.call, s.put) <= 0)
            continue;
        if (!atm || std::abs(s.strike - summary.forward) < std::abs(atm->strike - summary.forward))
            atm = &s;
    }
    if (atm) {
        summary.atmStrike = atm->strike;
        summary.atmIv = strikeIv(atm->call, atm->put);
        summary.expectedMove = pricing::expectedMove(snap.spot, summary.atmIv, summary.years);
        if (atm->call && atm->put && atm->call->mid > 0 && atm->put->mid > 0)
            summary.straddle = atm->call->mid + atm->put->mid;
    }

    if (options.fitSmiles) {
        // Out-of-the-money side at each strike, weighted by vega per dollar of spread.
        std::vector<pricing::SmileQuote> quotes;
        for (const StrikeRows &s : strikes) {
            const OptionRow *row = s.strike < summary.forward ? s.put : s.call;
            if (!row || row->ivError != pricing::IvError::None)
                continue;
            const double spread = std::max(toDouble(row->ask - row->bid), 0.01);
            quotes.push_back({s.strike, row->iv, std::max(row->greeks.vega, 1e-6) / spread});
        }
        if (static_cast<int>(quotes.size()) >= kMinSmileQuotes) {
            auto fit = pricing::fitSmile(summary.forward, summary.years, quotes);
            if (fit)
                summary.smile = fit.value();
        }
    } else if (previous) {
        for (const ExpirySummary &old : previous->expiries) {
            if (old.expiry == summary.expiry) {
                summary.smile = old.smile;
                break;
            }
        }
    }
    if (summary.smile) {
        summary.riskReversal25 =
            pricing::riskReversal25(*summary.smile, snap.rate, snap.dividendYield);
        summary.butterfly25 = pricing::butterfly25(*summary.smile, snap.rate, snap.dividendYield);
    }
}

} // namespace

std::shared_ptr<const ChainSnapshot> ChainBuilder::build(const ChainInput &input,
                                                         const ChainBuildOptions &options,
                                                         const ChainSnapshot *previous)
{
    auto snap = std::make_shared<ChainSnapshot>();
    snap->underlying = input.underlying;
    snap->symbol = input.symbol;
    snap->asOf = input.asOf;
    snap->spot = input.spot;
    snap->rate = input.rate;
    snap->dividendYield = input.dividendYield;
    snap->sequence = previous ? previous->sequence + 1 : 1;

    std::vector<const ContractInput *> live;
    live.reserve(input.contracts.size());
    for (const ContractInput &contract : input.contracts) {
        if (contract.instrument &&
            pricing::yearsToExpiry(input.asOf, contract.instrument->expiry) > 0)
            live.push_back(&contract);
    }
    std::sort(live.begin(), live.end(), [](const ContractInput *a, const ContractInput *b) {
        const Instrument &x = *a->instrument;
        const Instrument &y = *b->instrument;
        if (x.expiry != y.expiry)
            return x.expiry < y.expiry;
        if (x.strike != y.strike)
            return x.strike < y.strike;
        return x.right < y.right;
    });

    m_quotes.resize(live.size());
    snap->options.resize(live.size());
    for (std::size_t i = 0; i < live.size(); ++i) {
        const ContractInput &contract = *live[i];
        const Instrument &instrument = *contract.instrument;
        OptionRow &row = snap->options[i];
        row.id = instrument.id;
        row.instrument = &instrument;
        row.expiry = instrument.expiry;
        row.right = instrument.right;
        row.strike = toDouble(instrument.strike);
        row.years = pricing::yearsToExpiry(input.asOf, instrument.expiry);
        row.bid = contract.quote.bid;
        row.ask = contract.quote.ask;
        row.bidSize = contract.quote.bidSize;
        row.askSize = contract.quote.askSize;
        row.last = contract.quote.last;
        row.volume = contract.volume;
        row.openInterest = contract.openInterest;
        m_quotes[i] = {row.right, row.strike, row.years, toDouble(row.bid), toDouble(row.ask)};
    }
    if (input.spot > 0)
        m_pricer.price(input.spot, input.rate, input.dividendYield, m_quotes, m_analytics);
    else
        m_analytics.assign(live.size(), pricing::ChainAnalytics{});
    const double dollarGammaScale = 100.0 * input.spot * input.spot * 0.01;
    for (std::size_t i = 0; i < live.size(); ++i) {
        OptionRow &row = snap->options[i];
        const pricing::ChainAnalytics &a = m_analytics[i];
        row.mid = a.mid;
        row.iv = a.iv;
        row.ivError = input.spot > 0 ? a.ivError : pricing::IvError::InvalidInput;
        row.greeks = a.greeks;
        row.probabilityItm = a.probabilityItm;
        const double sign = row.right == OptionRight::Call ? 1.0 : -1.0;
        row.gex =
            sign * row.greeks.gamma * static_cast<double>(row.openInterest) * dollarGammaScale;
    }

    // Expiry summaries.
    for (std::size_t i = 0; i < snap->options.size();) {
        ExpirySummary summary;
        summary.expiry = snap->options[i].expiry;
        summary.firstRow = i;
        while (i < snap->options.size() && snap->options[i].expiry == summary.expiry)
            ++i;
        summary.rowCount = i - summary.firstRow;
        summary.daysToExpiry =
            daysSinceEpoch(summary.expiry) - daysSinceEpoch(easternDate(input.asOf));
        summarise(*snap, summary, options, previous);
        snap->expiries.push_back(std::move(summary));
    }

    std::vector<pricing::TermPoint> term;
    for (const ExpirySummary &summary : snap->expiries) {
        if (summary.years >= kMinTermYears && summary.atmIv > 0)
            term.push_back({summary.years, summary.atmIv});
    }
    snap->atmIv30 = term.empty() ? 0.0 : pricing::interpolateAtmIv(term, kTargetYears);

    if (options.computeGex) {
        std::vector<pricing::GexContract> contracts;
        contracts.reserve(snap->options.size());
        for (const OptionRow &row : snap->options) {
            if (row.ivError == pricing::IvError::None && row.openInterest > 0)
                contracts.push_back({row.strike, row.right, row.years, row.iv,
                                     static_cast<double>(row.openInterest)});
        }
        if (input.spot > 0)
            snap->gex = pricing::computeGex(input.spot, input.rate, input.dividendYield, contracts);
    } else if (previous) {
        snap->gex = previous->gex;
    }
    return snap;
}

} // namespace mag7::engine
