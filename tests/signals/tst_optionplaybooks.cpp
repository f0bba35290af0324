// Option playbooks (fat-tail, convexity, calendar, iron-fly) on chains built by hand: each setup
// fires with its structure, legs at mids, net price and a reason with the numbers; the near
// misses do not; a setup fires once a day; without a chain nothing fires and the state says why;
// parameters are bounded. Chains are Black-Scholes prices of a flat (per-expiry) vol with no
// rates, or a few listed quotes where a test needs exact costs.
#include "model/easterntime.h"
#include "signals/playbook.h"
#include "signals/playbookformat.h"
#include "signals/volatility.h"

#include <QTest>

#include <chrono>
#include <cmath>

using namespace mag7;
using namespace mag7::signals;

namespace {

constexpr Date kToday = makeDate(2025, 1, 15); // a Wednesday; bars from 10:00 ET

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9;
}

double normCdf(double x)
{
    return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

// Black-Scholes price and delta (no rates, no dividends) into the quote, with a spread of
// 1 cent + 0.5% either side of the mid (no bid when the mid is inside it).
void price(OptionQuoteView &q, double spot, double years, double vol)
{
    const double sd = vol * std::sqrt(years);
    const double d1 = (std::log(spot / q.strike) + 0.5 * sd * sd) / sd;
    const double d2 = d1 - sd;
    const bool call = q.right == OptionRight::Call;
    q.mid = call ? spot * normCdf(d1) - q.strike * normCdf(d2)
                 : q.strike * normCdf(-d2) - spot * normCdf(-d1);
    const double half = 0.01 + 0.005 * q.mid;
    q.bid = std::max(0.0, q.mid - half);
    q.ask = q.mid + half;
    q.iv = vol;
    q.delta = call ? normCdf(d1) : normCdf(d1) - 1;
}

// An expiry `dte` days out priced at a flat `vol`, strikes lo..hi every `step`.
ExpiryView bsExpiry(int dte, double spot, double lo, double hi, double step, double vol)
{
    ExpiryView e;
    e.expiry = addDays(kToday, dte);
    e.daysToExpiry = dte;
    e.years = std::max(dte, 1) / 365.0;
    e.forward = spot;
    e.atmIv = vol;
    e.expectedMove = spot * vol * std::sqrt(e.years);
    e.riskReversal25 = -0.03;
    e.butterfly25 = 0.01;
    for (double k = lo; k <= hi + 1e-9; k += step) {
        for (const OptionRight right : {OptionRight::Call, OptionRight::Put}) {
            OptionQuoteView q;
            q.strike = k;
            q.right = right;
            price(q, spot, e.years, vol);
            e.options.push_back(q);
        }
    }
    return e;
}

// SPY at 590: strikes 500-680 every 5; expiries 2, 9, 16, 23, 30, 37, 44 and 58 days out at 20%.
OptionChainView spyChain()
{
    OptionChainView chain;
    chain.spot = 590;
    chain.atmIv30 = 0.20;
    for (const int dte : {2, 9, 16, 23, 30, 37, 44, 58})
        chain.expiries.push_back(bsExpiry(dte, 590, 500, 680, 5, 0.20));
    return chain;
}

ExpiryView &expiryAt(OptionChainView &chain, int dte)
{
    for (ExpiryView &e : chain.expiries) {
        if (e.daysToExpiry == dte)
            return e;
    }
    qFatal("no expiry %d days out", dte);
}

// Reprices every option of the expiry at `vol`.
void setVol(ExpiryView &e, double spot, double vol)
{
    e.atmIv = vol;
    e.expectedMove = spot * vol * std::sqrt(e.years);
    for (OptionQuoteView &q : e.options)
        price(q, spot, e.years, vol);
}

const OptionQuoteView &option(const ExpiryView &e, double strike, OptionRight right)
{
    for (const OptionQuoteView &q : e.options) {
        if (q.strike == strike && q.right == right)
            return q;
    }
    qFatal("no %g option", strike);
}

// A few listed options with the given mids (bid/ask 1 cent either side; no bid at 1 cent).
struct Listed {
    double strike;
    OptionRight right;
    double mid;
};

ExpiryView listedExpiry(int dte, double expectedMove, std::vector<Listed> listed)
{
    ExpiryView e;
    e.expiry = addDays(kToday, dte);
    e.daysToExpiry = dte;
    e.years = std::max(dte, 1) / 365.0;
    e.expectedMove = expectedMove;
    std::sort(listed.begin(), listed.end(), [](const Listed &a, const Listed &b) {
        return a.strike != b.strike ? a.strike < b.strike : a.right < b.right;
    });
    for (const Listed &l : listed) {
        OptionQuoteView q;
        q.strike = l.strike;
        q.right = l.right;
        q.mid = l.mid;
        q.bid = std::max(0.0, l.mid - 0.01);
        q.ask = l.mid + 0.01;
        e.options.push_back(q);
    }
    return e;
}

constexpr OptionRight C = OptionRight::Call;
constexpr OptionRight P = OptionRight::Put;

// Spot 100, expected move 4 (2-3 sigma: calls centred 108-112, puts 88-92). The call fly
// 108/110/112 costs 0.50 - 2 x 0.30 + 0.20 = 0.10 (pays 1.90, 19x), the put fly 88/90/92 costs
// 0.20 - 2 x 0.30 + 0.45 = 0.05 (pays 1.95, 39x); no other symmetric fly is listed.
std::vector<Listed> fatTailQuotes()
{
    return {{100, C, 1.60}, {100, P, 1.60}, {108, C, 0.50}, {110, C, 0.30},
            {112, C, 0.20}, {88, P, 0.20},  {90, P, 0.30},  {92, P, 0.45}};
}

std::vector<std::unique_ptr<Playbook>> only(const char *name)
{
    std::vector<std::unique_ptr<Playbook>> list;
    list.push_back(makePlaybook(name));
    if (!list.front())
        qFatal("no playbook %s", name);
    return list;
}

// Feeds flat 1-minute bars of one symbol at its spot to a runner holding only `name`, with the
// market view (whose chain the test may change between bars).
struct Harness {
    PlaybookRunner runner;
    std::vector<Signal> signals;
    std::string symbol;
    InstrumentKind kind;
    MarketView view;
    std::shared_ptr<OptionChainView> chain;
    Timestamp next = *parseIsoTimestamp("2025-01-15T10:00:00-05:00");

    Harness(const char *name, const char *sym, InstrumentKind k, OptionChainView c)
        : runner(only(name))
        , symbol(sym)
        , kind(k)
        , chain(std::make_shared<OptionChainView>(std::move(c)))
    {
        SymbolMarket &m = market();
        m.kind = kind;
        m.chain = chain;
    }
    SymbolMarket &market() { return view.upsert(symbol); }
    Playbook &playbook() { return *runner.playbooks().front(); }
    void set(const char *parameter, double value)
    {
        const Status status = playbook().setParameter(parameter, value);
        if (!status)
            qFatal("%s", status.message().c_str());
    }
    // `n` bars; returns how many signals they fired.
    std::size_t bars(int n, bool withView = true)
    {
        const std::size_t before = signals.size();
        const double spot = chain && std::isfinite(chain->spot) ? chain->spot : 100;
        for (int i = 0; i < n; ++i) {
            const Status status =
                runner.addBar(symbol, kind, Bar{next, spot, spot, spot, spot, 1000}, signals,
                              withView ? &view : nullptr);
            if (!status)
                qFatal("%s", status.message().c_str());
            next += kNanosPerMinute;
        }
        return signals.size() - before;
    }
    std::string state() { return playbook().state(symbol); }
};

OptionChainView fatTailChain(std::vector<ExpiryView> expiries)
{
    OptionChainView chain;
    chain.spot = 100;
    chain.expiries = std::move(expiries);
    return chain;
}

// Signals the fat-tail playbook fires over ten minutes on one expiry, after `setup`.
template <typename Setup>
std::size_t fatTailFires(const ExpiryView &expiry, Setup setup)
{
    Harness h("fat-tail", "SPY", InstrumentKind::Etf, fatTailChain({expiry}));
    setup(h);
    return h.bars(10);
}

std::size_t fatTailFires(const ExpiryView &expiry)
{
    return fatTailFires(expiry, [](Harness &) {});
}

// Daily sessions before kToday, oldest first: closes from `close(i)`, high/low 0.3% around.
template <typename Close>
std::vector<DailyBar> dailyBars(int count, Close close)
{
    std::vector<DailyBar> bars;
    Date date = kToday;
    for (int i = 0; i < count;) {
        date = addDays(date, -1);
        if (!isWeekend(date))
            ++i;
    }
    for (int i = 0; i < count; date = addDays(date, 1)) {
        if (isWeekend(date))
            continue;
        const double c = close(i);
        bars.push_back({date, c, c * 1.003, c * 0.997, c, 1'000'000});
        ++i;
    }
    return bars;
}

// Range-bound SPY: closes alternate 588 / 592 (10-day range 1.3%, 5-day change -0.7%).
std::vector<DailyBar> rangeBound()
{
    return dailyBars(30, [](int i) { return i % 2 == 0 ? 592.0 : 588.0; });
}

} // namespace

class TestOptionPlaybooks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void registeredAfterTheSessionPlaybooks()
    {
        std::vector<std::string> names;
        for (const auto &p : builtInPlaybooks())
            names.emplace_back(p->name());
        const auto ict = std::find(names.begin(), names.end(), "ict-sweep");
        QVERIFY(ict != names.end());
        QCOMPARE(std::vector<std::string>(ict + 1, ict + 5),
                 (std::vector<std::string>{"fat-tail", "convexity", "calendar", "iron-fly"}));
        for (const char *name : {"fat-tail", "convexity", "calendar", "iron-fly"}) {
            const auto p = makePlaybook(name);
            QVERIFY(p->applies(InstrumentKind::Stock) && p->applies(InstrumentKind::Etf) &&
                    p->applies(InstrumentKind::Future) && !p->applies(InstrumentKind::Option));
            QVERIFY(!p->description().empty());
            for (const PlaybookParameter &parameter : p->parameters()) {
                QVERIFY2(!parameter.description.empty(), parameter.name.c_str());
                QVERIFY(parameter.minimum <= parameter.value &&
                        parameter.value <= parameter.maximum);
            }
        }
    }

    void parametersAreBounded()
    {
        struct Case {
            const char *playbook;
            const char *parameter;
            double bad;
        };
        const Case cases[] = {{"fat-tail", "every_min", 0},     {"fat-tail", "max_cost", 100},
                              {"fat-tail", "min_ratio", 0.5},   {"convexity", "z_threshold", 0.1},
                              {"convexity", "min_samples", 1},  {"calendar", "iv_ratio", 0.9},
                              {"calendar", "puts", 2},          {"iron-fly", "max_iv_rank", 101},
                              {"iron-fly", "max_range_pct", -1}};
        for (const Case &c : cases) {
            auto p = makePlaybook(c.playbook);
            const double before = p->parameter(c.parameter);
            const Status refused = p->setParameter(c.parameter, c.bad);
            QVERIFY2(!refused.ok(), c.parameter);
            QVERIFY2(contains(refused.message(),
                              std::string(c.playbook) + ": " + c.parameter + " must be in ["),
                     refused.message().c_str());
            QCOMPARE(p->parameter(c.parameter), before);
        }
        auto fly = makePlaybook("fat-tail");
        QVERIFY(fly->setParameter("max_cost", 0.75).ok());
        QCOMPARE(fly->parameter("max_cost"), 0.75);
        QVERIFY(!fly->setParameter("max_cost", NAN).ok());
    }

    void noChainNoSignal()
    {
        for (const char *name : {"fat-tail", "convexity", "calendar", "iron-fly"}) {
            // No market view at all (a bars-only run).
            Harness bare(name, "AAPL", InstrumentKind::Stock, spyChain());
            QCOMPARE(bare.bars(10, false), std::size_t{0});
            QVERIFY2(contains(bare.state(), "no market view"), bare.state().c_str());
            // A view without a chain for the symbol.
            Harness h(name, "AAPL", InstrumentKind::Stock, spyChain());
            h.market().chain.reset();
            h.market().daily = rangeBound();
            h.market().ivRank = 10;
            QCOMPARE(h.bars(10), std::size_t{0});
            QCOMPARE(QString::fromStdString(h.state()), QStringLiteral("no option chain for AAPL"));
            // An empty chain.
            h.market().chain = std::make_shared<const OptionChainView>();
            QCOMPARE(h.bars(10), std::size_t{0});
            QVERIFY2(contains(h.state(), "option chain of AAPL is empty"), h.state().c_str());
        }
    }

    // ---- fat-tail ----

    void fatTailFiresTheCheapFlies()
    {
        Harness h("fat-tail", "SPY", InstrumentKind::Etf,
                  fatTailChain({listedExpiry(2, 4, fatTailQuotes())}));
        QCOMPARE(h.bars(1), std::size_t{2});
        const Signal &call = h.signals[0];
        QCOMPARE(call.playbook, std::string("fat-tail"));
        QCOMPARE(call.side, SignalSide::Long);
        QCOMPARE(call.structure, std::string("call butterfly"));
        QCOMPARE(call.legs.size(), std::size_t{3});
        const double strikes[] = {108, 110, 112};
        const int quantities[] = {1, -2, 1};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(call.legs[i].strike, strikes[i]);
            QCOMPARE(call.legs[i].quantity, quantities[i]);
            QCOMPARE(call.legs[i].right, OptionRight::Call);
            QCOMPARE(call.legs[i].expiry, makeDate(2025, 1, 17));
        }
        QCOMPARE(call.legs[1].price, 0.30);
        QVERIFY(near(call.netPrice, 0.10));
        QCOMPARE(call.target, 110.0);
        QVERIFY2(contains(call.reason, "call butterfly 108/110/112 2025-01-17 (2 DTE) for 0.10: "
                                       "pays up to 1.90, 19.0x the cost; centre 110 is 2.5σ "
                                       "above spot 100.00 (expected move 4.00)"),
                 call.reason.c_str());

        const Signal &put = h.signals[1];
        QCOMPARE(put.structure, std::string("put butterfly"));
        QCOMPARE(put.side, SignalSide::Long);
        QCOMPARE(put.legs[0].strike, 88.0);
        QCOMPARE(put.legs[1].strike, 90.0);
        QCOMPARE(put.legs[2].strike, 92.0);
        QCOMPARE(put.legs[0].right, OptionRight::Put);
        QVERIFY(near(put.netPrice, 0.05));
        QVERIFY2(contains(put.reason, "put butterfly 88/90/92 2025-01-17 (2 DTE) for 0.05: pays "
                                      "up to 1.95, 39.0x the cost; centre 90 is 2.5σ below"),
                 put.reason.c_str());

        // Once a day: the same flies over the next hour fire nothing more.
        QCOMPARE(h.bars(60), std::size_t{0});
        QVERIFY2(contains(h.state(), "fired today"), h.state().c_str());
    }

    void fatTailSigmaFromAtmIv()
    {
        // No expected move: spot x ATM IV x sqrt(years) = 100 x 0.40 x 0.1 = 4.
        ExpiryView e = listedExpiry(2, kUnknown, fatTailQuotes());
        e.atmIv = 0.40;
        e.years = 0.01;
        QCOMPARE(fatTailFires(e), std::size_t{2});
    }

    void fatTailNearMisses()
    {
        // 103/110/117 costs 1.00 - 0.60 + 0.15 = 0.55 (> 0.50) though it pays 11.7x.
        const ExpiryView dear =
            listedExpiry(2, 4, {{100, C, 1.6}, {103, C, 1.00}, {110, C, 0.30}, {117, C, 0.15}});
        QCOMPARE(fatTailFires(dear), std::size_t{0});
        QCOMPARE(fatTailFires(dear, [](Harness &h) { h.set("max_cost", 0.6); }), std::size_t{1});

        // 108/110/112 at 0.20: pays 1.80, 9x.
        const ExpiryView poor =
            listedExpiry(2, 4, {{100, C, 1.6}, {108, C, 0.60}, {110, C, 0.30}, {112, C, 0.20}});
        QCOMPARE(fatTailFires(poor), std::size_t{0});
        QCOMPARE(fatTailFires(poor, [](Harness &h) { h.set("min_ratio", 8.5); }), std::size_t{1});

        // 104/106/108 at 0.10 but centred 1.5 sigma out.
        const ExpiryView close =
            listedExpiry(2, 4, {{100, C, 1.6}, {104, C, 0.50}, {106, C, 0.30}, {108, C, 0.20}});
        QCOMPARE(fatTailFires(close), std::size_t{0});
        QCOMPARE(fatTailFires(close, [](Harness &h) { h.set("min_sigma", 1.4); }), std::size_t{1});

        // The good flies 9 days out.
        const ExpiryView later = listedExpiry(9, 4, fatTailQuotes());
        QCOMPARE(fatTailFires(later), std::size_t{0});
        QCOMPARE(fatTailFires(later, [](Harness &h) { h.set("max_dte", 9); }), std::size_t{2});

        // Broken wings (106/110/112 at 0.10) are not a butterfly paying width - cost.
        const ExpiryView broken =
            listedExpiry(2, 4, {{100, C, 1.6}, {106, C, 0.50}, {110, C, 0.30}, {112, C, 0.20}});
        QCOMPARE(fatTailFires(broken), std::size_t{0});

        // No bid on the centre strike the fly sells.
        ExpiryView noBid = listedExpiry(2, 4, fatTailQuotes());
        for (OptionQuoteView &q : noBid.options) {
            if (q.strike == 110 || q.strike == 90)
                q.bid = 0;
        }
        QCOMPARE(fatTailFires(noBid), std::size_t{0});
        // A crossed wing.
        ExpiryView crossed = listedExpiry(2, 4, fatTailQuotes());
        for (OptionQuoteView &q : crossed.options) {
            if (q.strike == 112 || q.strike == 88)
                q.bid = q.ask + 0.05;
        }
        QCOMPARE(fatTailFires(crossed), std::size_t{0});
    }

    void fatTailLooksEveryFiveMinutes()
    {
        // Nothing to buy at first; the flies appear two minutes later and fire at the next look,
        // five minutes after the first.
        Harness h("fat-tail", "SPY", InstrumentKind::Etf,
                  fatTailChain({listedExpiry(2, 4, {{100, C, 1.6}, {100, P, 1.6}})}));
        QCOMPARE(h.bars(2), std::size_t{0});
        h.chain->expiries = {listedExpiry(2, 4, fatTailQuotes())};
        QCOMPARE(h.bars(3), std::size_t{0});
        QCOMPARE(h.bars(1), std::size_t{2});
        QCOMPARE(h.signals.front().time, *parseIsoTimestamp("2025-01-15T10:06:00-05:00"));
    }

    // ---- convexity ----

    void skewExtremeFiresARiskReversal()
    {
        Harness h("convexity", "SPY", InstrumentKind::Etf, spyChain());
        h.set("every_min", 1);
        auto sample = [&h](double rr) {
            for (ExpiryView &e : h.chain->expiries)
                e.riskReversal25 = rr;
            return h.bars(1);
        };
        for (int i = 0; i < 20; ++i)
            QCOMPARE(sample(i % 2 == 0 ? -0.04 : -0.06), std::size_t{0});
        // Mean -5.00, sd 1.03 vol points: -8.50 is z = -3.41.
        QCOMPARE(sample(-0.085), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.playbook, std::string("convexity"));
        QCOMPARE(s.side, SignalSide::Long);
        QCOMPARE(s.structure, std::string("long risk reversal"));
        QCOMPARE(s.legs.size(), std::size_t{2});
        const ExpiryView &monthly = expiryAt(*h.chain, 30);
        QCOMPARE(s.legs[0].quantity, 1);
        QCOMPARE(s.legs[0].right, OptionRight::Call);
        QCOMPARE(s.legs[0].expiry, monthly.expiry);
        QCOMPARE(s.legs[1].quantity, -1);
        QCOMPARE(s.legs[1].right, OptionRight::Put);
        QCOMPARE(s.legs[1].expiry, monthly.expiry);
        // 25-delta strikes (the nearest listed deltas).
        QVERIFY(std::abs(option(monthly, s.legs[0].strike, C).delta - 0.25) < 0.05);
        QVERIFY(std::abs(option(monthly, s.legs[1].strike, P).delta + 0.25) < 0.05);
        QVERIFY(near(s.netPrice, option(monthly, s.legs[0].strike, C).mid -
                                     option(monthly, s.legs[1].strike, P).mid));
        QVERIFY2(contains(s.reason, "25Δ risk reversal -8.50 vol pts (30-day) is 3.4 sd below "
                                    "its mean -5.00 over 20 samples (sd 1.03"),
                 s.reason.c_str());
        QVERIFY(contains(s.reason, "puts rich against calls"));
        // Once a day per direction, however long the skew stays extreme.
        for (int i = 0; i < 5; ++i)
            QCOMPARE(sample(-0.09), std::size_t{0});
    }

    void skewNearMisses()
    {
        // Only 10 samples: no z-score yet.
        Harness h("convexity", "SPY", InstrumentKind::Etf, spyChain());
        h.set("every_min", 1);
        auto sample = [&h](double rr) {
            for (ExpiryView &e : h.chain->expiries)
                e.riskReversal25 = rr;
            return h.bars(1);
        };
        for (int i = 0; i < 10; ++i)
            sample(i % 2 == 0 ? -0.04 : -0.06);
        QCOMPARE(sample(-0.085), std::size_t{0});
        QVERIFY2(contains(h.state(), "10 of 20 samples"), h.state().c_str());

        // z = -1.46 after 20 samples.
        Harness mild("convexity", "SPY", InstrumentKind::Etf, spyChain());
        mild.set("every_min", 1);
        for (int i = 0; i < 20; ++i) {
            for (ExpiryView &e : mild.chain->expiries)
                e.riskReversal25 = i % 2 == 0 ? -0.04 : -0.06;
            mild.bars(1);
        }
        for (ExpiryView &e : mild.chain->expiries)
            e.riskReversal25 = -0.065;
        QCOMPARE(mild.bars(1), std::size_t{0});
        QVERIFY2(contains(mild.state(), "z -1.46 over 20 samples"), mild.state().c_str());
    }

    void invertedTermFiresACalendar()
    {
        OptionChainView chain = spyChain();
        // Front (the first 7+ days out: 9) at 24% against 20% on the next (21+ days later: 30).
        setVol(expiryAt(chain, 9), 590, 0.24);
        Harness h("convexity", "SPY", InstrumentKind::Etf, chain);
        QCOMPARE(h.bars(1), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.structure, std::string("calendar"));
        QCOMPARE(s.side, SignalSide::Long);
        const ExpiryView &front = expiryAt(chain, 9);
        const ExpiryView &next = expiryAt(chain, 30);
        QCOMPARE(s.legs.size(), std::size_t{2});
        QCOMPARE(s.legs[0].quantity, -1);
        QCOMPARE(s.legs[0].expiry, front.expiry);
        QCOMPARE(s.legs[0].strike, 590.0);
        QCOMPARE(s.legs[1].quantity, 1);
        QCOMPARE(s.legs[1].expiry, next.expiry);
        QCOMPARE(s.legs[1].strike, 590.0);
        QVERIFY(near(s.netPrice, option(next, 590, C).mid - option(front, 590, C).mid));
        QVERIFY2(contains(s.reason, "ATM term structure inverted: front 2025-01-24 (9 DTE) IV "
                                    "24.0% / next 2025-02-14 (30 DTE) IV 20.0% = 1.20 >= 1.10"),
                 s.reason.c_str());
        QCOMPARE(h.bars(30), std::size_t{0});

        // 1.05 is not inverted enough; a hot 2-day expiry is not the front.
        OptionChainView mild = spyChain();
        setVol(expiryAt(mild, 9), 590, 0.21);
        setVol(expiryAt(mild, 2), 590, 0.30);
        Harness m("convexity", "SPY", InstrumentKind::Etf, mild);
        QCOMPARE(m.bars(10), std::size_t{0});
        QVERIFY2(contains(m.state(), "term front/next 1.05"), m.state().c_str());
    }

    void richSmileFiresAReverseIronButterfly()
    {
        OptionChainView chain = spyChain();
        expiryAt(chain, 30).butterfly25 = 0.06;
        Harness h("convexity", "SPY", InstrumentKind::Etf, chain);
        QCOMPARE(h.bars(1), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.structure, std::string("reverse iron butterfly"));
        QCOMPARE(s.side, SignalSide::Long);
        const ExpiryView &e = expiryAt(chain, 30);
        QCOMPARE(s.legs.size(), std::size_t{4});
        QCOMPARE(s.legs[0].strike, 590.0);
        QCOMPARE(s.legs[0].quantity, 1);
        QCOMPARE(s.legs[1].strike, 590.0);
        QCOMPARE(s.legs[1].right, OptionRight::Put);
        QCOMPARE(s.legs[1].quantity, 1);
        QCOMPARE(s.legs[2].quantity, -1);
        QCOMPARE(s.legs[2].right, OptionRight::Call);
        QVERIFY(s.legs[2].strike > 590);
        QCOMPARE(s.legs[3].quantity, -1);
        QCOMPARE(s.legs[3].right, OptionRight::Put);
        QVERIFY(s.legs[3].strike < 590);
        double net = 0;
        for (const SignalLeg &leg : s.legs)
            net += leg.quantity * option(e, leg.strike, leg.right).mid;
        QVERIFY(near(s.netPrice, net));
        QVERIFY(s.netPrice > 0);
        QVERIFY2(contains(s.reason, "rich smile 2025-02-14 (30 DTE): 25Δ butterfly 6.0 vol pts "
                                    ">= 4.0"),
                 s.reason.c_str());
        QCOMPARE(h.bars(30), std::size_t{0});

        OptionChainView normal = spyChain();
        expiryAt(normal, 30).butterfly25 = 0.035;
        Harness m("convexity", "SPY", InstrumentKind::Etf, normal);
        QCOMPARE(m.bars(10), std::size_t{0});
    }

    void cheapWingFires()
    {
        // The 550 put 30 days out at 14% between neighbours at 20%: 6 vol points cheap.
        OptionChainView chain = spyChain();
        ExpiryView &e = expiryAt(chain, 30);
        for (OptionQuoteView &q : e.options) {
            if (q.strike == 550)
                price(q, 590, e.years, 0.14);
        }
        Harness h("convexity", "SPY", InstrumentKind::Etf, chain);
        QCOMPARE(h.bars(1), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.structure, std::string("long put (cheap wing)"));
        QCOMPARE(s.side, SignalSide::Long);
        QCOMPARE(s.legs.size(), std::size_t{1});
        QCOMPARE(s.legs[0].quantity, 1);
        QCOMPARE(s.legs[0].strike, 550.0);
        QCOMPARE(s.legs[0].right, OptionRight::Put);
        QCOMPARE(s.netPrice, option(e, 550, P).mid);
        QVERIFY2(contains(s.reason, "cheap wing 2025-02-14 (30 DTE) 550 P: IV 14.0% is 6.0 vol "
                                    "pts below the 20.0% between its neighbours 545 (20.0%) and "
                                    "555 (20.0%)"),
                 s.reason.c_str());
        QCOMPARE(h.bars(30), std::size_t{0});

        // 4 vol points is within the smile's noise.
        OptionChainView mild = spyChain();
        ExpiryView &m = expiryAt(mild, 30);
        for (OptionQuoteView &q : m.options) {
            if (q.strike == 550)
                price(q, 590, m.years, 0.16);
        }
        Harness quiet("convexity", "SPY", InstrumentKind::Etf, mild);
        QCOMPARE(quiet.bars(10), std::size_t{0});
        QVERIFY2(contains(quiet.state(), "no cheap wing"), quiet.state().c_str());
    }

    // ---- calendar ----

    void calendarFires()
    {
        // Front (9 DTE) at 30%, back (the first 21+ days later: 30 DTE) at 24%: 1.25.
        OptionChainView chain = spyChain();
        setVol(expiryAt(chain, 9), 590, 0.30);
        setVol(expiryAt(chain, 30), 590, 0.24);
        Harness h("calendar", "NVDA", InstrumentKind::Stock, chain);
        h.market().earnings = EarningsInfo{};
        h.market().earnings->next = addDays(kToday, 45);
        QCOMPARE(h.bars(1), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.playbook, std::string("calendar"));
        QCOMPARE(s.side, SignalSide::Long);
        QCOMPARE(s.structure, std::string("calendar"));
        const ExpiryView &front = expiryAt(chain, 9);
        const ExpiryView &back = expiryAt(chain, 30);
        QCOMPARE(s.legs.size(), std::size_t{2});
        QCOMPARE(s.legs[0].quantity, -1);
        QCOMPARE(s.legs[0].expiry, front.expiry);
        QCOMPARE(s.legs[0].strike, 590.0);
        QCOMPARE(s.legs[0].right, OptionRight::Call);
        QCOMPARE(s.legs[0].price, option(front, 590, C).mid);
        QCOMPARE(s.legs[1].quantity, 1);
        QCOMPARE(s.legs[1].expiry, back.expiry);
        QCOMPARE(s.legs[1].strike, 590.0);
        const double debit = option(back, 590, C).mid - option(front, 590, C).mid;
        QVERIFY(debit > 0);
        QVERIFY(near(s.netPrice, debit));
        QVERIFY2(contains(s.reason, "long calendar 590 C: sell 2025-01-24 (9 DTE) " +
                                        fixed(option(front, 590, C).mid) +
                                        ", buy 2025-02-14 (30 "
                                        "DTE) " +
                                        fixed(option(back, 590, C).mid) + " for a debit of " +
                                        fixed(debit)),
                 s.reason.c_str());
        QVERIFY2(contains(s.reason, "front IV 30.0% / back IV 24.0% = 1.25 >= 1.15; next "
                                    "earnings in 45 days (2025-03-01)"),
                 s.reason.c_str());
        QCOMPARE(h.bars(30), std::size_t{0});

        // Puts on request.
        Harness puts("calendar", "NVDA", InstrumentKind::Stock, chain);
        puts.market().earnings = h.market().earnings;
        puts.set("puts", 1);
        QCOMPARE(puts.bars(1), std::size_t{1});
        QCOMPARE(puts.signals.front().legs[0].right, OptionRight::Put);

        // An ETF needs no earnings date.
        Harness etf("calendar", "SPY", InstrumentKind::Etf, chain);
        QCOMPARE(etf.bars(1), std::size_t{1});
        QVERIFY(contains(etf.signals.front().reason, "no earnings to cross"));
    }

    void calendarNearMisses()
    {
        OptionChainView chain = spyChain();
        setVol(expiryAt(chain, 9), 590, 0.30);
        setVol(expiryAt(chain, 30), 590, 0.24);

        // Earnings in 20 days.
        Harness soon("calendar", "NVDA", InstrumentKind::Stock, chain);
        soon.market().earnings = EarningsInfo{};
        soon.market().earnings->next = addDays(kToday, 20);
        QCOMPARE(soon.bars(10), std::size_t{0});
        QVERIFY2(contains(soon.state(), "next earnings in 20 days (2025-02-04), not more than 30"),
                 soon.state().c_str());

        // A stock without a known earnings date.
        Harness unknown("calendar", "NVDA", InstrumentKind::Stock, chain);
        QCOMPARE(unknown.bars(10), std::size_t{0});
        QVERIFY2(contains(unknown.state(), "no earnings date known for NVDA"),
                 unknown.state().c_str());

        // Front only 1.12x the back.
        OptionChainView flat = spyChain();
        setVol(expiryAt(flat, 9), 590, 0.2688);
        setVol(expiryAt(flat, 30), 590, 0.24);
        Harness ratio("calendar", "SPY", InstrumentKind::Etf, flat);
        QCOMPARE(ratio.bars(10), std::size_t{0});
        QVERIFY2(contains(ratio.state(), "ratio 1.12 < 1.15"), ratio.state().c_str());
    }

    // ---- iron-fly ----

    void ironFlyFires()
    {
        // First expiry in 0-14 DTE: 2 days out, expected move 10: wings at 580 and 600.
        OptionChainView chain = spyChain();
        expiryAt(chain, 2).expectedMove = 10;
        Harness h("iron-fly", "SPY", InstrumentKind::Etf, chain);
        h.market().daily = rangeBound();
        h.market().ivRank = 20;
        QCOMPARE(h.bars(1), std::size_t{1});
        const Signal &s = h.signals.front();
        QCOMPARE(s.playbook, std::string("iron-fly"));
        QCOMPARE(s.side, SignalSide::Short);
        QCOMPARE(s.structure, std::string("iron butterfly"));
        const ExpiryView &e = expiryAt(chain, 2);
        QCOMPARE(s.legs.size(), std::size_t{4});
        struct Expected {
            int quantity;
            double strike;
            OptionRight right;
        };
        const Expected legs[] = {{-1, 590, C}, {-1, 590, P}, {1, 600, C}, {1, 580, P}};
        double credit = 0;
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(s.legs[i].quantity, legs[i].quantity);
            QCOMPARE(s.legs[i].strike, legs[i].strike);
            QCOMPARE(s.legs[i].right, legs[i].right);
            QCOMPARE(s.legs[i].expiry, e.expiry);
            credit -= legs[i].quantity * option(e, legs[i].strike, legs[i].right).mid;
        }
        QVERIFY(credit > 0);
        QVERIFY(near(s.netPrice, -credit));
        QVERIFY2(contains(s.reason, "short iron butterfly 2025-01-17 (2 DTE) 580/590/600: sell "
                                    "the 590 straddle, buy the wings 10.00 away (expected move "
                                    "10.00) for a credit of " +
                                        fixed(credit) + "; max loss " + fixed(10 - credit) +
                                        ", breakevens " + fixed(590 - credit) + " / " +
                                        fixed(590 + credit)),
                 s.reason.c_str());
        QVERIFY2(contains(s.reason, "10-day range 1.3%, 5-day change -0.7%, IV rank 20 <= 35"),
                 s.reason.c_str());
        QCOMPARE(h.bars(30), std::size_t{0});
    }

    void ironFlyWithoutIvRankComparesRealizedVol()
    {
        const std::vector<DailyBar> daily = rangeBound();
        std::vector<Bar> bars;
        for (const DailyBar &d : daily)
            bars.push_back({utcMidnight(d.date), d.open, d.high, d.low, d.close, d.volume});
        const double realized =
            realizedVolatility(bars, VolEstimator::CloseToClose, 20).back(); // about 11%
        QVERIFY(realized > 0.10 && realized < 0.12);

        Harness low("iron-fly", "SPY", InstrumentKind::Etf, spyChain());
        low.market().daily = daily;
        low.market().atmIv30 = 0.10;
        QCOMPARE(low.bars(1), std::size_t{1});
        QVERIFY2(contains(low.signals.front().reason,
                          "ATM IV 10.0% vs 20-day realized " + fixed(realized * 100, 1) + "%"),
                 low.signals.front().reason.c_str());

        Harness rich("iron-fly", "SPY", InstrumentKind::Etf, spyChain());
        rich.market().daily = daily;
        rich.market().atmIv30 = 0.15;
        QCOMPARE(rich.bars(10), std::size_t{0});
        QVERIFY2(contains(rich.state(), "not low vol"), rich.state().c_str());
    }

    void ironFlyNearMisses()
    {
        // Trending: +0.6% a day.
        Harness trend("iron-fly", "SPY", InstrumentKind::Etf, spyChain());
        trend.market().daily = dailyBars(30, [](int i) { return 560 * std::pow(1.006, i); });
        trend.market().ivRank = 20;
        QCOMPARE(trend.bars(10), std::size_t{0});
        QVERIFY2(contains(trend.state(), "not range-bound"), trend.state().c_str());
        QVERIFY2(contains(trend.state(), "5-day change +3.0%"), trend.state().c_str());

        // High IV rank.
        Harness rich("iron-fly", "SPY", InstrumentKind::Etf, spyChain());
        rich.market().daily = rangeBound();
        rich.market().ivRank = 60;
        QCOMPARE(rich.bars(10), std::size_t{0});
        QVERIFY2(contains(rich.state(), "IV rank 60 > 35: not low vol"), rich.state().c_str());

        // Too few daily bars.
        Harness young("iron-fly", "SPY", InstrumentKind::Etf, spyChain());
        young.market().daily = dailyBars(4, [](int) { return 590.0; });
        young.market().ivRank = 20;
        QCOMPARE(young.bars(10), std::size_t{0});
        QVERIFY2(contains(young.state(), "needs 10 daily bars, has 4"), young.state().c_str());
    }

    // ---- cost ----

    void wholeSetOnA2000ContractChain()
    {
        // 10 expiries x 100 strikes x call and put, every playbook looking at every bar.
        OptionChainView chain;
        chain.spot = 590;
        chain.atmIv30 = 0.20;
        for (const int dte : {0, 1, 2, 7, 9, 14, 21, 30, 45, 60})
            chain.expiries.push_back(bsExpiry(dte, 590, 541, 640, 1, 0.20));
        std::size_t contracts = 0;
        for (const ExpiryView &e : chain.expiries)
            contracts += e.options.size();
        QCOMPARE(contracts, std::size_t{2000});
        auto shared = std::make_shared<const OptionChainView>(std::move(chain));
        MarketView view;
        SymbolMarket &m = view.upsert("SPY");
        m.kind = InstrumentKind::Etf;
        m.chain = shared;
        m.daily = rangeBound();
        m.ivRank = 20;

        double perBar[2] = {};
        for (const int every : {1, 5}) {
            std::vector<std::unique_ptr<Playbook>> set;
            for (const char *name : {"fat-tail", "convexity", "calendar", "iron-fly"}) {
                set.push_back(makePlaybook(name));
                QVERIFY(set.back()->setParameter("every_min", every).ok());
            }
            PlaybookRunner runner(std::move(set));
            std::vector<Signal> out;
            Timestamp t = *parseIsoTimestamp("2025-01-15T10:00:00-05:00");
            constexpr int kBars = 300;
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < kBars; ++i, t += kNanosPerMinute)
                QVERIFY(runner
                            .addBar("SPY", InstrumentKind::Etf, Bar{t, 590, 590, 590, 590, 100},
                                    out, &view)
                            .ok());
            const auto elapsed = std::chrono::steady_clock::now() - start;
            perBar[every == 1 ? 0 : 1] =
                std::chrono::duration<double, std::micro>(elapsed).count() / kBars;
        }
        qInfo("option playbooks on a 2,000-contract chain: %.1f us per bar looking every "
              "minute, %.1f us looking every 5 minutes (runner included)",
              perBar[0], perBar[1]);
        QVERIFY2(perBar[0] < 1000, "well under 1 ms per bar");
    }
};

QTEST_GUILESS_MAIN(TestOptionPlaybooks)
#include "tst_optionplaybooks.moc"
