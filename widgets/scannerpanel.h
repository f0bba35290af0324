#pragma once
// ScannerPanel: a scanner rule typed by the trader (the expression language of the highlight
// rules, over every option contract: `ivr > 50 and dte <= 7 and abs(delta) between 0.25 and
// 0.4`), rescanned whenever the chains are recomputed; the matches in a table. A rule that does
// not parse keeps the previous one running and shows the error with its column. GUI thread only.

#include "alerts/levelwatch.h"
#include "engine/desksnapshot.h"
#include "engine/scanner.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QTableView;

namespace mag7::widgets {

class ScanResultsModel;

class ScannerPanel final : public QWidget {
    Q_OBJECT
public:
    explicit ScannerPanel(QWidget *parent = nullptr);

    void setSnapshot(const engine::DeskSnapshot &snapshot);
    // Compiles and applies `rule`; false (with the error shown) when it does not compile.
    bool setRule(const QString &rule);
    QString rule() const;

    ScanResultsModel *results() const { return m_results; }
    QLabel *statusLabel() const { return m_status; }
    QLineEdit *ruleEdit() const { return m_rule; }

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    // A result row was activated: its underlying (for the link group).
    void symbolChanged(const QString &symbol);
    // After every scan: the rule and every matching contract with its quote, IV, delta and DTE
    // (the scanner-hit alerts compare consecutive scans).
    void scanned(const QString &rule, const std::vector<mag7::alerts::ScanHit> &hits);

private:
    void rescan();

    QLineEdit *m_rule;
    QLabel *m_status;
    ScanResultsModel *m_results;
    QTableView *m_view;
    std::optional<engine::Scanner> m_scanner;
    std::vector<std::shared_ptr<const engine::ChainSnapshot>> m_chains;
    std::vector<engine::QuoteRow> m_quotes;
    double m_lastScanMs = 0;
};

} // namespace mag7::widgets
