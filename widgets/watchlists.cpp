#include "watchlists.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>

namespace mag7::widgets {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("mag7::widgets::Watchlists", text);
}
} // namespace

Watchlists Watchlists::defaults()
{
    Watchlists lists;
    lists.m_lists.push_back(
        {QStringLiteral("Mag 7"),
         {QStringLiteral("AAPL"), QStringLiteral("MSFT"), QStringLiteral("GOOGL"),
          QStringLiteral("AMZN"), QStringLiteral("NVDA"), QStringLiteral("TSLA"),
          QStringLiteral("META")}});
    lists.m_lists.push_back({QStringLiteral("Index"),
                             {QStringLiteral("SPY"), QStringLiteral("QQQ"), QStringLiteral("IWM"),
                              QStringLiteral("/ES"), QStringLiteral("/NQ")}});
    return lists;
}

QString Watchlists::allName()
{
    return tr("All");
}

QStringList Watchlists::names() const
{
    QStringList names;
    for (const Watchlist &list : m_lists)
        names << list.name;
    return names;
}

const Watchlist *Watchlists::find(const QString &name) const
{
    const auto it = std::find_if(m_lists.begin(), m_lists.end(), [&](const Watchlist &list) {
        return list.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0;
    });
    return it == m_lists.end() ? nullptr : &*it;
}

Watchlist *Watchlists::findMutable(const QString &name)
{
    return const_cast<Watchlist *>(std::as_const(*this).find(name));
}

QString Watchlists::checkName(const QString &name, const Watchlist *renaming) const
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return tr("A watchlist needs a name");
    if (trimmed.compare(allName(), Qt::CaseInsensitive) == 0 ||
        trimmed.compare(QStringLiteral("All"), Qt::CaseInsensitive) == 0)
        return tr("\"%1\" is the whole universe; pick another name").arg(trimmed);
    const Watchlist *existing = find(trimmed);
    if (existing && existing != renaming)
        return tr("There is already a watchlist named \"%1\"").arg(existing->name);
    return {};
}

QString Watchlists::create(const QString &name)
{
    if (QString problem = checkName(name, nullptr); !problem.isEmpty())
        return problem;
    m_lists.push_back({name.trimmed(), {}});
    return {};
}

QString Watchlists::rename(const QString &from, const QString &to)
{
    Watchlist *list = findMutable(from);
    if (!list)
        return tr("There is no watchlist named \"%1\"").arg(from);
    if (QString problem = checkName(to, list); !problem.isEmpty())
        return problem;
    list->name = to.trimmed();
    return {};
}

QString Watchlists::remove(const QString &name)
{
    const Watchlist *list = find(name);
    if (!list)
        return tr("There is no watchlist named \"%1\"").arg(name);
    m_lists.erase(m_lists.begin() + (list - m_lists.data()));
    return {};
}

QString Watchlists::addSymbol(const QString &name, const QString &symbol)
{
    Watchlist *list = findMutable(name);
    if (!list)
        return tr("\"%1\" is not an editable watchlist").arg(name);
    const QString wanted = symbol.trimmed().toUpper();
    if (wanted.isEmpty())
        return tr("Type a symbol to add");
    if (list->symbols.contains(wanted))
        return tr("%1 is already in %2").arg(wanted, list->name);
    list->symbols << wanted;
    return {};
}

int Watchlists::removeSymbols(const QString &name, const QStringList &symbols)
{
    Watchlist *list = findMutable(name);
    if (!list)
        return 0;
    int removed = 0;
    for (const QString &symbol : symbols)
        removed += static_cast<int>(list->symbols.removeAll(symbol));
    return removed;
}

bool Watchlists::moveSymbol(const QString &name, const QString &symbol, int steps)
{
    Watchlist *list = findMutable(name);
    if (!list)
        return false;
    const qsizetype from = list->symbols.indexOf(symbol);
    if (from < 0)
        return false;
    const qsizetype to = std::clamp<qsizetype>(from + steps, 0, list->symbols.size() - 1);
    if (to == from)
        return false;
    list->symbols.move(from, to);
    return true;
}

void Watchlists::reorder(const QString &name, const QStringList &order)
{
    Watchlist *list = findMutable(name);
    if (!list)
        return;
    QStringList reordered;
    for (const QString &symbol : order) {
        if (list->symbols.contains(symbol) && !reordered.contains(symbol))
            reordered << symbol;
    }
    for (const QString &symbol : std::as_const(list->symbols)) {
        if (!reordered.contains(symbol))
            reordered << symbol;
    }
    list->symbols = reordered;
}

QJsonArray Watchlists::toJson() const
{
    QJsonArray json;
    for (const Watchlist &list : m_lists) {
        json.append(
            QJsonObject{{QStringLiteral("name"), list.name},
                        {QStringLiteral("symbols"), QJsonArray::fromStringList(list.symbols)}});
    }
    return json;
}

Watchlists Watchlists::fromJson(const QJsonArray &json)
{
    Watchlists lists;
    for (const QJsonValue &value : json) {
        const QJsonObject object = value.toObject();
        const QString name = object.value(QStringLiteral("name")).toString();
        if (!lists.create(name).isEmpty())
            continue;
        for (const QJsonValue &symbol : object.value(QStringLiteral("symbols")).toArray())
            (void)lists.addSymbol(name, symbol.toString());
    }
    return lists;
}

bool Watchlists::operator==(const Watchlists &other) const
{
    if (m_lists.size() != other.m_lists.size())
        return false;
    for (std::size_t i = 0; i < m_lists.size(); ++i) {
        if (m_lists[i].name != other.m_lists[i].name ||
            m_lists[i].symbols != other.m_lists[i].symbols)
            return false;
    }
    return true;
}

} // namespace mag7::widgets
