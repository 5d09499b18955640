#include "bench/sweep/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <thread>

#include <unistd.h>

#include "bench/run/progress_display.hpp"
#include "bench/run/size_parse.hpp"
#include "bench/sweep/case_runner.hpp"
#include "collectives/backend/memory_demand.hpp"
#include "reports/format/number_text.hpp"

namespace commbench {
namespace {

// Test-only (--inject-stall): this rank stops responding, as a rank stuck in a driver call
// would. The stall counts as a call in flight, so this rank's own watchdog fires too.
[[noreturn]] void stall_forever(ProgressMonitor& monitor, const Backend& backend) {
  monitor.call_started({"injected stall (--inject-stall, test-only)", 0, kNoPeer, backend.rank(), backend.size()});
  while (true) std::this_thread::sleep_for(std::chrono::hours(1));
}

// The algorithms of --algo that spec has, in --algo's order.
std::vector<std::string> algorithms_of(const CollectiveSpec& spec, const Config& config) {
  const std::vector<std::string> own = explicit_algorithms(spec.name());
  std::vector<std::string> chosen;
  for (const std::string& algorithm : config.algorithms) {
    if (algorithm == kNativeAlgorithm || std::find(own.begin(), own.end(), algorithm) != own.end()) {
      chosen.push_back(algorithm);
    }
  }
  return chosen;
}

bool any_explicit_algorithm(const Config& config) {
  return std::any_of(config.algorithms.begin(), config.algorithms.end(),
                     [](const std::string& algorithm) { return algorithm != kNativeAlgorithm; });
}

// One size of one collective, algorithm, dtype, op and root: its placements run one after the
// other and reach the printers together.
struct SizeGroup {
  const CollectiveSpec* spec;
  std::string algorithm;
  Dtype dtype;
  std::optional<ReduceOp> op;
  int root;
  std::uint64_t size;   // as requested
  std::size_t bytes;    // the message that size gives with this many ranks
};

// Every group of the sweep, in the order they run; the same on every rank. Planned ahead so
// that the progress display knows how much is left.
std::vector<SizeGroup> plan_sweep(const Config& config, int ranks, const std::vector<std::uint64_t>& sizes) {
  std::vector<SizeGroup> groups;
  for (const CollectiveSpec* spec : config.collectives) {
    std::vector<std::optional<ReduceOp>> ops{std::nullopt};
    if (spec->uses_op()) ops.assign(config.ops.begin(), config.ops.end());
    const std::vector<int> roots = spec->uses_root() ? config.roots : std::vector<int>{-1};
    for (const std::string& algorithm : algorithms_of(*spec, config)) {
      for (Dtype dtype : config.dtypes) {
        for (const auto& op : ops) {
          for (int root : roots) {
            for (const SweptMessage& message : swept_messages(*spec, sizes, dtype_size(dtype), ranks)) {
              groups.push_back({spec, algorithm, dtype, op, root, message.requested, message.bytes});
            }
          }
        }
      }
    }
  }
  return groups;
}

// What planning the sweep holds, counted without listing it: the sizes from -b to -e, times
// every collective, dtype, op and root (algorithms and placements aside), for the exit-3
// line when the plan cannot be held.
MemoryDemand sweep_plan_demand(const Config& config) {
  double sizes = 1;
  if (config.step_bytes > 0) {
    sizes += std::floor(static_cast<double>(config.max_bytes - std::min(config.min_bytes, config.max_bytes)) /
                        static_cast<double>(config.step_bytes));
  } else if (config.min_bytes > 0 && config.step_factor >= 2 && config.max_bytes > config.min_bytes) {
    sizes += std::floor(std::log(static_cast<double>(config.max_bytes) / static_cast<double>(config.min_bytes)) /
                        std::log(static_cast<double>(config.step_factor)));
  }
  const double cases = sizes * static_cast<double>(std::max<std::size_t>(1, config.collectives.size())) *
                       static_cast<double>(std::max<std::size_t>(1, config.dtypes.size())) *
                       static_cast<double>(std::max<std::size_t>(1, config.ops.size())) *
                       static_cast<double>(std::max<std::size_t>(1, config.roots.size()));
  MemoryDemand demand;
  demand.what = "planning the sweep's " + formatted_number("%.0f", cases) + " cases (" +
                formatted_number("%.0f", sizes) + " sizes from -b " + std::to_string(config.min_bytes) + " to -e " +
                std::to_string(config.max_bytes) +
                (config.step_bytes > 0 ? " by -i " + std::to_string(config.step_bytes)
                                       : " by -f " + std::to_string(config.step_factor)) +
                ")";
  demand.bytes = cases * static_cast<double>(sizeof(SizeGroup) + sizeof(std::uint64_t));
  demand.remedy = "raise -f/--stepfactor or -i/--stepbytes, or narrow -b..-e, so that the sweep plans fewer cases";
  return demand;
}

// What the progress line says a group is: "allreduce float32 sum 1 MiB".
std::string group_text(const SizeGroup& group) {
  std::string text(group.spec->name());
  if (group.algorithm != kNativeAlgorithm) text += " (" + group.algorithm + ")";
  text += " " + std::string(dtype_name(group.dtype));
  if (group.op) text += " " + std::string(reduce_op_name(*group.op));
  if (group.root >= 0) text += " root " + std::to_string(group.root);
  return text + ", " + byte_size_text(static_cast<double>(group.bytes));
}

// The state one sweep carries from case to case.
struct SweepState {
  Backend& backend;
  const Config& config;
  const SweepBuffers buffers;
  AlgorithmWorkspace* workspace;  // null when only native collectives run
  ModelComparison* model;
  Printer& printer;
  ProgressMonitor& monitor;
  std::uint64_t case_number = 0;
  std::vector<Result> results;
};

std::uint64_t placements_per_size(const Config& config) {
  return (config.out_of_place ? 1 : 0) + (config.in_place ? 1 : 0);
}

// Every placement of one group, each a case; the rows are not printed yet.
std::vector<Result> run_group(SweepState& sweep, const SizeGroup& group, const std::optional<std::string>& skip) {
  Backend& backend = sweep.backend;
  const Config& config = sweep.config;
  std::vector<Result> placements;
  for (bool in_place : {false, true}) {
    if (in_place ? !config.in_place : !config.out_of_place) continue;
    const CaseSetup setup{group.spec, group.dtype, group.op, group.root, group.size, in_place, group.algorithm,
                          sweep.workspace};
    sweep.monitor.case_started(describe_case(backend, setup, config));
    ++sweep.case_number;
    if (config.inject_stall && config.inject_stall->rank == backend.rank() &&
        config.inject_stall->case_number == sweep.case_number) {
      stall_forever(sweep.monitor, backend);
    }
    placements.push_back(skip ? skipped_case(backend, setup, config, *skip)
                              : run_case(backend, sweep.buffers, setup, config));
    if (sweep.model != nullptr) sweep.model->annotate(placements.back());
    sweep.monitor.case_finished(placements.back());
  }
  return placements;
}

void report_rows(SweepState& sweep, const std::vector<Result>& placements) {
  sweep.monitor.rows_reported([&] { sweep.printer.case_finished(placements); });
  sweep.results.insert(sweep.results.end(), placements.begin(), placements.end());
}

}  // namespace

std::vector<Result> run_sweep(Backend& backend, const Config& config, const std::vector<int>& host_of_rank,
                              ModelComparison* model, Printer& printer, ProgressMonitor& monitor) {
  // Every case's input and output fit in max_bytes (message_bytes never exceeds the
  // requested size), so two buffers of the largest size serve the whole sweep, and one when
  // only in-place cases run (they keep input and output in the receive buffer).
  // Planned first: a plan too large to hold is said before any buffer is allocated.
  const std::vector<SizeGroup> groups = with_memory_demand(sweep_plan_demand(config), [&] {
    return plan_sweep(config, backend.size(),
                      sweep_sizes(config.min_bytes, config.max_bytes, config.step_factor, config.step_bytes));
  });
  const auto send = backend.allocate(config.out_of_place ? config.max_bytes : 0);
  const auto recv = backend.allocate(config.max_bytes);
  // Made once, outside every timed region; only when an explicit algorithm runs.
  std::unique_ptr<AlgorithmWorkspace> workspace;
  if (any_explicit_algorithm(config)) {
    workspace = std::make_unique<AlgorithmWorkspace>(backend, config.max_bytes, host_of_rank);
  }
  SweepState sweep{backend, config, SweepBuffers{*send, *recv}, workspace.get(), model, printer, monitor, 0, {}};
  const std::uint64_t placements = placements_per_size(config);
  std::uint64_t total_work = 0;
  for (const SizeGroup& group : groups) total_work += placements * case_work(group.bytes);
  const bool terminal = isatty(STDERR_FILENO) == 1;
  ProgressDisplay progress(progress_shown(config.progress, backend.rank(), terminal), terminal,
                           placements * groups.size(), total_work);
  const SizeGroup* previous = nullptr;
  std::optional<std::string> skip;
  for (const SizeGroup& group : groups) {
    const bool new_collective =
        previous == nullptr || previous->spec != group.spec || previous->algorithm != group.algorithm;
    if (new_collective) {
      const bool native = group.algorithm == kNativeAlgorithm;
      printer.collective_started(std::string(group.spec->name()) + (native ? "" : ", algorithm " + group.algorithm));
    }
    // Whether every rank can run this dtype and op: asked of all ranks (a collective call),
    // once per collective, algorithm, dtype and op, in the same order on every rank.
    if (new_collective || previous->dtype != group.dtype || previous->op != group.op) {
      skip = unsupported_on_any_rank(backend, group.dtype, group.op.has_value());
      const std::string unavailable = group.algorithm == kNativeAlgorithm
                                          ? ""
                                          : algorithm_unavailable(group.spec->name(), group.algorithm, *workspace);
      if (!skip && !unavailable.empty()) skip = unavailable;
    }
    progress.starting(group_text(group));
    const std::vector<Result> rows = run_group(sweep, group, skip);
    // The progress line is cleared before the table prints the rows (both may be one terminal).
    progress.finished(placements, placements * case_work(group.bytes));
    report_rows(sweep, rows);
    previous = &group;
  }
  return std::move(sweep.results);
}

}  // namespace commbench
