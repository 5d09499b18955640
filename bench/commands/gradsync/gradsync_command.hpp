#pragma once
// `commbench gradsync`: data-parallel training steps whose gradients are synchronized the
// way frameworks do it (DDP buckets, ZeRO, FSDP), overlapping an emulated backward pass.
// For each bucket size it measures the compute alone, each collective alone and whole
// steps, checks every collective's output exactly, and holds the step against the event
// schedule of the measured collectives and, with --fabric, of the cost models'. Rank 0
// prints one line per bucket size and keeps the report (-J) current.
#include "bench/run/command.hpp"

namespace commbench {

// Collective over world (agreement) and measured (the collectives, possibly on GPUs).
// fabric: rank 0's --fabric, or null. Returns the exit code: 0, 1 when an output was wrong,
// 2 when the workload cannot be used or does not fit in memory (said once, by rank 0).
int run_gradsync(ClusterRun& cluster);

// gradsync's settings as its report records them (Config::settings_json).
nlohmann::json gradsync_settings_json(const Config& config);

}  // namespace commbench
