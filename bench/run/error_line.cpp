#include "bench/run/error_line.hpp"

#include <iostream>

#include "bench/run/exit_codes.hpp"

namespace commbench {

void say_error(const std::string& what) { std::cerr << "commbench: error: " << what << std::endl; }

int usage_error_everywhere(bool speaks, const std::string& what) {
  if (speaks) say_error(what);
  return kExitUsageError;
}

}  // namespace commbench
