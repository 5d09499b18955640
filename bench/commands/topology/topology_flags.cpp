#include "bench/commands/topology/topology_flags.hpp"

#include <CLI/CLI.hpp>

#include "bench/run/shared_flags.hpp"

namespace commbench {

SettingsFromFlags topology_flags(CLI::App& command) {
  return command_flags(command, SharedRawOptions{}, add_report_options,
                       [](const SharedRawOptions& raw, const CLI::App& parsed) {
                         return report_config(raw, report_given(parsed));
                       });
}

}  // namespace commbench
