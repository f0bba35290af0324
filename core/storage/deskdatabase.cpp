#include "storage/deskdatabase.h"

#include "logging/logging.h"
#include "storage/deskmigrations.h"
#include "storage/sqlitedatabase.h"

#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <system_error>

namespace mag7::storage {

namespace {

Result<Date> dateColumn(const SqliteStatement &s, int column, const std::filesystem::path &file)
{
    const std::string text = s.columnText(column);
    const auto date = parseDate(text);
    if (!date)
        return Error{file.string() + ": bad date '" + text + "'"};
    return *date;
}

std::optional<MarketEventKind> eventKindFromName(std::string_view name)
{
    for (auto kind : {MarketEventKind::Earnings, MarketEventKind::Fomc, MarketEventKind::Cpi})
        if (name == marketEventKindName(kind))
            return kind;
    return std::nullopt;
}

// Steps `s` to the end, calling `row` for each row.
template <class RowFunction>
Status forEachRow(SqliteStatement &s, RowFunction row)
{
    while (true) {
        auto step = s.step();
        if (!step) {
            s.reset();
            return step.error();
        }
        if (!step.value())
            break;
        if (Status status = row(); !status) {
            s.reset();
            return status;
        }
    }
    s.reset();
    return Status::success();
}

// --- named values as JSON -------------------------------------------------------------------

void appendJsonString(std::string &out, std::string_view text)
{
    out += '"';
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (u < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
            out += buffer;
        } else {
            out += c;
        }
    }
    out += '"';
}

// {"name": value, ...} in the given order; non-finite values become null.
std::string namedValuesJson(std::span<const DeskDatabase::NamedValue> values)
{
    std::string out = "{";
    for (const auto &v : values) {
        if (out.size() > 1)
            out += ',';
        appendJsonString(out, v.name);
        out += ':';
        if (std::isfinite(v.value)) {
            char buffer[32];
            const auto end = std::to_chars(buffer, buffer + sizeof buffer, v.value);
            out.append(buffer, end.ptr);
        } else {
            out += "null";
        }
    }
    out += '}';
    return out;
}

// Reads what namedValuesJson wrote (a flat object of string keys and numbers or null).
class NamedValuesParser {
public:
    explicit NamedValuesParser(std::string_view text)
        : m_text(text)
    {}

    std::optional<std::vector<DeskDatabase::NamedValue>> parse()
    {
        std::vector<DeskDatabase::NamedValue> out;
        if (!consume('{'))
            return std::nullopt;
        if (consume('}'))
            return atEnd() ? std::optional(out) : std::nullopt;
        while (true) {
            DeskDatabase::NamedValue value;
            auto name = string();
            if (!name || !consume(':'))
                return std::nullopt;
            value.name = std::move(*name);
            auto number = numberOrNull();
            if (!number)
                return std::nullopt;
            value.value = *number;
            out.push_back(std::move(value));
            if (consume(','))
                continue;
            if (consume('}'))
                break;
            return std::nullopt;
        }
        return atEnd() ? std::optional(out) : std::nullopt;
    }

private:
    void skipSpace()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\n' ||
                                         m_text[m_pos] == '\t' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool consume(char c)
    {
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool atEnd()
    {
        skipSpace();
        return m_pos == m_text.size();
    }
    std::optional<std::string> string()
    {
        if (!consume('"'))
            return std::nullopt;
        std::string out;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size())
                return std::nullopt;
            const char e = m_text[m_pos++];
            switch (e) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'u': {
                unsigned code = 0;
                if (m_pos + 4 > m_text.size())
                    return std::nullopt;
                const auto r =
                    std::from_chars(m_text.data() + m_pos, m_text.data() + m_pos + 4, code, 16);
                if (r.ptr != m_text.data() + m_pos + 4 || code >= 0x80)
                    return std::nullopt;
                out += static_cast<char>(code);
                m_pos += 4;
                break;
            }
            default:
                out += e;
                break;
            }
        }
        return std::nullopt;
    }
    std::optional<double> numberOrNull()
    {
        skipSpace();
        if (m_text.substr(m_pos, 4) == "null") {
            m_pos += 4;
            return std::numeric_limits<double>::quiet_NaN();
        }
        double value = 0;
        const auto r = std::from_chars(m_text.data() + m_pos, m_text.data() + m_text.size(), value);
        if (r.ec != std::errc{})
            return std::nullopt;
        m_pos = static_cast<std::size_t>(r.ptr - m_text.data());
        return value;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

Result<std::vector<DeskDatabase::NamedValue>>
namedValuesColumn(const SqliteStatement &s, int column, const std::filesystem::path &file)
{
    const std::string text = s.columnText(column);
    auto values = NamedValuesParser(text).parse();
    if (!values)
        return Error{file.string() + ": bad inputs JSON '" + text + "'"};
    return std::move(*values);
}

void bindPrice(SqliteStatement &s, int index, double value)
{
    if (std::isfinite(value))
        s.bindDouble(index, value);
    else
        s.bindNull(index);
}

double priceColumn(const SqliteStatement &s, int column)
{
    return s.isNull(column) ? std::numeric_limits<double>::quiet_NaN() : s.columnDouble(column);
}

} // namespace

class DeskDatabase::Impl {
public:
    SqliteDatabase db;
    int version = 0;
    // Prepared once per SQL text; the keys are the string literals below.
    std::map<const char *, SqliteStatement> statements;

    Result<SqliteStatement *> statement(const char *sql)
    {
        auto it = statements.find(sql);
        if (it == statements.end()) {
            auto prepared = db.prepare(sql);
            if (!prepared)
                return prepared.error();
            it = statements.emplace(sql, std::move(prepared).value()).first;
        }
        it->second.reset();
        return &it->second;
    }

    // Runs `bind` + step for each item inside one transaction.
    template <class Items, class Bind>
    Status writeAll(const char *sql, const Items &items, Bind bind)
    {
        auto s = statement(sql);
        if (!s)
            return s.error();
        auto transaction = SqliteTransaction::begin(db);
        if (!transaction)
            return transaction.error();
        for (const auto &item : items) {
            bind(*s.value(), item);
            if (Status status = s.value()->run(); !status)
                return status;
        }
        return transaction.value().commit();
    }

    // Steps an INSERT ... RETURNING id and returns the id.
    static Result<std::int64_t> insertedId(SqliteStatement &q)
    {
        std::int64_t id = 0;
        Status status = forEachRow(q, [&]() -> Status {
            id = q.columnInt64(0);
            return Status::success();
        });
        if (!status)
            return Error{status.message()};
        return id;
    }

    // Rows of `sql` (selecting id, time, ... with ?1 <= time < ?2); `read` fills the rest.
    template <class Record, class Read>
    Result<std::vector<Record>> rowsBetween(const char *sql, Timestamp from, Timestamp to,
                                            Read read)
    {
        auto s = statement(sql);
        if (!s)
            return s.error();
        SqliteStatement &q = *s.value();
        q.bindInt64(1, from);
        q.bindInt64(2, to);
        std::vector<Record> out;
        Status status = forEachRow(q, [&]() -> Status {
            Record r;
            r.id = q.columnInt64(0);
            r.time = q.columnInt64(1);
            if (Status readStatus = read(q, r); !readStatus)
                return readStatus;
            out.push_back(std::move(r));
            return Status::success();
        });
        if (!status)
            return Error{status.message()};
        return out;
    }
};

DeskDatabase::DeskDatabase(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}

DeskDatabase::~DeskDatabase() = default;

int DeskDatabase::latestSchemaVersion()
{
    return deskMigrations().back().version;
}

Result<std::unique_ptr<DeskDatabase>> DeskDatabase::open(const std::filesystem::path &file)
{
    return open(file, latestSchemaVersion());
}

Result<std::unique_ptr<DeskDatabase>> DeskDatabase::open(const std::filesystem::path &file,
                                                         int targetSchemaVersion)
{
    auto log = logging::get("storage");
    std::error_code ec;
    if (file.has_parent_path())
        std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
        return Error{file.string() + ": cannot create directory " + file.parent_path().string() +
                     ": " + ec.message()};
    auto db = SqliteDatabase::open(file, SqliteDatabase::OpenMode::ReadWriteCreate);
    if (!db)
        return db.error();
    auto impl = std::make_unique<Impl>();
    impl->db = std::move(db).value();
    auto version = impl->db.queryInt("PRAGMA user_version");
    if (!version) {
        if (version.message().find("(SQLITE_NOTADB)") != std::string::npos)
            return Error{file.string() + ": not a SQLite database"};
        return version.error();
    }
    impl->version = static_cast<int>(version.value().value_or(0));
    if (impl->version > latestSchemaVersion())
        return Error{file.string() + ": desk database schema version " +
                     std::to_string(impl->version) + " is newer than this build supports (" +
                     std::to_string(latestSchemaVersion()) + "); update Mag7 Desk"};
    if (Status s = impl->db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                 "PRAGMA foreign_keys=ON",
                                 "configure");
        !s)
        return Error{s.message()};

    for (const DeskMigration &migration : deskMigrations()) {
        if (migration.version <= impl->version || migration.version > targetSchemaVersion)
            continue;
        auto transaction = SqliteTransaction::begin(impl->db);
        if (!transaction)
            return transaction.error();
        const std::string context = "migration to version " + std::to_string(migration.version);
        if (Status s = impl->db.exec(migration.sql, context); !s)
            return Error{s.message()};
        if (Status s =
                impl->db.exec("PRAGMA user_version=" + std::to_string(migration.version), context);
            !s)
            return Error{s.message()};
        if (Status s = transaction.value().commit(); !s)
            return Error{s.message()};
        impl->version = migration.version;
        log->info("{}: migrated desk database to version {} ({})", file.string(), migration.version,
                  migration.description);
    }
    return std::unique_ptr<DeskDatabase>(new DeskDatabase(std::move(impl)));
}

int DeskDatabase::schemaVersion() const
{
    return m_impl->version;
}
const std::filesystem::path &DeskDatabase::path() const
{
    return m_impl->db.path();
}

// --- instruments ---------------------------------------------------------------------------

Status DeskDatabase::upsertInstruments(std::span<const Instrument> instruments)
{
    static constexpr const char *sql =
        "INSERT INTO instruments(symbol, kind, underlying, expiry, option_right, strike, "
        "multiplier, tick_size) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(symbol) DO "
        "UPDATE SET kind = excluded.kind, underlying = excluded.underlying, expiry = "
        "excluded.expiry, option_right = excluded.option_right, strike = excluded.strike, "
        "multiplier = excluded.multiplier, tick_size = excluded.tick_size";
    return m_impl->writeAll(sql, instruments, [](SqliteStatement &s, const Instrument &i) {
        s.bindText(1, i.symbol);
        s.bindText(2, instrumentKindName(i.kind));
        if (i.underlying.empty())
            s.bindNull(3);
        else
            s.bindText(3, i.underlying);
        if (i.expiry.ok())
            s.bindText(4, formatDate(i.expiry));
        else
            s.bindNull(4);
        if (i.isOption())
            s.bindText(5, i.right == OptionRight::Put ? "P" : "C");
        else
            s.bindNull(5);
        s.bindInt64(6, i.strike);
        s.bindDouble(7, i.multiplier);
        s.bindInt64(8, i.tickSize);
    });
}

Result<std::vector<Instrument>> DeskDatabase::instruments() const
{
    auto s = m_impl->statement("SELECT symbol, kind, underlying, expiry, option_right, strike, "
                               "multiplier, tick_size FROM instruments ORDER BY rowid");
    if (!s)
        return s.error();
    SqliteStatement &q = *s.value();
    std::vector<Instrument> out;
    Status status = forEachRow(q, [&]() -> Status {
        Instrument i;
        i.symbol = q.columnText(0);
        const auto kind = instrumentKindFromName(q.columnText(1));
        if (!kind)
            return Error{path().string() + ": unknown instrument kind '" + q.columnText(1) +
                         "' for " + i.symbol};
        i.kind = *kind;
        i.underlying = q.columnText(2);
        if (!q.isNull(3)) {
            auto expiry = dateColumn(q, 3, path());
            if (!expiry)
                return Error{expiry.message()};
            i.expiry = expiry.value();
        }
        i.right = q.columnText(4) == "P" ? OptionRight::Put : OptionRight::Call;
        i.strike = q.columnInt64(5);
        i.multiplier = q.columnDouble(6);
        i.tickSize = q.columnInt64(7);
        out.push_back(std::move(i));
        return Status::success();
    });
    if (!status)
        return Error{status.message()};
    return out;
}

// --- daily bars ----------------------------------------------------------------------------

Status DeskDatabase::writeDailyBars(std::string_view symbol, std::span<const DailyBar> bars)
{
    static constexpr const char *sql =
        "INSERT OR REPLACE INTO daily_bars(symbol, date, open, high, low, close, volume) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    return m_impl->writeAll(sql, bars, [symbol](SqliteStatement &s, const DailyBar &b) {
        s.bindText(1, symbol);
        s.bindText(2, formatDate(b.date));
        s.bindDouble(3, b.open);
        s.bindDouble(4, b.high);
        s.bindDouble(5, b.low);
        s.bindDouble(6, b.close);
        s.bindInt64(7, b.volume);
    });
}

namespace {
Result<std::vector<DailyBar>> collectDailyBars(SqliteStatement &q,
                                               const std::filesystem::path &file)
{
    std::vector<DailyBar> out;
    Status status = forEachRow(q, [&]() -> Status {
        auto date = dateColumn(q, 0, file);
        if (!date)
            return Error{date.message()};
        out.push_back(DailyBar{date.value(), q.columnDouble(1), q.columnDouble(2),
                               q.columnDouble(3), q.columnDouble(4), q.columnInt64(5)});
        return Status::success();
    });
    if (!status)
        return Error{status.message()};
    return out;
}
} // namespace

Result<std::vector<DailyBar>> DeskDatabase::dailyBars(std::string_view symbol, Date from,
                                                      Date to) const
{
    auto s = m_impl->statement("SELECT date, open, high, low, close, volume FROM daily_bars "
                               "WHERE symbol = ?1 AND date >= ?2 AND date <= ?3 ORDER BY date");
    if (!s)
        return s.error();
    s.value()->bindText(1, symbol);
    s.value()->bindText(2, formatDate(from));
    s.value()->bindText(3, formatDate(to));
    return collectDailyBars(*s.value(), path());
}

Result<std::optional<DailyBar>> DeskDatabase::lastDailyBarBefore(std::string_view symbol,
                                                                 Date date) const
{
    auto s = m_impl->statement("SELECT date, open, high, low, close, volume FROM daily_bars "
                               "WHERE symbol = ?1 AND date < ?2 ORDER BY date DESC LIMIT 1");
    if (!s)
        return s.error();
    s.value()->bindText(1, symbol);
    s.value()->bindText(2, formatDate(date));
    auto bars = collectDailyBars(*s.value(), path());
    if (!bars)
        return bars.error();
    if (bars.value().empty())
        return std::optional<DailyBar>{};
    return std::optional<DailyBar>{bars.value().front()};
}

// --- minute bars ---------------------------------------------------------------------------

Status DeskDatabase::writeMinuteBars(std::string_view symbol, std::span<const Bar> bars)
{
    static constexpr const char *sql =
        "INSERT OR REPLACE INTO minute_bars(symbol, start, open, high, low, close, volume) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    return m_impl->writeAll(sql, bars, [symbol](SqliteStatement &s, const Bar &b) {
        s.bindText(1, symbol);
        s.bindInt64(2, b.start);
        s.bindDouble(3, b.open);
        s.bindDouble(4, b.high);
        s.bindDouble(5, b.low);
        s.bindDouble(6, b.close);
        s.bindInt64(7, b.volume);
    });
}

Result<std::vector<Bar>> DeskDatabase::minuteBars(std::string_view symbol, Timestamp from,
                                                  Timestamp to) const
{
    auto s = m_impl->statement("SELECT start, open, high, low, close, volume FROM minute_bars "
                               "WHERE symbol = ?1 AND start >= ?2 AND start < ?3 ORDER BY start");
    if (!s)
        return s.error();
    SqliteStatement &q = *s.value();
    q.bindText(1, symbol);
    q.bindInt64(2, from);
    q.bindInt64(3, to);
    std::vector<Bar> out;
    Status status = forEachRow(q, [&]() -> Status {
        out.push_back(Bar{q.columnInt64(0), q.columnDouble(1), q.columnDouble(2), q.columnDouble(3),
                          q.columnDouble(4), q.columnInt64(5)});
        return Status::success();
    });
    if (!status)
        return Error{status.message()};
    return out;
}

// --- IV history ----------------------------------------------------------------------------

Status DeskDatabase::writeIvHistory(std::string_view symbol, std::span<const IvPoint> points)
{
    static constexpr const char *sql =
        "INSERT OR REPLACE INTO iv_history(symbol, date, atm_iv) VALUES(?1, ?2, ?3)";
    return m_impl->writeAll(sql, points, [symbol](SqliteStatement &s, const IvPoint &p) {
        s.bindText(1, symbol);
        s.bindText(2, formatDate(p.date));
        s.bindDouble(3, p.atmIv);
    });
}

Result<std::vector<IvPoint>> DeskDatabase::ivHistory(std::string_view symbol, Date from,
                                                     Date to) const
{
    auto s = m_impl->statement("SELECT date, atm_iv FROM iv_history WHERE symbol = ?1 AND "
                               "date >= ?2 AND date <= ?3 ORDER BY date");
    if (!s)
        return s.error();
    SqliteStatement &q = *s.value();
    q.bindText(1, symbol);
    q.bindText(2, formatDate(from));
    q.bindText(3, formatDate(to));
    std::vector<IvPoint> out;
    Status status = forEachRow(q, [&]() -> Status {
        auto date = dateColumn(q, 0, path());
        if (!date)
            return Error{date.message()};
        out.push_back(IvPoint{date.value(), q.columnDouble(1)});
        return Status::success();
    });
    if (!status)
        return Error{status.message()};
    return out;
}

// --- events --------------------------------------------------------------------------------

Status DeskDatabase::writeOpenInterest(Date tradingDate, std::span<const OpenInterest> entries)
{
    static constexpr const char *sql = "INSERT OR REPLACE INTO open_interest(trading_date, "
                                       "symbol, open_interest) VALUES(?1, ?2, ?3)";
    const std::string date = formatDate(tradingDate);
    return m_impl->writeAll(sql, entries, [&date](SqliteStatement &s, const OpenInterest &e) {
        s.bindText(1, date);
        s.bindText(2, e.symbol);
        s.bindInt64(3, e.contracts);
    });
}

Result<std::vector<DeskDatabase::OpenInterest>> DeskDatabase::openInterest(Date tradingDate) const
{
    auto s = m_impl->statement("SELECT symbol, open_interest FROM open_interest WHERE "
                               "trading_date = ?1 ORDER BY symbol");
    if (!s)
        return s.error();
    SqliteStatement &q = *s.value();
    q.bindText(1, formatDate(tradingDate));
    std::vector<OpenInterest> out;
    Status status = forEachRow(q, [&]() -> Status {
        out.push_back(OpenInterest{q.columnText(0), q.columnInt64(1)});
        return Status::success();
    });
    if (!status)
        return Error{status.message()};
    return out;
}

Status DeskDatabase::writeEvents(std::span<const MarketEvent> events)
{
    static constexpr const char *sql =
        "INSERT OR REPLACE INTO events(kind, symbol, date, time, expected_move) "
        "VALUES(?1, ?2, ?3, ?4, ?5)";
    return m_impl->writeAll(sql, events, [](SqliteStatement &s, const MarketEvent &e) {
        s.bindText(1, marketEventKindName(e.kind));
        s.bindText(2, e.symbol);
        s.bindText(3, formatDate(e.date));
        s.bindInt64(4, e.time);
        s.bindDouble(5, e.expectedMove);
    });
}

Result<std::vector<MarketEvent>> DeskDatabase::events(Date from, Date to) const
{
    auto s = m_impl->statement("SELECT kind, symbol, date, time, expected_move FROM events "
                               "WHERE date >= ?1 AND date <= ?2 ORDER BY date, time, kind, "
                               "symbol");
    if (!s)
        return s.error();
    SqliteStatement &q = *s.value();
    q.bindText(1, formatDate(from));
    q.bindText(2, formatDate(to));
    std::vector<MarketEvent> out;
    Status status = forEachRow(q, [&]() -> Status {
        const auto kind = eventKindFromName(q.columnText(0));
        if (!kind)
            return Error{path().string() + ": unknown event kind '" + q.columnText(0) + "'"};
        auto date = dateColumn(q, 2, path());
        if (!date)
            return Error{date.message()};
        out.push_back(
            MarketEvent{*kind, q.columnText(1), date.value(), q.columnInt64(3), q.columnDouble(4)});
        return Status::success();
    });
    if (!status)
        return Error{status.message()};
    return out;
}

// --- signals and alerts ---------------------------------------------------------------------

Result<std::int64_t> DeskDatabase::writeSignal(const SignalRecord &signal)
{
    auto s = m_impl->statement(
        "INSERT INTO signals(time, symbol, playbook, side, reason, price, stop, target, inputs, "
        "thresholds) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
    if (!s)
        return s.error();
    SqliteStatement &q = *s.value();
    q.bindInt64(1, signal.time);
    q.bindText(2, signal.symbol);
    q.bindText(3, signal.playbook);
    q.bindText(4, signal.side);
    q.bindText(5, signal.reason);
    bindPrice(q, 6, signal.price);
    bindPrice(q, 7, signal.stop);
    bindPrice(q, 8, signal.target);
    q.bindText(9, namedValuesJson(signal.inputs));
    q.bindText(10, namedValuesJson(signal.thresholds));
    return Impl::insertedId(q);
}

Result<std::vector<DeskDatabase::SignalRecord>> DeskDatabase::signalsBetween(Timestamp from,
                                                                             Timestamp to) const
{
    static constexpr const char *sql =
        "SELECT id, time, symbol, playbook, side, reason, price, stop, target, inputs, "
        "thresholds FROM signals WHERE time >= ?1 AND time < ?2 ORDER BY time, id";
    return m_impl->rowsBetween<SignalRecord>(
        sql, from, to, [this](const SqliteStatement &q, SignalRecord &r) -> Status {
            r.symbol = q.columnText(2);
            r.playbook = q.columnText(3);
            r.side = q.columnText(4);
            r.reason = q.columnText(5);
            r.price = priceColumn(q, 6);
            r.stop = priceColumn(q, 7);
            r.target = priceColumn(q, 8);
            auto inputs = namedValuesColumn(q, 9, path());
            if (!inputs)
                return inputs.error();
            auto thresholds = namedValuesColumn(q, 10, path());
            if (!thresholds)
                return thresholds.error();
            r.inputs = std::move(inputs).value();
            r.thresholds = std::move(thresholds).value();
            return Status::success();
        });
}

Result<std::int64_t> DeskDatabase::writeAlert(const AlertRecord &alert)
{
    auto s = m_impl->statement(
        "INSERT INTO alerts(time, kind, symbol, title, body, inputs, key, suppressed, "
        "webhook_status) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
    if (!s)
        return s.error();
    SqliteStatement &q = *s.value();
    q.bindInt64(1, alert.time);
    q.bindText(2, alert.kind);
    q.bindText(3, alert.symbol);
    q.bindText(4, alert.title);
    q.bindText(5, alert.body);
    q.bindText(6, namedValuesJson(alert.inputs));
    q.bindText(7, alert.key);
    q.bindInt64(8, alert.suppressed ? 1 : 0);
    q.bindText(9, alert.webhookStatus);
    return Impl::insertedId(q);
}

Status DeskDatabase::setAlertWebhookStatus(std::int64_t id, std::string_view status)
{
    auto s = m_impl->statement("UPDATE alerts SET webhook_status = ?2 WHERE id = ?1");
    if (!s)
        return s.error();
    s.value()->bindInt64(1, id);
    s.value()->bindText(2, status);
    if (Status run = s.value()->run(); !run)
        return run;
    if (sqlite3_changes(m_impl->db.handle()) == 0)
        return Error{path().string() + ": no alert with id " + std::to_string(id)};
    return Status::success();
}

Result<std::vector<DeskDatabase::AlertRecord>> DeskDatabase::alertsBetween(Timestamp from,
                                                                           Timestamp to) const
{
    static constexpr const char *sql =
        "SELECT id, time, kind, symbol, title, body, inputs, key, suppressed, webhook_status "
        "FROM alerts WHERE time >= ?1 AND time < ?2 ORDER BY time, id";
    return m_impl->rowsBetween<AlertRecord>(
        sql, from, to, [this](const SqliteStatement &q, AlertRecord &r) -> Status {
            r.kind = q.columnText(2);
            r.symbol = q.columnText(3);
            r.title = q.columnText(4);
            r.body = q.columnText(5);
            auto inputs = namedValuesColumn(q, 6, path());
            if (!inputs)
                return inputs.error();
            r.inputs = std::move(inputs).value();
            r.key = q.columnText(7);
            r.suppressed = q.columnInt64(8) != 0;
            r.webhookStatus = q.columnText(9);
            return Status::success();
        });
}

// --- settings ------------------------------------------------------------------------------

Status DeskDatabase::setSetting(std::string_view key, std::string_view value)
{
    auto s = m_impl->statement("INSERT OR REPLACE INTO settings(key, value) VALUES(?1, ?2)");
    if (!s)
        return s.error();
    s.value()->bindText(1, key);
    s.value()->bindText(2, value);
    return s.value()->run();
}

Result<std::optional<std::string>> DeskDatabase::setting(std::string_view key) const
{
    auto s = m_impl->statement("SELECT value FROM settings WHERE key = ?1");
    if (!s)
        return s.error();
    SqliteStatement &q = *s.value();
    q.bindText(1, key);
    std::optional<std::string> value;
    Status status = forEachRow(q, [&]() -> Status {
        value = q.columnText(0);
        return Status::success();
    });
    if (!status)
        return Error{status.message()};
    return value;
}

Status DeskDatabase::transaction(const std::function<Status()> &work)
{
    auto transaction = SqliteTransaction::begin(m_impl->db);
    if (!transaction)
        return transaction.error();
    Status status = work();
    if (!status) {
        transaction.value().rollback();
        return status;
    }
    return transaction.value().commit();
}

} // namespace mag7::storage
