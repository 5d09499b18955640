#include "reports/format/number_text.hpp"

#include <cmath>
#include <cstdio>
#include <iterator>

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

std::string significant_text(double value) {
  return formatted_number(std::fabs(value) >= 100 ? "%.0f" : "%.3g", value);
}

std::string byte_size_text(double bytes) {
  if (!std::isfinite(bytes)) return "n/a";
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  std::size_t unit = 0;
  double scale = 1;
  while (unit + 1 < std::size(kUnits) && std::fabs(bytes) >= scale * 1024) {
    scale *= 1024;
    ++unit;
  }
  return significant_text(bytes / scale) + " " + kUnits[unit];
}

}  // namespace commbench
