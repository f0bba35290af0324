#include "storage/sqlitedatabase.h"

#include <sqlite3.h>

#include <utility>

namespace mag7::storage {

const char *sqliteCodeName(int code)
{
    switch (code & 0xFF) {
    case SQLITE_OK:
        return "SQLITE_OK";
    case SQLITE_ERROR:
        return "SQLITE_ERROR";
    case SQLITE_INTERNAL:
        return "SQLITE_INTERNAL";
    case SQLITE_PERM:
        return "SQLITE_PERM";
    case SQLITE_ABORT:
        return "SQLITE_ABORT";
    case SQLITE_BUSY:
        return "SQLITE_BUSY";
    case SQLITE_LOCKED:
        return "SQLITE_LOCKED";
    case SQLITE_NOMEM:
        return "SQLITE_NOMEM";
    case SQLITE_READONLY:
        return "SQLITE_READONLY";
    case SQLITE_INTERRUPT:
        return "SQLITE_INTERRUPT";
    case SQLITE_IOERR:
        return "SQLITE_IOERR";
    case SQLITE_CORRUPT:
        return "SQLITE_CORRUPT";
    case SQLITE_NOTFOUND:
        return "SQLITE_NOTFOUND";
    case SQLITE_FULL:
        return "SQLITE_FULL";
    case SQLITE_CANTOPEN:
        return "SQLITE_CANTOPEN";
    case SQLITE_PROTOCOL:
        return "SQLITE_PROTOCOL";
    case SQLITE_SCHEMA:
        return "SQLITE_SCHEMA";
    case SQLITE_TOOBIG:
        return "SQLITE_TOOBIG";
    case SQLITE_CONSTRAINT:
        return "SQLITE_CONSTRAINT";
    case SQLITE_MISMATCH:
        return "SQLITE_MISMATCH";
    case SQLITE_MISUSE:
        return "SQLITE_MISUSE";
    case SQLITE_RANGE:
        return "SQLITE_RANGE";
    case SQLITE_NOTADB:
        return "SQLITE_NOTADB";
    default:
        return "SQLITE_UNKNOWN";
    }
}

namespace {

// Builds "<file>: <context>: <message> (<CODE>)".
Error makeError(const std::filesystem::path &path, std::string_view context, int code,
                const char *message)
{
    std::string text = path.string();
    if (!context.empty()) {
        text += ": ";
        text += context;
    }
    text += ": ";
    text += message != nullptr ? message : sqlite3_errstr(code);
    text += " (";
    text += sqliteCodeName(code);
    text += ')';
    return Error{std::move(text)};
}

} // namespace

// --- SqliteDatabase ------------------------------------------------------------------------

SqliteDatabase::SqliteDatabase(sqlite3 *db, std::filesystem::path path)
    : m_db(db)
    , m_path(std::move(path))
{}

SqliteDatabase::~SqliteDatabase()
{
    close();
}

SqliteDatabase::SqliteDatabase(SqliteDatabase &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
{}

SqliteDatabase &SqliteDatabase::operator=(SqliteDatabase &&other) noexcept
{
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

void SqliteDatabase::close()
{
    if (m_db != nullptr) {
        // sqlite3_close_v2 defers the close until every statement is finalized, so the order in
        // which owners destroy statements and the connection does not matter.
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

Result<SqliteDatabase> SqliteDatabase::open(const std::filesystem::path &file, OpenMode mode)
{
    int flags = SQLITE_OPEN_NOMUTEX; // one thread per connection, see the header
    switch (mode) {
    case OpenMode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case OpenMode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case OpenMode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error error = makeError(file, "open", rc, db != nullptr ? sqlite3_errmsg(db) : nullptr);
        sqlite3_close_v2(db);
        return error;
    }
    sqlite3_extended_result_codes(db, 1);
    // Another connection (a reader while the recorder writes, a checkpoint) may hold a lock
    // briefly; wait for it instead of failing.
    sqlite3_busy_timeout(db, 5000);
    return SqliteDatabase(db, file);
}

Error SqliteDatabase::error(std::string_view context, int code) const
{
    return makeError(m_path, context, code, m_db != nullptr ? sqlite3_errmsg(m_db) : nullptr);
}

Error SqliteDatabase::error(std::string_view context) const
{
    return error(context, m_db != nullptr ? sqlite3_extended_errcode(m_db) : SQLITE_MISUSE);
}

Status SqliteDatabase::exec(std::string_view sql, std::string_view context)
{
    if (m_db == nullptr)
        return makeError(m_path, context, SQLITE_MISUSE, "database is not open");
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return error(context.empty() ? std::string_view(text) : context, rc);
    return Status::success();
}

Result<SqliteStatement> SqliteDatabase::prepare(std::string_view sql) const
{
    if (m_db == nullptr)
        return makeError(m_path, sql, SQLITE_MISUSE, "database is not open");
    sqlite3_stmt *statement = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        return error(std::string("prepare \"") + std::string(sql) + '"', rc);
    }
    return SqliteStatement(statement, this);
}

Result<std::optional<std::int64_t>> SqliteDatabase::queryInt(std::string_view sql) const
{
    auto statement = prepare(sql);
    if (!statement)
        return statement.error();
    auto row = statement.value().step();
    if (!row)
        return row.error();
    if (!row.value() || statement.value().isNull(0))
        return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{statement.value().columnInt64(0)};
}

// --- SqliteStatement -----------------------------------------------------------------------

SqliteStatement::SqliteStatement(sqlite3_stmt *statement, const SqliteDatabase *database)
    : m_statement(statement)
    , m_db(database->handle())
    , m_path(database->path())
{}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_statement(std::exchange(other.m_statement, nullptr))
    , m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
{}

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_statement = std::exchange(other.m_statement, nullptr);
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
    }
    return *this;
}

void SqliteStatement::bindInt64(int index, std::int64_t value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bindDouble(int index, double value)
{
    sqlite3_bind_double(m_statement, index, value);
}

void SqliteStatement::bindText(int index, std::string_view text)
{
    sqlite3_bind_text64(m_statement, index, text.data(), text.size(), SQLITE_TRANSIENT,
                        SQLITE_UTF8);
}

void SqliteStatement::bindBlobStatic(int index, std::span<const std::uint8_t> data)
{
    // An empty span may carry a null pointer, which SQLite would store as NULL, not a blob.
    static const std::uint8_t empty = 0;
    sqlite3_bind_blob64(m_statement, index, data.empty() ? &empty : data.data(), data.size(),
                        SQLITE_STATIC);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

Result<bool> SqliteStatement::step()
{
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const char *sql = sqlite3_sql(m_statement);
    std::string context = "step \"";
    context += sql != nullptr ? sql : "";
    context += '"';
    Error error = makeError(m_path, context, rc, sqlite3_errmsg(m_db));
    sqlite3_reset(m_statement);
    return error;
}

Status SqliteStatement::run()
{
    auto result = step();
    sqlite3_reset(m_statement);
    if (!result)
        return result.error();
    return Status::success();
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

std::int64_t SqliteStatement::columnInt64(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

double SqliteStatement::columnDouble(int column) const
{
    return sqlite3_column_double(m_statement, column);
}

std::string SqliteStatement::columnText(int column) const
{
    const unsigned char *text = sqlite3_column_text(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    if (text == nullptr)
        return {};
    return std::string(reinterpret_cast<const char *>(text), static_cast<std::size_t>(size));
}

std::span<const std::uint8_t> SqliteStatement::columnBlob(int column) const
{
    const void *data = sqlite3_column_blob(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    if (data == nullptr || size <= 0)
        return {};
    return {static_cast<const std::uint8_t *>(data), static_cast<std::size_t>(size)};
}

// --- SqliteTransaction ---------------------------------------------------------------------

Result<SqliteTransaction> SqliteTransaction::begin(SqliteDatabase &database)
{
    Status status = database.exec("SAVEPOINT mag7", "begin transaction");
    if (!status)
        return Error{status.message()};
    return SqliteTransaction(&database);
}

SqliteTransaction::~SqliteTransaction()
{
    rollback();
}

SqliteTransaction::SqliteTransaction(SqliteTransaction &&other) noexcept
    : m_database(std::exchange(other.m_database, nullptr))
{}

SqliteTransaction &SqliteTransaction::operator=(SqliteTransaction &&other) noexcept
{
    if (this != &other) {
        rollback();
        m_database = std::exchange(other.m_database, nullptr);
    }
    return *this;
}

Status SqliteTransaction::commit()
{
    if (m_database == nullptr)
        return Error{"commit: no active transaction"};
    Status status = m_database->exec("RELEASE mag7", "commit");
    if (!status) {
        rollback();
        return status;
    }
    m_database = nullptr;
    return status;
}

void SqliteTransaction::rollback()
{
    if (m_database == nullptr)
        return;
    // After some errors (SQLITE_FULL, SQLITE_IOERR) SQLite has already rolled the whole
    // transaction back and the savepoint no longer exists; the failure is then harmless.
    if (sqlite3_get_autocommit(m_database->handle()) == 0)
        (void)m_database->exec("ROLLBACK TO mag7; RELEASE mag7", "rollback");
    m_database = nullptr;
}

} // namespace mag7::storage
