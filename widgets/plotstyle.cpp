#include "plotstyle.h"

#include "customplot.h"
#include "theme.h"

namespace mag7::widgets {

namespace {
void styleAxis(QCPAxis *axis, const QColor &text, const QColor &grid)
{
    axis->setBasePen(QPen(grid));
    axis->setTickPen(QPen(grid));
    axis->setSubTickPen(QPen(grid));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    axis->grid()->setZeroLinePen(QPen(text, 1));
}
} // namespace

void styleDeskPlot(QCustomPlot *plot, const QWidget *paletteSource)
{
    const QPalette &palette = paletteSource->palette();
    const QColor text = palette.color(QPalette::WindowText);
    const QColor grid = deskColors().grid.lighter(130);
    plot->setBackground(QBrush(palette.color(QPalette::Base)));
    styleAxis(plot->xAxis, text, grid);
    styleAxis(plot->yAxis, text, grid);
    plot->legend->setBrush(QBrush(palette.color(QPalette::Base)));
    plot->legend->setTextColor(text);
    plot->legend->setBorderPen(QPen(deskColors().grid));
}

} // namespace mag7::widgets
