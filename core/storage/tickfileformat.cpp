#include "storage/tickfileformat.h"

#include <charconv>

namespace mag7::storage::tickfile {

namespace {

constexpr const char *kSchemaSql = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE instruments(
    file_id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    underlying TEXT,
    expiry TEXT,
    option_right TEXT,
    strike INTEGER NOT NULL,
    multiplier REAL NOT NULL,
    tick_size INTEGER NOT NULL);
CREATE TABLE blocks(
    seq INTEGER PRIMARY KEY,
    first_ts INTEGER NOT NULL,
    last_ts INTEGER NOT NULL,
    count INTEGER NOT NULL,
    snapshot_seq INTEGER NOT NULL,
    data BLOB NOT NULL);
CREATE INDEX blocks_first_ts ON blocks(first_ts);
CREATE TABLE snapshots(
    seq INTEGER PRIMARY KEY,
    ts INTEGER NOT NULL,
    count INTEGER NOT NULL,
    data BLOB NOT NULL,
    base_seq INTEGER NOT NULL DEFAULT 0);
CREATE INDEX snapshots_ts ON snapshots(ts);
)sql";

std::optional<int> parseInt(const std::string &text)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

Error fileError(const SqliteDatabase &db, const std::string &problem)
{
    return Error{db.path().string() + ": " + problem};
}

} // namespace

std::filesystem::path dayFilePath(const std::filesystem::path &directory, Date tradingDate)
{
    return directory / (formatDate(tradingDate) + kFileSuffix);
}

std::optional<Date> dateOfFileName(const std::filesystem::path &file)
{
    if (file.extension() != kFileSuffix)
        return std::nullopt;
    const std::string stem = file.stem().string();
    if (stem.size() != 10)
        return std::nullopt;
    return parseDate(stem);
}

Status configureForWriting(SqliteDatabase &db)
{
    // WAL + synchronous=NORMAL: a commit is an append to the WAL without an fsync; the database
    // stays consistent after a process crash (a power loss may drop the last commits).
    auto mode = db.prepare("PRAGMA journal_mode=WAL");
    if (!mode)
        return mode.error();
    auto row = mode.value().step();
    if (!row)
        return row.error();
    if (!row.value() || mode.value().columnText(0) != "wal")
        return fileError(db, "cannot switch to WAL journal mode");
    return db.exec("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16384", "configure");
}

Status createSchema(SqliteDatabase &db, Date tradingDate, const std::string &source,
                    const std::string &created)
{
    auto transaction = SqliteTransaction::begin(db);
    if (!transaction)
        return transaction.error();
    if (Status status = db.exec(kSchemaSql, "create schema"); !status)
        return status;
    auto insert = db.prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)");
    if (!insert)
        return insert.error();
    const std::pair<const char *, std::string> rows[] = {
        {"format_version", std::to_string(kFormatVersion)},
        {"trading_date", formatDate(tradingDate)},
        {"source", source},
        {"created", created},
    };
    for (const auto &[key, value] : rows) {
        insert.value().bindText(1, key);
        insert.value().bindText(2, value);
        if (Status status = insert.value().run(); !status)
            return status;
    }
    return transaction.value().commit();
}

Result<TickFileMeta> readMeta(const SqliteDatabase &db)
{
    // Any query fails with SQLITE_NOTADB on a file that is not a database.
    auto tables = db.queryInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name "
                              "IN ('meta', 'instruments', 'blocks', 'snapshots')");
    if (!tables)
        return tables.error();
    if (tables.value().value_or(0) != 4)
        return fileError(db, "not a tick file (the meta, instruments, blocks and snapshots "
                             "tables are missing)");
    auto select = db.prepare("SELECT key, value FROM meta");
    if (!select)
        return select.error();
    TickFileMeta meta;
    bool haveDate = false;
    while (true) {
        auto row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        const std::string key = select.value().columnText(0);
        const std::string value = select.value().columnText(1);
        if (key == "format_version") {
            const auto version = parseInt(value);
            if (!version || *version < 1)
                return fileError(db, "bad format_version '" + value + "' in meta");
            meta.formatVersion = *version;
        } else if (key == "trading_date") {
            const auto date = parseDate(value);
            if (!date)
                return fileError(db, "bad trading_date '" + value + "' in meta");
            meta.tradingDate = *date;
            haveDate = true;
        } else if (key == "source") {
            meta.source = value;
        } else if (key == "created") {
            meta.created = value;
        }
    }
    if (meta.formatVersion == 0 || !haveDate)
        return fileError(db, "not a tick file (meta lacks format_version or trading_date)");
    if (meta.formatVersion > kFormatVersion)
        return fileError(db, "tick file format version " + std::to_string(meta.formatVersion) +
                                 " is newer than this build reads (" +
                                 std::to_string(kFormatVersion) + "); update Mag7 Desk");
    return meta;
}

Status upgradeToCurrentFormat(SqliteDatabase &db)
{
    return db.exec("ALTER TABLE snapshots ADD COLUMN base_seq INTEGER NOT NULL DEFAULT 0;"
                   "UPDATE meta SET value = '" +
                       std::to_string(kFormatVersion) + "' WHERE key = 'format_version'",
                   "upgrade to format " + std::to_string(kFormatVersion));
}

Result<std::vector<InstrumentRecord>> readInstruments(const SqliteDatabase &db)
{
    auto select = db.prepare("SELECT file_id, symbol, kind, underlying, expiry, option_right, "
                             "strike, multiplier, tick_size FROM instruments ORDER BY file_id");
    if (!select)
        return select.error();
    SqliteStatement &s = select.value();
    std::vector<InstrumentRecord> records;
    while (true) {
        auto row = s.step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        InstrumentRecord r;
        const std::int64_t fileId = s.columnInt64(0);
        if (fileId != static_cast<std::int64_t>(records.size()))
            return fileError(db, "instrument file ids are not dense (" + std::to_string(fileId) +
                                     " after " + std::to_string(records.size()) + " records)");
        r.fileId = static_cast<std::uint32_t>(fileId);
        r.symbol = s.columnText(1);
        const auto kind = instrumentKindFromName(s.columnText(2));
        if (!kind)
            return fileError(db,
                             "unknown instrument kind '" + s.columnText(2) + "' for " + r.symbol);
        r.kind = *kind;
        r.underlying = s.columnText(3);
        if (!s.isNull(4)) {
            const auto expiry = parseDate(s.columnText(4));
            if (!expiry)
                return fileError(db, "bad expiry for " + r.symbol);
            r.expiry = *expiry;
        }
        r.right = s.columnText(5) == "P" ? OptionRight::Put : OptionRight::Call;
        r.strike = s.columnInt64(6);
        r.multiplier = s.columnDouble(7);
        r.tickSize = s.columnInt64(8);
        records.push_back(std::move(r));
    }
    return records;
}

Status insertInstrument(SqliteStatement &insert, const InstrumentRecord &r)
{
    insert.bindInt64(1, r.fileId);
    insert.bindText(2, r.symbol);
    insert.bindText(3, instrumentKindName(r.kind));
    if (r.underlying.empty())
        insert.bindNull(4);
    else
        insert.bindText(4, r.underlying);
    if (r.expiry.ok())
        insert.bindText(5, formatDate(r.expiry));
    else
        insert.bindNull(5);
    if (r.kind == InstrumentKind::Option)
        insert.bindText(6, r.right == OptionRight::Put ? "P" : "C");
    else
        insert.bindNull(6);
    insert.bindInt64(7, r.strike);
    insert.bindDouble(8, r.multiplier);
    insert.bindInt64(9, r.tickSize);
    return insert.run();
}

Result<std::vector<BlockRow>> readBlockIndex(const SqliteDatabase &db)
{
    auto select =
        db.prepare("SELECT seq, first_ts, last_ts, count, snapshot_seq FROM blocks ORDER BY seq");
    if (!select)
        return select.error();
    std::vector<BlockRow> rows;
    while (true) {
        auto row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        const SqliteStatement &s = select.value();
        const std::int64_t count = s.columnInt64(3);
        if (count <= 0 || count > std::int64_t{1} << 31 || s.columnInt64(1) > s.columnInt64(2))
            return fileError(db, "corrupt block index row " + std::to_string(s.columnInt64(0)));
        rows.push_back(BlockRow{s.columnInt64(0), s.columnInt64(1), s.columnInt64(2),
                                static_cast<std::uint32_t>(count), s.columnInt64(4)});
    }
    return rows;
}

Result<std::vector<SnapshotRow>> readSnapshotIndex(const SqliteDatabase &db, int formatVersion)
{
    auto select =
        db.prepare(formatVersion >= 2 ? "SELECT seq, ts, base_seq FROM snapshots ORDER BY seq"
                                      : "SELECT seq, ts, 0 FROM snapshots ORDER BY seq");
    if (!select)
        return select.error();
    std::vector<SnapshotRow> rows;
    while (true) {
        auto row = select.value().step();
        if (!row)
            return row.error();
        if (!row.value())
            break;
        const SqliteStatement &s = select.value();
        rows.push_back(SnapshotRow{s.columnInt64(0), s.columnInt64(1), s.columnInt64(2)});
    }
    return rows;
}

} // namespace mag7::storage::tickfile
