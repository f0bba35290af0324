#include "storage/deskmigrations.h"

#include <array>

namespace mag7::storage {

namespace {

// Dates are ISO text ("2025-01-13", sorts as dates); timestamps are UTC nanoseconds; prices in
// bars are dollars (analytics only); instrument prices are Price units (1/10,000 dollar).
constexpr const char *kVersion1 = R"sql(
CREATE TABLE instruments(
    symbol TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    underlying TEXT,
    expiry TEXT,
    option_right TEXT,
    strike INTEGER NOT NULL DEFAULT 0,
    multiplier REAL NOT NULL,
    tick_size INTEGER NOT NULL);
CREATE TABLE daily_bars(
    symbol TEXT NOT NULL,
    date TEXT NOT NULL,
    open REAL NOT NULL,
    high REAL NOT NULL,
    low REAL NOT NULL,
    close REAL NOT NULL,
    volume INTEGER NOT NULL,
    PRIMARY KEY(symbol, date)) WITHOUT ROWID;
CREATE TABLE minute_bars(
    symbol TEXT NOT NULL,
    start INTEGER NOT NULL,
    open REAL NOT NULL,
    high REAL NOT NULL,
    low REAL NOT NULL,
    close REAL NOT NULL,
    volume INTEGER NOT NULL,
    PRIMARY KEY(symbol, start)) WITHOUT ROWID;
CREATE TABLE iv_history(
    symbol TEXT NOT NULL,
    date TEXT NOT NULL,
    atm_iv REAL NOT NULL,
    PRIMARY KEY(symbol, date)) WITHOUT ROWID;
)sql";

constexpr const char *kVersion2 = R"sql(
CREATE TABLE events(
    kind TEXT NOT NULL,
    symbol TEXT NOT NULL,
    date TEXT NOT NULL,
    time INTEGER NOT NULL,
    expected_move REAL NOT NULL,
    PRIMARY KEY(kind, symbol, date)) WITHOUT ROWID;
CREATE INDEX events_date ON events(date);
CREATE TABLE settings(
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL) WITHOUT ROWID;
)sql";

// Open interest is published once per trading date (before the open), per option contract.
constexpr const char *kVersion3 = R"sql(
CREATE TABLE open_interest(
    trading_date TEXT NOT NULL,
    symbol TEXT NOT NULL,
    open_interest INTEGER NOT NULL,
    PRIMARY KEY(trading_date, symbol)) WITHOUT ROWID;
)sql";

// Signals and alerts with their inputs (JSON objects of name: number, in order; null for a
// missing value). Alerts keep whether their cool-down suppressed them and the webhook outcome.
constexpr const char *kVersion4 = R"sql(
CREATE TABLE signals(
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    symbol TEXT NOT NULL,
    playbook TEXT NOT NULL,
    side TEXT NOT NULL,
    reason TEXT NOT NULL,
    price REAL,
    stop REAL,
    target REAL,
    inputs TEXT NOT NULL,
    thresholds TEXT NOT NULL);
CREATE INDEX signals_time ON signals(time);
CREATE TABLE alerts(
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    kind TEXT NOT NULL,
    symbol TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    inputs TEXT NOT NULL,
    key TEXT NOT NULL,
    suppressed INTEGER NOT NULL,
    webhook_status TEXT NOT NULL);
CREATE INDEX alerts_time ON alerts(time);
)sql";

constexpr std::array<DeskMigration, 4> kMigrations = {{
    {1, "instruments, daily and minute bars, IV history", kVersion1},
    {2, "event calendar and settings", kVersion2},
    {3, "open interest by trading date", kVersion3},
    {4, "signals and alerts", kVersion4},
}};

} // namespace

std::span<const DeskMigration> deskMigrations()
{
    return kMigrations;
}

} // namespace mag7::storage
