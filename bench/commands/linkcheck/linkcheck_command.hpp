#pragma once
// `commbench linkcheck`: bandwidth and latency between every pair of hosts (and, with
// --intra-host or on a single host, every pair of ranks within a host), measured in rounds
// of disjoint pairs; rank 0 prints each link as its round ends, then the matrices, the
// outliers and the suspect hosts, and keeps the report (-J) current after every round.
#include "bench/run/command.hpp"

namespace commbench {

// Collective over world. Returns the exit code: 0, or 1 when a link is flagged. Rank 0 adds
// its report file (-J) to printers, through which the watchdog records an early end.
int run_linkcheck(ClusterRun& cluster);

// linkcheck's settings as its report records them (Config::settings_json).
nlohmann::json linkcheck_settings_json(const Config& config);

}  // namespace commbench
