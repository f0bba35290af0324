#include "model/occsymbol.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace mag7 {

namespace {

bool isRootChar(char c)
{
    return std::isupper(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c));
}

Error parseError(std::string_view text, const std::string &why)
{
    return Error{"invalid option symbol '" + std::string(text) + "': " + why};
}

bool parseDigits(std::string_view text, std::int64_t &out)
{
    if (text.empty())
        return false;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

Result<Date> parseYymmdd(std::string_view text, std::string_view whole)
{
    std::int64_t yy = 0;
    std::int64_t mm = 0;
    std::int64_t dd = 0;
    if (text.size() != 6 || !parseDigits(text.substr(0, 2), yy) ||
        !parseDigits(text.substr(2, 2), mm) || !parseDigits(text.substr(4, 2), dd))
        return parseError(whole, "expiry must be YYMMDD digits");
    const Date date =
        makeDate(2000 + static_cast<int>(yy), static_cast<unsigned>(mm), static_cast<unsigned>(dd));
    if (!date.ok())
        return parseError(whole, "expiry is not a calendar date");
    return date;
}

Result<OptionRight> parseRight(char c, std::string_view whole)
{
    if (c == 'C')
        return OptionRight::Call;
    if (c == 'P')
        return OptionRight::Put;
    return parseError(whole, "call/put flag must be C or P");
}

Status checkRoot(std::string_view root, std::string_view whole)
{
    if (root.empty() || root.size() > 6)
        return parseError(whole, "root must be 1-6 characters");
    for (char c : root) {
        if (!isRootChar(c))
            return parseError(whole, "root must be upper-case letters or digits");
    }
    return {};
}

Result<OptionSymbol> parseOcc(std::string_view body, std::string_view text, bool padded)
{
    if (body.size() < 16)
        return parseError(text, "too short for an OCC symbol");
    const std::string_view tail = body.substr(body.size() - 15);
    std::string_view root = body.substr(0, body.size() - 15);
    if (padded) {
        if (root.size() != 6)
            return parseError(text, "padded OCC root field must be 6 characters");
    }
    while (!root.empty() && root.back() == ' ')
        root.remove_suffix(1);
    if (auto status = checkRoot(root, text); !status)
        return Error{status.message()};
    auto expiry = parseYymmdd(tail.substr(0, 6), text);
    if (!expiry)
        return expiry.error();
    auto right = parseRight(tail[6], text);
    if (!right)
        return right.error();
    std::int64_t strike = 0;
    if (!parseDigits(tail.substr(7, 8), strike))
        return parseError(text, "strike must be 8 digits (dollars x 1000)");
    if (strike <= 0)
        return parseError(text, "strike must be positive");
    return OptionSymbol{std::string(root), *expiry, *right, strike};
}

Result<OptionSymbol> parseDxFeed(std::string_view text)
{
    if (text.empty() || text.front() != '.')
        return parseError(text, "dxFeed option symbols start with '.'");
    std::string_view body = text.substr(1);
    // Find the C/P flag: the last C or P that is followed only by strike characters and preceded
    // by six digits.
    for (std::size_t i = body.size(); i-- > 6;) {
        const char c = body[i];
        if (c != 'C' && c != 'P')
            continue;
        const std::string_view date = body.substr(i - 6, 6);
        bool digits = true;
        for (char d : date)
            digits = digits && std::isdigit(static_cast<unsigned char>(d));
        if (!digits)
            continue;
        const std::string_view root = body.substr(0, i - 6);
        if (auto status = checkRoot(root, text); !status)
            return Error{status.message()};
        auto expiry = parseYymmdd(date, text);
        if (!expiry)
            return expiry.error();
        const std::string_view strikeText = body.substr(i + 1);
        const auto dot = strikeText.find('.');
        std::int64_t whole = 0;
        std::int64_t fraction = 0;
        if (!parseDigits(strikeText.substr(0, dot), whole))
            return parseError(text, "strike must be a number");
        if (dot != std::string_view::npos) {
            std::string_view frac = strikeText.substr(dot + 1);
            if (frac.empty() || frac.size() > 3 || !parseDigits(frac, fraction))
                return parseError(text, "strike has at most 3 decimals");
            for (std::size_t k = frac.size(); k < 3; ++k)
                fraction *= 10;
        }
        const std::int64_t strike = whole * 1000 + fraction;
        if (strike <= 0 || strike > 99'999'999)
            return parseError(text, "strike out of range");
        return OptionSymbol{std::string(root), *expiry,
                            c == 'C' ? OptionRight::Call : OptionRight::Put, strike};
    }
    return parseError(text, "no YYMMDD followed by C or P");
}

} // namespace

Result<OptionSymbol> OptionSymbol::parse(std::string_view text, OptionSymbolFormat format)
{
    switch (format) {
    case OptionSymbolFormat::OccPadded:
        if (text.size() != 21)
            return parseError(text, "padded OCC symbols are 21 characters");
        return parseOcc(text, text, true);
    case OptionSymbolFormat::OccCompact:
        if (text.find(' ') != std::string_view::npos)
            return parseError(text, "compact OCC symbols have no spaces");
        return parseOcc(text, text, false);
    case OptionSymbolFormat::Polygon:
        if (text.substr(0, 2) != "O:")
            return parseError(text, "Polygon option symbols start with 'O:'");
        return parseOcc(text.substr(2), text, false);
    case OptionSymbolFormat::DxFeed:
        return parseDxFeed(text);
    }
    return parseError(text, "unknown format");
}

Result<OptionSymbol> OptionSymbol::parse(std::string_view text)
{
    if (text.empty())
        return parseError(text, "empty");
    if (text.front() == '.')
        return parse(text, OptionSymbolFormat::DxFeed);
    if (text.substr(0, 2) == "O:")
        return parse(text, OptionSymbolFormat::Polygon);
    if (text.size() == 21 && text.find(' ') != std::string_view::npos)
        return parse(text, OptionSymbolFormat::OccPadded);
    if (text.find(' ') != std::string_view::npos)
        return parseError(text, "spaces only appear in the padded 21-character form");
    return parse(text, OptionSymbolFormat::OccCompact);
}

std::string OptionSymbol::format(OptionSymbolFormat fmt) const
{
    char date[16];
    std::snprintf(date, sizeof date, "%02d%02u%02u", year(expiry) % 100, month(expiry),
                  day(expiry));
    const char cp = right == OptionRight::Call ? 'C' : 'P';
    char strike[16];
    std::snprintf(strike, sizeof strike, "%08lld", static_cast<long long>(strikeThousandths));
    switch (fmt) {
    case OptionSymbolFormat::OccPadded: {
        std::string padded = root;
        padded.resize(6, ' ');
        return padded + date + cp + strike;
    }
    case OptionSymbolFormat::OccCompact:
        return root + date + cp + strike;
    case OptionSymbolFormat::Polygon:
        return "O:" + root + date + cp + strike;
    case OptionSymbolFormat::DxFeed: {
        std::string text = "." + root + date + cp + std::to_string(strikeThousandths / 1000);
        std::int64_t fraction = strikeThousandths % 1000;
        if (fraction != 0) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "%03lld", static_cast<long long>(fraction));
            std::string frac = buffer;
            while (!frac.empty() && frac.back() == '0')
                frac.pop_back();
            text += "." + frac;
        }
        return text;
    }
    }
    return {};
}

} // namespace mag7
