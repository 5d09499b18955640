#include "sweep.hpp"

#include <optional>

#include "case_runner.hpp"
#include "size_parse.hpp"

namespace commbench {

std::vector<Result> run_sweep(Backend& backend, const Config& config, Printer& printer) {
  const std::vector<std::uint64_t> sizes =
      sweep_sizes(config.min_bytes, config.max_bytes, config.step_factor, config.step_bytes);
  // Every case's input and output fit in max_bytes (message_bytes never exceeds the
  // requested size), so two buffers of the largest size serve the whole sweep, and one when
  // only in-place cases run (they keep input and output in the receive buffer).
  const auto send = backend.allocate(config.out_of_place ? config.max_bytes : 0);
  const auto recv = backend.allocate(config.max_bytes);
  const SweepBuffers buffers{*send, *recv};

  std::vector<Result> results;
  for (const CollectiveSpec* spec : config.collectives) {
    printer.collective_started(std::string(spec->name()));
    std::vector<std::optional<ReduceOp>> ops{std::nullopt};
    if (spec->uses_op()) ops.assign(config.ops.begin(), config.ops.end());
    const std::vector<int> roots = spec->uses_root() ? config.roots : std::vector<int>{-1};
    for (Dtype dtype : config.dtypes) {
      for (const auto& op : ops) {
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
              placements.push_back(run_case(backend, buffers, {spec, dtype, op, root, size, in_place}, config));
            }
            printer.case_finished(placements);
            results.insert(results.end(), placements.begin(), placements.end());
          }
        }
      }
    }
  }
  return results;
}

}  // namespace commbench
