#pragma once
// The one line commbench writes on standard error when it stops for an error, the form every
// test and script matches: "commbench: error: WHAT".
#include <string>

namespace commbench {

// Writes "commbench: error: " + what and a line break, flushed. The caller decides which rank
// says it (rank 0, as a rule).
void say_error(const std::string& what);

}  // namespace commbench
