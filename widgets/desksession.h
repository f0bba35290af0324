#pragma once
// DeskSession: the desk as the trader sees it — one or more desk windows (MainWindow) holding
// panels, over one engine. It owns what every window shares: the snapshot pump, the colour link
// groups (a symbol picked in one window moves the panels of its group in every window), the
// alert centre and its database connection; the replay clock is the engine's, so every window
// shows the same instant.
//
// Every panel is a dock with a unique id ("chart", "chart-2"): it docks, tabs, floats, or moves
// into another desk window; kinds other than Alerts and Log can exist several times (two charts
// on different symbols). The arrangement is a Workspace (workspace.h): saved by name, loaded
// back onto the screens present, and the last one used is restored at start-up.
//
// GUI thread only.

#include "workspace.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <vector>

class QDockWidget;
class QWidget;

namespace mag7::engine {
class DeskEngine;
struct DeskSnapshot;
} // namespace mag7::engine
namespace mag7::storage {
class DeskDatabase;
}
namespace mag7::alerts {
class AlertCenter;
}

namespace mag7::widgets {

class LinkHub;
class MainWindow;
class SnapshotPump;

class DeskSession final : public QObject {
    Q_OBJECT
public:
    // The workspace used when none was saved yet.
    static QString defaultWorkspaceName() { return QStringLiteral("Default"); }

    // Opens the main desk window with one panel of every kind in the default arrangement.
    explicit DeskSession(engine::DeskEngine &engine, QObject *parent = nullptr);
    ~DeskSession() override;

    engine::DeskEngine &engine() const { return m_engine; }
    SnapshotPump *pump() const { return m_pump; }
    LinkHub *linkHub() const { return m_links; }
    alerts::AlertCenter *alertCenter() const { return m_alerts; }
    storage::DeskDatabase *database() const { return m_database.get(); }

    // The main desk window (first; closing it ends the desk) and every window in order.
    MainWindow *mainWindow() const { return m_windows.front(); }
    const std::vector<MainWindow *> &windows() const { return m_windows; }
    // "New desk window": an empty window beside the others (panels are added or moved into it).
    MainWindow *newWindow();

    // A new panel of `kind` in `window` (docked beside the panels there), or the existing one for
    // single kinds (shown and raised).
    QDockWidget *addPanel(PanelKind kind, MainWindow *window);
    // Moves a panel (docked or floating) into `window`, keeping its symbol, group and settings.
    void movePanel(QDockWidget *dock, MainWindow *window);
    // Panels as docks, in creation order; kind and id of one.
    std::vector<QDockWidget *> panels() const;
    std::vector<QDockWidget *> panelsIn(const MainWindow *window) const;
    std::optional<PanelKind> kindOf(const QDockWidget *dock) const;
    QDockWidget *panelById(const QString &id) const;
    // The first panel widget of type T in `window`.
    template <class T>
    T *first(const MainWindow *window) const
    {
        for (QDockWidget *dock : panelsIn(window)) {
            if (auto *panel = qobject_cast<T *>(contentOf(dock)))
                return panel;
        }
        return nullptr;
    }
    static QWidget *contentOf(const QDockWidget *dock);
    static QDockWidget *dockOf(const QWidget *panel);

    // Workspaces.
    QString currentWorkspace() const { return m_workspace; }
    Workspace captureWorkspace(const QString &name) const;
    // Replaces every window and panel with the workspace's; a window whose screen is gone
    // goes to the primary screen.
    Status applyWorkspace(const Workspace &workspace);
    Status saveWorkspace(const QString &name); // and makes it current
    Status loadWorkspace(const QString &name);
    // At start-up: the workspace used last (false when there is none or it cannot be read; the
    // default layout stays).
    bool restoreLastWorkspace();
    // Every panel back into the main window in the default arrangement on the primary screen;
    // the other windows close.
    void resetLayout();
    // The desk is closing: saves the current workspace, closes the other windows, stops the pump.
    void shutdown();

Q_SIGNALS:
    void windowsChanged();
    void workspaceChanged(const QString &name);
    void message(const QString &text);

private:
    struct Panel {
        QString id;
        PanelKind kind;
        QPointer<QDockWidget> dock;
        QString title; // "Chart 2"; the dock's title adds the symbol shown
        std::function<void(const engine::DeskSnapshot &)> feed;
        std::function<QString()> symbol; // panels that show one symbol
        std::function<void(const QString &)> setSymbol;
        std::function<QByteArray()> save; // panels with settings of their own
        std::function<bool(const QByteArray &)> restore;
    };
    const Panel *recordOf(const QDockWidget *dock) const;

    friend class MainWindow; // a desk window that closes leaves through forgetWindow()

    MainWindow *createWindow();
    void forgetWindow(MainWindow *window);
    QDockWidget *createPanel(PanelKind kind, MainWindow *window, const QString &id);
    QWidget *createContent(PanelKind kind, Panel &panel);
    QString nextId(PanelKind kind) const;
    void arrangeDefault(MainWindow *window);
    // Docked into `window`: tabbed in front of the panels of its kind's place, or beside them.
    void placeInWindow(QDockWidget *dock, MainWindow *window);
    void wirePlaybookSettings();
    void deliver(const std::shared_ptr<const engine::DeskSnapshot> &latest);
    void closeSecondaryWindows();
    // Panels of `kind` that follow `source`: the same link group, or, for a source outside any
    // group, the panels in its window.
    std::vector<QWidget *> following(const QWidget *source, PanelKind kind) const;
    // The option views take only underlyings with a chain in the latest snapshot.
    bool isOptionable(const QString &symbol) const;

    engine::DeskEngine &m_engine;
    SnapshotPump *m_pump;
    LinkHub *m_links;
    std::unique_ptr<storage::DeskDatabase> m_database; // the GUI thread's connection
    alerts::AlertCenter *m_alerts;
    std::vector<MainWindow *> m_windows;
    std::vector<Panel> m_panels;
    std::shared_ptr<const engine::DeskSnapshot> m_latest;
    QString m_workspace;
    bool m_shuttingDown = false;
};

} // namespace mag7::widgets
