// commbench: parses the command line, checks that every rank agrees on it, runs the sweep
// under the watchdog, prints the table on rank 0 and keeps the JSON report current.
// Exit codes: bench/run/exit_codes.hpp.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "build_config.hpp"
#include "bench/app/cli.hpp"
#include "bench/commands/fabric/fabric_command.hpp"
#include "bench/commands/fit/fit_command.hpp"
#include "bench/commands/gradsync/gradsync_command.hpp"
#include "bench/commands/linkcheck/linkcheck_command.hpp"
#include "bench/commands/pipeline/pipeline_command.hpp"
#include "bench/commands/plan/plan_command.hpp"
#include "bench/commands/predict/predict_command.hpp"
#include "bench/commands/reports/compare_command.hpp"
#include "bench/commands/reports/gate_command.hpp"
#include "bench/commands/reports/report_command.hpp"
#include "bench/commands/scaling/scaling_command.hpp"
#include "bench/commands/topology/topology_command.hpp"
#include "bench/measure/model_comparison.hpp"
#include "bench/run/build_identity.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/measured_backend.hpp"
#include "bench/run/mpi_session.hpp"
#include "bench/run/output_over_input.hpp"
#include "bench/run/progress_monitor.hpp"
#include "bench/run/report_path.hpp"
#include "bench/run/run_description.hpp"
#include "bench/run/run_environment.hpp"
#include "bench/run/run_interruption.hpp"
#include "bench/run/start_agreement.hpp"
#include "bench/run/tracked_backend.hpp"
#include "bench/run/usage_error.hpp"
#include "bench/run/watchdog.hpp"
#include "bench/sweep/sweep.hpp"
#include "collectives/backend/memory_demand.hpp"
#include "collectives/mpi/mpi_backend.hpp"
#include "reports/console/json_printer.hpp"
#include "reports/console/table_printer.hpp"
#include "reports/format/text_join.hpp"
#include "reports/format/timestamp.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {
namespace {

// After an alarm or an error that ends the run, ranks other than 0 wait this long before
// exiting, so that rank 0 can record the interruption first: a launcher that sees one rank
// exit kills the others at once (Open MPI sends SIGKILL within milliseconds of the first
// exit, and otherwise one second after SIGTERM), and rank 0 fires at about the same moment
// as the rest.
constexpr std::chrono::seconds kExitGrace{2};
// ncclCommAbort may itself wait on the network: the process exits after this long regardless.
constexpr std::chrono::seconds kAbortWait{5};
// A rank that cannot go on waits this long for the others to say they cannot either (every
// rank failing at the same allocation); rank 0 records the error in the report first.
constexpr std::chrono::seconds kFailureAgreementWait{5};

// Releases what the measured backend holds in flight (ncclCommAbort), so that peers blocked
// on this rank see an error, but waits at most kAbortWait for it.
void abort_in_flight_within_limit(Backend* measured) {
  if (measured == nullptr) return;
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread([measured, done] {
    measured->abort_in_flight();
    done->store(true);
  }).detach();
  const auto deadline = std::chrono::steady_clock::now() + kAbortWait;
  while (!done->load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::uint64_t max_over_ranks(Backend& backend, std::uint64_t value) {
  double largest = static_cast<double>(value);
  backend.host_allreduce(&largest, 1, ReduceOp::max);
  return static_cast<std::uint64_t>(largest);
}

// Runs on the watchdog thread: every rank says what it was waiting for, rank 0 records the
// interruption in the report, and the process ends without returning to the blocked call.
[[noreturn]] void end_run_early(const WatchdogAlarm& alarm, int rank, const std::string& host, double timeout_s,
                                const ProgressMonitor& monitor, Printer& printers, Backend* measured) {
  const RunInterruption interruption = describe_interruption(alarm, rank, host, timeout_s);
  // One write, so that the launcher does not interleave it with other ranks' lines.
  const std::string line = "commbench: " + interruption.outcome.failure + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
  if (rank == 0) {
    // After a signal the main thread still runs and may print a case meanwhile: the rows to
    // record come from a snapshot that printing cannot fall between.
    monitor.with_snapshot([&](const ProgressSnapshot& now) {
      WatchdogAlarm current = alarm;
      current.progress = now;
      try {
        printers.run_interrupted(describe_interruption(current, rank, host, timeout_s));
      } catch (const std::exception& error) {
        std::cerr << "commbench: error: cannot write the report: " << error.what() << std::endl;
      }
    });
    abort_in_flight_within_limit(measured);
  } else {
    abort_in_flight_within_limit(measured);
    std::this_thread::sleep_for(kExitGrace);
  }
  std::cout.flush();
  std::fflush(nullptr);
  std::_Exit(interruption_exit_code(alarm));
}

// The measurement, once every rank has agreed on the configuration. world carries the
// run's own agreement (host map, report status); measured is what the sweep measures.
// model is rank 0's (the others print nothing), when the run has --fabric.
int measure(Backend& world, Backend& measured, const std::optional<DeviceMeta>& devices, ProgressMonitor& monitor,
            PrinterMultiplex& printers, const Config& config, const std::vector<std::string>& argv,
            const std::string& host, ModelComparison* model) {
  if (world.rank() == 0) {
    printers.add(std::make_unique<TablePrinter>(std::cout));
    if (!config.report_path.empty()) printers.add(std::make_unique<JsonPrinter>(config.report_path));
  }

  RunReport report;
  try {
    const HostMap hosts = gather_host_map(world);
    report.meta = describe_run(hosts, measured, devices, argv);
    report.config = config_to_json(config);
    printers.run_started(report.meta, report.config);
    report.results = run_sweep(measured, config, hosts.host_of_rank, model, printers, monitor);
    report.meta.end_time = utc_timestamp();
    report.meta.peak_rss_bytes = max_over_ranks(world, peak_resident_bytes());
  } catch (const std::exception& error) {
    // An error outside any case (a transport that failed between cases): record it, then
    // let main abort the job, since other ranks may be blocked in a collective.
    if (world.rank() == 0) {
      RunInterruption interruption;
      interruption.outcome = {RunStatus::partial, "error", "rank 0 on " + host + " " + failure_words(error)};
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
  if (model != nullptr) report.model = model->report(report.results);

  int report_failed = 0;
  try {
    printers.run_finished(report);
  } catch (const std::exception& error) {
    std::cerr << "commbench: error: cannot write the report: " << error.what() << std::endl;
    report_failed = 1;
  }
  world.broadcast(&report_failed, &report_failed, 1, Dtype::int32, {0});
  if (report_failed) return kExitRuntimeError;
  if (world.rank() == 0 && !config.report_path.empty()) {
    std::cout << "# Report written to " << config.report_path << std::endl;
  }
  const bool measurement_failed = report.summary.wrong_total > 0 || report.summary.failed_cases > 0;
  return measurement_failed ? kExitMeasurementFailure : kExitOk;
}

// Every rank learns whether rank 0 found a problem (non-empty on rank 0 only), and rank 0 says
// it: for what rank 0 alone checks (the report path, the fabric), so that all ranks exit alike.
bool refused_by_rank0(Backend& backend, const std::string& problem) {
  int refused = problem.empty() ? 0 : 1;
  backend.broadcast(&refused, &refused, 1, Dtype::int32, {0});
  if (refused && backend.rank() == 0) std::cerr << "commbench: error: " << problem << std::endl;
  return refused != 0;
}

int run(const std::vector<std::string>& argv) {
  const std::vector<std::string> arguments(argv.begin() + 1, argv.end());
  const std::string command_line = joined(arguments, " ");
  RankStart start;
  start.host = local_hostname();
  start.detail = command_line;
  ParsedCommandLine parsed;
  try {
    parsed = parse_command_line(arguments);
    start.status = parsed.config ? CommandLineStatus::accepted : CommandLineStatus::informational;
  } catch (const UsageError& error) {
    start.status = CommandLineStatus::refused;
    start.detail = error.what();
  }
  start.config_digest = stable_digest(parsed.config ? config_to_json(*parsed.config).dump() : command_line);

  // Every operation from here on is watched, the start check included. Until the ranks
  // have agreed, a rank whose command line was refused watches with the default timeout.
  ProgressMonitor monitor;
  TrackedBackend backend(MpiBackend::world(), monitor);
  PrinterMultiplex printers;  // rank 0's get added once the run is agreed
  // The GPU backend, once opened; declared before the watchdog, which may abort it, so that
  // it outlives the watchdog's thread.
  std::unique_ptr<Backend> gpu_backend;
  std::atomic<Backend*> abort_target{nullptr};
  const double timeout_s = parsed.config ? parsed.config->timeout_s : Config{}.timeout_s;
  const Watchdog watchdog(monitor, timeout_s, [&](const WatchdogAlarm& alarm) {
    end_run_early(alarm, backend.rank(), start.host, timeout_s, monitor, printers, abort_target.load());
  });

  start.build = build_identity(backend.library_version()) +
                (parsed.config && !parsed.config->inject_build_label.empty()
                     ? " [" + parsed.config->inject_build_label + "]" : "");
  start.build_digest = stable_digest(start.build);
  const std::string disagreement = agree_on_start(backend, start);
  const bool rank0 = backend.rank() == 0;
  if (!disagreement.empty()) {
    if (rank0) std::cerr << "commbench: error: " << disagreement << std::endl;
    return kExitUsageError;
  }
  if (!parsed.config) {
    if (rank0) std::cout << parsed.message;
    return kExitOk;
  }
  Config config = *parsed.config;
  try {
    apply_world_size(config, backend.size());
  } catch (const UsageError& error) {
    if (rank0) std::cerr << "commbench: error: " << error.what() << std::endl;
    return kExitUsageError;
  }
  // Rank 0 writes the outputs, so its file system decides, and every rank follows its verdict
  // (a rank on another host may see a different directory, or none): first that no output
  // would overwrite an input, then that the report can be written.
  {
    std::optional<std::string> problem;
    if (rank0) problem = output_over_input_problem(config);
    if (rank0 && !problem && !config.report_path.empty()) problem = report_path_problem(config.report_path);
    if (refused_by_rank0(backend, problem ? UsageError(*problem).what() : "")) return kExitUsageError;
  }
  // The fabric of --fabric, likewise read by rank 0, which alone compares and prints.
  std::optional<ModelComparison> model;
  if (!config.model.fabric.empty()) {
    std::string problem;
    if (rank0) {
      try {
        model.emplace(load_model_fabric(config.model.fabric), config.model);
      } catch (const UsageError& error) {
        problem = error.what();
      }
    }
    if (refused_by_rank0(backend, problem)) return kExitUsageError;
  }
  if (config.command == kTopologyCommand) return run_topology(backend, config, argv);
  if (config.command == kFabricCommand) return run_fabric(backend, config);
  if (config.command == kFitCommand) return run_fit(backend, config);
  if (config.command == kReportCommand) return run_report(backend, config);
  if (config.command == kCompareCommand) return run_compare(backend, config);
  if (config.command == kGateCommand) return run_gate(backend, config);
  if (config.command == kLinkcheckCommand) return run_linkcheck(backend, config, argv, printers);
  if (config.command == kPlanCommand) return run_plan(backend, config, argv, model ? &model->fabric() : nullptr);
  if (config.command == kPredictCommand) {
    return run_predict(backend, config, argv, model ? &model->fabric() : nullptr);
  }
  MeasuredBackend measured;
  try {
    measured = open_measured_backend(config, backend, monitor);
  } catch (const UsageError& error) {
    if (rank0) std::cerr << "commbench: error: " << error.what() << std::endl;
    return kExitUsageError;
  }
  if (measured.gpu_backend) {
    gpu_backend = std::make_unique<TrackedBackend>(std::move(measured.gpu_backend), monitor);
    abort_target.store(gpu_backend.get());
  }
  if (config.command == kGradsyncCommand) {
    return run_gradsync(backend, gpu_backend ? *gpu_backend : backend, measured.devices, config, argv, printers,
                        model ? &model->fabric() : nullptr);
  }
  if (config.command == kScalingCommand) {
    return run_scaling(backend, gpu_backend ? *gpu_backend : backend, measured.devices, config, argv, printers,
                       model ? &model->fabric() : nullptr);
  }
  if (config.command == kPipelineCommand) {
    return run_pipeline(backend, gpu_backend ? *gpu_backend : backend, measured.devices, config, argv, printers,
                        model ? &model->fabric() : nullptr);
  }
  return measure(backend, gpu_backend ? *gpu_backend : backend, measured.devices, monitor, printers, config, argv,
                 start.host, model ? &*model : nullptr);
}

}  // namespace
}  // namespace commbench

int main(int argc, char** argv) {
  // Before MPI starts any thread, so that only the watchdog ever takes these signals.
  commbench::Watchdog::block_termination_signals();
  commbench::MpiSession mpi(argc, argv);
  const int world_rank = mpi.world_rank();
  // So that running out of memory unwinds to the exit-3 line below rather than std::terminate.
  commbench::reserve_memory_for_failures(128u << 20);
  try {
    return commbench::run(std::vector<std::string>(argv, argv + argc));
  } catch (const std::exception& error) {
    // An error not recorded in a case, said in words a user can act on (what ran out of
    // memory, how much, what to change: collectives/backend/memory_demand.hpp). One write, so that
    // the launcher does not interleave it with other ranks' lines.
    commbench::write_failure_line(world_rank, error);
    // When every rank failed (a size no host can allocate), they all end here: they agree,
    // finalize and exit with 3, without the launcher's abort banner. A rank that failed
    // alone may have others blocked in a collective waiting for it: then abort the job
    // rather than leave it hanging.
    if (mpi.every_rank_failed_within(commbench::kFailureAgreementWait)) return commbench::kExitRuntimeError;
    MPI_Abort(MPI_COMM_WORLD, commbench::kExitRuntimeError);
    return commbench::kExitRuntimeError;
  }
}
