#pragma once
// TickDayWriter: appends to one day file (used by TickWriter, which routes ticks by trading date
// and applies conflation). It owns the file's connection, the file-local instrument ids, the
// fold of every stored tick (what snapshots hold), the state of the last keyframe (what change
// snapshots are relative to) and the delta chain of the current block sequence.
//
// Ticks must arrive in time order except for late ones (ts earlier than the newest tick already
// stored), which go to standalone blocks. store() writes inside a transaction that commit()
// ends; nothing is durable before commit(). A recorder commits ten times a second, so most of its
// chained blocks are small (a few hundred ticks), and a small row costs a few hundred bytes of
// SQLite page space: the small blocks at the end of a chain (its tail) are encoded again as one
// block in place of their rows once they hold 4,096 ticks, when the chain ends and in finish().
//
// Threading: single-threaded, like TickWriter.

#include "model/instrument.h"
#include "model/result.h"
#include "model/tick.h"
#include "storage/sqlitedatabase.h"
#include "storage/tickcodec.h"
#include "storage/tickstore.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace mag7::storage {

// State handed from one day file to the next so every file is self-contained.
struct CarriedInstrument {
    InstrumentRecord record;
    QuoteState state;
};

class TickDayWriter {
public:
    // Creates <directory>/<date>.sqlite with an initial keyframe at `dayStart` holding `carry`,
    // or reopens an existing file for append: checks its source, keeps its file ids, loads its
    // end state, upgrades a format-1 file and starts a new chain with a keyframe.
    static Result<std::unique_ptr<TickDayWriter>> open(const WriterOptions &options,
                                                       Date tradingDate, Timestamp dayStart,
                                                       const std::vector<CarriedInstrument> &carry);
    ~TickDayWriter();
    TickDayWriter(const TickDayWriter &) = delete;
    TickDayWriter &operator=(const TickDayWriter &) = delete;

    // `tick.instrument` is the registry id of `instrument`.
    Status store(const Tick &tick, const Instrument &instrument);
    // Writes the pending blocks and commits the open transaction (no-op when nothing changed).
    Status commit();
    // Commits with the chain's tail merged into one block (the file is about to be closed).
    Status finish();

    // Live instruments (non-options, or options expiring on/after `nextDate`) with state.
    std::vector<CarriedInstrument> carryTo(Date nextDate) const;

    Date tradingDate() const { return m_tradingDate; }
    const std::filesystem::path &path() const { return m_db.path(); }
    std::uint64_t ticksCommitted() const { return m_ticksCommitted; }
    std::uint64_t blocks() const { return m_blocks; }
    std::uint64_t snapshots() const { return m_snapshots; }
    std::uint64_t bytesOnDisk() const; // database + WAL

    // Loads the end state of an existing day file (every instrument with state), for carrying
    // it into a new file after a restart.
    static Result<std::vector<CarriedInstrument>>
    loadEndState(const std::filesystem::path &file, const std::string &source, Date nextDate);

private:
    TickDayWriter(const WriterOptions &options, Date tradingDate);

    Status prepareStatements();
    Status ensureTransaction();
    std::uint32_t fileIdOf(const Tick &tick, const Instrument &instrument);
    std::uint32_t addRecord(InstrumentRecord record);
    void foldIn(const Tick &tick);
    Status flushBlocks();
    Status insertBlock(std::span<const Tick> ticks, BlockKind kind);
    // One block of the tail's ticks and `more`, in place of the tail's rows.
    Status mergeTail(std::span<const Tick> more);
    void clearTail();
    // Encodes `ticks` into a new row (seq 0: the next one).
    Status writeBlock(std::span<const Tick> ticks, BlockKind kind, std::int64_t seq);
    // A keyframe when `keyframe` is set or due, otherwise a change snapshot.
    Status writeSnapshot(Timestamp ts, bool keyframe);
    Status maybeSnapshot(Timestamp ts);

    WriterOptions m_options;
    Date m_tradingDate;
    SqliteDatabase m_db;
    SqliteStatement m_insertBlock;
    SqliteStatement m_deleteBlock;
    SqliteStatement m_insertSnapshot;
    SqliteStatement m_insertInstrument;
    SqliteTransaction m_transaction;

    std::vector<InstrumentRecord> m_records;         // by file id
    std::size_t m_savedRecords = 0;                  // records already in the file
    std::vector<std::uint32_t> m_fileIdByRegistryId; // kNoFileId when not mapped yet
    std::unordered_map<std::string, std::uint32_t> m_fileIdBySymbol;
    // Fold of the ticks written to blocks so far, by file id (ticks still pending in m_pending or
    // m_late are folded when their block is written, in one pass with the encoding).
    std::vector<QuoteState> m_state;
    std::vector<QuoteState> m_keyframeState; // m_state when the last keyframe was written
    ChainState m_chain;

    std::vector<Tick> m_pending; // chained ticks of the current block (file ids)
    std::vector<Tick> m_late;    // late ticks waiting for a standalone block
    // The chain's tail: its small rows, their ticks and the chain entries as it found them.
    std::vector<std::int64_t> m_tailSeqs;
    std::vector<Tick> m_tailTicks;
    std::vector<std::pair<std::uint32_t, ChainEntry>> m_tailChain;
    std::vector<std::uint8_t> m_tailTouched; // by file id: listed in m_tailChain
    std::vector<std::uint8_t> m_buffer;

    std::int64_t m_seq = 0;         // last seq used (blocks and snapshots share it)
    std::int64_t m_chainSeq = 0;    // snapshot starting the current chain
    std::int64_t m_keyframeSeq = 0; // the last keyframe
    Timestamp m_keyframeTs = 0;
    Timestamp m_maxTs = 0; // newest tick stored (or chain snapshot time)
    Timestamp m_lastSnapshotTs = 0;
    std::uint64_t m_ticksSinceSnapshot = 0;
    std::uint64_t m_ticksInTransaction = 0;
    std::uint64_t m_ticksCommitted = 0;
    std::uint64_t m_blocks = 0;
    std::uint64_t m_snapshots = 0;
};

} // namespace mag7::storage
