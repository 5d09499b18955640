#pragma once
// The gradient-sync plan of one data-parallel step of a workload: what the gradient-sync
// benchmark executes and the scaling analysis simulates, built the same way for both.
#include <cstdint>
#include <string>

#include "collectives/dtype/dtype.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/workload/workload.hpp"

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

// The most buckets (ddp, zero1, zero2) or units (zero3, fsdp) one step's gradients are cut
// into: each is a collective per step, planned, simulated and run. 100000 holds DDP's 25 MiB
// buckets for 2.6 TB of gradients (650 billion float32 parameters), and keeps a step's plan
// in bounded time: a bucket of 1 byte (--bucket-mb 1e-300) would cut resnet50 into 25 million
// collectives and never end.
inline constexpr std::uint64_t kMaxBucketsPerStep = 100000;

// The smallest bucket size, in bytes, that cuts workload's gradients of dtype into at most
// kMaxBucketsPerStep buckets; formed in whole elements, so it fits in 64 bits even when the
// gradients' size does not.
std::uint64_t smallest_bucket_bytes(const Workload& workload, Dtype dtype);

// Why buckets of bucket_bytes cut the workload's gradients (parameters in dtype) into more than
// kMaxBucketsPerStep buckets, with the smallest size accepted for this workload, e.g. "buckets
// of 1 B would cut the float32 gradients of workload resnet50 (25557032 parameters) into more
// than 100000 collectives a step (accepted: buckets of at least 1 KiB, ...)"; empty when they
// do not. The caller names where the size came from (a flag, or the workload's field): the
// one bound of buckets per step for --bucket-mb, --sweep-bucket and a file's bucket_bytes.
std::string bucket_size_problem(std::uint64_t bucket_bytes, const Workload& workload, Dtype dtype);

// Each layer's compute in proportion to its parameters; zero3 and fsdp units of at least the
// bucket size (size-based wrapping). Throws std::invalid_argument as gradsync_step_program.
GradsyncPlan workload_gradsync_plan(const Workload& workload, const WorkloadStep& step);

}  // namespace commbench
