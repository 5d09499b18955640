#pragma once
// Workload files (docs/WORKLOADS.md): JSON to Workload and back. Every field is checked; a
// file wrong in any way is refused with a WorkloadError that names the file, the field and
// what is accepted.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "topology/workload/workload.hpp"

namespace commbench {

// The format_version this build writes and the only one it reads.
constexpr int kWorkloadFormatVersion = 1;

// The most layers a workload may have, as layers_count or as an array of layers. The finest
// real split, one layer per parameter tensor, gives about 1,000 for a 70B model; at the bound
// plan takes about 18 s and a gradsync run under a minute (docs/RELIABILITY.md).
constexpr std::uint64_t kMaxWorkloadLayersCount = 1000000;

// Checks and converts workload text; name stands for the file in messages.
Workload parse_workload(const std::string& text, const std::string& name);
// Reads and parses a file; a missing or unreadable file is a WorkloadError naming it.
Workload load_workload_file(const std::string& path);
// The workload as its file format; parse_workload of its dump gives it back.
nlohmann::json workload_json(const Workload& workload);

}  // namespace commbench
