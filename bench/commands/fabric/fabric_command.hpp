#pragma once
// `commbench fabric`: with --preset or --fabric, describes that fabric (resized with
// --nodes) and writes it; otherwise measures the fabric the ranks run on: point-to-point
// latency and bandwidth within a host and across hosts, fitted per tier, written as a Fabric
// (docs/FABRIC.md) with the uncertainty of each figure.
#include <string>
#include <vector>

#include "bench/run/command.hpp"
#include "collectives/backend/backend.hpp"

namespace commbench {

// Only measuring needs the ranks together: --preset and --fabric describe a fabric on rank 0.
bool fabric_needs_cluster(const Config& config);

// Collective over world; every rank returns the same exit code.
int measure_fabric(ClusterRun& cluster);

// Rank 0's description of --preset or --fabric: exit 2, said in one line, for one that cannot be used.
int describe_fabric(const RankZeroRun& run);

// fabric's settings as its report records them (Config::settings_json).
nlohmann::json fabric_settings_json(const Config& config);

}  // namespace commbench
