#include "storage/tickrecorder.h"
#include "storagetestsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace mag7;
using namespace mag7::storage;
using namespace mag7::storage::testing;

namespace {

RecorderOptions optionsFor(const QTemporaryDir &dir, std::chrono::milliseconds interval)
{
    RecorderOptions options;
    options.writer.directory = dir.filePath(QStringLiteral("ticks")).toStdString();
    options.writer.conflation.enabled = false;
    options.commitInterval = interval;
    return options;
}

std::shared_ptr<const TickBatch> batchOf(const std::vector<Tick> &ticks, std::size_t from,
                                         std::size_t count)
{
    return std::make_shared<const TickBatch>(ticks.begin() + static_cast<std::ptrdiff_t>(from),
                                             ticks.begin() +
                                                 static_cast<std::ptrdiff_t>(from + count));
}

QString describe(const RecorderStatus &s)
{
    return QStringLiteral("recording %1 received %2 written %3 dropped %4 queued %5 error '%6'")
        .arg(s.recording)
        .arg(s.ticksReceived)
        .arg(s.ticksWritten)
        .arg(s.ticksDropped)
        .arg(s.queuedTicks)
        .arg(QString::fromStdString(s.lastError));
}

} // namespace

class TestTickRecorder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordsFromManyThreads();
    void commitsOnItsOwn();
    void restartsAndAppends();
    void reportsUnwritableDirectory();
    void stopsRecordingOnFullDisk();
};

void TestTickRecorder::recordsFromManyThreads()
{
    QTemporaryDir dir;
    Universe u;
    TickRecorder recorder(u.registry, optionsFor(dir, std::chrono::milliseconds(50)));
    QVERIFY(recorder.start().ok());
    QVERIFY(recorder.start().ok()); // already recording: no-op
    // Four feeds, each time-ordered; their interleaving makes some ticks arrive late.
    constexpr int kThreads = 4;
    constexpr std::size_t kPerThread = 10000;
    std::vector<std::vector<Tick>> streams;
    for (int t = 0; t < kThreads; ++t)
        streams.push_back(randomStream(u, easternTime(2025, 1, 13, 10, 0), kPerThread,
                                       static_cast<std::uint32_t>(100 + t), 5'000'000));
    std::vector<std::thread> producers;
    for (int t = 0; t < kThreads; ++t) {
        producers.emplace_back([&, t] {
            for (std::size_t i = 0; i < kPerThread; i += 250) {
                recorder.submit(batchOf(streams[t], i, 250));
                if (i % 2000 == 0)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        });
    }
    for (auto &p : producers)
        p.join();
    recorder.submit(nullptr);                             // ignored
    recorder.submit(std::make_shared<const TickBatch>()); // ignored
    const Status flushed = recorder.flush();
    QVERIFY2(flushed.ok(), flushed.message().c_str());
    RecorderStatus status = recorder.status();
    const std::uint64_t total = kThreads * kPerThread;
    QVERIFY2(status.recording && status.ticksReceived == total && status.ticksWritten == total &&
                 status.ticksDropped == 0 && status.queuedTicks == 0 && status.lastError.empty(),
             qPrintable(describe(status)));
    QVERIFY(status.bytesOnDisk > 0);
    QVERIFY2(
        QString::fromStdString(status.currentFile).endsWith(QStringLiteral("2025-01-13.sqlite")),
        status.currentFile.c_str());

    recorder.stop();
    recorder.stop(); // idempotent
    status = recorder.status();
    QVERIFY(!status.recording);
    recorder.submit(batchOf(streams[0], 0, 10));
    QCOMPARE(recorder.status().ticksDropped, std::uint64_t{10});

    auto reader = TickDayReader::open(status.currentFile);
    QVERIFY(reader.ok());
    const auto ticks = readAll(*reader.value());
    QCOMPARE(ticks.size(), std::size_t(total));
    QVERIFY(std::is_sorted(ticks.begin(), ticks.end(),
                           [](const Tick &a, const Tick &b) { return a.ts < b.ts; }));
}

void TestTickRecorder::commitsOnItsOwn()
{
    // Without flush(), ticks become durable within about one commit interval.
    QTemporaryDir dir;
    Universe u;
    TickRecorder recorder(u.registry, optionsFor(dir, std::chrono::milliseconds(60)));
    QVERIFY(recorder.start().ok());
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 10, 0), 3000, 3);
    recorder.submit(batchOf(ticks, 0, 3000));
    QElapsedTimer timer;
    timer.start();
    while (recorder.status().ticksWritten < 3000 && timer.elapsed() < 5000)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    QVERIFY2(recorder.status().ticksWritten == 3000, qPrintable(describe(recorder.status())));
    // Another connection sees the committed ticks while the recorder keeps the file open.
    auto reader = TickDayReader::open(recorder.status().currentFile);
    QVERIFY(reader.ok());
    QCOMPARE(reader.value()->tickCount(), std::uint64_t{3000});
}

void TestTickRecorder::restartsAndAppends()
{
    QTemporaryDir dir;
    Universe u;
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 10, 0), 4000, 8);
    TickRecorder recorder(u.registry, optionsFor(dir, std::chrono::milliseconds(100)));
    QVERIFY(recorder.start().ok());
    recorder.submit(batchOf(ticks, 0, 2000));
    recorder.stop();
    QVERIFY(recorder.start().ok());
    recorder.submit(batchOf(ticks, 2000, 2000));
    QVERIFY(recorder.flush().ok());
    auto reader = TickDayReader::open(recorder.status().currentFile);
    QVERIFY(reader.ok());
    const auto back = toRegistryIds(readAll(*reader.value()), *reader.value(), u.registry);
    QVERIFY(back == ticks);
}

void TestTickRecorder::reportsUnwritableDirectory()
{
    QTemporaryDir dir;
    Universe u;
    QFile blocker(dir.filePath(QStringLiteral("ticks")));
    QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the directory should be
    blocker.close();
    TickRecorder recorder(u.registry, optionsFor(dir, std::chrono::milliseconds(100)));
    const Status started = recorder.start();
    QVERIFY(!started.ok());
    QVERIFY2(
        QString::fromStdString(started.message()).contains(dir.filePath(QStringLiteral("ticks"))),
        started.message().c_str());
    RecorderStatus status = recorder.status();
    QVERIFY(!status.recording);
    QCOMPARE(status.lastError, started.message());
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 10, 0), 100, 1);
    recorder.submit(batchOf(ticks, 0, 100));
    status = recorder.status();
    QCOMPARE(status.ticksReceived, std::uint64_t{100});
    QCOMPARE(status.ticksDropped, std::uint64_t{100});
    QCOMPARE(status.ticksWritten, std::uint64_t{0});
    QVERIFY(!recorder.flush().ok());
    recorder.stop();
}

void TestTickRecorder::stopsRecordingOnFullDisk()
{
    QTemporaryDir dir;
    Universe u;
    RecorderOptions options = optionsFor(dir, std::chrono::milliseconds(50));
    options.writer.maxFileBytes = 200 * 1024;
    TickRecorder recorder(u.registry, options);
    QVERIFY(recorder.start().ok());
    const auto ticks = randomStream(u, easternTime(2025, 1, 13, 10, 0), 150'000, 4);
    for (std::size_t i = 0; i < 100'000; i += 5000)
        recorder.submit(batchOf(ticks, i, 5000));
    const Status flushed = recorder.flush();
    QVERIFY(!flushed.ok());
    QVERIFY2(QString::fromStdString(flushed.message()).contains(QStringLiteral("SQLITE_FULL")),
             flushed.message().c_str());
    RecorderStatus status = recorder.status();
    QVERIFY2(!status.recording && status.lastError == flushed.message() &&
                 status.ticksReceived == 100'000 && status.ticksWritten < 100'000 &&
                 status.ticksDropped > 0 && status.queuedTicks == 0,
             qPrintable(describe(status)));
    // The desk keeps running: later ticks are counted as dropped.
    const std::uint64_t droppedBefore = status.ticksDropped;
    recorder.submit(batchOf(ticks, 100'000, 5000));
    status = recorder.status();
    QCOMPARE(status.ticksDropped, droppedBefore + 5000);
    QCOMPARE(status.ticksReceived, std::uint64_t{105'000});
    recorder.stop();
    QVERIFY(!recorder.status().recording);
}

QTEST_GUILESS_MAIN(TestTickRecorder)
#include "tst_tickrecorder.moc"
