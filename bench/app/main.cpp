// commbench: parses the command line and runs the command it names (bench/app/command_table.cpp)
// under the watchdog: on every rank once they agree on it, or, for a command that needs no
// cluster, on rank 0, without MPI when it was launched alone. Exit codes: bench/run/exit_codes.hpp.
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

#include "bench/app/cli.hpp"
#include "bench/app/command_table.hpp"
#include "bench/measure/model_comparison.hpp"
#include "bench/run/build_identity.hpp"
#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/launch_environment.hpp"
#include "bench/run/measured_backend.hpp"
#include "bench/run/mpi_session.hpp"
#include "bench/run/output_over_input.hpp"
#include "bench/run/progress_monitor.hpp"
#include "bench/run/rank_zero_work.hpp"
#include "bench/run/report_path.hpp"
#include "bench/run/run_description.hpp"
#include "bench/run/run_environment.hpp"
#include "bench/run/run_interruption.hpp"
#include "bench/run/start_agreement.hpp"
#include "bench/run/tracked_backend.hpp"
#include "bench/run/usage_error.hpp"
#include "bench/run/watchdog.hpp"
#include "bench/sweep/sweep_flags.hpp"
#include "collectives/backend/memory_demand.hpp"
#include "collectives/mpi/mpi_backend.hpp"
#include "reports/format/text_join.hpp"
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
        say_error("cannot write the report: " + std::string(error.what()));
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

// What rank 0 checks before any command runs: that no output would overwrite an input, that
// the report can be written, and that --fabric can be read (into fabric). Returns the problem.
std::optional<std::string> rank_zero_problem(const Config& config, std::optional<Fabric>& fabric) {
  if (auto problem = output_over_input_problem(config)) return UsageError(*problem).what();
  if (!config.report_path.empty()) {
    if (auto problem = report_path_problem(config.report_path)) return UsageError(*problem).what();
  }
  if (!config.model.fabric.empty()) {
    try {
      fabric = load_model_fabric(config.model.fabric);
    } catch (const UsageError& error) {
      return std::string(error.what());
    }
  }
  return std::nullopt;
}

// A command that needs no cluster, launched alone: this process is rank 0 and starts no MPI.
// It goes through what a run of one rank goes through, in the same order, with the same words.
int run_alone(const Command& command, Config config, const std::vector<std::string>& argv) {
  ProgressMonitor monitor;  // nothing is watched but the signals
  PrinterMultiplex printers;
  const std::string host = local_hostname();
  const Watchdog watchdog(monitor, config.timeout_s, [&](const WatchdogAlarm& alarm) {
    end_run_early(alarm, 0, host, config.timeout_s, monitor, printers, nullptr);
  });
  try {
    apply_world_size(config, 1);
  } catch (const UsageError& error) {
    say_error(error.what());
    return kExitUsageError;
  }
  std::optional<Fabric> fabric;
  if (const auto problem = rank_zero_problem(config, fabric)) {
    say_error(*problem);
    return kExitUsageError;
  }
  const RunMeta meta = describe_lone_run(argv);
  return rank_zero_exit_code([&] { return command.on_rank_zero({config, argv, meta, fabric ? &*fabric : nullptr}); });
}

// The command line as every rank reads it, before MPI starts.
struct ReadCommandLine {
  ParsedCommandLine parsed;
  std::optional<std::string> refusal;  // the usage error, when the command line was refused
};

ReadCommandLine read_command_line(const std::vector<std::string>& argv) {
  ReadCommandLine line;
  try {
    line.parsed = parse_command_line(std::vector<std::string>(argv.begin() + 1, argv.end()));
  } catch (const UsageError& error) {
    line.refusal = error.what();
  }
  return line;
}

// The command that runs alone, without MPI: one that needs no cluster, launched as one rank.
const Command* lone_command(const ReadCommandLine& line) {
  if (!line.parsed.config) return nullptr;
  const Command* command = find_command(line.parsed.config->command);
  if (command->needs_cluster(*line.parsed.config) || launched_rank_count() != 1) return nullptr;
  return command;
}

// Every rank of an MPI run: agrees on the start, then runs the command on every rank or on rank 0.
int run(const std::vector<std::string>& argv, const ReadCommandLine& line) {
  const std::vector<std::string> arguments(argv.begin() + 1, argv.end());
  const std::string command_line = joined(arguments, " ");
  const ParsedCommandLine& parsed = line.parsed;
  RankStart start;
  start.host = local_hostname();
  start.detail = command_line;
  if (line.refusal) {
    start.status = CommandLineStatus::refused;
    start.detail = *line.refusal;
  } else {
    start.status = parsed.config ? CommandLineStatus::accepted : CommandLineStatus::informational;
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
  if (!disagreement.empty()) return usage_error_everywhere(rank0, disagreement);
  if (!parsed.config) {
    if (rank0) std::cout << parsed.message;
    return kExitOk;
  }
  Config config = *parsed.config;
  try {
    apply_world_size(config, backend.size());
  } catch (const UsageError& error) {
    return usage_error_everywhere(rank0, error.what());
  }
  // Rank 0 writes the outputs and reads --fabric, so its file system decides, and every rank
  // follows its verdict (a rank on another host may see a different directory, or none).
  std::optional<Fabric> fabric;
  const int checked = run_on_rank_zero(backend, [&] {
    const std::optional<std::string> problem = rank_zero_problem(config, fabric);
    if (problem) say_error(*problem);
    return problem ? kExitUsageError : kExitOk;
  });
  if (checked != kExitOk) return checked;
  const Fabric* rank0_fabric = fabric ? &*fabric : nullptr;
  const Command& command = *find_command(config.command);
  if (!command.needs_cluster(config)) {
    const HostMap hosts = gather_host_map(backend);
    const RunMeta meta = describe_run(hosts, backend, std::nullopt, argv);
    return run_on_rank_zero(backend, [&] { return command.on_rank_zero({config, argv, meta, rank0_fabric}); });
  }
  MeasuredBackend measured;
  try {
    measured = open_measured_backend(config, backend, monitor);
  } catch (const UsageError& error) {
    return usage_error_everywhere(rank0, error.what());
  }
  if (measured.gpu_backend) {
    gpu_backend = std::make_unique<TrackedBackend>(std::move(measured.gpu_backend), monitor);
    abort_target.store(gpu_backend.get());
  }
  ClusterRun run{config,  argv,     backend, gpu_backend ? *gpu_backend : backend, measured.devices,
                 monitor, printers, start.host, rank0_fabric};
  return command.on_cluster(run);
}

}  // namespace
}  // namespace commbench

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv, argv + argc);
  // Before MPI starts any thread, so that only the watchdog ever takes these signals.
  commbench::Watchdog::block_termination_signals();
  // So that running out of memory unwinds to the exit-3 lines below rather than std::terminate.
  commbench::reserve_memory_for_failures(128u << 20);
  const commbench::ReadCommandLine line = commbench::read_command_line(arguments);
  if (const commbench::Command* command = commbench::lone_command(line)) {
    try {
      return commbench::run_alone(*command, *line.parsed.config, arguments);
    } catch (const std::exception& error) {
      commbench::write_failure_line(0, error);
      return commbench::kExitRuntimeError;
    }
  }
  commbench::MpiSession mpi(argc, argv);
  const int world_rank = mpi.world_rank();
  try {
    return commbench::run(arguments, line);
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
