#pragma once
// `commbench pipeline`: pipelines of S stages side by side on the ranks, each step run for
// real with emulated compute and real transfers between adjacent stages, measured stage by
// stage and held against the model (docs/MODELS.md, "Pipeline parallelism").
#include "bench/run/command.hpp"

namespace commbench {

// Collective over world (agreement, gathers) and measured (the steps: the world backend, or
// a GPU backend over the same ranks). fabric: rank 0's --fabric, or null. Returns the exit
// code every rank takes; a configuration the ranks cannot run (stages that do not divide
// them, buffers that do not fit) is refused with one line and exit 2 on every rank.
int run_pipeline(ClusterRun& cluster);

// pipeline's settings as its report records them (Config::settings_json).
nlohmann::json pipeline_settings_json(const Config& config);

}  // namespace commbench
