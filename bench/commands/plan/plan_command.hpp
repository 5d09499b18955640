#pragma once
// `commbench plan`: the scaling analysis of a workload on a fabric that need not exist, from
// the cost models alone (topology/scaling/scaling_analysis.hpp), for capacity planning; with
// --compare-fabric, two fabrics side by side and which one moves the break-even further.
// Rank 0 analyses, prints and writes the report (-J); launched alone it starts no MPI.
#include "bench/run/command.hpp"

namespace commbench {

// Rank 0's work (run.fabric: --fabric, which plan requires). Returns the exit code: 0, or
// throws UsageError (exit 2) for a workload or option the analysis refuses.
int run_plan(const RankZeroRun& run);

// plan's settings as its report records them (Config::settings_json).
nlohmann::json plan_settings_json(const Config& config);

}  // namespace commbench
