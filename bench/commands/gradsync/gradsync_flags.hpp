#pragma once
// The flags of gradsync: added to its CLI11 subcommand, and read into its settings once CLI11 has
// parsed. The command table (bench/app/command_table.cpp) names them.
#include "bench/run/command.hpp"

namespace commbench {

SettingsFromFlags gradsync_flags(CLI::App& command);

}  // namespace commbench
