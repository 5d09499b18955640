#pragma once
// Held in Config::own_settings (bench/run/config.hpp); set by the command's flags.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "collectives/dtype/dtype.hpp"
#include "reports/format/json_optional.hpp"

namespace commbench {

// `commbench gradsync`: data-parallel steps with bucketed, overlapped gradient sync.
// Empty optionals take the workload's figures (docs/WORKLOADS.md).
struct GradsyncSettings {
  std::string workload;                        // a preset's name or a workload file
  std::optional<std::string> strategy;         // ddp, zero1, zero2, zero3, fsdp
  std::vector<std::uint64_t> bucket_bytes;     // one per case: --bucket-mb, or --sweep-bucket's sizes
  std::uint64_t first_bucket_bytes = 1ULL << 20;  // PyTorch DDP's first bucket
  std::optional<Dtype> gradient_dtype;
  std::optional<double> forward_s;             // per step, all layers
  std::optional<double> backward_s;
  bool overlap = true;                         // false: --no-overlap
  bool sweep = false;                          // --sweep-bucket: report the best bucket size
};

// As gradsync records them (gradsync_settings_json), all but gradient_dtype, which is
// written by its name there; an empty optional is null.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradsyncSettings, workload, strategy, bucket_bytes, first_bucket_bytes, forward_s,
                                   backward_s, overlap, sweep)

}  // namespace commbench
