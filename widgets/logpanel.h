#pragma once
// LogPanel: the most recent lines of the desk's log (every module), refreshed twice a second.
// GUI thread only.

#include <QPlainTextEdit>

#include <cstdint>

class QTimer;

namespace mag7::widgets {

class LogPanel final : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit LogPanel(QWidget *parent = nullptr);
    void refresh();

private:
    QTimer *m_timer;
    std::uint64_t m_shownCount = 0;
};

} // namespace mag7::widgets
