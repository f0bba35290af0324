#pragma once
// Bars imported from CSV files: a header `timestamp,open,high,low,close,volume` (any order, case
// insensitive, extra columns ignored) and one bar per line with an ISO timestamp (US/Eastern
// unless it carries an offset). Errors name the file, the line and the problem: a missing
// column, a malformed number, a negative or zero price, high below low or below open/close,
// a negative volume, timestamps not strictly increasing.

#include "model/result.h"
#include "model/tick.h"

#include <string>
#include <string_view>
#include <vector>

namespace mag7::signals {

// Parses CSV text; `source` names it in errors ("bars.csv").
Result<std::vector<Bar>> parseBarCsv(std::string_view text, const std::string &source);
// Reads and parses a file.
Result<std::vector<Bar>> readBarCsv(const std::string &path);

} // namespace mag7::signals
