#pragma once
// Logging: one named spdlog logger per module ("storage", "marketdata", "engine", "desk", ...),
// all writing to the same sinks: a rotating file in the data directory's logs/ folder and the
// console (stderr). Thread-safe; initialise once in main(). Before initialise() (unit tests,
// tools) loggers write warnings and errors to stderr only.

#include <spdlog/logger.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mag7::logging {

struct Options {
    std::string directory; // logs go to <directory>/mag7.log; empty: console only
    std::string fileName = "mag7.log";
    bool console = true;
    spdlog::level::level_enum level = spdlog::level::info;
    spdlog::level::level_enum consoleLevel = spdlog::level::info;
    std::size_t maxFileBytes = 10 * 1024 * 1024;
    std::size_t maxFiles = 5;
};

// Returns false (and keeps logging to the console) when the log file cannot be opened.
bool initialise(const Options &options);
std::shared_ptr<spdlog::logger> get(const std::string &module);
// The most recent log lines (formatted, oldest first), at most `max`; for the desk's Log panel.
std::vector<std::string> recentLines(std::size_t max);
// Lines logged since start; changes whenever recentLines() would.
std::uint64_t lineCount();

// The path of the log file, empty when logging to the console only.
std::string logFilePath();
void shutdown();

} // namespace mag7::logging
