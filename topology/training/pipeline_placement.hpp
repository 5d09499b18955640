#pragma once
// Which rank runs each stage of each pipeline. Pure.
//   consecutive:  stage s of pipeline k is rank k S + s: when ranks are packed by host,
//                 adjacent stages share a host (transfers stay inside it).
//   across-hosts: ranks are taken one per host in turn (local rank 0 of every host, then
//                 local rank 1, ...), so adjacent stages sit on different hosts whenever there
//                 are several; on one host it is the same as consecutive.
#include <string>
#include <vector>

#include "topology/discovery/host_map.hpp"

namespace commbench {

inline constexpr const char* kConsecutivePlacement = "consecutive";
inline constexpr const char* kAcrossHostsPlacement = "across-hosts";

// [pipeline][stage] -> rank, for hosts.host_of_rank.size() ranks, a multiple of stages.
std::vector<std::vector<int>> place_pipeline_stages(const HostMap& hosts, int stages, const std::string& policy);

}  // namespace commbench
