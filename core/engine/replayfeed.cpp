#include "engine/replayfeed.h"

#include "model/exchangecalendar.h"

#include <algorithm>
#include <chrono>

namespace mag7::engine {

namespace {
constexpr std::size_t kBatchTicks = 4096;
constexpr std::int64_t kWindowNanos = kNanosPerMinute;    // per wake-up of the feed thread
constexpr std::int64_t kReadNanos = 15 * kNanosPerMinute; // one read of pumpUntil
} // namespace

struct ReplayFeed::Day {
    Date date{};
    Timestamp begins = 0; // the trading date's window [begins, ends)
    Timestamp ends = 0;
    std::unique_ptr<storage::TickDayReader> reader; // null when the date has no file
    std::vector<InstrumentId> idOfFile;             // by file id
    std::vector<std::uint32_t> only;                // file ids to read (empty: all)
    bool filtered = false;                          // symbols asked for, none on this day
};

ReplayFeed::ReplayFeed(const RecordedUniverse &universe, Timestamp from, Timestamp to)
    : m_universe(universe)
    , m_from(from)
    , m_to(to)
    , m_position(from)
{}

ReplayFeed::~ReplayFeed()
{
    stop();
}

Result<std::unique_ptr<ReplayFeed>> ReplayFeed::open(const RecordedUniverse &universe,
                                                     Timestamp from, Timestamp to,
                                                     const std::vector<std::string> &symbols)
{
    if (to <= from)
        return Error{"the replay range is empty: the end must be after the start"};
    for (const std::string &symbol : symbols) {
        if (!universe.ids.count(symbol))
            return Error{"unknown symbol '" + symbol + "': not in the recording"};
    }
    std::unique_ptr<ReplayFeed> feed(new ReplayFeed(universe, from, to));
    feed->m_symbols = symbols;
    return feed;
}

Result<ReplayFeed::Day *> ReplayFeed::dayFor(Timestamp t)
{
    const Date date = calendar::tradingDateOf(t);
    for (const auto &day : m_days) {
        if (day->date == date)
            return day.get();
    }
    auto day = std::make_unique<Day>();
    day->date = date;
    const calendar::TradingDayWindow window = calendar::tradingDayWindow(date);
    day->begins = window.begins;
    day->ends = window.ends;
    if (std::find(m_universe.days.begin(), m_universe.days.end(), date) != m_universe.days.end()) {
        auto reader = storage::TickDayReader::open(m_universe.archive->pathOf(date));
        if (!reader)
            return reader.error();
        day->reader = std::move(reader).value();
        const auto &records = day->reader->instruments();
        day->idOfFile.resize(records.size(), kInvalidInstrument);
        for (const storage::InstrumentRecord &record : records)
            day->idOfFile[record.fileId] = m_universe.idOf(record);
        for (const std::string &symbol : m_symbols) {
            if (const auto id = day->reader->fileIdOf(symbol))
                day->only.push_back(*id);
        }
        day->filtered = !m_symbols.empty() && day->only.empty();
    }
    m_days.push_back(std::move(day));
    return m_days.back().get();
}

Result<std::uint64_t> ReplayFeed::deliver(Timestamp from, Timestamp until, TickSink &sink,
                                          std::size_t maxTicks)
{
    std::uint64_t delivered = 0;
    Timestamp at = from;
    Timestamp reached = from;
    while (at < until && delivered < maxTicks) {
        auto day = dayFor(at);
        if (!day)
            return day.error();
        Day &d = *day.value();
        const Timestamp end = std::min(until, d.ends);
        if (d.reader && !d.filtered) {
            auto batch = std::make_shared<TickBatch>();
            batch->reserve(kBatchTicks);
            const bool unlimited = maxTicks == SIZE_MAX;
            const std::size_t files = d.idOfFile.size();
            const Status read = d.reader->read(at, end, d.only, [&](std::span<const Tick> ticks) {
                if (unlimited) {
                    // Whole spans: copy, then map the file ids to registry ids in place.
                    std::size_t next = 0;
                    while (next < ticks.size()) {
                        const std::size_t take =
                            std::min(kBatchTicks - batch->size(), ticks.size() - next);
                        const std::size_t base = batch->size();
                        batch->insert(batch->end(), ticks.begin() + next,
                                      ticks.begin() + next + take);
                        bool unknown = false;
                        for (std::size_t k = base; k < batch->size(); ++k) {
                            Tick &tick = (*batch)[k];
                            tick.instrument = tick.instrument < files ? d.idOfFile[tick.instrument]
                                                                      : kInvalidInstrument;
                            unknown |= tick.instrument == kInvalidInstrument;
                        }
                        if (unknown) {
                            batch->erase(std::remove_if(batch->begin() + base, batch->end(),
                                                        [](const Tick &tick) {
                                                            return tick.instrument ==
                                                                   kInvalidInstrument;
                                                        }),
                                         batch->end());
                        }
                        delivered += batch->size() - base;
                        next += take;
                        if (batch->size() >= kBatchTicks) {
                            sink.onTicks(std::move(batch));
                            batch = std::make_shared<TickBatch>();
                            batch->reserve(kBatchTicks);
                        }
                    }
                    return true;
                }
                for (const Tick &tick : ticks) {
                    if (delivered >= maxTicks && tick.ts != reached)
                        return false;
                    Tick mapped = tick;
                    mapped.instrument =
                        tick.instrument < files ? d.idOfFile[tick.instrument] : kInvalidInstrument;
                    if (mapped.instrument == kInvalidInstrument)
                        continue;
                    batch->push_back(mapped);
                    ++delivered;
                    reached = tick.ts;
                }
                return true;
            });
            if (!read)
                return Error{read.message()};
            if (!batch->empty())
                sink.onTicks(std::move(batch));
            if (delivered >= maxTicks) {
                // Stopped early (a tick step): everything up to the last tick's time is done.
                m_position.store(reached + 1, std::memory_order_release);
                m_delivered.fetch_add(delivered, std::memory_order_relaxed);
                return delivered;
            }
        }
        at = end;
    }
    m_position.store(std::max(m_position.load(), until), std::memory_order_release);
    m_delivered.fetch_add(delivered, std::memory_order_relaxed);
    return delivered;
}

Result<std::uint64_t> ReplayFeed::pumpUntil(Timestamp until, TickSink &sink)
{
    until = std::min(until, m_to);
    std::uint64_t total = 0;
    // In windows, so a long catch-up delivers in order without one huge read.
    while (position() < until) {
        const Timestamp end = std::min(until, position() + kReadNanos);
        auto delivered = deliver(position(), end, sink, SIZE_MAX);
        if (!delivered)
            return delivered;
        total += delivered.value();
    }
    return total;
}

Result<std::uint64_t> ReplayFeed::step(ReplayStep step, TickSink &sink)
{
    const Timestamp at = position();
    if (at >= m_to)
        return std::uint64_t{0};
    switch (step) {
    case ReplayStep::Tick: {
        // The next tick wherever it is (up to the end).
        Timestamp scan = at;
        while (scan < m_to) {
            const Timestamp end = std::min(m_to, scan + 60 * kWindowNanos);
            auto delivered = deliver(scan, end, sink, 1);
            if (!delivered)
                return delivered;
            if (delivered.value() > 0)
                return delivered; // the tick and every tick sharing its time
            scan = end;
        }
        m_position.store(m_to, std::memory_order_release);
        return std::uint64_t{0};
    }
    case ReplayStep::Second:
        return pumpUntil((at / kNanosPerSecond + 1) * kNanosPerSecond, sink);
    case ReplayStep::Minute:
        return pumpUntil((at / kNanosPerMinute + 1) * kNanosPerMinute, sink);
    }
    return std::uint64_t{0};
}

Result<std::vector<QuoteState>> ReplayFeed::seek(Timestamp t)
{
    t = std::clamp(t, m_from, m_to);
    std::vector<QuoteState> states(m_universe.registry->size());
    auto day = dayFor(std::min(t, m_to - 1));
    if (!day)
        return day.error();
    const Day &d = *day.value();
    if (d.reader) {
        // Every tick before t (the position's meaning): stateAt includes ticks at its instant.
        auto state = d.reader->stateAt(t - 1);
        if (!state)
            return state.error();
        for (std::size_t file = 0; file < state.value().size() && file < d.idOfFile.size();
             ++file) {
            const InstrumentId id = d.idOfFile[file];
            if (id != kInvalidInstrument && id < states.size())
                states[id] = state.value()[file];
        }
    }
    m_position.store(t, std::memory_order_release);
    return states;
}

void ReplayFeed::start(const MarketClock &clock, TickSink &sink, std::size_t maxBacklog)
{
    if (m_running.exchange(true))
        return;
    m_stopRequested = false;
    m_thread = std::thread([this, &clock, &sink, maxBacklog] { run(clock, sink, maxBacklog); });
}

void ReplayFeed::stop()
{
    m_stopRequested = true;
    if (m_thread.joinable())
        m_thread.join();
    m_running = false;
}

std::string ReplayFeed::lastError() const
{
    std::lock_guard lock(m_errorMutex);
    return m_lastError;
}

void ReplayFeed::run(const MarketClock &clock, TickSink &sink, std::size_t maxBacklog)
{
    while (!m_stopRequested.load() && !finished()) {
        if (sink.backlog() > maxBacklog) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            continue;
        }
        const Timestamp now = clock.now();
        if (now > position()) {
            // At most one window per wake-up so a far-ahead clock still honours the backlog.
            auto delivered = pumpUntil(std::min(now, position() + kWindowNanos), sink);
            if (!delivered) {
                std::lock_guard lock(m_errorMutex);
                m_lastError = delivered.message();
                break;
            }
            continue;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    m_running = false;
}

} // namespace mag7::engine
