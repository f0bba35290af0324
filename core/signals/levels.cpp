// Price levels: each trading date gets its session windows (Eastern wall-clock times converted
// to UTC once, when the date begins); every bar then updates the windows it falls in. The
// completed dates' summaries give the next date its prior-day and 3-day levels, and a sliding
// window of the last 2k+1 bars finds the swing pivots.
#include "signals/levels.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

namespace mag7::signals {

namespace {

constexpr Timestamp kBarLength = kNanosPerMinute;
constexpr std::size_t kCompletedDaysKept = 3;

bool validPrice(double price)
{
    return std::isfinite(price) && price > 0;
}

bool validBar(const Bar &bar)
{
    return validPrice(bar.high) && validPrice(bar.low) && validPrice(bar.close) &&
           bar.low <= bar.high;
}

void resetWindow(RangeLevel &range, Timestamp begins, Timestamp ends)
{
    range = RangeLevel{};
    range.begins = begins;
    range.ends = ends;
}

// Takes a new high or low when strictly beyond the current one (the earlier time keeps ties).
void mergeExtremes(RangeLevel &range, double high, Timestamp highTime, double low,
                   Timestamp lowTime)
{
    const bool first = !range.known();
    if (first || high > range.high) {
        range.high = high;
        range.highTime = highTime;
    }
    if (first || low < range.low) {
        range.low = low;
        range.lowTime = lowTime;
    }
}

// Adds the bar to the window when it starts inside it; marks the window complete once a bar
// reaches its end. Returns whether the bar was inside.
bool feedWindow(RangeLevel &range, const Bar &bar)
{
    const bool inside = bar.start >= range.begins && bar.start < range.ends;
    if (inside)
        mergeExtremes(range, bar.high, bar.start, bar.low, bar.start);
    if (bar.start + kBarLength >= range.ends)
        range.complete = true;
    return inside;
}

template <class T>
void pushKept(std::deque<T> &list, const T &item, std::size_t kept)
{
    list.push_back(item);
    while (list.size() > kept)
        list.pop_front();
}

} // namespace

LevelTracker::LevelTracker(InstrumentKind kind, LevelConfig config)
    : m_config(config)
    , m_futures(kind == InstrumentKind::Future)
{
    m_config.openingRangeMinutes = std::clamp(m_config.openingRangeMinutes, 1, 390);
    m_config.swingSpan = std::clamp(m_config.swingSpan, 1, 50);
    m_config.swingsKept = std::clamp(m_config.swingsKept, 1, 1000);
}

bool LevelTracker::add(const Bar &bar)
{
    if (!validBar(bar) || (m_day.date.ok() && bar.start <= m_lastStart))
        return false;
    if (!m_day.date.ok() || bar.start >= m_dateEnds)
        beginTradingDate(bar.start);
    m_lastStart = bar.start;
    m_levels.lastBar = bar.start;

    if (feedWindow(m_day.range, bar)) {
        m_day.close = bar.close;
        m_day.closeTime = bar.start;
    }
    for (RangeLevel *range : {&m_levels.asia, &m_levels.london, &m_levels.newYork,
                              &m_levels.londonOpeningRange, &m_levels.nyOpeningRange})
        feedWindow(*range, bar);
    addSwingBar(bar);
    return true;
}

void LevelTracker::beginTradingDate(Timestamp ts)
{
    const Date date = calendar::tradingDateOf(ts);
    const calendar::TradingDayWindow window = calendar::tradingDayWindow(date);
    if (m_day.date.ok())
        pushKept(m_completed, m_day, kCompletedDaysKept);
    m_dateEnds = window.ends;

    m_day = DaySummary{};
    m_day.date = date;
    if (m_futures)
        resetWindow(m_day.range, window.begins, fromEastern(date, timeOfDay(17, 0)));
    else
        resetWindow(m_day.range, window.regularOpen, window.regularClose);

    LevelSnapshot &levels = m_levels;
    levels = LevelSnapshot{};
    levels.tradingDate = date;
    levels.priorDate = calendar::previousTradingDay(date);
    if (const DaySummary *prior = completedDay(levels.priorDate); prior && prior->range.known()) {
        levels.priorHigh = prior->range.high;
        levels.priorLow = prior->range.low;
        levels.priorClose = prior->close;
        levels.priorHighTime = prior->range.highTime;
        levels.priorLowTime = prior->range.lowTime;
        levels.priorCloseTime = prior->closeTime;
    }

    // The three dates before, oldest first so that the earliest bar keeps a tie.
    const DaySummary *days[3] = {};
    Date back = date;
    for (int i = 2; i >= 0; --i) {
        back = calendar::previousTradingDay(back);
        days[i] = completedDay(back);
    }
    if (std::all_of(std::begin(days), std::end(days),
                    [](const DaySummary *day) { return day && day->range.known(); })) {
        RangeLevel three;
        for (const DaySummary *day : days)
            mergeExtremes(three, day->range.high, day->range.highTime, day->range.low,
                          day->range.lowTime);
        levels.threeDayHigh = three.high;
        levels.threeDayLow = three.low;
        levels.threeDayHighTime = three.highTime;
        levels.threeDayLowTime = three.lowTime;
    }

    const Date eve = addDays(date, -1);
    resetWindow(levels.asia, fromEastern(eve, timeOfDay(18, 0)),
                fromEastern(date, timeOfDay(3, 0)));
    resetWindow(levels.london, fromEastern(date, timeOfDay(3, 0)),
                fromEastern(date, timeOfDay(8, 0)));
    resetWindow(levels.newYork, window.regularOpen, window.regularClose);
    const Timestamp rangeLength = m_config.openingRangeMinutes * kNanosPerMinute;
    resetWindow(levels.londonOpeningRange, levels.london.begins,
                std::min(levels.london.begins + rangeLength, levels.london.ends));
    resetWindow(levels.nyOpeningRange, levels.newYork.begins,
                std::min(levels.newYork.begins + rangeLength, levels.newYork.ends));
}

const LevelTracker::DaySummary *LevelTracker::completedDay(Date date) const
{
    for (const DaySummary &day : m_completed) {
        if (day.date == date)
            return &day;
    }
    return nullptr;
}

void LevelTracker::addSwingBar(const Bar &bar)
{
    const auto span = static_cast<std::size_t>(m_config.swingSpan);
    pushKept(m_swingWindow, SwingBar{bar.start, bar.high, bar.low}, 2 * span + 1);
    if (m_swingWindow.size() < 2 * span + 1)
        return;
    const SwingBar &pivot = m_swingWindow[span];
    bool high = true;
    bool low = true;
    for (std::size_t i = 0; i < m_swingWindow.size(); ++i) {
        if (i == span)
            continue;
        high = high && pivot.high > m_swingWindow[i].high;
        low = low && pivot.low < m_swingWindow[i].low;
    }
    const auto kept = static_cast<std::size_t>(m_config.swingsKept);
    if (high)
        pushKept(m_swingHighs, SwingPoint{pivot.high, pivot.start, bar.start}, kept);
    if (low)
        pushKept(m_swingLows, SwingPoint{pivot.low, pivot.start, bar.start}, kept);
}

LevelSnapshot LevelTracker::snapshot() const
{
    LevelSnapshot out = m_levels;
    out.swingHighs.assign(m_swingHighs.begin(), m_swingHighs.end());
    out.swingLows.assign(m_swingLows.begin(), m_swingLows.end());
    return out;
}

const char *levelName(LevelKind kind)
{
    switch (kind) {
    case LevelKind::PriorHigh:
        return "PDH";
    case LevelKind::PriorLow:
        return "PDL";
    case LevelKind::PriorClose:
        return "PDC";
    case LevelKind::ThreeDayHigh:
        return "3DH";
    case LevelKind::ThreeDayLow:
        return "3DL";
    case LevelKind::LondonOpeningRangeHigh:
        return "LDN ORH";
    case LevelKind::LondonOpeningRangeLow:
        return "LDN ORL";
    case LevelKind::NyOpeningRangeHigh:
        return "NY ORH";
    case LevelKind::NyOpeningRangeLow:
        return "NY ORL";
    case LevelKind::AsiaHigh:
        return "Asia H";
    case LevelKind::AsiaLow:
        return "Asia L";
    case LevelKind::LondonHigh:
        return "LDN H";
    case LevelKind::LondonLow:
        return "LDN L";
    case LevelKind::NyHigh:
        return "NY H";
    case LevelKind::NyLow:
        return "NY L";
    case LevelKind::SwingHigh:
        return "Swing H";
    case LevelKind::SwingLow:
        return "Swing L";
    case LevelKind::GexFlip:
        return "Flip";
    case LevelKind::CallWall:
        return "Call wall";
    case LevelKind::PutWall:
        return "Put wall";
    case LevelKind::DeltaCluster:
        return "Delta cluster";
    }
    return "?";
}

std::vector<Level> mergeLevels(const LevelSnapshot &snapshot, const GexLevels &gex)
{
    std::vector<Level> out;
    const auto add = [&out](LevelKind kind, double price, Timestamp time, bool complete) {
        if (validPrice(price))
            out.push_back(Level{kind, price, time, complete});
    };
    const auto addRange = [&add](const RangeLevel &range, LevelKind high, LevelKind low) {
        add(high, range.high, range.highTime, range.complete);
        add(low, range.low, range.lowTime, range.complete);
    };

    add(LevelKind::PriorHigh, snapshot.priorHigh, snapshot.priorHighTime, true);
    add(LevelKind::PriorLow, snapshot.priorLow, snapshot.priorLowTime, true);
    add(LevelKind::PriorClose, snapshot.priorClose, snapshot.priorCloseTime, true);
    add(LevelKind::ThreeDayHigh, snapshot.threeDayHigh, snapshot.threeDayHighTime, true);
    add(LevelKind::ThreeDayLow, snapshot.threeDayLow, snapshot.threeDayLowTime, true);
    addRange(snapshot.londonOpeningRange, LevelKind::LondonOpeningRangeHigh,
             LevelKind::LondonOpeningRangeLow);
    addRange(snapshot.nyOpeningRange, LevelKind::NyOpeningRangeHigh, LevelKind::NyOpeningRangeLow);
    addRange(snapshot.asia, LevelKind::AsiaHigh, LevelKind::AsiaLow);
    addRange(snapshot.london, LevelKind::LondonHigh, LevelKind::LondonLow);
    addRange(snapshot.newYork, LevelKind::NyHigh, LevelKind::NyLow);
    for (const SwingPoint &swing : snapshot.swingHighs)
        add(LevelKind::SwingHigh, swing.price, swing.time, true);
    for (const SwingPoint &swing : snapshot.swingLows)
        add(LevelKind::SwingLow, swing.price, swing.time, true);

    add(LevelKind::GexFlip, gex.flip, gex.asOf, true);
    add(LevelKind::CallWall, gex.callWall, gex.asOf, true);
    add(LevelKind::PutWall, gex.putWall, gex.asOf, true);
    for (double strike : gex.deltaClusters)
        add(LevelKind::DeltaCluster, strike, gex.asOf, true);

    std::sort(out.begin(), out.end(), [](const Level &a, const Level &b) {
        if (a.price != b.price)
            return a.price < b.price;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        return a.time < b.time;
    });
    return out;
}

} // namespace mag7::signals
