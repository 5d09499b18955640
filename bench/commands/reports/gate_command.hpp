#pragma once
// `commbench gate --spec ACCEPTANCE.json REPORT...`: an acceptance spec (docs/GATE.md) applied
// to reports: a table of checks with measured, required and verdict, and JUnit XML (--junit).
#include "bench/run/command.hpp"

namespace commbench {

// Exit 0 when every check passes, 1 when any fails, 2 when the spec, a report or an output
// cannot be used.
int run_gate(const RankZeroRun& run);

}  // namespace commbench
