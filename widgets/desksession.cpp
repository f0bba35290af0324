#include "desksession.h"

#include "alerts/alertcenter.h"
#include "alertspanel.h"
#include "analyzepanel.h"
#include "chartpanel.h"
#include "engine/deskengine.h"
#include "greekspanel.h"
#include "linkgroups.h"
#include "logging/logging.h"
#include "logpanel.h"
#include "mainwindow.h"
#include "optionchainpanel.h"
#include "quoteboardpanel.h"
#include "scannerpanel.h"
#include "signalspanel.h"
#include "snapshotpump.h"
#include "storage/deskdatabase.h"
#include "volatilitypanel.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QHash>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QTimer>
#include <QWindow>

#include <algorithm>

namespace mag7::widgets {

namespace {
constexpr int kRefreshIntervalMs = 16; // ~60 Hz: a quote is on screen within ~35 ms
const QString kCurrentWorkspaceKey = QStringLiteral("workspace/current");

// The default arrangement: the trading panels tabbed on the left, Greeks to their right over the
// full height, the alerts and the log tabbed under the trading panels. Everything lives in one
// dock area split in two directions: with no central widget, only docks of one area share space
// in given proportions (resizeDocks()).
enum Slot { Trading, Side, Bottom };

Slot slotOf(PanelKind kind)
{
    switch (kind) {
    case PanelKind::Greeks:
        return Side;
    case PanelKind::Alerts:
    case PanelKind::Log:
        return Bottom;
    default:
        return Trading;
    }
}

std::vector<ScreenInfo> presentScreens()
{
    std::vector<ScreenInfo> screens;
    for (QScreen *screen : QGuiApplication::screens())
        screens.push_back({screen->name(), screen->geometry(), screen->availableGeometry()});
    return screens;
}

int primaryIndex()
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    return std::max(0, static_cast<int>(screens.indexOf(QGuiApplication::primaryScreen())));
}

} // namespace

DeskSession::DeskSession(engine::DeskEngine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_pump(new SnapshotPump([&engine] { return engine.snapshot(); }, kRefreshIntervalMs, this))
    , m_links(new LinkHub(this))
    , m_workspace(defaultWorkspaceName())
{
    // Alerts are stored through the GUI thread's own connection to the desk database (a few
    // rows a minute at most).
    auto database = storage::DeskDatabase::open(engine.options().dataDirectory / "desk.sqlite");
    if (database)
        m_database = std::move(database).value();
    else
        logging::get("desk")->error("alerts will not be stored: {}", database.message());
    m_alerts = new alerts::AlertCenter(m_database.get(), this);

    connect(
        m_pump, &SnapshotPump::snapshotChanged, this,
        [this](const std::shared_ptr<const engine::DeskSnapshot> &snapshot) { deliver(snapshot); });

    MainWindow *main = createWindow();
    for (int kind = 0; kind < kPanelKindCount; ++kind)
        createPanel(static_cast<PanelKind>(kind), main, nextId(static_cast<PanelKind>(kind)));
    main->resize(1400, 820);
    arrangeDefault(main);
    wirePlaybookSettings();
    m_pump->poll();
    m_pump->start();
}

DeskSession::~DeskSession()
{
    m_shuttingDown = true;
    m_pump->stop();
    // Windows are top-level widgets the session owns; the panels go with them.
    const std::vector<MainWindow *> windows = m_windows;
    m_windows.clear();
    for (MainWindow *window : windows)
        delete window;
}

bool DeskSession::isOptionable(const QString &symbol) const
{
    if (!m_latest)
        return false;
    const std::string wanted = symbol.toStdString();
    return std::any_of(m_latest->chains.begin(), m_latest->chains.end(),
                       [&](const auto &chain) { return chain && chain->symbol == wanted; });
}

void DeskSession::deliver(const std::shared_ptr<const engine::DeskSnapshot> &latest)
{
    m_latest = latest;
    const engine::DeskSnapshot &snapshot = *latest;
    for (const Panel &panel : m_panels) {
        QDockWidget *dock = panel.dock.data();
        if (!dock)
            continue;
        if (panel.feed)
            panel.feed(snapshot);
        // Tabs name what a one-symbol panel shows: "Chart 2 · NVDA".
        if (panel.symbol && panel.kind != PanelKind::Quotes) {
            const QString symbol = panel.symbol();
            const QString title =
                symbol.isEmpty() ? panel.title : QStringLiteral("%1 · %2").arg(panel.title, symbol);
            if (dock->windowTitle() != title)
                dock->setWindowTitle(title);
        }
    }
}

MainWindow *DeskSession::createWindow()
{
    int number = 1;
    while (std::any_of(m_windows.begin(), m_windows.end(),
                       [number](const MainWindow *w) { return w->number() == number; }))
        ++number;
    auto *window = new MainWindow(*this, number);
    m_windows.push_back(window);
    std::sort(m_windows.begin(), m_windows.end(),
              [](const MainWindow *a, const MainWindow *b) { return a->number() < b->number(); });
    Q_EMIT windowsChanged();
    return window;
}

MainWindow *DeskSession::newWindow()
{
    MainWindow *window = createWindow();
    // Beside the main window, on the same screen, until the trader moves it.
    const MainWindow *main = mainWindow();
    window->resize(std::max(640, main->width() / 2), std::max(480, main->height() / 2));
    window->move(main->geometry().topLeft() + QPoint(40, 40));
    window->show();
    return window;
}

void DeskSession::closeSecondaryWindows()
{
    // Deleted at once (their panels with them): the caller rebuilds or rearranges what remains.
    const std::vector<MainWindow *> secondary(m_windows.begin() + 1, m_windows.end());
    m_windows.resize(1);
    for (MainWindow *window : secondary)
        delete window;
}

void DeskSession::forgetWindow(MainWindow *window)
{
    if (window == mainWindow() || m_shuttingDown)
        return;
    m_windows.erase(std::remove(m_windows.begin(), m_windows.end(), window), m_windows.end());
    window->deleteLater(); // its panels go with it
    Q_EMIT windowsChanged();
}

QString DeskSession::nextId(PanelKind kind) const
{
    const QString key = panelKindKey(kind);
    if (!panelById(key))
        return key;
    for (int n = 2;; ++n) {
        const QString id = QStringLiteral("%1-%2").arg(key).arg(n);
        if (!panelById(id))
            return id;
    }
}

QDockWidget *DeskSession::panelById(const QString &id) const
{
    for (const Panel &panel : m_panels) {
        if (panel.dock && panel.id == id)
            return panel.dock;
    }
    return nullptr;
}

std::vector<QDockWidget *> DeskSession::panels() const
{
    std::vector<QDockWidget *> docks;
    for (const Panel &panel : m_panels) {
        if (panel.dock)
            docks.push_back(panel.dock);
    }
    return docks;
}

std::vector<QDockWidget *> DeskSession::panelsIn(const MainWindow *window) const
{
    std::vector<QDockWidget *> docks;
    for (const Panel &panel : m_panels) {
        QDockWidget *dock = panel.dock.data();
        if (dock && dock->parentWidget() == window)
            docks.push_back(dock);
    }
    return docks;
}

const DeskSession::Panel *DeskSession::recordOf(const QDockWidget *dock) const
{
    for (const Panel &panel : m_panels) {
        if (panel.dock == dock)
            return &panel;
    }
    return nullptr;
}

std::optional<PanelKind> DeskSession::kindOf(const QDockWidget *dock) const
{
    const Panel *panel = recordOf(dock);
    return panel ? std::optional<PanelKind>(panel->kind) : std::nullopt;
}

QWidget *DeskSession::contentOf(const QDockWidget *dock)
{
    return dock ? dock->widget() : nullptr;
}

QDockWidget *DeskSession::dockOf(const QWidget *panel)
{
    auto *dock = panel ? qobject_cast<QDockWidget *>(panel->parentWidget()) : nullptr;
    return dock && dock->widget() == panel ? dock : nullptr;
}

std::vector<QWidget *> DeskSession::following(const QWidget *source, PanelKind kind) const
{
    const LinkGroup group = m_links->isMember(source) ? m_links->groupOf(source) : LinkGroup::None;
    const QWidget *sourceWindow = source->window();
    std::vector<QWidget *> out;
    for (const Panel &panel : m_panels) {
        QDockWidget *dock = panel.dock.data();
        if (!dock || panel.kind != kind)
            continue;
        QWidget *content = dock->widget();
        const bool linked = group != LinkGroup::None && m_links->groupOf(content) == group;
        const bool sameWindow = group == LinkGroup::None && dock->parentWidget() == sourceWindow;
        if (linked || sameWindow)
            out.push_back(content);
    }
    return out;
}

void DeskSession::placeInWindow(QDockWidget *dock, MainWindow *window)
{
    const Slot slot = slotOf(*kindOf(dock));
    QDockWidget *sameSlot = nullptr;
    QDockWidget *trading = nullptr;
    for (QDockWidget *other : panelsIn(window)) {
        if (other == dock || other->isFloating() || other->isHidden())
            continue;
        const Slot otherSlot = slotOf(*kindOf(other));
        if (!sameSlot && otherSlot == slot)
            sameSlot = other;
        if (!trading && otherSlot == Trading)
            trading = other;
    }
    dock->setFloating(false);
    window->addDockWidget(Qt::LeftDockWidgetArea, dock);
    if (sameSlot)
        window->tabifyDockWidget(sameSlot, dock); // in front of the panels of its slot
    else if (trading && slot != Trading)
        window->splitDockWidget(trading, dock, slot == Side ? Qt::Horizontal : Qt::Vertical);
    dock->show();
    dock->raise();
}

QDockWidget *DeskSession::addPanel(PanelKind kind, MainWindow *window)
{
    if (panelKindIsSingle(kind)) {
        for (const Panel &panel : m_panels) {
            if (panel.dock && panel.kind == kind) {
                panel.dock->show();
                panel.dock->raise();
                return panel.dock;
            }
        }
    }
    QDockWidget *dock = createPanel(kind, window, nextId(kind));
    placeInWindow(dock, window);
    if (QWidget *content = dock->widget())
        content->setFocus(Qt::OtherFocusReason);
    return dock;
}

void DeskSession::movePanel(QDockWidget *dock, MainWindow *window)
{
    const auto kind = kindOf(dock);
    if (!kind || !window || dock->parentWidget() == window)
        return;
    auto *from = qobject_cast<MainWindow *>(dock->parentWidget());
    placeInWindow(dock, window);
    if (from)
        from->scheduleTitleBarRefresh();
    window->scheduleTitleBarRefresh();
}

QDockWidget *DeskSession::createPanel(PanelKind kind, MainWindow *window, const QString &id)
{
    m_panels.push_back(Panel{id, kind, nullptr, {}, {}, {}, {}, {}, {}});
    Panel &panel = m_panels.back();
    const int number = id.contains(QLatin1Char('-')) ? id.section(QLatin1Char('-'), 1).toInt() : 1;
    const QString title = number > 1 ? QStringLiteral("%1 %2").arg(panelKindTitle(kind)).arg(number)
                                     : panelKindTitle(kind);
    auto *dock = new QDockWidget(title, window);
    dock->setObjectName(id);
    panel.dock = dock;
    panel.title = title;
    dock->setWidget(createContent(kind, panel));
    dock->widget()->setObjectName(id + QStringLiteral("Panel"));
    // A second panel of a kind goes away when closed; the first is only hidden (View menu).
    if (number > 1)
        dock->setAttribute(Qt::WA_DeleteOnClose);
    dock->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(dock, &QWidget::customContextMenuRequested, dock, [dock](const QPoint &pos) {
        if (auto *owner = qobject_cast<MainWindow *>(dock->parentWidget()))
            owner->showPanelMenu(dock, dock->mapToGlobal(pos));
    });
    connect(dock, &QObject::destroyed, this, [this, dock] {
        m_panels.erase(std::remove_if(m_panels.begin(), m_panels.end(),
                                      [dock](const Panel &p) { return p.dock == dock || !p.dock; }),
                       m_panels.end());
    });
    // Tabbed or alone, floating or docked, in this window or another: title bars follow.
    const auto refresh = [dock] {
        if (auto *owner = qobject_cast<MainWindow *>(dock->parentWidget()))
            owner->scheduleTitleBarRefresh();
    };
    connect(dock, &QDockWidget::topLevelChanged, this, refresh);
    connect(dock, &QDockWidget::dockLocationChanged, this, refresh);
    connect(dock, &QDockWidget::visibilityChanged, this, refresh);
    window->addDockWidget(Qt::LeftDockWidgetArea, dock);
    return dock;
}

namespace {
// A panel's symbol and its own state, for the workspace file.
template <class P>
void bindState(std::function<QByteArray()> &save, std::function<bool(const QByteArray &)> &restore,
               P *panel)
{
    save = [panel] { return panel->saveState(); };
    restore = [panel](const QByteArray &state) { return panel->restoreState(state); };
}
template <class P>
void bindSymbol(std::function<QString()> &symbol, std::function<void(const QString &)> &setSymbol,
                P *panel)
{
    symbol = [panel] { return panel->symbol(); };
    setSymbol = [panel](const QString &s) { panel->setSymbol(s); };
}
} // namespace

QWidget *DeskSession::createContent(PanelKind kind, Panel &panel)
{
    switch (kind) {
    case PanelKind::Quotes: {
        auto *board = new QuoteBoardPanel;
        bindState(panel.save, panel.restore, board);
        bindSymbol(panel.symbol, panel.setSymbol, board);
        panel.feed = [board](const engine::DeskSnapshot &s) { board->setSnapshot(s); };
        m_links->join(board, board->linkGroupButton(),
                      [board](const QString &symbol) { board->setSymbol(symbol); });
        connect(board, &QuoteBoardPanel::symbolSelected, this,
                [this, board](const QString &symbol, bool open) {
                    m_links->publish(board, symbol);
                    // Enter or a double-click opens the chain that shows that underlying.
                    if (!open)
                        return;
                    for (QWidget *chain : following(board, PanelKind::Chain)) {
                        if (static_cast<OptionChainPanel *>(chain)->symbol() == symbol) {
                            if (auto *window = qobject_cast<MainWindow *>(chain->window()))
                                window->showPanel(chain);
                            break;
                        }
                    }
                });
        return board;
    }
    case PanelKind::Chain: {
        auto *chain = new OptionChainPanel;
        bindState(panel.save, panel.restore, chain);
        bindSymbol(panel.symbol, panel.setSymbol, chain);
        panel.feed = [chain](const engine::DeskSnapshot &s) { chain->setSnapshot(s); };
        // The option views take only underlyings that list options.
        m_links->join(chain, chain->linkGroupButton(), [this, chain](const QString &symbol) {
            if (isOptionable(symbol))
                chain->setSymbol(symbol);
        });
        connect(chain, &OptionChainPanel::symbolChanged, m_links,
                [this, chain](const QString &symbol) { m_links->publish(chain, symbol); });
        connect(chain, &OptionChainPanel::expiryChanged, this, [this, chain](Date expiry) {
            for (QWidget *vol : following(chain, PanelKind::Volatility))
                static_cast<VolatilityPanel *>(vol)->setExpiry(expiry);
        });
        connect(chain, &OptionChainPanel::legRequested, this,
                [this, chain](InstrumentId contract, int quantity, double price) {
                    for (QWidget *analyze : following(chain, PanelKind::Analyze))
                        static_cast<AnalyzePanel *>(analyze)->addLeg(contract, quantity, price);
                });
        connect(chain, &OptionChainPanel::contractSelected, this,
                [this, chain](InstrumentId contract) {
                    // The Greeks panels of the chain's window (they have no group of their own).
                    for (const Panel &p : m_panels) {
                        QDockWidget *dock = p.dock.data();
                        if (dock && p.kind == PanelKind::Greeks &&
                            dock->parentWidget() == chain->window())
                            static_cast<GreeksPanel *>(dock->widget())->setContract(contract);
                    }
                });
        return chain;
    }
    case PanelKind::Chart: {
        auto *chart = new ChartPanel;
        bindState(panel.save, panel.restore, chart);
        bindSymbol(panel.symbol, panel.setSymbol, chart);
        panel.feed = [chart](const engine::DeskSnapshot &s) { chart->setSnapshot(s); };
        m_links->join(chart, chart->linkGroupButton());
        return chart;
    }
    case PanelKind::Analyze: {
        auto *analyze = new AnalyzePanel;
        bindState(panel.save, panel.restore, analyze);
        bindSymbol(panel.symbol, panel.setSymbol, analyze);
        panel.feed = [analyze](const engine::DeskSnapshot &s) { analyze->setSnapshot(s); };
        m_links->join(analyze, analyze->linkGroupButton(), [this, analyze](const QString &symbol) {
            if (isOptionable(symbol))
                analyze->setSymbol(symbol);
        });
        return analyze;
    }
    case PanelKind::Volatility: {
        auto *vol = new VolatilityPanel;
        bindState(panel.save, panel.restore, vol);
        bindSymbol(panel.symbol, panel.setSymbol, vol);
        panel.feed = [vol](const engine::DeskSnapshot &s) { vol->setSnapshot(s); };
        m_links->join(vol, vol->linkGroupButton(), [this, vol](const QString &symbol) {
            if (isOptionable(symbol))
                vol->setSymbol(symbol);
        });
        return vol;
    }
    case PanelKind::Scanner: {
        auto *scanner = new ScannerPanel;
        bindState(panel.save, panel.restore, scanner);
        panel.feed = [scanner](const engine::DeskSnapshot &s) { scanner->setSnapshot(s); };
        // The scanner only sends: a picked row moves the Red group.
        m_links->join(scanner, LinkGroup::Red, [](const QString &) {});
        connect(scanner, &ScannerPanel::symbolChanged, m_links,
                [this, scanner](const QString &symbol) { m_links->publish(scanner, symbol); });
        connect(scanner, &ScannerPanel::scanned, this,
                [this](const QString &rule, const std::vector<alerts::ScanHit> &hits) {
                    for (const Panel &p : m_panels) {
                        QDockWidget *dock = p.dock.data();
                        if (dock && p.kind == PanelKind::Alerts)
                            static_cast<AlertsPanel *>(dock->widget())->onScan(rule, hits);
                    }
                });
        return scanner;
    }
    case PanelKind::Playbooks: {
        auto *signalsPanel = new SignalsPanel;
        panel.feed = [signalsPanel](const engine::DeskSnapshot &s) {
            signalsPanel->setSnapshot(s);
        };
        m_links->join(signalsPanel, LinkGroup::Red, [](const QString &) {});
        connect(signalsPanel, &SignalsPanel::symbolChanged, m_links,
                [this, signalsPanel](const QString &symbol) {
                    m_links->publish(signalsPanel, symbol);
                });
        // The trader's playbook settings: sent to the engine, kept in QSettings when it accepts
        // them (playbooks/<name>/<parameter>, playbooks/<name>/enabled), applied at start-up.
        auto refused = [this, signalsPanel](const QString &what, const Status &status) {
            const QString text =
                tr("%1 refused: %2").arg(what, QString::fromStdString(status.message()));
            Q_EMIT message(text);
            logging::get("desk")->error("{}", text.toStdString());
            signalsPanel->discardEdits();
        };
        connect(signalsPanel, &SignalsPanel::parameterEdited, this,
                [this, refused](const QString &playbook, const QString &parameter, double value) {
                    const Status set = m_engine.setPlaybookParameter(
                        playbook.toStdString(), parameter.toStdString(), value);
                    if (!set) {
                        refused(tr("%1 %2 = %3").arg(playbook, parameter).arg(value), set);
                        return;
                    }
                    QSettings().setValue(QStringLiteral("playbooks/%1/%2").arg(playbook, parameter),
                                         value);
                    Q_EMIT message(tr("%1: %2 set to %3").arg(playbook, parameter).arg(value));
                });
        connect(signalsPanel, &SignalsPanel::playbookEnabledChanged, this,
                [this, refused](const QString &playbook, bool enabled) {
                    const Status set = m_engine.setPlaybookEnabled(playbook.toStdString(), enabled);
                    if (!set) {
                        refused(enabled ? tr("Starting %1").arg(playbook)
                                        : tr("Stopping %1").arg(playbook),
                                set);
                        return;
                    }
                    QSettings().setValue(QStringLiteral("playbooks/%1/enabled").arg(playbook),
                                         enabled);
                    Q_EMIT message(enabled ? tr("%1 runs").arg(playbook)
                                           : tr("%1 stopped").arg(playbook));
                });
        return signalsPanel;
    }
    case PanelKind::Greeks: {
        auto *greeks = new GreeksPanel;
        panel.feed = [greeks](const engine::DeskSnapshot &s) { greeks->setSnapshot(s); };
        return greeks;
    }
    case PanelKind::Alerts: {
        auto *alertsPanel = new AlertsPanel(*m_alerts);
        panel.feed = [alertsPanel](const engine::DeskSnapshot &s) { alertsPanel->setSnapshot(s); };
        m_links->join(alertsPanel, LinkGroup::Red, [](const QString &) {});
        connect(
            alertsPanel, &AlertsPanel::symbolChanged, m_links,
            [this, alertsPanel](const QString &symbol) { m_links->publish(alertsPanel, symbol); });
        return alertsPanel;
    }
    case PanelKind::Log:
        return new LogPanel;
    }
    return nullptr;
}

void DeskSession::wirePlaybookSettings()
{
    // Saved settings from earlier sessions; ones the playbooks no longer know are skipped.
    QSettings settings;
    settings.beginGroup(QStringLiteral("playbooks"));
    for (const QString &playbook : settings.childGroups()) {
        settings.beginGroup(playbook);
        for (const QString &key : settings.childKeys()) {
            const QVariant value = settings.value(key);
            Status applied;
            if (key == QLatin1String("enabled")) {
                applied = m_engine.setPlaybookEnabled(playbook.toStdString(), value.toBool());
            } else {
                bool ok = false;
                const double number = value.toDouble(&ok);
                applied = ok ? m_engine.setPlaybookParameter(playbook.toStdString(),
                                                             key.toStdString(), number)
                             : Status(Error{"not a number"});
            }
            if (!applied)
                logging::get("desk")->warn("ignoring the saved setting playbooks/{}/{} = {}: {}",
                                           playbook.toStdString(), key.toStdString(),
                                           value.toString().toStdString(), applied.message());
        }
        settings.endGroup();
    }
}

void DeskSession::arrangeDefault(MainWindow *window)
{
    std::vector<QDockWidget *> docks = panelsIn(window);
    // Kind order, then creation order: Quotes first, every chart together.
    std::stable_sort(docks.begin(), docks.end(), [this](QDockWidget *a, QDockWidget *b) {
        return static_cast<int>(*kindOf(a)) < static_cast<int>(*kindOf(b));
    });
    QDockWidget *firstOf[3] = {nullptr, nullptr, nullptr}; // by Slot
    for (QDockWidget *dock : docks) {
        QDockWidget *&first = firstOf[slotOf(*kindOf(dock))];
        if (!first) {
            first = dock;
            dock->setFloating(false);
            window->addDockWidget(Qt::LeftDockWidgetArea, dock);
            dock->show();
        }
    }
    // The slots' first panels split the area, then every other panel tabs behind its slot's.
    if (firstOf[Trading] && firstOf[Side])
        window->splitDockWidget(firstOf[Trading], firstOf[Side], Qt::Horizontal);
    if (firstOf[Trading] && firstOf[Bottom])
        window->splitDockWidget(firstOf[Trading], firstOf[Bottom], Qt::Vertical);
    for (QDockWidget *dock : docks) {
        QDockWidget *first = firstOf[slotOf(*kindOf(dock))];
        if (dock == first)
            continue;
        dock->setFloating(false);
        window->addDockWidget(Qt::LeftDockWidgetArea, dock);
        window->tabifyDockWidget(first, dock);
        dock->show();
    }
    for (QDockWidget *first : firstOf) {
        if (first)
            first->raise();
    }
    window->applyDefaultDockSizes();
    window->scheduleTitleBarRefresh();
}

Workspace DeskSession::captureWorkspace(const QString &name) const
{
    Workspace workspace;
    workspace.name = name;
    for (MainWindow *window : m_windows) {
        WindowSection section;
        QScreen *screen = window->screen();
        section.screen = screen->name();
        section.screenGeometry = screen->geometry();
        section.geometry = window->normalGeometry().translated(-screen->geometry().topLeft());
        if (!section.geometry.isValid())
            section.geometry = window->geometry().translated(-screen->geometry().topLeft());
        section.maximized = window->isMaximized();
        section.fullScreen = window->isFullScreen();
        section.dockState = window->saveState(MainWindow::kLayoutVersion);
        if (QWidget *active = window->activePanel(); active && dockOf(active))
            section.currentPanel = dockOf(active)->objectName();
        for (const Panel &panel : m_panels) {
            QDockWidget *dock = panel.dock.data();
            if (!dock || dock->parentWidget() != window)
                continue;
            QWidget *content = dock->widget();
            PanelSection out;
            out.id = panel.id;
            out.kind = panel.kind;
            if (panel.symbol)
                out.symbol = panel.symbol();
            if (m_links->isMember(content))
                out.linkGroup = linkGroupKey(m_links->groupOf(content));
            if (panel.save)
                out.state = panel.save();
            for (const QSplitter *splitter : content->findChildren<QSplitter *>())
                out.splitters.push_back(splitter->saveState());
            section.panels.push_back(std::move(out));
        }
        workspace.windows.push_back(std::move(section));
    }
    return workspace;
}

Status DeskSession::applyWorkspace(const Workspace &workspace)
{
    if (workspace.windows.empty())
        return Error{"the workspace has no window"};
    // Windows: the main one stays, the others are rebuilt from the workspace.
    closeSecondaryWindows();
    // Panels: those in the workspace are kept (by id) or created; the others go away.
    QHash<QString, PanelKind> wanted;
    for (const WindowSection &section : workspace.windows) {
        for (const PanelSection &panel : section.panels)
            wanted.insert(panel.id, panel.kind);
    }
    for (QDockWidget *dock : panels()) {
        const auto kept = wanted.constFind(dock->objectName());
        if (kept == wanted.cend() || kindOf(dock) != *kept)
            delete dock;
    }
    const std::vector<ScreenInfo> screens = presentScreens();
    QStringList refused;
    std::vector<std::pair<QPointer<QSplitter>, QByteArray>> splitterStates;
    for (std::size_t w = 0; w < workspace.windows.size(); ++w) {
        const WindowSection &section = workspace.windows[w];
        MainWindow *window = w == 0 ? mainWindow() : createWindow();
        for (const PanelSection &panel : section.panels) {
            QDockWidget *dock = panelById(panel.id);
            if (dock) {
                dock->setFloating(false);
                window->addDockWidget(Qt::LeftDockWidgetArea, dock);
            } else {
                dock = createPanel(panel.kind, window, panel.id);
            }
            const Panel *record = recordOf(dock);
            if (!panel.state.isEmpty() && record && record->restore &&
                !record->restore(panel.state))
                refused.append(panel.id);
            // Splitters by position (the panel builds them in the same order every time), once
            // the windows are shown and laid out: a splitter restored at another size would
            // spread the difference by its stretch factors.
            const QList<QSplitter *> splitters = dock->widget()->findChildren<QSplitter *>();
            for (std::size_t i = 0; i < panel.splitters.size() && i < std::size_t(splitters.size());
                 ++i)
                splitterStates.emplace_back(splitters[static_cast<qsizetype>(i)],
                                            panel.splitters[i]);
            // The readable fields win: a workspace edited by hand (or written without states)
            // sets the group and the symbol.
            if (const auto group = linkGroupFromKey(panel.linkGroup))
                m_links->setGroup(dock->widget(), *group);
            if (!panel.symbol.isEmpty() && record && record->setSymbol &&
                (!record->symbol || record->symbol() != panel.symbol))
                record->setSymbol(panel.symbol);
        }
        // The default arrangement first, so a dock state that misses a panel still shows it.
        arrangeDefault(window);
        if (!section.dockState.isEmpty()) {
            if (window->restoreState(section.dockState, MainWindow::kLayoutVersion))
                window->m_defaultSizesPending = false; // the saved sizes stand
            else
                refused.append(tr("the dock arrangement of window %1").arg(w + 1));
        }
        if (!screens.empty()) {
            const WindowPlacement placement = placeWindow(section, screens, primaryIndex());
            QScreen *screen = QGuiApplication::screens().value(placement.screen);
            if (window->isMaximized() || window->isFullScreen())
                window->showNormal();
            if (screen && window->windowHandle())
                window->windowHandle()->setScreen(screen);
            window->setGeometry(placement.geometry);
            if (placement.fellBack)
                logging::get("desk")->info(
                    "workspace {}: screen {} is not connected; window {} goes to {}",
                    workspace.name.toStdString(), section.screen.toStdString(), w + 1,
                    screens[static_cast<std::size_t>(placement.screen)].name.toStdString());
        }
        if (section.fullScreen)
            window->showFullScreen();
        else if (section.maximized)
            window->showMaximized();
        else if (w > 0 || mainWindow()->isVisible())
            window->show();
        if (QDockWidget *current = panelById(section.currentPanel);
            current && current->parentWidget() == window) {
            current->raise();
            if (QWidget *content = current->widget())
                window->showPanel(content);
        }
    }
    QTimer::singleShot(0, this, [splitterStates = std::move(splitterStates)] {
        for (const auto &[splitter, state] : splitterStates) {
            if (splitter)
                splitter->restoreState(state);
        }
    });
    m_workspace = workspace.name;
    Q_EMIT windowsChanged();
    Q_EMIT workspaceChanged(m_workspace);
    if (!refused.isEmpty()) {
        const QString text = tr("Workspace %1: kept the defaults for %2 (saved by another "
                                "version)")
                                 .arg(workspace.name, refused.join(QStringLiteral(", ")));
        logging::get("desk")->warn("{}", text.toStdString());
        Q_EMIT message(text);
    }
    return {};
}

Status DeskSession::saveWorkspace(const QString &name)
{
    if (Status valid = validateWorkspaceName(name); !valid)
        return valid;
    if (Status written = writeWorkspace(captureWorkspace(name)); !written)
        return written;
    m_workspace = name;
    QSettings().setValue(kCurrentWorkspaceKey, name);
    Q_EMIT workspaceChanged(name);
    return {};
}

Status DeskSession::loadWorkspace(const QString &name)
{
    auto workspace = readWorkspace(name);
    if (!workspace)
        return Error{workspace.message()};
    if (Status applied = applyWorkspace(workspace.value()); !applied)
        return applied;
    QSettings().setValue(kCurrentWorkspaceKey, name);
    return {};
}

bool DeskSession::restoreLastWorkspace()
{
    const QString name = QSettings().value(kCurrentWorkspaceKey, defaultWorkspaceName()).toString();
    if (!QFile::exists(workspacePath(name)))
        return false;
    if (Status loaded = loadWorkspace(name); !loaded) {
        logging::get("desk")->warn("the last workspace was not restored: {}", loaded.message());
        Q_EMIT message(tr("Workspace %1 not restored: %2")
                           .arg(name, QString::fromStdString(loaded.message())));
        return false;
    }
    return true;
}

void DeskSession::resetLayout()
{
    MainWindow *main = mainWindow();
    for (QDockWidget *dock : panels()) {
        if (dock->parentWidget() != main) {
            dock->setFloating(false);
            main->addDockWidget(Qt::LeftDockWidgetArea, dock);
        }
    }
    closeSecondaryWindows();
    if (main->isMaximized() || main->isFullScreen())
        main->showNormal();
    if (QScreen *primary = QGuiApplication::primaryScreen()) {
        QRect geometry(QPoint(0, 0),
                       QSize(1400, 820).boundedTo(primary->availableGeometry().size()));
        geometry.moveCenter(primary->availableGeometry().center());
        if (main->windowHandle())
            main->windowHandle()->setScreen(primary);
        main->setGeometry(geometry);
    }
    arrangeDefault(main);
    Q_EMIT windowsChanged();
}

void DeskSession::shutdown()
{
    if (m_shuttingDown)
        return;
    if (Status saved = saveWorkspace(m_workspace); !saved)
        logging::get("desk")->error("the workspace was not saved: {}", saved.message());
    m_shuttingDown = true;
    for (MainWindow *window : m_windows) {
        if (window != mainWindow())
            window->close();
    }
    m_pump->stop();
}

} // namespace mag7::widgets
