#pragma once
// `commbench predict COLLECTIVE|all --fabric F`: the collective table from the cost models alone
// (bench/commands/predict/prediction_sweep.hpp), for a fabric that need not exist: what a sweep would show on it,
// and which algorithm and protocol the model assumes. Nothing is measured: it runs as an MPI
// singleton without mpirun; under mpirun rank 0 works and every rank leaves with its exit code.
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "collectives/backend/backend.hpp"
#include "topology/fabric/fabric.hpp"

namespace commbench {

// Collective over world; fabric is rank 0's --fabric (null elsewhere). Returns the exit code,
// the same on every rank: 0, 2 for an option the fabric's model family refuses, 3 when the
// report cannot be written.
int run_predict(Backend& world, const Config& config, const std::vector<std::string>& argv, const Fabric* fabric);

}  // namespace commbench
