#include "cliutil.h"

#include "command.h"
#include "model/easterntime.h"

#include <QFileInfo>

#include <cmath>
#include <cstdio>

namespace mag7::cli {

int fail(const QString &command, const QString &message, int exitCode)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(command), qPrintable(message));
    return exitCode;
}

bool parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, int &exitCode)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        exitCode = fail(arguments.value(0), parser.errorText(), 2);
        return false;
    }
    if (parser.isSet(help)) {
        std::printf("Usage: %s [options]\n%s\n", qPrintable(arguments.value(0)),
                    qPrintable(parser.helpText().section(QLatin1Char('\n'), 1)));
        exitCode = 0;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        exitCode = fail(
            arguments.value(0),
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()),
            2);
        return false;
    }
    return true;
}

bool requireOption(const QCommandLineParser &parser, const QString &command, const QString &name)
{
    if (parser.isSet(name) && !parser.value(name).isEmpty())
        return true;
    fail(command, QStringLiteral("--%1 is required").arg(name), 2);
    return false;
}

Result<Timestamp> parseTimeOption(const QCommandLineParser &parser, const QString &name)
{
    auto parsed = parseIsoTimestamp(parser.value(name).toStdString());
    if (!parsed)
        return Error{"--" + name.toStdString() + ": " + parsed.message()};
    return parsed;
}

Result<TimeRange> parseTimeRange(const QCommandLineParser &parser)
{
    auto from = parseTimeOption(parser, QStringLiteral("from"));
    if (!from)
        return from.error();
    auto to = parseTimeOption(parser, QStringLiteral("to"));
    if (!to)
        return to.error();
    if (*to < *from)
        return Error{"inverted range: --to " + parser.value(QStringLiteral("to")).toStdString() +
                     " is before --from " + parser.value(QStringLiteral("from")).toStdString()};
    if (*to == *from)
        return Error{"empty range: --from and --to are the same instant"};
    return TimeRange{*from, *to};
}

Result<std::filesystem::path> existingDataDirectory(const QString &dir)
{
    const QFileInfo info(dir);
    if (!info.exists())
        return Error{"data directory '" + dir.toStdString() + "' does not exist"};
    if (!info.isDir())
        return Error{"data directory '" + dir.toStdString() + "' is not a directory"};
    if (!info.isReadable())
        return Error{"data directory '" + dir.toStdString() + "' is not readable"};
    return std::filesystem::path(info.absoluteFilePath().toStdString());
}

Result<storage::TickArchive> openTickArchive(const QString &dir)
{
    auto data = existingDataDirectory(dir);
    if (!data)
        return data.error();
    const std::filesystem::path ticks = data.value() / "ticks";
    std::error_code ec;
    if (!std::filesystem::is_directory(ticks, ec))
        return Error{"no recorded ticks in '" + dir.toStdString() + "' (expected " +
                     ticks.string() + "/YYYY-MM-DD.sqlite; record with 'mag7 simulate')"};
    return storage::TickArchive::open(ticks);
}

std::string jsonEscape(const std::string &text)
{
    std::string out;
    out.reserve(text.size() + 2);
    for (char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    return out;
}

std::string priceJson(std::int64_t price)
{
    const bool negative = price < 0;
    const std::int64_t absolute = negative ? -price : price;
    std::string text = std::to_string(absolute / 10000);
    std::int64_t fraction = absolute % 10000;
    if (fraction != 0) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "%04lld", static_cast<long long>(fraction));
        std::string digits = buffer;
        while (!digits.empty() && digits.back() == '0')
            digits.pop_back();
        text += "." + digits;
    }
    return negative ? "-" + text : text;
}

std::string jsonNumber(double value, int significant)
{
    if (!std::isfinite(value))
        return "null";
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*g", significant, value);
    return buffer;
}

std::string jsonFixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return "null";
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

} // namespace mag7::cli
