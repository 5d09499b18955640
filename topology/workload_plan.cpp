#include "workload_plan.hpp"

#include <algorithm>

namespace commbench {

GradsyncPlan workload_gradsync_plan(const Workload& workload, const WorkloadStep& step) {
  const std::uint64_t element = dtype_size(step.dtype);
  GradsyncPlan plan;
  plan.strategy = step.strategy;
  plan.overlap = step.overlap;
  plan.ranks = step.ranks;
  plan.bucket_elements = std::max<std::uint64_t>(1, step.bucket_bytes / element);
  plan.first_bucket_elements = std::max<std::uint64_t>(1, step.first_bucket_bytes / element);
  const std::uint64_t shares = std::max<std::uint64_t>(1, step.model_parallel);
  const auto parameters = static_cast<double>(workload.parameters);
  for (const WorkloadLayer& layer : workload.layers) {
    const double share = static_cast<double>(layer.parameters) / parameters;
    plan.layer_elements.push_back((layer.parameters + shares - 1) / shares);
    plan.forward_s.push_back(step.forward_s * share);
    plan.backward_s.push_back(step.backward_s * share);
  }
  if (step.strategy == SyncStrategy::zero3 || step.strategy == SyncStrategy::fsdp) {
    return wrapped_in_units(plan, plan.bucket_elements);
  }
  return plan;
}

}  // namespace commbench
