#pragma once
// DatabaseWorker: a thread that owns a connection to the desk database and runs the tasks posted
// to it in order (first-run history, open interest, later orders and journal), so no engine or
// GUI thread ever waits on the database.
//
// Threading: post() from any thread; tasks run on the worker thread with its connection.
// stop() runs the tasks already posted, then joins.

#include "model/result.h"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace mag7::storage {
class DeskDatabase;
}

namespace mag7::engine {

class DatabaseWorker {
public:
    using Task = std::function<void(storage::DeskDatabase &)>;

    explicit DatabaseWorker(std::filesystem::path file);
    ~DatabaseWorker();
    DatabaseWorker(const DatabaseWorker &) = delete;
    DatabaseWorker &operator=(const DatabaseWorker &) = delete;

    // Opens the database (running its migrations) on the worker thread; the error when it fails.
    Status start();
    void post(Task task);
    void stop();

private:
    void run();

    std::filesystem::path m_file;
    std::unique_ptr<storage::DeskDatabase> m_database;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Task> m_tasks;
    bool m_stopping = false;
    std::thread m_thread;
};

} // namespace mag7::engine
