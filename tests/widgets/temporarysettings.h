#pragma once
// For widget tests that read or write QSettings: an INI store in a temporary directory under a
// test organisation, so no test touches the trader's own settings.

#include <QCoreApplication>
#include <QSettings>
#include <QString>

inline void useTemporarySettings(const QString &directory, const QString &application)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, directory);
    QCoreApplication::setOrganizationName(QStringLiteral("Mag7Test"));
    QCoreApplication::setApplicationName(application);
}
