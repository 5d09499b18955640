#include "bench/sweep/sweep_command.hpp"

#include <iostream>
#include <memory>
#include <optional>

#include "bench/measure/model_comparison.hpp"
#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/rank_zero_work.hpp"
#include "bench/run/run_description.hpp"
#include "bench/run/run_environment.hpp"
#include "bench/run/run_interruption.hpp"
#include "bench/sweep/sweep.hpp"
#include "collectives/backend/memory_demand.hpp"
#include "reports/console/json_printer.hpp"
#include "reports/console/table_printer.hpp"
#include "reports/format/timestamp.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {
namespace {

std::uint64_t max_over_ranks(Backend& backend, std::uint64_t value) {
  double largest = static_cast<double>(value);
  backend.host_allreduce(&largest, 1, ReduceOp::max);
  return static_cast<std::uint64_t>(largest);
}

}  // namespace

int run_sweep_command(ClusterRun& run) {
  Backend& world = run.world;
  const Config& config = run.config;
  PrinterMultiplex& printers = run.printers;
  // Rank 0's (the others print nothing), when the run has --fabric.
  std::optional<ModelComparison> model;
  if (run.fabric != nullptr) model.emplace(*run.fabric, config.model);
  if (world.rank() == 0) {
    printers.add(std::make_unique<TablePrinter>(std::cout));
    if (!config.report_path.empty()) printers.add(std::make_unique<JsonPrinter>(config.report_path));
  }

  RunReport report;
  try {
    const HostMap hosts = gather_host_map(world);
    report.meta = describe_run(hosts, run.measured, run.devices, run.argv);
    report.config = config_to_json(config);
    printers.run_started(report.meta, report.config);
    report.results = run_sweep(run.measured, config, hosts.host_of_rank, model ? &*model : nullptr, printers,
                               run.monitor);
    report.meta.end_time = utc_timestamp();
    report.meta.peak_rss_bytes = max_over_ranks(world, peak_resident_bytes());
  } catch (const std::exception& error) {
    // An error outside any case (a transport that failed between cases): record it, then
    // let main abort the job, since other ranks may be blocked in a collective.
    if (world.rank() == 0) {
      RunInterruption interruption;
      interruption.outcome = {RunStatus::partial, "error", "rank 0 on " + run.host + " " + failure_words(error)};
      try {
        printers.run_interrupted(interruption);
      } catch (const std::exception&) {
        // The report cannot be written either; the error below is what the user needs.
      }
    }
    throw;
  }
  report.outcome = {RunStatus::complete, "none", ""};
  report.summary = summarize_results(report.results, config.avg_min_bytes);
  if (model) report.model = model->report(report.results);

  const bool measurement_failed = report.summary.wrong_total > 0 || report.summary.failed_cases > 0;
  return run_on_rank_zero(world, [&] {
    try {
      printers.run_finished(report);
    } catch (const std::exception& error) {
      say_error("cannot write the report: " + std::string(error.what()));
      return kExitRuntimeError;
    }
    if (!config.report_path.empty()) std::cout << "# Report written to " << config.report_path << std::endl;
    return measurement_failed ? kExitMeasurementFailure : kExitOk;
  });
}

nlohmann::json sweep_settings_json(const Config& config) {
  nlohmann::json collectives = nlohmann::json::array();
  for (const CollectiveSpec* spec : config.collectives) collectives.push_back(std::string(spec->name()));
  nlohmann::json dtypes = nlohmann::json::array();
  for (Dtype dtype : config.dtypes) dtypes.push_back(std::string(dtype_name(dtype)));
  nlohmann::json ops = nlohmann::json::array();
  for (ReduceOp op : config.ops) ops.push_back(std::string(reduce_op_name(op)));
  nlohmann::json placements = nlohmann::json::array();
  if (config.out_of_place) placements.push_back("out-of-place");
  if (config.in_place) placements.push_back("in-place");
  return {
      {"command", config.command},
      {"collectives", collectives},
      {"backend", config.backend},
      {"device", config.device},
      {"cuda_graph", config.cuda_graph},
      {"nccl_register", config.nccl_register},
      {"min_bytes", config.min_bytes},
      {"max_bytes", config.max_bytes},
      {"step_factor", config.step_factor},
      {"step_bytes", config.step_bytes},
      {"iterations", config.iterations ? nlohmann::json(*config.iterations) : nlohmann::json("auto")},
      {"warmup_iterations", config.warmup_iterations},
      {"check_iterations", config.check_iterations},
      {"dtypes", dtypes},
      {"ops", ops},
      {"roots", config.roots},
      {"algorithms", config.algorithms},
      {"fabric", config.model.fabric},
      {"shortfall_fraction", config.model.shortfall_fraction},
      {"placements", placements},
      {"timing", timing_mode_name(config.timing)},
      {"auto_budget_s", config.auto_budget_s},
      {"auto_precision", config.auto_precision},
      {"avg_min_bytes", config.avg_min_bytes},
      {"report_path", config.report_path},
      {"timeout_s", config.timeout_s},
      // Recorded so that a report from a fault-injection test cannot pass for a real failure.
      {"inject_corruption_rank", config.inject_corruption_rank},
      {"inject_stall", config.inject_stall ? nlohmann::json{{"rank", config.inject_stall->rank},
                                                            {"case_number", config.inject_stall->case_number}}
                                           : nlohmann::json(nullptr)},
  };
}

}  // namespace commbench
