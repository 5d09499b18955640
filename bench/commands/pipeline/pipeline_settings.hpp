#pragma once
// Held in Config::own_settings (bench/run/config.hpp); set by the command's flags.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace commbench {

// `commbench pipeline`: pipeline-parallel steps (bench/commands/pipeline/pipeline_command.hpp, docs/MODELS.md).
struct PipelineSettings {
  int stages = 2;                       // S: stages per pipeline; divides the ranks
  int microbatches = 8;                 // m
  std::uint64_t activation_bytes = 1ULL << 20;  // per micro-batch, each way between adjacent stages
  double forward_s = 0.002;             // emulated forward of one micro-batch on one stage
  double backward_s = 0.004;
  std::string schedule = "1f1b";        // gpipe, 1f1b, interleaved
  int chunks = 1;                       // v: model chunks per stage (interleaved; 2 when not given)
  std::string placement = "consecutive";  // or "across-hosts"
  std::string sweep = "none";           // "none", "microbatches" or "activation-bytes"
  std::uint64_t sweep_low = 0;          // the sweep's range, inclusive, by factors of 2
  std::uint64_t sweep_high = 0;
};

// As pipeline records them (pipeline_settings_json).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PipelineSettings, stages, microbatches, activation_bytes, forward_s, backward_s,
                                   schedule, chunks, placement, sweep, sweep_low, sweep_high)

}  // namespace commbench
