#pragma once
// Instruments of the universe and the registry that gives each a stable integer id.

#include "model/price.h"
#include "model/timestamp.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mag7 {

enum class InstrumentKind : std::uint8_t { Stock = 0, Etf = 1, Index = 2, Future = 3, Option = 4 };
enum class OptionRight : std::uint8_t { Call = 0, Put = 1 };

const char *instrumentKindName(InstrumentKind kind);
std::optional<InstrumentKind> instrumentKindFromName(std::string_view name);

using InstrumentId = std::uint32_t;
inline constexpr InstrumentId kInvalidInstrument = 0xFFFFFFFFu;

struct Instrument {
    InstrumentId id = kInvalidInstrument;
    std::string symbol; // desk symbol: "AAPL", "/ES", "VIX", options in compact OCC form
    InstrumentKind kind = InstrumentKind::Stock;
    // Options: the underlying's desk symbol and id; other kinds: empty / invalid.
    std::string underlying;
    InstrumentId underlyingId = kInvalidInstrument;
    Date expiry{};                         // options (and dated futures)
    OptionRight right = OptionRight::Call; // options
    Price strike = 0;                      // options
    double multiplier = 1.0;               // 100 per option, 50 for /ES, 20 for /NQ
    Price tickSize = kCent;                // minimum quote increment

    bool isOption() const { return kind == InstrumentKind::Option; }
};

// Append-only registry: ids are dense, start at 0 and never change or get reused, so they can
// index plain vectors. Thread-safe: any thread may add or look up; returned pointers stay valid
// for the registry's lifetime.
class InstrumentRegistry {
public:
    InstrumentRegistry() = default;
    InstrumentRegistry(const InstrumentRegistry &) = delete;
    InstrumentRegistry &operator=(const InstrumentRegistry &) = delete;

    // Adds the instrument (its id field is ignored) or returns the existing id for its symbol.
    InstrumentId add(Instrument instrument);

    const Instrument *find(std::string_view symbol) const;
    InstrumentId idOf(std::string_view symbol) const;
    const Instrument *get(InstrumentId id) const;
    std::size_t size() const;

    // Snapshot of every instrument pointer (ids in order).
    std::vector<const Instrument *> all() const;
    // Options listed on an underlying, in id order.
    std::vector<const Instrument *> optionsOf(InstrumentId underlying) const;

private:
    mutable std::shared_mutex m_mutex;
    std::vector<std::unique_ptr<Instrument>> m_byId;
    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept
        {
            return std::hash<std::string_view>{}(text);
        }
    };
    std::unordered_map<std::string, InstrumentId, StringHash, std::equal_to<>> m_bySymbol;
    std::unordered_map<InstrumentId, std::vector<InstrumentId>> m_options;
};

} // namespace mag7
