#pragma once
// A number as printers write it, through a printf pattern ("%.2f", "%g").
#include <string>

namespace commbench {

// value formatted with a printf pattern that takes one double; at most 63 characters.
std::string formatted_number(const char* printf_pattern, double value);

}  // namespace commbench
