#pragma once
// Held in Config::own_settings (bench/run/config.hpp); set by the command's flags.
#include <cstdint>
#include <string>

namespace commbench {

// `commbench fit`: cost-model parameters fitted to a report or a measured fabric.
struct FitSettings {
  std::string input;                        // the collectives report or fabric file to fit
  std::string fabric;                       // --fabric: the GPU fabric an NCCL report's runs calibrate
  std::uint64_t bootstrap_resamples = 1000; // for the 95% intervals; 0: none
  std::uint64_t seed = 1;                   // the bootstrap's resampling is reproducible
};

}  // namespace commbench
