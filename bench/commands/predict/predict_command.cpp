#include "bench/commands/predict/predict_command.hpp"

#include <chrono>
#include <iostream>

#include "bench/commands/predict/predict_settings.hpp"
#include "bench/commands/predict/prediction_scope.hpp"
#include "bench/commands/predict/prediction_sweep.hpp"
#include "bench/measure/model_comparison.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/progressive_report_file.hpp"
#include "bench/run/size_parse.hpp"
#include "reports/console/prediction_table.hpp"
#include "reports/format/number_text.hpp"
#include "reports/format/timestamp.hpp"
#include "reports/model/json_report.hpp"
#include "topology/fabric_files/fabric_json.hpp"

namespace commbench {
namespace {

// Rank 0: everything is checked and predicted before the first line is printed, so that a
// refused option prints nothing but its error.
int predict_on_rank0(const Config& config, const Fabric& loaded, RunMeta meta) {
  const PredictSettings& settings = config.settings<PredictSettings>();
  const auto start = std::chrono::steady_clock::now();
  const PredictionScope scope = prediction_scope(loaded, settings.nodes, settings.gpus_per_node);
  const ModelFamily family = model_family_for(scope.fabric, "");
  PredictionReport report;
  report.collectives = prediction_groups(family, settings.collective, settings.algorithm, settings.protocol);
  PredictedSweep sweep = predict_sweep(family, report.collectives, scope,
                                       sweep_sizes(config.min_bytes, config.max_bytes, config.step_factor,
                                                   config.step_bytes));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  report.rows = std::move(sweep.rows);
  report.unavailable = std::move(sweep.unavailable);
  PredictionConfig& described = report.config;
  described.fabric = config.model.fabric;
  described.nodes = scope.nodes;
  described.gpus_per_node = scope.gpus_per_node;
  described.ranks = scope.ranks;
  described.family = std::string(family_name(family));
  described.collective = settings.collective;
  described.algorithm = settings.algorithm;
  described.protocol = settings.protocol;
  described.min_bytes = config.min_bytes;
  described.max_bytes = config.max_bytes;
  described.step_factor = config.step_factor;
  described.step_bytes = config.step_bytes;
  report.fabric = fabric_to_json(scope.fabric);
  if (family == ModelFamily::mpi) {
    if (const auto note = unmodelled_reduction_note(scope.fabric)) report.notes.push_back(*note);
  }
  report.meta = std::move(meta);
  report.meta.end_time = utc_timestamp();
  report.outcome = {RunStatus::complete, "none", ""};

  std::cout << prediction_table_text(report) << "# Predicted " << report.rows.size() << " rows in "
            << duration_text(seconds) << std::endl;
  if (config.report_path.empty()) return kExitOk;
  return ProgressiveReportFile<PredictionReport>(config.report_path).finish_and_say(report, kExitOk);
}

}  // namespace

int run_predict(const RankZeroRun& run) {
  return predict_on_rank0(run.config, *run.fabric, run.meta);
}

nlohmann::json predict_settings_json(const Config& config) {
  nlohmann::json json = command_json(config);
  json.update(nlohmann::json(config.settings<PredictSettings>()));
  json["fabric"] = config.model.fabric;
  json["min_bytes"] = config.min_bytes;
  json["max_bytes"] = config.max_bytes;
  json["step_factor"] = config.step_factor;
  json["step_bytes"] = config.step_bytes;
  return json;
}

}  // namespace commbench
