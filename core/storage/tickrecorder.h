#pragma once
// TickRecorder: the storage thread. Any thread submits batches of ticks; the storage thread
// appends them to a TickWriter and commits every commit interval (50-250 ms of wall time), so
// a crash loses at most one interval. submit() never waits on the disk.
//
// Errors (unwritable directory, full disk) stop recording, keep the desk running and are
// reported through status().lastError; ticks submitted while not recording are counted as
// dropped.
//
// Threading: submit(), flush() and status() may be called from any thread; start() and stop()
// from one controlling thread. The TickWriter and its SQLite connections live on the storage
// thread only. The registry must outlive the recorder.

#include "storage/tickstore.h"

#include <chrono>
#include <memory>

namespace mag7::storage {

struct RecorderOptions {
    WriterOptions writer;
    std::chrono::milliseconds commitInterval{100}; // clamped to 50-250 ms
};

struct RecorderStatus {
    bool recording = false;
    std::uint64_t ticksReceived = 0;
    std::uint64_t ticksWritten = 0;
    std::uint64_t ticksDropped = 0; // submitted while not recording
    std::uint64_t queuedTicks = 0;
    std::uint64_t bytesOnDisk = 0;
    std::string currentFile;
    std::string lastError;
};

class TickRecorder {
public:
    TickRecorder(const InstrumentRegistry &registry, RecorderOptions options);
    ~TickRecorder(); // stop()
    TickRecorder(const TickRecorder &) = delete;
    TickRecorder &operator=(const TickRecorder &) = delete;

    // Opens the store on the storage thread and starts recording (no-op when recording). Fails
    // with the reason when the directory cannot be created or written. After stop() or an error,
    // start() records again (reopening today's file for append).
    Status start();
    // Thread-safe, non-blocking.
    void submit(std::shared_ptr<const TickBatch> batch);
    // Blocks until everything submitted so far is committed (option quotes held by conflation
    // are committed when their interval ends). Returns lastError once recording failed.
    Status flush();
    // Drains the queue, commits and closes. Idempotent.
    void stop();
    RecorderStatus status() const; // thread-safe

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace mag7::storage
