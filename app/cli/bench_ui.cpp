// `mag7 bench ui`: the desk's widgets under load, offscreen, each beside a naive baseline in the
// same run.
//   chain    a 2,000-row option chain updating at 10 Hz (every quote and Greek moves each time):
//            CPU time per update x 10 = share of one core (goal < 25%); baseline: the same model
//            reset on every update (beginResetModel/endResetModel), as a naive model does.
//   quotes   quote updates at 50k/s from a feed thread through the desk's path (engine thread
//            applies them to MarketState and publishes a snapshot every 16 ms; the GUI pump polls
//            every 16 ms; the quote board repaints its dirty cells): p99 of receive -> painted
//            (goal <= 50 ms); baseline: one queued signal per quote to the GUI thread.
//   chart    a 1M-point price series: append one point and replot (QCustomPlot, adaptive
//            sampling), goal <= 8 ms; baseline: setData() of the whole series and replot.
//   --smoke  tiny sizes (proves the benchmark runs); --case chain|quotes|chart runs one.
#include "bench.h"
#include "benchreport.h"
#include "customplot.h"
#include "engine/marketstate.h"
#include "optionchainmodel.h"
#include "optionchainpanel.h"
#include "quoteboardmodel.h"
#include "snapshotpump.h"
#include "theme.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QTableView>
#include <QThread>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace mag7::cli {

namespace {

using SteadyClock = std::chrono::steady_clock;

int usage(const QString &command, const QString &problem)
{
    return benchUsage(command, problem, "[--smoke] [--case chain|quotes|chart]");
}

double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Lets the view paint what its model invalidated (the offscreen platform paints into its
// backing store exactly as a screen would).
void flushPaint()
{
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::UpdateRequest);
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index =
        static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
    return values[std::min(index, values.size() - 1)];
}

// ---- chain ---------------------------------------------------------------------------------

std::shared_ptr<engine::ChainSnapshot> makeChain(int strikes, double spot, std::mt19937_64 &rng)
{
    auto chain = std::make_shared<engine::ChainSnapshot>();
    chain->symbol = "BENCH";
    chain->spot = spot;
    engine::ExpirySummary expiry;
    expiry.expiry = makeDate(2025, 1, 17);
    expiry.daysToExpiry = 7;
    expiry.years = 7 / 365.0;
    expiry.forward = spot;
    expiry.atmIv = 0.2;
    expiry.expectedMove = spot * 0.2 * std::sqrt(expiry.years);
    std::uniform_real_distribution<double> noise(-0.02, 0.02);
    InstrumentId id = 1;
    for (int i = 0; i < strikes; ++i) {
        const double strike = spot - strikes / 2.0 + i;
        for (OptionRight right : {OptionRight::Call, OptionRight::Put}) {
            engine::OptionRow row;
            row.id = id++;
            row.expiry = expiry.expiry;
            row.right = right;
            row.strike = strike;
            row.years = expiry.years;
            const double intrinsic =
                std::max(0.0, right == OptionRight::Call ? spot - strike : strike - spot);
            row.mid = intrinsic + 2.0 + noise(rng);
            row.bid = toPrice(row.mid - 0.05);
            row.ask = toPrice(row.mid + 0.05);
            row.iv = 0.2 + noise(rng);
            row.ivError = pricing::IvError::None;
            row.greeks.delta = right == OptionRight::Call ? 0.5 + noise(rng) : -0.5 + noise(rng);
            row.greeks.gamma = 0.01 + noise(rng) * 0.01;
            row.greeks.theta = -0.1 + noise(rng);
            row.greeks.vega = 0.2 + noise(rng);
            row.volume = 100 + i;
            row.openInterest = 1000 + i;
            chain->options.push_back(row);
        }
    }
    expiry.firstRow = 0;
    expiry.rowCount = chain->options.size();
    expiry.atmStrike = spot;
    chain->expiries.push_back(expiry);
    return chain;
}

struct ChainRun {
    double cpuPerUpdate = 0; // seconds
};

ChainRun runChain(bool naive, int strikes, int updates)
{
    std::mt19937_64 rng(7);
    widgets::OptionChainPanel panel;
    panel.setStrikesEachSide(0); // every strike: a 2,000-row model
    panel.resize(1600, 1000);
    panel.show();
    widgets::OptionChainModel &model = *panel.model();
    const std::vector<widgets::ChainField> fields = widgets::defaultChainFields();
    auto snapshotOf = [](std::shared_ptr<engine::ChainSnapshot> chain) {
        engine::DeskSnapshot snapshot;
        snapshot.chains.push_back(std::move(chain));
        return snapshot;
    };
    panel.setSnapshot(snapshotOf(makeChain(strikes, 1000, rng)));
    panel.setSymbol(QStringLiteral("BENCH"));
    flushPaint();
    // Chains prepared up front: the run measures the panel, its model and view, not the data.
    std::vector<engine::DeskSnapshot> snapshots;
    for (int u = 0; u < updates; ++u)
        snapshots.push_back(snapshotOf(makeChain(strikes, 1000 + 0.01 * (u % 7), rng)));
    const double start = cpuSeconds();
    for (int u = 0; u < updates; ++u) {
        panel.setSnapshot(snapshots[static_cast<std::size_t>(u)]);
        if (naive)
            model.setFields(fields); // a full reset of the same model
        flushPaint();
    }
    ChainRun run;
    run.cpuPerUpdate = (cpuSeconds() - start) / updates;
    if (model.rowCount() != strikes)
        std::fprintf(stderr, "bench ui: the chain shows %d rows, expected %d\n", model.rowCount(),
                     strikes);
    return run;
}

// ---- quotes --------------------------------------------------------------------------------

constexpr int kQuoteRows = 40;

struct QuoteFixture {
    InstrumentRegistry registry;
    engine::MarketReference reference;
    std::vector<InstrumentId> ids;

    QuoteFixture()
    {
        for (int i = 0; i < kQuoteRows; ++i) {
            Instrument instrument;
            instrument.symbol = "S" + std::to_string(i);
            const InstrumentId id = registry.add(instrument);
            ids.push_back(id);
            reference.underlyings.push_back({id, instrument.symbol, 100.0, 0.0, false});
        }
    }
};

// The quote board on screen.
struct QuoteScreen {
    widgets::QuoteBoardModel model;
    QTableView view;

    QuoteScreen()
    {
        view.setModel(&model);
        view.resize(1400, 900);
        view.show();
    }
};

// Receive times (steady clock, ns) of the quotes a snapshot includes, by sequence.
struct LatencyBook {
    std::mutex mutex;
    std::vector<std::pair<std::uint64_t, std::vector<std::int64_t>>> pending;
};

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               SteadyClock::now().time_since_epoch())
        .count();
}

// Feed thread: `rate` quotes per second in 1 ms batches for `seconds`.
template <class Sink>
void produceQuotes(const QuoteFixture &fixture, double rate, double seconds, Sink &&sink)
{
    const int perBatch = static_cast<int>(rate / 1000);
    const auto begin = SteadyClock::now();
    const int batches = static_cast<int>(seconds * 1000);
    std::uint64_t n = 0;
    for (int b = 0; b < batches; ++b) {
        std::this_thread::sleep_until(begin + std::chrono::milliseconds(b));
        std::vector<Tick> ticks;
        ticks.reserve(static_cast<std::size_t>(perBatch));
        const Timestamp ts = 1'736'951'400'000'000'000 + static_cast<Timestamp>(n) * 1000;
        for (int i = 0; i < perBatch; ++i, ++n) {
            const InstrumentId id = fixture.ids[n % fixture.ids.size()];
            const Price bid = toPrice(100.0 + static_cast<double>(n % 97) * 0.01);
            ticks.push_back(Tick::quote(ts, id, bid, bid + toPrice(0.01), 100, 100));
        }
        sink(std::move(ticks), nowNs());
    }
}

std::vector<double> runQuotesDesk(double rate, double seconds)
{
    QuoteFixture fixture;
    QuoteScreen screen;
    widgets::QuoteBoardModel &model = screen.model;

    std::mutex queueMutex;
    std::vector<std::pair<std::vector<Tick>, std::int64_t>> queue;
    std::mutex snapshotMutex;
    std::shared_ptr<const engine::DeskSnapshot> snapshot = std::make_shared<engine::DeskSnapshot>();
    LatencyBook book;
    std::atomic<bool> done{false};

    // Engine thread: applies batches, publishes a snapshot every 16 ms with the receive times
    // of the quotes it contains.
    std::thread engineThread([&] {
        engine::MarketState state(fixture.registry, fixture.reference);
        std::vector<std::int64_t> included;
        std::uint64_t sequence = 1;
        auto lastPublish = SteadyClock::now();
        while (!done.load()) {
            std::vector<std::pair<std::vector<Tick>, std::int64_t>> batches;
            {
                std::lock_guard lock(queueMutex);
                batches.swap(queue);
            }
            for (auto &[ticks, received] : batches) {
                state.apply(ticks);
                included.insert(included.end(), ticks.size(), received);
            }
            if (SteadyClock::now() - lastPublish >= std::chrono::milliseconds(16)) {
                auto next = std::make_shared<engine::DeskSnapshot>();
                next->sequence = sequence;
                next->quotes = state.rows();
                {
                    std::lock_guard lock(book.mutex);
                    book.pending.emplace_back(sequence, std::move(included));
                }
                included.clear();
                {
                    std::lock_guard lock(snapshotMutex);
                    snapshot = next;
                }
                ++sequence;
                lastPublish = SteadyClock::now();
            }
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
    });
    std::thread feedThread([&] {
        produceQuotes(fixture, rate, seconds, [&](std::vector<Tick> ticks, std::int64_t received) {
            std::lock_guard lock(queueMutex);
            queue.emplace_back(std::move(ticks), received);
        });
        done = true;
    });

    std::vector<double> latencies;
    widgets::SnapshotPump pump(
        [&] {
            std::lock_guard lock(snapshotMutex);
            return snapshot;
        },
        16);
    QObject::connect(&pump, &widgets::SnapshotPump::snapshotChanged, &model,
                     [&](const std::shared_ptr<const engine::DeskSnapshot> &next) {
                         model.setSnapshot(*next);
                         flushPaint(); // the dirty cells are on screen when this returns
                         const std::int64_t painted = nowNs();
                         std::lock_guard lock(book.mutex);
                         auto it = book.pending.begin();
                         for (; it != book.pending.end() && it->first <= next->sequence; ++it) {
                             for (std::int64_t received : it->second)
                                 latencies.push_back(static_cast<double>(painted - received) / 1e6);
                         }
                         book.pending.erase(book.pending.begin(), it);
                     });
    pump.start();
    while (!done.load())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    pump.poll();
    QCoreApplication::processEvents();
    feedThread.join();
    engineThread.join();
    pump.stop();
    return latencies;
}

// One queued signal per quote; the GUI thread updates the model's row and paints.
class QuoteReceiver final : public QObject {
public:
    QuoteReceiver(widgets::QuoteBoardModel &model, const QuoteFixture &fixture)
        : m_model(model)
        , m_state(fixture.registry, fixture.reference)
    {}
    void receive(const Tick &tick, std::int64_t received)
    {
        if (stopped || (deadlineNs != 0 && nowNs() > deadlineNs)) {
            stopped = true;
            return;
        }
        const std::array<Tick, 1> one{tick};
        m_state.apply(one);
        engine::DeskSnapshot snapshot;
        snapshot.quotes = m_state.rows();
        m_model.setSnapshot(snapshot);
        flushPaintOnce();
        latencies.push_back(static_cast<double>(nowNs() - received) / 1e6);
    }
    std::vector<double> latencies;
    bool stopped = false;
    std::int64_t deadlineNs = 0; // quotes arriving after it are dropped unshown

private:
    void flushPaintOnce() { QCoreApplication::sendPostedEvents(nullptr, QEvent::UpdateRequest); }
    widgets::QuoteBoardModel &m_model;
    engine::MarketState m_state;
};

std::vector<double> runQuotesNaive(double rate, double seconds, std::size_t &shown)
{
    QuoteFixture fixture;
    QuoteScreen screen;
    widgets::QuoteBoardModel &model = screen.model;
    QuoteReceiver receiver(model, fixture);
    receiver.deadlineNs = nowNs() + static_cast<std::int64_t>((seconds + 5) * 1e9);
    std::atomic<bool> done{false};
    std::atomic<std::uint64_t> sent{0};
    std::thread feedThread([&] {
        produceQuotes(fixture, rate, seconds, [&](std::vector<Tick> ticks, std::int64_t received) {
            for (const Tick &tick : ticks) {
                QMetaObject::invokeMethod(
                    &receiver, [&receiver, tick, received] { receiver.receive(tick, received); },
                    Qt::QueuedConnection);
                ++sent;
            }
        });
        done = true;
    });
    // Drain until every quote was shown, at most 5 s past the feed's end; quotes still queued
    // then count with the time they have waited so far (a lower bound of their latency).
    QElapsedTimer drain;
    drain.start();
    while ((!done.load() || receiver.latencies.size() < sent.load()) && !receiver.stopped)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    feedThread.join();
    std::vector<double> latencies = receiver.latencies;
    shown = latencies.size();
    const double waited = static_cast<double>(drain.elapsed()) - seconds * 1000;
    latencies.resize(static_cast<std::size_t>(sent.load()), std::max(waited, 0.0));
    receiver.stopped = true;
    QCoreApplication::processEvents(); // drops what is still queued
    return latencies;
}

// ---- chart ---------------------------------------------------------------------------------

struct ChartRun {
    double msPerReplot = 0;
};

ChartRun runChart(bool naive, int points, int replots)
{
    QCustomPlot plot;
    plot.resize(1600, 600);
    plot.show();
    QCPGraph *graph = plot.addGraph();
    graph->setAdaptiveSampling(true);
    QVector<QCPGraphData> data(points);
    std::mt19937_64 rng(3);
    std::normal_distribution<double> step(0, 0.05);
    double price = 100;
    for (int i = 0; i < points; ++i) {
        price += step(rng);
        data[i] = QCPGraphData(i, price);
    }
    graph->data()->set(data, true);
    plot.rescaleAxes();
    plot.replot();
    flushPaint();
    QElapsedTimer timer;
    qint64 total = 0;
    for (int r = 0; r < replots; ++r) {
        price += step(rng);
        const double key = static_cast<double>(points + r);
        timer.start();
        if (naive) {
            data.push_back(QCPGraphData(key, price));
            graph->data()->set(data, true);
        } else {
            graph->data()->add(QCPGraphData(key, price));
        }
        plot.xAxis->setRange(0, key + 1);
        plot.replot(QCustomPlot::rpImmediateRefresh);
        total += timer.nsecsElapsed();
    }
    ChartRun run;
    run.msPerReplot = static_cast<double>(total) / 1e6 / replots;
    return run;
}

} // namespace

int benchUi(const QStringList &arguments)
{
    const QString command = arguments.value(0, QStringLiteral("mag7 bench ui"));
    bool smoke = false;
    QString only;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments[i];
        if (arg == QLatin1String("--smoke"))
            smoke = true;
        else if (arg == QLatin1String("--case") && i + 1 < arguments.size())
            only = arguments[++i];
        else
            return usage(command, QStringLiteral("unknown argument '%1'").arg(arg));
    }
    if (!only.isEmpty() && only != QLatin1String("chain") && only != QLatin1String("quotes") &&
        only != QLatin1String("chart"))
        return usage(command, QStringLiteral("--case must be chain, quotes or chart"));
    if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
        return usage(command, QStringLiteral("needs the widget application (internal error)"));
    widgets::applyTheme(*qApp, widgets::ThemeKind::Dark);

    if (only.isEmpty() || only == QLatin1String("chain")) {
        const int strikes = smoke ? 100 : 2000; // one row per strike, a call and a put
        const int updates = smoke ? 3 : 50;
        const ChainRun naive = runChain(true, strikes, updates);
        const ChainRun ours = runChain(false, strikes, updates);
        BenchCase c;
        c.name = "ui chain " + std::to_string(strikes) + " rows at 10 Hz, CPU share";
        c.ours = ours.cpuPerUpdate * 10 * 100;
        c.baseline = naive.cpuPerUpdate * 10 * 100;
        c.unit = "% of one core";
        c.n = static_cast<std::uint64_t>(updates);
        c.higherIsBetter = false;
        c.goal = "< 25% of one core";
        c.baselineName = "same model reset on every update";
        printBenchCase(c);
    }
    if (only.isEmpty() || only == QLatin1String("quotes")) {
        const double rate = smoke ? 5000 : 50000;
        const double seconds = smoke ? 0.3 : 5;
        const std::vector<double> ours = runQuotesDesk(rate, seconds);
        std::size_t shown = 0;
        const std::vector<double> naive = runQuotesNaive(rate, seconds, shown);
        BenchCase c;
        c.name = "ui quote to painted cell p99 at " + std::to_string(static_cast<int>(rate)) +
                 " updates/s";
        c.ours = percentile(ours, 0.99);
        c.baseline = percentile(naive, 0.99);
        c.unit = "ms";
        c.n = ours.size();
        c.higherIsBetter = false;
        c.goal = "<= 50 ms";
        c.baselineName = "one queued signal and repaint per quote (" + std::to_string(shown) +
                         " of " + std::to_string(naive.size()) +
                         " shown; the rest count with their wait so far)";
        printBenchCase(c);
        BenchCase median = c;
        median.name = "ui quote to painted cell median at " +
                      std::to_string(static_cast<int>(rate)) + " updates/s";
        median.ours = percentile(ours, 0.5);
        median.baseline = percentile(naive, 0.5);
        median.goal.clear();
        printBenchCase(median);
    }
    if (only.isEmpty() || only == QLatin1String("chart")) {
        const int points = smoke ? 10000 : 1000000;
        const int replots = smoke ? 3 : 30;
        const ChartRun naive = runChart(true, points, replots);
        const ChartRun ours = runChart(false, points, replots);
        BenchCase c;
        c.name = "ui chart " + std::to_string(points) + " points, streaming point + replot";
        c.ours = ours.msPerReplot;
        c.baseline = naive.msPerReplot;
        c.unit = "ms";
        c.n = static_cast<std::uint64_t>(replots);
        c.higherIsBetter = false;
        c.goal = "<= 8 ms";
        c.baselineName = "setData() of the whole series, then replot";
        printBenchCase(c);
    }
    return 0;
}

} // namespace mag7::cli
