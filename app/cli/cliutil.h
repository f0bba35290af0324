#pragma once
// Helpers shared by the sub-commands: argument parsing with clear errors, data directories and
// fast line output.

#include "model/result.h"
#include "model/timestamp.h"
#include "storage/tickstore.h"

#include <QCommandLineParser>
#include <QString>

#include <filesystem>
#include <string>

namespace mag7::cli {

// Parses; on --help prints help and returns 0 through `exitCode`; on a usage error prints it
// and sets exitCode 2. Returns true when the command should proceed.
bool parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, int &exitCode);

// Required option helpers: print "<command>: <message>" and return false on error.
bool requireOption(const QCommandLineParser &parser, const QString &command, const QString &name);
Result<Timestamp> parseTimeOption(const QCommandLineParser &parser, const QString &name);

struct TimeRange {
    Timestamp from = 0;
    Timestamp to = 0;
};
// --from and --to: both valid ISO times and from < to (errors: bad time, inverted, empty range).
Result<TimeRange> parseTimeRange(const QCommandLineParser &parser);

// An existing data directory (for reading). Errors name the directory.
Result<std::filesystem::path> existingDataDirectory(const QString &dir);
// The tick archive (ticks/ folder) of an existing data directory.
Result<storage::TickArchive> openTickArchive(const QString &dir);

// JSON numbers for hand-written JSON lines: null when not finite; `significant` digits (%g) or
// fixed `decimals` (%f).
std::string jsonNumber(double value, int significant = 10);
std::string jsonFixed(double value, int decimals);
// JSON string escaping for hand-written JSON lines.
std::string jsonEscape(const std::string &text);
// Shortest round-trip decimal for a price held in 1/10000 $ ("230.15", "0.0125").
std::string priceJson(std::int64_t price);

} // namespace mag7::cli
