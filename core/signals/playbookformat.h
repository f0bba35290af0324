#pragma once
// Number formatting for the sentences playbooks put in their reasons and states. Internal to the
// signals module.

#include <cstdio>
#include <string>

namespace mag7::signals {

// `value` with `decimals` digits after the point: fixed(590.1) == "590.10".
inline std::string fixed(double value, int decimals = 2)
{
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

} // namespace mag7::signals
