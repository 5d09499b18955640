#include "topology/training/pipeline_placement.hpp"

#include <algorithm>

namespace commbench {

std::vector<std::vector<int>> place_pipeline_stages(const HostMap& hosts, int stages, const std::string& policy) {
  std::vector<int> order;
  if (policy == kAcrossHostsPlacement) {
    std::size_t most = 0;
    for (const HostRanks& host : hosts.hosts) most = std::max(most, host.ranks.size());
    for (std::size_t local = 0; local < most; ++local) {
      for (const HostRanks& host : hosts.hosts) {
        if (local < host.ranks.size()) order.push_back(host.ranks[local]);
      }
    }
  } else {
    for (int rank = 0; rank < static_cast<int>(hosts.host_of_rank.size()); ++rank) order.push_back(rank);
  }
  std::vector<std::vector<int>> ranks(order.size() / static_cast<std::size_t>(stages));
  for (std::size_t index = 0; index < order.size(); ++index) ranks[index / stages].push_back(order[index]);
  return ranks;
}

}  // namespace commbench
