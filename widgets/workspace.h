#pragma once
// Workspaces: the desk's windows and panels as a named file. A workspace lists every desk window
// (the screen it sits on, its geometry relative to that screen, maximized or full screen, and the
// arrangement of its docked, tabbed and floating panels) and, per window, one section per panel:
// its kind, its id, the symbol it shows, its link group and the panel's own state (columns,
// watchlist, timeframe, overlays, rule...) and its splitter sizes. The symbol and link group are
// plain text and a load applies them after the state, so a workspace can be written or edited by
// hand: a section with only a kind, an id, a symbol and a group is a complete panel.
//
// Files are JSON, written atomically (QSaveFile) under <config>/workspaces/<name>.json.
//
// placeWindow() decides where a saved window goes on the screens present now: its own screen
// (found by name, else by the same geometry after a rename), else the primary screen — the size
// kept where it fits, the window always fully on a screen. Geometry is kept in device-independent
// pixels relative to the screen, so windows land right on screens of different pixel ratios.

#include "model/result.h"

#include <QByteArray>
#include <QRect>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

class QJsonObject;

namespace mag7::widgets {

enum class PanelKind {
    Quotes,
    Chain,
    Chart,
    Analyze,
    Volatility,
    Scanner,
    Playbooks,
    Greeks,
    Alerts,
    Log
};
inline constexpr int kPanelKindCount = 10;

QString panelKindKey(PanelKind kind);   // stable, for files and object names: "chart"
QString panelKindTitle(PanelKind kind); // translated: "Chart"
std::optional<PanelKind> panelKindFromKey(const QString &key);
// Kinds the desk holds once (the alert centre's panel, the log): never duplicated.
bool panelKindIsSingle(PanelKind kind);

struct PanelSection {
    QString id; // unique in the workspace: "chart", "chart-2"
    PanelKind kind = PanelKind::Quotes;
    QString symbol;    // applied after the state
    QString linkGroup; // linkGroupKey(): "red", "none"; empty for panels without a group
    QByteArray state;  // the panel's own saveState(); empty for panels without one
    std::vector<QByteArray> splitters; // QSplitter::saveState() of the panel's splitters, in order
};

struct WindowSection {
    QString screen;       // QScreen::name() of the screen the window was on
    QRect screenGeometry; // that screen's geometry then (device-independent pixels)
    QRect geometry;       // the window's normal geometry relative to the screen's top-left
    bool maximized = false;
    bool fullScreen = false;
    QByteArray dockState; // QMainWindow::saveState() of the window's docks
    QString currentPanel; // the id of the panel that had the focus
    std::vector<PanelSection> panels;
};

struct Workspace {
    static constexpr int kFormatVersion = 1;
    QString name;
    std::vector<WindowSection> windows; // the first is the main desk window
};

QJsonObject workspaceToJson(const Workspace &workspace);
Result<Workspace> workspaceFromJson(const QJsonObject &json);

// Workspace names are file names: letters, digits, space, '-', '_' and '.', 1-64 characters, not
// starting with a dot.
Status validateWorkspaceName(const QString &name);
// <config>/workspaces (created on demand by writeWorkspace).
QString workspaceDirectory();
QString workspacePath(const QString &name);
QStringList workspaceNames(); // sorted, from the files present
Status writeWorkspace(const Workspace &workspace);
Result<Workspace> readWorkspace(const QString &name);
Status removeWorkspace(const QString &name);

struct ScreenInfo {
    QString name;
    QRect geometry;
    QRect available; // without task bars
};

struct WindowPlacement {
    int screen = 0;        // index into the screens passed to placeWindow()
    QRect geometry;        // absolute, device-independent pixels
    bool fellBack = false; // the saved screen is gone
};

// `screens` must not be empty; `primary` indexes it.
WindowPlacement placeWindow(const WindowSection &window, const std::vector<ScreenInfo> &screens,
                            int primary);

} // namespace mag7::widgets
