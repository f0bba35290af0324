#include "workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace mag7::widgets {

namespace {

constexpr const char *kFormatName = "mag7-workspace";

struct KindInfo {
    PanelKind kind;
    const char *key;
    const char *title;
    bool single;
};

constexpr KindInfo kKinds[kPanelKindCount] = {
    {PanelKind::Quotes, "quotes", QT_TRANSLATE_NOOP("Workspace", "Quotes"), false},
    {PanelKind::Chain, "chain", QT_TRANSLATE_NOOP("Workspace", "Chain"), false},
    {PanelKind::Chart, "chart", QT_TRANSLATE_NOOP("Workspace", "Chart"), false},
    {PanelKind::Analyze, "analyze", QT_TRANSLATE_NOOP("Workspace", "Analyze"), false},
    {PanelKind::Volatility, "volatility", QT_TRANSLATE_NOOP("Workspace", "Volatility"), false},
    {PanelKind::Scanner, "scanner", QT_TRANSLATE_NOOP("Workspace", "Scanner"), false},
    {PanelKind::Playbooks, "playbooks", QT_TRANSLATE_NOOP("Workspace", "Playbooks"), false},
    {PanelKind::Greeks, "greeks", QT_TRANSLATE_NOOP("Workspace", "Greeks"), false},
    {PanelKind::Alerts, "alerts", QT_TRANSLATE_NOOP("Workspace", "Alerts"), true},
    {PanelKind::Log, "log", QT_TRANSLATE_NOOP("Workspace", "Log"), true},
};

const KindInfo &infoOf(PanelKind kind)
{
    return kKinds[static_cast<int>(kind)];
}

QJsonArray rectToJson(const QRect &r)
{
    return {r.x(), r.y(), r.width(), r.height()};
}

std::optional<QRect> rectFromJson(const QJsonValue &value)
{
    const QJsonArray a = value.toArray();
    if (a.size() != 4)
        return std::nullopt;
    for (const QJsonValue &v : a) {
        if (!v.isDouble())
            return std::nullopt;
    }
    const QRect r(a[0].toInt(), a[1].toInt(), a[2].toInt(), a[3].toInt());
    if (r.width() <= 0 || r.height() <= 0)
        return std::nullopt;
    return r;
}

QByteArray bytesFromJson(const QJsonValue &value)
{
    return QByteArray::fromBase64(value.toString().toLatin1());
}

Error fileError(const QString &what)
{
    return Error{what.toStdString()};
}

// The window's size kept where it fits in `area`, the window fully inside it.
QRect fitInto(QRect window, const QRect &area)
{
    window.setWidth(std::min(window.width(), area.width()));
    window.setHeight(std::min(window.height(), area.height()));
    window.moveLeft(std::clamp(window.left(), area.left(), area.right() - window.width() + 1));
    window.moveTop(std::clamp(window.top(), area.top(), area.bottom() - window.height() + 1));
    return window;
}

} // namespace

QString panelKindKey(PanelKind kind)
{
    return QLatin1String(infoOf(kind).key);
}

QString panelKindTitle(PanelKind kind)
{
    return QCoreApplication::translate("Workspace", infoOf(kind).title);
}

std::optional<PanelKind> panelKindFromKey(const QString &key)
{
    for (const KindInfo &info : kKinds) {
        if (key == QLatin1String(info.key))
            return info.kind;
    }
    return std::nullopt;
}

bool panelKindIsSingle(PanelKind kind)
{
    return infoOf(kind).single;
}

QJsonObject workspaceToJson(const Workspace &workspace)
{
    QJsonArray windows;
    for (const WindowSection &window : workspace.windows) {
        QJsonArray panels;
        for (const PanelSection &panel : window.panels) {
            QJsonObject section{{QStringLiteral("id"), panel.id},
                                {QStringLiteral("kind"), panelKindKey(panel.kind)}};
            if (!panel.symbol.isEmpty())
                section.insert(QStringLiteral("symbol"), panel.symbol);
            if (!panel.linkGroup.isEmpty())
                section.insert(QStringLiteral("linkGroup"), panel.linkGroup);
            if (!panel.state.isEmpty())
                section.insert(QStringLiteral("state"),
                               QString::fromLatin1(panel.state.toBase64()));
            if (!panel.splitters.empty()) {
                QJsonArray splitters;
                for (const QByteArray &splitter : panel.splitters)
                    splitters.append(QString::fromLatin1(splitter.toBase64()));
                section.insert(QStringLiteral("splitters"), splitters);
            }
            panels.append(section);
        }
        windows.append(QJsonObject{
            {QStringLiteral("screen"), window.screen},
            {QStringLiteral("screenGeometry"), rectToJson(window.screenGeometry)},
            {QStringLiteral("geometry"), rectToJson(window.geometry)},
            {QStringLiteral("maximized"), window.maximized},
            {QStringLiteral("fullScreen"), window.fullScreen},
            {QStringLiteral("currentPanel"), window.currentPanel},
            {QStringLiteral("docks"), QString::fromLatin1(window.dockState.toBase64())},
            {QStringLiteral("panels"), panels},
        });
    }
    return QJsonObject{{QStringLiteral("format"), QLatin1String(kFormatName)},
                       {QStringLiteral("version"), Workspace::kFormatVersion},
                       {QStringLiteral("name"), workspace.name},
                       {QStringLiteral("windows"), windows}};
}

Result<Workspace> workspaceFromJson(const QJsonObject &json)
{
    if (json.value(QStringLiteral("format")).toString() != QLatin1String(kFormatName))
        return Error{"not a Mag7 workspace (format is not \"mag7-workspace\")"};
    const int version = json.value(QStringLiteral("version")).toInt(-1);
    if (version < 1 || version > Workspace::kFormatVersion)
        return Error{"workspace format version " + std::to_string(version) +
                     " is not supported (this desk reads version " +
                     std::to_string(Workspace::kFormatVersion) + ")"};
    Workspace workspace;
    workspace.name = json.value(QStringLiteral("name")).toString();
    const QJsonArray windows = json.value(QStringLiteral("windows")).toArray();
    if (windows.isEmpty())
        return Error{"the workspace has no window"};
    QStringList ids;
    for (qsizetype w = 0; w < windows.size(); ++w) {
        const QJsonObject object = windows[w].toObject();
        const std::string where = "window " + std::to_string(w + 1);
        WindowSection window;
        window.screen = object.value(QStringLiteral("screen")).toString();
        const auto screenGeometry = rectFromJson(object.value(QStringLiteral("screenGeometry")));
        const auto geometry = rectFromJson(object.value(QStringLiteral("geometry")));
        if (!screenGeometry || !geometry)
            return Error{where + ": screenGeometry and geometry must be [x, y, width, height] "
                                 "with a positive size"};
        window.screenGeometry = *screenGeometry;
        window.geometry = *geometry;
        window.maximized = object.value(QStringLiteral("maximized")).toBool();
        window.fullScreen = object.value(QStringLiteral("fullScreen")).toBool();
        window.currentPanel = object.value(QStringLiteral("currentPanel")).toString();
        window.dockState = bytesFromJson(object.value(QStringLiteral("docks")));
        for (const QJsonValue &value : object.value(QStringLiteral("panels")).toArray()) {
            const QJsonObject section = value.toObject();
            PanelSection panel;
            panel.id = section.value(QStringLiteral("id")).toString();
            const QString kindKey = section.value(QStringLiteral("kind")).toString();
            const auto kind = panelKindFromKey(kindKey);
            if (!kind)
                return Error{where + ": unknown panel kind \"" + kindKey.toStdString() + "\""};
            panel.kind = *kind;
            static const QRegularExpression idPattern(QStringLiteral("^[a-z]+(-[0-9]+)?$"));
            if (!idPattern.match(panel.id).hasMatch())
                return Error{where + ": panel id \"" + panel.id.toStdString() +
                             "\" is not <kind> or <kind>-<number>"};
            if (ids.contains(panel.id))
                return Error{where + ": panel id \"" + panel.id.toStdString() + "\" appears twice"};
            ids.append(panel.id);
            panel.symbol = section.value(QStringLiteral("symbol")).toString();
            panel.linkGroup = section.value(QStringLiteral("linkGroup")).toString();
            panel.state = bytesFromJson(section.value(QStringLiteral("state")));
            for (const QJsonValue &splitter : section.value(QStringLiteral("splitters")).toArray())
                panel.splitters.push_back(bytesFromJson(splitter));
            window.panels.push_back(std::move(panel));
        }
        workspace.windows.push_back(std::move(window));
    }
    return workspace;
}

Status validateWorkspaceName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9 _.-]{1,64}$"));
    if (!pattern.match(name).hasMatch() || name.startsWith(QLatin1Char('.')) ||
        name.trimmed() != name)
        return Error{"workspace name \"" + name.toStdString() +
                     "\" must be 1-64 letters, digits, spaces, '-', '_' or '.', not starting "
                     "with a dot or a space"};
    return {};
}

QString workspaceDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/workspaces");
}

QString workspacePath(const QString &name)
{
    return workspaceDirectory() + QLatin1Char('/') + name + QStringLiteral(".json");
}

QStringList workspaceNames()
{
    QStringList names;
    const QDir dir(workspaceDirectory());
    for (const QString &file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QString name = file.chopped(5);
        if (validateWorkspaceName(name))
            names.append(name);
    }
    return names;
}

Status writeWorkspace(const Workspace &workspace)
{
    if (Status valid = validateWorkspaceName(workspace.name); !valid)
        return valid;
    if (!QDir().mkpath(workspaceDirectory()))
        return fileError(
            QStringLiteral("cannot create the workspace folder %1").arg(workspaceDirectory()));
    const QString path = workspacePath(workspace.name);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fileError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = QJsonDocument(workspaceToJson(workspace)).toJson();
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fileError(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

Result<Workspace> readWorkspace(const QString &name)
{
    if (Status valid = validateWorkspaceName(name); !valid)
        return Error{valid.message()};
    const QString path = workspacePath(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (document.isNull() || !document.isObject())
        return fileError(QStringLiteral("%1 is not valid JSON: %2 at offset %3")
                             .arg(path, parseError.errorString())
                             .arg(parseError.offset));
    auto workspace = workspaceFromJson(document.object());
    if (!workspace)
        return fileError(
            QStringLiteral("%1: %2").arg(path, QString::fromStdString(workspace.message())));
    workspace.value().name = name;
    return workspace;
}

Status removeWorkspace(const QString &name)
{
    if (Status valid = validateWorkspaceName(name); !valid)
        return valid;
    QFile file(workspacePath(name));
    if (!file.exists())
        return fileError(QStringLiteral("there is no workspace named %1").arg(name));
    if (!file.remove())
        return fileError(
            QStringLiteral("cannot remove %1: %2").arg(file.fileName(), file.errorString()));
    return {};
}

WindowPlacement placeWindow(const WindowSection &window, const std::vector<ScreenInfo> &screens,
                            int primary)
{
    WindowPlacement placement;
    int found = -1;
    for (std::size_t i = 0; i < screens.size() && found < 0; ++i) {
        if (!window.screen.isEmpty() && screens[i].name == window.screen)
            found = static_cast<int>(i);
    }
    // A screen renamed (another port, a driver update) but where it was with the same size.
    for (std::size_t i = 0; i < screens.size() && found < 0; ++i) {
        if (screens[i].geometry == window.screenGeometry)
            found = static_cast<int>(i);
    }
    if (found >= 0) {
        const ScreenInfo &screen = screens[static_cast<std::size_t>(found)];
        placement.screen = found;
        placement.geometry =
            fitInto(window.geometry.translated(screen.geometry.topLeft()), screen.available);
        return placement;
    }
    placement.fellBack = true;
    placement.screen = std::clamp(primary, 0, static_cast<int>(screens.size()) - 1);
    const QRect area = screens[static_cast<std::size_t>(placement.screen)].available;
    QRect centred(QPoint(0, 0), window.geometry.size());
    centred.moveCenter(area.center());
    placement.geometry = fitInto(centred, area);
    return placement;
}

} // namespace mag7::widgets
