#include "optionchainpanel.h"

#include "linkgroups.h"
#include "model/easterntime.h"
#include "theme.h"

#include <QAction>
#include <QComboBox>
#include <QDataStream>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTabBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace mag7::widgets {

namespace {

constexpr quint32 kStateMagic = 0x4d374348; // "M7CH"
constexpr quint32 kStateVersion = 2;        // 2 adds the link group

// "Nov 21", with the year ("Jan 15 '27") when it is not `today`'s.
QString shortDate(Date date, Date today)
{
    QString text = QStringLiteral("%1 %2").arg(monthAbbreviation(month(date))).arg(day(date));
    if (year(date) != year(today))
        text += QStringLiteral(" '%1").arg(year(date) % 100, 2, 10, QLatin1Char('0'));
    return text;
}

// Paints the spot line between the strikes that bracket the underlying and the +-1/+-2 sigma
// markers over the default cell.
class ChainDelegate final : public QStyledItemDelegate {
public:
    ChainDelegate(const OptionChainModel *model, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    {}

    // Cells are painted directly (background, text, focus frame) rather than through the
    // style's item-view drawing: the chain repaints hundreds of cells several times a second.
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        paintCell(painter, option, index);
        const engine::ChainSnapshot *chain = m_model->chain();
        if (!chain)
            return;
        const DeskColors &colors = deskColors();
        painter->save();
        // Spot line: below the last strike at or under the spot.
        const double strike = m_model->strikeAt(index.row());
        const double next = m_model->strikeAt(index.row() + 1);
        if (strike <= chain->spot && !(next <= chain->spot) && std::isfinite(next)) {
            painter->setPen(QPen(colors.accent, 2));
            painter->drawLine(option.rect.bottomLeft(), option.rect.bottomRight());
        }
        const int sigma = index.data(OptionChainModel::SigmaRole).toInt();
        if (sigma != 0) {
            QColor marker = colors.warning;
            marker.setAlpha(std::abs(sigma) == 1 ? 200 : 130);
            painter->setPen(QPen(marker, 1, Qt::DashLine));
            painter->drawLine(option.rect.bottomLeft(), option.rect.bottomRight());
            if (index.data(OptionChainModel::SideRole).toInt() == 0) {
                QFont small = option.font;
                small.setPointSizeF(small.pointSizeF() * 0.8);
                small.setBold(true);
                painter->setFont(small);
                painter->setPen(marker);
                const QString tag = (sigma > 0 ? QStringLiteral("+") : QStringLiteral("−")) +
                                    QString::number(std::abs(sigma)) + QStringLiteral("σ");
                painter->drawText(option.rect.adjusted(3, 0, -3, 0),
                                  Qt::AlignLeft | Qt::AlignVCenter, tag);
            }
        }
        painter->restore();
    }

private:
    static QColor colorOf(const QVariant &value)
    {
        if (value.typeId() == QMetaType::QColor)
            return value.value<QColor>();
        if (value.typeId() == QMetaType::QBrush)
            return value.value<QBrush>().color();
        return {};
    }

    static void paintCell(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index)
    {
        const bool selected = option.state.testFlag(QStyle::State_Selected);
        if (selected) {
            painter->fillRect(option.rect, option.palette.brush(QPalette::Highlight));
        } else if (const QColor background = colorOf(index.data(Qt::BackgroundRole));
                   background.isValid()) {
            painter->fillRect(option.rect, background);
        }
        const QString text = index.data(Qt::DisplayRole).toString();
        if (!text.isEmpty()) {
            QColor pen = selected ? option.palette.color(QPalette::HighlightedText)
                                  : colorOf(index.data(Qt::ForegroundRole));
            if (!pen.isValid())
                pen = option.palette.color(QPalette::Text);
            const QVariant font = index.data(Qt::FontRole);
            if (font.isValid()) {
                QFont bold = option.font;
                bold.setBold(font.value<QFont>().bold());
                painter->setFont(bold);
            } else {
                painter->setFont(option.font);
            }
            painter->setPen(pen);
            const auto alignment =
                static_cast<Qt::Alignment>(index.data(Qt::TextAlignmentRole).toInt());
            painter->drawText(option.rect.adjusted(4, 0, -4, 0), alignment, text);
        }
        if (option.state.testFlag(QStyle::State_HasFocus)) {
            painter->setPen(QPen(deskColors().accent, 1));
            painter->drawRect(option.rect.adjusted(0, 0, -1, -1));
        }
    }

    const OptionChainModel *m_model;
};

} // namespace

OptionChainPanel::OptionChainPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new OptionChainModel(this))
    , m_link(new LinkGroupButton(this))
    , m_symbols(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_strikes(new QSpinBox(this))
    , m_columns(new QToolButton(this))
    , m_expiries(new QTabBar(this))
    , m_view(new QTableView(this))
    , m_flashTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("OptionChainPanel"));
    m_clock.start();

    m_symbols->setObjectName(QStringLiteral("chainSymbol"));
    m_symbols->setEditable(true);
    m_symbols->setInsertPolicy(QComboBox::NoInsert);
    m_symbols->setMinimumContentsLength(6);
    m_symbols->setToolTip(tr("Underlying (type a symbol)"));
    connect(m_symbols, &QComboBox::textActivated, this, &OptionChainPanel::setSymbol);

    m_summary->setObjectName(QStringLiteral("chainSummary"));
    m_summary->setTextFormat(Qt::RichText);

    m_strikes->setObjectName(QStringLiteral("chainStrikes"));
    m_strikes->setRange(0, 200);
    m_strikes->setSpecialValueText(tr("All strikes"));
    m_strikes->setPrefix(tr("± "));
    m_strikes->setSuffix(tr(" strikes"));
    m_strikes->setValue(12);
    m_strikes->setToolTip(tr("Strikes shown on each side of the at-the-money strike (0: all)"));
    m_model->setStrikesEachSide(m_strikes->value());
    connect(m_strikes, &QSpinBox::valueChanged, this, &OptionChainPanel::setStrikesEachSide);

    m_columns->setObjectName(QStringLiteral("chainColumns"));
    m_columns->setText(tr("Columns"));
    m_columns->setPopupMode(QToolButton::InstantPopup);
    m_columns->setMenu(new QMenu(m_columns));
    rebuildColumnMenu();

    m_expiries->setObjectName(QStringLiteral("chainExpiries"));
    m_expiries->setExpanding(false);
    m_expiries->setDrawBase(false);
    m_expiries->setUsesScrollButtons(true);
    m_expiries->setElideMode(Qt::ElideNone);
    connect(m_expiries, &QTabBar::currentChanged, this, [this](int tab) {
        if (m_updatingStrip || tab < 0 || tab >= static_cast<int>(m_stripDates.size()))
            return;
        m_expiry = m_stripDates[static_cast<std::size_t>(tab)];
        m_scrolledToAtm = false;
        refresh();
    });

    m_view->setObjectName(QStringLiteral("chainView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new ChainDelegate(m_model, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_view->horizontalHeader()->setMinimumSectionSize(
        fontMetrics().horizontalAdvance(QStringLiteral("−1,234.5")) + 6);
    // The strike column has room for a sigma tag beside the strike.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        const int strike = m_model->strikeColumn();
        m_view->horizontalHeader()->setSectionResizeMode(strike, QHeaderView::Fixed);
        m_view->setColumnWidth(
            strike, fontMetrics().horizontalAdvance(QStringLiteral("+2σ 9999.5 +2σ")) + 12);
    });
    connect(m_view, &QTableView::clicked, this, &OptionChainPanel::onCellClicked);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (const engine::OptionRow *contract = m_model->contractAt(current))
                    Q_EMIT contractSelected(contract->id);
            });

    auto *top = new QHBoxLayout;
    top->setContentsMargins(6, 4, 6, 0);
    top->addWidget(m_link);
    top->addWidget(m_symbols);
    top->addWidget(m_summary, 1);
    top->addWidget(m_strikes);
    top->addWidget(m_columns);

    auto *captions = new QHBoxLayout;
    captions->setContentsMargins(6, 0, 6, 0);
    auto *calls = new QLabel(tr("CALLS"), this);
    auto *puts = new QLabel(tr("PUTS"), this);
    for (QLabel *label : {calls, puts}) {
        QFont font = label->font();
        font.setBold(true);
        font.setLetterSpacing(QFont::PercentageSpacing, 110);
        label->setFont(font);
        label->setStyleSheet(QStringLiteral("color: %1").arg(deskColors().neutral.name()));
    }
    captions->addWidget(calls);
    captions->addStretch(1);
    captions->addWidget(puts);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_expiries);
    layout->addLayout(captions);
    layout->addWidget(m_view, 1);

    m_flashTimer->setInterval(100);
    connect(m_flashTimer, &QTimer::timeout, this,
            [this] { m_model->expireFlashes(m_clock.elapsed()); });
    m_flashTimer->start();
}

void OptionChainPanel::setSnapshot(const engine::DeskSnapshot &snapshot)
{
    bool symbolsChanged = snapshot.chains.size() != m_chains.size();
    for (std::size_t i = 0; !symbolsChanged && i < snapshot.chains.size(); ++i) {
        symbolsChanged = !snapshot.chains[i] || !m_chains[i] ||
                         snapshot.chains[i]->symbol != m_chains[i]->symbol;
    }
    m_chains = snapshot.chains;
    if (symbolsChanged) {
        const QSignalBlocker blocker(m_symbols);
        m_symbols->clear();
        for (const auto &chain : m_chains) {
            if (chain)
                m_symbols->addItem(QString::fromStdString(chain->symbol));
        }
        if (m_symbol.isEmpty() && m_symbols->count() > 0)
            m_symbol = m_symbols->itemText(0);
        m_symbols->setCurrentText(m_symbol);
    }
    refresh();
}

void OptionChainPanel::setSymbol(const QString &symbol)
{
    const QString wanted = symbol.trimmed().toUpper();
    if (wanted.isEmpty() || wanted == m_symbol)
        return;
    m_symbol = wanted;
    m_scrolledToAtm = false;
    {
        const QSignalBlocker blocker(m_symbols);
        m_symbols->setCurrentText(m_symbol);
    }
    refresh();
    Q_EMIT symbolChanged(m_symbol);
}

bool OptionChainPanel::hasChain(const QString &symbol) const
{
    const std::string wanted = symbol.trimmed().toUpper().toStdString();
    return std::any_of(m_chains.begin(), m_chains.end(),
                       [&](const auto &chain) { return chain && chain->symbol == wanted; });
}

void OptionChainPanel::setExpiry(Date expiry)
{
    m_expiry = expiry;
    m_scrolledToAtm = false;
    refresh();
}

void OptionChainPanel::setFields(std::vector<ChainField> fields)
{
    m_model->setFields(std::move(fields));
    rebuildColumnMenu();
}

void OptionChainPanel::setStrikesEachSide(int strikes)
{
    if (m_strikes->value() != strikes) {
        const QSignalBlocker blocker(m_strikes);
        m_strikes->setValue(strikes);
    }
    m_model->setStrikesEachSide(strikes);
    m_scrolledToAtm = false;
    refresh();
}

void OptionChainPanel::refresh()
{
    std::shared_ptr<const engine::ChainSnapshot> chain;
    for (const auto &candidate : m_chains) {
        if (candidate && QString::fromStdString(candidate->symbol) == m_symbol) {
            chain = candidate;
            break;
        }
    }
    m_shown = chain;
    if (chain && !chain->expiries.empty()) {
        // Keep the selected expiry while it is listed; after it expires move to the next one.
        bool listed = false;
        for (const auto &summary : chain->expiries)
            listed = listed || summary.expiry == m_expiry;
        if (!listed) {
            Date next = chain->expiries.back().expiry;
            for (const auto &summary : chain->expiries) {
                if (!(summary.expiry < m_expiry)) {
                    next = summary.expiry;
                    break;
                }
            }
            m_expiry = next;
        }
    }
    rebuildExpiryStrip();
    const Date shown = m_model->expiryDate();
    if (chain.get() != m_model->chain() || shown != m_expiry)
        m_model->setChain(chain, m_expiry, m_clock.elapsed());
    if (m_model->expiryDate() != shown)
        Q_EMIT expiryChanged(m_model->expiryDate());
    updateSummary();
    if (!m_scrolledToAtm && m_model->atmRow() >= 0) {
        m_view->scrollTo(m_model->index(m_model->atmRow(), m_model->strikeColumn()),
                         QAbstractItemView::PositionAtCenter);
        m_scrolledToAtm = true;
    }
}

void OptionChainPanel::rebuildExpiryStrip()
{
    const engine::ChainSnapshot *chain = m_shown.get();
    std::vector<Date> dates;
    if (chain) {
        for (const auto &summary : chain->expiries)
            dates.push_back(summary.expiry);
    }
    const QSignalBlocker blocker(m_expiries);
    m_updatingStrip = true;
    const Date today = chain ? easternDate(chain->asOf) : Date{};
    if (dates != m_stripDates) {
        while (m_expiries->count() > 0)
            m_expiries->removeTab(m_expiries->count() - 1);
        for (const Date date : dates)
            m_expiries->addTab(shortDate(date, today));
        m_stripDates = dates;
    }
    for (std::size_t i = 0; chain && i < chain->expiries.size(); ++i) {
        const engine::ExpirySummary &summary = chain->expiries[i];
        const QString iv =
            summary.atmIv > 0 ? formatPercent(summary.atmIv * 100, 1, false) : QStringLiteral("—");
        const QString move = summary.expectedMove > 0
                                 ? QStringLiteral("±") + formatFixed(summary.expectedMove, 2)
                                 : QStringLiteral("—");
        const int tab = static_cast<int>(i);
        const QString text = QStringLiteral("%1  %2d  %3  %4")
                                 .arg(shortDate(summary.expiry, today))
                                 .arg(summary.daysToExpiry)
                                 .arg(iv, move);
        if (m_expiries->tabText(tab) != text)
            m_expiries->setTabText(tab, text);
        m_expiries->setTabToolTip(
            tab, tr("%1: %2 calendar days to expiry, ATM IV %3, expected move %4 (spot × ATM IV × "
                    "√T), ATM straddle %5")
                     .arg(QString::fromStdString(formatDate(summary.expiry)))
                     .arg(summary.daysToExpiry)
                     .arg(iv, move, formatFixed(summary.straddle, 2)));
        if (summary.expiry == m_expiry && m_expiries->currentIndex() != tab)
            m_expiries->setCurrentIndex(tab);
    }
    m_updatingStrip = false;
}

void OptionChainPanel::updateSummary()
{
    const engine::ChainSnapshot *chain = m_model->chain();
    const engine::ExpirySummary *summary = m_model->expiry();
    if (!chain || !summary) {
        m_summary->setText(m_symbol.isEmpty()
                               ? tr("Waiting for option chains…")
                               : (m_chains.empty() ? tr("%1: waiting for the option chain…")
                                                   : tr("%1 lists no options"))
                                     .arg(m_symbol.toHtmlEscaped()));
        return;
    }
    const QString neutral = deskColors().neutral.name();
    const auto item = [&](const QString &label, const QString &value) {
        return QStringLiteral("<span style='color:%1'>%2</span>&nbsp;<b>%3</b>")
            .arg(neutral, label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    const auto points = [](double v) {
        return std::isfinite(v) ? formatSigned(v * 100, 2) : QStringLiteral("—");
    };
    QStringList parts;
    parts << item(tr("Spot"), formatFixed(chain->spot, 2));
    parts << item(tr("IV30"), chain->atmIv30 > 0 ? formatPercent(chain->atmIv30 * 100, 1, false)
                                                 : QStringLiteral("—"));
    parts << item(tr("ATM IV"), summary->atmIv > 0 ? formatPercent(summary->atmIv * 100, 1, false)
                                                   : QStringLiteral("—"));
    parts << item(tr("Exp. move"),
                  summary->expectedMove > 0
                      ? QStringLiteral("±%1 (%2)")
                            .arg(formatFixed(summary->expectedMove, 2),
                                 formatPercent(100 * summary->expectedMove / chain->spot, 2, false))
                      : QStringLiteral("—"));
    parts << item(tr("Straddle"), formatFixed(summary->straddle, 2));
    parts << item(tr("RR25"), points(summary->riskReversal25));
    parts << item(tr("BF25"), points(summary->butterfly25));
    if (chain->gex.flipLevel)
        parts << item(tr("Flip"), formatFixed(*chain->gex.flipLevel, 2));
    m_summary->setText(parts.join(QStringLiteral("&nbsp;&nbsp;&nbsp;")));
    m_summary->setToolTip(
        tr("IV30: 30-day constant-maturity ATM implied vol. Exp. move: spot × ATM IV × √T of this "
           "expiry. RR25: 25Δ call IV − 25Δ put IV; BF25: (25Δ call IV + 25Δ put IV)/2 − ATM IV, "
           "in vol points, from the expiry's SVI smile fit. Flip: the spot where the total dealer "
           "gamma exposure changes sign."));
}

void OptionChainPanel::rebuildColumnMenu()
{
    QMenu *menu = m_columns->menu();
    menu->clear();
    const std::vector<ChainField> shown = m_model->fields();
    for (int f = 0; f < static_cast<int>(ChainField::Count); ++f) {
        const auto field = static_cast<ChainField>(f);
        QAction *action = menu->addAction(chainFieldTitle(field));
        action->setCheckable(true);
        action->setChecked(std::find(shown.begin(), shown.end(), field) != shown.end());
        action->setToolTip(chainFieldToolTip(field));
        connect(action, &QAction::toggled, this, [this, field](bool on) {
            std::vector<ChainField> fields = m_model->fields();
            const auto it = std::find(fields.begin(), fields.end(), field);
            if (on && it == fields.end()) {
                // Keep the chooser's order: insert before the first field listed after it.
                auto position =
                    std::find_if(fields.begin(), fields.end(), [field](ChainField other) {
                        return static_cast<int>(other) > static_cast<int>(field);
                    });
                fields.insert(position, field);
            } else if (!on && it != fields.end()) {
                fields.erase(it);
            }
            m_model->setFields(std::move(fields));
            m_scrolledToAtm = false;
            refresh();
        });
    }
}

void OptionChainPanel::onCellClicked(const QModelIndex &index)
{
    const engine::OptionRow *contract = m_model->contractAt(index);
    if (!contract)
        return;
    const auto field = static_cast<ChainField>(index.data(OptionChainModel::FieldRole).toInt());
    if (field == ChainField::Bid && contract->bid > 0)
        Q_EMIT legRequested(contract->id, -1, toDouble(contract->bid));
    else if (field == ChainField::Ask && contract->ask > 0)
        Q_EMIT legRequested(contract->id, +1, toDouble(contract->ask));
}

QByteArray OptionChainPanel::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateMagic << kStateVersion << m_symbol << m_strikes->value();
    QList<int> fields;
    for (const ChainField field : m_model->fields())
        fields << static_cast<int>(field);
    out << fields << linkGroupKey(m_link->group());
    return state;
}

bool OptionChainPanel::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    quint32 version = 0;
    QString symbol;
    int strikes = 0;
    QList<int> fields;
    in >> magic >> version >> symbol >> strikes >> fields;
    if (in.status() != QDataStream::Ok || magic != kStateMagic || version < 1 ||
        version > kStateVersion)
        return false;
    if (version >= 2) {
        QString link;
        in >> link;
        if (const auto group = linkGroupFromKey(link))
            m_link->setGroup(*group);
    }
    std::vector<ChainField> restored;
    for (const int f : fields) {
        if (f >= 0 && f < static_cast<int>(ChainField::Count))
            restored.push_back(static_cast<ChainField>(f));
    }
    setFields(restored);
    setStrikesEachSide(strikes);
    if (!symbol.isEmpty())
        setSymbol(symbol);
    return true;
}

} // namespace mag7::widgets
