// Fuzz target: parse_workload on any bytes, then the figures built from a workload that loads.
// Refusing is fine; what must never happen is a crash, a sanitizer finding, an exception other
// than WorkloadError, a message longer than one line, a workload that loads but does not load
// again the same once written back, or one whose numeric fields give a compute time or a
// gradient-sync plan outside the documented ranges (topology/workload/workload.hpp): a per-sample
// compute below 1 ns or above a day, a step that is not finite or is 0, a layer's compute that
// is not finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "topology/workload/workload_json.hpp"
#include "topology/workload/workload_plan.hpp"

namespace {

using commbench::Workload;

// The data-parallel counts the analysis reaches: one GPU, a few, and scaling's largest (2^24).
constexpr std::uint64_t kDataParallel[] = {1, 2, 1000, 1ULL << 24};

void check_compute(const Workload& workload) {
  const double per_sample = commbench::compute_seconds_per_sample(workload);
  if (!(per_sample >= commbench::kMinSecondsPerSample && per_sample <= commbench::kMaxSecondsPerSample)) std::abort();
  for (const std::uint64_t data_parallel : kDataParallel) {
    const double step = commbench::compute_seconds_per_step(workload, data_parallel);
    if (!std::isfinite(step) || !(step > 0)) std::abort();
  }
}

// The plan gradsync and the scaling analysis build, for a step that can be emulated: every
// layer keeps its elements (shared among the model-parallel GPUs) and a finite compute.
void check_plan(const Workload& workload) {
  const auto strategy = commbench::parse_sync_strategy(workload.strategy);
  if (!strategy) std::abort();
  commbench::WorkloadStep step;
  step.strategy = *strategy;
  step.dtype = workload.gradient_dtype;
  step.bucket_bytes = workload.bucket_bytes;
  step.forward_s = 1 - workload.backward_fraction;
  step.backward_s = workload.backward_fraction;
  step.ranks = 8;
  step.model_parallel = static_cast<std::uint64_t>(workload.tensor_parallel) *
                        static_cast<std::uint64_t>(workload.pipeline_parallel);
  const commbench::GradsyncPlan plan = commbench::workload_gradsync_plan(workload, step);
  if (plan.layer_elements.empty() || plan.layer_elements.size() != plan.forward_s.size() ||
      plan.forward_s.size() != plan.backward_s.size() || plan.bucket_elements < 1) {
    std::abort();
  }
  for (std::size_t i = 0; i < plan.layer_elements.size(); ++i) {
    if (plan.layer_elements[i] < 1 || !std::isfinite(plan.forward_s[i]) || !std::isfinite(plan.backward_s[i]) ||
        plan.forward_s[i] < 0 || plan.backward_s[i] < 0) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Workload workload;
  try {
    workload = commbench::parse_workload(text, "fuzz-input");
  } catch (const commbench::WorkloadError& error) {
    if (std::string(error.what()).find('\n') != std::string::npos) std::abort();
    return 0;
  }
  const Workload again = commbench::parse_workload(commbench::workload_json(workload).dump(), "fuzz-rewritten");
  if (again != workload) std::abort();
  check_compute(workload);
  check_plan(workload);
  return 0;
}
