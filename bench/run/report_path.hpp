#pragma once
// Whether the report can be written where -J points, decided before anything is measured:
// a path that cannot be written must be a usage error (exit 2, no measurement), not a
// failure found after a long run (exit 3).
#include <optional>
#include <string>

namespace commbench {

// The one-line usage message that says why path cannot take the report, or nothing when
// it can. Beyond looking at the directory it creates and removes the very temporary file
// the report will be written through, because permission bits do not tell: root passes
// access(W_OK) on directories without write permission and on /proc, and a name can be
// too long for the file system.
// Only the rank that writes the report asks (ranks on other hosts see other file systems).
// flag names the option in the message.
std::optional<std::string> report_path_problem(const std::string& path, const std::string& flag = "-J/--json");

}  // namespace commbench
