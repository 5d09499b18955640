#include "number_text.hpp"

#include <cstdio>

namespace commbench {

std::string formatted_number(const char* printf_pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, printf_pattern, value);
  return text;
}

std::string duration_text(double seconds) {
  if (seconds >= 1 || seconds == 0) return formatted_number("%.3g s", seconds);
  if (seconds >= 1e-3) return formatted_number("%.3g ms", seconds * 1e3);
  return formatted_number("%.3g us", seconds * 1e6);
}

}  // namespace commbench
