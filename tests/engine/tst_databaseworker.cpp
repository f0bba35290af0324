// DatabaseWorker: tasks run in order on the worker's own thread with its connection; stop()
// drains; an unusable database file is a clear start() error.
#include "engine/databaseworker.h"
#include "storage/deskdatabase.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace mag7;
using namespace mag7::engine;

class TestDatabaseWorker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsTasksInOrderOnItsThread();
    void unusableFileIsAnError();
};

void TestDatabaseWorker::runsTasksInOrderOnItsThread()
{
    QTemporaryDir dir;
    const std::filesystem::path file = dir.filePath(QStringLiteral("desk.sqlite")).toStdString();
    DatabaseWorker worker(file);
    QVERIFY(worker.start().ok());
    std::vector<int> order;
    std::thread::id taskThread;
    for (int i = 0; i < 50; ++i) {
        worker.post([&order, &taskThread, i](storage::DeskDatabase &database) {
            order.push_back(i);
            taskThread = std::this_thread::get_id();
            QVERIFY(database.setSetting("last", std::to_string(i)).ok());
        });
    }
    worker.stop(); // drains
    QCOMPARE(order.size(), std::size_t{50});
    QVERIFY(std::is_sorted(order.begin(), order.end()));
    QVERIFY(taskThread != std::this_thread::get_id());
    auto database = storage::DeskDatabase::open(file);
    QVERIFY(database.ok());
    QCOMPARE(database.value()->setting("last").value(), std::optional<std::string>("49"));
}

void TestDatabaseWorker::unusableFileIsAnError()
{
    QTemporaryDir dir;
    QFile garbage(dir.filePath(QStringLiteral("desk.sqlite")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(4096, 'x'));
    garbage.close();
    DatabaseWorker worker(garbage.fileName().toStdString());
    const Status started = worker.start();
    QVERIFY(!started.ok());
    QVERIFY2(QString::fromStdString(started.message()).contains(QStringLiteral("desk.sqlite")),
             started.message().c_str());
    worker.stop();
}

QTEST_GUILESS_MAIN(TestDatabaseWorker)
#include "tst_databaseworker.moc"
