#pragma once
// The one line commbench writes on standard error when it stops for an error, the form every
// test and script matches: "commbench: error: WHAT".
#include <string>

namespace commbench {

// Writes "commbench: error: " + what and a line break, flushed. The caller decides which rank
// says it (rank 0, as a rule).
void say_error(const std::string& what);

// A usage error every rank found alike, from the same settings and inputs: the rank that
// speaks for the run (rank 0) writes the line, and every rank returns kExitUsageError.
int usage_error_everywhere(bool speaks, const std::string& what);

}  // namespace commbench
