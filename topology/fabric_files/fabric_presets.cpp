#include "topology/fabric_files/fabric_presets.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "reports/format/text_join.hpp"
#include "topology/fabric_files/fabric_json.hpp"
#include "topology/fabric_files/fabric_preset_data.hpp"

namespace commbench {
std::vector<std::string> fabric_preset_names() {
  std::vector<std::string> names;
  const EmbeddedFabricPreset* presets = embedded_fabric_presets();
  for (std::size_t i = 0; i < embedded_fabric_preset_count(); ++i) names.emplace_back(presets[i].name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string fabric_preset_names_text() {
  return joined(fabric_preset_names());
}

std::string fabric_preset_text(const std::string& name) {
  const EmbeddedFabricPreset* presets = embedded_fabric_presets();
  for (std::size_t i = 0; i < embedded_fabric_preset_count(); ++i) {
    if (name == presets[i].name) return presets[i].text;
  }
  throw FabricError("preset \"" + name + "\": no such fabric preset (accepted: " + fabric_preset_names_text() + ")");
}

Fabric load_fabric_preset(const std::string& name) { return load_fabric_text(fabric_preset_text(name), "preset " + name); }

Fabric with_nodes(Fabric fabric, std::uint64_t nodes) {
  if (nodes == 0) {
    throw FabricError("fabric " + fabric.name + ": nodes: 0 is less than 1 (accepted: a node count of 1 or more)");
  }
  if (fabric.tiers.size() < 2) {
    throw FabricError("fabric " + fabric.name + ": nodes: the fabric has one tier (" +
                      (fabric.tiers.empty() ? std::string("none") : fabric.tiers.front().name) +
                      "), so no tier holds the nodes (accepted: a fabric of two or more tiers, the outermost "
                      "being the nodes)");
  }
  FabricTier& outer = fabric.tiers.back();
  outer.members = nodes;
  outer.members_source = "node count asked for (commbench fabric --nodes)";
  try {
    (void)fabric_ranks(fabric);
  } catch (const std::overflow_error&) {
    throw FabricError("fabric " + fabric.name + ": nodes: " + std::to_string(nodes) +
                      " nodes make more than 18446744073709551615 ranks (accepted: a smaller node count)");
  }
  return fabric;
}

}  // namespace commbench
