#include "theme.h"

#include "model/easterntime.h"

#include <QApplication>
#include <QLocale>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <cmath>

namespace mag7::widgets {

namespace {
ThemeKind g_theme = ThemeKind::Dark;

DeskColors darkColors()
{
    return {QColor(0x26, 0xc2, 0x81), QColor(0xf0, 0x4e, 0x4e), QColor(0x9a, 0xa4, 0xb2),
            QColor(0x3d, 0x8b, 0xfd), QColor(0xf2, 0xb1, 0x34), QColor(0x14, 0x17, 0x1c),
            QColor(0x2a, 0x2f, 0x37)};
}

DeskColors lightColors()
{
    return {QColor(0x0a, 0x8a, 0x4f), QColor(0xc6, 0x28, 0x28), QColor(0x5f, 0x6b, 0x7a),
            QColor(0x1a, 0x5f, 0xd6), QColor(0xb0, 0x6a, 0x00), QColor(0xfb, 0xfc, 0xfd),
            QColor(0xd9, 0xde, 0xe4)};
}

DeskColors g_colors = darkColors();

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x1b, 0x1f, 0x25);
    const QColor base(0x14, 0x17, 0x1c);
    const QColor alternate(0x19, 0x1d, 0x23);
    const QColor text(0xdc, 0xe1, 0xe8);
    const QColor disabled(0x6b, 0x73, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, QColor(0x25, 0x2a, 0x32));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x23, 0x28, 0x30));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2b, 0x4f, 0x86));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x3d, 0x8b, 0xfd));
    p.setColor(QPalette::Mid, QColor(0x2a, 0x2f, 0x37));
    p.setColor(QPalette::Dark, QColor(0x10, 0x12, 0x16));
    p.setColor(QPalette::Light, QColor(0x33, 0x39, 0x42));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

QPalette lightPalette(const QStyle &style)
{
    QPalette p = style.standardPalette();
    p.setColor(QPalette::Base, QColor(0xfb, 0xfc, 0xfd));
    p.setColor(QPalette::AlternateBase, QColor(0xf1, 0xf4, 0xf7));
    p.setColor(QPalette::Highlight, QColor(0xc9, 0xdc, 0xf8));
    p.setColor(QPalette::HighlightedText, QColor(0x10, 0x14, 0x1a));
    return p;
}

QString styleSheet(ThemeKind kind)
{
    const bool dark = kind == ThemeKind::Dark;
    const QString header = dark ? QStringLiteral("#20252c") : QStringLiteral("#eef1f4");
    const QString headerText = dark ? QStringLiteral("#9aa4b2") : QStringLiteral("#4a5563");
    const QString grid = dark ? QStringLiteral("#2a2f37") : QStringLiteral("#d9dee4");
    return QStringLiteral(
               "QHeaderView::section { background: %1; color: %2; border: none;"
               " border-right: 1px solid %3; border-bottom: 1px solid %3; padding: 3px 6px; }"
               "QTableView { gridline-color: %3; border: none; }"
               "QStatusBar QLabel { padding: 0 8px; }"
               "QDockWidget::title { background: %1; color: %2; padding: 4px 8px; }"
               "QTabBar::tab { padding: 5px 14px; }")
        .arg(header, headerText, grid);
}
} // namespace

void applyTheme(QApplication &app, ThemeKind kind)
{
    g_theme = kind;
    g_colors = kind == ThemeKind::Dark ? darkColors() : lightColors();
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    app.setPalette(kind == ThemeKind::Dark ? darkPalette() : lightPalette(*app.style()));
    app.setStyleSheet(styleSheet(kind));
}

ThemeKind currentTheme()
{
    return g_theme;
}
const DeskColors &deskColors()
{
    return g_colors;
}

QString formatFixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return QStringLiteral("—");
    return QString::number(value, 'f', decimals);
}

QString formatSigned(double value, int decimals)
{
    if (!std::isfinite(value))
        return QStringLiteral("—");
    const QString text = QString::number(std::abs(value), 'f', decimals);
    const double rounded = std::round(value * std::pow(10.0, decimals));
    if (rounded > 0)
        return QLatin1Char('+') + text;
    if (rounded < 0)
        return QChar(0x2212) + text; // typographic minus, same width as '+'
    return text;
}

QString formatPercent(double value, int decimals, bool signedValue)
{
    if (!std::isfinite(value))
        return QStringLiteral("—");
    return (signedValue ? formatSigned(value, decimals) : formatFixed(value, decimals)) +
           QLatin1Char('%');
}

QString formatVolume(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("—");
    if (value >= 1e9)
        return QString::number(value / 1e9, 'f', 2) + QLatin1Char('B');
    if (value >= 1e6)
        return QString::number(value / 1e6, 'f', 2) + QLatin1Char('M');
    if (value >= 1e5)
        return QString::number(value / 1e3, 'f', 1) + QLatin1Char('K');
    return QLocale(QLocale::English).toString(static_cast<qlonglong>(value));
}

QString formatBytes(double bytes)
{
    if (bytes >= 1024.0 * 1024 * 1024)
        return QString::number(bytes / (1024.0 * 1024 * 1024), 'f', 2) + QStringLiteral(" GB");
    if (bytes >= 1024.0 * 1024)
        return QString::number(bytes / (1024.0 * 1024), 'f', 1) + QStringLiteral(" MB");
    if (bytes >= 1024.0)
        return QString::number(bytes / 1024.0, 'f', 0) + QStringLiteral(" KB");
    return QString::number(bytes, 'f', 0) + QStringLiteral(" B");
}

QString formatStrike(double strike)
{
    if (!std::isfinite(strike))
        return QStringLiteral("—");
    QString text = QString::number(strike, 'f', 2);
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

QString monthAbbreviation(unsigned month)
{
    static const char *const names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return month >= 1 && month <= 12 ? QString::fromLatin1(names[month - 1]) : QString();
}

QString formatEasternClock(std::int64_t utc)
{
    const LocalDateTime local = toEastern(utc);
    const auto minutes = local.nanosOfDay / kNanosPerMinute;
    return QStringLiteral("%1:%2")
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString formatEasternDay(std::int64_t utc)
{
    static const char *const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    const LocalDateTime local = toEastern(utc);
    return QStringLiteral("%1 %2 %3")
        .arg(QString::fromLatin1(kDays[weekday(local.date)]))
        .arg(day(local.date))
        .arg(monthAbbreviation(month(local.date)));
}

} // namespace mag7::widgets
