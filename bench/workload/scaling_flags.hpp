#pragma once
// The flags of the scaling analysis, shared by scaling (measured, then extrapolated) and plan
// (the cost model alone): the workload and what the command line changes in it, the GPU counts
// analysed and the verdicts' threshold. Each command's folder names its flags with these.
#include <CLI/CLI.hpp>

#include "bench/run/command.hpp"

namespace commbench {

// plan: true for plan's flags (--fabric required, --compare-fabric, --gpus), false for
// scaling's (-n, -w, --max-gpus, --one-per-host, the backend). settings_json: the command's.
SettingsFromFlags scaling_analysis_flags(CLI::App& command, bool plan, SettingsJson settings_json);

}  // namespace commbench
