// TickWriter: sorts each commit window, routes ticks to day files by trading date, applies
// option-quote conflation and hands the stored ticks to one TickDayWriter per open file.

#include "logging/logging.h"
#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "storage/conflator.h"
#include "storage/tickdaywriter.h"
#include "storage/tickfileformat.h"
#include "storage/tickstore.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <system_error>

namespace mag7::storage {

namespace {

// Files kept open: the current trading date and the previous one (for late ticks around the
// 18:00 ET roll-over).
constexpr std::size_t kMaxOpenFiles = 2;

Status checkWritableDirectory(const std::filesystem::path &directory)
{
    if (directory.empty())
        return Error{"tick store: no directory configured"};
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec)
        return Error{"cannot create tick directory " + directory.string() + ": " + ec.message()};
    if (!std::filesystem::is_directory(directory, ec))
        return Error{"tick directory " + directory.string() + " is not a directory"};
    const std::filesystem::path probe = directory / ".mag7-write-probe";
    {
        std::ofstream out(probe, std::ios::binary | std::ios::trunc);
        out << "probe";
        out.flush();
        if (!out)
            return Error{"tick directory " + directory.string() + " is not writable"};
    }
    std::filesystem::remove(probe, ec);
    return Status::success();
}

// [start, end) of market time that belongs to a trading date: from 18:00 ET of the previous
// trading date to 18:00 ET of the date (see calendar::tradingDateOf).
struct DayRange {
    Timestamp start = 0;
    Timestamp end = 0;
    Date date{};
};

DayRange dayRangeOf(Timestamp ts)
{
    const Date date = calendar::tradingDateOf(ts);
    DayRange range{fromEastern(calendar::previousTradingDay(date), timeOfDay(18, 0)),
                   fromEastern(date, timeOfDay(18, 0)), date};
    // The range only caches tradingDateOf; if the calendar ever disagrees, fall back to
    // asking it for every instant.
    if (!(range.start <= ts && ts < range.end) || calendar::tradingDateOf(range.start) != date ||
        calendar::tradingDateOf(range.end - 1) != date)
        range = DayRange{ts, ts + 1, date};
    return range;
}

} // namespace

class TickWriter::Impl {
public:
    Impl(const InstrumentRegistry &registry, WriterOptions options)
        : m_registry(registry)
        , m_options(std::move(options))
        , m_conflator(m_options.conflation)
        , m_log(logging::get("storage"))
    {}

    Status append(std::span<const Tick> ticks);
    Status commit();
    Status close();
    WriterStats stats() const;

private:
    const Instrument *instrument(InstrumentId id);
    Status process(const Tick &tick);
    Status store(const Tick &tick);
    Status releaseDue(Timestamp until);
    Result<TickDayWriter *> dayWriter(Timestamp ts, Date &tradingDate);
    Status fail(Status status);

    const InstrumentRegistry &m_registry;
    WriterOptions m_options;
    Conflator m_conflator;
    std::shared_ptr<spdlog::logger> m_log;

    std::vector<const Instrument *> m_instruments; // registry cache by id
    std::vector<Tick> m_window;                    // appended since the last commit
    Timestamp m_latestAppended = 0;
    std::map<Date, std::unique_ptr<TickDayWriter>> m_days; // open files
    DayRange m_range;
    TickDayWriter *m_rangeWriter = nullptr;
    std::vector<CarriedInstrument> m_carry; // end state of the newest file closed
    Date m_carryDate{};

    WriterStats m_stats;
    std::uint64_t m_closedTicks = 0; // committed to files already closed
    std::uint64_t m_closedBytes = 0;
    std::uint64_t m_closedBlocks = 0;
    std::uint64_t m_closedSnapshots = 0;
    Status m_broken;
    bool m_closed = false;
};

const Instrument *TickWriter::Impl::instrument(InstrumentId id)
{
    if (id < m_instruments.size() && m_instruments[id] != nullptr)
        return m_instruments[id];
    // The registry takes a lock per lookup; cache its stable pointers.
    const Instrument *found = m_registry.get(id);
    if (found != nullptr) {
        if (id >= m_instruments.size())
            m_instruments.resize(static_cast<std::size_t>(id) + 1, nullptr);
        m_instruments[id] = found;
    }
    return found;
}

Status TickWriter::Impl::fail(Status status)
{
    if (!status && m_broken) {
        m_log->error("tick writer stopped: {}", status.message());
        m_broken = status;
    }
    return status;
}

Status TickWriter::Impl::append(std::span<const Tick> ticks)
{
    if (!m_broken)
        return m_broken;
    if (m_closed)
        return Error{"tick writer is closed"};
    m_stats.ticksIn += ticks.size();
    const auto valid = [this](const Tick &t) {
        return t.ts > 0 && (t.kind == TickKind::Quote || t.kind == TickKind::Trade) &&
               instrument(t.instrument) != nullptr;
    };
    for (std::size_t i = 0; i < ticks.size();) {
        // Copy runs of valid ticks at once (normally the whole batch).
        std::size_t end = i;
        while (end < ticks.size() && valid(ticks[end])) {
            m_latestAppended = std::max(m_latestAppended, ticks[end].ts);
            ++end;
        }
        m_window.insert(m_window.end(), ticks.begin() + static_cast<std::ptrdiff_t>(i),
                        ticks.begin() + static_cast<std::ptrdiff_t>(end));
        if (end == ticks.size())
            break;
        const Tick &t = ticks[end];
        if (m_stats.ticksRejected++ == 0)
            m_log->warn("rejecting invalid tick (instrument {}, ts {}, kind {}); further "
                        "rejections are only counted",
                        t.instrument, t.ts, static_cast<int>(t.kind));
        i = end + 1;
    }
    return Status::success();
}

Result<TickDayWriter *> TickWriter::Impl::dayWriter(Timestamp ts, Date &tradingDate)
{
    if (m_rangeWriter != nullptr && ts >= m_range.start && ts < m_range.end) {
        tradingDate = m_range.date;
        return m_rangeWriter;
    }
    const DayRange range = dayRangeOf(ts);
    tradingDate = range.date;
    auto it = m_days.find(range.date);
    if (it == m_days.end()) {
        if (m_days.size() >= kMaxOpenFiles) {
            // Close the oldest file; its end state may seed a newer file.
            auto oldest = m_days.begin();
            if (Status s = oldest->second->finish(); !s)
                return Error{s.message()};
            if (oldest->first > m_carryDate || !m_carryDate.ok()) {
                m_carry = oldest->second->carryTo(range.date);
                m_carryDate = oldest->first;
            }
            m_closedTicks += oldest->second->ticksCommitted();
            m_closedBytes += oldest->second->bytesOnDisk();
            m_closedBlocks += oldest->second->blocks();
            m_closedSnapshots += oldest->second->snapshots();
            m_log->info("closed {}", oldest->second->path().string());
            if (m_rangeWriter == oldest->second.get())
                m_rangeWriter = nullptr;
            m_days.erase(oldest);
        }
        // Carry from the newest earlier file: open, closed in this session, or on disk.
        std::vector<CarriedInstrument> carry;
        auto previous = m_days.lower_bound(range.date);
        if (previous != m_days.begin()) {
            carry = std::prev(previous)->second->carryTo(range.date);
        } else if (m_carryDate.ok() && m_carryDate < range.date) {
            for (const CarriedInstrument &c : m_carry)
                if (!c.record.expiry.ok() ||
                    daysSinceEpoch(c.record.expiry) >= daysSinceEpoch(range.date))
                    carry.push_back(c);
        } else if (!std::filesystem::exists(
                       tickfile::dayFilePath(m_options.directory, range.date))) {
            // First file of this session: continue from the newest earlier day file on disk.
            std::optional<Date> newest;
            std::error_code ec;
            for (const auto &entry : std::filesystem::directory_iterator(m_options.directory, ec)) {
                const auto date = tickfile::dateOfFileName(entry.path());
                if (date && *date < range.date && (!newest || *date > *newest))
                    newest = date;
            }
            if (newest) {
                auto loaded =
                    TickDayWriter::loadEndState(tickfile::dayFilePath(m_options.directory, *newest),
                                                m_options.source, range.date);
                if (loaded)
                    carry = std::move(loaded).value();
                else
                    m_log->warn("not carrying state into {}: {}", formatDate(range.date),
                                loaded.message());
            }
        }
        auto opened = TickDayWriter::open(m_options, range.date, range.start, carry);
        if (!opened)
            return opened.error();
        it = m_days.emplace(range.date, std::move(opened).value()).first;
        m_stats.currentFile = m_days.rbegin()->second->path().string();
    }
    m_range = range;
    m_rangeWriter = it->second.get();
    return m_rangeWriter;
}

Status TickWriter::Impl::store(const Tick &tick)
{
    Date tradingDate;
    auto writer = dayWriter(tick.ts, tradingDate);
    if (!writer)
        return writer.error();
    return writer.value()->store(tick, *m_instruments[tick.instrument]);
}

Status TickWriter::Impl::releaseDue(Timestamp until)
{
    for (auto next = m_conflator.nextRelease(); next && *next <= until;
         next = m_conflator.nextRelease()) {
        if (Status s = store(m_conflator.popRelease()); !s)
            return s;
    }
    return Status::success();
}

Status TickWriter::Impl::process(const Tick &tick)
{
    if (m_conflator.held() > 0) {
        if (Status s = releaseDue(tick.ts); !s)
            return s;
    }
    // Same trading date as the previous tick: no lookup.
    TickDayWriter *writer = m_rangeWriter;
    Date tradingDate = m_range.date;
    if (writer == nullptr || tick.ts < m_range.start || tick.ts >= m_range.end) {
        auto opened = dayWriter(tick.ts, tradingDate);
        if (!opened)
            return opened.error();
        writer = opened.value();
    }
    // A reference only: the registry entry is read when an instrument is first seen, not per
    // tick (a busy option chain would miss the cache on every one).
    const Instrument &inst = *m_instruments[tick.instrument];
    if (m_options.conflation.enabled && tick.isQuote() &&
        m_conflator.offer(tick, inst, tradingDate) != Conflator::Decision::Store)
        return Status::success();
    return writer->store(tick, inst);
}

Status TickWriter::Impl::commit()
{
    if (!m_broken)
        return m_broken;
    if (m_closed)
        return Error{"tick writer is closed"};
    // Sort by (ts, arrival order); feeds deliver time-ordered batches, so usually a no-op.
    if (!std::is_sorted(m_window.begin(), m_window.end(),
                        [](const Tick &a, const Tick &b) { return a.ts < b.ts; }))
        std::stable_sort(m_window.begin(), m_window.end(),
                         [](const Tick &a, const Tick &b) { return a.ts < b.ts; });
    const bool conflating = m_options.conflation.enabled;
    constexpr std::size_t kAhead = 8;
    for (std::size_t i = 0; i < m_window.size(); ++i) {
        if (conflating && i + kAhead < m_window.size())
            m_conflator.prefetch(m_window[i + kAhead].instrument);
        if (Status s = process(m_window[i]); !s)
            return fail(s);
    }
    m_window.clear();
    if (Status s = releaseDue(m_latestAppended); !s)
        return fail(s);
    for (auto &[date, writer] : m_days) {
        if (Status s = writer->commit(); !s)
            return fail(s);
    }
    ++m_stats.commits;
    return Status::success();
}

Status TickWriter::Impl::close()
{
    if (m_closed)
        return m_broken;
    Status status = commit();
    if (status) {
        // Held quotes are released at the end of their interval even though no later tick
        // arrived: the final state of every contract is never lost.
        status = fail(releaseDue(std::numeric_limits<Timestamp>::max()));
        for (auto &[date, writer] : m_days) {
            if (status)
                status = fail(writer->finish());
        }
    }
    for (auto &[date, writer] : m_days) {
        m_closedTicks += writer->ticksCommitted();
        m_closedBytes += writer->bytesOnDisk();
        m_closedBlocks += writer->blocks();
        m_closedSnapshots += writer->snapshots();
    }
    m_days.clear();
    m_rangeWriter = nullptr;
    m_closed = true;
    return status;
}

WriterStats TickWriter::Impl::stats() const
{
    WriterStats stats = m_stats;
    stats.ticksWritten = m_closedTicks;
    stats.bytesOnDisk = m_closedBytes;
    stats.blocks = m_closedBlocks;
    stats.snapshots = m_closedSnapshots;
    for (const auto &[date, writer] : m_days) {
        stats.ticksWritten += writer->ticksCommitted();
        stats.bytesOnDisk += writer->bytesOnDisk();
        stats.blocks += writer->blocks();
        stats.snapshots += writer->snapshots();
    }
    stats.ticksConflated = m_conflator.conflated();
    stats.ticksFiltered = m_conflator.filtered();
    stats.ticksHeld = m_conflator.held();
    return stats;
}

// --- TickWriter ----------------------------------------------------------------------------

TickWriter::TickWriter(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}

TickWriter::~TickWriter()
{
    if (Status s = m_impl->close(); !s)
        logging::get("storage")->error("closing the tick writer: {}", s.message());
}

Result<std::unique_ptr<TickWriter>> TickWriter::open(const InstrumentRegistry &registry,
                                                     WriterOptions options)
{
    if (Status s = checkWritableDirectory(options.directory); !s)
        return Error{s.message()};
    return std::unique_ptr<TickWriter>(
        new TickWriter(std::make_unique<Impl>(registry, std::move(options))));
}

Status TickWriter::append(std::span<const Tick> ticks)
{
    return m_impl->append(ticks);
}
Status TickWriter::commit()
{
    return m_impl->commit();
}
Status TickWriter::close()
{
    return m_impl->close();
}
WriterStats TickWriter::stats() const
{
    return m_impl->stats();
}

} // namespace mag7::storage
