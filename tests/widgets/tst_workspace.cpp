// Workspace files and window placement: a workspace survives the JSON round trip field for
// field; malformed files are refused with an error that names the problem; names are checked;
// a window goes back to its screen (found by name, or by geometry after a rename), and to the
// primary screen — fully visible — when its screen is gone.
#include "workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTest>

using namespace mag7;
using namespace mag7::widgets;

class TestWorkspace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void kindsHaveStableKeys();
    void jsonRoundTrips();
    void refusesMalformedWorkspaces_data();
    void refusesMalformedWorkspaces();
    void validatesNames();
    void filesRoundTripAndList();
    void unreadableFilesNameTheProblem();
    void placesOnTheSavedScreen();
    void findsARenamedScreenByGeometry();
    void fallsBackToThePrimaryScreen();
    void keepsOversizedWindowsOnScreen();

private:
    static Workspace sample();
};

void TestWorkspace::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Mag7Test"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_workspace"));
    QDir(workspaceDirectory()).removeRecursively();
}

Workspace TestWorkspace::sample()
{
    Workspace workspace;
    workspace.name = QStringLiteral("Open");
    WindowSection main;
    main.screen = QStringLiteral("DP-1");
    main.screenGeometry = QRect(0, 0, 2560, 1440);
    main.geometry = QRect(10, 20, 1400, 820);
    main.dockState = QByteArray("\x00\x01\xff docks", 9);
    main.currentPanel = QStringLiteral("chain");
    main.panels.push_back({QStringLiteral("quotes"),
                           PanelKind::Quotes,
                           QStringLiteral("SPY"),
                           QStringLiteral("red"),
                           QByteArray("{\"columns\":[1,2]}"),
                           {}});
    main.panels.push_back({QStringLiteral("chain"),
                           PanelKind::Chain,
                           QStringLiteral("NVDA"),
                           QStringLiteral("green"),
                           QByteArray("\x01\x02\x03", 3),
                           {}});
    main.panels.push_back({QStringLiteral("log"), PanelKind::Log, {}, {}, {}, {}});
    main.panels.push_back({QStringLiteral("playbooks"),
                           PanelKind::Playbooks,
                           {},
                           {},
                           {},
                           {QByteArray("\x00\xff", 2), QByteArray("second splitter")}});
    WindowSection second;
    second.screen = QStringLiteral("HDMI-1");
    second.screenGeometry = QRect(2560, 0, 1920, 1080);
    second.geometry = QRect(0, 0, 1920, 1080);
    second.maximized = true;
    second.dockState = QByteArray("second");
    second.panels.push_back({QStringLiteral("chart-2"),
                             PanelKind::Chart,
                             QStringLiteral("/ES"),
                             QStringLiteral("blue"),
                             QByteArray("chart state"),
                             {}});
    workspace.windows = {main, second};
    return workspace;
}

void TestWorkspace::kindsHaveStableKeys()
{
    for (int k = 0; k < kPanelKindCount; ++k) {
        const auto kind = static_cast<PanelKind>(k);
        QCOMPARE(panelKindFromKey(panelKindKey(kind)), std::optional<PanelKind>(kind));
        QVERIFY(!panelKindTitle(kind).isEmpty());
    }
    QCOMPARE(panelKindKey(PanelKind::Chart), QStringLiteral("chart"));
    QCOMPARE(panelKindKey(PanelKind::Playbooks), QStringLiteral("playbooks"));
    QVERIFY(!panelKindFromKey(QStringLiteral("Chart")));
    QVERIFY(panelKindIsSingle(PanelKind::Alerts));
    QVERIFY(panelKindIsSingle(PanelKind::Log));
    QVERIFY(!panelKindIsSingle(PanelKind::Chart));
}

void TestWorkspace::jsonRoundTrips()
{
    const Workspace original = sample();
    const QJsonObject json = workspaceToJson(original);
    // Readable where it matters: kinds, symbols and groups are plain text.
    const QJsonObject firstPanel =
        json[QStringLiteral("windows")][0][QStringLiteral("panels")][1].toObject();
    QCOMPARE(firstPanel[QStringLiteral("kind")].toString(), QStringLiteral("chain"));
    QCOMPARE(firstPanel[QStringLiteral("symbol")].toString(), QStringLiteral("NVDA"));
    QCOMPARE(firstPanel[QStringLiteral("linkGroup")].toString(), QStringLiteral("green"));

    const auto back =
        workspaceFromJson(QJsonDocument::fromJson(QJsonDocument(json).toJson()).object());
    QVERIFY2(back.ok(), back.ok() ? "" : back.message().c_str());
    const Workspace &w = back.value();
    QCOMPARE(w.name, original.name);
    QCOMPARE(w.windows.size(), original.windows.size());
    for (std::size_t i = 0; i < w.windows.size(); ++i) {
        const WindowSection &a = w.windows[i];
        const WindowSection &b = original.windows[i];
        QCOMPARE(a.screen, b.screen);
        QCOMPARE(a.screenGeometry, b.screenGeometry);
        QCOMPARE(a.geometry, b.geometry);
        QCOMPARE(a.maximized, b.maximized);
        QCOMPARE(a.fullScreen, b.fullScreen);
        QCOMPARE(a.dockState, b.dockState);
        QCOMPARE(a.currentPanel, b.currentPanel);
        QCOMPARE(a.panels.size(), b.panels.size());
        for (std::size_t p = 0; p < a.panels.size(); ++p) {
            QCOMPARE(a.panels[p].id, b.panels[p].id);
            QCOMPARE(a.panels[p].kind, b.panels[p].kind);
            QCOMPARE(a.panels[p].symbol, b.panels[p].symbol);
            QCOMPARE(a.panels[p].linkGroup, b.panels[p].linkGroup);
            QCOMPARE(a.panels[p].state, b.panels[p].state);
            QCOMPARE(a.panels[p].splitters, b.panels[p].splitters);
        }
    }
}

void TestWorkspace::refusesMalformedWorkspaces_data()
{
    QTest::addColumn<QString>("path"); // "windows/0/panels/0/kind" style edit
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("format") << "format" << QJsonValue(QStringLiteral("other"))
                            << "not a Mag7 workspace";
    QTest::newRow("version") << "version" << QJsonValue(99) << "version 99 is not supported";
    QTest::newRow("no window") << "windows" << QJsonValue(QJsonArray()) << "has no window";
    QTest::newRow("kind") << "kind" << QJsonValue(QStringLiteral("heatmap"))
                          << "unknown panel kind \"heatmap\"";
    QTest::newRow("id") << "id" << QJsonValue(QStringLiteral("Chart 2"))
                        << "panel id \"Chart 2\" is not";
    QTest::newRow("duplicate id") << "id" << QJsonValue(QStringLiteral("chain"))
                                  << "panel id \"chain\" appears twice";
    QTest::newRow("geometry") << "geometry" << QJsonValue(QJsonArray{0, 0, 0, 10})
                              << "window 1: screenGeometry and geometry";
}

void TestWorkspace::refusesMalformedWorkspaces()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, message);
    QJsonObject json = workspaceToJson(sample());
    if (path == QLatin1String("kind") || path == QLatin1String("id")) {
        QJsonArray windows = json[QStringLiteral("windows")].toArray();
        QJsonObject window = windows[0].toObject();
        QJsonArray panels = window[QStringLiteral("panels")].toArray();
        QJsonObject panel = panels[0].toObject();
        panel[path] = value;
        panels[0] = panel;
        window[QStringLiteral("panels")] = panels;
        windows[0] = window;
        json[QStringLiteral("windows")] = windows;
    } else if (path == QLatin1String("geometry")) {
        QJsonArray windows = json[QStringLiteral("windows")].toArray();
        QJsonObject window = windows[0].toObject();
        window[path] = value;
        windows[0] = window;
        json[QStringLiteral("windows")] = windows;
    } else {
        json[path] = value;
    }
    const auto read = workspaceFromJson(json);
    QVERIFY(!read.ok());
    QVERIFY2(QString::fromStdString(read.message()).contains(message), read.message().c_str());
}

void TestWorkspace::validatesNames()
{
    for (const char *good : {"Default", "Open 0DTE", "earnings-week_2", "v1.2"})
        QVERIFY2(validateWorkspaceName(QLatin1String(good)).ok(), good);
    for (const char *bad : {"", ".hidden", "a/b", "..", " lead", "trail ", "semi;colon"})
        QVERIFY2(!validateWorkspaceName(QLatin1String(bad)).ok(), bad);
    QVERIFY(!validateWorkspaceName(QString(65, QLatin1Char('x'))).ok());
}

void TestWorkspace::filesRoundTripAndList()
{
    Workspace workspace = sample();
    QVERIFY(writeWorkspace(workspace).ok());
    workspace.name = QStringLiteral("Close");
    QVERIFY(writeWorkspace(workspace).ok());
    QCOMPARE(workspaceNames(), (QStringList{QStringLiteral("Close"), QStringLiteral("Open")}));
    const auto read = readWorkspace(QStringLiteral("Open"));
    QVERIFY2(read.ok(), read.ok() ? "" : read.message().c_str());
    QCOMPARE(read->name, QStringLiteral("Open"));
    QCOMPARE(read->windows.size(), std::size_t{2});
    QCOMPARE(read->windows[1].panels[0].symbol, QStringLiteral("/ES"));
    QVERIFY(removeWorkspace(QStringLiteral("Close")).ok());
    QCOMPARE(workspaceNames(), QStringList{QStringLiteral("Open")});
    const Status again = removeWorkspace(QStringLiteral("Close"));
    QVERIFY(!again.ok());
    QVERIFY(QString::fromStdString(again.message()).contains(QStringLiteral("no workspace named")));
    Workspace badName = sample();
    badName.name = QStringLiteral("../escape");
    QVERIFY(!writeWorkspace(badName).ok());
}

void TestWorkspace::unreadableFilesNameTheProblem()
{
    const auto missing = readWorkspace(QStringLiteral("Nowhere"));
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.message()).contains(QStringLiteral("Nowhere.json")));

    QFile file(workspacePath(QStringLiteral("Broken")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\": \"mag7-workspace\", \"version\": 1, \"windows\": [");
    file.close();
    const auto broken = readWorkspace(QStringLiteral("Broken"));
    QVERIFY(!broken.ok());
    const QString message = QString::fromStdString(broken.message());
    QVERIFY2(message.contains(QStringLiteral("Broken.json")) &&
                 message.contains(QStringLiteral("not valid JSON")),
             qPrintable(message));
}

void TestWorkspace::placesOnTheSavedScreen()
{
    const std::vector<ScreenInfo> screens = {
        {QStringLiteral("DP-1"), QRect(0, 0, 2560, 1440), QRect(0, 0, 2560, 1400)},
        {QStringLiteral("HDMI-1"), QRect(2560, 0, 1920, 1080), QRect(2560, 0, 1920, 1080)},
    };
    WindowSection window;
    window.screen = QStringLiteral("HDMI-1");
    window.screenGeometry = QRect(2560, 0, 1920, 1080);
    window.geometry = QRect(100, 50, 1200, 700);
    const WindowPlacement placed = placeWindow(window, screens, 0);
    QCOMPARE(placed.screen, 1);
    QVERIFY(!placed.fellBack);
    QCOMPARE(placed.geometry, QRect(2660, 50, 1200, 700));

    // The screen moved in the virtual desktop (now left of the other): same place on it.
    const std::vector<ScreenInfo> moved = {
        {QStringLiteral("DP-1"), QRect(1920, 0, 2560, 1440), QRect(1920, 0, 2560, 1400)},
        {QStringLiteral("HDMI-1"), QRect(0, 0, 1920, 1080), QRect(0, 0, 1920, 1080)},
    };
    QCOMPARE(placeWindow(window, moved, 0).geometry, QRect(100, 50, 1200, 700));
}

void TestWorkspace::findsARenamedScreenByGeometry()
{
    const std::vector<ScreenInfo> screens = {
        {QStringLiteral("DP-1"), QRect(0, 0, 2560, 1440), QRect(0, 0, 2560, 1400)},
        {QStringLiteral("DP-3"), QRect(2560, 0, 1920, 1080), QRect(2560, 0, 1920, 1080)},
    };
    WindowSection window;
    window.screen = QStringLiteral("HDMI-1");
    window.screenGeometry = QRect(2560, 0, 1920, 1080);
    window.geometry = QRect(0, 0, 800, 600);
    const WindowPlacement placed = placeWindow(window, screens, 0);
    QCOMPARE(placed.screen, 1);
    QVERIFY(!placed.fellBack);
    QCOMPARE(placed.geometry, QRect(2560, 0, 800, 600));
}

void TestWorkspace::fallsBackToThePrimaryScreen()
{
    const std::vector<ScreenInfo> screens = {
        {QStringLiteral("eDP-1"), QRect(0, 0, 1920, 1200), QRect(0, 30, 1920, 1170)},
        {QStringLiteral("DP-1"), QRect(1920, 0, 2560, 1440), QRect(1920, 0, 2560, 1440)},
    };
    WindowSection window;
    window.screen = QStringLiteral("HDMI-2");
    window.screenGeometry = QRect(-1920, 0, 1920, 1080);
    window.geometry = QRect(300, 200, 1000, 600);
    const WindowPlacement placed = placeWindow(window, screens, 1);
    QVERIFY(placed.fellBack);
    QCOMPARE(placed.screen, 1);
    QCOMPARE(placed.geometry.size(), QSize(1000, 600));
    QVERIFY(screens[1].available.contains(placed.geometry));
    QCOMPARE(placed.geometry.center(), screens[1].available.center());
}

void TestWorkspace::keepsOversizedWindowsOnScreen()
{
    // A window saved on a 4K screen, which is now a laptop panel of the same name.
    const std::vector<ScreenInfo> screens = {
        {QStringLiteral("DP-1"), QRect(0, 0, 1366, 768), QRect(0, 0, 1366, 740)},
    };
    WindowSection window;
    window.screen = QStringLiteral("DP-1");
    window.screenGeometry = QRect(0, 0, 3840, 2160);
    window.geometry = QRect(2000, 1000, 1800, 1000);
    const WindowPlacement placed = placeWindow(window, screens, 0);
    QVERIFY(!placed.fellBack);
    QCOMPARE(placed.geometry, QRect(0, 0, 1366, 740));
    // Off the right edge: moved back onto the screen, size kept.
    window.geometry = QRect(1200, 600, 400, 300);
    QCOMPARE(placeWindow(window, screens, 0).geometry, QRect(966, 440, 400, 300));
}

QTEST_MAIN(TestWorkspace)
#include "tst_workspace.moc"
