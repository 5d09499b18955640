#include "topology/workload/workload_plan.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "collectives/backend/checked_size.hpp"
#include "reports/format/number_text.hpp"

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

namespace {

// One entry of the plan: consecutive layers merged.
struct Segment {
  std::uint64_t elements = 0;    // this GPU's share, each layer rounded up
  std::uint64_t parameters = 0;  // the layers' own, for their share of the compute
  bool empty() const { return elements == 0; }
};

void add_segment(GradsyncPlan& plan, const Segment& segment, const WorkloadStep& step, double parameters) {
  const double share = static_cast<double>(segment.parameters) / parameters;
  plan.layer_elements.push_back(segment.elements);
  plan.forward_s.push_back(step.forward_s * share);
  plan.backward_s.push_back(step.backward_s * share);
}

}  // namespace

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
  const auto elements_of = [shares](const WorkloadLayer& layer) { return (layer.parameters + shares - 1) / shares; };
  // Layers are merged where nothing of the step happens between them, so that the plan, its
  // program and every simulation of it grow with the buckets, not the layers (10^6 layers of
  // a workload would otherwise be walked, action by action, at every GPU count of a plan).
  // The schedule is unchanged: merged layers compute one after another with nothing between.
  if (step.strategy == SyncStrategy::zero3 || step.strategy == SyncStrategy::fsdp) {
    // Units of at least the bucket size, in forward order (size-based wrapping: what
    // wrapped_in_units does to the layers one by one).
    Segment unit;
    for (const WorkloadLayer& layer : workload.layers) {
      unit.elements += elements_of(layer);
      unit.parameters += layer.parameters;
      if (unit.elements >= plan.bucket_elements) {
        add_segment(plan, unit, step, parameters);
        unit = Segment{};
      }
    }
    if (!unit.empty()) add_segment(plan, unit, step, parameters);
    return plan;
  }
  // ddp, zero1, zero2: a bucket starts after the backward pass of the layer that fills it
  // (gradient_buckets fills them in reverse order); the layers from one such layer back to the
  // next make one entry, ending (in backward order) with the layer that fills a bucket, so
  // that the buckets and the compute before each start are those of the layers one by one.
  std::vector<Segment> backward_order;
  Segment open;
  std::uint64_t filled = 0;  // elements in the bucket being filled
  std::uint64_t capacity = plan.first_bucket_elements;
  for (std::size_t layer = workload.layers.size(); layer-- > 0;) {
    const std::uint64_t elements = elements_of(workload.layers[layer]);
    open.elements += elements;
    open.parameters += workload.layers[layer].parameters;
    // Buckets this layer fills, counted without walking them one by one.
    bool fills = false;
    if (elements >= capacity - filled) {
      fills = true;
      const std::uint64_t beyond = elements - (capacity - filled);
      capacity = plan.bucket_elements;
      filled = beyond % capacity;
    } else {
      filled += elements;
    }
    if (fills) {
      backward_order.push_back(open);
      open = Segment{};
    }
  }
  if (!open.empty()) backward_order.push_back(open);
  for (std::size_t k = backward_order.size(); k-- > 0;) add_segment(plan, backward_order[k], step, parameters);
  return plan;
}

}  // namespace commbench
