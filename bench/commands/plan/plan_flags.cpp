#include "bench/commands/plan/plan_flags.hpp"

#include "bench/commands/plan/plan_command.hpp"
#include "bench/workload/scaling_flags.hpp"

namespace commbench {

// The scaling analysis's flags (bench/workload/scaling_flags.hpp), plan's set of them.
SettingsFromFlags plan_flags(CLI::App& command) { return scaling_analysis_flags(command, true, &plan_settings_json); }

}  // namespace commbench
