#include "bench/workload/shared_workload.hpp"

#include "collectives/backend/memory_demand.hpp"
#include "reports/format/escaped_text.hpp"
#include "topology/workload/workload_json.hpp"
#include "topology/workload/workload_presets.hpp"

namespace commbench {

Workload read_workload(const std::string& name) {
  return with_memory_demand(
      {"reading workload " + one_line_text(name) + " (its layers, up to " + std::to_string(kMaxWorkloadLayersCount) +
           ")",
       std::nullopt, "give the workload fewer layers (layers_count, or a layers array of whole blocks)"},
      [&name] { return load_workload(name); });
}

std::pair<std::optional<Workload>, std::string> shared_workload(Backend& world, const std::string& name) {
  std::string text;
  std::string problem;
  std::optional<Workload> loaded;  // rank 0's, which it keeps rather than reading its own text back
  if (world.rank() == 0) {
    try {
      loaded = read_workload(name);
      // Alone, nobody needs the text: 10^6 layers as JSON cost seconds.
      if (world.size() > 1) text = workload_json(*loaded).dump();
    } catch (const WorkloadError& error) {
      problem = error.what();
    }
  }
  const std::string& shared = problem.empty() ? text : problem;
  std::uint64_t sizes[2] = {problem.empty() ? 0u : 1u, shared.size()};
  world.broadcast(sizes, sizes, 2, Dtype::uint64, {0});
  std::string received(sizes[1], '\0');
  if (world.rank() == 0) received = shared;
  world.broadcast(received.data(), received.data(), received.size(), Dtype::uint8, {0});
  if (sizes[0] != 0) return {std::nullopt, received};
  if (loaded) return {std::move(loaded), ""};
  return {parse_workload(received, name), ""};
}

}  // namespace commbench
