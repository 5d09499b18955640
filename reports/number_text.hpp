#pragma once
// A number as printers write it, through a printf pattern ("%.2f", "%g").
#include <string>

namespace commbench {

// value formatted with a printf pattern that takes one double; at most 63 characters.
std::string formatted_number(const char* printf_pattern, double value);
// A duration to three significant figures in the unit that suits it: "412 us", "3.25 ms", "1.50 s".
std::string duration_text(double seconds);

}  // namespace commbench
