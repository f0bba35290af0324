#pragma once
// The desk's look for QCustomPlot charts: background, axes, tick labels and dotted grid from the
// current theme. GUI thread only.

class QCustomPlot;
class QWidget;

namespace mag7::widgets {

// Styles `plot` with the palette of `paletteSource` and the desk colours.
void styleDeskPlot(QCustomPlot *plot, const QWidget *paletteSource);

} // namespace mag7::widgets
