#pragma once
// `commbench topology`: every rank describes what it runs on (topology/
// topology_description.hpp); rank 0 gathers the descriptions, prints the summary and writes
// the report (-J, kind "topology", docs/REPORT_SCHEMA.md).
#include "bench/run/command.hpp"

namespace commbench {

// Collective over world; every rank returns the same exit code.
int run_topology(ClusterRun& cluster);

}  // namespace commbench
