#include "chartlevels.h"

#include "chartdata.h"
#include "model/easterntime.h"
#include "theme.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mag7::widgets {

using signals::LevelKind;
using Family = ChartPanel::LevelFamily;

namespace {

constexpr int kGexZones = 3;          // strongest positive and negative strikes each
constexpr double kMergePixels = 2.0;  // lines this close share one label
constexpr double kLabelX = 0.995;     // right labels end here (axis rect ratio)
constexpr double kLeftLabelX = 0.005; // left labels start here

QString text(const char *source)
{
    return QCoreApplication::translate("mag7::widgets::ChartPanel", source);
}

Family familyOf(LevelKind kind)
{
    switch (kind) {
    case LevelKind::PriorHigh:
    case LevelKind::PriorLow:
    case LevelKind::PriorClose:
    case LevelKind::ThreeDayHigh:
    case LevelKind::ThreeDayLow:
        return Family::PriorDay;
    case LevelKind::LondonOpeningRangeHigh:
    case LevelKind::LondonOpeningRangeLow:
    case LevelKind::NyOpeningRangeHigh:
    case LevelKind::NyOpeningRangeLow:
        return Family::OpeningRanges;
    case LevelKind::AsiaHigh:
    case LevelKind::AsiaLow:
    case LevelKind::LondonHigh:
    case LevelKind::LondonLow:
    case LevelKind::NyHigh:
    case LevelKind::NyLow:
        return Family::Sessions;
    case LevelKind::SwingHigh:
    case LevelKind::SwingLow:
        return Family::Swings;
    case LevelKind::GexFlip:
    case LevelKind::CallWall:
    case LevelKind::PutWall:
    case LevelKind::DeltaCluster:
        break;
    }
    return Family::Gex;
}

QString nameOf(LevelKind kind)
{
    switch (kind) {
    case LevelKind::GexFlip:
        return text("γ flip");
    case LevelKind::CallWall:
        return text("Call wall");
    case LevelKind::PutWall:
        return text("Put wall");
    case LevelKind::DeltaCluster:
        return text("Δ cluster");
    default:
        return QString::fromLatin1(signals::levelName(kind));
    }
}

// The level colours, chosen for the dark theme; darker on the light one so that labels stay
// readable on white.
QColor levelColor(int r, int g, int b)
{
    const QColor color(r, g, b);
    return currentTheme() == ThemeKind::Light ? color.darker(150) : color;
}

QPen penOf(LevelKind kind, const QColor &textColor)
{
    const DeskColors &colors = deskColors();
    switch (kind) {
    case LevelKind::PriorHigh:
    case LevelKind::PriorLow:
        return {textColor.darker(110), 1, Qt::DashLine};
    case LevelKind::PriorClose:
        return {textColor.darker(110), 1, Qt::DotLine};
    case LevelKind::ThreeDayHigh:
    case LevelKind::ThreeDayLow:
        return {levelColor(0x8a, 0x9b, 0xd6), 1, Qt::DashDotLine};
    case LevelKind::NyOpeningRangeHigh:
    case LevelKind::NyOpeningRangeLow:
        return {levelColor(0x4f, 0xc3, 0xf7), 1, Qt::SolidLine};
    case LevelKind::LondonOpeningRangeHigh:
    case LevelKind::LondonOpeningRangeLow:
        return {levelColor(0xce, 0x93, 0xd8), 1, Qt::SolidLine};
    case LevelKind::AsiaHigh:
    case LevelKind::AsiaLow:
        return {levelColor(0x4d, 0xb6, 0xac), 1, Qt::DashLine};
    case LevelKind::LondonHigh:
    case LevelKind::LondonLow:
        return {levelColor(0xba, 0x68, 0xc8), 1, Qt::DashLine};
    case LevelKind::NyHigh:
    case LevelKind::NyLow:
        return {levelColor(0x90, 0xca, 0xf9), 1, Qt::DashLine};
    case LevelKind::GexFlip:
        return {colors.warning, 1.5, Qt::DashLine};
    case LevelKind::CallWall:
        return {colors.up, 1.5};
    case LevelKind::PutWall:
        return {colors.down, 1.5};
    case LevelKind::DeltaCluster:
        return {QColor(0xb3, 0x9d, 0xdb, 170), 1, Qt::DotLine};
    case LevelKind::SwingHigh:
    case LevelKind::SwingLow:
        break;
    }
    return {textColor, 1};
}

// Where the window of a session or opening-range level made at `time` starts: 09:30 ET (New
// York), 03:00 ET (London) or 18:00 ET of the evening before (Asia), as in signals/levels.h.
Timestamp windowStart(LevelKind kind, Timestamp time)
{
    const LocalDateTime local = toEastern(time);
    switch (kind) {
    case LevelKind::NyOpeningRangeHigh:
    case LevelKind::NyOpeningRangeLow:
    case LevelKind::NyHigh:
    case LevelKind::NyLow:
        return fromEastern(local.date, timeOfDay(9, 30));
    case LevelKind::LondonOpeningRangeHigh:
    case LevelKind::LondonOpeningRangeLow:
    case LevelKind::LondonHigh:
    case LevelKind::LondonLow:
        return fromEastern(local.date, timeOfDay(3, 0));
    case LevelKind::AsiaHigh:
    case LevelKind::AsiaLow:
        return fromEastern(local.nanosOfDay >= timeOfDay(18, 0) ? local.date
                                                                : addDays(local.date, -1),
                           timeOfDay(18, 0));
    default:
        return 0;
    }
}

// Swing markers: triangles drawn beside the point (above a high, below a low), so the marker
// does not hide the wick it marks.
QCPScatterStyle swingStyle(bool high, const QColor &color)
{
    QPainterPath path;
    if (high) {
        path.moveTo(0, -3);
        path.lineTo(-4, -10);
        path.lineTo(4, -10);
    } else {
        path.moveTo(0, 3);
        path.lineTo(-4, 10);
        path.lineTo(4, 10);
    }
    path.closeSubpath();
    return QCPScatterStyle(path, QPen(color), QBrush(color), 6);
}

void placeOnRect(QCPItemPosition *position, QCPAxisRect *rect)
{
    position->setAxisRect(rect);
    position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight));
}

} // namespace

QFont levelLabelFont(const QCustomPlot &plot)
{
    QFont font = plot.font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    return font;
}

QCPItemText *makeLevelLabel(QCustomPlot *plot, QCPAxisRect *rect)
{
    // Above the lines and bars, on a backing so a line passing behind does not strike the text.
    const QString layerName = QStringLiteral("levelLabels");
    if (!plot->layer(layerName))
        plot->addLayer(layerName, plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    auto *label = new QCPItemText(plot);
    label->setLayer(layerName);
    label->setClipAxisRect(rect);
    placeOnRect(label->position, rect);
    label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    label->setFont(levelLabelFont(*plot));
    label->setPadding(QMargins(2, 0, 4, 1));
    QColor backing = plot->palette().color(QPalette::Base);
    backing.setAlpha(210);
    label->setBrush(QBrush(backing));
    label->setVisible(false);
    return label;
}

ChartLevels::ChartLevels(QCustomPlot *plot, QCPAxisRect *rect)
    : m_plot(plot)
    , m_rect(rect)
    , m_swingHighs(new QCPGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight)))
    , m_swingLows(new QCPGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atRight)))
{
    // Neutral markers: they locate pivots, they are not signals.
    QColor swing = plot->palette().color(QPalette::WindowText);
    swing.setAlpha(150);
    for (auto [graph, isHigh] : {std::pair{m_swingHighs, true}, std::pair{m_swingLows, false}}) {
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(swingStyle(isHigh, swing));
        graph->setName(isHigh ? text("Swing highs") : text("Swing lows"));
    }
    m_labelFont = levelLabelFont(*plot);
}

void ChartLevels::addLine(std::vector<Wanted> &wanted, LevelKind kind, double price,
                          double from) const
{
    if (!std::isfinite(price))
        return;
    const Family family = familyOf(kind);
    const QColor textColor = m_plot->palette().color(QPalette::WindowText);
    wanted.push_back(
        {{nameOf(kind), price, family, from}, penOf(kind, textColor), family == Family::Gex});
}

void ChartLevels::rebuild(const ChartData &data, const engine::ChainSnapshot *chain)
{
    ++m_rebuilds;
    std::vector<Wanted> wanted;
    m_bands.clear();
    m_markers.clear();
    for (QCPItemRect *rect : m_rects)
        m_plot->removeItem(rect);
    m_rects.clear();

    const auto &session = data.sessionLevels();
    const std::vector<signals::Level> none;
    const std::vector<signals::Level> &levels = session ? *session : none;
    auto find = [&levels](LevelKind kind) -> const signals::Level * {
        const auto it = std::find_if(levels.begin(), levels.end(),
                                     [kind](const signals::Level &l) { return l.kind == kind; });
        return it == levels.end() ? nullptr : &*it;
    };
    // The bar index a line drawn from `time` starts at (its bar's left edge); the left edge of
    // the chart when the bars do not reach back that far.
    auto edgeAt = [&data](Timestamp time) {
        const std::ptrdiff_t index = data.indexAt(time);
        return index < 0 ? -1.0 : static_cast<double>(index) - 0.5;
    };
    const bool intraday = data.interval() != engine::BarInterval::Day1 && data.size() > 0;

    if (isShown(Family::PriorDay)) {
        const engine::PriceLevels &daily = data.levels();
        for (auto [kind, fallback] : {std::pair{LevelKind::PriorHigh, daily.priorHigh},
                                      std::pair{LevelKind::PriorLow, daily.priorLow},
                                      std::pair{LevelKind::PriorClose, daily.priorClose},
                                      std::pair{LevelKind::ThreeDayHigh, daily.threeDayHigh},
                                      std::pair{LevelKind::ThreeDayLow, daily.threeDayLow}}) {
            const signals::Level *level = find(kind);
            addLine(wanted, kind, level ? level->price : fallback, -1);
        }
    }
    if (intraday && isShown(Family::OpeningRanges)) {
        constexpr Timestamp kRangeLength =
            signals::LevelConfig{}.openingRangeMinutes * kNanosPerMinute;
        for (auto [highKind, lowKind, name] :
             {std::tuple{LevelKind::NyOpeningRangeHigh, LevelKind::NyOpeningRangeLow, "NY OR"},
              std::tuple{LevelKind::LondonOpeningRangeHigh, LevelKind::LondonOpeningRangeLow,
                         "LDN OR"}}) {
            const signals::Level *high = find(highKind);
            const signals::Level *low = find(lowKind);
            if (!high || !low)
                continue;
            const Timestamp begins = windowStart(highKind, high->time);
            const double from = edgeAt(begins);
            const std::ptrdiff_t last = data.indexAt(begins + kRangeLength - 1);
            if (last >= 0) {
                m_bands.push_back({text(name), std::max(from, -0.5),
                                   static_cast<double>(last) + 0.5, low->price, high->price});
                const ChartPanel::Band &band = m_bands.back();
                addRect(band.from, band.to, band.low, band.high, penOf(highKind, QColor()).color(),
                        false);
            }
            addLine(wanted, highKind, high->price, from);
            addLine(wanted, lowKind, low->price, from);
        }
    }
    for (const signals::Level &level : levels) {
        const Family family = familyOf(level.kind);
        if (!intraday || !isShown(family))
            continue;
        if (family == Family::Sessions) {
            addLine(wanted, level.kind, level.price, edgeAt(windowStart(level.kind, level.time)));
        } else if (family == Family::Swings) {
            const std::ptrdiff_t index = data.indexAt(level.time);
            if (index < 0)
                continue;
            // Pivots are found on 1-minute bars; a longer bar shows only the ones that make
            // its high or low, once.
            const Bar &bar = data.bars().bars[static_cast<std::size_t>(index)];
            const bool high = level.kind == LevelKind::SwingHigh;
            const auto at = static_cast<double>(index);
            const bool extreme = high ? level.price >= bar.high : level.price <= bar.low;
            const bool repeated =
                std::any_of(m_markers.begin(), m_markers.end(), [&](const ChartPanel::Marker &m) {
                    return m.index == at && m.high == high;
                });
            if (data.interval() == engine::BarInterval::Minute1 || (extreme && !repeated))
                m_markers.push_back({at, level.price, high});
        }
    }
    if (isShown(Family::Gex)) {
        if (chain) {
            addGexFromChain(wanted, chain->gex);
        } else {
            for (const signals::Level &level : levels) {
                if (familyOf(level.kind) == Family::Gex)
                    addLine(wanted, level.kind, level.price, -1);
            }
        }
    }

    QVector<double> highKeys, highValues, lowKeys, lowValues;
    for (const ChartPanel::Marker &marker : m_markers) {
        (marker.high ? highKeys : lowKeys).push_back(marker.index);
        (marker.high ? highValues : lowValues).push_back(marker.price);
    }
    m_swingHighs->setData(highKeys, highValues);
    m_swingLows->setData(lowKeys, lowValues);
    sync(wanted);
}

void ChartLevels::addGexFromChain(std::vector<Wanted> &wanted, const pricing::GexProfile &gex)
{
    if (gex.flipLevel)
        addLine(wanted, LevelKind::GexFlip, *gex.flipLevel, -1);
    if (gex.callWall)
        addLine(wanted, LevelKind::CallWall, *gex.callWall, -1);
    if (gex.putWall)
        addLine(wanted, LevelKind::PutWall, *gex.putWall, -1);
    for (double cluster : gex.deltaClusters)
        addLine(wanted, LevelKind::DeltaCluster, cluster, -1);
    // Zones: the strikes with the largest positive and the largest negative GEX, one strike
    // spacing wide; only strikes carrying at least 40% of the strongest one's GEX.
    std::vector<const pricing::GexLevel *> positive;
    std::vector<const pricing::GexLevel *> negative;
    for (const pricing::GexLevel &level : gex.levels)
        (level.netGex >= 0 ? positive : negative).push_back(&level);
    auto strongest = [](std::vector<const pricing::GexLevel *> &list) {
        std::sort(list.begin(), list.end(),
                  [](auto *a, auto *b) { return std::abs(a->netGex) > std::abs(b->netGex); });
        if (list.size() > static_cast<std::size_t>(kGexZones))
            list.resize(kGexZones);
    };
    strongest(positive);
    strongest(negative);
    const double strongestGex = std::max(positive.empty() ? 0.0 : std::abs(positive[0]->netGex),
                                         negative.empty() ? 0.0 : std::abs(negative[0]->netGex));
    auto weak = [strongestGex](const pricing::GexLevel *level) {
        return std::abs(level->netGex) < 0.4 * strongestGex;
    };
    std::erase_if(positive, weak);
    std::erase_if(negative, weak);
    auto spacingAt = [&gex](double strike) {
        double spacing = 0;
        for (std::size_t i = 1; i < gex.levels.size(); ++i) {
            const double gap = gex.levels[i].strike - gex.levels[i - 1].strike;
            if (gap > 0 && (spacing == 0 || std::abs(gex.levels[i].strike - strike) < spacing * 4))
                spacing = spacing == 0 ? gap : std::min(spacing, gap);
        }
        return spacing > 0 ? spacing : strike * 0.005;
    };
    for (const auto *level : positive) {
        const double half = spacingAt(level->strike) / 2;
        addRect(0, 1, level->strike - half, level->strike + half, deskColors().up, true);
    }
    for (const auto *level : negative) {
        const double half = spacingAt(level->strike) / 2;
        addRect(0, 1, level->strike - half, level->strike + half, deskColors().down, true);
    }
}

void ChartLevels::addRect(double from, double to, double low, double high, QColor color,
                          bool fullWidth)
{
    auto *rect = new QCPItemRect(m_plot);
    rect->setClipAxisRect(m_rect);
    for (QCPItemPosition *corner : {rect->topLeft, rect->bottomRight}) {
        placeOnRect(corner, m_rect);
        if (fullWidth)
            corner->setTypeX(QCPItemPosition::ptAxisRectRatio);
    }
    rect->topLeft->setCoords(from, high);
    rect->bottomRight->setCoords(to, low);
    color.setAlpha(fullWidth ? 28 : 30);
    rect->setBrush(QBrush(color));
    rect->setPen(Qt::NoPen);
    rect->setLayer(QStringLiteral("grid"));
    m_rects.push_back(rect);
}

void ChartLevels::sync(const std::vector<Wanted> &wanted)
{
    while (m_items.size() < wanted.size()) {
        Item item;
        item.line = new QCPItemLine(m_plot);
        item.line->setClipAxisRect(m_rect);
        placeOnRect(item.line->start, m_rect);
        placeOnRect(item.line->end, m_rect);
        item.line->end->setTypeX(QCPItemPosition::ptAxisRectRatio);
        item.label = makeLevelLabel(m_plot, m_rect);
        m_items.push_back(item);
    }
    m_lines.clear();
    m_leftLabel.clear();
    for (std::size_t i = 0; i < m_items.size(); ++i) {
        const Item &item = m_items[i];
        const bool shown = i < wanted.size();
        item.line->setVisible(shown);
        item.label->setVisible(shown);
        if (!shown)
            continue;
        const Wanted &level = wanted[i];
        const double price = level.level.price;
        const bool fromEdge = level.level.from < 0;
        item.line->start->setTypeX(fromEdge ? QCPItemPosition::ptAxisRectRatio
                                            : QCPItemPosition::ptPlotCoords);
        item.line->start->setCoords(fromEdge ? 0 : level.level.from, price);
        item.line->end->setCoords(1, price);
        item.line->setPen(level.pen);
        item.label->setColor(level.pen.color());
        item.label->setPositionAlignment((level.leftLabel ? Qt::AlignLeft : Qt::AlignRight) |
                                         Qt::AlignBottom);
        item.label->position->setCoords(level.leftLabel ? kLeftLabelX : kLabelX, price);
        item.label->setText(
            QStringLiteral("%1 %2").arg(level.level.name, QString::number(price, 'f', 2)));
        m_lines.push_back(level.level);
        m_leftLabel.push_back(level.leftLabel);
    }
    m_labelsDirty = true;
}

void ChartLevels::layoutLabels()
{
    QCPAxis *y = m_rect->axis(QCPAxis::atRight);
    const QCPRange range = y->range();
    const int height = m_rect->height();
    if (!m_labelsDirty && range == m_laidRange && height == m_laidHeight)
        return;
    m_labelsDirty = false;
    m_laidRange = range;
    m_laidHeight = height;
    const QFontMetricsF metrics(m_labelFont);
    const double labelHeight = metrics.height() + 1;
    m_rightLabelWidth = 0;
    auto label = [this](std::size_t i, const QString &names) {
        return QStringLiteral("%1 %2").arg(names, QString::number(m_lines[i].price, 'f', 2));
    };
    for (const bool left : {false, true}) {
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i < m_lines.size(); ++i) {
            if (m_leftLabel[i] != left)
                continue;
            const bool inView = range.contains(m_lines[i].price);
            m_items[i].label->setVisible(inView);
            if (inView)
                order.push_back(i);
        }
        // Top to bottom; each label sits above its line unless the one above pushes it down.
        std::sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
            return m_lines[a].price > m_lines[b].price;
        });
        double previousBottom = -std::numeric_limits<double>::infinity();
        double groupPixel = 0;
        std::size_t group = 0; // the line whose label shows the group
        QStringList groupNames;
        for (const std::size_t i : order) {
            const double pixel = y->coordToPixel(m_lines[i].price);
            if (!groupNames.isEmpty() && pixel - groupPixel < kMergePixels) {
                groupNames << m_lines[i].name;
                m_items[i].label->setVisible(false);
            } else {
                const double bottom = std::max(pixel, previousBottom + labelHeight);
                m_items[i].label->position->setCoords(left ? kLeftLabelX : kLabelX,
                                                      y->pixelToCoord(bottom));
                previousBottom = bottom;
                groupPixel = pixel;
                group = i;
                groupNames = {m_lines[i].name};
            }
            const QString text = label(group, groupNames.join(QStringLiteral(" · ")));
            m_items[group].label->setText(text);
            if (!left)
                m_rightLabelWidth =
                    std::max(m_rightLabelWidth, metrics.horizontalAdvance(text) + 6);
        }
    }
}

std::vector<ChartPanel::LevelLabel> ChartLevels::visibleLabels() const
{
    std::vector<ChartPanel::LevelLabel> labels;
    QCPAxis *y = m_rect->axis(QCPAxis::atRight);
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        const QCPItemText *label = m_items[i].label;
        if (label->visible())
            labels.push_back(
                {label->text(), y->coordToPixel(label->position->coords().y()), m_leftLabel[i]});
    }
    return labels;
}

} // namespace mag7::widgets
