#pragma once
// The workload of --workload on every rank: rank 0 reads it (a preset, or a file on its own
// file system, as for --fabric) and every rank gets it as text, so that all ranks analyse
// the same workload and refuse a bad one alike.
#include <optional>
#include <string>
#include <utility>

#include "collectives/backend/backend.hpp"
#include "topology/workload/workload.hpp"

namespace commbench {

// The workload of --workload as this process reads it (a preset, or a file). Throws
// WorkloadError with the one-line problem.
Workload read_workload(const std::string& name);

// Collective over world. Returns the workload, or (on every rank) the one-line problem when
// rank 0 could not read it.
std::pair<std::optional<Workload>, std::string> shared_workload(Backend& world, const std::string& name);

}  // namespace commbench
