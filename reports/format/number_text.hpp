#pragma once
// A number as printers write it, through a printf pattern ("%.2f", "%g").
#include <string>

namespace commbench {

// value formatted with a printf pattern that takes one double; at most 63 characters.
std::string formatted_number(const char* printf_pattern, double value);
// A duration to three significant figures in the unit that suits it: "412 us", "3.25 ms", "1.50 s".
std::string duration_text(double seconds);
// Whole numbers from 100 up, three significant figures below: "37.4", "290", never "1e+03".
std::string significant_text(double value);
// A byte size as people read it, in powers of 1024: "8 B", "1000 B", "1 KiB", "1.5 KiB",
// "290 KiB", "4 MiB"; "n/a" for a value that is not finite.
std::string byte_size_text(double bytes);

}  // namespace commbench
