#pragma once
// The tick store: every tick the desk sees, in one SQLite file per trading date
// (<ticks dir>/YYYY-MM-DD.sqlite, trading date as calendar::tradingDateOf), written by a single
// thread in sorted, compressed blocks and read back in time order.
//
// File contents (see docs/STORAGE.md for the byte layout):
//   meta         key/value: format version, trading date, source, created
//   instruments  the day's instruments; file-local ids assigned in order of first appearance
//   blocks       time-ordered, delta-encoded blocks of up to 4,096 ticks (the small blocks of
//                frequent commits are merged)
//   snapshots    state (latest quote and trade of every recorded instrument) when market time
//                crosses a minute boundary (skipped in quiet periods, see STORAGE.md), at the
//                start of every file (carrying over the previous day's live instruments) and
//                when a file is reopened for append: a full keyframe every few minutes, and in
//                between change snapshots holding only what changed since the keyframe. Each
//                starts a new delta chain, so reading from any instant needs at most two
//                snapshots (keyframe + change) plus the blocks after them.
//
// Durability: WAL, synchronous=NORMAL; a commit is one transaction per open file. Killing the
// process loses at most what was appended after the last commit (plus option quotes held by
// conflation whose interval had not ended), and the file opens cleanly afterwards.

#include "model/instrument.h"
#include "model/result.h"
#include "model/tick.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::storage {

// Which option quotes are recorded. Stock, ETF, index and futures ticks and every trade are
// always recorded.
struct ConflationProfile {
    bool enabled = true;
    // On change, at most one quote per contract per interval; a change inside the interval is
    // held and written when the interval ends (time-stamped then), so the last state is never lost.
    std::int64_t minIntervalNanos = kNanosPerSecond;
    double maxMoneyness = 0.25; // |strike / underlying mid - 1| <= maxMoneyness
    int maxDaysToExpiry = 60;   // calendar days from the tick's trading date
};

struct WriterOptions {
    std::filesystem::path directory; // created when missing
    ConflationProfile conflation;
    std::int64_t snapshotIntervalNanos = kNanosPerMinute; // market time
    // A snapshot is a full-state keyframe when the last keyframe is this old (market time);
    // the others hold only what changed since their keyframe (0: every snapshot is a keyframe).
    std::int64_t keyframeIntervalNanos = 5 * kNanosPerMinute;
    std::string source = "simulated"; // recorded in meta; appending to a file of another
                                      // source is refused
    // Size limit per day file (0: none). A commit that would grow a file past it fails with
    // SQLITE_FULL, exactly as a full disk does.
    std::uint64_t maxFileBytes = 0;
};

// Once everything is committed and no quote is held,
//   ticksIn == ticksWritten + ticksConflated + ticksFiltered + ticksRejected.
struct WriterStats {
    std::uint64_t ticksIn = 0;        // appended
    std::uint64_t ticksWritten = 0;   // stored and committed (after conflation)
    std::uint64_t ticksConflated = 0; // option quotes merged into a later one or unchanged
    std::uint64_t ticksFiltered = 0;  // option quotes outside the moneyness/DTE profile
    std::uint64_t ticksRejected = 0;  // unknown instrument id, invalid kind or ts <= 0
    std::uint64_t ticksHeld = 0;      // option quotes held by conflation until their interval ends
    std::uint64_t blocks = 0;
    std::uint64_t snapshots = 0;
    std::uint64_t commits = 0;
    std::uint64_t bytesOnDisk = 0; // of the files written by this writer
    std::string currentFile;
};

// Single-threaded: the storage thread owns it (its SQLite connections stay on that thread).
// The registry must outlive the writer. After a failed commit (full disk, I/O error) the writer
// is broken: every later call returns that error.
class TickWriter {
public:
    // Creates the directory when missing and checks that it is writable. Day files are opened
    // (created, or reopened for append) when their first tick arrives.
    static Result<std::unique_ptr<TickWriter>> open(const InstrumentRegistry &registry,
                                                    WriterOptions options);
    ~TickWriter();
    TickWriter(const TickWriter &) = delete;
    TickWriter &operator=(const TickWriter &) = delete;

    // Queues ticks (the ticks of a commit window are sorted by (ts, arrival order) before
    // writing; batches are expected to be roughly in time order — a tick earlier than what a
    // file already holds is stored in a separate "late" block and still read back in order).
    // Files roll over at trading-date boundaries. Not durable until commit(). Invalid ticks are
    // counted in ticksRejected and skipped.
    Status append(std::span<const Tick> ticks);
    // Writes everything appended so far in one transaction per open file, including held option
    // quotes whose interval ended at or before the latest appended ts.
    Status commit();
    // Commits, releases every held quote, then closes every file (also done by the destructor).
    Status close();
    WriterStats stats() const;

private:
    class Impl;
    explicit TickWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Instrument metadata as stored in a day file.
struct InstrumentRecord {
    std::uint32_t fileId = 0;
    std::string symbol;
    InstrumentKind kind = InstrumentKind::Stock;
    std::string underlying;
    Date expiry{};
    OptionRight right = OptionRight::Call;
    Price strike = 0;
    double multiplier = 1.0;
    Price tickSize = kCent;
};

// The instrument a stored record describes (without a registry id), for adding it to a registry.
Instrument toInstrument(const InstrumentRecord &record);

// Read-only view of one day file as it was when opened (one read transaction for its life:
// later commits are not seen). Safe to use from one thread at a time; open one per thread.
class TickDayReader {
public:
    // Errors name the file and the problem (missing, not a tick file, corrupt, newer format).
    static Result<std::unique_ptr<TickDayReader>> open(const std::filesystem::path &file);
    ~TickDayReader();
    TickDayReader(const TickDayReader &) = delete;
    TickDayReader &operator=(const TickDayReader &) = delete;

    Date tradingDate() const;
    std::string source() const;
    int formatVersion() const;
    const std::vector<InstrumentRecord> &instruments() const; // indexed by fileId
    std::optional<std::uint32_t> fileIdOf(std::string_view symbol) const;
    std::uint64_t tickCount() const;
    Timestamp firstTs() const; // 0 when empty
    Timestamp lastTs() const;
    std::uint64_t blockCount() const;
    std::vector<Timestamp> snapshotTimes() const; // in write order

    // Visits ticks with from <= ts < to in time order (ties in write order), in batches;
    // `instruments` empty means all. Tick::instrument holds file ids. Return false to stop.
    using BatchVisitor = std::function<bool(std::span<const Tick>)>;
    Status read(Timestamp from, Timestamp to, std::span<const std::uint32_t> instruments,
                const BatchVisitor &visit) const;

    // State after every tick with ts <= at: one entry per file instrument, indexed by fileId
    // (a default QuoteState when the instrument has no tick yet). The file's first snapshot
    // carries the state of the previous day's live instruments, so the state includes them
    // (with their original quote/trade times). Uses the latest snapshot at or before `at` (a
    // keyframe, or a change snapshot over its keyframe) plus the ticks after it.
    Result<std::vector<QuoteState>> stateAt(Timestamp at) const;

private:
    class Impl;
    explicit TickDayReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// A ticks/ directory of day files (YYYY-MM-DD.sqlite; other files are ignored). Opens day
// files on demand; cheap to copy; use from one thread at a time.
class TickArchive {
public:
    static Result<TickArchive> open(const std::filesystem::path &directory);

    const std::filesystem::path &directory() const { return m_directory; }
    std::vector<Date> days() const; // sorted
    std::filesystem::path pathOf(Date tradingDate) const;

    // Ticks of the given symbols (empty: all) with from <= ts < to, across day files, in time
    // order. The visitor sees each tick with its instrument record (Tick::instrument is the
    // file id of that day, which differs between days; use the record). Return false to stop.
    // Days without a file are skipped; a symbol unknown on every day in range is an error
    // naming it, reported before any tick is visited. A damaged day file is an error.
    using TickVisitor = std::function<bool(const Tick &, const InstrumentRecord &)>;
    Status read(Timestamp from, Timestamp to, const std::vector<std::string> &symbols,
                const TickVisitor &visit) const;

private:
    explicit TickArchive(std::filesystem::path directory)
        : m_directory(std::move(directory))
    {}
    std::filesystem::path m_directory;
};

} // namespace mag7::storage
