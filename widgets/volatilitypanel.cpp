#include "volatilitypanel.h"

#include "customplot.h"
#include "linkgroups.h"
#include "plotstyle.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mag7::widgets {

namespace {

constexpr int kFitPoints = 121;

QCustomPlot *makePlot(QWidget *parent, const QString &x, const QString &y)
{
    auto *plot = new QCustomPlot(parent);
    styleDeskPlot(plot, parent);
    plot->xAxis->setLabel(x);
    plot->yAxis->setLabel(y);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setMinimumHeight(200);
    return plot;
}

void setRange(QCPAxis *axis, double low, double high, double pad)
{
    if (!(high > low)) {
        low -= 1;
        high += 1;
    }
    const double margin = (high - low) * pad;
    axis->setRange(low - margin, high + margin);
}

} // namespace

VolatilityPanel::VolatilityPanel(QWidget *parent)
    : QWidget(parent)
    , m_link(new LinkGroupButton(this))
    , m_title(new QLabel(this))
    , m_smile(makePlot(this, tr("Strike"), tr("Implied vol (%)")))
    , m_term(makePlot(this, tr("Days to expiry"), tr("ATM implied vol (%)")))
{
    setObjectName(QStringLiteral("VolatilityPanel"));
    m_title->setObjectName(QStringLiteral("volatilityTitle"));
    m_title->setContentsMargins(6, 4, 6, 2);
    const DeskColors &colors = deskColors();

    m_smile->addGraph(); // 0: OTM calls
    m_smile->graph(0)->setName(tr("Calls (mid IV)"));
    m_smile->graph(0)->setLineStyle(QCPGraph::lsNone);
    m_smile->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colors.up, 5));
    m_smile->addGraph(); // 1: OTM puts
    m_smile->graph(1)->setName(tr("Puts (mid IV)"));
    m_smile->graph(1)->setLineStyle(QCPGraph::lsNone);
    m_smile->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colors.down, 5));
    m_smile->addGraph(); // 2: SVI fit
    m_smile->graph(2)->setName(tr("SVI fit"));
    m_smile->graph(2)->setPen(QPen(colors.warning, 2));
    m_smile->legend->setVisible(true);
    auto *forward = new QCPItemStraightLine(m_smile);
    forward->setPen(QPen(colors.accent, 1, Qt::DashLine));
    forward->setVisible(false);

    m_term->addGraph();
    m_term->graph(0)->setName(tr("ATM IV"));
    m_term->graph(0)->setPen(QPen(colors.accent, 2));
    m_term->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colors.accent, 6));

    auto *plots = new QHBoxLayout;
    plots->addWidget(m_smile, 3);
    plots->addWidget(m_term, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *top = new QHBoxLayout;
    top->setContentsMargins(6, 4, 0, 0);
    top->setSpacing(0);
    top->addWidget(m_link);
    top->addWidget(m_title, 1);
    layout->addLayout(top);
    layout->addLayout(plots, 1);
    refresh();
}

void VolatilityPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    if (snapshot.chains == m_chains)
        return; // no chain was recomputed: nothing to replot
    m_chains = snapshot.chains;
    refresh();
}

void VolatilityPanel::setSymbol(const QString &symbol)
{
    m_symbol = symbol.trimmed().toUpper();
    refresh();
}

QByteArray VolatilityPanel::saveState() const
{
    return m_link->saveState();
}

bool VolatilityPanel::restoreState(const QByteArray &state)
{
    return m_link->restoreState(state);
}

void VolatilityPanel::setExpiry(Date expiry)
{
    m_expiry = expiry;
    refresh();
}

void VolatilityPanel::refresh()
{
    m_smilePoints.clear();
    m_fitCurve.clear();
    m_termPoints.clear();
    const engine::ChainSnapshot *chain = nullptr;
    for (const auto &candidate : m_chains) {
        if (candidate && (QString::fromStdString(candidate->symbol) == m_symbol ||
                          (m_symbol.isEmpty() && !chain)))
            chain = candidate.get();
    }
    m_shown = chain;
    const engine::ExpirySummary *summary = nullptr;
    if (chain) {
        for (const auto &candidate : chain->expiries) {
            if (!(candidate.expiry < m_expiry)) {
                summary = &candidate;
                break;
            }
        }
        if (!summary && !chain->expiries.empty())
            summary = &chain->expiries.back();
    }
    QVector<double> callX, callY, putX, putY, fitX, fitY, termX, termY;
    if (chain && summary) {
        // Out-of-the-money side at each strike: puts below the forward, calls above.
        const std::size_t end =
            std::min(chain->options.size(), summary->firstRow + summary->rowCount);
        for (std::size_t i = summary->firstRow; i < end; ++i) {
            const engine::OptionRow &row = chain->options[i];
            if (row.ivError != pricing::IvError::None || !(row.iv > 0))
                continue;
            const bool otm = row.right == OptionRight::Call ? row.strike >= summary->forward
                                                            : row.strike < summary->forward;
            if (!otm)
                continue;
            m_smilePoints.emplace_back(row.strike, row.iv);
            (row.right == OptionRight::Call ? callX : putX).push_back(row.strike);
            (row.right == OptionRight::Call ? callY : putY).push_back(row.iv * 100);
        }
        if (summary->smile && !m_smilePoints.empty()) {
            const double low = m_smilePoints.front().first;
            const double high = m_smilePoints.back().first;
            for (int i = 0; i < kFitPoints; ++i) {
                const double strike = low + (high - low) * i / (kFitPoints - 1);
                const double iv = summary->smile->impliedVol(strike);
                if (!std::isfinite(iv))
                    continue;
                m_fitCurve.emplace_back(strike, iv);
                fitX.push_back(strike);
                fitY.push_back(iv * 100);
            }
        }
        for (const auto &expiry : chain->expiries) {
            if (!(expiry.atmIv > 0))
                continue;
            m_termPoints.emplace_back(expiry.daysToExpiry, expiry.atmIv);
            termX.push_back(expiry.daysToExpiry);
            termY.push_back(expiry.atmIv * 100);
        }
    }
    m_smile->graph(0)->setData(callX, callY, true);
    m_smile->graph(1)->setData(putX, putY, true);
    m_smile->graph(2)->setData(fitX, fitY, true);
    m_term->graph(0)->setData(termX, termY, true);
    auto *forward = static_cast<QCPItemStraightLine *>(m_smile->item(0));
    forward->setVisible(summary != nullptr);
    if (!m_smilePoints.empty()) {
        double lowIv = m_smilePoints.front().second;
        double highIv = lowIv;
        for (const auto &[strike, iv] : m_smilePoints) {
            lowIv = std::min(lowIv, iv);
            highIv = std::max(highIv, iv);
        }
        setRange(m_smile->xAxis, m_smilePoints.front().first, m_smilePoints.back().first, 0.03);
        setRange(m_smile->yAxis, lowIv * 100, highIv * 100, 0.08);
        forward->point1->setCoords(summary->forward, 0);
        forward->point2->setCoords(summary->forward, 1);
    }
    if (!m_termPoints.empty()) {
        double lowIv = m_termPoints.front().second;
        double highIv = lowIv;
        for (const auto &[days, iv] : m_termPoints) {
            lowIv = std::min(lowIv, iv);
            highIv = std::max(highIv, iv);
        }
        setRange(m_term->xAxis, 0, m_termPoints.back().first, 0.04);
        setRange(m_term->yAxis, lowIv * 100, highIv * 100, 0.1);
    }
    m_smile->replot(QCustomPlot::rpQueuedReplot);
    m_term->replot(QCustomPlot::rpQueuedReplot);

    if (!chain || !summary) {
        m_title->setText(tr("No option chain for %1 yet").arg(m_symbol));
        return;
    }
    QString text = tr("%1 smile %2 (%3d): ATM IV %4")
                       .arg(QString::fromStdString(chain->symbol),
                            QString::fromStdString(formatDate(summary->expiry)))
                       .arg(summary->daysToExpiry)
                       .arg(formatPercent(summary->atmIv * 100, 1, false));
    if (summary->smile)
        text += tr(" · SVI fit RMS %1 vol pts%2")
                    .arg(formatFixed(summary->smile->rmseVolPoints, 2),
                         summary->smile->butterflyArbitrageFree
                             ? QString()
                             : tr(" · butterfly arbitrage in the fit"));
    else
        text += tr(" · no SVI fit yet");
    m_title->setText(text);
}

} // namespace mag7::widgets
