#include "sweep.hpp"

#include <chrono>
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

}  // namespace

std::vector<Result> run_sweep(Backend& backend, const Config& config, Printer& printer, ProgressMonitor& monitor) {
  const std::vector<std::uint64_t> sizes =
      sweep_sizes(config.min_bytes, config.max_bytes, config.step_factor, config.step_bytes);
  // Every case's input and output fit in max_bytes (message_bytes never exceeds the
  // requested size), so two buffers of the largest size serve the whole sweep, and one when
  // only in-place cases run (they keep input and output in the receive buffer).
  const auto send = backend.allocate(config.out_of_place ? config.max_bytes : 0);
  const auto recv = backend.allocate(config.max_bytes);
  const SweepBuffers buffers{*send, *recv};

  std::vector<Result> results;
  std::uint64_t case_number = 0;
  for (const CollectiveSpec* spec : config.collectives) {
    printer.collective_started(std::string(spec->name()));
    std::vector<std::optional<ReduceOp>> ops{std::nullopt};
    if (spec->uses_op()) ops.assign(config.ops.begin(), config.ops.end());
    const std::vector<int> roots = spec->uses_root() ? config.roots : std::vector<int>{-1};
    for (Dtype dtype : config.dtypes) {
      for (const auto& op : ops) {
        const std::optional<std::string> skip = unsupported_on_any_rank(backend, dtype, op.has_value());
        for (int root : roots) {
          std::optional<std::size_t> previous_bytes;
          for (std::uint64_t size : sizes) {
            // Rounding per-rank blocks can map neighbouring requested sizes onto the same
            // message (e.g. 8 B and 32 B all-gathered by 4 ranks are both 0 B): measure it once.
            const std::size_t element_size = dtype_size(dtype);
            const std::size_t bytes = message_bytes(spec->counts(size, element_size, backend.size()), element_size);
            if (previous_bytes == bytes) continue;
            previous_bytes = bytes;
            std::vector<Result> placements;
            for (bool in_place : {false, true}) {
              if (in_place ? !config.in_place : !config.out_of_place) continue;
              const CaseSetup setup{spec, dtype, op, root, size, in_place};
              monitor.case_started(describe_case(backend, setup, config));
              ++case_number;
              if (config.inject_stall && config.inject_stall->rank == backend.rank() &&
                  config.inject_stall->case_number == case_number) {
                stall_forever(monitor, backend);
              }
              placements.push_back(skip ? skipped_case(backend, setup, config, *skip)
                                        : run_case(backend, buffers, setup, config));
              monitor.case_finished(placements.back());
            }
            monitor.rows_reported([&] { printer.case_finished(placements); });
            results.insert(results.end(), placements.begin(), placements.end());
          }
        }
      }
    }
  }
  return results;
}

}  // namespace commbench
