#pragma once
// The acceptance spec file of `commbench gate --spec` (docs/GATE.md): read strictly, because
// a gate that quietly ignores a misspelt check passes clusters it should not. Every field is
// checked; anything wrong is refused with one line naming the file, the field's JSON path
// and what is accepted.
#include <stdexcept>
#include <string>

#include "reports/judge/acceptance_spec.hpp"

namespace commbench {

// A spec that cannot be read. what() is a single line:
// "<file>: <JSON path, e.g. /checks/2/busbw_at_least_GBps>: <what is wrong> (accepted: ...)".
// Errors about the whole file (unreadable, empty, not JSON, too deeply nested) have no path.
// An input the command refuses (std::invalid_argument: exit 2, bench/run/rank_zero_work.hpp).
class AcceptanceSpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Checks and converts spec text; name stands for the file in messages. Throws AcceptanceSpecError.
AcceptanceSpec parse_acceptance_spec(const std::string& text, const std::string& name);

// Reads and checks the spec file at path. Throws AcceptanceSpecError.
AcceptanceSpec load_acceptance_spec_file(const std::string& path);

}  // namespace commbench
