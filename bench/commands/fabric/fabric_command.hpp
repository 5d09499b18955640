#pragma once
// `commbench fabric`: with --preset or --fabric, describes that fabric (resized with
// --nodes) and writes it; otherwise measures the fabric the ranks run on: point-to-point
// latency and bandwidth within a host and across hosts, fitted per tier, written as a Fabric
// (docs/FABRIC.md) with the uncertainty of each figure.
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "collectives/backend/backend.hpp"

namespace commbench {

// Collective over world; every rank returns the same exit code.
int run_fabric(Backend& world, const Config& config);

}  // namespace commbench
