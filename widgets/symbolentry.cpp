#include "symbolentry.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QValidator>

#include <algorithm>

namespace mag7::widgets {

namespace {

enum Role {
    SymbolRole = Qt::UserRole + 1, // the desk symbol ("/ES")
    KeyRole,                       // what the completer matches typed text against ("ES")
};

// Futures are typed with or without their slash.
QString bareSymbol(const QString &symbol)
{
    return symbol.startsWith(QLatin1Char('/')) ? symbol.mid(1) : symbol;
}

bool nameMatches(const QString &name, const QString &text)
{
    if (name.startsWith(text, Qt::CaseInsensitive))
        return true;
    // Any word of the name: "apple", "nasdaq", "russell".
    for (qsizetype i = 1; i < name.size(); ++i) {
        if (!name.at(i - 1).isLetterOrNumber() && name.at(i).isLetterOrNumber() &&
            QStringView(name).mid(i).startsWith(text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// Shows what is typed in upper case (symbols are upper case; names match case-insensitively).
class UpperCaseValidator final : public QValidator {
public:
    using QValidator::QValidator;
    State validate(QString &input, int &) const override
    {
        input = input.toUpper();
        return Acceptable;
    }
};

} // namespace

SymbolEntry::SymbolEntry(QWidget *parent)
    : QLineEdit(parent)
    , m_matches(new QStandardItemModel(this))
    , m_completer(new QCompleter(m_matches, this))
{
    setObjectName(QStringLiteral("symbolEntry"));
    setValidator(new UpperCaseValidator(this));
    setPlaceholderText(tr("Symbol"));
    setClearButtonEnabled(false);
    setToolTip(tr("Type a symbol or a name and press Enter (Ctrl+L focuses this entry; typing a "
                  "letter on the board starts it). Escape clears."));
    setAccessibleName(tr("Symbol entry"));
    setMaxLength(24);

    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionRole(KeyRole);
    m_completer->setMaxVisibleItems(12);
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            [this](const QModelIndex &index) { accept(index.data(SymbolRole).toString()); });
    connect(this, &QLineEdit::textEdited, this, &SymbolEntry::showCompletions);
}

void SymbolEntry::setUniverse(std::vector<Item> items)
{
    m_items = std::move(items);
    updateCompletions(text());
}

QStringList SymbolEntry::completionsFor(const QString &text) const
{
    const QString typed = text.trimmed();
    QStringList bySymbol;
    QStringList byName;
    if (typed.isEmpty())
        return bySymbol;
    const bool slashed = typed.startsWith(QLatin1Char('/'));
    for (const Item &item : m_items) {
        // "ES" finds /ES; "/N" finds only futures.
        if (item.symbol.startsWith(typed, Qt::CaseInsensitive) ||
            (!slashed && bareSymbol(item.symbol).startsWith(typed, Qt::CaseInsensitive)))
            bySymbol << item.symbol;
        else if (nameMatches(item.name, typed))
            byName << item.symbol;
    }
    return bySymbol + byName;
}

QString SymbolEntry::resolve(const QString &text) const
{
    const QString typed = text.trimmed();
    if (typed.isEmpty())
        return {};
    for (const Item &item : m_items) {
        if (item.symbol.compare(typed, Qt::CaseInsensitive) == 0)
            return item.symbol;
    }
    for (const Item &item : m_items) {
        if (bareSymbol(item.symbol).compare(typed, Qt::CaseInsensitive) == 0)
            return item.symbol;
    }
    const QStringList completions = completionsFor(typed);
    return completions.size() == 1 ? completions.front() : QString();
}

void SymbolEntry::startEntry(const QString &text)
{
    setFocus(Qt::ShortcutFocusReason);
    if (text.isEmpty()) {
        selectAll();
        return;
    }
    setText(text); // the validator shows it in upper case
    showCompletions(this->text());
}

void SymbolEntry::keyPressEvent(QKeyEvent *event)
{
    const int key = event->key();
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    if ((key == Qt::Key_Return || key == Qt::Key_Enter) && modifiers == Qt::NoModifier) {
        enter();
        event->accept();
        return;
    }
    if ((key == Qt::Key_Return || key == Qt::Key_Enter) && modifiers == Qt::ControlModifier) {
        QString symbol = highlightedOrResolved();
        m_completer->popup()->hide();
        Q_EMIT addRequested(symbol.isEmpty() ? text().trimmed() : symbol);
        event->accept();
        return;
    }
    if (key == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        m_completer->popup()->hide();
        clear();
        Q_EMIT cancelled();
        event->accept();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

void SymbolEntry::showCompletions(const QString &text)
{
    updateCompletions(text);
    QAbstractItemView *popup = m_completer->popup();
    if (text.isEmpty() || m_matches->rowCount() == 0) {
        popup->hide();
        return;
    }
    m_completer->setCompletionPrefix(bareSymbol(text));
    // Wide enough for "SYMBOL — Name".
    QRect area = rect();
    int wanted = 0;
    for (int row = 0; row < m_matches->rowCount(); ++row)
        wanted =
            std::max(wanted, popup->fontMetrics().horizontalAdvance(m_matches->item(row)->text()));
    wanted += popup->verticalScrollBar()->sizeHint().width() + 16;
    area.setWidth(std::max(area.width(), wanted));
    m_completer->complete(area);
}

void SymbolEntry::updateCompletions(const QString &text)
{
    m_matches->clear();
    for (const QString &symbol : completionsFor(text)) {
        for (const Item &item : m_items) {
            if (item.symbol != symbol)
                continue;
            auto *row = new QStandardItem(
                item.name.isEmpty() ? item.symbol
                                    : QStringLiteral("%1 — %2").arg(item.symbol, item.name));
            row->setData(item.symbol, SymbolRole);
            row->setData(bareSymbol(item.symbol), KeyRole);
            row->setToolTip(item.name);
            row->setEditable(false);
            m_matches->appendRow(row);
            break;
        }
    }
}

QString SymbolEntry::highlightedOrResolved() const
{
    const QAbstractItemView *popup = m_completer->popup();
    if (popup->isVisible() && popup->currentIndex().isValid())
        return popup->currentIndex().data(SymbolRole).toString();
    return resolve(text());
}

void SymbolEntry::enter()
{
    const QString symbol = highlightedOrResolved();
    m_completer->popup()->hide();
    if (!symbol.isEmpty()) {
        accept(symbol);
        return;
    }
    const QString typed = text().trimmed();
    if (typed.isEmpty())
        return;
    const QStringList completions = completionsFor(typed);
    const QString message = completions.isEmpty()
                                ? tr("%1 is not in the desk's universe").arg(typed)
                                : tr("%1 matches several symbols: %2")
                                      .arg(typed, completions.join(QStringLiteral(", ")));
    Q_EMIT symbolRejected(typed, message);
}

void SymbolEntry::accept(const QString &symbol)
{
    m_completer->popup()->hide();
    setText(symbol);
    selectAll(); // the next key replaces it
    Q_EMIT symbolEntered(symbol);
}

} // namespace mag7::widgets
