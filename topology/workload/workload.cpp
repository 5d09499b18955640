#include "topology/workload/workload.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "reports/format/number_text.hpp"

namespace commbench {

bool operator==(const WorkloadLayer& a, const WorkloadLayer& b) {
  return a.name == b.name && a.parameters == b.parameters;
}
bool operator!=(const WorkloadLayer& a, const WorkloadLayer& b) { return !(a == b); }

bool operator==(const WorkloadCompute& a, const WorkloadCompute& b) {
  return a.seconds_per_sample == b.seconds_per_sample && a.flops_per_token == b.flops_per_token &&
         a.peak_flops == b.peak_flops && a.mfu == b.mfu && a.source == b.source;
}
bool operator!=(const WorkloadCompute& a, const WorkloadCompute& b) { return !(a == b); }

bool operator==(const Workload& a, const Workload& b) {
  return a.name == b.name && a.description == b.description && a.source == b.source &&
         a.parameters == b.parameters && a.gradient_dtype == b.gradient_dtype && a.layers == b.layers &&
         a.tokens_per_sample == b.tokens_per_sample && a.batch == b.batch && a.scaling == b.scaling &&
         a.compute == b.compute && a.backward_fraction == b.backward_fraction && a.strategy == b.strategy &&
         a.bucket_bytes == b.bucket_bytes && a.overlap_fraction == b.overlap_fraction &&
         a.tensor_parallel == b.tensor_parallel && a.pipeline_parallel == b.pipeline_parallel;
}
bool operator!=(const Workload& a, const Workload& b) { return !(a == b); }

std::string_view batch_scaling_name(BatchScaling scaling) {
  return scaling == BatchScaling::strong ? "strong" : "weak";
}

std::optional<BatchScaling> parse_batch_scaling(std::string_view name) {
  if (name == "strong") return BatchScaling::strong;
  if (name == "weak") return BatchScaling::weak;
  return std::nullopt;
}

bool is_gradient_dtype(Dtype dtype) {
  return dtype_is_float8(dtype) || dtype == Dtype::float16 || dtype == Dtype::bfloat16 || dtype == Dtype::float32 ||
         dtype == Dtype::float64;
}

std::string gradient_dtype_names_text() {
  std::string names;
  for (const Dtype dtype : all_dtypes()) {
    if (is_gradient_dtype(dtype)) names += (names.empty() ? "" : ", ") + std::string(dtype_name(dtype));
  }
  return names;
}

std::uint64_t gradient_bytes(const Workload& workload) {
  return workload.parameters * static_cast<std::uint64_t>(dtype_size(workload.gradient_dtype));
}

namespace {

// Seconds one replica (tensor x pipeline parallel GPUs) spends on `samples` samples, and the
// GPUs it spreads them over.
double replica_seconds(const Workload& workload, double samples) {
  if (workload.tensor_parallel < 1 || workload.pipeline_parallel < 1) {
    throw std::invalid_argument("workload " + workload.name + ": tensor_parallel " +
                                std::to_string(workload.tensor_parallel) + " and pipeline_parallel " +
                                std::to_string(workload.pipeline_parallel) + " must each be 1 or more");
  }
  const WorkloadCompute& compute = workload.compute;
  if (compute.seconds_per_sample) return samples * *compute.seconds_per_sample;
  const double flops_per_second = compute.peak_flops * compute.mfu;
  if (!(flops_per_second > 0)) {
    throw std::invalid_argument("workload " + workload.name +
                                ": no seconds_per_sample, and peak_flops x mfu is not above 0");
  }
  // Kaplan et al. 2020: a dense model's forward and backward pass cost about 6 FLOPs per
  // parameter per token.
  const double flops_per_token =
      compute.flops_per_token ? *compute.flops_per_token : 6.0 * static_cast<double>(workload.parameters);
  return samples * static_cast<double>(workload.tokens_per_sample) * flops_per_token / flops_per_second;
}

double gpus_per_replica(const Workload& workload) {
  return static_cast<double>(workload.tensor_parallel) * static_cast<double>(workload.pipeline_parallel);
}

}  // namespace

double compute_seconds_per_step(const Workload& workload, std::uint64_t data_parallel) {
  if (data_parallel < 1) {
    throw std::invalid_argument("compute_seconds_per_step: data_parallel is 0 (accepted: 1 or more replicas)");
  }
  const double batch = static_cast<double>(workload.batch);
  const double samples =
      workload.scaling == BatchScaling::strong ? batch / static_cast<double>(data_parallel) : batch;
  return replica_seconds(workload, samples) / gpus_per_replica(workload);
}

double compute_seconds_per_sample(const Workload& workload) {
  return replica_seconds(workload, 1.0) / gpus_per_replica(workload);
}

std::string compute_range_problem(const Workload& workload) {
  const double seconds = compute_seconds_per_sample(workload);
  const std::string accepted = " (accepted: from " + formatted_number("%g", kMinSecondsPerSample) + " to " +
                               formatted_number("%g", kMaxSecondsPerSample) +
                               " s of compute per sample on one GPU, docs/WORKLOADS.md)";
  const std::string what = "the compute of one sample on one GPU, " + formatted_number("%g", seconds) + " s,";
  if (!std::isfinite(seconds)) return "the compute of one sample on one GPU overflows" + accepted;
  if (seconds < kMinSecondsPerSample) {
    return what + " is less than " + formatted_number("%g", kMinSecondsPerSample) + " s" + accepted;
  }
  if (seconds > kMaxSecondsPerSample) {
    return what + " is more than " + formatted_number("%g", kMaxSecondsPerSample) + " s" + accepted;
  }
  return "";
}

}  // namespace commbench
