// QuoteBoardModel: model contract (QAbstractItemModelTester, also while watchlist filters
// change), formatting, colours, sort values, the batching of change notifications, watchlist
// filtering and drag reordering, and highlight rules painting the rows they match.
#include "quoteboardmodel.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QMimeData>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <memory>

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
    void filterShowsTheListInItsOrder();
    void passesModelTesterWhileListsChange();
    void dragReordersTheList();
    void highlightRulesPaintMatchingRows();
    void rulesFollowRowRevisions();
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

namespace {
// AAPL, MSFT, SPY, QQQ, /ES: one row each, ids 0..4.
std::vector<QuoteRow> universeRows()
{
    std::vector<QuoteRow> rows;
    InstrumentId id = 0;
    for (const char *symbol : {"AAPL", "MSFT", "SPY", "QQQ", "/ES"})
        rows.push_back(row(id++, symbol, 100, 100.02, 100.01, 99));
    return rows;
}

QStringList shown(const QuoteBoardModel &model)
{
    QStringList symbols;
    for (int r = 0; r < model.rowCount(); ++r)
        symbols << model.index(r, QuoteBoardModel::Symbol).data().toString();
    return symbols;
}
} // namespace

void TestQuoteBoardModel::filterShowsTheListInItsOrder()
{
    QuoteBoardModel model;
    model.setSnapshot(snapshotOf(universeRows()));
    QCOMPARE(shown(model), (QStringList{"AAPL", "MSFT", "SPY", "QQQ", "/ES"}));
    model.setSymbolFilter(QStringList{"/ES", "SPY", "NOPE", "AAPL"});
    QCOMPARE(shown(model), (QStringList{"/ES", "SPY", "AAPL"})); // unknown symbols skipped
    QCOMPARE(model.shownSymbols(), shown(model));
    QCOMPARE(model.rowOfSymbol(QStringLiteral("MSFT")), -1);
    QCOMPARE(model.rowOfSymbol(QStringLiteral("AAPL")), 2);
    QCOMPARE(model.rowAt(0)->symbol, std::string("/ES"));
    QVERIFY(model.inUniverse(QStringLiteral("MSFT")));
    QVERIFY(!model.inUniverse(QStringLiteral("NOPE")));

    // Updates reach the shown rows in the list's order, one span per run of changed rows.
    auto rows = universeRows();
    for (std::size_t i : {0u, 2u, 4u}) { // AAPL, SPY, /ES
        rows[i].revision = 2;
        rows[i].bid += kCent;
    }
    rows[1].revision = 2; // MSFT is not shown
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSnapshot(snapshotOf(rows));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed[0][0].toModelIndex().row(), 0);
    QCOMPARE(changed[0][1].toModelIndex().row(), 2);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setSymbolFilter(QStringList{"/ES", "AAPL"}); // a removal, not a reset
    QCOMPARE(reset.count(), 0);
    QCOMPARE(shown(model), (QStringList{"/ES", "AAPL"}));
    model.setSymbolFilter(std::nullopt);
    QCOMPARE(model.rowCount(), 5);
}

void TestQuoteBoardModel::passesModelTesterWhileListsChange()
{
    QuoteBoardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel proxy; // as the board shows it
    proxy.setSourceModel(&model);
    proxy.setDynamicSortFilter(true);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSymbolFilter(QStringList{"SPY", "AAPL"}); // before the first snapshot
    QCOMPARE(model.rowCount(), 0);
    model.setSnapshot(snapshotOf(universeRows()));
    QCOMPARE(shown(model), (QStringList{"SPY", "AAPL"}));
    QPersistentModelIndex aapl(model.index(1, QuoteBoardModel::Last));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy moved(&model, &QAbstractItemModel::layoutChanged);
    model.setSymbolFilter(QStringList{"SPY", "AAPL", "QQQ"}); // add
    QCOMPARE(inserted.count(), 1);
    model.setSymbolFilter(QStringList{"MSFT", "SPY", "AAPL", "QQQ"}); // add at the top
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(aapl.row(), 2);
    model.setSymbolFilter(QStringList{"MSFT", "AAPL", "QQQ"}); // remove
    QCOMPARE(removed.count(), 1);
    QCOMPARE(aapl.row(), 1);
    model.setSymbolFilter(QStringList{"QQQ", "AAPL", "MSFT"}); // reorder
    QCOMPARE(moved.count(), 1);
    QCOMPARE(aapl.row(), 1);
    QCOMPARE(aapl.column(), int(QuoteBoardModel::Last));
    model.setSymbolFilter(QStringList{"AAPL", "MSFT", "QQQ"});
    QCOMPARE(aapl.row(), 0);
    QCOMPARE(aapl.data().toString(), QStringLiteral("100.01"));
    model.setSymbolFilter(QStringList{"/ES", "SPY"}); // another set: reset
    QVERIFY(!aapl.isValid());
    model.setSymbolFilter(QStringList{});
    QCOMPARE(model.rowCount(), 0);
    model.setSymbolFilter(QStringList{"/ES", "SPY"});
    proxy.sort(QuoteBoardModel::Symbol);
    model.setSnapshot(snapshotOf({row(9, "SPY", 1, 2, 1, 1)})); // the universe changes
    QCOMPARE(shown(model), QStringList{"SPY"});
    model.setSymbolFilter(std::nullopt);
    QCOMPARE(model.rowCount(), 1);
}

void TestQuoteBoardModel::dragReordersTheList()
{
    QuoteBoardModel model;
    model.setSnapshot(snapshotOf(universeRows()));
    QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsDragEnabled)); // "All" stays in order
    model.setSymbolFilter(QStringList{"AAPL", "MSFT", "SPY", "QQQ"});
    QVERIFY(model.flags(model.index(0, 0)) & Qt::ItemIsDragEnabled);
    QVERIFY(model.flags(QModelIndex()) & Qt::ItemIsDropEnabled);
    QSignalSpy reordered(&model, &QuoteBoardModel::symbolsReordered);
    // Drag QQQ (a whole row) to before MSFT.
    std::unique_ptr<QMimeData> data(
        model.mimeData({model.index(3, 0), model.index(3, 1), model.index(3, 2)}));
    QVERIFY(model.dropMimeData(data.get(), Qt::MoveAction, 1, 0, {}));
    QCOMPARE(shown(model), (QStringList{"AAPL", "QQQ", "MSFT", "SPY"}));
    QCOMPARE(reordered.count(), 1);
    QCOMPARE(reordered.at(0).at(0).toStringList(), (QStringList{"AAPL", "QQQ", "MSFT", "SPY"}));
    // Two rows dropped at the end keep their order.
    data.reset(model.mimeData({model.index(0, 0), model.index(1, 0)}));
    QVERIFY(model.dropMimeData(data.get(), Qt::MoveAction, -1, -1, {}));
    QCOMPARE(shown(model), (QStringList{"MSFT", "SPY", "AAPL", "QQQ"}));
    // Dropped onto a row: before it.
    data.reset(model.mimeData({model.index(3, 0)}));
    QVERIFY(model.dropMimeData(data.get(), Qt::MoveAction, -1, -1, model.index(0, 0)));
    QCOMPARE(shown(model), (QStringList{"QQQ", "MSFT", "SPY", "AAPL"}));
    // Nothing to move on "All".
    model.setSymbolFilter(std::nullopt);
    data.reset(model.mimeData({model.index(3, 0)}));
    QVERIFY(!model.dropMimeData(data.get(), Qt::MoveAction, 0, 0, {}));
}

void TestQuoteBoardModel::highlightRulesPaintMatchingRows()
{
    QuoteBoardModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QColor amber(0xf2, 0xb1, 0x34);
    const QColor blue(0x3d, 0x8b, 0xfd);
    model.setHighlightRules({{QStringLiteral("rvol > 1.5 and ivr > 50"), amber, true},
                             {QStringLiteral("chgpct < -1"), blue, true},
                             {QStringLiteral("rvol >"), Qt::red, true}}); // never matches
    auto rows = universeRows();
    rows[0].relativeVolume = 2.1; // AAPL: the first rule
    rows[0].ivRank = 64;
    rows[1].relativeVolume = 2.1; // MSFT: IV rank too low
    rows[1].ivRank = 30;
    rows[2].last = toPrice(97); // SPY: down 2% from 99
    rows[3].relativeVolume = 3; // QQQ: both rules, the first paints
    rows[3].ivRank = 80;
    rows[3].last = toPrice(95);
    rows[4].relativeVolume = 2.0; // /ES: no IV rank (futures)
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSnapshot(snapshotOf(rows));
    const auto background = [&](int r, int column = QuoteBoardModel::Last) {
        return model.index(r, column).data(Qt::BackgroundRole);
    };
    QCOMPARE(background(0).value<QColor>(), widgets::highlightBackground(amber));
    QCOMPARE(background(0, QuoteBoardModel::Symbol).value<QColor>(),
             widgets::highlightBackground(amber)); // the whole row
    QVERIFY(!background(1).isValid());
    QCOMPARE(background(2).value<QColor>(), widgets::highlightBackground(blue));
    QCOMPARE(background(3).value<QColor>(), widgets::highlightBackground(amber));
    QVERIFY(!background(4).isValid());
    // Text keeps its colours over the highlight.
    QCOMPARE(model.index(2, QuoteBoardModel::Change).data(Qt::ForegroundRole).value<QColor>(),
             widgets::deskColors().down);

    const QString tip = model.index(3, QuoteBoardModel::IvRank).data(Qt::ToolTipRole).toString();
    QVERIFY(tip.contains(QStringLiteral("min 52w")));
    QVERIFY(tip.contains(QStringLiteral("Highlighted by rule: rvol > 1.5 and ivr > 50")));
    QVERIFY(tip.contains(QStringLiteral("Also matches rule: chgpct < -1")));
    QCOMPARE(model.index(0, 0).data(QuoteBoardModel::MatchedRulesRole).toStringList(),
             QStringList{"rvol > 1.5 and ivr > 50"});
    QVERIFY(!model.index(1, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("rule")));

    // New rules repaint every row at once.
    changed.clear();
    model.setHighlightRules({{QStringLiteral("ivr < 50"), blue, true}});
    QCOMPARE(changed.count(), 1);
    QVERIFY(!background(0).isValid());
    QCOMPARE(background(1).value<QColor>(), widgets::highlightBackground(blue));
    model.setHighlightRules({});
    QVERIFY(!background(1).isValid());
}

void TestQuoteBoardModel::rulesFollowRowRevisions()
{
    QuoteBoardModel model;
    model.setHighlightRules({{QStringLiteral("rvol > 1.5"), Qt::green, true}});
    auto rows = universeRows();
    model.setSnapshot(snapshotOf(rows));
    QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
    // A row is evaluated when its revision changes, not on every snapshot.
    rows[0].relativeVolume = 1.9;
    model.setSnapshot(snapshotOf(rows));
    QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());
    rows[0].revision = 2;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSnapshot(snapshotOf(rows));
    QVERIFY(model.index(0, 0).data(Qt::BackgroundRole).isValid());
    QCOMPARE(model.matchedRules(0), std::vector<int>{0});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed[0][1].toModelIndex().row(), 0);
}

QTEST_MAIN(TestQuoteBoardModel)
#include "tst_quoteboardmodel.moc"
