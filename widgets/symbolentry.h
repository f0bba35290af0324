#pragma once
// SymbolEntry: keyboard-first symbol entry. A line edit that shows what is typed in upper case and
// completes over the desk's universe by symbol ("NV" -> NVDA, "ES" -> /ES) and by name ("apple"
// -> AAPL), case-insensitively, in a popup of "SYMBOL — Name" lines. Enter takes the highlighted
// completion, the exact symbol, or the only completion; anything else is refused with a message
// naming it. Ctrl+Enter asks to add the symbol to a list. Escape clears the entry and gives the
// focus back. GUI thread only.

#include <QLineEdit>

#include <vector>

class QCompleter;
class QStandardItemModel;

namespace mag7::widgets {

class SymbolEntry final : public QLineEdit {
    Q_OBJECT
public:
    struct Item {
        QString symbol;
        QString name;
    };

    explicit SymbolEntry(QWidget *parent = nullptr);

    void setUniverse(std::vector<Item> items);
    const std::vector<Item> &universe() const { return m_items; }

    // The universe symbol that `text` names: the symbol itself (any case, "ES" for "/ES"), or
    // the only completion. Empty when it names none or several.
    QString resolve(const QString &text) const;
    // Symbols completing `text`: symbol prefixes first, then name matches, in universe order.
    QStringList completionsFor(const QString &text) const;
    QCompleter *symbolCompleter() const { return m_completer; }

    // Focuses the entry with `text` typed (the quote board passes on a letter typed over it).
    void startEntry(const QString &text = {});

Q_SIGNALS:
    // Enter on a universe symbol (or a completion was chosen).
    void symbolEntered(const QString &symbol);
    // Enter on text that names no universe symbol; `message` says so.
    void symbolRejected(const QString &text, const QString &message);
    // Ctrl+Enter: add the symbol (the highlighted completion, the symbol the text names, or
    // the text as typed) to the current list.
    void addRequested(const QString &symbol);
    // Escape: the entry was cleared.
    void cancelled();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void showCompletions(const QString &text);
    void updateCompletions(const QString &text);
    QString highlightedOrResolved() const;
    void enter();
    void accept(const QString &symbol);

    std::vector<Item> m_items;
    QStandardItemModel *m_matches;
    QCompleter *m_completer;
};

} // namespace mag7::widgets
