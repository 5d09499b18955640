#pragma once
// The preset files embedded in the binary. The definition is generated at build time from
// topology/fabric_files/presets/*.json by cmake/embed_fabric_presets.cmake, so editing a preset rebuilds.
#include <cstddef>

namespace commbench {

struct EmbeddedFabricPreset {
  const char* name;  // the file name without .json
  const char* text;  // the file's bytes
};

// The presets in file-name order, and how many there are.
const EmbeddedFabricPreset* embedded_fabric_presets();
std::size_t embedded_fabric_preset_count();

}  // namespace commbench
