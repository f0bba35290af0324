#include "linkgroups.h"

#include "theme.h"

#include <QAction>
#include <QActionGroup>
#include <QDataStream>
#include <QIODevice>
#include <QMenu>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace mag7::widgets {

namespace {

constexpr quint32 kStateMagic = 0x4d374c47; // "M7LG"
constexpr quint32 kStateVersion = 1;

int indexOf(LinkGroup group)
{
    return static_cast<int>(group);
}

// A round chip of the group's colour; None is an empty ring.
QIcon chipIcon(LinkGroup group, int size)
{
    const qreal ratio = 2.0; // sharp on HiDPI screens
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF chip(1.5, 1.5, size - 3.0, size - 3.0);
    if (group == LinkGroup::None) {
        painter.setPen(QPen(deskColors().neutral, 1.5));
        painter.setBrush(Qt::NoBrush);
    } else {
        painter.setPen(QPen(linkGroupColor(group).darker(140), 1));
        painter.setBrush(linkGroupColor(group));
    }
    painter.drawEllipse(chip);
    return QIcon(pixmap);
}

} // namespace

QString linkGroupName(LinkGroup group)
{
    switch (group) {
    case LinkGroup::None:
        return QObject::tr("None");
    case LinkGroup::Red:
        return QObject::tr("Red");
    case LinkGroup::Green:
        return QObject::tr("Green");
    case LinkGroup::Blue:
        return QObject::tr("Blue");
    case LinkGroup::Yellow:
        return QObject::tr("Yellow");
    case LinkGroup::Purple:
        return QObject::tr("Purple");
    }
    return {};
}

QString linkGroupKey(LinkGroup group)
{
    static const char *const keys[kLinkGroupCount] = {"none", "red",    "green",
                                                      "blue", "yellow", "purple"};
    return QString::fromLatin1(keys[indexOf(group)]);
}

std::optional<LinkGroup> linkGroupFromKey(const QString &key)
{
    for (int i = 0; i < kLinkGroupCount; ++i) {
        const auto group = static_cast<LinkGroup>(i);
        if (key.compare(linkGroupKey(group), Qt::CaseInsensitive) == 0)
            return group;
    }
    return std::nullopt;
}

QColor linkGroupColor(LinkGroup group)
{
    switch (group) {
    case LinkGroup::None:
        return {};
    case LinkGroup::Red:
        return {0xe5, 0x48, 0x4d};
    case LinkGroup::Green:
        return {0x30, 0xa4, 0x6c};
    case LinkGroup::Blue:
        return {0x3b, 0x82, 0xf6};
    case LinkGroup::Yellow:
        return {0xe8, 0xb9, 0x31};
    case LinkGroup::Purple:
        return {0x9b, 0x6b, 0xdf};
    }
    return {};
}

LinkGroupButton::LinkGroupButton(QWidget *parent)
    : QToolButton(parent)
    , m_actions(new QActionGroup(this))
{
    setObjectName(QStringLiteral("linkGroupButton"));
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonIconOnly);
    setAutoRaise(true);
    setFocusPolicy(Qt::StrongFocus);
    // The chip alone: the menu arrow would sit on top of it.
    setStyleSheet(QStringLiteral("QToolButton::menu-indicator { image: none; width: 0px; }"));
    const int chip = fontMetrics().height() - 2;
    setIconSize(QSize(chip, chip));
    auto *menu = new QMenu(this);
    menu->setToolTipsVisible(true);
    m_actions->setExclusive(true);
    for (int i = 0; i < kLinkGroupCount; ++i) {
        const auto group = static_cast<LinkGroup>(i);
        QAction *action = menu->addAction(chipIcon(group, chip), linkGroupName(group));
        action->setCheckable(true);
        action->setData(i);
        m_actions->addAction(action);
        connect(action, &QAction::triggered, this, [this, group] { setGroup(group); });
        if (group == LinkGroup::None)
            menu->addSeparator();
    }
    setMenu(menu);
    updateLook();
}

void LinkGroupButton::setGroup(LinkGroup group)
{
    if (group == m_group)
        return;
    m_group = group;
    updateLook();
    Q_EMIT groupChanged(group);
}

QByteArray LinkGroupButton::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateMagic << kStateVersion << linkGroupKey(m_group);
    return state;
}

bool LinkGroupButton::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    quint32 version = 0;
    QString key;
    in >> magic >> version >> key;
    const auto group = linkGroupFromKey(key);
    if (in.status() != QDataStream::Ok || magic != kStateMagic || version != kStateVersion ||
        !group)
        return false;
    setGroup(*group);
    return true;
}

void LinkGroupButton::updateLook()
{
    const int chip = iconSize().height();
    setIcon(chipIcon(m_group, chip));
    for (QAction *action : m_actions->actions())
        action->setChecked(action->data().toInt() == indexOf(m_group));
    const QString name = linkGroupName(m_group);
    setText(name);
    setAccessibleName(tr("Link group: %1").arg(name));
    setToolTip(
        m_group == LinkGroup::None
            ? tr("Link group: None. This panel is independent: it neither follows nor moves other "
                 "panels. Pick a colour to link it; panels of the same colour follow the symbol "
                 "picked in any of them.")
            : tr("Link group: %1. Panels of the same colour follow the symbol picked in any of "
                 "them (pick a row on the quote board and the %1 chain, Analyze and Volatility "
                 "move to it); None makes this panel independent.")
                  .arg(name));
}

LinkHub::LinkHub(QObject *parent)
    : QObject(parent)
{}

void LinkHub::join(QObject *member, LinkGroupButton *button, Apply apply)
{
    if (!member || !button)
        return;
    leave(member);
    m_members.push_back({member, button, std::move(apply), button->group()});
    connect(button, &LinkGroupButton::groupChanged, this,
            [this, member](LinkGroup group) { onGroupChanged(member, group); });
    connect(member, &QObject::destroyed, this, [this, member] { leave(member); });
}

void LinkHub::join(QObject *member, LinkGroup group, Apply apply)
{
    if (!member)
        return;
    leave(member);
    m_members.push_back({member, nullptr, std::move(apply), group});
    connect(member, &QObject::destroyed, this, [this, member] { leave(member); });
}

void LinkHub::leave(QObject *member)
{
    const auto it = std::find_if(m_members.begin(), m_members.end(),
                                 [member](const Member &m) { return m.object == member; });
    if (it == m_members.end())
        return;
    if (it->button)
        disconnect(it->button, nullptr, this, nullptr);
    disconnect(member, nullptr, this, nullptr);
    m_members.erase(it);
}

void LinkHub::publish(QObject *source, const QString &symbol)
{
    if (m_delivering || symbol.isEmpty())
        return;
    const LinkGroup group = groupOf(source);
    const auto sourceIt = std::find_if(m_members.begin(), m_members.end(),
                                       [source](const Member &m) { return m.object == source; });
    if (group == LinkGroup::None || sourceIt == m_members.end())
        return;
    m_symbols[indexOf(group)] = symbol;
    // Copy: a follower may join or leave while it applies the symbol.
    const std::vector<Member> members = m_members;
    for (const Member &member : members) {
        if (member.object != source && member.group == group)
            deliver(member, symbol);
    }
    Q_EMIT symbolLinked(group, symbol, source);
}

void LinkHub::pick(QObject *member, const QString &symbol)
{
    if (m_delivering || symbol.isEmpty())
        return;
    for (const Member &m : m_members) {
        if (m.object == member) {
            const Member copy = m;
            deliver(copy, symbol);
            publish(member, symbol);
            return;
        }
    }
}

bool LinkHub::isMember(const QObject *member) const
{
    return std::any_of(m_members.begin(), m_members.end(),
                       [member](const Member &m) { return m.object == member; });
}

bool LinkHub::setGroup(QObject *member, LinkGroup group)
{
    for (const Member &m : m_members) {
        if (m.object == member && m.button) {
            m.button->setGroup(group);
            return true;
        }
    }
    return false;
}

LinkGroup LinkHub::groupOf(const QObject *member) const
{
    for (const Member &m : m_members) {
        if (m.object == member)
            return m.group;
    }
    return LinkGroup::None;
}

QString LinkHub::symbolOf(LinkGroup group) const
{
    return group == LinkGroup::None ? QString() : m_symbols[indexOf(group)];
}

void LinkHub::onGroupChanged(QObject *member, LinkGroup group)
{
    for (Member &m : m_members) {
        if (m.object != member)
            continue;
        m.group = group;
        // A panel that joins a colour takes the group's current symbol.
        if (const QString symbol = symbolOf(group); !symbol.isEmpty()) {
            const Member copy = m;
            deliver(copy, symbol);
        }
        return;
    }
}

void LinkHub::deliver(const Member &member, const QString &symbol)
{
    const bool wasDelivering = m_delivering;
    m_delivering = true;
    if (member.apply)
        member.apply(symbol);
    m_delivering = wasDelivering;
}

} // namespace mag7::widgets
