// QuoteBoardModel: model contract (QAbstractItemModelTester), formatting, colours, sort values
// and the batching of change notifications.
#include "quoteboardmodel.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTest>

using namespace mag7;
using namespace mag7::engine;
using mag7::widgets::QuoteBoardModel;

namespace {
QuoteRow row(InstrumentId id, const char *symbol, double bid, double ask, double last,
             double previous)
{
    QuoteRow r;
    r.id = id;
    r.symbol = symbol;
    r.name = std::string(symbol) + " Inc.";
    r.bid = toPrice(bid);
    r.ask = toPrice(ask);
    r.bidSize = 300;
    r.askSize = 1200;
    r.last = toPrice(last);
    r.previousClose = previous;
    r.volume = 12'345'678;
    r.revision = 1;
    return r;
}

DeskSnapshot snapshotOf(std::vector<QuoteRow> rows)
{
    DeskSnapshot s;
    s.quotes = std::move(rows);
    return s;
}
} // namespace

class TestQuoteBoardModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { widgets::applyTheme(*qApp, widgets::ThemeKind::Dark); }
    void passesModelTester();
    void formatsNumbersWithSignsAndUnits();
    void coloursFollowDirection();
    void notifiesOnlyChangedRowSpans();
    void resetsWhenRowsChange();
    void explainsDerivedColumns();
};

void TestQuoteBoardModel::passesModelTester()
{
    QuoteBoardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshotOf({row(0, "AAPL", 230.10, 230.12, 230.11, 228.0),
                                  row(1, "SPY", 590.0, 590.01, 590.0, 591.0)}));
    auto second = snapshotOf({row(0, "AAPL", 230.10, 230.12, 230.11, 228.0),
                              row(1, "SPY", 590.0, 590.01, 590.0, 591.0)});
    second.quotes[1].revision = 2;
    second.quotes[1].bid = toPrice(589.5);
    model.setSnapshot(second);
    model.setSnapshot(snapshotOf({row(4, "TSLA", 400, 400.2, 400.1, 390)}));
    QCOMPARE(model.rowCount(), 1);
}

void TestQuoteBoardModel::formatsNumbersWithSignsAndUnits()
{
    QuoteBoardModel model;
    QuoteRow r = row(0, "AAPL", 230.10, 230.12, 230.11, 228.0);
    r.relativeVolume = 1.234;
    r.atmIv = 0.2512;
    r.ivRank = 37.6;
    model.setSnapshot(snapshotOf({r}));
    auto text = [&](QuoteBoardModel::Column c) { return model.index(0, c).data().toString(); };
    QCOMPARE(text(QuoteBoardModel::Symbol), QStringLiteral("AAPL"));
    QCOMPARE(text(QuoteBoardModel::Last), QStringLiteral("230.11"));
    QCOMPARE(text(QuoteBoardModel::Change), QStringLiteral("+2.11"));
    QCOMPARE(text(QuoteBoardModel::ChangePercent), QStringLiteral("+0.93%"));
    QCOMPARE(text(QuoteBoardModel::Bid), QStringLiteral("230.10"));
    QCOMPARE(text(QuoteBoardModel::Volume), QStringLiteral("12.35M"));
    QCOMPARE(text(QuoteBoardModel::RelativeVolume), QStringLiteral("1.23x"));
    QCOMPARE(text(QuoteBoardModel::AtmIv), QStringLiteral("25.1%"));
    QCOMPARE(text(QuoteBoardModel::IvRank), QStringLiteral("38"));
    QCOMPARE(text(QuoteBoardModel::IvPercentile), QStringLiteral("—")); // not known yet
    QCOMPARE(model.index(0, QuoteBoardModel::Change).data(QuoteBoardModel::SortRole).toDouble(),
             toDouble(r.last) - 228.0);
    QCOMPARE(
        model.index(0, QuoteBoardModel::Last).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
        Qt::AlignRight | Qt::AlignVCenter);

    QuoteRow down = row(1, "SPY", 589, 589.01, 589, 591);
    model.setSnapshot(snapshotOf({down}));
    QCOMPARE(model.index(0, QuoteBoardModel::Change).data().toString(),
             QString(QChar(0x2212)) + "2.00");
}

void TestQuoteBoardModel::coloursFollowDirection()
{
    QuoteBoardModel model;
    model.setSnapshot(
        snapshotOf({row(0, "AAPL", 230, 230.02, 231, 228), row(1, "SPY", 589, 589.01, 589, 591),
                    row(2, "MSFT", 420, 420.02, 420, 420)}));
    QCOMPARE(model.index(0, QuoteBoardModel::Change).data(Qt::ForegroundRole).value<QColor>(),
             widgets::deskColors().up);
    QCOMPARE(
        model.index(1, QuoteBoardModel::ChangePercent).data(Qt::ForegroundRole).value<QColor>(),
        widgets::deskColors().down);
    QVERIFY(!model.index(2, QuoteBoardModel::Change).data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.index(0, 0).data(QuoteBoardModel::DirectionRole).toInt(), 1);
    QCOMPARE(model.index(1, 0).data(QuoteBoardModel::DirectionRole).toInt(), -1);
}

void TestQuoteBoardModel::notifiesOnlyChangedRowSpans()
{
    QuoteBoardModel model;
    std::vector<QuoteRow> rows;
    for (InstrumentId i = 0; i < 6; ++i)
        rows.push_back(row(i, "X", 10 + i, 10.01 + i, 10 + i, 10));
    model.setSnapshot(snapshotOf(rows));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    for (std::size_t i : {1u, 2u, 4u}) {
        rows[i].revision = 2;
        rows[i].bid += kCent;
    }
    model.setSnapshot(snapshotOf(rows));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 2); // rows 1-2 and row 4
    QCOMPARE(changed[0][0].toModelIndex().row(), 1);
    QCOMPARE(changed[0][1].toModelIndex().row(), 2);
    QCOMPARE(changed[0][1].toModelIndex().column(), QuoteBoardModel::Count - 1);
    QCOMPARE(changed[1][0].toModelIndex().row(), 4);
    QCOMPARE(changed[1][1].toModelIndex().row(), 4);
    QCOMPARE(model.rowAt(4)->bid, rows[4].bid);
    changed.clear();
    model.setSnapshot(snapshotOf(rows)); // nothing new
    QCOMPARE(changed.count(), 0);
}

void TestQuoteBoardModel::resetsWhenRowsChange()
{
    QuoteBoardModel model;
    model.setSnapshot(snapshotOf({row(0, "AAPL", 1, 2, 1, 1)}));
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setSnapshot(snapshotOf({row(0, "AAPL", 1, 2, 1, 1), row(1, "SPY", 1, 2, 1, 1)}));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowOfSymbol(QStringLiteral("SPY")), 1);
    QCOMPARE(model.rowOfSymbol(QStringLiteral("NOPE")), -1);
}

void TestQuoteBoardModel::explainsDerivedColumns()
{
    QuoteBoardModel model;
    const QString rank =
        model.headerData(QuoteBoardModel::IvRank, Qt::Horizontal, Qt::ToolTipRole).toString();
    QVERIFY(rank.contains(QStringLiteral("min 52w")));
    const QString percentile =
        model.headerData(QuoteBoardModel::IvPercentile, Qt::Horizontal, Qt::ToolTipRole).toString();
    QVERIFY(percentile.contains(QStringLiteral("252 days")));
    QVERIFY(model.headerData(QuoteBoardModel::RelativeVolume, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("20 sessions")));
}

QTEST_MAIN(TestQuoteBoardModel)
#include "tst_quoteboardmodel.moc"
