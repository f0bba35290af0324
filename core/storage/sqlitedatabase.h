#pragma once
// A thin RAII layer over the SQLite C API, used by the tick store and the desk database:
//   SqliteDatabase    one connection (closed by the destructor)
//   SqliteStatement   one prepared statement (finalized by the destructor)
//   SqliteTransaction a SAVEPOINT that rolls back unless commit() is called (nestable)
// Every error is returned as an Error whose message names the file, what was being done and
// SQLite's own message with the primary result code, e.g.
//   "/data/ticks/2025-01-13.sqlite: commit: database or disk is full (SQLITE_FULL)".
// Nothing here throws.
//
// Threading: a connection and its statements belong to the thread that uses them; SQLite is
// built thread-safe, but one connection must not be used by two threads at once.

#include "model/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace mag7::storage {

// "SQLITE_FULL" for a (primary or extended) result code.
const char *sqliteCodeName(int code);

class SqliteStatement;

class SqliteDatabase {
public:
    enum class OpenMode {
        ReadOnly,        // fails when the file is missing
        ReadWrite,       // fails when the file is missing
        ReadWriteCreate, // creates the file when missing
    };

    static Result<SqliteDatabase> open(const std::filesystem::path &file, OpenMode mode);

    SqliteDatabase() = default;
    ~SqliteDatabase();
    SqliteDatabase(SqliteDatabase &&other) noexcept;
    SqliteDatabase &operator=(SqliteDatabase &&other) noexcept;
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;

    bool isOpen() const { return m_db != nullptr; }
    const std::filesystem::path &path() const { return m_path; }
    sqlite3 *handle() const { return m_db; }

    // Runs one or more SQL statements that return no rows needed by the caller.
    Status exec(std::string_view sql, std::string_view context = {});
    Result<SqliteStatement> prepare(std::string_view sql) const;
    // The first column of the first row of `sql` (e.g. a PRAGMA), nullopt when no row.
    Result<std::optional<std::int64_t>> queryInt(std::string_view sql) const;

    // "<file>: <context>: <sqlite message> (<SQLITE_CODE>)" for the connection's last error.
    Error error(std::string_view context, int code) const;
    Error error(std::string_view context) const;

    void close();

private:
    SqliteDatabase(sqlite3 *db, std::filesystem::path path);

    sqlite3 *m_db = nullptr;
    std::filesystem::path m_path;
};

class SqliteStatement {
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Parameters are 1-based, as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT) unless
    // the *Static variant is used, which requires the data to outlive the next step()/reset().
    void bindInt64(int index, std::int64_t value);
    void bindDouble(int index, double value);
    void bindText(int index, std::string_view text);
    void bindBlobStatic(int index, std::span<const std::uint8_t> data);
    void bindNull(int index);

    // Advances: true when a row is available, false when done; an Error on failure.
    Result<bool> step();
    // For statements that return no rows: step() then reset().
    Status run();
    void reset(); // also clears bindings

    bool isNull(int column) const;
    std::int64_t columnInt64(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;
    // Valid until the next step()/reset().
    std::span<const std::uint8_t> columnBlob(int column) const;

private:
    friend class SqliteDatabase;
    SqliteStatement(sqlite3_stmt *statement, const SqliteDatabase *database);

    sqlite3_stmt *m_statement = nullptr;
    sqlite3 *m_db = nullptr;
    std::filesystem::path m_path;
};

// SAVEPOINT-based transaction: rolls back in the destructor unless committed. Savepoints nest,
// so a write method that opens its own transaction also works inside an outer one.
class SqliteTransaction {
public:
    static Result<SqliteTransaction> begin(SqliteDatabase &database);
    SqliteTransaction() = default;
    ~SqliteTransaction();
    SqliteTransaction(SqliteTransaction &&other) noexcept;
    SqliteTransaction &operator=(SqliteTransaction &&other) noexcept;
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;

    bool isActive() const { return m_database != nullptr; }
    Status commit();
    void rollback();

private:
    explicit SqliteTransaction(SqliteDatabase *database)
        : m_database(database)
    {}
    SqliteDatabase *m_database = nullptr;
};

} // namespace mag7::storage
