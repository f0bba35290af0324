#include "signalchart.h"

#include "chartdata.h"
#include "chartlevels.h"
#include "charttickers.h"
#include "customplot.h"
#include "plotstyle.h"
#include "theme.h"

#include <QFontMetricsF>
#include <QLabel>
#include <QPainterPath>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mag7::widgets {

namespace {

constexpr Timestamp kBefore = SignalChart::kMinutesBefore * kNanosPerMinute;
constexpr Timestamp kAfter = SignalChart::kMinutesAfter * kNanosPerMinute;

QCPScatterStyle arrowStyle(signals::SignalSide side, const QColor &color)
{
    // An arrow beside the bar pointing at it: under a long's bar, over a short's.
    QPainterPath path;
    const double sign = side == signals::SignalSide::Short ? -1 : 1;
    path.moveTo(0, sign * 4);
    path.lineTo(-6, sign * 13);
    path.lineTo(6, sign * 13);
    path.closeSubpath();
    return QCPScatterStyle(path, QPen(color), QBrush(color), 6);
}

} // namespace

struct SignalChart::Items {
    QCPFinancial *before = nullptr;
    QCPFinancial *after = nullptr;
    QCPGraph *marker = nullptr;
    QCPItemStraightLine *signalTime = nullptr;
    struct PriceLine {
        QCPItemStraightLine *line = nullptr;
        QCPItemText *label = nullptr;
    };
    PriceLine entry;
    PriceLine stop;
    PriceLine target;
    BarTimeTicker *ticker = nullptr; // owned by the axis
};

SignalChart::SignalChart(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_empty(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_plot(new QCustomPlot(this))
    , m_items(std::make_unique<Items>())
    , m_data(std::make_unique<ChartData>())
{
    setObjectName(QStringLiteral("SignalChart"));
    m_data->setInterval(engine::BarInterval::Minute1);
    m_title->setObjectName(QStringLiteral("signalChartTitle"));
    m_title->setContentsMargins(6, 3, 6, 1);
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_empty->setObjectName(QStringLiteral("signalChartEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_plot);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addWidget(m_stack, 1);
    m_plot->setMinimumHeight(160);

    const DeskColors &colors = deskColors();
    styleDeskPlot(m_plot, this);
    QCPAxis *x = m_plot->xAxis;
    QCPAxis *y = m_plot->yAxis2;
    m_plot->yAxis->setVisible(false);
    y->setVisible(true);
    y->setTickLabels(true);
    y->setNumberFormat(QStringLiteral("f"));
    y->setNumberPrecision(2);
    y->grid()->setVisible(true);
    m_plot->yAxis->grid()->setVisible(false);
    const QColor text = palette().color(QPalette::WindowText);
    const QColor grid = colors.grid.lighter(130);
    y->setBasePen(QPen(grid));
    y->setTickPen(QPen(grid));
    y->setSubTickPen(QPen(grid));
    y->setTickLabelColor(text);
    y->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    Items &items = *m_items;
    items.ticker = new BarTimeTicker(*m_data);
    x->setTicker(QSharedPointer<QCPAxisTicker>(items.ticker));

    items.before = new QCPFinancial(x, y);
    items.before->setChartStyle(QCPFinancial::csCandlestick);
    items.before->setWidth(0.7);
    items.before->setTwoColored(true);
    items.before->setBrushPositive(QBrush(colors.up));
    items.before->setBrushNegative(QBrush(colors.down));
    items.before->setPenPositive(QPen(colors.up));
    items.before->setPenNegative(QPen(colors.down));
    items.after = new QCPFinancial(x, y);
    items.after->setChartStyle(QCPFinancial::csCandlestick);
    items.after->setWidth(0.7);
    items.after->setTwoColored(false);
    QColor muted = colors.neutral;
    muted.setAlpha(120);
    items.after->setBrush(QBrush(muted));
    items.after->setPen(QPen(muted));
    items.marker = new QCPGraph(x, y);
    items.marker->setLineStyle(QCPGraph::lsNone);

    QColor timeColor = text;
    timeColor.setAlpha(90);
    items.signalTime = new QCPItemStraightLine(m_plot);
    items.signalTime->setPen(QPen(timeColor, 1, Qt::DotLine));
    items.signalTime->setVisible(false);
    auto priceLine = [this, x, y](const QPen &pen) {
        Items::PriceLine line;
        line.line = new QCPItemStraightLine(m_plot);
        line.line->point1->setAxes(x, y);
        line.line->point2->setAxes(x, y);
        line.line->setPen(pen);
        line.line->setVisible(false);
        line.label = makeLevelLabel(m_plot, m_plot->axisRect());
        line.label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        line.label->setColor(pen.color());
        return line;
    };
    items.entry = priceLine(QPen(colors.accent, 1.5));
    items.stop = priceLine(QPen(colors.down, 1.2, Qt::DashLine));
    items.target = priceLine(QPen(colors.up, 1.2, Qt::DashLine));

    // Labels closer than their height stack downwards, as on the price chart.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        std::vector<std::pair<double, QCPItemText *>> shown;
        for (const Items::PriceLine *line : {&m_items->entry, &m_items->stop, &m_items->target}) {
            if (line->line->visible())
                shown.emplace_back(m_plot->yAxis2->coordToPixel(line->line->point1->coords().y()),
                                   line->label);
        }
        std::sort(shown.begin(), shown.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        const double height = QFontMetricsF(levelLabelFont(*m_plot)).height() + 1;
        double previous = -std::numeric_limits<double>::infinity();
        for (auto &[pixel, label] : shown) {
            const double bottom = std::max(pixel, previous + height);
            label->position->setCoords(0.995, m_plot->yAxis2->pixelToCoord(bottom));
            previous = bottom;
        }
        m_items->ticker->setAxisWidth(m_plot->axisRect()->width());
    });
    showEmpty(tr("Select a signal in the feed to see the chart at its time"));
}

SignalChart::~SignalChart() = default;

void SignalChart::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    m_charts = snapshot.charts;
    if (!m_signal)
        return;
    if (const engine::ChartSeries *series = snapshot.chart(m_signal->symbol))
        updateData(*series);
}

void SignalChart::updateData(const engine::ChartSeries &series)
{
    const ChartData::Change change = m_data->update(series);
    if (!change.any)
        return;
    // Bars past the window (more than half an hour after the signal) change nothing shown.
    const auto &bars = m_data->bars().bars;
    const bool inWindow = change.rebuilt || m_window.signalBar < 0 ||
                          change.firstChanged >= bars.size() ||
                          bars[change.firstChanged].start < m_signal->time + kAfter;
    if (inWindow)
        redraw();
}

void SignalChart::showSignal(const signals::Signal &signal)
{
    m_signal = signal;
    m_window = {};
    const auto series = std::find_if(m_charts.begin(), m_charts.end(),
                                     [&](const auto &s) { return s.symbol == signal.symbol; });
    if (series != m_charts.end())
        m_data->update(*series);
    else
        m_data->clear();
    redraw();
}

void SignalChart::clear()
{
    m_signal.reset();
    m_window = {};
    m_lines.clear();
    showEmpty(tr("Select a signal in the feed to see the chart at its time"));
}

bool SignalChart::isEmptyState() const
{
    return m_stack->currentWidget() == m_empty;
}

QString SignalChart::title() const
{
    return m_title->text();
}

QString SignalChart::emptyText() const
{
    return m_empty->text();
}

void SignalChart::showEmpty(const QString &text)
{
    m_empty->setText(text);
    m_stack->setCurrentWidget(m_empty);
    m_title->setVisible(m_signal.has_value());
}

void SignalChart::redraw()
{
    ++m_redraws;
    m_lines.clear();
    if (!m_signal) {
        clear();
        return;
    }
    const signals::Signal &signal = *m_signal;
    const QString symbol = QString::fromStdString(signal.symbol);
    const QString side = QString::fromLatin1(signals::signalSideName(signal.side));
    const QString clock = formatEasternClock(signal.time);
    m_title->setText(
        std::isfinite(signal.price)
            ? tr("%1 %2 %3 %4 @ %5")
                  .arg(clock, QString::fromStdString(signal.playbook), side, symbol,
                       formatFixed(signal.price, 2))
            : tr("%1 %2 %3 %4").arg(clock, QString::fromStdString(signal.playbook), side, symbol));
    m_title->setToolTip(QString::fromStdString(signal.reason));

    const auto &bars = m_data->bars().bars;
    // The bar that completed the setup ends at the signal's time.
    const std::ptrdiff_t at =
        m_data->symbol() == signal.symbol ? m_data->indexAt(signal.time - 1) : -1;
    if (at < 0 || bars[static_cast<std::size_t>(at)].start + kBefore < signal.time) {
        showEmpty(tr("No 1-minute bars of %1 around %2 yet").arg(symbol, clock));
        return;
    }
    m_window.signalBar = static_cast<int>(at);
    m_window.first = static_cast<int>(m_data->indexAt(signal.time - kBefore - 1) + 1);
    m_window.last = static_cast<int>(m_data->indexAt(signal.time + kAfter - 1));

    Items &items = *m_items;
    auto before = items.before->data();
    auto after = items.after->data();
    before->clear();
    after->clear();
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (int i = m_window.first; i <= m_window.last; ++i) {
        const Bar &bar = bars[static_cast<std::size_t>(i)];
        (i <= m_window.signalBar ? before : after)
            ->add(QCPFinancialData(i, bar.open, bar.high, bar.low, bar.close));
        low = std::min(low, bar.low);
        high = std::max(high, bar.high);
    }

    const DeskColors &colors = deskColors();
    const Bar &signalBar = bars[static_cast<std::size_t>(at)];
    const QColor sideColor = signal.side == signals::SignalSide::Long    ? colors.up
                             : signal.side == signals::SignalSide::Short ? colors.down
                                                                         : colors.accent;
    items.marker->setScatterStyle(arrowStyle(signal.side, sideColor));
    items.marker->data()->clear();
    items.marker->addData(static_cast<double>(at), signal.side == signals::SignalSide::Short
                                                       ? signalBar.high
                                                       : signalBar.low);
    items.signalTime->point1->setCoords(static_cast<double>(at) + 0.5, 0);
    items.signalTime->point2->setCoords(static_cast<double>(at) + 0.5, 1);
    items.signalTime->setVisible(true);

    for (auto [line, name, price] : {std::tuple{&items.entry, tr("Entry"), signal.price},
                                     std::tuple{&items.stop, tr("Stop"), signal.stop},
                                     std::tuple{&items.target, tr("Target"), signal.target}}) {
        const bool shown = std::isfinite(price);
        line->line->setVisible(shown);
        line->label->setVisible(shown);
        if (!shown)
            continue;
        line->line->point1->setCoords(0, price);
        line->line->point2->setCoords(1, price);
        line->label->position->setCoords(0.995, price);
        line->label->setText(QStringLiteral("%1 %2").arg(name, formatFixed(price, 2)));
        low = std::min(low, price);
        high = std::max(high, price);
        m_lines.push_back({name, price});
    }
    // Room for the half hour after the signal even before it has happened.
    m_plot->xAxis->setRange(m_window.first - 1, m_window.signalBar + kMinutesAfter + 1);
    const double margin = std::max(high - low, high * 1e-4) * 0.08;
    m_plot->yAxis2->setRange(low - margin, high + margin);
    m_stack->setCurrentWidget(m_plot);
    m_title->setVisible(true);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace mag7::widgets
