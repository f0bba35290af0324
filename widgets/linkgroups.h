#pragma once
// Colour link groups: panels that show one symbol at a time (quote board, option chain, Analyze,
// Volatility, charts) pick a colour group with a LinkGroupButton in their toolbar. When the
// trader picks a symbol in one panel, every other panel of the same colour follows it; a panel in
// group None is independent. A panel that joins a group (or changes colour) takes the group's
// current symbol.
//
// The LinkHub is owned by the main window and knows every member, its button and how to apply a
// symbol to it. GUI thread only.
//
// Joining a panel takes a couple of lines. A panel with `void setSymbol(const QString &)`, a
// `void symbolChanged(const QString &)` signal (emitted when the trader picks a symbol in it) and
// a LinkGroupButton in its toolbar:
//
//     // in the panel's constructor
//     m_link = new LinkGroupButton(this);      // defaults to Red
//     toolbarLayout->addWidget(m_link);
//     // in MainWindow
//     m_links->join(chart, chart->linkGroupButton());
//
// join() delivers linked symbols to setSymbol() and publishes symbolChanged(); panels without
// such a signal only follow. For panels that need a check before taking a symbol (e.g. only
// optionable underlyings) pass the apply function, and publish the trader's picks yourself:
//
//     m_links->join(panel, panel->linkGroupButton(), [panel](const QString &s) { ... });
//     connect(panel, &Panel::picked, m_links,
//             [=](const QString &s) { m_links->publish(panel, s); });
//
// A panel without a button of its own joins a fixed group:
//
//     m_links->join(panel, LinkGroup::Red, [panel](const QString &s) { panel->setSymbol(s); });
//
// Save the group with the panel's state: button->saveState() is a small versioned state of its
// own; inside a larger state, linkGroupKey() and linkGroupFromKey() give a stable text ("red").

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QToolButton>

#include <functional>
#include <optional>
#include <vector>

class QActionGroup;

namespace mag7::widgets {

enum class LinkGroup { None, Red, Green, Blue, Yellow, Purple };
inline constexpr int kLinkGroupCount = 6;

// The panel's default group: every symbol-bearing panel starts linked.
inline constexpr LinkGroup kDefaultLinkGroup = LinkGroup::Red;

QString linkGroupName(LinkGroup group); // translated: "Red", "None"
QString linkGroupKey(LinkGroup group);  // stable, for saved state: "red", "none"
std::optional<LinkGroup> linkGroupFromKey(const QString &key);
QColor linkGroupColor(LinkGroup group); // invalid for None

// A small tool button with the group's colour chip; its menu picks the group. Keyboard: Tab to
// it, Space opens the menu, arrows and Enter choose.
class LinkGroupButton final : public QToolButton {
    Q_OBJECT
public:
    explicit LinkGroupButton(QWidget *parent = nullptr);

    LinkGroup group() const { return m_group; }
    void setGroup(LinkGroup group);

    // The group as a small versioned state, for panels whose only setting is their group.
    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    void groupChanged(mag7::widgets::LinkGroup group);

private:
    void updateLook();

    LinkGroup m_group = kDefaultLinkGroup;
    QActionGroup *m_actions;
};

class LinkHub final : public QObject {
    Q_OBJECT
public:
    using Apply = std::function<void(const QString &symbol)>;

    explicit LinkHub(QObject *parent = nullptr);

    // Adds `member` with its group button; `apply` receives the symbols of its group picked in
    // other panels. Members leave when destroyed (or with leave()).
    void join(QObject *member, LinkGroupButton *button, Apply apply);
    // A member without a group button: it stays in `group`.
    void join(QObject *member, LinkGroup group, Apply apply);
    // The usual case: symbols go to Panel::setSymbol, Panel::symbolChanged (when the panel has
    // it) publishes.
    template <class Panel>
    void join(Panel *panel, LinkGroupButton *button)
    {
        join(panel, button, [panel](const QString &symbol) { panel->setSymbol(symbol); });
        if constexpr (requires { &Panel::symbolChanged; }) {
            connect(panel, &Panel::symbolChanged, this,
                    [this, panel](const QString &symbol) { publish(panel, symbol); });
        }
    }
    void leave(QObject *member);

    // `source` picked `symbol`: every other member of its group follows. Ignored for members in
    // None, for non-members, and while the hub is delivering (a follower's own echo).
    void publish(QObject *source, const QString &symbol);
    // Gives `member` the symbol (as if the trader picked it there), then publishes it.
    void pick(QObject *member, const QString &symbol);

    // Moves `member` to `group` through its button (false for non-members and members without a
    // button, which stay in their fixed group).
    bool setGroup(QObject *member, LinkGroup group);

    bool isMember(const QObject *member) const;
    LinkGroup groupOf(const QObject *member) const;
    // The symbol last picked in `group` (empty before the first pick and for None).
    QString symbolOf(LinkGroup group) const;
    int memberCount() const { return static_cast<int>(m_members.size()); }

Q_SIGNALS:
    // After every delivery: `source` picked `symbol` in `group`.
    void symbolLinked(mag7::widgets::LinkGroup group, const QString &symbol, QObject *source);

private:
    struct Member {
        QObject *object;
        QPointer<LinkGroupButton> button; // owned by the member; gone first when it is destroyed
        Apply apply;
        LinkGroup group; // follows the button
    };
    void onGroupChanged(QObject *member, LinkGroup group);
    void deliver(const Member &member, const QString &symbol);

    std::vector<Member> m_members;
    QString m_symbols[kLinkGroupCount];
    bool m_delivering = false;
};

} // namespace mag7::widgets
