#include "storage/conflator.h"

#include <cmath>

namespace mag7::storage {

Conflator::Conflator(ConflationProfile profile)
    : m_profile(profile)
{
    if (m_profile.minIntervalNanos < 0)
        m_profile.minIntervalNanos = 0;
}

Conflator::Kind Conflator::kindOf(InstrumentId id, const Instrument &instrument)
{
    if (id < m_kinds.size() && m_kinds[id] != Unknown)
        return static_cast<Kind>(m_kinds[id]);
    // First sight of this instrument: the only time its registry entry is read.
    if (id >= m_kinds.size())
        m_kinds.resize(static_cast<std::size_t>(id) + 1, Unknown);
    const Kind kind = instrument.isOption() ? Option : Underlying;
    m_kinds[id] = kind;
    if (kind == Option) {
        if (id >= m_contracts.size()) {
            m_contracts.resize(static_cast<std::size_t>(id) + 1);
            m_held.resize(static_cast<std::size_t>(id) + 1);
        }
        Contract &c = m_contracts[id];
        c.strike = instrument.strike;
        c.underlyingId = instrument.underlyingId;
        c.expiryDays = instrument.expiry.ok() ? daysSinceEpoch(instrument.expiry) : kNoExpiry;
    }
    return kind;
}

bool Conflator::outsideProfile(const Contract &c, Date tradingDate) const
{
    if (c.expiryDays != kNoExpiry &&
        c.expiryDays - daysSinceEpoch(tradingDate) > m_profile.maxDaysToExpiry)
        return true;
    if (c.underlyingId < m_underlyingMid2.size()) {
        const Price mid2 = m_underlyingMid2[c.underlyingId];
        if (mid2 > 0) {
            // strike / (mid2 / 2) - 1, in doubles: moneyness is a model quantity, not a price.
            const double moneyness =
                2.0 * static_cast<double>(c.strike) / static_cast<double>(mid2) - 1.0;
            if (std::abs(moneyness) > m_profile.maxMoneyness)
                return true;
        }
    }
    return false;
}

bool Conflator::sameAsStored(const Contract &c, const Tick &t) const
{
    return c.bid == t.bid && c.ask == t.ask && c.bidSize == t.bidSize && c.askSize == t.askSize &&
           c.flags == t.flags && c.reserved == t.reserved;
}

Conflator::Decision Conflator::offer(const Tick &tick, const Instrument &instrument,
                                     Date tradingDate)
{
    if (!tick.isQuote())
        return Decision::Store;
    const Kind kind = kindOf(tick.instrument, instrument);
    if (kind != Option) {
        // A one-sided or crossed-out quote has no meaningful mid; keep the last good one.
        if (tick.bid > 0 && tick.ask > 0) {
            if (tick.instrument >= m_underlyingMid2.size())
                m_underlyingMid2.resize(static_cast<std::size_t>(tick.instrument) + 1, 0);
            m_underlyingMid2[tick.instrument] = tick.mid2();
        }
        return Decision::Store;
    }
    if (!m_profile.enabled)
        return Decision::Store;
    Contract &c = m_contracts[tick.instrument];
    if (outsideProfile(c, tradingDate)) {
        ++m_filtered;
        return Decision::Filter;
    }
    if (c.lastStoredTs != 0 && tick.ts < c.lastStoredTs) {
        ++m_conflated; // older than what is stored: superseded
        return Decision::Drop;
    }
    const auto discardHeld = [&] {
        if (c.isHeld) {
            c.isHeld = false;
            ++c.generation;
            --m_heldCount;
            ++m_conflated;
        }
    };
    if (c.lastStoredTs != 0 && sameAsStored(c, tick)) {
        discardHeld(); // the change reverted: nothing to write
        ++m_conflated;
        return Decision::Drop;
    }
    if (c.lastStoredTs == 0 || tick.ts - c.lastStoredTs >= m_profile.minIntervalNanos) {
        discardHeld(); // only when the caller did not release due quotes first
        c.lastStoredTs = tick.ts;
        c.bid = tick.bid;
        c.ask = tick.ask;
        c.bidSize = tick.bidSize;
        c.askSize = tick.askSize;
        c.flags = tick.flags;
        c.reserved = tick.reserved;
        return Decision::Store;
    }
    m_held[tick.instrument] = tick;
    if (c.isHeld) {
        ++m_conflated; // the quote it replaces
        return Decision::Hold;
    }
    c.isHeld = true;
    ++m_heldCount;
    m_releases.push(Release{c.lastStoredTs + m_profile.minIntervalNanos, m_order++, tick.instrument,
                            c.generation});
    return Decision::Hold;
}

void Conflator::dropStale()
{
    while (!m_releases.empty()) {
        const Release &top = m_releases.top();
        const Contract &c = m_contracts[top.id];
        if (c.isHeld && c.generation == top.generation)
            return;
        m_releases.pop();
    }
}

std::optional<Timestamp> Conflator::nextRelease()
{
    dropStale();
    if (m_releases.empty())
        return std::nullopt;
    return m_releases.top().at;
}

Tick Conflator::popRelease()
{
    dropStale();
    const Release release = m_releases.top();
    m_releases.pop();
    Contract &c = m_contracts[release.id];
    c.isHeld = false;
    --m_heldCount;
    Tick tick = m_held[release.id];
    tick.ts = release.at;
    c.lastStoredTs = tick.ts;
    c.bid = tick.bid;
    c.ask = tick.ask;
    c.bidSize = tick.bidSize;
    c.askSize = tick.askSize;
    c.flags = tick.flags;
    c.reserved = tick.reserved;
    return tick;
}

} // namespace mag7::storage
