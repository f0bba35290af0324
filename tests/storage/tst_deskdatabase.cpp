#include "storage/deskdatabase.h"
#include "storagetestsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <cmath>
#include <limits>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

std::unique_ptr<DeskDatabase> openDesk(const std::filesystem::path &file,
                                       int version = DeskDatabase::latestSchemaVersion())
{
    auto db = DeskDatabase::open(file, version);
    if (!db)
        qWarning("%s", db.message().c_str());
    return db ? std::move(db).value() : nullptr;
}

QString execSql(const std::filesystem::path &file, const std::string &sql)
{
    sqlite3 *db = nullptr;
    QString error;
    if (sqlite3_open(file.c_str(), &db) == SQLITE_OK) {
        char *message = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK)
            error = QString::fromUtf8(message != nullptr ? message : "error");
        sqlite3_free(message);
    }
    sqlite3_close(db);
    return error;
}

Instrument stock(const char *symbol, InstrumentKind kind = InstrumentKind::Stock)
{
    Instrument i;
    i.symbol = symbol;
    i.kind = kind;
    return i;
}

std::vector<DailyBar> dailyBars()
{
    std::vector<DailyBar> bars;
    for (int d = 6; d <= 17; ++d) {
        const Date date = makeDate(2025, 1, static_cast<unsigned>(d));
        if (isWeekend(date))
            continue;
        bars.push_back(
            DailyBar{date, 230.0 + d, 232.5 + d, 228.25 + d, 231.125 + d, 1'000'000LL * d});
    }
    return bars;
}

} // namespace

class TestDeskDatabase : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsLatestSchema();
    void migratesFromVersion1PreservingData();
    void refusesNewerSchema();
    void refusesOtherFiles();
    void roundTripsInstruments();
    void roundTripsDailyBars();
    void roundTripsMinuteBars();
    void roundTripsIvHistory();
    void roundTripsEvents();
    void roundTripsSettings();
    void roundTripsOpenInterestByTradingDate();
    void rollsBackFailedTransactions();
    void keepsDataAcrossReopen();
    void roundTripsSignals();
    void roundTripsAlertsAndWebhookStatus();
    void migratesFromVersion3ToSignalsAndAlerts();
};

void TestDeskDatabase::createsLatestSchema()
{
    QTemporaryDir dir;
    const std::filesystem::path file =
        dir.filePath(QStringLiteral("data/desk.sqlite")).toStdString();
    auto db = openDesk(file); // creates the data directory too
    QVERIFY(db);
    QCOMPARE(db->schemaVersion(), DeskDatabase::latestSchemaVersion());
    QVERIFY(DeskDatabase::latestSchemaVersion() >= 2);
    QCOMPARE(db->path(), file);
    auto none = db->dailyBars("AAPL", makeDate(2025, 1, 1), makeDate(2025, 12, 31));
    QVERIFY(none.ok() && none.value().empty());
}

void TestDeskDatabase::migratesFromVersion1PreservingData()
{
    QTemporaryDir dir;
    const std::filesystem::path file = dir.filePath(QStringLiteral("desk.sqlite")).toStdString();
    const auto bars = dailyBars();
    {
        auto v1 = openDesk(file, 1);
        QVERIFY(v1);
        QCOMPARE(v1->schemaVersion(), 1);
        QVERIFY(v1->writeDailyBars("AAPL", bars).ok());
        const Instrument instruments[] = {stock("AAPL"), stock("SPY", InstrumentKind::Etf)};
        QVERIFY(v1->upsertInstruments(instruments).ok());
        const IvPoint iv[] = {{makeDate(2025, 1, 10), 0.245}};
        QVERIFY(v1->writeIvHistory("AAPL", iv).ok());
        // Version 2 tables do not exist yet.
        QVERIFY(!v1->setSetting("layout", "x").ok());
    }
    auto latest = openDesk(file);
    QVERIFY(latest);
    QCOMPARE(latest->schemaVersion(), DeskDatabase::latestSchemaVersion());
    auto back = latest->dailyBars("AAPL", makeDate(2025, 1, 1), makeDate(2025, 1, 31));
    QVERIFY(back.ok());
    QCOMPARE(back.value(), bars);
    auto instruments = latest->instruments();
    QVERIFY(instruments.ok());
    QCOMPARE(instruments.value().size(), std::size_t{2});
    auto iv = latest->ivHistory("AAPL", makeDate(2025, 1, 1), makeDate(2025, 1, 31));
    QVERIFY(iv.ok() && iv.value().size() == 1 && iv.value()[0].atmIv == 0.245);
    QVERIFY(latest->setSetting("layout", "x").ok());
}

void TestDeskDatabase::refusesNewerSchema()
{
    QTemporaryDir dir;
    const std::filesystem::path file = dir.filePath(QStringLiteral("desk.sqlite")).toStdString();
    QVERIFY(openDesk(file));
    const int newer = DeskDatabase::latestSchemaVersion() + 5;
    QVERIFY(execSql(file, "PRAGMA user_version = " + std::to_string(newer)).isEmpty());
    auto db = DeskDatabase::open(file);
    QVERIFY(!db.ok());
    const QString message = QString::fromStdString(db.message());
    QVERIFY2(
        message.contains(QString::number(newer)) &&
            message.contains(QStringLiteral("(%1)").arg(DeskDatabase::latestSchemaVersion())) &&
            message.contains(QStringLiteral("desk.sqlite")),
        qPrintable(message));
}

void TestDeskDatabase::refusesOtherFiles()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("desk.sqlite"));
    QFile text(path);
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write(QByteArray(4096, 'z'));
    text.close();
    auto db = DeskDatabase::open(path.toStdString());
    QVERIFY(!db.ok());
    QVERIFY2(QString::fromStdString(db.message()).contains(QStringLiteral("not a SQLite database")),
             db.message().c_str());
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    auto nested =
        DeskDatabase::open(dir.filePath(QStringLiteral("file/desk.sqlite")).toStdString());
    QVERIFY(!nested.ok());
    QVERIFY(QString::fromStdString(nested.message()).contains(QStringLiteral("file/desk.sqlite")));
}

void TestDeskDatabase::roundTripsInstruments()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    Instrument es = stock("/ES", InstrumentKind::Future);
    es.multiplier = 50;
    es.tickSize = toPrice(0.25);
    es.expiry = makeDate(2025, 3, 21);
    Instrument option = stock("AAPL250117P00230000", InstrumentKind::Option);
    option.underlying = "AAPL";
    option.expiry = makeDate(2025, 1, 17);
    option.right = OptionRight::Put;
    option.strike = toPrice(230);
    option.multiplier = 100;
    const std::vector<Instrument> first = {stock("AAPL"), es, stock("VIX", InstrumentKind::Index),
                                           option};
    QVERIFY(db->upsertInstruments(first).ok());
    // Upsert: changes a row in place, keeps the order of first insertion.
    Instrument aapl = stock("AAPL");
    aapl.tickSize = toPrice(0.0001);
    const std::vector<Instrument> second = {stock("SPY", InstrumentKind::Etf), aapl};
    QVERIFY(db->upsertInstruments(second).ok());
    auto back = db->instruments();
    QVERIFY(back.ok());
    const std::vector<Instrument> &v = back.value();
    QCOMPARE(v.size(), std::size_t{5});
    QCOMPARE(v[0].symbol, std::string("AAPL"));
    QCOMPARE(v[0].tickSize, toPrice(0.0001));
    QCOMPARE(v[1].symbol, std::string("/ES"));
    QCOMPARE(v[1].kind, InstrumentKind::Future);
    QCOMPARE(v[1].multiplier, 50.0);
    QCOMPARE(v[1].tickSize, toPrice(0.25));
    QCOMPARE(v[1].expiry, makeDate(2025, 3, 21));
    QCOMPARE(v[2].kind, InstrumentKind::Index);
    QCOMPARE(v[3].underlying, std::string("AAPL"));
    QCOMPARE(v[3].right, OptionRight::Put);
    QCOMPARE(v[3].strike, toPrice(230));
    QCOMPARE(v[3].expiry, makeDate(2025, 1, 17));
    QCOMPARE(v[4].symbol, std::string("SPY"));
    QCOMPARE(v[4].kind, InstrumentKind::Etf);
    QVERIFY(!v[0].expiry.ok());
    QCOMPARE(v[0].id, kInvalidInstrument);
}

void TestDeskDatabase::roundTripsDailyBars()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    const auto bars = dailyBars();
    QVERIFY(db->writeDailyBars("AAPL", bars).ok());
    QVERIFY(db->writeDailyBars("SPY", std::span<const DailyBar>(bars.data(), 2)).ok());
    auto all = db->dailyBars("AAPL", makeDate(2025, 1, 1), makeDate(2025, 12, 31));
    QVERIFY(all.ok());
    QCOMPARE(all.value(), bars);
    // Inclusive range.
    auto middle = db->dailyBars("AAPL", makeDate(2025, 1, 8), makeDate(2025, 1, 10));
    QVERIFY(middle.ok());
    QCOMPARE(middle.value(), std::vector<DailyBar>(bars.begin() + 2, bars.begin() + 5));
    // Rewriting replaces.
    DailyBar changed = bars[3];
    changed.close = 1.5;
    QVERIFY(db->writeDailyBars("AAPL", std::span<const DailyBar>(&changed, 1)).ok());
    auto one = db->dailyBars("AAPL", changed.date, changed.date);
    QVERIFY(one.ok() && one.value().size() == 1 && one.value()[0] == changed);
    auto before = db->lastDailyBarBefore("AAPL", makeDate(2025, 1, 13));
    QVERIFY(before.ok() && before.value().has_value());
    QCOMPARE(before.value()->date, makeDate(2025, 1, 10));
    auto none = db->lastDailyBarBefore("AAPL", makeDate(2025, 1, 6));
    QVERIFY(none.ok() && !none.value().has_value());
    auto spy = db->dailyBars("SPY", makeDate(2025, 1, 1), makeDate(2025, 12, 31));
    QVERIFY(spy.ok() && spy.value().size() == 2);
}

void TestDeskDatabase::roundTripsMinuteBars()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    std::vector<Bar> bars;
    const Timestamp open = easternTime(2025, 1, 13, 9, 30);
    for (int m = 0; m < 390; ++m)
        bars.push_back(Bar{open + m * kNanosPerMinute, 230 + m * 0.01, 230.5 + m * 0.01,
                           229.75 + m * 0.01, 230.25 + m * 0.01, 1000 + m});
    QVERIFY(db->writeMinuteBars("AAPL", bars).ok());
    auto all = db->minuteBars("AAPL", open, open + kNanosPerDay);
    QVERIFY(all.ok());
    QCOMPARE(all.value(), bars);
    // from <= start < to
    auto slice = db->minuteBars("AAPL", bars[10].start, bars[20].start);
    QVERIFY(slice.ok());
    QCOMPARE(slice.value(), std::vector<Bar>(bars.begin() + 10, bars.begin() + 20));
    auto other = db->minuteBars("MSFT", open, open + kNanosPerDay);
    QVERIFY(other.ok() && other.value().empty());
}

void TestDeskDatabase::roundTripsIvHistory()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    const std::vector<IvPoint> points = {{makeDate(2025, 1, 8), 0.2512345678901234},
                                         {makeDate(2025, 1, 9), 0.26},
                                         {makeDate(2025, 1, 10), 0.31}};
    QVERIFY(db->writeIvHistory("NVDA", points).ok());
    auto back = db->ivHistory("NVDA", makeDate(2025, 1, 9), makeDate(2025, 1, 10));
    QVERIFY(back.ok());
    QCOMPARE(back.value(), std::vector<IvPoint>(points.begin() + 1, points.end()));
    auto all = db->ivHistory("NVDA", makeDate(2024, 1, 1), makeDate(2026, 1, 1));
    QVERIFY(all.ok());
    QCOMPARE(all.value(), points); // doubles survive exactly
}

void TestDeskDatabase::roundTripsEvents()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    const std::vector<MarketEvent> events = {
        {MarketEventKind::Earnings, "AAPL", makeDate(2025, 1, 30), easternTime(2025, 1, 30, 16, 5),
         0.045},
        {MarketEventKind::Fomc, "", makeDate(2025, 1, 29), easternTime(2025, 1, 29, 14, 0), 0.012},
        {MarketEventKind::Cpi, "", makeDate(2025, 1, 15), easternTime(2025, 1, 15, 8, 30), 0.009},
        {MarketEventKind::Earnings, "MSFT", makeDate(2025, 1, 29), easternTime(2025, 1, 29, 16, 5),
         0.05},
    };
    QVERIFY(db->writeEvents(events).ok());
    auto back = db->events(makeDate(2025, 1, 1), makeDate(2025, 1, 31));
    QVERIFY(back.ok());
    const std::vector<MarketEvent> byTime = {events[2], events[1], events[3], events[0]};
    QCOMPARE(back.value(), byTime);
    // Same (kind, symbol, date) replaces.
    MarketEvent moved = events[0];
    moved.expectedMove = 0.06;
    QVERIFY(db->writeEvents(std::span<const MarketEvent>(&moved, 1)).ok());
    auto late = db->events(makeDate(2025, 1, 30), makeDate(2025, 1, 30));
    QVERIFY(late.ok() && late.value().size() == 1);
    QCOMPARE(late.value()[0], moved);
}

void TestDeskDatabase::roundTripsSettings()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    auto missing = db->setting("theme");
    QVERIFY(missing.ok() && !missing.value().has_value());
    QVERIFY(db->setSetting("theme", "dark").ok());
    QVERIFY(db->setSetting("theme", "light").ok());
    const std::string binary("a\0b\xff", 4);
    QVERIFY(db->setSetting("blob", binary).ok());
    auto theme = db->setting("theme");
    QVERIFY(theme.ok() && theme.value() == std::optional<std::string>("light"));
    auto blob = db->setting("blob");
    QVERIFY(blob.ok() && blob.value() == std::optional<std::string>(binary));
}

void TestDeskDatabase::roundTripsOpenInterestByTradingDate()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    using OI = DeskDatabase::OpenInterest;
    const std::vector<OI> monday{{"SPY250113C00590000", 12000}, {"SPY250113P00580000", 8400}};
    const std::vector<OI> tuesday{{"SPY250114C00590000", 300}};
    QVERIFY(db->writeOpenInterest(makeDate(2025, 1, 13), monday).ok());
    QVERIFY(db->writeOpenInterest(makeDate(2025, 1, 14), tuesday).ok());
    auto read = db->openInterest(makeDate(2025, 1, 13));
    QVERIFY(read.ok());
    QCOMPARE(read.value(), monday);
    // Writing again replaces the day's value of a contract.
    const std::vector<OI> revised{{"SPY250113C00590000", 12500}};
    QVERIFY(db->writeOpenInterest(makeDate(2025, 1, 13), revised).ok());
    read = db->openInterest(makeDate(2025, 1, 13));
    QVERIFY(read.ok());
    QCOMPARE(read.value().front().contracts, std::int64_t{12500});
    QCOMPARE(read.value().size(), std::size_t{2});
    auto none = db->openInterest(makeDate(2025, 1, 15));
    QVERIFY(none.ok() && none.value().empty());
}

void TestDeskDatabase::rollsBackFailedTransactions()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    QVERIFY(db->setSetting("keep", "1").ok());
    const auto bars = dailyBars();
    const Status failed = db->transaction([&]() -> Status {
        if (Status s = db->writeDailyBars("AAPL", bars); !s)
            return s;
        if (Status s = db->setSetting("keep", "2"); !s)
            return s;
        return Error{"validation failed"};
    });
    QVERIFY(!failed.ok());
    QCOMPARE(failed.message(), std::string("validation failed"));
    auto afterRollback = db->dailyBars("AAPL", makeDate(2025, 1, 1), makeDate(2025, 12, 31));
    QVERIFY(afterRollback.ok() && afterRollback.value().empty());
    QCOMPARE(db->setting("keep").value(), std::optional<std::string>("1"));

    const Status committed = db->transaction([&]() -> Status {
        if (Status s = db->writeDailyBars("AAPL", bars); !s)
            return s;
        // A nested transaction that fails rolls back only itself.
        const Status inner = db->transaction([&]() -> Status {
            if (Status s = db->setSetting("keep", "3"); !s)
                return s;
            return Error{"inner"};
        });
        return inner.ok() ? Status(Error{"inner should fail"}) : db->setSetting("other", "x");
    });
    QVERIFY2(committed.ok(), committed.message().c_str());
    QCOMPARE(db->dailyBars("AAPL", makeDate(2025, 1, 1), makeDate(2025, 12, 31)).value(), bars);
    QCOMPARE(db->setting("keep").value(), std::optional<std::string>("1"));
    QCOMPARE(db->setting("other").value(), std::optional<std::string>("x"));
}

void TestDeskDatabase::keepsDataAcrossReopen()
{
    QTemporaryDir dir;
    const std::filesystem::path file = dir.filePath(QStringLiteral("desk.sqlite")).toStdString();
    {
        auto db = openDesk(file);
        QVERIFY(db);
        QVERIFY(db->setSetting("workspace", "options").ok());
    }
    auto db = openDesk(file);
    QVERIFY(db);
    QCOMPARE(db->setting("workspace").value(), std::optional<std::string>("options"));
}

void TestDeskDatabase::roundTripsSignals()
{
    QTemporaryDir dir;
    auto db = openDesk(dir.filePath(QStringLiteral("desk.sqlite")).toStdString());
    QVERIFY(db);
    const Timestamp t0 = utcMidnight(makeDate(2025, 1, 13)) + Timestamp{14} * 3'600'000'000'000;
    DeskDatabase::SignalRecord signal;
    signal.time = t0;
    signal.symbol = "NVDA";
    signal.playbook = "vwap-reclaim";
    signal.side = "long";
    signal.reason = "Closed \"0.42\" above VWAP\n138.10 on 1.8x volume.";
    signal.price = 138.52;
    signal.stop = 137.9;
    signal.target = std::numeric_limits<double>::quiet_NaN();
    signal.inputs = {{"close", 138.52},
                     {"vwap \"session\"", 138.1},
                     {"missing", std::nan("")},
                     {"tiny", 1.25e-12}};
    signal.thresholds = {{"min_rvol", 1.5}};
    auto first = db->writeSignal(signal);
    QVERIFY(first.ok());
    DeskDatabase::SignalRecord later = signal;
    later.time = t0 + 60'000'000'000;
    later.side = "exit";
    later.inputs.clear();
    later.thresholds.clear();
    auto second = db->writeSignal(later);
    QVERIFY(second.ok());
    QVERIFY(second.value() > first.value());

    auto rows = db->signalsBetween(t0, t0 + 60'000'000'000); // end exclusive
    QVERIFY(rows.ok());
    QCOMPARE(rows.value().size(), std::size_t{1});
    const auto &row = rows.value()[0];
    QCOMPARE(row.id, first.value());
    QCOMPARE(row.time, t0);
    QCOMPARE(row.reason, signal.reason);
    QCOMPARE(row.price, 138.52);
    QCOMPARE(row.stop, 137.9);
    QVERIFY(std::isnan(row.target));
    QCOMPARE(row.inputs.size(), std::size_t{4});
    QCOMPARE(row.inputs[1].name, std::string("vwap \"session\""));
    QCOMPARE(row.inputs[1].value, 138.1);
    QVERIFY(std::isnan(row.inputs[2].value));
    QCOMPARE(row.inputs[3].value, 1.25e-12);
    QCOMPARE(row.thresholds.size(), std::size_t{1});
    QCOMPARE(row.thresholds[0].value, 1.5);

    auto both = db->signalsBetween(t0, t0 + 120'000'000'000);
    QVERIFY(both.ok());
    QCOMPARE(both.value().size(), std::size_t{2});
    QCOMPARE(both.value()[1].side, std::string("exit"));
    QVERIFY(both.value()[1].inputs.empty());
}

void TestDeskDatabase::roundTripsAlertsAndWebhookStatus()
{
    QTemporaryDir dir;
    const std::filesystem::path file = dir.filePath(QStringLiteral("desk.sqlite")).toStdString();
    auto db = openDesk(file);
    QVERIFY(db);
    DeskDatabase::AlertRecord alert;
    alert.time = 1'000;
    alert.kind = "level";
    alert.symbol = "AAPL";
    alert.title = "AAPL touched prior-day high";
    alert.body = "Traded 243.36, prior-day high 243.35.";
    alert.inputs = {{"last", 243.36}, {"level", 243.35}};
    alert.key = "level|AAPL|pdh";
    alert.webhookStatus = "pending";
    auto id = db->writeAlert(alert);
    QVERIFY(id.ok());
    DeskDatabase::AlertRecord duplicate = alert;
    duplicate.time = 2'000;
    duplicate.suppressed = true;
    duplicate.webhookStatus.clear();
    QVERIFY(db->writeAlert(duplicate).ok());
    QVERIFY(db->setAlertWebhookStatus(id.value(), "delivered after 3 attempts").ok());
    const Status missing = db->setAlertWebhookStatus(id.value() + 100, "x");
    QVERIFY(!missing.ok());
    QVERIFY(missing.message().find(file.string()) != std::string::npos);

    auto rows = db->alertsBetween(0, 10'000);
    QVERIFY(rows.ok());
    QCOMPARE(rows.value().size(), std::size_t{2});
    const auto &first = rows.value()[0];
    QCOMPARE(first.id, id.value());
    QCOMPARE(first.kind, std::string("level"));
    QCOMPARE(first.title, alert.title);
    QCOMPARE(first.body, alert.body);
    QCOMPARE(first.key, alert.key);
    QVERIFY(!first.suppressed);
    QCOMPARE(first.webhookStatus, std::string("delivered after 3 attempts"));
    QCOMPARE(first.inputs.size(), std::size_t{2});
    QCOMPARE(first.inputs[0].name, std::string("last"));
    QCOMPARE(first.inputs[0].value, 243.36);
    QVERIFY(rows.value()[1].suppressed);
    QCOMPARE(rows.value()[1].webhookStatus, std::string());
    auto none = db->alertsBetween(3'000, 10'000);
    QVERIFY(none.ok() && none.value().empty());

    // Unreadable inputs are reported with the file.
    QCOMPARE(
        execSql(file, "UPDATE alerts SET inputs = '{bad' WHERE id = " + std::to_string(id.value())),
        QString());
    db.reset();
    db = openDesk(file);
    QVERIFY(db);
    auto broken = db->alertsBetween(0, 10'000);
    QVERIFY(!broken.ok());
    QVERIFY(broken.message().find(file.string()) != std::string::npos);
}

void TestDeskDatabase::migratesFromVersion3ToSignalsAndAlerts()
{
    QTemporaryDir dir;
    const std::filesystem::path file = dir.filePath(QStringLiteral("desk.sqlite")).toStdString();
    const DeskDatabase::OpenInterest oi[] = {{"AAPL  250117C00250000", 1200}};
    {
        auto v3 = openDesk(file, 3);
        QVERIFY(v3);
        QCOMPARE(v3->schemaVersion(), 3);
        QVERIFY(v3->writeOpenInterest(makeDate(2025, 1, 13), oi).ok());
        QVERIFY(v3->setSetting("layout", "x").ok());
        // Version 4 tables do not exist yet.
        QVERIFY(!v3->writeAlert(DeskDatabase::AlertRecord{}).ok());
        QVERIFY(!v3->signalsBetween(0, 1).ok());
    }
    auto latest = openDesk(file);
    QVERIFY(latest);
    QVERIFY(latest->schemaVersion() >= 4);
    auto kept = latest->openInterest(makeDate(2025, 1, 13));
    QVERIFY(kept.ok() && kept.value().size() == 1 && kept.value()[0] == oi[0]);
    QCOMPARE(latest->setting("layout").value(), std::optional<std::string>("x"));
    DeskDatabase::SignalRecord signal;
    signal.time = 5;
    signal.symbol = "SPY";
    signal.playbook = "ny-orb";
    signal.side = "short";
    signal.reason = "Broke the opening range low.";
    QVERIFY(latest->writeSignal(signal).ok());
    auto signalRows = latest->signalsBetween(0, 10);
    QVERIFY(signalRows.ok() && signalRows.value().size() == 1);
    QVERIFY(latest->writeAlert(DeskDatabase::AlertRecord{}).ok());
}

QTEST_GUILESS_MAIN(TestDeskDatabase)
#include "tst_deskdatabase.moc"
