#pragma once
// Option symbols in the OCC/OSI 21-character key and the provider variants:
//   padded OCC   "SPY   230731C00393000"   (tastytrade orders and instruments)
//   compact OCC  "SPY230731C00393000"      (Alpaca; the desk's own option symbol)
//   Polygon      "O:SPY230731C00393000"
//   dxFeed       ".SPY230731C393", ".SPY230731C392.5" (tastytrade DXLink streaming)
// Parsing reads the last 15 characters (YYMMDDCssssssss) from the right; what precedes is the root.
// Two-digit years are 20YY.

#include "model/instrument.h"
#include "model/result.h"

#include <string>
#include <string_view>

namespace mag7 {

enum class OptionSymbolFormat { OccPadded, OccCompact, Polygon, DxFeed };

struct OptionSymbol {
    std::string root; // 1-6 characters, letters and digits
    Date expiry{};
    OptionRight right = OptionRight::Call;
    std::int64_t strikeThousandths = 0; // strike x 1000, the OCC key's precision

    static Result<OptionSymbol> parse(std::string_view text); // any supported format
    static Result<OptionSymbol> parse(std::string_view text, OptionSymbolFormat format);

    std::string format(OptionSymbolFormat format) const;
    std::string toOcc() const { return format(OptionSymbolFormat::OccPadded); }
    std::string toCompact() const { return format(OptionSymbolFormat::OccCompact); }

    Price strike() const { return strikeThousandths * (kPriceScale / 1000); }
    static std::int64_t strikeThousandthsFromPrice(Price strike)
    {
        return strike / (kPriceScale / 1000);
    }

    bool operator==(const OptionSymbol &) const = default;
};

} // namespace mag7
