#pragma once
// `commbench COLLECTIVE` and `commbench all`: the collective sweep, nccl-tests' table on rank 0
// and the JSON report (-J) kept current case by case; with --fabric, every case beside the
// cost models' prediction (bench/measure/model_comparison.hpp).
#include "bench/run/command.hpp"

namespace commbench {

// Collective over world and measured. Returns the exit code every rank takes: 0, 1 when a
// case found wrong elements or failed, 3 when the report cannot be written.
int run_sweep_command(ClusterRun& run);

// The sweep's settings as its report records them (Config::settings_json).
nlohmann::json sweep_settings_json(const Config& config);

}  // namespace commbench
