#include "logging/logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <vector>

namespace mag7::logging {

namespace {

// Keeps the last lines in memory for the Log panel and counts every line.
class RecentLinesSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit RecentLinesSink(std::size_t capacity)
        : m_capacity(capacity)
    {}

    std::vector<std::string> lines(std::size_t max)
    {
        std::lock_guard lock(mutex_);
        const std::size_t n = std::min(max, m_lines.size());
        return {m_lines.end() - static_cast<std::ptrdiff_t>(n), m_lines.end()};
    }
    std::uint64_t count() const { return m_count.load(); }

protected:
    void sink_it_(const spdlog::details::log_msg &message) override
    {
        spdlog::memory_buf_t formatted;
        formatter_->format(message, formatted);
        std::string line(formatted.data(), formatted.size());
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            line.pop_back();
        m_lines.push_back(std::move(line));
        if (m_lines.size() > m_capacity)
            m_lines.erase(m_lines.begin(), m_lines.begin() + static_cast<std::ptrdiff_t>(
                                                                 m_lines.size() - m_capacity));
        ++m_count;
    }
    void flush_() override {}

private:
    std::size_t m_capacity;
    std::vector<std::string> m_lines;
    std::atomic<std::uint64_t> m_count{0};
};

std::shared_ptr<RecentLinesSink> recentSink()
{
    static auto sink = [] {
        auto s = std::make_shared<RecentLinesSink>(2000);
        s->set_level(spdlog::level::info);
        return s;
    }();
    return sink;
}

struct State {
    std::mutex mutex;
    std::vector<spdlog::sink_ptr> sinks;
    spdlog::level::level_enum level = spdlog::level::warn;
    std::string filePath;
    bool initialised = false;
};

State &state()
{
    static State s;
    return s;
}

std::vector<spdlog::sink_ptr> defaultSinks()
{
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(spdlog::level::warn);
    return {console, recentSink()};
}

} // namespace

bool initialise(const Options &options)
{
    State &s = state();
    std::lock_guard lock(s.mutex);
    std::vector<spdlog::sink_ptr> sinks;
    bool fileOk = true;
    if (options.console) {
        auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        console->set_level(options.consoleLevel);
        sinks.push_back(console);
    }
    if (!options.directory.empty()) {
        try {
            std::filesystem::create_directories(options.directory);
            const std::string path =
                (std::filesystem::path(options.directory) / options.fileName).string();
            auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                path, options.maxFileBytes, options.maxFiles);
            file->set_level(options.level);
            sinks.push_back(file);
            s.filePath = path;
        } catch (const std::exception &e) {
            fileOk = false;
            auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
            console->set_level(spdlog::level::warn);
            if (!options.console)
                sinks.push_back(console);
            spdlog::logger("logging", console)
                .warn("cannot open log file in '{}': {}", options.directory, e.what());
        }
    }
    sinks.push_back(recentSink());
    s.sinks = sinks;
    s.level = std::min(options.level, options.consoleLevel);
    s.initialised = true;
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e [%n] %^%l%$ %v");
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger> &logger) {
        logger->sinks() = s.sinks;
        logger->set_level(s.level);
    });
    spdlog::flush_every(std::chrono::seconds(2));
    return fileOk;
}

std::shared_ptr<spdlog::logger> get(const std::string &module)
{
    State &s = state();
    std::lock_guard lock(s.mutex);
    if (auto existing = spdlog::get(module))
        return existing;
    const auto sinks = s.initialised ? s.sinks : defaultSinks();
    auto logger = std::make_shared<spdlog::logger>(module, sinks.begin(), sinks.end());
    logger->set_level(s.initialised ? s.level : spdlog::level::warn);
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e [%n] %^%l%$ %v");
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

std::vector<std::string> recentLines(std::size_t max)
{
    return recentSink()->lines(max);
}

std::uint64_t lineCount()
{
    return recentSink()->count();
}

std::string logFilePath()
{
    State &s = state();
    std::lock_guard lock(s.mutex);
    return s.filePath;
}

void shutdown()
{
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger> &logger) { logger->flush(); });
}

} // namespace mag7::logging
