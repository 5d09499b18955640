#pragma once
// The gradient-sync plan of one data-parallel step of a workload: what the gradient-sync
// benchmark executes and the scaling analysis simulates, built the same way for both.
#include <cstdint>

#include "dtype.hpp"
#include "gradsync_program.hpp"
#include "workload.hpp"

namespace commbench {

struct WorkloadStep {
  SyncStrategy strategy = SyncStrategy::ddp;
  Dtype dtype = Dtype::bfloat16;          // of the gradients
  std::uint64_t bucket_bytes = 25ULL << 20;  // ddp and zero buckets; zero3 and fsdp: smallest unit
  std::uint64_t first_bucket_bytes = 1ULL << 20;
  double forward_s = 0;   // per step, all layers
  double backward_s = 0;
  int ranks = 1;          // data-parallel ranks
  bool overlap = true;
  // GPUs that share each layer (tensor x pipeline parallel): each holds 1/model_parallel of
  // every layer's parameters (rounded up), and so of its gradients.
  std::uint64_t model_parallel = 1;
};

// Each layer's compute in proportion to its parameters; zero3 and fsdp units of at least the
// bucket size (size-based wrapping). Throws std::invalid_argument as gradsync_step_program.
GradsyncPlan workload_gradsync_plan(const Workload& workload, const WorkloadStep& step);

}  // namespace commbench
