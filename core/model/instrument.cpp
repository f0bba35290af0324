#include "model/instrument.h"

#include "model/history.h"

#include <mutex>

namespace mag7 {

const char *instrumentKindName(InstrumentKind kind)
{
    switch (kind) {
    case InstrumentKind::Stock:
        return "stock";
    case InstrumentKind::Etf:
        return "etf";
    case InstrumentKind::Index:
        return "index";
    case InstrumentKind::Future:
        return "future";
    case InstrumentKind::Option:
        return "option";
    }
    return "stock";
}

std::optional<InstrumentKind> instrumentKindFromName(std::string_view name)
{
    for (auto kind : {InstrumentKind::Stock, InstrumentKind::Etf, InstrumentKind::Index,
                      InstrumentKind::Future, InstrumentKind::Option}) {
        if (name == instrumentKindName(kind))
            return kind;
    }
    return std::nullopt;
}

const char *marketEventKindName(MarketEventKind kind)
{
    switch (kind) {
    case MarketEventKind::Earnings:
        return "earnings";
    case MarketEventKind::Fomc:
        return "fomc";
    case MarketEventKind::Cpi:
        return "cpi";
    }
    return "earnings";
}

InstrumentId InstrumentRegistry::add(Instrument instrument)
{
    std::unique_lock lock(m_mutex);
    if (auto it = m_bySymbol.find(instrument.symbol); it != m_bySymbol.end())
        return it->second;
    const auto id = static_cast<InstrumentId>(m_byId.size());
    instrument.id = id;
    if (instrument.isOption() && instrument.underlyingId == kInvalidInstrument) {
        if (auto it = m_bySymbol.find(instrument.underlying); it != m_bySymbol.end())
            instrument.underlyingId = it->second;
    }
    if (instrument.isOption() && instrument.underlyingId != kInvalidInstrument)
        m_options[instrument.underlyingId].push_back(id);
    m_bySymbol.emplace(instrument.symbol, id);
    m_byId.push_back(std::make_unique<Instrument>(std::move(instrument)));
    return id;
}

const Instrument *InstrumentRegistry::find(std::string_view symbol) const
{
    std::shared_lock lock(m_mutex);
    auto it = m_bySymbol.find(symbol);
    return it == m_bySymbol.end() ? nullptr : m_byId[it->second].get();
}

InstrumentId InstrumentRegistry::idOf(std::string_view symbol) const
{
    const Instrument *instrument = find(symbol);
    return instrument ? instrument->id : kInvalidInstrument;
}

const Instrument *InstrumentRegistry::get(InstrumentId id) const
{
    std::shared_lock lock(m_mutex);
    return id < m_byId.size() ? m_byId[id].get() : nullptr;
}

std::size_t InstrumentRegistry::size() const
{
    std::shared_lock lock(m_mutex);
    return m_byId.size();
}

std::vector<const Instrument *> InstrumentRegistry::all() const
{
    std::shared_lock lock(m_mutex);
    std::vector<const Instrument *> result;
    result.reserve(m_byId.size());
    for (const auto &instrument : m_byId)
        result.push_back(instrument.get());
    return result;
}

std::vector<const Instrument *> InstrumentRegistry::optionsOf(InstrumentId underlying) const
{
    std::shared_lock lock(m_mutex);
    std::vector<const Instrument *> result;
    if (auto it = m_options.find(underlying); it != m_options.end()) {
        result.reserve(it->second.size());
        for (InstrumentId id : it->second)
            result.push_back(m_byId[id].get());
    }
    return result;
}

} // namespace mag7
