#pragma once
// The flags of report, compare and gate, the commands that read reports: added to each
// command's CLI11 subcommand, and read into its settings once CLI11 has parsed. The command
// table (bench/app/command_table.cpp) names them.
#include "bench/run/command.hpp"

namespace commbench {

SettingsFromFlags report_flags(CLI::App& command);
SettingsFromFlags compare_flags(CLI::App& command);
SettingsFromFlags gate_flags(CLI::App& command);

}  // namespace commbench
