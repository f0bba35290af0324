#pragma once
// The desk database (<data dir>/desk.sqlite): instruments, daily and 1-minute bars, daily ATM
// IV history, the event calendar, settings, and every signal and alert with its inputs. Later
// issues add orders, fills and the journal through new migrations. Schema changes are versioned
// migrations applied in order at open (PRAGMA user_version); a database from a newer build is
// refused with a clear error.
//
// Threading: one connection; use a DeskDatabase from one thread at a time. Open another
// instance for another thread (WAL allows concurrent readers).

#include "model/history.h"
#include "model/instrument.h"
#include "model/result.h"
#include "model/tick.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::storage {

class DeskDatabase {
public:
    // Opens (creating the file and its directory when missing) and migrates to the latest
    // schema. Errors name the file; a newer schema names both versions.
    static Result<std::unique_ptr<DeskDatabase>> open(const std::filesystem::path &file);
    // Migrates only up to `targetSchemaVersion` (tests and tools); a database already past it
    // is left as it is.
    static Result<std::unique_ptr<DeskDatabase>> open(const std::filesystem::path &file,
                                                      int targetSchemaVersion);
    ~DeskDatabase();
    DeskDatabase(const DeskDatabase &) = delete;
    DeskDatabase &operator=(const DeskDatabase &) = delete;

    static int latestSchemaVersion();
    int schemaVersion() const;
    const std::filesystem::path &path() const;

    // Instruments (non-option reference data: symbol, kind, multiplier, tick size), keyed by
    // symbol. Returned in first-insertion order with id/underlyingId = kInvalidInstrument
    // (registry ids are per process).
    Status upsertInstruments(std::span<const Instrument> instruments);
    Result<std::vector<Instrument>> instruments() const;

    // Date ranges below are inclusive: from <= date <= to.
    // Daily bars keyed by (symbol, date); writing replaces existing rows.
    Status writeDailyBars(std::string_view symbol, std::span<const DailyBar> bars);
    Result<std::vector<DailyBar>> dailyBars(std::string_view symbol, Date from, Date to) const;
    Result<std::optional<DailyBar>> lastDailyBarBefore(std::string_view symbol, Date date) const;

    // 1-minute bars keyed by (symbol, start); writing replaces existing rows.
    Status writeMinuteBars(std::string_view symbol, std::span<const Bar> bars);
    Result<std::vector<Bar>> minuteBars(std::string_view symbol, Timestamp from,
                                        Timestamp to) const; // from <= start < to

    Status writeIvHistory(std::string_view symbol, std::span<const IvPoint> points);
    Result<std::vector<IvPoint>> ivHistory(std::string_view symbol, Date from, Date to) const;

    Status writeEvents(std::span<const MarketEvent> events); // replaces same (kind, symbol, date)
    Result<std::vector<MarketEvent>> events(Date from, Date to) const; // by date, then time

    // Open interest per option contract (desk symbol) for a trading date; writing replaces.
    struct OpenInterest {
        std::string symbol;
        std::int64_t contracts = 0;
        bool operator==(const OpenInterest &) const = default;
    };
    Status writeOpenInterest(Date tradingDate, std::span<const OpenInterest> entries);
    Result<std::vector<OpenInterest>> openInterest(Date tradingDate) const; // by symbol

    // A named number (a signal's or alert's inputs and thresholds). Stored as a JSON object in
    // the given order; a NaN value is stored as null and read back as NaN.
    struct NamedValue {
        std::string name;
        double value = 0;
    };

    // Every signal a playbook emitted. Prices are dollars; NaN (no level) is stored as NULL.
    struct SignalRecord {
        std::int64_t id = 0; // assigned by writeSignal
        Timestamp time = 0;
        std::string symbol;
        std::string playbook;
        std::string side; // "long", "short", "exit"
        std::string reason;
        double price = 0;
        double stop = 0;
        double target = 0;
        std::vector<NamedValue> inputs;
        std::vector<NamedValue> thresholds;
    };
    Result<std::int64_t> writeSignal(const SignalRecord &signal); // returns the row id
    Result<std::vector<SignalRecord>> signalsBetween(Timestamp from,
                                                     Timestamp to) const; // from <= time < to

    // Every alert raised, delivered or suppressed by its cool-down, with its webhook status
    // ("" when no webhook is configured, "pending", "delivered after N attempt(s)",
    // "failed: <reason>").
    struct AlertRecord {
        std::int64_t id = 0; // assigned by writeAlert
        Timestamp time = 0;
        std::string kind; // "signal", "level", "scan", "price"
        std::string symbol;
        std::string title;
        std::string body;
        std::vector<NamedValue> inputs;
        std::string key; // de-duplication key
        bool suppressed = false;
        std::string webhookStatus;
    };
    Result<std::int64_t> writeAlert(const AlertRecord &alert); // returns the row id
    Status setAlertWebhookStatus(std::int64_t id, std::string_view status);
    Result<std::vector<AlertRecord>> alertsBetween(Timestamp from,
                                                   Timestamp to) const; // from <= time < to

    Status setSetting(std::string_view key, std::string_view value);
    Result<std::optional<std::string>> setting(std::string_view key) const;

    // Runs `work` inside one transaction (rolled back when it returns an error). The write
    // methods above may be called inside it; transactions nest (savepoints).
    Status transaction(const std::function<Status()> &work);

private:
    class Impl;
    explicit DeskDatabase(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace mag7::storage
