#include "bench/commands/scaling/scaling_flags.hpp"

#include "bench/commands/scaling/scaling_command.hpp"
#include "bench/workload/scaling_flags.hpp"

namespace commbench {

// The scaling analysis's flags (bench/workload/scaling_flags.hpp), scaling's set of them.
SettingsFromFlags scaling_flags(CLI::App& command) { return scaling_analysis_flags(command, false, &scaling_command_settings_json); }

}  // namespace commbench
