#include "bench/commands/plan/plan_command.hpp"

#include <chrono>
#include <iostream>
#include <stdexcept>

#include "bench/measure/model_comparison.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/progressive_report_file.hpp"
#include "bench/run/run_description.hpp"
#include "bench/run/usage_error.hpp"
#include "bench/workload/scaling_job.hpp"
#include "bench/workload/scaling_settings.hpp"
#include "bench/workload/shared_workload.hpp"
#include "collectives/backend/memory_demand.hpp"
#include "reports/console/scaling_table.hpp"
#include "reports/format/escaped_text.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/timestamp.hpp"
#include "reports/model/json_report.hpp"
#include "topology/cost/cost_model.hpp"

namespace commbench {
namespace {

// Rank 0: the analysis, the console and the report. Throws UsageError for what it refuses.
int plan_on_rank0(const Config& config, const Workload& loaded, const Fabric& fabric, RunMeta meta) {
  const ScalingSettings& settings = config.settings<ScalingSettings>();
  const Workload workload = scaling_workload(loaded, settings);
  const std::uint64_t model_parallel = model_parallel_of(workload);
  if (settings.min_gpus % model_parallel != 0) {
    throw UsageError("--gpus: " + std::to_string(settings.min_gpus) + " is not a multiple of tensor_parallel x " +
                     "pipeline_parallel = " + std::to_string(model_parallel) + " (accepted: MIN a multiple of " +
                     std::to_string(model_parallel) + ")");
  }
  std::optional<Fabric> other;
  if (!settings.compare_fabric.empty()) other = load_model_fabric(settings.compare_fabric);

  const auto start = std::chrono::steady_clock::now();
  const std::vector<std::uint64_t> counts = doubling_gpu_counts(settings.min_gpus, settings.max_gpus);
  const ScalingOptions options = scaling_options(settings);
  // The workload's layers are held in the report (every layer a JSON object) and walked once
  // per GPU count evaluated: about 470 bytes a layer measured at 10^6 layers (docs/PERFORMANCE.md,
  // section 8), what the exit-3 line names if that cannot be held.
  const MemoryDemand layers_demand{
      "planning the " + std::to_string(workload.layers.size()) + " layers of workload " + one_line_text(workload.name) + " over " +
          std::to_string(counts.size()) + " GPU counts",
      static_cast<double>(workload.layers.size()) * 500.0,
      "give the workload fewer layers (layers_count, or a layers array of whole blocks) or run plan where more "
      "memory is free"};
  ScalingReport report = with_memory_demand(layers_demand, [&] { return scaling_report_base(config, workload); });
  try {
    with_memory_demand(layers_demand, [&] {
      report.predicted.push_back(modelled_series(workload, counts, fabric, settings.algorithm, options));
      if (other) report.predicted.push_back(modelled_series(workload, counts, *other, settings.algorithm, options));
    });
  } catch (const ModelError& error) {
    throw UsageError(error.what());
  } catch (const std::invalid_argument& error) {
    // What the analysis cannot take (a count that is not whole replicas, ...) is the input's.
    throw UsageError(error.what());
  }
  if (other) report.comparison = compare_fabrics(report.predicted[0], report.predicted[1]);
  const double analysis_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  note_batch_limit(report, workload, counts.back());

  std::cout << "# Plan for " << workload.name << " (" << gradient_bytes(workload) << " B of " << workload.strategy
            << " gradients per replica, " << batch_scaling_name(workload.scaling) << " scaling, batch "
            << workload.batch << ", overlap " << formatted_number("%g", workload.overlap_fraction) << ")\n";
  for (const ScalingSeries& series : report.predicted) {
    std::cout << scaling_series_text(series, settings.price_per_gpu_hour.has_value());
  }
  for (const FabricComparisonLine& line : report.comparison) std::cout << "# Compared: " << line.statement << "\n";
  for (const std::string& note : report.notes) std::cout << "# Note: " << note << "\n";
  std::cout << "# Analysed in " << duration_text(analysis_s) << std::endl;

  report.meta = std::move(meta);
  report.meta.end_time = utc_timestamp();
  report.outcome.status = RunStatus::complete;
  report.outcome.failure_kind = "none";
  if (config.report_path.empty()) return kExitOk;
  return ProgressiveReportFile<ScalingReport>(config.report_path).finish_and_say(report, kExitOk);
}

}  // namespace

int run_plan(const RankZeroRun& run) {
  std::optional<Workload> workload;
  try {
    workload = read_workload(run.config.settings<ScalingSettings>().workload);
  } catch (const WorkloadError& error) {
    throw UsageError(error.what());
  }
  return plan_on_rank0(run.config, *workload, *run.fabric, run.meta);
}

nlohmann::json plan_settings_json(const Config& config) {
  nlohmann::json scaling = scaling_settings_json(config);
  scaling["compare_fabric"] = config.settings<ScalingSettings>().compare_fabric;
  nlohmann::json json = command_json(config);
  json["scaling"] = scaling;
  return json;
}

}  // namespace commbench
