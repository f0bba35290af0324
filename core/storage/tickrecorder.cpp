// TickRecorder: a std::thread that owns the TickWriter (so its SQLite connections never change
// thread), fed through a mutex + condition-variable queue of immutable batches.

#include "storage/tickrecorder.h"

#include "logging/logging.h"
#include "model/marketclock.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>

namespace mag7::storage {

namespace {

std::chrono::milliseconds clampInterval(std::chrono::milliseconds interval)
{
    return std::clamp(interval, std::chrono::milliseconds(50), std::chrono::milliseconds(250));
}

} // namespace

class TickRecorder::Impl {
public:
    Impl(const InstrumentRegistry &registry, RecorderOptions options)
        : m_registry(registry)
        , m_options(std::move(options))
        , m_log(logging::get("storage"))
    {
        m_options.commitInterval = clampInterval(m_options.commitInterval);
    }

    Status start();
    void submit(std::shared_ptr<const TickBatch> batch);
    Status flush();
    void stop();
    RecorderStatus status() const;

private:
    void run(std::promise<Status> opened);
    void loop(TickWriter &writer);
    // Called with m_mutex held.
    void failLocked(const std::string &message);
    void publishStats(const WriterStats &stats);

    const InstrumentRegistry &m_registry;
    RecorderOptions m_options;
    std::shared_ptr<spdlog::logger> m_log;
    std::thread m_thread;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;    // storage thread: work, flush or stop
    std::condition_variable m_flushed; // flush() callers
    std::deque<std::shared_ptr<const TickBatch>> m_queue;
    bool m_stopRequested = false;
    bool m_threadDone = true;
    std::uint64_t m_flushRequested = 0;
    std::uint64_t m_flushCompleted = 0;
    RecorderStatus m_status;
};

Status TickRecorder::Impl::start()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_status.recording)
            return Status::success();
    }
    if (m_thread.joinable())
        m_thread.join(); // a previous run that stopped after an error
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = false;
        m_threadDone = false;
        m_status.lastError.clear();
    }
    std::promise<Status> opened;
    std::future<Status> result = opened.get_future();
    m_thread =
        std::thread([this, promise = std::move(opened)]() mutable { run(std::move(promise)); });
    Status status = result.get();
    if (!status) {
        m_thread.join();
        return status;
    }
    return Status::success();
}

void TickRecorder::Impl::run(std::promise<Status> opened)
{
    try {
        auto writer = TickWriter::open(m_registry, m_options.writer);
        if (!writer) {
            {
                std::lock_guard lock(m_mutex);
                failLocked(writer.message());
                m_threadDone = true;
            }
            m_flushed.notify_all();
            opened.set_value(Error{writer.message()});
            return;
        }
        {
            std::lock_guard lock(m_mutex);
            m_status.recording = true;
        }
        m_log->info("recording ticks to {}", m_options.writer.directory.string());
        opened.set_value(Status::success());
        loop(*writer.value());
        Status closed = writer.value()->close();
        publishStats(writer.value()->stats());
        std::lock_guard lock(m_mutex);
        if (!closed && m_status.lastError.empty())
            failLocked(closed.message());
    } catch (const std::exception &e) {
        // Nothing in the writer throws by design; an allocation failure must still not take
        // the desk down.
        std::lock_guard lock(m_mutex);
        failLocked(std::string("tick recorder: ") + e.what());
    }
    {
        std::lock_guard lock(m_mutex);
        m_status.recording = false;
        m_threadDone = true;
    }
    m_flushed.notify_all();
}

void TickRecorder::Impl::failLocked(const std::string &message)
{
    if (m_status.lastError.empty())
        m_log->error("tick recording stopped: {}", message);
    m_status.lastError = message;
    m_status.recording = false;
    for (const auto &batch : m_queue)
        m_status.ticksDropped += batch->size();
    m_queue.clear();
    m_status.queuedTicks = 0;
}

void TickRecorder::Impl::publishStats(const WriterStats &stats)
{
    std::lock_guard lock(m_mutex);
    m_status.ticksWritten = stats.ticksWritten;
    m_status.bytesOnDisk = stats.bytesOnDisk;
    m_status.currentFile = stats.currentFile;
}

void TickRecorder::Impl::loop(TickWriter &writer)
{
    const auto interval = m_options.commitInterval;
    Stopwatch sinceCommit;
    bool dirty = false;
    std::uint64_t uncommitted = 0; // ticks appended since the last successful commit
    std::deque<std::shared_ptr<const TickBatch>> work;
    while (true) {
        std::uint64_t flushTarget = 0;
        bool flushPending = false;
        bool stopping = false;
        {
            std::unique_lock lock(m_mutex);
            const auto ready = [&] {
                return !m_queue.empty() || m_stopRequested || m_flushRequested > m_flushCompleted;
            };
            if (dirty) {
                const auto elapsed = std::chrono::nanoseconds(sinceCommit.elapsedNanos());
                m_wake.wait_for(lock, std::max(std::chrono::nanoseconds(0), interval - elapsed),
                                ready);
            } else {
                m_wake.wait(lock, ready);
            }
            work.swap(m_queue);
            flushTarget = m_flushRequested;
            flushPending = m_flushRequested > m_flushCompleted;
            stopping = m_stopRequested;
        }

        std::uint64_t appended = 0;
        Status status;
        for (const auto &batch : work) {
            if (status)
                status = writer.append(*batch);
            appended += batch->size();
        }
        work.clear();
        dirty = dirty || appended > 0;
        uncommitted += appended;
        const bool due = std::chrono::nanoseconds(sinceCommit.elapsedNanos()) >= interval;
        if (status && dirty && (due || flushPending || stopping)) {
            status = writer.commit();
            dirty = false;
            sinceCommit.restart();
            if (status)
                uncommitted = 0;
            publishStats(writer.stats());
        }
        {
            std::lock_guard lock(m_mutex);
            m_status.queuedTicks -= std::min(m_status.queuedTicks, appended);
            if (!status) {
                failLocked(status.message());
                m_status.ticksDropped += uncommitted; // appended but never committed
            }
            m_flushCompleted = std::max(m_flushCompleted, flushTarget);
        }
        m_flushed.notify_all();
        if (!status || stopping)
            return;
    }
}

void TickRecorder::Impl::submit(std::shared_ptr<const TickBatch> batch)
{
    if (!batch || batch->empty())
        return;
    bool wasEmpty = false;
    {
        std::lock_guard lock(m_mutex);
        m_status.ticksReceived += batch->size();
        if (!m_status.recording || m_stopRequested) {
            m_status.ticksDropped += batch->size();
            return;
        }
        m_status.queuedTicks += batch->size();
        wasEmpty = m_queue.empty();
        m_queue.push_back(std::move(batch));
    }
    // The storage thread drains the whole queue when it wakes; one notification is enough.
    if (wasEmpty)
        m_wake.notify_one();
}

Status TickRecorder::Impl::flush()
{
    std::unique_lock lock(m_mutex);
    if (m_threadDone) {
        if (!m_status.lastError.empty())
            return Error{m_status.lastError};
        return Status::success();
    }
    const std::uint64_t ticket = ++m_flushRequested;
    m_wake.notify_one();
    m_flushed.wait(lock, [&] { return m_flushCompleted >= ticket || m_threadDone; });
    if (!m_status.lastError.empty())
        return Error{m_status.lastError};
    return Status::success();
}

void TickRecorder::Impl::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_thread.joinable())
            return;
        m_stopRequested = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

RecorderStatus TickRecorder::Impl::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

// --- TickRecorder --------------------------------------------------------------------------

TickRecorder::TickRecorder(const InstrumentRegistry &registry, RecorderOptions options)
    : m_impl(std::make_unique<Impl>(registry, std::move(options)))
{}

TickRecorder::~TickRecorder()
{
    stop();
}

Status TickRecorder::start()
{
    return m_impl->start();
}
void TickRecorder::submit(std::shared_ptr<const TickBatch> batch)
{
    m_impl->submit(std::move(batch));
}
Status TickRecorder::flush()
{
    return m_impl->flush();
}
void TickRecorder::stop()
{
    m_impl->stop();
}
RecorderStatus TickRecorder::status() const
{
    return m_impl->status();
}

} // namespace mag7::storage
