#include "bench/run/error_line.hpp"

#include <iostream>

namespace commbench {

void say_error(const std::string& what) { std::cerr << "commbench: error: " << what << std::endl; }

}  // namespace commbench
