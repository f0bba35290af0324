#include "chartpanel.h"

#include "chartdata.h"
#include "chartlevels.h"
#include "charttickers.h"
#include "customplot.h"
#include "linkgroups.h"
#include "model/easterntime.h"
#include "plotstyle.h"
#include "theme.h"

#include <QAction>
#include <QButtonGroup>
#include <QComboBox>
#include <QDataStream>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mag7::widgets {

using engine::BarInterval;

namespace {

constexpr int kDefaultVisibleBars = 150;
constexpr double kRightMarginBars = 3.0;    // space right of the live bar
constexpr quint32 kStateMagic = 0x4d374348; // "M7CH"
constexpr quint32 kStateVersion = 3;        // 2: the link group; 3: the level families

const BarInterval kIntervals[] = {BarInterval::Minute1, BarInterval::Minute5, BarInterval::Minute15,
                                  BarInterval::Hour1, BarInterval::Day1};

QCPItemStraightLine *horizontalLine(QCustomPlot *plot, QCPAxisRect *rect, const QPen &pen)
{
    auto *line = new QCPItemStraightLine(plot);
    line->setClipAxisRect(rect);
    line->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
    line->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
    line->setPen(pen);
    line->setVisible(false);
    return line;
}

} // namespace

struct ChartPanel::Items {
    QCPAxisRect *priceRect = nullptr;
    QCPAxisRect *volumeRect = nullptr;
    QCPFinancial *candles = nullptr;
    QCPBars *volumeUp = nullptr;
    QCPBars *volumeDown = nullptr;
    QCPGraph *vwap = nullptr;
    QCPItemStraightLine *crossX = nullptr;
    QCPItemStraightLine *crossY = nullptr;
    QCPItemStraightLine *crossVolumeX = nullptr;
    QCPItemText *crossPrice = nullptr;
    QCPItemText *lastPrice = nullptr;
    QCPItemStraightLine *lastLine = nullptr;
    std::vector<BarTimeTicker *> timeTickers; // owned by their axes
};

ChartPanel::ChartPanel(QWidget *parent)
    : QWidget(parent)
    , m_link(new LinkGroupButton(this))
    , m_symbolBox(new QComboBox(this))
    , m_intervals(new QButtonGroup(this))
    , m_vwapButton(new QToolButton(this))
    , m_levelsButton(new QToolButton(this))
    , m_levelsMenu(new QMenu(this))
    , m_readout(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_items(std::make_unique<Items>())
    , m_data(std::make_unique<ChartData>())
{
    setObjectName(QStringLiteral("ChartPanel"));
    setFocusPolicy(Qt::StrongFocus);
    m_symbolBox->setObjectName(QStringLiteral("chartSymbol"));
    m_symbolBox->setToolTip(tr("Underlying shown by the chart"));
    m_symbolBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_symbolBox, &QComboBox::activated, this,
            [this](int index) { setSymbol(m_symbolBox->itemText(index)); });

    auto *toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(4, 2, 4, 2);
    toolbar->setSpacing(2);
    toolbar->addWidget(m_link);
    toolbar->addWidget(m_symbolBox);
    toolbar->addSpacing(8);
    int shortcut = 1;
    for (BarInterval interval : kIntervals) {
        auto *button = new QToolButton(this);
        button->setText(QString::fromLatin1(engine::barIntervalName(interval)));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setObjectName(QStringLiteral("interval_%1").arg(button->text()));
        const QKeySequence keys(Qt::ALT | static_cast<Qt::Key>(Qt::Key_0 + shortcut));
        button->setToolTip(
            tr("%1 bars (%2)").arg(button->text(), keys.toString(QKeySequence::NativeText)));
        auto *action = new QAction(this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, button, &QToolButton::click);
        addAction(action);
        m_intervals->addButton(button, static_cast<int>(interval));
        toolbar->addWidget(button);
        ++shortcut;
    }
    connect(m_intervals, &QButtonGroup::idClicked, this,
            [this](int id) { setInterval(static_cast<BarInterval>(id)); });
    toolbar->addSpacing(8);
    m_vwapButton->setText(tr("VWAP"));
    m_vwapButton->setToolTip(
        tr("Session VWAP = Σ(price × size) / Σ size of the session's trades; equities from 09:30 "
           "ET, futures from 18:00 ET. History bars use (H + L + C) / 3."));
    m_vwapButton->setCheckable(true);
    m_vwapButton->setChecked(true);
    m_vwapButton->setAutoRaise(true);
    toolbar->addWidget(m_vwapButton);
    connect(m_vwapButton, &QToolButton::toggled, this, [this] {
        m_items->vwap->setVisible(m_vwapButton->isChecked());
        fitPriceAxis();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    m_levelsButton->setObjectName(QStringLiteral("chartLevels"));
    m_levelsButton->setText(tr("Levels"));
    m_levelsButton->setToolTip(tr("Price levels drawn on the chart, by family"));
    m_levelsButton->setAutoRaise(true);
    m_levelsButton->setPopupMode(QToolButton::InstantPopup);
    m_levelsButton->setMenu(m_levelsMenu);
    toolbar->addWidget(m_levelsButton);
    m_levelsMenu->setToolTipsVisible(true);
    const std::tuple<LevelFamily, QString, QString> families[] = {
        {LevelFamily::PriorDay, tr("Prior day && 3-day"),
         tr("High, low and close of the prior session; high and low of the last three")},
        {LevelFamily::OpeningRanges, tr("Opening ranges"),
         tr("The first 15 minutes of New York (09:30 ET) and, for futures, London (03:00 ET)")},
        {LevelFamily::Sessions, tr("Sessions"),
         tr("Asia (18:00-03:00 ET), London (03:00-08:00) and New York (09:30-16:00) highs and "
            "lows")},
        {LevelFamily::Swings, tr("Swings"), tr("Swing highs and lows (fractal pivots)")},
        {LevelFamily::Gex, tr("GEX"),
         tr("Gamma exposure from the option chain: the gamma flip (where total dealer gamma "
            "changes sign), call and put walls, zones at the strikes with the largest positive "
            "(green) and negative (red) GEX, and delta clusters")},
    };
    for (const auto &[family, label, tip] : families) {
        QAction *action = m_levelsMenu->addAction(label);
        action->setToolTip(tip);
        action->setCheckable(true);
        action->setChecked(true);
        action->setData(static_cast<int>(family));
        connect(action, &QAction::toggled, this, [this, family](bool shown) {
            m_levels->setShown(family, shown);
            refreshLevels();
            fitPriceAxis();
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        });
    }
    toolbar->addSpacing(12);
    m_readout->setObjectName(QStringLiteral("chartReadout"));
    m_readout->setTextFormat(Qt::PlainText);
    QFont mono = m_readout->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    m_readout->setFont(mono);
    // The readout may be cut on a narrow window; it never widens the panel.
    m_readout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_readout->setMinimumWidth(0);
    toolbar->addWidget(m_readout, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(toolbar);
    layout->addWidget(m_plot, 1);
    buildPlot();
    m_levels = std::make_unique<ChartLevels>(m_plot, m_items->priceRect);
    connect(m_plot, &QCustomPlot::afterLayout, this, &ChartPanel::afterLayout);
    m_intervals->button(static_cast<int>(m_data->interval()))->setChecked(true);
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::buildPlot()
{
    const DeskColors &colors = deskColors();
    styleDeskPlot(m_plot, this);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    m_plot->plotLayout()->clear();
    Items &items = *m_items;
    items.priceRect = new QCPAxisRect(m_plot);
    items.volumeRect = new QCPAxisRect(m_plot);
    m_plot->plotLayout()->addElement(0, 0, items.priceRect);
    m_plot->plotLayout()->addElement(1, 0, items.volumeRect);
    m_plot->plotLayout()->setRowStretchFactors({0.8, 0.2});
    m_plot->plotLayout()->setRowSpacing(0);
    auto *margins = new QCPMarginGroup(m_plot);
    const QColor text = palette().color(QPalette::WindowText);
    const QColor grid = colors.grid.lighter(130);
    for (QCPAxisRect *rect : {items.priceRect, items.volumeRect}) {
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
        rect->axis(QCPAxis::atLeft)->setVisible(false);
        rect->axis(QCPAxis::atRight)->setVisible(true);
        rect->axis(QCPAxis::atTop)->setVisible(false);
        for (QCPAxis *axis : rect->axes()) {
            axis->setBasePen(QPen(grid));
            axis->setTickPen(QPen(grid));
            axis->setSubTickPen(QPen(grid));
            axis->setTickLabelColor(text);
            axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
            axis->grid()->setZeroLinePen(Qt::NoPen);
        }
        rect->axis(QCPAxis::atRight)->grid()->setVisible(true);
        auto *ticker = new BarTimeTicker(*m_data);
        items.timeTickers.push_back(ticker);
        rect->axis(QCPAxis::atBottom)->setTicker(QSharedPointer<QCPAxisTicker>(ticker));
        rect->setRangeDrag(Qt::Horizontal);
        rect->setRangeZoom(Qt::Horizontal);
        rect->setRangeDragAxes(items.priceRect->axis(QCPAxis::atBottom), nullptr);
        rect->setRangeZoomAxes(items.priceRect->axis(QCPAxis::atBottom), nullptr);
    }
    items.priceRect->setMargins(QMargins(0, 0, 0, 0));
    items.priceRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msTop);
    items.priceRect->axis(QCPAxis::atBottom)->setTickLabels(false);
    items.volumeRect->setAutoMargins(QCP::msLeft | QCP::msRight | QCP::msBottom);
    items.volumeRect->axis(QCPAxis::atRight)
        ->setTicker(QSharedPointer<QCPAxisTicker>(new VolumeTicker));
    items.volumeRect->axis(QCPAxis::atRight)->ticker()->setTickCount(2);
    items.priceRect->axis(QCPAxis::atRight)->setNumberFormat(QStringLiteral("f"));
    items.priceRect->axis(QCPAxis::atRight)->setNumberPrecision(2);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);

    QCPAxis *priceX = items.priceRect->axis(QCPAxis::atBottom);
    QCPAxis *priceY = items.priceRect->axis(QCPAxis::atRight);
    QCPAxis *volumeX = items.volumeRect->axis(QCPAxis::atBottom);
    QCPAxis *volumeY = items.volumeRect->axis(QCPAxis::atRight);

    items.vwap = new QCPGraph(priceX, priceY);
    items.vwap->setPen(QPen(QColor(0xff, 0xa6, 0x2b), 1.5));
    items.vwap->setName(tr("VWAP"));
    items.candles = new QCPFinancial(priceX, priceY);
    items.candles->setChartStyle(QCPFinancial::csCandlestick);
    items.candles->setWidth(0.7);
    items.candles->setTwoColored(true);
    items.candles->setBrushPositive(QBrush(colors.up));
    items.candles->setBrushNegative(QBrush(colors.down));
    items.candles->setPenPositive(QPen(colors.up));
    items.candles->setPenNegative(QPen(colors.down));
    items.volumeUp = new QCPBars(volumeX, volumeY);
    items.volumeDown = new QCPBars(volumeX, volumeY);
    for (QCPBars *bars : {items.volumeUp, items.volumeDown}) {
        bars->setWidth(0.7);
        bars->setPen(Qt::NoPen);
    }
    QColor upVolume = colors.up;
    upVolume.setAlpha(150);
    QColor downVolume = colors.down;
    downVolume.setAlpha(150);
    items.volumeUp->setBrush(upVolume);
    items.volumeDown->setBrush(downVolume);

    QColor cross = text;
    cross.setAlpha(140);
    const QPen crossPen(cross, 1, Qt::DashLine);
    items.crossX = new QCPItemStraightLine(m_plot);
    items.crossX->setClipAxisRect(items.priceRect);
    items.crossX->point1->setAxes(priceX, priceY);
    items.crossX->point2->setAxes(priceX, priceY);
    items.crossX->setPen(crossPen);
    items.crossVolumeX = new QCPItemStraightLine(m_plot);
    items.crossVolumeX->setClipAxisRect(items.volumeRect);
    items.crossVolumeX->point1->setAxes(volumeX, volumeY);
    items.crossVolumeX->point2->setAxes(volumeX, volumeY);
    items.crossVolumeX->setPen(crossPen);
    items.crossY = horizontalLine(m_plot, items.priceRect, crossPen);
    items.crossPrice = new QCPItemText(m_plot);
    items.crossPrice->setClipToAxisRect(false);
    items.crossPrice->position->setAxes(priceX, priceY);
    items.crossPrice->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    items.crossPrice->position->setAxisRect(items.priceRect);
    items.crossPrice->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    items.crossPrice->setBrush(QBrush(cross.darker(150)));
    items.crossPrice->setColor(palette().color(QPalette::BrightText));
    items.crossPrice->setPadding(QMargins(3, 1, 3, 1));
    for (QCPAbstractItem *item : std::initializer_list<QCPAbstractItem *>{
             items.crossX, items.crossY, items.crossVolumeX, items.crossPrice})
        item->setVisible(false);

    items.lastLine = horizontalLine(m_plot, items.priceRect, QPen(colors.accent, 1, Qt::DotLine));
    items.lastPrice = new QCPItemText(m_plot);
    items.lastPrice->setClipToAxisRect(false);
    items.lastPrice->position->setAxes(priceX, priceY);
    items.lastPrice->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    items.lastPrice->position->setAxisRect(items.priceRect);
    items.lastPrice->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    items.lastPrice->setBrush(QBrush(colors.accent));
    items.lastPrice->setColor(Qt::white);
    items.lastPrice->setPadding(QMargins(3, 1, 3, 1));
    items.lastPrice->setVisible(false);

    connect(priceX, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [this, volumeX](const QCPRange &range) {
                volumeX->setRange(range);
                const double last = static_cast<double>(m_data->size()) - 1;
                m_follow = m_data->size() == 0 || range.upper >= last + 0.5;
                fitPriceAxis();
            });
}

void ChartPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    refreshSymbols(snapshot);
    if (m_symbol.isEmpty() && !snapshot.charts.empty())
        setSymbol(QString::fromStdString(snapshot.charts.front().symbol));
    const std::string symbol = m_symbol.toStdString();
    bool gexChanged = false;
    std::shared_ptr<const engine::ChainSnapshot> chain;
    for (const auto &candidate : snapshot.chains) {
        if (candidate && candidate->symbol == symbol)
            chain = candidate;
    }
    if (chain != m_chain) {
        gexChanged = !chain || !m_chain || chain->sequence != m_chainSequence;
        m_chain = chain;
        m_chainSequence = chain ? chain->sequence : 0;
    }
    const engine::ChartSeries *series = snapshot.chart(symbol);
    if (!series)
        return;
    const engine::PriceLevels before = m_data->levels();
    const auto sessionBefore = m_data->sessionLevels();
    const ChartData::Change change = m_data->update(*series);
    const engine::PriceLevels &after = m_data->levels();
    const bool levelsChanged = m_data->sessionLevels() != sessionBefore ||
                               before.tradingDate != after.tradingDate ||
                               before.priorHigh != after.priorHigh ||
                               (std::isnan(before.priorHigh) != std::isnan(after.priorHigh));
    if (!change.any && !gexChanged && !levelsChanged)
        return;
    if (change.any)
        applyChange(change.rebuilt, change.firstChanged);
    if (change.rebuilt || gexChanged || levelsChanged)
        refreshLevels();
    fitPriceAxis();
    if (!m_crosshairVisible)
        showReadout(static_cast<int>(m_data->size()) - 1);
    ++m_redraws;
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::refreshSymbols(const engine::DeskSnapshot &snapshot)
{
    if (static_cast<int>(snapshot.charts.size()) == m_symbolCount)
        return;
    m_symbolCount = static_cast<int>(snapshot.charts.size());
    const QSignalBlocker blocker(m_symbolBox);
    m_symbolBox->clear();
    for (const engine::ChartSeries &series : snapshot.charts)
        m_symbolBox->addItem(QString::fromStdString(series.symbol));
    m_symbolBox->setCurrentIndex(m_symbolBox->findText(m_symbol));
}

void ChartPanel::setSymbol(const QString &symbol)
{
    if (symbol == m_symbol || symbol.isEmpty())
        return;
    m_symbol = symbol;
    {
        const QSignalBlocker blocker(m_symbolBox);
        m_symbolBox->setCurrentIndex(m_symbolBox->findText(symbol));
    }
    m_data->clear();
    m_chain.reset();
    m_chainSequence = 0;
    m_follow = true;
    Q_EMIT symbolChanged(symbol);
}

void ChartPanel::setInterval(BarInterval interval)
{
    if (interval == m_data->interval())
        return;
    m_data->setInterval(interval);
    if (QAbstractButton *button = m_intervals->button(static_cast<int>(interval)))
        button->setChecked(true);
    m_follow = true;
}

BarInterval ChartPanel::interval() const
{
    return m_data->interval();
}

void ChartPanel::setLevelFamily(LevelFamily family, bool shown)
{
    for (QAction *action : m_levelsMenu->actions()) {
        if (action->data().toInt() == static_cast<int>(family))
            action->setChecked(shown);
    }
}

bool ChartPanel::isLevelFamilyShown(LevelFamily family) const
{
    return m_levels->isShown(family);
}

void ChartPanel::setVwapShown(bool shown)
{
    m_vwapButton->setChecked(shown);
}

void ChartPanel::setOverlays(bool vwap, bool levels, bool gex)
{
    setVwapShown(vwap);
    for (LevelFamily family : {LevelFamily::PriorDay, LevelFamily::OpeningRanges,
                               LevelFamily::Sessions, LevelFamily::Swings})
        setLevelFamily(family, levels);
    setLevelFamily(LevelFamily::Gex, gex);
}

const std::vector<ChartPanel::Level> &ChartPanel::levelLines() const
{
    return m_levels->lines();
}

const std::vector<ChartPanel::Band> &ChartPanel::rangeBands() const
{
    return m_levels->bands();
}

const std::vector<ChartPanel::Marker> &ChartPanel::swingMarkers() const
{
    return m_levels->markers();
}

std::vector<ChartPanel::LevelLabel> ChartPanel::levelLabels() const
{
    return m_levels->visibleLabels();
}

std::size_t ChartPanel::levelRebuilds() const
{
    return m_levels->rebuilds();
}

void ChartPanel::applyChange(bool rebuilt, std::size_t firstChanged)
{
    Items &items = *m_items;
    const auto &bars = m_data->bars().bars;
    const auto &vwap = m_data->bars().vwap;
    auto candles = items.candles->data();
    auto up = items.volumeUp->data();
    auto down = items.volumeDown->data();
    auto line = items.vwap->data();
    if (rebuilt) {
        firstChanged = 0;
        candles->clear();
        up->clear();
        down->clear();
        line->clear();
    } else {
        const double cut = static_cast<double>(firstChanged) - 0.5;
        candles->removeAfter(cut);
        up->removeAfter(cut);
        down->removeAfter(cut);
        line->removeAfter(cut);
    }
    // Appending in key order keeps every container sorted without a re-sort.
    for (std::size_t i = firstChanged; i < bars.size(); ++i) {
        const Bar &bar = bars[i];
        const auto key = static_cast<double>(i);
        candles->add(QCPFinancialData(key, bar.open, bar.high, bar.low, bar.close));
        const auto volume = static_cast<double>(bar.volume);
        (bar.close >= bar.open ? up : down)->add(QCPBarsData(key, volume));
        line->add(QCPGraphData(key, vwap[i]));
    }
    QCPAxis *x = items.priceRect->axis(QCPAxis::atBottom);
    const double last = static_cast<double>(bars.size()) - 1;
    if (rebuilt) {
        showLastBars(kDefaultVisibleBars);
    } else if (m_follow) {
        const double width = x->range().size();
        const double upper = last + rightMarginBars(width);
        x->setRange(upper - width, upper);
    }
    if (!bars.empty()) {
        const double close = bars.back().close;
        items.lastLine->point1->setCoords(0, close);
        items.lastLine->point2->setCoords(1, close);
        items.lastLine->setVisible(true);
        items.lastPrice->position->setCoords(1.0, close);
        items.lastPrice->setText(QString::number(close, 'f', 2));
        items.lastPrice->setVisible(true);
    } else {
        items.lastLine->setVisible(false);
        items.lastPrice->setVisible(false);
    }
    items.vwap->setVisible(m_vwapButton->isChecked());
}

void ChartPanel::showLastBars(int count)
{
    QCPAxis *x = m_items->priceRect->axis(QCPAxis::atBottom);
    const double last = static_cast<double>(m_data->size()) - 1;
    m_follow = true;
    const double upper = last + rightMarginBars(count);
    x->setRange(upper - count, upper);
    m_follow = true;
}

double ChartPanel::rightMarginBars(double visibleBars) const
{
    // Room for the level labels at the right edge, so they do not cover the live bars.
    const int width = std::max(1, m_items->priceRect->width());
    return kRightMarginBars + m_levels->rightLabelWidth() * visibleBars / width;
}

void ChartPanel::afterLayout()
{
    m_levels->layoutLabels();
    if (!m_follow || m_data->size() == 0)
        return;
    QCPAxis *x = m_items->priceRect->axis(QCPAxis::atBottom);
    const double width = x->range().size();
    const double upper = static_cast<double>(m_data->size()) - 1 + rightMarginBars(width);
    if (std::abs(x->range().upper - upper) > 0.5) {
        x->setRange(upper - width, upper);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void ChartPanel::refreshLevels()
{
    m_levels->rebuild(*m_data, m_chain.get());
}

void ChartPanel::fitPriceAxis()
{
    Items &items = *m_items;
    for (BarTimeTicker *ticker : items.timeTickers)
        ticker->setAxisWidth(items.priceRect->width());
    const auto &bars = m_data->bars().bars;
    if (bars.empty())
        return;
    const QCPRange range = items.priceRect->axis(QCPAxis::atBottom)->range();
    const auto last = static_cast<double>(bars.size() - 1);
    const auto from = static_cast<std::size_t>(std::clamp(std::floor(range.lower), 0.0, last));
    const auto to = static_cast<std::size_t>(std::clamp(std::ceil(range.upper), 0.0, last));
    double low = bars[to].low;
    double high = bars[to].high;
    double volume = 0;
    const auto &vwap = m_data->bars().vwap;
    for (std::size_t i = from; i <= to; ++i) {
        low = std::min(low, bars[i].low);
        high = std::max(high, bars[i].high);
        volume = std::max(volume, static_cast<double>(bars[i].volume));
        if (m_vwapButton->isChecked() && std::isfinite(vwap[i])) {
            low = std::min(low, vwap[i]);
            high = std::max(high, vwap[i]);
        }
    }
    // Levels near the visible prices stay in view (within half the visible range).
    const double span = std::max(high - low, high * 1e-4);
    for (const Level &level : m_levels->lines()) {
        if (level.price > low - span / 2 && level.price < high + span / 2) {
            low = std::min(low, level.price);
            high = std::max(high, level.price);
        }
    }
    const double margin = std::max(high - low, high * 1e-4) * 0.06;
    items.priceRect->axis(QCPAxis::atRight)->setRange(low - margin, high + margin);
    items.volumeRect->axis(QCPAxis::atRight)->setRange(0, std::max(1.0, volume * 1.1));
}

void ChartPanel::panBy(double fraction)
{
    QCPAxis *x = m_items->priceRect->axis(QCPAxis::atBottom);
    const double shift = x->range().size() * fraction;
    x->setRange(x->range().lower + shift, x->range().upper + shift);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::zoomBy(double factor)
{
    QCPAxis *x = m_items->priceRect->axis(QCPAxis::atBottom);
    const double upper = x->range().upper;
    const double width = std::clamp(x->range().size() * factor, 10.0, 20000.0);
    x->setRange(upper - width, upper);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        panBy(-0.1);
        return;
    case Qt::Key_Right:
        panBy(0.1);
        return;
    case Qt::Key_Up:
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomBy(1 / 1.25);
        return;
    case Qt::Key_Down:
    case Qt::Key_Minus:
        zoomBy(1.25);
        return;
    case Qt::Key_End:
        showLastBars(static_cast<int>(
            std::lround(m_items->priceRect->axis(QCPAxis::atBottom)->range().size())));
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

bool ChartPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_plot) {
        if (event->type() == QEvent::MouseMove) {
            const auto *mouse = static_cast<QMouseEvent *>(event);
            moveCrosshair(mouse->position().x(), mouse->position().y());
        } else if (event->type() == QEvent::Leave) {
            hideCrosshair();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ChartPanel::moveCrosshair(double pixelX, double pixelY)
{
    Items &items = *m_items;
    if (m_data->size() == 0)
        return;
    QCPAxis *x = items.priceRect->axis(QCPAxis::atBottom);
    QCPAxis *y = items.priceRect->axis(QCPAxis::atRight);
    const double key = x->pixelToCoord(pixelX);
    const int index =
        static_cast<int>(std::clamp(std::lround(key), 0L, static_cast<long>(m_data->size()) - 1));
    const bool inPrice = items.priceRect->rect().contains(
        QPoint(static_cast<int>(pixelX), static_cast<int>(pixelY)));
    items.crossX->point1->setCoords(index, 0);
    items.crossX->point2->setCoords(index, 1);
    items.crossVolumeX->point1->setCoords(index, 0);
    items.crossVolumeX->point2->setCoords(index, 1);
    items.crossX->setVisible(true);
    items.crossVolumeX->setVisible(true);
    if (inPrice) {
        const double price = y->pixelToCoord(pixelY);
        items.crossY->point1->setCoords(0, price);
        items.crossY->point2->setCoords(1, price);
        items.crossPrice->position->setCoords(1.0, price);
        items.crossPrice->setText(QString::number(price, 'f', 2));
    }
    items.crossY->setVisible(inPrice);
    items.crossPrice->setVisible(inPrice);
    m_crosshairVisible = true;
    m_crosshairIndex = index;
    showReadout(index);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ChartPanel::hideCrosshair()
{
    Items &items = *m_items;
    for (QCPAbstractItem *item : std::initializer_list<QCPAbstractItem *>{
             items.crossX, items.crossY, items.crossVolumeX, items.crossPrice})
        item->setVisible(false);
    m_crosshairVisible = false;
    m_crosshairIndex = -1;
    showReadout(static_cast<int>(m_data->size()) - 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString ChartPanel::readoutFor(int index) const
{
    const auto &bars = m_data->bars().bars;
    if (index < 0 || static_cast<std::size_t>(index) >= bars.size())
        return m_symbol.isEmpty() ? QString() : tr("%1  no bars yet").arg(m_symbol);
    const Bar &bar = bars[static_cast<std::size_t>(index)];
    const LocalDateTime local = toEastern(bar.start);
    const QString when =
        m_data->interval() == BarInterval::Day1
            ? formatEasternDay(bar.start) + QStringLiteral(" %1").arg(year(local.date))
            : formatEasternDay(bar.start) + QLatin1Char(' ') + formatEasternClock(bar.start);
    const double previousClose =
        index > 0 ? bars[static_cast<std::size_t>(index - 1)].close : bar.open;
    const double change = bar.close - previousClose;
    QString text =
        QStringLiteral("%1 %2  %3  O %4  H %5  L %6  C %7  %8 (%9)  V %10")
            .arg(m_symbol, QString::fromLatin1(engine::barIntervalName(m_data->interval())), when,
                 formatFixed(bar.open, 2), formatFixed(bar.high, 2), formatFixed(bar.low, 2),
                 formatFixed(bar.close, 2), formatSigned(change, 2),
                 formatPercent(previousClose > 0 ? change / previousClose * 100 : 0, 2, true))
            .arg(formatVolume(static_cast<double>(bar.volume)));
    const double vwap = m_data->bars().vwap[static_cast<std::size_t>(index)];
    if (std::isfinite(vwap))
        text += QStringLiteral("  VWAP %1").arg(formatFixed(vwap, 2));
    return text;
}

void ChartPanel::showReadout(int index)
{
    m_readout->setText(readoutFor(index));
}

QByteArray ChartPanel::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    quint32 families = 0;
    for (int family = 0; family < kLevelFamilies; ++family) {
        if (m_levels->isShown(static_cast<LevelFamily>(family)))
            families |= 1u << family;
    }
    const bool priceLevels = (families & ~(1u << static_cast<int>(LevelFamily::Gex))) != 0;
    out << kStateMagic << kStateVersion << m_symbol << static_cast<qint32>(m_data->interval())
        << m_vwapButton->isChecked() << priceLevels << m_levels->isShown(LevelFamily::Gex)
        << m_link->saveState() << families;
    return state;
}

bool ChartPanel::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    quint32 version = 0;
    QString symbol;
    qint32 interval = 0;
    bool vwap = true;
    bool levels = true;
    bool gex = true;
    QByteArray link;
    quint32 families = 0;
    in >> magic >> version >> symbol >> interval >> vwap >> levels >> gex;
    if (version >= 2)
        in >> link;
    if (version >= 3)
        in >> families;
    if (in.status() != QDataStream::Ok || magic != kStateMagic || version < 1 ||
        version > kStateVersion || interval < 0 ||
        interval > static_cast<qint32>(BarInterval::Day1))
        return false;
    if (!link.isEmpty())
        m_link->restoreState(link);
    setInterval(static_cast<BarInterval>(interval));
    setOverlays(vwap, levels, gex);
    if (version >= 3) {
        for (int family = 0; family < kLevelFamilies; ++family)
            setLevelFamily(static_cast<LevelFamily>(family), (families & (1u << family)) != 0);
    }
    setSymbol(symbol);
    return true;
}

} // namespace mag7::widgets
