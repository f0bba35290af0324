#pragma once
// Desk themes: the Fusion style with a dark (default) or light palette, the desk's semantic
// colours (up/down, accents) and number formatting shared by every panel.

#include <QColor>
#include <QString>

#include <cstdint>

class QApplication;

namespace mag7::widgets {

enum class ThemeKind { Dark, Light };

struct DeskColors {
    QColor up;      // rising prices, positive changes
    QColor down;    // falling prices, negative changes
    QColor neutral; // unchanged / secondary text
    QColor accent;  // selection, live indicators
    QColor warning; // stalled feed, recording problems
    QColor panel;   // panel background
    QColor grid;    // table grid lines
};

void applyTheme(QApplication &app, ThemeKind kind);
ThemeKind currentTheme();
const DeskColors &deskColors();

// Number formatting with fixed decimals and explicit signs ("+1.25", "-0.40%").
QString formatFixed(double value, int decimals);
QString formatSigned(double value, int decimals);
QString formatPercent(double value, int decimals, bool signedValue);
// 1,234,567 -> "1.23M"; below 100k with thousands separators.
QString formatVolume(double value);
QString formatBytes(double bytes);
// Strikes with the decimals they need: 590 -> "590", 592.5 -> "592.5", 17.25 -> "17.25".
QString formatStrike(double strike);
// "Jan" .. "Dec" for 1 .. 12.
QString monthAbbreviation(unsigned month);
// US/Eastern wall clock of a UTC timestamp (ns): "09:53"; the day: "Wed 15 Jan".
QString formatEasternClock(std::int64_t utc);
QString formatEasternDay(std::int64_t utc);

} // namespace mag7::widgets
