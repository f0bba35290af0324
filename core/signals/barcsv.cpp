#include "signals/barcsv.h"

#include "model/easterntime.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace mag7::signals {

namespace {

std::string_view trim(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> split(std::string_view line)
{
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma - start)));
        if (comma == std::string_view::npos)
            break;
        start = comma + 1;
    }
    return fields;
}

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool parseNumber(std::string_view text, double &value)
{
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return result.ec == std::errc() && result.ptr == text.data() + text.size() &&
           std::isfinite(value);
}

} // namespace

Result<std::vector<Bar>> parseBarCsv(std::string_view text, const std::string &source)
{
    constexpr std::array<const char *, 6> kColumns = {"timestamp", "open",  "high",
                                                      "low",       "close", "volume"};
    std::array<std::size_t, 6> index{};
    std::vector<Bar> bars;
    std::size_t lineNumber = 0;
    bool haveHeader = false;
    std::size_t position = 0;
    while (position <= text.size()) {
        const std::size_t end = std::min(text.find('\n', position), text.size());
        const std::string_view line = trim(text.substr(position, end - position));
        position = end + 1;
        ++lineNumber;
        if (line.empty())
            continue;
        auto fail = [&](const std::string &problem) {
            return Error{source + ":" + std::to_string(lineNumber) + ": " + problem};
        };
        const auto fields = split(line);
        if (!haveHeader) {
            for (std::size_t c = 0; c < kColumns.size(); ++c) {
                const auto it = std::find_if(fields.begin(), fields.end(), [&](auto field) {
                    return lower(field) == kColumns[c];
                });
                if (it == fields.end())
                    return fail(std::string("the header has no '") + kColumns[c] +
                                "' column (expected timestamp,open,high,low,close,volume)");
                index[c] = static_cast<std::size_t>(it - fields.begin());
            }
            haveHeader = true;
            continue;
        }
        const std::size_t needed = *std::max_element(index.begin(), index.end()) + 1;
        if (fields.size() < needed)
            return fail("expected " + std::to_string(needed) + " fields, found " +
                        std::to_string(fields.size()));
        const auto ts = parseIsoTimestamp(std::string(fields[index[0]]));
        if (!ts)
            return fail("timestamp '" + std::string(fields[index[0]]) + "': " + ts.message());
        Bar bar;
        bar.start = ts.value();
        double values[5] = {};
        for (std::size_t c = 1; c < 6; ++c) {
            if (!parseNumber(fields[index[c]], values[c - 1]))
                return fail(std::string(kColumns[c]) + " '" + std::string(fields[index[c]]) +
                            "' is not a number");
        }
        bar.open = values[0];
        bar.high = values[1];
        bar.low = values[2];
        bar.close = values[3];
        if (bar.open <= 0 || bar.high <= 0 || bar.low <= 0 || bar.close <= 0)
            return fail("prices must be positive");
        if (bar.high < bar.low || bar.high < std::max(bar.open, bar.close) ||
            bar.low > std::min(bar.open, bar.close))
            return fail("high " + std::string(fields[index[2]]) + " and low " +
                        std::string(fields[index[3]]) + " do not contain open and close");
        if (values[4] < 0 || values[4] != std::floor(values[4]))
            return fail("volume '" + std::string(fields[index[5]]) +
                        "' must be a whole number >= 0");
        bar.volume = static_cast<std::int64_t>(values[4]);
        if (!bars.empty() && bar.start <= bars.back().start)
            return fail("timestamp " + std::string(fields[index[0]]) +
                        " does not follow the previous bar's");
        bars.push_back(bar);
    }
    if (!haveHeader)
        return Error{source +
                     ": empty file (expected a header timestamp,open,high,low,close,volume)"};
    return bars;
}

Result<std::vector<Bar>> readBarCsv(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{path + ": cannot open the file"};
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return Error{path + ": cannot read the file"};
    return parseBarCsv(text.str(), path);
}

} // namespace mag7::signals
