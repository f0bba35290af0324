#pragma once
// TickFileFormat: the SQLite schema of a tick day file and the helpers the writer and the reader
// share (file naming, meta keys, instrument records, block and snapshot index rows). See
// docs/STORAGE.md.
//
//   meta(key TEXT PRIMARY KEY, value TEXT)       format_version, trading_date, source, created
//   instruments(file_id INTEGER PRIMARY KEY, symbol, kind, underlying, expiry, option_right,
//               strike, multiplier, tick_size)
//   blocks(seq INTEGER PRIMARY KEY, first_ts, last_ts, count, snapshot_seq, data BLOB)
//   snapshots(seq INTEGER PRIMARY KEY, ts, count, data BLOB, base_seq)
//
// `seq` is one sequence shared by blocks and snapshots: it is the write order. A chained block's
// snapshot_seq names the snapshot that starts its delta chain; late (standalone) blocks have
// snapshot_seq 0. A snapshot's base_seq is 0 for a keyframe and names the keyframe of a change
// snapshot. Format 1 files have no base_seq (every snapshot is full); appending to one upgrades
// it to format 2.

#include "model/result.h"
#include "storage/sqlitedatabase.h"
#include "storage/tickstore.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mag7::storage {

struct BlockRow {
    std::int64_t seq = 0;
    Timestamp firstTs = 0;
    Timestamp lastTs = 0;
    std::uint32_t count = 0;
    std::int64_t snapshotSeq = 0; // 0: standalone (late ticks)

    bool isLate() const { return snapshotSeq == 0; }
};

struct SnapshotRow {
    std::int64_t seq = 0;
    Timestamp ts = 0;
    std::int64_t baseSeq = 0; // 0: keyframe; else the keyframe this change snapshot applies to

    bool isKeyframe() const { return baseSeq == 0; }
};

struct TickFileMeta {
    int formatVersion = 0;
    Date tradingDate{};
    std::string source;
    std::string created;
};

namespace tickfile {

// 1: full snapshots; 2: keyframes and change snapshots, format-2 blocks (format 1 still reads).
inline constexpr int kFormatVersion = 2;
inline constexpr const char *kFileSuffix = ".sqlite";

// "<directory>/YYYY-MM-DD.sqlite"
std::filesystem::path dayFilePath(const std::filesystem::path &directory, Date tradingDate);
// The trading date of a day file name, nullopt for other names.
std::optional<Date> dateOfFileName(const std::filesystem::path &file);

// Creates the tables and writes meta in a new, empty file.
Status createSchema(SqliteDatabase &db, Date tradingDate, const std::string &source,
                    const std::string &created);
// Reads and checks meta: refuses files without the tick tables and newer format versions.
Result<TickFileMeta> readMeta(const SqliteDatabase &db);
// Makes a format-1 file a format-2 one (adds snapshots.base_seq, bumps meta), inside the
// caller's transaction. Its old blocks and snapshots stay as they are and still decode.
Status upgradeToCurrentFormat(SqliteDatabase &db);

Result<std::vector<InstrumentRecord>> readInstruments(const SqliteDatabase &db);
Status insertInstrument(SqliteStatement &insert, const InstrumentRecord &record);
inline constexpr const char *kInsertInstrumentSql =
    "INSERT INTO instruments(file_id, symbol, kind, underlying, expiry, option_right, strike, "
    "multiplier, tick_size) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

// Every block and snapshot row without its data, in seq order.
Result<std::vector<BlockRow>> readBlockIndex(const SqliteDatabase &db);
Result<std::vector<SnapshotRow>> readSnapshotIndex(const SqliteDatabase &db, int formatVersion);

// Per-connection settings: WAL, synchronous=NORMAL and a larger page cache.
Status configureForWriting(SqliteDatabase &db);

} // namespace tickfile
} // namespace mag7::storage
