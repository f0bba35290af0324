#include "logpanel.h"

#include "logging/logging.h"

#include <QFontDatabase>
#include <QTimer>

namespace mag7::widgets {

namespace {
constexpr int kMaxLines = 500;
}

LogPanel::LogPanel(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("LogPanel"));
    setReadOnly(true);
    setMaximumBlockCount(kMaxLines);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_timer, &QTimer::timeout, this, &LogPanel::refresh);
    m_timer->start(500);
    refresh();
}

void LogPanel::refresh()
{
    const std::uint64_t count = logging::lineCount();
    if (count == m_shownCount)
        return;
    const std::uint64_t fresh = count - m_shownCount;
    const auto lines =
        logging::recentLines(static_cast<std::size_t>(std::min<std::uint64_t>(fresh, kMaxLines)));
    for (const std::string &line : lines)
        appendPlainText(QString::fromStdString(line));
    m_shownCount = count;
}

} // namespace mag7::widgets
