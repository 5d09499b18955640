#include "bench/workload/scaling_job.hpp"

#include <stdexcept>

#include "bench/run/usage_error.hpp"
#include "bench/workload/scaling_settings.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/workload/workload_json.hpp"
#include "topology/workload/workload_plan.hpp"

namespace commbench {

Workload scaling_workload(const Workload& loaded, const ScalingSettings& settings) {
  Workload workload = loaded;
  if (settings.global_batch) {
    workload.batch = *settings.global_batch;
    workload.scaling = BatchScaling::strong;
  }
  if (settings.per_gpu_batch) {
    workload.batch = *settings.per_gpu_batch;
    workload.scaling = BatchScaling::weak;
  }
  if (settings.strategy) workload.strategy = *settings.strategy;
  if (settings.bucket_bytes) workload.bucket_bytes = *settings.bucket_bytes;
  if (settings.gradient_dtype) workload.gradient_dtype = *settings.gradient_dtype;
  if (settings.overlap_fraction) workload.overlap_fraction = *settings.overlap_fraction;
  if (settings.tensor_parallel) workload.tensor_parallel = *settings.tensor_parallel;
  if (settings.pipeline_parallel) workload.pipeline_parallel = *settings.pipeline_parallel;
  if (!parse_sync_strategy(workload.strategy)) {
    throw UsageError("workload " + workload.name + ": unknown strategy '" + workload.strategy + "' (accepted: " +
                     sync_strategy_names_text() + ")");
  }
  std::string problem;
  try {
    compute_seconds_per_step(workload, 1);
    // --tp and --pp share each sample among more GPUs than the file said.
    problem = compute_range_problem(workload);
  } catch (const std::invalid_argument& error) {
    throw UsageError("workload " + workload.name + ": " + error.what());
  }
  if (!problem.empty()) throw UsageError("workload " + workload.name + ": /compute: " + problem);
  // --bucket-mb and --grad-dtype change how many buckets the gradients make.
  problem = bucket_size_problem(workload.bucket_bytes, workload, workload.gradient_dtype);
  if (!problem.empty()) {
    throw UsageError((settings.bucket_bytes ? std::string("--bucket-mb") : "workload " + workload.name + ": bucket_bytes") +
                     ": " + problem);
  }
  return workload;
}

ScalingOptions scaling_options(const ScalingSettings& settings) {
  ScalingOptions options;
  options.marginal_threshold = settings.marginal_threshold;
  options.price_per_gpu_hour = settings.price_per_gpu_hour;
  options.first_bucket_bytes = settings.first_bucket_bytes;
  return options;
}

ScalingReport scaling_report_base(const Config& config, const Workload& workload) {
  ScalingReport report;
  report.command = config.command;
  report.config = config_to_json(config);
  report.workload = workload_json(workload);
  report.gradient_bytes = gradient_bytes(workload);
  report.marginal_threshold = config.settings<ScalingSettings>().marginal_threshold;
  report.price_per_gpu_hour = config.settings<ScalingSettings>().price_per_gpu_hour;
  const std::uint64_t model_parallel = model_parallel_of(workload);
  if (model_parallel > 1) {
    report.notes.push_back(
        "tensor x pipeline parallel = " + std::to_string(model_parallel) + ": each GPU holds 1/" +
        std::to_string(model_parallel) + " of the gradients and of the compute; the data-parallel group is every " +
        std::to_string(model_parallel) + "th GPU, so it has 1/" + std::to_string(model_parallel) +
        " as many ranks within a node (the model's fabric is changed so); the tensor- and pipeline-parallel "
        "communication itself is not in these figures");
  }
  return report;
}

void note_batch_limit(ScalingReport& report, const Workload& workload, std::uint64_t largest_gpus) {
  if (workload.scaling != BatchScaling::strong) return;
  const std::uint64_t replicas_limit = workload.batch * model_parallel_of(workload);
  if (largest_gpus <= replicas_limit) return;
  report.notes.push_back("beyond " + std::to_string(replicas_limit) + " GPUs each data-parallel replica has less " +
                         "than one sample of the global batch of " + std::to_string(workload.batch) +
                         " per step: the figures there take fractional samples, which training cannot do");
}

nlohmann::json scaling_settings_json(const Config& config) {
  const ScalingSettings& scaling = config.settings<ScalingSettings>();
  return {{"workload", scaling.workload},
          {"global_batch", optional_json(scaling.global_batch)},
          {"per_gpu_batch", optional_json(scaling.per_gpu_batch)},
          {"strategy", optional_json(scaling.strategy)},
          {"bucket_bytes", optional_json(scaling.bucket_bytes)},
          {"first_bucket_bytes", scaling.first_bucket_bytes},
          {"gradient_dtype", scaling.gradient_dtype ? nlohmann::json(std::string(dtype_name(*scaling.gradient_dtype)))
                                                    : nlohmann::json(nullptr)},
          {"overlap_fraction", optional_json(scaling.overlap_fraction)},
          {"tensor_parallel", optional_json(scaling.tensor_parallel)},
          {"pipeline_parallel", optional_json(scaling.pipeline_parallel)},
          {"min_gpus", scaling.min_gpus},
          {"max_gpus", scaling.max_gpus},
          {"marginal_threshold", scaling.marginal_threshold},
          {"price_per_gpu_hour", optional_json(scaling.price_per_gpu_hour)},
          {"algorithm", scaling.algorithm},
          {"fabric", config.model.fabric}};
}

}  // namespace commbench
