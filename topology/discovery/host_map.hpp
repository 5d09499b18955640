#pragma once
// Which ranks share a host. A host is identified by hostname plus boot id (as nccl-tests
// does), so two machines that report the same hostname are still told apart.
#include <string>
#include <vector>

#include "collectives/backend/backend.hpp"

namespace commbench {

struct HostRanks {
  std::string name;
  std::string identity;
  std::vector<int> ranks;  // in rank order
};

struct HostMap {
  std::vector<HostRanks> hosts;  // in order of each host's lowest rank
  std::vector<int> host_of_rank;
  std::vector<int> local_rank;  // position of the rank among the ranks of its host
};

// This process's host name and identity ("hostname:boot-id").
std::string local_hostname();
std::string local_host_identity();

// Builds the map from every rank's (name, identity) pair, indexed by rank.
HostMap build_host_map(const std::vector<std::string>& names, const std::vector<std::string>& identities);

// Collective over the backend: every rank calls it and gets the same map.
HostMap gather_host_map(Backend& backend);

}  // namespace commbench
