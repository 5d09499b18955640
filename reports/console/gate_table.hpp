#pragma once
// The console table of `commbench gate`: one line per check with what was measured, what
// was required and the verdict, each failure's details (where, or which measurement was
// missing) indented below it, and the gate's verdict last. Formats data only.
#include <string>

#include "reports/judge/acceptance_gate.hpp"

namespace commbench {

// Ends with "gate: PASS (n checks)" or "gate: FAIL (k of n checks failed)" and a newline; a
// result without checks fails (nothing was judged).
std::string gate_table_text(const GateResult& result);

}  // namespace commbench
