#pragma once
// Held in Config::own_settings (bench/run/config.hpp); set by the command's flags.
#include <cstdint>
#include <optional>
#include <string>

#include "collectives/dtype/dtype.hpp"

namespace commbench {

// `commbench scaling` (measured, then extrapolated) and `commbench plan` (the cost model
// alone): where adding GPUs stops paying for a workload (topology/scaling/scaling_analysis.hpp).
// Empty optionals take the workload's figures (docs/WORKLOADS.md).
struct ScalingSettings {
  std::string workload;                       // a preset's name or a workload file
  std::optional<std::uint64_t> global_batch;  // strong scaling with this global batch
  std::optional<std::uint64_t> per_gpu_batch; // weak scaling with this batch per data-parallel rank
  std::optional<std::string> strategy;        // ddp, zero1, zero2, zero3, fsdp
  std::optional<std::uint64_t> bucket_bytes;
  std::uint64_t first_bucket_bytes = 1ULL << 20;
  std::optional<Dtype> gradient_dtype;
  std::optional<double> overlap_fraction;
  std::optional<int> tensor_parallel;
  std::optional<int> pipeline_parallel;
  // plan: the GPU counts analysed, MIN, 2 MIN, ... up to MAX. scaling: measured from 2 up to
  // the ranks of the run, modelled up to max_gpus.
  std::uint64_t min_gpus = 8;
  std::uint64_t max_gpus = 16384;
  double marginal_threshold = 0.5;            // share of the ideal gain of a doubling
  std::optional<double> price_per_gpu_hour;
  std::string algorithm;                      // the modelled algorithm; empty: the fastest
  std::string compare_fabric;                 // plan: a second fabric to compare with
  bool one_per_host = false;                  // scaling: one rank per host instead of filling hosts
};

}  // namespace commbench
