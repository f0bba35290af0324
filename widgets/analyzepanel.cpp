#include "analyzepanel.h"

#include "customplot.h"
#include "linkgroups.h"
#include "model/easterntime.h"
#include "plotstyle.h"
#include "pricing/timetoexpiry.h"
#include "theme.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mag7::widgets {

namespace {

constexpr int kCurvePoints = 241;
constexpr int kTableSpots = 9;
constexpr int kTableTimes = 5;

QString money(double value)
{
    if (!std::isfinite(value))
        return value > 0 ? QObject::tr("unlimited") : QObject::tr("−unlimited");
    return formatSigned(value, 2);
}

QString legText(const AnalyzeLeg &leg)
{
    return QStringLiteral("%1 %2 '%3 %4 %5")
        .arg(monthAbbreviation(month(leg.expiry)))
        .arg(day(leg.expiry))
        .arg(year(leg.expiry) % 100, 2, 10, QLatin1Char('0'))
        .arg(formatStrike(leg.strike),
             leg.right == OptionRight::Call ? QStringLiteral("C") : QStringLiteral("P"));
}

QString durationText(std::int64_t minutes)
{
    const std::int64_t days = minutes / (24 * 60);
    const std::int64_t hours = (minutes / 60) % 24;
    const std::int64_t rest = minutes % 60;
    if (days > 0)
        return QStringLiteral("%1d %2h %3m").arg(days).arg(hours).arg(rest);
    if (hours > 0)
        return QStringLiteral("%1h %2m").arg(hours).arg(rest);
    return QStringLiteral("%1m").arg(rest);
}

QString easternText(Timestamp t)
{
    static const char *const weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    const LocalDateTime local = toEastern(t);
    const std::int64_t minutes = local.nanosOfDay / kNanosPerMinute;
    return QStringLiteral("%1 %2 %3:%4 ET")
        .arg(weekdays[weekday(local.date) % 7], QString::fromStdString(formatDate(local.date)))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

AnalyzePanel::AnalyzePanel(QWidget *parent)
    : QWidget(parent)
    , m_link(new LinkGroupButton(this))
    , m_templates(new QComboBox(this))
    , m_legs(new QStandardItemModel(this))
    , m_legsView(new QTableView(this))
    , m_stats(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_time(new QSlider(Qt::Horizontal, this))
    , m_timeLabel(new QLabel(this))
    , m_iv(new QSlider(Qt::Horizontal, this))
    , m_ivLabel(new QLabel(this))
    , m_table(new QStandardItemModel(this))
    , m_tableView(new QTableView(this))
{
    setObjectName(QStringLiteral("AnalyzePanel"));

    m_templates->setObjectName(QStringLiteral("analyzeTemplates"));
    for (const PositionTemplate kind :
         {PositionTemplate::LongStraddle, PositionTemplate::ShortStrangle,
          PositionTemplate::BullCallVertical, PositionTemplate::BearPutVertical,
          PositionTemplate::IronCondor, PositionTemplate::LongCallButterfly,
          PositionTemplate::CallCalendar})
        m_templates->addItem(tr(templateName(kind)), static_cast<int>(kind));
    auto *build = new QPushButton(tr("Build"), this);
    build->setObjectName(QStringLiteral("analyzeBuild"));
    build->setToolTip(tr("Replace the position with the template around the ATM strike of the "
                         "nearest expiry, at mid prices"));
    connect(build, &QPushButton::clicked, this, [this] {
        applyTemplate(static_cast<PositionTemplate>(m_templates->currentData().toInt()));
    });
    auto *clear = new QPushButton(tr("Clear"), this);
    connect(clear, &QPushButton::clicked, this, &AnalyzePanel::clearPosition);

    m_legs->setHorizontalHeaderLabels({tr("Qty"), tr("Contract"), tr("Entry"), tr("IV")});
    m_legsView->setObjectName(QStringLiteral("analyzeLegs"));
    m_legsView->setModel(m_legs);
    m_legsView->verticalHeader()->hide();
    m_legsView->setWordWrap(false);
    m_legsView->setShowGrid(false);
    m_legsView->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_legsView->horizontalHeader()->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_legsView->setColumnWidth(0, digit * 5);
    m_legsView->setColumnWidth(
        1, fontMetrics().horizontalAdvance(QStringLiteral("Jan 15 '25 1234.5 C")) + digit * 2);
    m_legsView->setColumnWidth(2, digit * 8);
    m_legsView->setToolTip(tr("Edit a quantity (0 removes the leg); click a bid (sell) or an ask "
                              "(buy) in the option chain to add a leg"));
    connect(m_legs, &QStandardItemModel::itemChanged, this, [this](QStandardItem *item) {
        if (m_updatingLegs || item->column() != 0)
            return;
        bool ok = false;
        const int quantity = item->text().toInt(&ok);
        if (ok)
            m_position.setQuantity(static_cast<std::size_t>(item->row()), quantity);
        rebuildLegs();
        recompute();
        Q_EMIT positionChanged();
    });

    m_stats->setObjectName(QStringLiteral("analyzeStats"));
    m_stats->setTextFormat(Qt::RichText);
    m_stats->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_stats->setWordWrap(true);

    const DeskColors &colors = deskColors();
    m_plot->setObjectName(QStringLiteral("analyzePlot"));
    m_plot->setMinimumHeight(260);
    styleDeskPlot(m_plot, this);
    m_plot->xAxis->setLabel(tr("Underlying price"));
    m_plot->yAxis->setLabel(tr("P/L ($)"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    // Bands first so the curves draw over them: 2 sigma (outer), 1 sigma (inner).
    for (int k = 0; k < 2; ++k) {
        auto *band = new QCPItemRect(m_plot);
        band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        QColor fill = colors.accent;
        fill.setAlpha(k == 0 ? 18 : 30);
        band->setBrush(fill);
        band->setPen(Qt::NoPen);
        band->setVisible(false);
    }
    auto *spotLine = new QCPItemStraightLine(m_plot);
    spotLine->setPen(QPen(colors.accent, 1, Qt::DashLine));
    spotLine->setVisible(false);
    m_plot->addGraph(); // 0: at the first expiry
    m_plot->graph(0)->setName(tr("At expiry"));
    m_plot->graph(0)->setPen(QPen(colors.neutral.lighter(150), 1.5));
    m_plot->addGraph(); // 1: at the horizon
    m_plot->graph(1)->setName(tr("At the what-if time"));
    m_plot->graph(1)->setPen(QPen(colors.warning, 2));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);

    m_time->setObjectName(QStringLiteral("analyzeTime"));
    m_time->setRange(0, 0);
    m_time->setToolTip(tr("What-if date-time, in minutes from now up to the first expiry"));
    connect(m_time, &QSlider::valueChanged, this, &AnalyzePanel::setHorizonMinutes);
    m_iv->setObjectName(QStringLiteral("analyzeIv"));
    m_iv->setRange(-50, 100);
    m_iv->setValue(0);
    m_iv->setToolTip(tr("Shift of every leg's implied vol, in vol points"));
    connect(m_iv, &QSlider::valueChanged, this, &AnalyzePanel::setIvShiftPoints);

    m_tableView->setObjectName(QStringLiteral("analyzeTable"));
    m_tableView->setModel(m_table);
    m_tableView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableView->setShowGrid(false);
    m_tableView->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_tableView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tableView->setToolTip(tr("P/L in dollars by underlying price (rows) and date-time (columns), "
                               "with the IV shift applied"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_link);
    controls->addWidget(new QLabel(tr("Template"), this));
    controls->addWidget(m_templates);
    controls->addWidget(build);
    controls->addWidget(clear);
    controls->addStretch(1);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(controls);
    leftLayout->addWidget(m_legsView, 2);
    leftLayout->addWidget(m_stats, 3);

    auto *sliders = new QGridLayout;
    sliders->addWidget(new QLabel(tr("Date/time"), this), 0, 0);
    sliders->addWidget(m_time, 0, 1);
    sliders->addWidget(m_timeLabel, 0, 2);
    sliders->addWidget(new QLabel(tr("IV shift"), this), 1, 0);
    sliders->addWidget(m_iv, 1, 1);
    sliders->addWidget(m_ivLabel, 1, 2);
    sliders->setColumnStretch(1, 1);
    m_timeLabel->setMinimumWidth(fontMetrics().horizontalAdvance(
        QStringLiteral("T+ 99d 23h 59m · Wed 2026-11-25 15:59 ET")));

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_plot, 3);
    rightLayout->addLayout(sliders);
    rightLayout->addWidget(m_tableView, 2);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({420, 900});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
    recompute();
}

const engine::ChainSnapshot *AnalyzePanel::chainFor(const std::string &symbol) const
{
    for (const auto &chain : m_chains) {
        if (chain && chain->symbol == symbol)
            return chain.get();
    }
    return nullptr;
}

void AnalyzePanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    // Curves, table and statistics follow the chains (recomputed every 250 ms), not every
    // 33 ms snapshot.
    if (snapshot.chains == m_chains)
        return;
    m_chains = snapshot.chains;
    m_now = snapshot.marketTime;
    if (const engine::ChainSnapshot *chain = chainFor(m_position.underlying())) {
        m_position.updateFromChain(*chain);
        if (m_now == 0)
            m_now = chain->asOf;
    }
    recompute();
}

void AnalyzePanel::setSymbol(const QString &symbol)
{
    m_symbol = symbol.trimmed().toUpper();
}

QByteArray AnalyzePanel::saveState() const
{
    return m_link->saveState();
}

bool AnalyzePanel::restoreState(const QByteArray &state)
{
    return m_link->restoreState(state);
}

void AnalyzePanel::addLeg(InstrumentId contract, int quantity, double price)
{
    for (const auto &chain : m_chains) {
        if (chain && m_position.addContract(*chain, contract, quantity, price)) {
            if (m_now == 0)
                m_now = chain->asOf;
            rebuildLegs();
            recompute();
            Q_EMIT positionChanged();
            return;
        }
    }
}

bool AnalyzePanel::applyTemplate(PositionTemplate kind, Date expiry)
{
    std::string symbol = m_symbol.toStdString();
    if (symbol.empty())
        symbol = m_position.underlying();
    const engine::ChainSnapshot *chain = chainFor(symbol);
    if (!chain && !m_chains.empty() && m_chains.front())
        chain = m_chains.front().get();
    if (!chain)
        return false;
    if (!m_position.applyTemplate(*chain, kind, expiry))
        return false;
    {
        const QSignalBlocker blocker(m_templates);
        m_templates->setCurrentIndex(m_templates->findData(static_cast<int>(kind)));
    }
    if (m_now == 0)
        m_now = chain->asOf;
    m_horizonMinutes = 0;
    rebuildLegs();
    recompute();
    Q_EMIT positionChanged();
    return true;
}

void AnalyzePanel::clearPosition()
{
    m_position.clear();
    rebuildLegs();
    recompute();
    Q_EMIT positionChanged();
}

void AnalyzePanel::setHorizonMinutes(int minutes)
{
    m_horizonMinutes = std::max(0, minutes);
    recompute();
}

void AnalyzePanel::setIvShiftPoints(int points)
{
    m_ivShiftPoints = points;
    if (m_iv->value() != points) {
        const QSignalBlocker blocker(m_iv);
        m_iv->setValue(points);
    }
    recompute();
}

void AnalyzePanel::rebuildLegs()
{
    m_updatingLegs = true;
    m_legs->removeRows(0, m_legs->rowCount());
    for (const AnalyzeLeg &leg : m_position.legs()) {
        auto *quantity = new QStandardItem(QString::number(leg.quantity));
        quantity->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        quantity->setForeground(leg.quantity > 0 ? deskColors().up : deskColors().down);
        auto *contract = new QStandardItem(legText(leg));
        contract->setToolTip(QString::fromStdString(leg.symbol));
        contract->setEditable(false);
        auto *entry = new QStandardItem(formatFixed(leg.entryPrice, 2));
        entry->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        entry->setEditable(false);
        auto *iv = new QStandardItem(leg.iv > 0 ? formatPercent(leg.iv * 100, 1, false)
                                                : QStringLiteral("—"));
        iv->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        iv->setEditable(false);
        m_legs->appendRow({quantity, contract, entry, iv});
    }
    m_updatingLegs = false;
}

double AnalyzePanel::distributionVol(const engine::ChainSnapshot &chain) const
{
    // The ATM IV of the first leg expiry; the 30-day ATM IV otherwise.
    const Timestamp first = m_position.firstExpiry();
    for (const engine::ExpirySummary &summary : chain.expiries) {
        if (pricing::expiryInstant(summary.expiry) == first && summary.atmIv > 0)
            return summary.atmIv;
    }
    if (chain.atmIv30 > 0)
        return chain.atmIv30;
    double sum = 0;
    for (const AnalyzeLeg &leg : m_position.legs())
        sum += leg.iv;
    return m_position.empty() ? 0.2 : sum / static_cast<double>(m_position.legs().size());
}

void AnalyzePanel::recompute()
{
    const engine::ChainSnapshot *chain = chainFor(m_position.underlying());
    if (!chain || m_position.empty()) {
        m_result = {};
        m_spots.clear();
        m_horizonPnl.clear();
        m_expiryPnl.clear();
        m_plot->graph(0)->data()->clear();
        m_plot->graph(1)->data()->clear();
        for (int i = 0; i < m_plot->itemCount(); ++i)
            m_plot->item(i)->setVisible(false);
        m_plot->replot();
        m_table->clear();
        m_time->setRange(0, 0);
        m_timeLabel->setText(QString());
        m_ivLabel->setText(QStringLiteral("%1 vol pts").arg(formatSigned(m_ivShiftPoints, 0)));
        m_stats->setText(m_position.empty()
                             ? tr("No position: pick a template, or click a bid (sell) or an ask "
                                  "(buy) in the option chain.")
                             : tr("Waiting for the %1 chain…")
                                   .arg(QString::fromStdString(m_position.underlying())));
        return;
    }
    const Timestamp first = m_position.firstExpiry();
    const Timestamp now = std::min(m_now > 0 ? m_now : chain->asOf, first);
    const auto maxMinutes =
        static_cast<int>(std::max<std::int64_t>((first - now) / kNanosPerMinute, 0));
    if (m_time->maximum() != maxMinutes) {
        const QSignalBlocker blocker(m_time);
        m_time->setRange(0, maxMinutes);
    }
    m_horizonMinutes = std::min(m_horizonMinutes, maxMinutes);
    if (m_time->value() != m_horizonMinutes) {
        const QSignalBlocker blocker(m_time);
        m_time->setValue(m_horizonMinutes);
    }
    m_horizon = std::min(now + m_horizonMinutes * kNanosPerMinute, first);
    const double shift = m_ivShiftPoints / 100.0;
    const double vol = distributionVol(*chain);
    m_result = m_position.evaluate(now, m_horizon, chain->spot, chain->rate, chain->dividendYield,
                                   vol, shift);
    m_timeLabel->setText(
        QStringLiteral("T+ %1 · %2").arg(durationText(m_horizonMinutes), easternText(m_horizon)));
    m_ivLabel->setText(QStringLiteral("%1 vol pts").arg(formatSigned(m_ivShiftPoints, 0)));
    m_now = now;
    updateChart(*chain, vol);
    updateTable(*chain, vol);
    updateStats();
}

void AnalyzePanel::updateChart(const engine::ChainSnapshot &chain, double vol)
{
    const pricing::Position position = m_position.position(m_now, chain.rate, chain.dividendYield);
    const double toExpiry = pricing::yearsBetween(m_now, m_position.firstExpiry());
    const double horizonYears = pricing::yearsBetween(m_now, m_horizon);
    const double sigma = std::max(vol * std::sqrt(std::max(toExpiry, 1e-6)), 0.01);
    // Spots: 3 standard deviations of the move to the first expiry (at least +-4%), widened to
    // show every strike.
    double low = chain.spot * std::exp(-3 * sigma);
    double high = chain.spot * std::exp(3 * sigma);
    low = std::min(low, chain.spot * 0.96);
    high = std::max(high, chain.spot * 1.04);
    for (const AnalyzeLeg &leg : m_position.legs()) {
        low = std::min(low, leg.strike * 0.98);
        high = std::max(high, leg.strike * 1.02);
    }
    m_spots.resize(kCurvePoints);
    for (int i = 0; i < kCurvePoints; ++i)
        m_spots[static_cast<std::size_t>(i)] = low + (high - low) * i / (kCurvePoints - 1);
    const double shift = m_ivShiftPoints / 100.0;
    m_horizonPnl = pricing::pnlProfile(position, m_spots, horizonYears, shift).pnl;
    m_expiryPnl = pricing::pnlProfile(position, m_spots, toExpiry, shift).pnl;
    const QVector<double> x(m_spots.begin(), m_spots.end());
    m_plot->graph(0)->setData(x, QVector<double>(m_expiryPnl.begin(), m_expiryPnl.end()), true);
    m_plot->graph(1)->setData(x, QVector<double>(m_horizonPnl.begin(), m_horizonPnl.end()), true);
    m_plot->xAxis->setRange(low, high);
    double yMin = 0;
    double yMax = 0;
    for (const auto *curve : {&m_horizonPnl, &m_expiryPnl}) {
        for (const double v : *curve) {
            yMin = std::min(yMin, v);
            yMax = std::max(yMax, v);
        }
    }
    const double pad = std::max((yMax - yMin) * 0.08, 1.0);
    m_plot->yAxis->setRange(yMin - pad, yMax + pad);
    // Items: [0] 2-sigma band, [1] 1-sigma band, [2] spot line.
    for (int k = 0; k < 2; ++k) {
        auto *band = static_cast<QCPItemRect *>(m_plot->item(k));
        const double n = k == 0 ? 2.0 : 1.0;
        band->topLeft->setCoords(chain.spot * std::exp(-n * sigma), 0);
        band->bottomRight->setCoords(chain.spot * std::exp(n * sigma), 1);
        band->setVisible(true);
    }
    auto *spot = static_cast<QCPItemStraightLine *>(m_plot->item(2));
    spot->point1->setCoords(chain.spot, 0);
    spot->point2->setCoords(chain.spot, 1);
    spot->setVisible(true);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void AnalyzePanel::updateTable(const engine::ChainSnapshot &chain, double vol)
{
    const pricing::Position position = m_position.position(m_now, chain.rate, chain.dividendYield);
    const Timestamp first = m_position.firstExpiry();
    const double toExpiry = pricing::yearsBetween(m_now, first);
    const double sigma = std::max(vol * std::sqrt(std::max(toExpiry, 1e-6)), 0.005);
    const double shift = m_ivShiftPoints / 100.0;
    m_table->clear();
    m_table->setRowCount(kTableSpots);
    m_table->setColumnCount(kTableTimes);
    QStringList columns;
    std::vector<double> times;
    for (int c = 0; c < kTableTimes; ++c) {
        const Timestamp t = m_now + (first - m_now) * c / (kTableTimes - 1);
        times.push_back(pricing::yearsBetween(m_now, t));
        const LocalDateTime local = toEastern(t);
        const std::int64_t minutes = local.nanosOfDay / kNanosPerMinute;
        columns << (c == kTableTimes - 1 ? tr("Expiry")
                                         : QStringLiteral("%1/%2 %3:%4")
                                               .arg(month(local.date))
                                               .arg(day(local.date))
                                               .arg(minutes / 60, 2, 10, QLatin1Char('0'))
                                               .arg(minutes % 60, 2, 10, QLatin1Char('0')));
    }
    m_table->setHorizontalHeaderLabels(columns);
    QStringList rows;
    for (int r = 0; r < kTableSpots; ++r) {
        const double z = 2.0 - 4.0 * r / (kTableSpots - 1); // +2 sigma at the top
        const double spot = chain.spot * std::exp(z * sigma);
        rows << QStringLiteral("%1 (%2σ)").arg(formatFixed(spot, 2), formatSigned(z, 1));
        for (int c = 0; c < kTableTimes; ++c) {
            const double pnl =
                pricing::positionPnl(position, spot, times[static_cast<std::size_t>(c)], shift);
            auto *item = new QStandardItem(formatSigned(pnl, 0));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setForeground(pnl > 0 ? deskColors().up
                                        : (pnl < 0 ? deskColors().down : deskColors().neutral));
            item->setData(pnl, Qt::UserRole);
            m_table->setItem(r, c, item);
        }
    }
    m_table->setVerticalHeaderLabels(rows);
}

void AnalyzePanel::updateStats()
{
    const pricing::PositionStats &s = m_result.stats;
    QStringList breakevens;
    for (const double b : s.breakevens)
        breakevens << formatFixed(b, 2);
    const QString neutral = deskColors().neutral.name();
    const auto row = [&](const QString &label, const QString &value) {
        return QStringLiteral("<tr><td style='color:%1; padding-right:12px'>%2</td>"
                              "<td align='right'><b>%3</b></td></tr>")
            .arg(neutral, label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    const pricing::Greeks &g = m_result.greeks;
    QString html = QStringLiteral("<table cellspacing='2'>");
    html += row(m_result.entryCost >= 0 ? tr("Debit paid") : tr("Credit received"),
                formatFixed(std::abs(m_result.entryCost), 2));
    html += row(tr("P/L at the spot, what-if time"), money(m_result.pnl));
    html +=
        row(tr("Prob. of profit at expiry"), formatPercent(s.probabilityOfProfit * 100, 1, false));
    html +=
        row(tr("Max profit at expiry"), s.unlimitedProfit ? tr("unlimited") : money(s.maxProfit));
    html += row(tr("Max loss at expiry"), s.unlimitedLoss ? tr("unlimited") : money(s.maxLoss));
    html += row(tr("Breakevens at expiry"),
                breakevens.isEmpty() ? QStringLiteral("—") : breakevens.join(QStringLiteral(", ")));
    html += row(tr("Expected P/L at expiry"), money(s.expectedPnl));
    html += row(tr("Delta ($ per $1)"), formatSigned(g.delta, 1));
    html += row(tr("Gamma (Δ per $1)"), formatSigned(g.gamma, 2));
    html += row(tr("Theta ($ per day)"), formatSigned(g.theta, 2));
    html += row(tr("Vega ($ per vol pt)"), formatSigned(g.vega, 2));
    html += QStringLiteral("</table>");
    m_stats->setText(html);
    m_stats->setToolTip(
        tr("P/L and Greeks at the what-if date-time with the IV shift. Probability of profit: the "
           "lognormal probability (ATM IV of the first expiry) that the P/L at the first expiry "
           "is above zero, between the breakevens. Greeks: sum over legs of quantity × 100 × the "
           "per-share Greek."));
}

} // namespace mag7::widgets
