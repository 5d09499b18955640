#include "sweep.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "case_runner.hpp"
#include "size_parse.hpp"

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

// The state one sweep carries from case to case.
struct SweepState {
  Backend& backend;
  const Config& config;
  const SweepBuffers buffers;
  AlgorithmWorkspace* workspace;  // null when only native collectives run
  ModelComparison* model;
  Printer& printer;
  ProgressMonitor& monitor;
  std::vector<std::uint64_t> sizes;
  std::uint64_t case_number = 0;
  std::vector<Result> results;
};

// Every dtype, op, root, size and placement of one collective with one algorithm.
void sweep_collective(SweepState& sweep, const CollectiveSpec* spec, const std::string& algorithm) {
  Backend& backend = sweep.backend;
  const Config& config = sweep.config;
  const bool native = algorithm == kNativeAlgorithm;
  sweep.printer.collective_started(std::string(spec->name()) + (native ? "" : ", algorithm " + algorithm));
  const std::string unavailable = native ? "" : algorithm_unavailable(spec->name(), algorithm, *sweep.workspace);
  std::vector<std::optional<ReduceOp>> ops{std::nullopt};
  if (spec->uses_op()) ops.assign(config.ops.begin(), config.ops.end());
  const std::vector<int> roots = spec->uses_root() ? config.roots : std::vector<int>{-1};
  for (Dtype dtype : config.dtypes) {
    for (const auto& op : ops) {
      std::optional<std::string> skip = unsupported_on_any_rank(backend, dtype, op.has_value());
      if (!skip && !unavailable.empty()) skip = unavailable;
      for (int root : roots) {
        std::optional<std::size_t> previous_bytes;
        for (std::uint64_t size : sweep.sizes) {
          // Rounding per-rank blocks can map neighbouring requested sizes onto the same
          // message (e.g. 8 B and 32 B all-gathered by 4 ranks are both 0 B): measure it once.
          const std::size_t element_size = dtype_size(dtype);
          const std::size_t bytes = message_bytes(spec->counts(size, element_size, backend.size()), element_size);
          if (previous_bytes == bytes) continue;
          previous_bytes = bytes;
          std::vector<Result> placements;
          for (bool in_place : {false, true}) {
            if (in_place ? !config.in_place : !config.out_of_place) continue;
            const CaseSetup setup{spec, dtype, op, root, size, in_place, algorithm, sweep.workspace};
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
          sweep.monitor.rows_reported([&] { sweep.printer.case_finished(placements); });
          sweep.results.insert(sweep.results.end(), placements.begin(), placements.end());
        }
      }
    }
  }
}

}  // namespace

std::vector<Result> run_sweep(Backend& backend, const Config& config, const std::vector<int>& host_of_rank,
                              ModelComparison* model, Printer& printer, ProgressMonitor& monitor) {
  // Every case's input and output fit in max_bytes (message_bytes never exceeds the
  // requested size), so two buffers of the largest size serve the whole sweep, and one when
  // only in-place cases run (they keep input and output in the receive buffer).
  const auto send = backend.allocate(config.out_of_place ? config.max_bytes : 0);
  const auto recv = backend.allocate(config.max_bytes);
  // Made once, outside every timed region; only when an explicit algorithm runs.
  std::unique_ptr<AlgorithmWorkspace> workspace;
  if (any_explicit_algorithm(config)) {
    workspace = std::make_unique<AlgorithmWorkspace>(backend, config.max_bytes, host_of_rank);
  }
  SweepState sweep{backend, config, SweepBuffers{*send, *recv}, workspace.get(), model, printer, monitor,
                   sweep_sizes(config.min_bytes, config.max_bytes, config.step_factor, config.step_bytes), 0, {}};
  for (const CollectiveSpec* spec : config.collectives) {
    for (const std::string& algorithm : algorithms_of(*spec, config)) sweep_collective(sweep, spec, algorithm);
  }
  return std::move(sweep.results);
}

}  // namespace commbench
