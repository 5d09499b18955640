#pragma once
// Held in Config::own_settings (bench/run/config.hpp); set by the command's flags.
#include <cstdint>
#include <string>

namespace commbench {

// `commbench fabric`: describe a preset or a fabric file, or (neither given) measure.
struct FabricSettings {
  std::string preset;       // a preset's name
  std::string file;         // a fabric file to check and describe
  std::uint64_t nodes = 0;  // with a preset or file: members of the outermost tier; 0 = as written
  // Measuring: write a tier whose fit is beyond kPoorFitBound (latency_bandwidth_fit.hpp)
  // rather than refusing it.
  bool accept_poor_fit = false;
};

}  // namespace commbench
