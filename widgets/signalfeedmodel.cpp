#include "signalfeedmodel.h"

#include "model/easterntime.h"
#include "theme.h"

#include <algorithm>
#include <cmath>

namespace mag7::widgets {

namespace {
QString when(Timestamp ts)
{
    const LocalDateTime local = toEastern(ts);
    return QStringLiteral("%1 %2 %3")
        .arg(monthAbbreviation(month(local.date)))
        .arg(day(local.date))
        .arg(formatEasternClock(ts));
}

QString price(double value)
{
    return std::isfinite(value) ? formatFixed(value, 2) : QStringLiteral("—");
}

QString values(const std::vector<signals::SignalValue> &list)
{
    QStringList parts;
    for (const auto &value : list)
        parts << QStringLiteral("%1 = %2").arg(QString::fromStdString(value.name),
                                               QString::number(value.value, 'g', 8));
    return parts.join(QStringLiteral("\n"));
}
QString tooltip(const signals::Signal &s)
{
    QString text = QString::fromStdString(s.reason);
    if (!s.legs.empty()) {
        QStringList legs;
        for (const signals::SignalLeg &leg : s.legs)
            legs << QString::fromStdString(signals::describeLeg(leg));
        text += SignalFeedModel::tr("\n\n%1:\n%2")
                    .arg(s.structure.empty() ? SignalFeedModel::tr("Legs")
                                             : QString::fromStdString(s.structure),
                         legs.join(QLatin1Char('\n')));
        if (std::isfinite(s.netPrice))
            text += SignalFeedModel::tr("\nnet %1 %2")
                        .arg(formatFixed(std::abs(s.netPrice), 2),
                             s.netPrice < 0 ? SignalFeedModel::tr("credit")
                                            : SignalFeedModel::tr("debit"));
    }
    if (std::isfinite(s.confidence))
        text += SignalFeedModel::tr("\n\nConfidence %1%").arg(std::lround(s.confidence * 100));
    return text + SignalFeedModel::tr("\n\nInputs:\n%1\n\nThresholds:\n%2")
                      .arg(values(s.inputs), values(s.thresholds));
}

} // namespace

QString SignalFeedModel::setupText(const signals::Signal &signal)
{
    if (signal.structure.empty() && signal.legs.empty())
        return {};
    QString text = signal.structure.empty()
                       ? tr("%n leg(s)", nullptr, static_cast<int>(signal.legs.size()))
                       : QString::fromStdString(signal.structure);
    std::vector<double> strikes;
    for (const signals::SignalLeg &leg : signal.legs) {
        if (!leg.shares)
            strikes.push_back(leg.strike);
    }
    std::sort(strikes.begin(), strikes.end());
    strikes.erase(std::unique(strikes.begin(), strikes.end()), strikes.end());
    QStringList strikeTexts;
    for (double strike : strikes)
        strikeTexts << formatStrike(strike);
    if (!strikeTexts.isEmpty())
        text += QLatin1Char(' ') + strikeTexts.join(QLatin1Char('/'));
    if (std::isfinite(signal.netPrice))
        text += signal.netPrice < 0 ? tr(" @ %1 cr").arg(formatFixed(-signal.netPrice, 2))
                                    : tr(" @ %1").arg(formatFixed(signal.netPrice, 2));
    return text;
}

SignalFeedModel::SignalFeedModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void SignalFeedModel::setBoard(std::shared_ptr<const engine::SignalBoard> board)
{
    if (board == m_board)
        return;
    auto same = [](const signals::Signal &a, const signals::Signal &b) {
        return a.time == b.time && a.symbol == b.symbol && a.playbook == b.playbook;
    };
    // New signals are appended to the board; the feed inserts them at the top. Anything else
    // (the oldest dropped, another session) resets.
    const std::size_t old = m_board ? m_board->signals.size() : 0;
    const bool append = m_board && board && board->signals.size() >= old &&
                        (old == 0 || (same(board->signals.front(), m_board->signals.front()) &&
                                      same(board->signals[old - 1], m_board->signals.back())));
    auto rebuild = [this](std::shared_ptr<const engine::SignalBoard> next) {
        m_board = std::move(next);
        m_rows.clear();
        if (m_board) {
            for (auto it = m_board->signals.rbegin(); it != m_board->signals.rend(); ++it)
                m_rows.push_back(&*it);
        }
    };
    if (!append) {
        beginResetModel();
        rebuild(std::move(board));
        endResetModel();
        return;
    }
    const auto added = static_cast<int>(board->signals.size() - old);
    if (added == 0) {
        rebuild(std::move(board)); // the same signals: rows now point into the new board
        return;
    }
    beginInsertRows({}, 0, added - 1);
    rebuild(std::move(board));
    endInsertRows();
}

const signals::Signal *SignalFeedModel::signalAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[static_cast<std::size_t>(row)] : nullptr;
}

int SignalFeedModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SignalFeedModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant SignalFeedModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const signals::Signal &s = *m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return when(s.time);
        case Symbol:
            return QString::fromStdString(s.symbol);
        case Playbook:
            return QString::fromStdString(s.playbook);
        case Side:
            return QString::fromLatin1(signals::signalSideName(s.side)).toUpper();
        case Price:
            return price(s.price);
        case Stop:
            return price(s.stop);
        case Target:
            return price(s.target);
        case Setup:
            return setupText(s);
        case Confidence:
            return std::isfinite(s.confidence)
                       ? QStringLiteral("%1%").arg(std::lround(s.confidence * 100))
                       : QString();
        case Reason:
            return QString::fromStdString(s.reason);
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Side)
            return s.side == signals::SignalSide::Long    ? deskColors().up
                   : s.side == signals::SignalSide::Short ? deskColors().down
                                                          : deskColors().neutral;
        return {};
    case Qt::TextAlignmentRole:
        if ((index.column() >= Price && index.column() <= Target) || index.column() == Confidence)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return tooltip(s);
    default:
        return {};
    }
}

QVariant SignalFeedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= Count)
        return {};
    if (role == Qt::ToolTipRole) {
        if (section == Setup)
            return tr("The option structure the playbook proposes, its strikes and its net price "
                      "per unit (cr = credit); hover a row for the legs");
        if (section == Confidence)
            return tr("The playbook's confidence in the setup, where it scores one (the "
                      "ensemble: the share of its components that agree)");
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    static const char *const kTitles[] = {"Time", "Symbol", "Playbook", "Side",  "Price",
                                          "Stop", "Target", "Setup",    "Conf.", "Reason"};
    return tr(kTitles[section]);
}

} // namespace mag7::widgets
