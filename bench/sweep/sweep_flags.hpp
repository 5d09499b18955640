#pragma once
// The flags of the collective sweeps (a collective's name, or all): added to each one's CLI11
// subcommand and read into the run's settings once CLI11 has parsed; and what can only be
// checked once the number of ranks is known.
#include "bench/run/command.hpp"
#include "bench/run/config.hpp"

namespace commbench {

SettingsFromFlags sweep_flags(CLI::App& command);

// Checks what needs the communicator size (the root, the injected faults' ranks, the number
// of cases planned) and expands "-r all". Throws UsageError. A no-op for other commands.
void apply_world_size(Config& config, int world_size);

}  // namespace commbench
