#pragma once
// Whether every rank's buffers fit before a run allocates them, so that a size that cannot
// fit is refused up front with a clear message instead of failing mid-run. Ranks on one host
// share its memory (host buffers); a GPU is its rank's own.
#include <cstdint>
#include <optional>

#include "collectives/backend/backend.hpp"
#include "topology/discovery/host_map.hpp"

namespace commbench {

// Collective over world. measured is the backend whose allocate() the buffers come from
// (world itself for host memory). Returns the bytes available to the most constrained rank
// whose `needed` bytes do not fit, the same on every rank; empty when every rank's fit.
std::optional<double> memory_shortfall(Backend& world, const Backend& measured, const HostMap& hosts,
                                       std::uint64_t needed);

// "in its GPU" or "in its host's memory, shared by the ranks on that host", for messages.
const char* memory_place(const Backend& world, const Backend& measured);

}  // namespace commbench
