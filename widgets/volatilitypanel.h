#pragma once
// VolatilityPanel: the implied-volatility smile of one expiry (market IVs of the out-of-the-money
// side at each strike, with the expiry's SVI fit drawn through them) and the ATM term structure
// of the underlying (ATM IV by days to expiry), both from the engine's ChainSnapshot, on
// QCustomPlot. It follows the underlying of its colour link group and the option chain's expiry.
// GUI thread only.

#include "engine/desksnapshot.h"

#include <QWidget>

class QCustomPlot;
class QLabel;

namespace mag7::widgets {

class LinkGroupButton;

class VolatilityPanel final : public QWidget {
    Q_OBJECT
public:
    explicit VolatilityPanel(QWidget *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    void setSymbol(const QString &symbol);
    void setExpiry(Date expiry);
    QString symbol() const { return m_symbol; }
    // The colour link group this panel follows.
    LinkGroupButton *linkGroupButton() const { return m_link; }
    // The panel's settings (its link group).
    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    // What is plotted (for tests): smile points (strike, IV), the fit curve, term points
    // (days, ATM IV).
    const std::vector<std::pair<double, double>> &smilePoints() const { return m_smilePoints; }
    const std::vector<std::pair<double, double>> &fitCurve() const { return m_fitCurve; }
    const std::vector<std::pair<double, double>> &termPoints() const { return m_termPoints; }
    QLabel *titleLabel() const { return m_title; }

private:
    void refresh();

    LinkGroupButton *m_link;
    QLabel *m_title;
    QCustomPlot *m_smile;
    QCustomPlot *m_term;
    QString m_symbol;
    Date m_expiry{};
    std::vector<std::shared_ptr<const engine::ChainSnapshot>> m_chains;
    const engine::ChainSnapshot *m_shown = nullptr;
    std::vector<std::pair<double, double>> m_smilePoints;
    std::vector<std::pair<double, double>> m_fitCurve;
    std::vector<std::pair<double, double>> m_termPoints;
};

} // namespace mag7::widgets
