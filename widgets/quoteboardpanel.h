#pragma once
// QuoteBoardPanel: the quote board of the universe (a sortable table over QuoteBoardModel).
// GUI thread only.

#include "engine/desksnapshot.h"

#include <QWidget>

class QTableView;
class QSortFilterProxyModel;

namespace mag7::widgets {

class QuoteBoardModel;

class QuoteBoardPanel final : public QWidget {
    Q_OBJECT
public:
    explicit QuoteBoardPanel(QWidget *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    QuoteBoardModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

    // Shows or hides a column (the header's context menu does the same).
    void setColumnVisible(int column, bool visible);
    bool isColumnVisible(int column) const;

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    // Emitted once, after the first paint that showed a live quote.
    void firstQuotePainted();
    // The current row moved to a symbol (keyboard or mouse); `open` on a double-click or Enter.
    void symbolSelected(const QString &symbol, bool open);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QuoteBoardModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    bool m_hasQuote = false;
    bool m_reportedFirstPaint = false;
};

} // namespace mag7::widgets
