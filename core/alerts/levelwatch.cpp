#include "alerts/levelwatch.h"

#include <cmath>
#include <cstdio>

namespace mag7::alerts {

namespace {

std::string price(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

} // namespace

std::vector<signals::LevelKind> LevelWatch::defaultKinds()
{
    using K = signals::LevelKind;
    return {K::PriorHigh,   K::PriorLow,           K::ThreeDayHigh,
            K::ThreeDayLow, K::NyOpeningRangeHigh, K::NyOpeningRangeLow,
            K::GexFlip,     K::CallWall,           K::PutWall};
}

void LevelWatch::setKinds(std::span<const signals::LevelKind> kinds)
{
    m_kinds = std::set<signals::LevelKind>(kinds.begin(), kinds.end());
}

std::vector<Alert> LevelWatch::update(std::string_view symbol, double lastPrice,
                                      std::span<const signals::Level> levels, Timestamp time)
{
    std::vector<Alert> alerts;
    if (!std::isfinite(lastPrice) || lastPrice <= 0)
        return alerts;
    auto it = m_lastPrice.find(symbol);
    if (it == m_lastPrice.end()) {
        m_lastPrice.emplace(std::string(symbol), lastPrice);
        return alerts;
    }
    const double previous = it->second;
    it->second = lastPrice;
    if (previous == lastPrice)
        return alerts;
    for (const signals::Level &level : levels) {
        if (!level.complete || !std::isfinite(level.price) || !m_kinds.count(level.kind))
            continue;
        const bool up = previous < level.price && lastPrice >= level.price;
        const bool down = previous > level.price && lastPrice <= level.price;
        if (!up && !down)
            continue;
        const std::string direction = up ? "above" : "below";
        Alert alert;
        alert.time = time;
        alert.kind = AlertKind::Level;
        alert.symbol = std::string(symbol);
        alert.title = alert.symbol + " " + level.name() + " " + price(level.price);
        alert.body = alert.symbol + " crossed " + direction + " " + level.name() + " " +
                     price(level.price) + " (" + price(previous) + " -> " + price(lastPrice) + ")";
        alert.inputs = {{"level", level.price}, {"previous", previous}, {"last", lastPrice}};
        alert.key = "level|" + alert.symbol + "|" + level.name() + "|" + direction;
        alerts.push_back(std::move(alert));
    }
    return alerts;
}

std::vector<Alert> ScanHitWatch::update(const std::string &rule, std::span<const ScanHit> hits,
                                        Timestamp time)
{
    std::vector<Alert> alerts;
    std::set<std::string> matching;
    for (const ScanHit &hit : hits)
        matching.insert(hit.contract);
    if (!m_primed || rule != m_rule) {
        // A new rule (or the first scan) sets the reference: what already matches is not news.
        m_rule = rule;
        m_primed = true;
        m_matching = std::move(matching);
        return alerts;
    }
    for (const ScanHit &hit : hits) {
        if (m_matching.count(hit.contract))
            continue;
        Alert alert;
        alert.time = time;
        alert.kind = AlertKind::Scan;
        alert.symbol = hit.symbol;
        alert.title = "scan " + hit.contract;
        alert.body = hit.contract + " now matches \"" + rule + "\"";
        alert.inputs = hit.values;
        alert.key = "scan|" + rule + "|" + hit.contract;
        alerts.push_back(std::move(alert));
    }
    m_matching = std::move(matching);
    return alerts;
}

} // namespace mag7::alerts
