#pragma once
// `commbench plan`: the scaling analysis of a workload on a fabric that need not exist, from
// the cost models alone (topology/scaling/scaling_analysis.hpp), for capacity planning; with
// --compare-fabric, two fabrics side by side and which one moves the break-even further.
// Rank 0 analyses, prints and writes the report (-J); it runs without mpirun as well.
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "collectives/backend/backend.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

// Collective over world; fabric is rank 0's --fabric (null elsewhere). Returns the exit
// code, the same on every rank: 0, or 2 for a workload or option the analysis refuses.
int run_plan(Backend& world, const Config& config, const std::vector<std::string>& argv, const Fabric* fabric);

}  // namespace commbench
