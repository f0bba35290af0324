#include "storage/tickdaywriter.h"

#include "logging/logging.h"
#include "model/easterntime.h"
#include "model/marketclock.h"
#include "storage/tickfileformat.h"

#include <algorithm>
#include <limits>
#include <system_error>

namespace mag7::storage {

namespace {

// Ticks per block: large enough that SQLite's per-row cost vanishes (~26 KB blobs), small enough
// that a filtered or time-ranged read decodes little it does not need.
constexpr std::size_t kBlockTicks = 4096;
// A quiet period still gets a snapshot this often, so a jump never decodes more than this much
// market time of ticks.
constexpr std::int64_t kMaxSnapshotGapNanos = 30 * kNanosPerMinute;
constexpr std::uint32_t kNoFileId = 0xFFFFFFFFu;

std::string withFile(const std::filesystem::path &file, const std::string &message)
{
    return file.string() + ": " + message;
}

InstrumentRecord recordOf(const Instrument &instrument)
{
    InstrumentRecord r;
    r.symbol = instrument.symbol;
    r.kind = instrument.kind;
    r.underlying = instrument.underlying;
    r.expiry = instrument.expiry;
    r.right = instrument.right;
    r.strike = instrument.strike;
    r.multiplier = instrument.multiplier;
    r.tickSize = instrument.tickSize;
    return r;
}

bool aliveOn(const InstrumentRecord &record, Date date)
{
    return !record.expiry.ok() || daysSinceEpoch(record.expiry) >= daysSinceEpoch(date);
}

Status applyMaxFileBytes(SqliteDatabase &db, std::uint64_t maxFileBytes)
{
    if (maxFileBytes == 0)
        return Status::success();
    auto pageSize = db.queryInt("PRAGMA page_size");
    if (!pageSize)
        return pageSize.error();
    const std::uint64_t pages = std::max<std::uint64_t>(
        1, maxFileBytes / static_cast<std::uint64_t>(pageSize.value().value_or(4096)));
    auto set = db.queryInt("PRAGMA max_page_count=" + std::to_string(pages));
    if (!set)
        return set.error();
    return Status::success();
}

void removeDatabaseFiles(const std::filesystem::path &file)
{
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    std::filesystem::remove(file.string() + "-wal", ignored);
    std::filesystem::remove(file.string() + "-shm", ignored);
}

} // namespace

TickDayWriter::TickDayWriter(const WriterOptions &options, Date tradingDate)
    : m_options(options)
    , m_tradingDate(tradingDate)
{
    m_pending.reserve(kBlockTicks);
}

TickDayWriter::~TickDayWriter() = default;

Result<std::vector<CarriedInstrument>>
TickDayWriter::loadEndState(const std::filesystem::path &file, const std::string &source,
                            Date nextDate)
{
    auto reader = TickDayReader::open(file);
    if (!reader)
        return reader.error();
    if (reader.value()->source() != source)
        return Error{withFile(file, "recorded from source '" + reader.value()->source() +
                                        "', not '" + source + "'")};
    auto state = reader.value()->stateAt(std::numeric_limits<Timestamp>::max());
    if (!state)
        return state.error();
    std::vector<CarriedInstrument> carried;
    const auto &records = reader.value()->instruments();
    for (std::size_t id = 0; id < records.size(); ++id) {
        const QuoteState &s = state.value()[id];
        if ((s.hasQuote() || s.hasTrade()) && aliveOn(records[id], nextDate))
            carried.push_back(CarriedInstrument{records[id], s});
    }
    return carried;
}

Result<std::unique_ptr<TickDayWriter>>
TickDayWriter::open(const WriterOptions &options, Date tradingDate, Timestamp dayStart,
                    const std::vector<CarriedInstrument> &carry)
{
    auto log = logging::get("storage");
    const std::filesystem::path file = tickfile::dayFilePath(options.directory, tradingDate);
    std::unique_ptr<TickDayWriter> writer(new TickDayWriter(options, tradingDate));

    std::error_code ec;
    bool exists = std::filesystem::exists(file, ec);
    bool upgrade = false; // a format-1 file reopened for append
    if (exists) {
        // A crash between creating the file and committing its schema leaves a database without
        // tables (possibly 0 bytes): start it afresh.
        auto probe = SqliteDatabase::open(file, SqliteDatabase::OpenMode::ReadWrite);
        if (probe) {
            auto tables = probe.value().queryInt("SELECT count(*) FROM sqlite_master");
            if (tables && tables.value().value_or(0) == 0) {
                probe.value().close();
                removeDatabaseFiles(file);
                exists = false;
            }
        }
    }

    if (exists) {
        // Reopen for append (desk restart): keep the file ids, continue from the end state.
        auto reader = TickDayReader::open(file);
        if (!reader)
            return Error{"cannot append: " + reader.message()};
        if (reader.value()->source() != options.source)
            return Error{withFile(file, "refusing to append: the file was recorded from source '" +
                                            reader.value()->source() + "', this writer records '" +
                                            options.source + "'")};
        if (reader.value()->tradingDate() != tradingDate)
            return Error{withFile(file, "refusing to append: meta says trading date " +
                                            formatDate(reader.value()->tradingDate()))};
        auto state = reader.value()->stateAt(std::numeric_limits<Timestamp>::max());
        if (!state)
            return Error{"cannot append: " + state.message()};
        upgrade = reader.value()->formatVersion() < tickfile::kFormatVersion;
        for (const InstrumentRecord &record : reader.value()->instruments())
            writer->addRecord(record);
        writer->m_savedRecords = writer->m_records.size();
        if (state.value().size() != writer->m_records.size())
            return Error{withFile(file, "cannot append: state and instrument table disagree")};
        writer->m_state = std::move(state).value();
        const auto snapshots = reader.value()->snapshotTimes();
        writer->m_lastSnapshotTs = snapshots.empty() ? 0 : snapshots.back();
        writer->m_maxTs = std::max(reader.value()->lastTs(), writer->m_lastSnapshotTs);
        reader.value().reset();

        auto db = SqliteDatabase::open(file, SqliteDatabase::OpenMode::ReadWrite);
        if (!db)
            return db.error();
        writer->m_db = std::move(db).value();
        if (Status s = tickfile::configureForWriting(writer->m_db); !s)
            return Error{s.message()};
        auto maxSeq =
            writer->m_db.queryInt("SELECT max(coalesce((SELECT max(seq) FROM blocks), 0), "
                                  "coalesce((SELECT max(seq) FROM snapshots), 0))");
        if (!maxSeq)
            return maxSeq.error();
        writer->m_seq = maxSeq.value().value_or(0);
        log->info("reopened {} for append ({} instruments, ends {})", file.string(),
                  writer->m_records.size(), formatUtcIso(writer->m_maxTs));
    } else {
        auto db = SqliteDatabase::open(file, SqliteDatabase::OpenMode::ReadWriteCreate);
        if (!db)
            return db.error();
        writer->m_db = std::move(db).value();
        for (const CarriedInstrument &c : carry) {
            const std::uint32_t id = writer->addRecord(c.record);
            writer->m_state[id] = c.state;
        }
        writer->m_maxTs = dayStart;
        writer->m_lastSnapshotTs = dayStart;
        log->info("created {} ({} instruments carried over)", file.string(), carry.size());
    }

    if (Status s = applyMaxFileBytes(writer->m_db, options.maxFileBytes); !s)
        return Error{s.message()};
    Status status = [&]() -> Status {
        if (!exists) {
            if (Status s = tickfile::configureForWriting(writer->m_db); !s)
                return s;
        }
        if (Status s = writer->ensureTransaction(); !s)
            return s;
        if (upgrade) {
            if (Status s = tickfile::upgradeToCurrentFormat(writer->m_db); !s)
                return s;
            log->info("upgrading {} to tick file format {}", file.string(),
                      tickfile::kFormatVersion);
        }
        if (!exists) {
            // Schema, carried instruments and the first snapshot commit together: a file either
            // is complete or holds no tables at all.
            const std::string created = formatUtcIso(WallClock().now(), TimePrecision::Seconds);
            if (Status s =
                    tickfile::createSchema(writer->m_db, tradingDate, options.source, created);
                !s)
                return s;
        }
        if (Status s = writer->prepareStatements(); !s)
            return s;
        // Both a new file and a reopened one start a chain here with a keyframe; for a new file
        // it is what makes the file self-contained.
        if (Status s = writer->writeSnapshot(writer->m_maxTs, true); !s)
            return s;
        return writer->commit();
    }();
    if (!status) {
        if (!exists) {
            writer->m_transaction.rollback();
            writer->m_db.close();
            removeDatabaseFiles(file);
        }
        return Error{status.message()};
    }
    return writer;
}

Status TickDayWriter::prepareStatements()
{
    auto block = m_db.prepare("INSERT INTO blocks(seq, first_ts, last_ts, count, snapshot_seq, "
                              "data) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    auto remove = m_db.prepare("DELETE FROM blocks WHERE seq = ?1");
    if (!remove)
        return remove.error();
    m_deleteBlock = std::move(remove).value();
    auto snapshot = m_db.prepare(
        "INSERT INTO snapshots(seq, ts, count, base_seq, data) VALUES(?1, ?2, ?3, ?4, ?5)");
    auto instrument = m_db.prepare(tickfile::kInsertInstrumentSql);
    if (!block)
        return block.error();
    if (!snapshot)
        return snapshot.error();
    if (!instrument)
        return instrument.error();
    m_insertBlock = std::move(block).value();
    m_insertSnapshot = std::move(snapshot).value();
    m_insertInstrument = std::move(instrument).value();
    return Status::success();
}

Status TickDayWriter::ensureTransaction()
{
    if (m_transaction.isActive())
        return Status::success();
    auto transaction = SqliteTransaction::begin(m_db);
    if (!transaction)
        return transaction.error();
    m_transaction = std::move(transaction).value();
    return Status::success();
}

std::uint32_t TickDayWriter::addRecord(InstrumentRecord record)
{
    const auto id = static_cast<std::uint32_t>(m_records.size());
    record.fileId = id;
    m_fileIdBySymbol.emplace(record.symbol, id);
    m_records.push_back(std::move(record));
    m_state.emplace_back();
    m_chain.emplace_back();
    return id;
}

std::uint32_t TickDayWriter::fileIdOf(const Tick &tick, const Instrument &instrument)
{
    const InstrumentId registryId = tick.instrument;
    if (registryId < m_fileIdByRegistryId.size() && m_fileIdByRegistryId[registryId] != kNoFileId)
        return m_fileIdByRegistryId[registryId];
    if (registryId >= m_fileIdByRegistryId.size())
        m_fileIdByRegistryId.resize(static_cast<std::size_t>(registryId) + 1, kNoFileId);
    std::uint32_t id;
    if (auto it = m_fileIdBySymbol.find(instrument.symbol); it != m_fileIdBySymbol.end())
        id = it->second;
    else
        id = addRecord(recordOf(instrument));
    m_fileIdByRegistryId[registryId] = id;
    return id;
}

void TickDayWriter::foldIn(const Tick &tick)
{
    QuoteState &s = m_state[tick.instrument];
    // Newest wins, ties in write order: late ticks fold in exactly as a time-ordered replay.
    if (tick.isQuote() ? tick.ts >= s.quoteTs : tick.ts >= s.tradeTs)
        s.apply(tick);
}

Status TickDayWriter::store(const Tick &tick, const Instrument &instrument)
{
    if (Status s = ensureTransaction(); !s)
        return s;
    Tick t = tick;
    t.instrument = fileIdOf(tick, instrument);
    if (t.ts < m_maxTs) {
        m_late.push_back(t);
        if (m_late.size() >= kBlockTicks) {
            if (Status s = insertBlock(m_late, BlockKind::Standalone); !s)
                return s;
            m_late.clear();
        }
    } else {
        if (Status s = maybeSnapshot(t.ts); !s)
            return s;
        m_maxTs = t.ts;
        m_pending.push_back(t);
        if (m_pending.size() >= kBlockTicks) {
            if (Status s = insertBlock(m_pending, BlockKind::Chained); !s)
                return s;
            m_pending.clear();
        }
    }
    ++m_ticksSinceSnapshot;
    ++m_ticksInTransaction;
    return Status::success();
}

Status TickDayWriter::maybeSnapshot(Timestamp ts)
{
    const std::int64_t interval = m_options.snapshotIntervalNanos;
    if (interval <= 0 || m_ticksSinceSnapshot == 0)
        return Status::success(); // nothing changed since the last snapshot
    // The latest boundary strictly before ts; the snapshot there holds every tick <= boundary.
    const Timestamp boundary = (ts - 1) / interval * interval;
    if (boundary < m_maxTs || boundary <= m_lastSnapshotTs)
        return Status::success();
    // Quiet periods (overnight futures only): a full-state snapshot every minute would outweigh
    // the few ticks between them, so wait for enough change or enough time. Every instrument of
    // the file has state (a stored tick or carried state), so the record count is the number of
    // instruments in the state.
    const bool enoughTicks = m_ticksSinceSnapshot * 4 >= m_records.size();
    const bool enoughTime = boundary - m_lastSnapshotTs >= kMaxSnapshotGapNanos;
    if (!enoughTicks && !enoughTime)
        return Status::success();
    return writeSnapshot(boundary, false);
}

Status TickDayWriter::insertBlock(std::span<const Tick> ticks, BlockKind kind)
{
    // Fold first: the state entries are scattered, so fetch a few ticks ahead.
    constexpr std::size_t kAhead = 8;
    for (std::size_t i = 0; i < ticks.size(); ++i) {
        if (i + kAhead < ticks.size())
            __builtin_prefetch(&m_state[ticks[i + kAhead].instrument], 1);
        foldIn(ticks[i]);
    }
    if (m_chain.size() < m_records.size())
        m_chain.resize(m_records.size());
    if (kind == BlockKind::Standalone)
        return writeBlock(ticks, kind, 0);
    if (!m_tailTicks.empty() && m_tailTicks.size() + ticks.size() >= kBlockTicks) {
        const std::size_t take = kBlockTicks - m_tailTicks.size();
        if (Status s = mergeTail(ticks.first(take)); !s)
            return s;
        ticks = ticks.subspan(take);
    }
    for (; ticks.size() >= kBlockTicks; ticks = ticks.subspan(kBlockTicks)) {
        if (Status s = writeBlock(ticks.first(kBlockTicks), BlockKind::Chained, 0); !s)
            return s;
    }
    if (ticks.empty())
        return Status::success();
    // A small block joins the tail: remember the chain entries it finds first.
    if (m_tailTouched.size() < m_records.size())
        m_tailTouched.resize(m_records.size(), 0);
    for (const Tick &t : ticks) {
        if (m_tailTouched[t.instrument] == 0) {
            m_tailTouched[t.instrument] = 1;
            m_tailChain.emplace_back(t.instrument, m_chain[t.instrument]);
        }
    }
    m_tailTicks.insert(m_tailTicks.end(), ticks.begin(), ticks.end());
    if (Status s = writeBlock(ticks, BlockKind::Chained, 0); !s)
        return s;
    m_tailSeqs.push_back(m_seq);
    return Status::success();
}

Status TickDayWriter::mergeTail(std::span<const Tick> more)
{
    // Back to the chain the tail started from; the merged block ends where the chain is now
    // (plus `more`, encoded for the first time). Its rows' ticks are later than every late
    // tick written between them, so one row at the first seq keeps the file's order.
    for (const auto &[id, entry] : m_tailChain)
        m_chain[id] = entry;
    m_tailTicks.insert(m_tailTicks.end(), more.begin(), more.end());
    for (const std::int64_t seq : m_tailSeqs) {
        m_deleteBlock.bindInt64(1, seq);
        if (Status s = m_deleteBlock.run(); !s)
            return s;
        --m_blocks;
    }
    const Status status = writeBlock(m_tailTicks, BlockKind::Chained, m_tailSeqs.front());
    clearTail();
    return status;
}

void TickDayWriter::clearTail()
{
    for (const auto &[id, entry] : m_tailChain)
        m_tailTouched[id] = 0;
    m_tailChain.clear();
    m_tailTicks.clear();
    m_tailSeqs.clear();
}

Status TickDayWriter::writeBlock(std::span<const Tick> ticks, BlockKind kind, std::int64_t seq)
{
    m_buffer.clear();
    const ConflationProfile &conflation = m_options.conflation;
    TickCodec::encodeBlock(ticks, kind, m_chain, m_buffer,
                           conflation.enabled ? conflation.minIntervalNanos : 0);
    Timestamp lastTs = ticks.front().ts;
    for (const Tick &t : ticks)
        lastTs = std::max(lastTs, t.ts);
    SqliteStatement &s = m_insertBlock;
    s.bindInt64(1, seq != 0 ? seq : ++m_seq);
    s.bindInt64(2, ticks.front().ts);
    s.bindInt64(3, lastTs);
    s.bindInt64(4, static_cast<std::int64_t>(ticks.size()));
    s.bindInt64(5, kind == BlockKind::Chained ? m_chainSeq : 0);
    s.bindBlobStatic(6, m_buffer);
    if (Status status = s.run(); !status)
        return status;
    ++m_blocks;
    return Status::success();
}

Status TickDayWriter::flushBlocks()
{
    if (!m_pending.empty()) {
        if (Status s = insertBlock(m_pending, BlockKind::Chained); !s)
            return s;
        m_pending.clear();
    }
    if (!m_late.empty()) {
        if (Status s = insertBlock(m_late, BlockKind::Standalone); !s)
            return s;
        m_late.clear();
    }
    return Status::success();
}

Status TickDayWriter::writeSnapshot(Timestamp ts, bool keyframe)
{
    if (Status s = flushBlocks(); !s)
        return s;
    // The chain ends here: its tail becomes one block.
    if (Status s = m_tailSeqs.size() > 1 ? mergeTail({}) : Status::success(); !s)
        return s;
    clearTail();
    const std::int64_t keyframeInterval = m_options.keyframeIntervalNanos;
    keyframe = keyframe || m_keyframeSeq == 0 || keyframeInterval <= 0 ||
               ts - m_keyframeTs >= keyframeInterval;
    std::int64_t entries = 0;
    if (!keyframe) {
        const auto changes =
            TickCodec::encodeChangeSnapshot(ts, m_state, m_keyframeState, m_buffer);
        keyframe = !changes;
        entries = changes.value_or(0);
    }
    if (keyframe) {
        TickCodec::encodeSnapshot(ts, m_state, m_buffer);
        entries = static_cast<std::int64_t>(
            std::count_if(m_state.begin(), m_state.end(),
                          [](const QuoteState &s) { return s.hasQuote() || s.hasTrade(); }));
    }
    SqliteStatement &s = m_insertSnapshot;
    s.bindInt64(1, ++m_seq);
    s.bindInt64(2, ts);
    s.bindInt64(3, entries);
    s.bindInt64(4, keyframe ? 0 : m_keyframeSeq);
    s.bindBlobStatic(5, m_buffer);
    if (Status status = s.run(); !status)
        return status;
    if (keyframe) {
        m_keyframeSeq = m_seq;
        m_keyframeTs = ts;
        m_keyframeState = m_state;
    }
    m_chainSeq = m_seq;
    m_chain.resize(m_records.size());
    TickCodec::resetChain(m_chain, m_state);
    m_lastSnapshotTs = ts;
    m_ticksSinceSnapshot = 0;
    ++m_snapshots;
    return Status::success();
}

Status TickDayWriter::commit()
{
    if (!m_transaction.isActive())
        return Status::success();
    if (Status s = flushBlocks(); !s)
        return s;
    for (std::size_t id = m_savedRecords; id < m_records.size(); ++id) {
        if (Status s = tickfile::insertInstrument(m_insertInstrument, m_records[id]); !s)
            return s;
    }
    if (Status s = m_transaction.commit(); !s)
        return s;
    m_savedRecords = m_records.size();
    m_ticksCommitted += m_ticksInTransaction;
    m_ticksInTransaction = 0;
    return Status::success();
}

Status TickDayWriter::finish()
{
    if (Status s = ensureTransaction(); !s)
        return s;
    if (Status s = flushBlocks(); !s)
        return s;
    if (m_tailSeqs.size() > 1) {
        if (Status s = mergeTail({}); !s)
            return s;
    }
    return commit();
}

std::vector<CarriedInstrument> TickDayWriter::carryTo(Date nextDate) const
{
    // Include the ticks not yet written to a block.
    std::vector<QuoteState> state = m_state;
    for (const std::vector<Tick> *pending : {&m_late, &m_pending})
        for (const Tick &t : *pending)
            if (t.isQuote() ? t.ts >= state[t.instrument].quoteTs
                            : t.ts >= state[t.instrument].tradeTs)
                state[t.instrument].apply(t);
    std::vector<CarriedInstrument> carried;
    for (std::size_t id = 0; id < m_records.size(); ++id) {
        const QuoteState &s = state[id];
        if ((s.hasQuote() || s.hasTrade()) && aliveOn(m_records[id], nextDate))
            carried.push_back(CarriedInstrument{m_records[id], s});
    }
    return carried;
}

std::uint64_t TickDayWriter::bytesOnDisk() const
{
    std::error_code ec;
    std::uint64_t total = 0;
    const auto db = std::filesystem::file_size(m_db.path(), ec);
    if (!ec)
        total += db;
    const auto wal = std::filesystem::file_size(m_db.path().string() + "-wal", ec);
    if (!ec)
        total += wal;
    return total;
}

} // namespace mag7::storage
