// commbench: parses the command line, runs the sweep over the MPI backend, prints the table
// on rank 0 and writes the JSON report. Exit codes: bench/exit_codes.hpp.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "build_config.hpp"
#include "cli.hpp"
#include "exit_codes.hpp"
#include "git_revision.hpp"
#include "host_map.hpp"
#include "json_printer.hpp"
#include "mpi_backend.hpp"
#include "mpi_session.hpp"
#include "report_path.hpp"
#include "run_environment.hpp"
#include "sweep.hpp"
#include "table_printer.hpp"
#include "usage_error.hpp"

namespace commbench {
namespace {

RunMeta describe_run(Backend& backend, const std::vector<std::string>& argv) {
  RunMeta meta;
  meta.version = kVersion;
  meta.git_revision = kGitRevision;
  meta.argv = argv;
  meta.start_time = utc_timestamp();
  meta.backend = backend.name();
  meta.library_version = backend.library_version();
  meta.world_size = backend.size();
  for (const HostRanks& host : gather_host_map(backend).hosts) meta.hosts.push_back({host.name, host.identity, host.ranks});
  meta.environment = captured_environment();
  return meta;
}

std::uint64_t max_over_ranks(Backend& backend, std::uint64_t value) {
  double largest = static_cast<double>(value);
  backend.allreduce(&largest, &largest, 1, Dtype::float64, {ReduceOp::max});
  return static_cast<std::uint64_t>(largest);
}

int run(const std::vector<std::string>& argv, int world_rank) {
  const auto usage_error = [&](const std::string& message) {
    if (world_rank == 0) std::cerr << "commbench: error: " << message << std::endl;
    return kExitUsageError;
  };
  ParsedCommandLine parsed;
  try {
    parsed = parse_command_line(std::vector<std::string>(argv.begin() + 1, argv.end()));
  } catch (const UsageError& error) {
    return usage_error(error.what());
  }
  if (!parsed.config) {
    if (world_rank == 0) std::cout << parsed.message;
    return kExitOk;
  }
  Config config = *parsed.config;
  const auto backend = MpiBackend::world();
  try {
    apply_world_size(config, backend->size());
  } catch (const UsageError& error) {
    return usage_error(error.what());
  }
  // Rank 0 writes the report, so its file system decides, and every rank follows its verdict
  // (a rank on another host may see a different directory, or none).
  if (!config.report_path.empty()) {
    const auto problem = backend->rank() == 0 ? report_path_problem(config.report_path) : std::nullopt;
    int refused = problem ? 1 : 0;
    backend->broadcast(&refused, &refused, 1, Dtype::int32, {0});
    if (refused) return usage_error(problem ? UsageError(*problem).what() : "");
  }

  RunReport report;
  report.meta = describe_run(*backend, argv);
  report.config = config_to_json(config);
  PrinterMultiplex printers;
  if (backend->rank() == 0) {
    printers.add(std::make_unique<TablePrinter>(std::cout));
    if (!config.report_path.empty()) printers.add(std::make_unique<JsonPrinter>(config.report_path));
  }
  printers.run_started(report.meta, report.config);
  report.results = run_sweep(*backend, config, printers);
  report.meta.end_time = utc_timestamp();
  report.meta.peak_rss_bytes = max_over_ranks(*backend, peak_resident_bytes());
  report.summary = summarize_results(report.results, config.avg_min_bytes);

  int report_failed = 0;
  try {
    printers.run_finished(report);
  } catch (const std::exception& error) {
    std::cerr << "commbench: error: cannot write the report: " << error.what() << std::endl;
    report_failed = 1;
  }
  backend->broadcast(&report_failed, &report_failed, 1, Dtype::int32, {0});
  if (report_failed) return kExitRuntimeError;
  if (backend->rank() == 0 && !config.report_path.empty()) {
    std::cout << "# Report written to " << config.report_path << std::endl;
  }
  const bool measurement_failed = report.summary.wrong_total > 0 || report.summary.failed_cases > 0;
  return measurement_failed ? kExitMeasurementFailure : kExitOk;
}

}  // namespace
}  // namespace commbench

int main(int argc, char** argv) {
  commbench::MpiSession mpi(argc, argv);
  const int world_rank = mpi.world_rank();
  try {
    return commbench::run(std::vector<std::string>(argv, argv + argc), world_rank);
  } catch (const std::exception& error) {
    // An error not recorded in a case: other ranks may be waiting in a collective, so
    // abort the whole job rather than leave it hanging.
    std::cerr << "commbench: internal error on rank " << world_rank << ": " << error.what() << std::endl;
    MPI_Abort(MPI_COMM_WORLD, commbench::kExitRuntimeError);
    return commbench::kExitRuntimeError;
  }
}
