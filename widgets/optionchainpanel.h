#pragma once
// OptionChainPanel: the option chain of one underlying. A symbol picker and summary line (spot,
// 30-day ATM IV, the expiry's expected move and straddle, 25-delta risk reversal and butterfly),
// the expiration strip (date, days to expiry, ATM IV, expected move per expiry), and the
// calls | strike | puts table over OptionChainModel with in-the-money shading, the spot line,
// +-1 and +-2 sigma strike markers from the expected move, a strike-range filter, a column
// chooser and brief flashes on changed cells. Clicking a bid or ask asks for a leg (sell at the
// bid, buy at the ask). GUI thread only.

#include "engine/desksnapshot.h"
#include "optionchainmodel.h"

#include <QElapsedTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;
class QTabBar;
class QTableView;
class QTimer;
class QToolButton;

namespace mag7::widgets {

class LinkGroupButton;

class OptionChainPanel final : public QWidget {
    Q_OBJECT
public:
    explicit OptionChainPanel(QWidget *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    // Selects an underlying (by symbol) and an expiry (the nearest listed on or after it).
    void setSymbol(const QString &symbol);
    void setExpiry(Date expiry);
    QString symbol() const { return m_symbol; }
    // Whether the latest snapshot has a chain for `symbol`.
    bool hasChain(const QString &symbol) const;
    void setFields(std::vector<ChainField> fields);
    void setStrikesEachSide(int strikes);

    OptionChainModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QTabBar *expiryBar() const { return m_expiries; }
    QLabel *summaryLabel() const { return m_summary; }
    QComboBox *symbolBox() const { return m_symbols; }
    // The colour link group (symbols picked here move the panels of the same colour).
    LinkGroupButton *linkGroupButton() const { return m_link; }

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    // A click on a bid (quantity -1: sell) or an ask (+1: buy) of a contract.
    void legRequested(InstrumentId contract, int quantity, double price);
    void symbolChanged(const QString &symbol);
    // The shown expiry changed (the strip, setExpiry, or the old one expired).
    void expiryChanged(Date expiry);
    // The current cell moved to a contract (keyboard or mouse).
    void contractSelected(InstrumentId contract);

private:
    void refresh();
    void rebuildExpiryStrip();
    void rebuildColumnMenu();
    void updateSummary();
    void onCellClicked(const QModelIndex &index);

    OptionChainModel *m_model;
    LinkGroupButton *m_link;
    QComboBox *m_symbols;
    QLabel *m_summary;
    QSpinBox *m_strikes;
    QToolButton *m_columns;
    QTabBar *m_expiries;
    QTableView *m_view;
    QTimer *m_flashTimer;
    QElapsedTimer m_clock;

    QString m_symbol;
    Date m_expiry{};
    std::vector<std::shared_ptr<const engine::ChainSnapshot>> m_chains;
    std::shared_ptr<const engine::ChainSnapshot> m_shown;
    std::vector<Date> m_stripDates;
    bool m_updatingStrip = false;
    bool m_scrolledToAtm = false;
};

} // namespace mag7::widgets
