#pragma once
// `commbench scaling`: the workload's gradient-sync collectives, at the sizes its buckets
// give, measured on sub-communicators of 2, 4, 8, ... ranks of one launch (hosts filled
// first, or one rank per host), each verified and timed as the collective benchmark does;
// then the scaling analysis (topology/scaling/scaling_analysis.hpp) on the measured times, and the
// cost model's extrapolation beyond the run on --fabric or, without one, on the fabric this
// run measures. Rank 0 prints the tables and verdicts and keeps the report (-J) current.
#include "bench/run/command.hpp"

namespace commbench {

// Collective over world (agreement, idle waits) and measured (the collectives, possibly on
// GPUs). fabric: rank 0's --fabric, or null. Returns the exit code, the same on every rank:
// 0; 1 when an output was wrong or a case failed; 2 when the workload or the run's shape
// cannot be used (said once, by rank 0).
int run_scaling(ClusterRun& cluster);

// scaling's settings as its report records them (Config::settings_json).
nlohmann::json scaling_command_settings_json(const Config& config);

}  // namespace commbench
