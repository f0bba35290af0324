#include "scannerpanel.h"

#include "scanresultsmodel.h"
#include "signals/playbook.h"

#include <QElapsedTimer>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

#include <iterator>
#include <limits>

namespace mag7::widgets {

namespace {
const QString kDefaultRule =
    QStringLiteral("ivr > 50 and dte <= 7 and abs(delta) between 0.25 and 0.4");
}

ScannerPanel::ScannerPanel(QWidget *parent)
    : QWidget(parent)
    , m_rule(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_results(new ScanResultsModel(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("ScannerPanel"));
    m_rule->setObjectName(QStringLiteral("scannerRule"));
    m_rule->setClearButtonEnabled(true);
    QString help = tr("Scanner rule over every option contract. Variables:");
    for (const engine::ScanVariableInfo &v : engine::Scanner::variables())
        help +=
            QStringLiteral("\n  %1 — %2").arg(QLatin1String(v.name), QLatin1String(v.description));
    help += tr("\nOperators: + - * /, < <= > >= == !=, x between a and b, and, or, not, abs, "
               "min, max. Unknown values never match.");
    m_rule->setToolTip(help);
    connect(m_rule, &QLineEdit::returnPressed, this, [this] { setRule(m_rule->text()); });
    m_status->setObjectName(QStringLiteral("scannerStatus"));
    m_status->setContentsMargins(6, 2, 6, 2);
    m_view->setModel(m_results);
    m_view->setSortingEnabled(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(20);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    const int widths[] = {64, 88, 44, 48, 68, 68, 68, 64, 68, 76};
    for (int column = 0; column < static_cast<int>(std::size(widths)); ++column)
        m_view->setColumnWidth(column, widths[column]);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (const engine::ScanHit *hit = m_results->hitAt(index.row()))
            Q_EMIT symbolChanged(QString::fromStdString(hit->symbol));
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(2);
    layout->addWidget(m_rule);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);
    m_rule->setText(kDefaultRule);
    setRule(kDefaultRule);
}

bool ScannerPanel::setRule(const QString &rule)
{
    auto compiled = engine::Scanner::create(rule.toStdString());
    if (!compiled) {
        m_status->setText(
            tr("Rule not applied — %1").arg(QString::fromStdString(compiled.message())));
        m_status->setStyleSheet(QStringLiteral("color: #e0a030;"));
        return false;
    }
    m_scanner = std::move(compiled).value();
    if (m_rule->text() != rule)
        m_rule->setText(rule);
    m_status->setStyleSheet({});
    rescan();
    return true;
}

QString ScannerPanel::rule() const
{
    return m_scanner ? QString::fromStdString(m_scanner->rule()) : QString();
}

void ScannerPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    if (snapshot.chains == m_chains)
        return; // chains are recomputed every 250 ms at most; quotes alone do not rescan
    m_chains = snapshot.chains;
    m_quotes = snapshot.quotes;
    rescan();
}

void ScannerPanel::rescan()
{
    if (!m_scanner)
        return;
    QElapsedTimer timer;
    timer.start();
    auto hits = m_scanner->scan(m_chains, m_quotes);
    m_lastScanMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    std::size_t contracts = 0;
    for (const auto &chain : m_chains)
        contracts += chain ? chain->options.size() : 0;
    m_status->setText(tr("%1 of %2 contracts match (scan %3 ms)")
                          .arg(hits.size())
                          .arg(contracts)
                          .arg(m_lastScanMs, 0, 'f', 1));
    std::vector<alerts::ScanHit> alertHits;
    alertHits.reserve(hits.size());
    for (const engine::ScanHit &hit : hits) {
        const engine::OptionRow &row = *hit.contract;
        const std::string name =
            hit.symbol + " " + signals::contractLabel(row.expiry, row.strike, row.right);
        const double iv = row.ivError == pricing::IvError::None
                              ? row.iv
                              : std::numeric_limits<double>::quiet_NaN();
        alertHits.push_back({name,
                             hit.symbol,
                             {{"bid", toDouble(row.bid)},
                              {"ask", toDouble(row.ask)},
                              {"mid", row.mid},
                              {"iv", iv},
                              {"delta", row.greeks.delta},
                              {"dte", static_cast<double>(hit.daysToExpiry)},
                              {"volume", static_cast<double>(row.volume)},
                              {"oi", static_cast<double>(row.openInterest)}}});
    }
    m_results->setHits(std::move(hits));
    Q_EMIT scanned(QString::fromStdString(m_scanner->rule()), alertHits);
}

QByteArray ScannerPanel::saveState() const
{
    return rule().toUtf8();
}

bool ScannerPanel::restoreState(const QByteArray &state)
{
    return !state.isEmpty() && setRule(QString::fromUtf8(state));
}

} // namespace mag7::widgets
