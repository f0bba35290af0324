#pragma once
// DeskStatusBar: feed state, market clock and session, ticks per second, recording state and
// file size. Updated from engine snapshots on the GUI thread.

#include "engine/desksnapshot.h"

#include <QStatusBar>

class QLabel;

namespace mag7::widgets {

class DeskStatusBar final : public QStatusBar {
    Q_OBJECT
public:
    explicit DeskStatusBar(QWidget *parent = nullptr);
    void setSnapshot(const engine::DeskSnapshot &snapshot);

    QString feedText() const;
    QString clockText() const;
    QString rateText() const;
    QString recordingText() const;

    static QString feedStateText(engine::FeedState state);
    static QString sessionText(SessionPhase phase);

private:
    QLabel *m_feed;
    QLabel *m_clock;
    QLabel *m_session;
    QLabel *m_rate;
    QLabel *m_recording;
};

} // namespace mag7::widgets
