#pragma once
// The report's meta block for a run: version, argv, times, backend, hosts, environment.
#include <optional>
#include <string>
#include <vector>

#include "collectives/backend/backend.hpp"
#include "reports/model/result.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {

// hosts: where every rank of the run is (gather_host_map). measured is the backend the run
// measures (the world backend, or a GPU backend); devices its GPUs when it has any.
RunMeta describe_run(const HostMap& hosts, const Backend& measured, const std::optional<DeviceMeta>& devices,
                     const std::vector<std::string>& argv);

// The meta block of a process that runs alone, without MPI: this host, one rank, and the MPI
// library as a run of one rank records it.
RunMeta describe_lone_run(const std::vector<std::string>& argv);

}  // namespace commbench
