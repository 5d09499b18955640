#pragma once
// Each command's flags (bench/app/cli.cpp): added to the command's CLI11 subcommand, and read
// into the run's settings once CLI11 has parsed. The command table names them.
#include "bench/run/command.hpp"

namespace commbench {

SettingsFromFlags sweep_flags(CLI::App& command);  // a collective's name, or all
SettingsFromFlags gradsync_flags(CLI::App& command);
SettingsFromFlags pipeline_flags(CLI::App& command);
SettingsFromFlags scaling_flags(CLI::App& command);
SettingsFromFlags plan_flags(CLI::App& command);
SettingsFromFlags predict_flags(CLI::App& command);

}  // namespace commbench
