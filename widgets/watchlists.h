#pragma once
// Watchlists: the trader's named lists of symbols for the quote board, in the order the trader
// gave them. "All" (the whole universe) is not one of them and its name is reserved. Editing
// calls return an empty string on success or a message naming the problem; symbols are checked
// against the universe by the caller. Saved as JSON. GUI thread only.

#include <QJsonArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace mag7::widgets {

struct Watchlist {
    QString name;
    QStringList symbols;
};

class Watchlists {
public:
    // What a fresh desk starts with: "Mag 7" (the seven stocks) and "Index" (SPY, QQQ, IWM and
    // the /ES and /NQ futures).
    static Watchlists defaults();
    // The name of the whole universe in the selector ("All").
    static QString allName();

    const std::vector<Watchlist> &lists() const { return m_lists; }
    QStringList names() const;
    // Case-insensitive lookup; nullptr when there is no such list.
    const Watchlist *find(const QString &name) const;

    QString create(const QString &name);
    QString rename(const QString &from, const QString &to);
    QString remove(const QString &name);

    // Appends `symbol` to list `name` (refused when it is already there).
    QString addSymbol(const QString &name, const QString &symbol);
    // Removes the symbols that are in the list; returns how many went.
    int removeSymbols(const QString &name, const QStringList &symbols);
    // Moves `symbol` by `steps` places (negative: up), clamped to the list. False when nothing
    // moved.
    bool moveSymbol(const QString &name, const QString &symbol, int steps);
    // Replaces the order of the list (after a drag); symbols not in the list are ignored and
    // symbols missing from `order` keep their place at the end.
    void reorder(const QString &name, const QStringList &order);

    QJsonArray toJson() const;
    // Lists with empty, reserved or duplicate names are skipped; symbols are upper-cased and
    // de-duplicated.
    static Watchlists fromJson(const QJsonArray &json);

    bool operator==(const Watchlists &other) const;

private:
    QString checkName(const QString &name, const Watchlist *renaming) const;
    Watchlist *findMutable(const QString &name);

    std::vector<Watchlist> m_lists;
};

} // namespace mag7::widgets
