#include "bench/workload/scaling_flags.hpp"

#include <string>
#include <tuple>

#include "bench/run/backend_flags.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/output_over_input.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/size_parse.hpp"
#include "bench/run/usage_error.hpp"
#include "bench/workload/scaling_settings.hpp"
#include "bench/workload/workload_flags.hpp"
#include "topology/fabric_files/fabric_presets.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/workload/workload.hpp"
#include "topology/workload/workload_presets.hpp"

namespace commbench {
namespace {

// Raw text of the flags of scaling and plan.
struct ScalingRawOptions : SharedRawOptions, BackendRawOptions, WorkloadRawOptions {
  std::string global_batch, per_gpu_batch, overlap, tensor_parallel, pipeline_parallel, gpus, max_gpus, threshold,
      price, algorithm, compare_fabric;
  bool one_per_host = false;
};

// The command line's defaults, written as a user would type them, from the settings' defaults.
ScalingRawOptions scaling_raw_defaults() {
  const ScalingSettings defaults;
  ScalingRawOptions raw;
  raw.first_bucket_mb = number_text(static_cast<double>(defaults.first_bucket_bytes) / kMebibyte);
  raw.gpus = std::to_string(defaults.min_gpus) + ":" + std::to_string(defaults.max_gpus);
  raw.max_gpus = std::to_string(defaults.max_gpus);
  raw.threshold = number_text(defaults.marginal_threshold);
  return raw;
}

// scaling and plan: the workload, what the command line changes in it, and the analysis.
void add_scaling_options(CLI::App& command, ScalingRawOptions& raw, bool plan) {
  ScalingRawOptions& text = raw;
  add_report_options(command, raw);
  command.add_option("--workload", raw.workload,
                     "The training job (required): a preset (" + workload_preset_names_text() +
                         ") or a workload file (docs/WORKLOADS.md)");
  command.add_option("--global-batch", text.global_batch, "Strong scaling with this global batch in samples");
  command.add_option("--per-gpu-batch", text.per_gpu_batch,
                     "Weak scaling with this batch in samples per data-parallel replica");
  command.add_option("--strategy", raw.strategy, sync_strategy_names_text() + " (default: the workload's)");
  command.add_option("--bucket-mb", raw.bucket_mb, "Gradient bucket in MiB (default: the workload's, 25)");
  command.add_option("--first-bucket-mb", raw.first_bucket_mb, "Size of the first bucket in MiB, as PyTorch DDP")
      ->capture_default_str();
  command.add_option("--grad-dtype", raw.grad_dtype, "Gradient type: " + gradient_dtype_names_text() +
                                                         " (default: the workload's)");
  command.add_option("--overlap", text.overlap,
                     "Share of the communication that can hide behind backward compute, 0 to 1 (default: the "
                     "workload's)");
  command.add_option("--tp", text.tensor_parallel, "Tensor-parallel degree (default: the workload's, 1)");
  command.add_option("--pp", text.pipeline_parallel, "Pipeline-parallel degree (default: the workload's, 1)");
  command.add_option("--threshold", text.threshold,
                     "A doubling stops paying when it gains less than this share of the ideal")
      ->capture_default_str();
  command.add_option("--price-per-gpu-hour", text.price, "Price of one GPU-hour: adds the cost per step");
  command.add_option("--algorithm", text.algorithm,
                     "Model every collective with this algorithm (e.g. ring) instead of the fastest modelled one");
  if (plan) {
    command.add_option("--fabric", raw.model_fabric,
                       "The fabric to plan for (required): a fabric file or a preset: " + fabric_preset_names_text());
    command.add_option("--compare-fabric", text.compare_fabric,
                       "A second fabric (file or preset): which one moves the break-even further, and by how much");
    command.add_option("--gpus", text.gpus, "MIN:MAX: the GPU counts analysed, MIN, 2 MIN, 4 MIN, ... up to MAX")
        ->capture_default_str();
    return;
  }
  add_point_to_point_iterations(command, raw);
  command.add_option("--fabric", raw.model_fabric,
                     "Extrapolate with this fabric (file or preset; default: the fabric measured by this run)");
  command.add_option("--max-gpus", text.max_gpus, "Extrapolate up to this many GPUs")->capture_default_str();
  command.add_flag("--one-per-host", text.one_per_host, "One rank per host instead of filling hosts first");
  add_backend_options(command, raw, "Memory the collectives run on");
}

// --tp and --pp: whole numbers from 1.
int parallel_degree_option(const std::string& flag, const std::string& text) {
  const std::string accepted = "a whole number from 1 to 2147483647";
  const int degree = rank_option(flag, text, accepted);
  if (degree < 1) throw UsageError(flag + ": '" + text + "' is not accepted (accepted: " + accepted + ")");
  return degree;
}

// The largest GPU count analysed: 2^24, a thousand times the largest clusters built, small
// enough that every count is an int for the cost models.
constexpr std::uint64_t kMaxScalingGpus = 1ULL << 24;

// scaling (measured) or, with plan, plan (modelled alone).
Config build_scaling_config(const ScalingRawOptions& raw, const CLI::App& chosen, bool plan) {
  Config config;
  apply_report_options(config, raw, chosen.count("--json") > 0);
  if (!plan) {
    apply_backend_options(config, raw, chosen.count("--device") > 0);
    config.iterations = iterations_option(raw.iterations);
    config.warmup_iterations = warmup_option(raw.warmup);
  }
  const ScalingRawOptions& text = raw;
  ScalingSettings& scaling = config.settings<ScalingSettings>();
  scaling.workload = workload_option(raw);
  add_input(config, "--workload", scaling.workload);
  const bool global_given = chosen.count("--global-batch") > 0;
  const bool per_gpu_given = chosen.count("--per-gpu-batch") > 0;
  if (global_given && per_gpu_given) {
    throw UsageError("--global-batch and --per-gpu-batch: give one of them (accepted: --global-batch N for strong "
                     "scaling, or --per-gpu-batch N for weak scaling)");
  }
  if (global_given) scaling.global_batch = whole_option("--global-batch", text.global_batch, 1, kLargestWholeNumber);
  if (per_gpu_given) scaling.per_gpu_batch = whole_option("--per-gpu-batch", text.per_gpu_batch, 1, kLargestWholeNumber);
  if (chosen.count("--strategy") > 0) scaling.strategy = strategy_option(raw);
  if (chosen.count("--bucket-mb") > 0) scaling.bucket_bytes = mebibytes_option("--bucket-mb", raw.bucket_mb);
  scaling.first_bucket_bytes = mebibytes_option("--first-bucket-mb", raw.first_bucket_mb);
  if (chosen.count("--grad-dtype") > 0) scaling.gradient_dtype = gradient_dtype_option(raw, plan ? "" : config.backend);
  if (chosen.count("--overlap") > 0) {
    scaling.overlap_fraction = text.overlap == "0" ? 0.0 : positive_real_option("--overlap", text.overlap, 1.0);
  }
  if (chosen.count("--tp") > 0) scaling.tensor_parallel = parallel_degree_option("--tp", text.tensor_parallel);
  if (chosen.count("--pp") > 0) scaling.pipeline_parallel = parallel_degree_option("--pp", text.pipeline_parallel);
  scaling.marginal_threshold = positive_real_option("--threshold", text.threshold, 1.0);
  if (scaling.marginal_threshold >= 1.0) {
    throw UsageError("--threshold: '" + text.threshold +
                     "' would call an ideal doubling a loss (accepted: a number > 0 and < 1)");
  }
  if (chosen.count("--price-per-gpu-hour") > 0) {
    scaling.price_per_gpu_hour = positive_real_option("--price-per-gpu-hour", text.price, 1e6);
  }
  if (chosen.count("--algorithm") > 0) {
    if (text.algorithm.empty()) {
      throw UsageError("--algorithm: the name is empty (accepted: an algorithm the cost models have, e.g. ring)");
    }
    scaling.algorithm = text.algorithm;
  }
  config.model.fabric = fabric_option(raw);
  const std::string gpus_accepted = "whole numbers from 1 to " + std::to_string(kMaxScalingGpus);
  const auto gpu_count = [&](const std::string& flag, const std::string& value) {
    const auto gpus = parse_bytes(value);
    if (!gpus || value.find_first_not_of("0123456789") != std::string::npos || *gpus < 1 || *gpus > kMaxScalingGpus) {
      throw UsageError(flag + ": '" + value + "' is not accepted (accepted: " + gpus_accepted + ")");
    }
    return *gpus;
  };
  if (plan) {
    if (raw.model_fabric.empty()) {
      throw UsageError("--fabric: missing or empty (accepted: a fabric file or a preset, " +
                       fabric_preset_names_text() + ")");
    }
    if (chosen.count("--compare-fabric") > 0 && text.compare_fabric.empty()) {
      throw UsageError("--compare-fabric: the name is empty (accepted: a fabric file or a preset, " +
                       fabric_preset_names_text() + ")");
    }
    scaling.compare_fabric = text.compare_fabric;
    add_fabric_input(config, "--compare-fabric", scaling.compare_fabric);
    std::tie(scaling.min_gpus, scaling.max_gpus) =
        range_option("--gpus", text.gpus, "MIN:MAX, " + gpus_accepted + ", e.g. 8:16384",
                     [&](const std::string& part) { return gpu_count("--gpus", part); });
    return config;
  }
  scaling.max_gpus = gpu_count("--max-gpus", text.max_gpus);
  scaling.one_per_host = text.one_per_host;
  return config;
}

}  // namespace

SettingsFromFlags scaling_analysis_flags(CLI::App& command, bool plan, SettingsJson settings_json) {
  const auto add = [plan](CLI::App& app, ScalingRawOptions& raw) { add_scaling_options(app, raw, plan); };
  return command_flags(command, scaling_raw_defaults(), add,
                       [plan, settings_json](const ScalingRawOptions& raw, const CLI::App& parsed) {
                         Config config = build_scaling_config(raw, parsed, plan);
                         config.settings_json = settings_json;
                         return config;
                       });
}

}  // namespace commbench
