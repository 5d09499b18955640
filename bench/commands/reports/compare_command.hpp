#pragma once
// `commbench compare BASELINE CANDIDATE`: two reports of the same kind matched row by row
// (reports/judge/report_comparison.hpp), printed as a table, optionally written as JSON (-J).
#include "bench/run/command.hpp"

namespace commbench {

// Exit 0 when nothing regressed, 1 when any row did, 2 when the reports cannot be compared.
int run_compare(const RankZeroRun& run);

}  // namespace commbench
