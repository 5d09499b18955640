#pragma once
// Wall-clock time stamps as reports write them.
#include <string>

namespace commbench {

// The current UTC time, ISO 8601 with milliseconds, e.g. 2026-11-22T06:37:07.346Z.
std::string utc_timestamp();

}  // namespace commbench
