#pragma once
// `commbench topology`: every rank describes what it runs on (topology/
// topology_description.hpp); rank 0 gathers the descriptions, prints the summary and writes
// the report (-J, kind "topology", docs/REPORT_SCHEMA.md).
#include <string>
#include <vector>

#include "bench/run/config.hpp"
#include "collectives/backend/backend.hpp"

namespace commbench {

// Collective over world; every rank returns the same exit code.
int run_topology(Backend& world, const Config& config, const std::vector<std::string>& argv);

}  // namespace commbench
