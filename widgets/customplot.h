#pragma once
// QCustomPlot for the desk's charts. Its header uses Qt's lower-case keyword macros, which the
// project turns off (QT_NO_KEYWORDS); they are mapped to the Q_ forms for this header only.
// Include this instead of <qcustomplot.h>, and only from .cpp files.

#ifndef signals
#define MAG7_UNDEF_SIGNALS
#define signals Q_SIGNALS
#endif
#ifndef slots
#define MAG7_UNDEF_SLOTS
#define slots Q_SLOTS
#endif
#ifndef emit
#define MAG7_UNDEF_EMIT
#define emit Q_EMIT
#endif
#ifndef foreach
#define MAG7_UNDEF_FOREACH
#define foreach Q_FOREACH
#endif

#include <qcustomplot.h>

#ifdef MAG7_UNDEF_SIGNALS
#undef signals
#undef MAG7_UNDEF_SIGNALS
#endif
#ifdef MAG7_UNDEF_SLOTS
#undef slots
#undef MAG7_UNDEF_SLOTS
#endif
#ifdef MAG7_UNDEF_EMIT
#undef emit
#undef MAG7_UNDEF_EMIT
#endif
#ifdef MAG7_UNDEF_FOREACH
#undef foreach
#undef MAG7_UNDEF_FOREACH
#endif
