#include "benchreport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <cstdio>

namespace mag7::cli {

namespace {
QString cpuModel()
{
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (!cpuinfo.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    const QList<QByteArray> lines = cpuinfo.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("model name")) {
            const int colon = line.indexOf(':');
            return QString::fromUtf8(line.mid(colon + 1).trimmed());
        }
    }
    return QStringLiteral("unknown");
}

QJsonObject machine()
{
    QJsonObject object;
    object.insert(QStringLiteral("nproc"), QThread::idealThreadCount());
    object.insert(QStringLiteral("cpu"), cpuModel());
    return object;
}
} // namespace

std::string machineJson()
{
    return QJsonDocument(machine()).toJson(QJsonDocument::Compact).toStdString();
}

void printBenchCase(const BenchCase &c)
{
    QJsonObject object;
    object.insert(QStringLiteral("name"), QString::fromStdString(c.name));
    object.insert(QStringLiteral("ours"), c.ours);
    if (c.baseline > 0) {
        object.insert(QStringLiteral("baseline"), c.baseline);
        object.insert(QStringLiteral("baseline_name"), QString::fromStdString(c.baselineName));
        const double ratio = c.higherIsBetter ? c.ours / c.baseline : c.baseline / c.ours;
        object.insert(QStringLiteral("ratio"), ratio);
    } else {
        object.insert(QStringLiteral("baseline"), QJsonValue::Null);
        object.insert(QStringLiteral("ratio"), QJsonValue::Null);
    }
    object.insert(QStringLiteral("unit"), QString::fromStdString(c.unit));
    object.insert(QStringLiteral("n"), static_cast<qint64>(c.n));
    if (!c.goal.empty())
        object.insert(QStringLiteral("goal"), QString::fromStdString(c.goal));
    object.insert(QStringLiteral("machine"), machine());
    const QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(json.constData(), 1, static_cast<std::size_t>(json.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int benchUsage(const QString &command, const QString &problem, const char *options)
{
    std::fprintf(stderr, "%s: %s\nusage: %s %s\n", qPrintable(command), qPrintable(problem),
                 qPrintable(command), options);
    return 2;
}

bool parseSmokeOnly(const QStringList &arguments, bool &smoke, int &exitCode)
{
    smoke = false;
    for (int i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QLatin1String("--smoke")) {
            smoke = true;
        } else {
            exitCode = benchUsage(arguments.value(0),
                                  QStringLiteral("unknown argument '%1'").arg(arguments[i]));
            return false;
        }
    }
    return true;
}

} // namespace mag7::cli
