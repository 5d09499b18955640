#include "number_text.hpp"

#include <cstdio>

namespace commbench {

std::string formatted_number(const char* printf_pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, printf_pattern, value);
  return text;
}

}  // namespace commbench
