#pragma once
// Strings of any length from every rank (host names, GPU names and UUIDs for the report),
// without the fixed-size records host_map.cpp uses.
#include <string>
#include <vector>

#include "collectives/backend/backend.hpp"

namespace commbench {

// Collective: every rank of backend calls it, and every rank gets every rank's string, in rank
// order. Two allgathers: the lengths (int64), then the bytes, each rank's padded to the
// longest. The buffers are host memory, so backend must take host pointers (the MPI backend;
// a device backend gathers through the MPI backend beside it).
std::vector<std::string> allgather_strings(Backend& backend, const std::string& mine);

}  // namespace commbench
