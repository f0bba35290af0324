#pragma once
// QuoteBoardPanel: the quote board (a sortable table over QuoteBoardModel) with a compact toolbar:
// the link group, the watchlist selector ("All" = the whole universe, then the trader's lists),
// the list's menu (new, rename, delete; add, remove and move symbols; highlight rules), the
// symbol entry, and an inline message line for refusals and confirmations.
//
// Keyboard: typing a letter on the table starts the symbol entry; Enter in the entry selects the
// symbol's row and opens it; Ctrl+Enter adds the entry's symbol to the list; Delete removes the
// selected rows from the list; Ctrl+Up / Ctrl+Down move the current row within the list (rows can
// also be dragged). The watchlists, the current list, the highlight rules, the columns and the
// link group persist through saveState()/restoreState() (versioned JSON; the header-only state
// of earlier versions still restores). GUI thread only.

#include "engine/desksnapshot.h"
#include "highlightrules.h"
#include "watchlists.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
class QToolButton;

namespace mag7::widgets {

class LinkGroupButton;
class QuoteBoardModel;
class SymbolEntry;

class QuoteBoardPanel final : public QWidget {
    Q_OBJECT
public:
    explicit QuoteBoardPanel(QWidget *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    QuoteBoardModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    SymbolEntry *symbolEntry() const { return m_entry; }
    LinkGroupButton *linkGroupButton() const { return m_link; }
    QComboBox *watchlistSelector() const { return m_selector; }
    QLabel *messageLabel() const { return m_message; }

    // Shows or hides a column (the header's context menu does the same).
    void setColumnVisible(int column, bool visible);
    bool isColumnVisible(int column) const;

    // Watchlists. Each editing call returns false and shows a message naming the problem when
    // it is refused (unknown symbol, duplicate or reserved name, "All" is not editable).
    const Watchlists &watchlists() const { return m_lists; }
    QString currentWatchlist() const; // Watchlists::allName() for the whole universe
    bool setCurrentWatchlist(const QString &name);
    bool createWatchlist(const QString &name);
    bool renameWatchlist(const QString &from, const QString &to);
    bool deleteWatchlist(const QString &name);
    // Adds a universe symbol to the current list and selects its row.
    bool addSymbol(const QString &symbol);
    // Removes the selected rows from the current list; returns how many went.
    int removeSelectedSymbols();
    // Moves the current row by `steps` within the list (the board shows the list's order).
    bool moveCurrentSymbol(int steps);
    QString message() const;

    void setHighlightRules(std::vector<HighlightRule> rules);
    const std::vector<HighlightRule> &highlightRules() const;
    // Opens the rule editor; the rules change when it is accepted.
    void editHighlightRules();

    // A linked panel picked `symbol`: select its row when the board shows it (no signal).
    void setSymbol(const QString &symbol);
    // The symbol of the current row (empty when no row is current).
    QString symbol() const;
    void focusSymbolEntry();

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    // Emitted once, after the first paint that showed a live quote.
    void firstQuotePainted();
    // The current row moved to a symbol (keyboard or mouse); `open` on a double-click or Enter
    // (on the table or in the symbol entry).
    void symbolSelected(const QString &symbol, bool open);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildToolbar();
    void buildActions();
    void rebuildSelector();
    void applyFilter();
    void updateActions();
    void showMessage(const QString &text, bool problem);
    void onSymbolEntered(const QString &symbol);
    void selectSymbol(const QString &symbol);
    void keepListOrder();
    bool refuseAll();
    QString symbolOfRow(int proxyRow) const;

    QuoteBoardModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    LinkGroupButton *m_link;
    QComboBox *m_selector;
    QToolButton *m_listMenu;
    SymbolEntry *m_entry;
    QLabel *m_message;
    QTimer *m_messageTimer;
    QAction *m_newList = nullptr;
    QAction *m_renameList = nullptr;
    QAction *m_deleteList = nullptr;
    QAction *m_addSymbol = nullptr;
    QAction *m_removeRows = nullptr;
    QAction *m_moveUp = nullptr;
    QAction *m_moveDown = nullptr;
    QAction *m_editRules = nullptr;

    Watchlists m_lists = Watchlists::defaults();
    QString m_current; // empty: All
    bool m_messageIsProblem = false;
    bool m_silent = false; // selecting a row for a linked panel: no symbolSelected
    bool m_hasQuote = false;
    bool m_reportedFirstPaint = false;
};

} // namespace mag7::widgets
