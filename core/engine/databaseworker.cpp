#include "engine/databaseworker.h"

#include "storage/deskdatabase.h"

#include <future>

namespace mag7::engine {

DatabaseWorker::DatabaseWorker(std::filesystem::path file)
    : m_file(std::move(file))
{}

DatabaseWorker::~DatabaseWorker()
{
    stop();
}

Status DatabaseWorker::start()
{
    if (m_thread.joinable())
        return {};
    std::promise<Status> opened;
    auto result = opened.get_future();
    m_stopping = false;
    m_thread = std::thread([this, &opened] {
        // A SQLite connection stays on the thread that opened it.
        auto database = storage::DeskDatabase::open(m_file);
        if (!database) {
            opened.set_value(Error{database.message()});
            return;
        }
        m_database = std::move(database).value();
        opened.set_value(Status::success());
        run();
        m_database.reset();
    });
    Status status = result.get();
    if (!status && m_thread.joinable())
        m_thread.join();
    return status;
}

void DatabaseWorker::post(Task task)
{
    {
        std::lock_guard lock(m_mutex);
        m_tasks.push_back(std::move(task));
    }
    m_ready.notify_one();
}

void DatabaseWorker::run()
{
    for (;;) {
        Task task;
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
            if (m_tasks.empty())
                return; // stopping and drained
            task = std::move(m_tasks.front());
            m_tasks.pop_front();
        }
        task(*m_database);
    }
}

void DatabaseWorker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_ready.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace mag7::engine
