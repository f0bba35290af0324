#include "logging/logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <mutex>
#include <vector>

namespace mag7::logging {

namespace {

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
    return {console};
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
