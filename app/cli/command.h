#pragma once
// A `mag7` sub-command: receives its arguments (arguments[0] is "mag7 <command>"), prints its
// results on stdout and errors on stderr, and returns the process exit code (0 on success,
// 1 for bad input or a failed operation, 2 for usage errors).

#include <QStringList>

namespace mag7::cli {

using CommandFunction = int (*)(const QStringList &arguments);

struct Command {
    const char *name;
    const char *summary;
    CommandFunction run;
};

// Prints "mag7 <command>: <message>" to stderr and returns `exitCode`.
int fail(const QString &command, const QString &message, int exitCode = 1);

} // namespace mag7::cli
