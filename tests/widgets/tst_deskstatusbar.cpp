// DeskStatusBar: the simulated market says SIM, a replay says REPLAY with its date and how far
// it has played and never looks like live data, recording states read as the trader needs them.
#include "deskstatusbar.h"
#include "model/easterntime.h"
#include "theme.h"

#include <QApplication>
#include <QTest>
#include <QTextDocument>

using namespace mag7;
using namespace mag7::widgets;

namespace {

QString plain(const QString &html)
{
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

engine::DeskSnapshot snapshotAt(const char *iso)
{
    engine::DeskSnapshot snapshot;
    snapshot.marketTime = *parseIsoTimestamp(iso);
    snapshot.feed.state = engine::FeedState::Live;
    return snapshot;
}

} // namespace

class TestDeskStatusBar : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { applyTheme(*qApp, ThemeKind::Dark); }

    void simulatedMarket()
    {
        DeskStatusBar bar;
        auto snapshot = snapshotAt("2025-01-13T10:15:30");
        snapshot.feed.speed = 10;
        snapshot.recording.recording = true;
        snapshot.recording.currentFile = "/data/ticks/2025-01-13.sqlite";
        snapshot.recording.bytesOnDisk = 3 * 1024 * 1024;
        bar.setSnapshot(snapshot);
        QCOMPARE(plain(bar.feedText()), QStringLiteral("SIM ● LIVE 10×"));
        QVERIFY(plain(bar.clockText()).contains(QStringLiteral("2025-01-13 10:15:30 ET")));
        QVERIFY(plain(bar.recordingText()).startsWith(QStringLiteral("● REC 2025-01-13.sqlite")));
    }

    void replayIsNeverMistakenForLive()
    {
        DeskStatusBar bar;
        auto snapshot = snapshotAt("2025-01-13T12:00:00");
        snapshot.feed.simulated = false;
        snapshot.feed.replay = true;
        snapshot.feed.source = "Replay 2025-01-13";
        snapshot.feed.replayFrom = *parseIsoTimestamp("2025-01-13T09:00:00");
        snapshot.feed.replayTo = *parseIsoTimestamp("2025-01-13T13:00:00");
        snapshot.feed.replayPosition = *parseIsoTimestamp("2025-01-13T12:00:00");
        snapshot.feed.speed = 50;
        bar.setSnapshot(snapshot);
        QCOMPARE(plain(bar.feedText()), QStringLiteral("REPLAY 2025-01-13 · 75% ● LIVE 50×"));
        QVERIFY(!bar.feedText().contains(QStringLiteral("SIM")));
        QCOMPARE(plain(bar.recordingText()), QStringLiteral("REC off · replay"));

        snapshot.feed.state = engine::FeedState::Paused;
        snapshot.feed.replayPosition = snapshot.feed.replayTo;
        bar.setSnapshot(snapshot);
        QCOMPARE(plain(bar.feedText()), QStringLiteral("REPLAY 2025-01-13 · 100% ● PAUSED 50×"));
    }

    void recordingError()
    {
        DeskStatusBar bar;
        auto snapshot = snapshotAt("2025-01-13T10:00:00");
        snapshot.recording.enabled = true;
        snapshot.recording.error = "disk full: /data/ticks/2025-01-13.sqlite";
        bar.setSnapshot(snapshot);
        QCOMPARE(plain(bar.recordingText()), QStringLiteral("REC error"));
    }
};

QTEST_MAIN(TestDeskStatusBar)
#include "tst_deskstatusbar.moc"
