#pragma once
// Fabric presets: descriptions of common machines, each figure beside its public source
// (topology/fabric_files/presets/*.json, embedded in the binary at build time; docs/FABRIC.md lists them).
// The outermost tier of every preset is the nodes, two by default; with_nodes sets the count.
#include <cstdint>
#include <string>
#include <vector>

#include "topology/fabric/fabric.hpp"

namespace commbench {

// The preset names, sorted: "cpu-cluster", "dgx-a100", ...
std::vector<std::string> fabric_preset_names();
// The names, comma-separated, for messages and --help.
std::string fabric_preset_names_text();

// The preset's JSON as it is written in topology/fabric_files/presets/<name>.json. Throws FabricError for
// an unknown name (the message lists the names).
std::string fabric_preset_text(const std::string& name);

// The preset, loaded as a fabric file named "preset <name>". Throws FabricError.
Fabric load_fabric_preset(const std::string& name);

// The fabric with its outermost tier's members set to nodes (and that tier's members_source
// saying so). A one-tier fabric has no tier of nodes and is refused rather than given one,
// since an invented network tier would carry figures nobody stated. Throws FabricError for
// nodes 0, a one-tier fabric, or a total rank count beyond 64 bits.
Fabric with_nodes(Fabric fabric, std::uint64_t nodes);

}  // namespace commbench
