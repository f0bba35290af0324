#include "signals/playbook.h"

#include "model/easterntime.h"
#include "model/exchangecalendar.h"
#include "signals/playbookfactories.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mag7::signals {

namespace {
constexpr std::size_t kRecentBars = 600;     // 10 hours of 1-minute bars
constexpr std::size_t kFiveMinuteBars = 400; // about five sessions
constexpr std::size_t kSymbolSignals = 200;  // per symbol and trading date
} // namespace

std::string describeLeg(const SignalLeg &leg)
{
    char buffer[96];
    if (leg.shares) {
        std::snprintf(buffer, sizeof buffer, "%+d sh @ %.2f", leg.quantity, leg.price);
        return buffer;
    }
    std::snprintf(buffer, sizeof buffer, "%+d %s @ %.2f", leg.quantity,
                  contractLabel(leg.expiry, leg.strike, leg.right).c_str(), leg.price);
    return buffer;
}

std::string contractLabel(Date expiry, double strike, OptionRight right)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s %g %c", formatDate(expiry).c_str(), strike,
                  right == OptionRight::Call ? 'C' : 'P');
    return buffer;
}

const char *signalSideName(SignalSide side)
{
    switch (side) {
    case SignalSide::Long:
        return "long";
    case SignalSide::Short:
        return "short";
    case SignalSide::Exit:
        return "exit";
    }
    return "?";
}

bool Playbook::applies(InstrumentKind kind) const
{
    return kind != InstrumentKind::Option && kind != InstrumentKind::Index;
}

void Playbook::addParameter(std::string name, double value, double minimum, double maximum,
                            std::string description)
{
    m_parameters.push_back({std::move(name), value, minimum, maximum, std::move(description)});
}

Status Playbook::setParameter(std::string_view name, double value)
{
    for (PlaybookParameter &parameter : m_parameters) {
        if (parameter.name != name)
            continue;
        if (!std::isfinite(value) || value < parameter.minimum || value > parameter.maximum) {
            return Error{std::string(this->name()) + ": " + parameter.name + " must be in [" +
                         std::to_string(parameter.minimum) + ", " +
                         std::to_string(parameter.maximum) + "], got " + std::to_string(value)};
        }
        parameter.value = value;
        return {};
    }
    return Error{std::string(this->name()) + " has no parameter '" + std::string(name) + "'"};
}

double Playbook::parameter(std::string_view name) const
{
    for (const PlaybookParameter &parameter : m_parameters) {
        if (parameter.name == name)
            return parameter.value;
    }
    return kNoLevel;
}

Signal Playbook::makeSignal(const BarContext &context, SignalSide side, std::string reason) const
{
    Signal signal;
    signal.time = context.bar.start + kNanosPerMinute;
    signal.symbol = std::string(context.symbol);
    signal.playbook = std::string(name());
    signal.side = side;
    signal.reason = std::move(reason);
    signal.price = context.bar.close;
    for (const PlaybookParameter &parameter : m_parameters)
        signal.thresholds.push_back({parameter.name, parameter.value});
    return signal;
}

PlaybookRunner::PlaybookRunner(std::vector<std::unique_ptr<Playbook>> playbooks, LevelConfig levels)
    : m_playbooks(std::move(playbooks))
    , m_enabled(m_playbooks.size(), true)
    , m_levelConfig(levels)
{}

Playbook *PlaybookRunner::playbook(std::string_view name) const
{
    for (const auto &playbook : m_playbooks) {
        if (playbook->name() == name)
            return playbook.get();
    }
    return nullptr;
}

Status PlaybookRunner::setEnabled(std::string_view name, bool enabled)
{
    for (std::size_t i = 0; i < m_playbooks.size(); ++i) {
        if (m_playbooks[i]->name() == name) {
            m_enabled[i] = enabled;
            return {};
        }
    }
    return Error{"no playbook named '" + std::string(name) + "'"};
}

bool PlaybookRunner::isEnabled(std::string_view name) const
{
    for (std::size_t i = 0; i < m_playbooks.size(); ++i) {
        if (m_playbooks[i]->name() == name)
            return m_enabled[i];
    }
    return false;
}

const LevelSnapshot *PlaybookRunner::levels(std::string_view symbol) const
{
    const auto it = m_symbols.find(symbol);
    return it == m_symbols.end() ? nullptr : &it->second.snapshot;
}

Status PlaybookRunner::addBar(std::string_view symbol, InstrumentKind kind, const Bar &bar,
                              std::vector<Signal> &out, const MarketView *view)
{
    auto it = m_symbols.find(symbol);
    if (it == m_symbols.end())
        it = m_symbols.emplace(std::string(symbol), SymbolContext(kind, m_levelConfig)).first;
    SymbolContext &context = it->second;
    if (!context.levels.add(bar)) {
        return Error{std::string(symbol) + ": bar at " + formatEasternIso(bar.start) +
                     " ignored: it does not follow the previous bar or its prices are invalid"};
    }
    context.snapshot = context.levels.snapshot();

    // Session VWAP: equities from the regular open to the close, futures over the trading date.
    const double vwap = context.vwap.update(bar);

    context.recent.push_back(bar);
    if (context.recent.size() > kRecentBars)
        context.recent.pop_front();

    // 5-minute bars aligned to 09:30 ET (minutes since local midnight - 570, floored to 5).
    const LocalDateTime local = toEastern(bar.start);
    const std::int64_t minute = local.nanosOfDay / kNanosPerMinute;
    const std::int64_t sinceOpen = minute - 570;
    const std::int64_t floored = sinceOpen - ((sinceOpen % 5) + 5) % 5;
    const Timestamp bucket = fromEastern(local.date, (570 + floored) * kNanosPerMinute);
    const Bar *completed = nullptr;
    if (context.hasForming5 && context.forming5.start != bucket) {
        // A gap closed the previous bucket without its last minute.
        context.fiveMinute.push_back(context.forming5);
        context.hasForming5 = false;
    }
    if (!context.hasForming5) {
        context.forming5 = bar;
        context.forming5.start = bucket;
        context.hasForming5 = true;
    } else {
        context.forming5.high = std::max(context.forming5.high, bar.high);
        context.forming5.low = std::min(context.forming5.low, bar.low);
        context.forming5.close = bar.close;
        context.forming5.volume += bar.volume;
    }
    if (bar.start + kNanosPerMinute >= bucket + 5 * kNanosPerMinute) {
        context.fiveMinute.push_back(context.forming5);
        context.hasForming5 = false;
        completed = &context.fiveMinute.back();
    }
    while (context.fiveMinute.size() > kFiveMinuteBars)
        context.fiveMinute.pop_front();

    const Date tradingDate = calendar::tradingDateOf(bar.start);
    if (context.signalDate != tradingDate) {
        context.signalDate = tradingDate;
        context.signals.clear();
    }

    BarContext barContext{symbol,
                          kind,
                          bar,
                          context.snapshot,
                          vwap,
                          context.recent,
                          completed,
                          context.fiveMinute,
                          view ? view->find(symbol) : nullptr,
                          view,
                          {}};
    std::vector<Signal> fired;
    for (std::size_t i = 0; i < m_playbooks.size(); ++i) {
        if (!m_enabled[i] || !m_playbooks[i]->applies(kind))
            continue;
        barContext.symbolSignals = context.signals;
        fired.clear();
        m_playbooks[i]->onBar(barContext, fired);
        for (Signal &signal : fired) {
            if (context.signals.size() >= kSymbolSignals)
                context.signals.erase(context.signals.begin());
            context.signals.push_back(signal);
            out.push_back(std::move(signal));
        }
    }
    return {};
}

std::vector<std::unique_ptr<Playbook>> builtInPlaybooks()
{
    // Order matters: a playbook sees the signals fired before it at the same bar, so the
    // ensemble, which scores the agreement of the others, comes last.
    std::vector<std::unique_ptr<Playbook>> playbooks;
    appendSessionPlaybooks(playbooks);
    appendOptionPlaybooks(playbooks);
    appendDailyPlaybooks(playbooks);
    return playbooks;
}

std::unique_ptr<Playbook> makePlaybook(std::string_view name)
{
    for (auto &playbook : builtInPlaybooks()) {
        if (playbook->name() == name)
            return std::move(playbook);
    }
    return nullptr;
}

} // namespace mag7::signals
