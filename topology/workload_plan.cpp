#include "workload_plan.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "checked_size.hpp"
#include "number_text.hpp"

namespace commbench {

std::uint64_t smallest_bucket_bytes(const Workload& workload, Dtype dtype) {
  // In whole elements, as workload_gradsync_plan cuts buckets: ceil(parameters / the bound).
  const std::uint64_t elements = workload.parameters / kMaxBucketsPerStep +
                                 (workload.parameters % kMaxBucketsPerStep != 0 ? 1 : 0);
  return checked_multiply(std::max<std::uint64_t>(1, elements), dtype_size(dtype))
      .value_or(std::numeric_limits<std::uint64_t>::max());
}

std::string bucket_size_problem(std::uint64_t bucket_bytes, const Workload& workload, Dtype dtype) {
  const std::uint64_t smallest = smallest_bucket_bytes(workload, dtype);
  if (bucket_bytes >= smallest) return "";
  const double mebibyte = 1024.0 * 1024.0;
  return "buckets of " + byte_size_text(static_cast<double>(bucket_bytes)) + " would cut the " +
         std::string(dtype_name(dtype)) + " gradients of workload " + workload.name + " (" +
         std::to_string(workload.parameters) + " parameters) into more than " + std::to_string(kMaxBucketsPerStep) +
         " collectives a step (accepted: buckets of at least " + byte_size_text(static_cast<double>(smallest)) + ", " +
         formatted_number("%.3g", static_cast<double>(smallest) / mebibyte) + " MiB, for this workload)";
}

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
