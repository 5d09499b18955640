#pragma once
// The readable form of a TopologyDescription, for rank 0's console: per host its ranks, CPU,
// NUMA nodes, GPUs, the GPU link matrix in nvidia-smi's notation, network devices, then
// every rank's CPU binding. Anything absent is printed as "absent (reason)".
#include <string>

#include "topology/discovery/topology_description.hpp"

namespace commbench {

std::string topology_summary_text(const TopologyDescription& topology);

}  // namespace commbench
