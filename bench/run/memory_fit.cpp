#include "bench/run/memory_fit.hpp"

#include <cmath>
#include <limits>

namespace commbench {

std::optional<double> memory_shortfall(Backend& world, const Backend& measured, const HostMap& hosts,
                                       std::uint64_t needed) {
  const bool own_device = &measured != &world;
  const auto sharing =
      own_device ? 1.0 : static_cast<double>(hosts.hosts[hosts.host_of_rank[world.rank()]].ranks.size());
  const double share = static_cast<double>(measured.available_memory_bytes()) / sharing;
  // The smallest share over ranks, of those too small (infinity: every rank's fits).
  double shortfall = static_cast<double>(needed) > share ? share : std::numeric_limits<double>::infinity();
  world.host_allreduce(&shortfall, 1, ReduceOp::min);
  if (std::isinf(shortfall)) return std::nullopt;
  return shortfall;
}

const char* memory_place(const Backend& world, const Backend& measured) {
  return &measured != &world ? "in its GPU" : "in its host's memory, shared by the ranks on that host";
}

}  // namespace commbench
