#pragma once
// One command of commbench as the command table lists it (bench/app/command_table.cpp): its
// name and help, its flags, whether it needs the ranks together, and how it runs. A command
// lives in its folder (bench/commands/NAME/, the collective sweep in bench/sweep/); adding one
// is that folder and one row of the table.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "bench/run/progress_monitor.hpp"
#include "collectives/backend/backend.hpp"
#include "reports/console/printer.hpp"
#include "reports/model/result.hpp"
#include "topology/fabric/fabric.hpp"

namespace CLI {
class App;
}

namespace commbench {

// The command's flags, once CLI11 has parsed them, turned into the run's settings. Throws
// UsageError with one line naming the flag. Pure: every rank reaches the same verdict.
using SettingsFromFlags = std::function<Config(const CLI::App& parsed)>;

// What a command that needs the ranks together (MPI) is given. Every rank runs it.
struct ClusterRun {
  const Config& config;
  const std::vector<std::string>& argv;
  Backend& world;     // every rank of the run: agreement, gathers, idle waits
  Backend& measured;  // what the command measures: world, or a GPU backend over the same ranks
  const std::optional<DeviceMeta>& devices;  // measured's GPUs, when it has any
  ProgressMonitor& monitor;
  // Rank 0 adds its report file here, through which the watchdog records an early end.
  PrinterMultiplex& printers;
  const std::string& host;  // this rank's host name
  const Fabric* fabric;     // --fabric as rank 0 read it; null on the other ranks and without one
};

// What a command that needs no cluster is given: rank 0's work, which talks to no other rank.
// Launched alone it runs without MPI; launched as several ranks, rank 0 runs it and every rank
// leaves with its exit code (bench/run/rank_zero_work.hpp).
struct RankZeroRun {
  const Config& config;
  const std::vector<std::string>& argv;
  const RunMeta& meta;   // the run as a report's meta block describes it (start time, hosts, ...)
  const Fabric* fabric;  // --fabric as read before the command started, or null without one
};

struct Command {
  std::string name;
  std::string help;  // the line `commbench --help` shows
  // Adds the command's flags to its CLI11 subcommand; what it returns reads them once parsed.
  SettingsFromFlags (*add_flags)(CLI::App& command);
  // Whether this run needs MPI, decided from its settings (fabric measures, or describes a
  // fabric given on the command line). When it does, on_cluster runs on every rank; when it
  // does not, on_rank_zero runs on rank 0.
  bool (*needs_cluster)(const Config& config);
  int (*on_cluster)(ClusterRun& run);
  int (*on_rank_zero)(const RankZeroRun& run);
};

}  // namespace commbench
