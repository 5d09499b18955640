#include "bench/commands/fabric/fabric_flags.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "bench/commands/fabric/fabric_command.hpp"
#include "bench/commands/fabric/fabric_settings.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/output_over_input.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/usage_error.hpp"
#include "topology/fabric/fabric_switches.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

// Raw text of fabric's own flags, on top of -J, --timeout, -n, -w, -b, -e and -f. Its --fabric
// names a file to describe, not the fabric a model predicts on, so it has its own text.
struct FabricRawOptions : SharedRawOptions {
  std::string preset, fabric_file, nodes;
  bool accept_poor_fit = false;
};

FabricRawOptions fabric_raw_defaults() {
  FabricRawOptions raw;
  return raw;
}

// NAME or NAME:SWITCHES (the switches are checked when the preset is loaded).
void require_fabric_preset(const std::string& given) {
  const std::string name = given.substr(0, given.find(':'));
  const std::vector<std::string> names = fabric_preset_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    throw UsageError("--preset: unknown preset '" + given + "' (accepted: " + fabric_preset_names_text() +
                     "; a preset may be followed by :" + fabric_switches_text() + ")");
  }
}

void add_fabric_options(CLI::App& command, FabricRawOptions& raw) {
  add_report_options(command, raw);
  add_point_to_point_iterations(command, raw);
  command.add_option("--preset", raw.preset,
                     "Describe this preset instead of measuring: " + fabric_preset_names_text() +
                         "; NAME:nvls=off and the like apply switches (docs/FABRIC.md)");
  command.add_option("--fabric", raw.fabric_file, "Check and describe this fabric file instead of measuring");
  command.add_option("--nodes", raw.nodes, "With --preset or --fabric: the number of nodes (the outermost tier's members)");
  add_size_options(command, raw, false);
  command.add_flag("--accept-poor-fit", raw.accept_poor_fit,
                   "Write a measured tier even when its line misses the sizes that decide it by more than the bound "
                   "(docs/MODELS.md, \"Fitting a tier's line\"); it is refused otherwise");
}

Config fabric_config(const FabricRawOptions& raw, bool report_given, bool nodes_given) {
  Config config = iterations_config(raw, report_given);
  config.settings_json = &fabric_settings_json;
  apply_size_range(config, raw);
  FabricSettings& fabric = config.settings<FabricSettings>();
  file_option("--preset", raw.preset, was_given(raw, "--preset"),
              fabric_preset_names_text() + "; a preset may be followed by :" + fabric_switches_text());
  file_option("--fabric", raw.fabric_file, was_given(raw, "--fabric"), "a fabric file (docs/FABRIC.md)");
  // A preset or a file is described, not measured: the flags of the measurement would be
  // silently ignored.
  if (!raw.preset.empty() || !raw.fabric_file.empty()) {
    const std::string described = raw.preset.empty() ? "--fabric" : "--preset";
    for (const auto& [name, flag] : std::vector<std::pair<std::string, std::string>>{
             {"--minbytes", "-b/--minbytes"}, {"--maxbytes", "-e/--maxbytes"}, {"--stepfactor", "-f/--stepfactor"},
             {"--iters", "-n/--iters"}, {"--warmup_iters", "-w/--warmup_iters"}}) {
      if (was_given(raw, name)) {
        throw UsageError(flag + " and " + described + ": nothing is measured with " + described +
                         ", so " + flag + " would be ignored (accepted: " + flag +
                         " when measuring, without --preset or --fabric)");
      }
    }
  }
  if (!raw.preset.empty() && !raw.fabric_file.empty()) {
    throw UsageError("--preset and --fabric: give one of them, not both (accepted: --preset NAME, --fabric FILE, or "
                     "neither to measure this fabric)");
  }
  if (!raw.preset.empty()) {
    require_fabric_preset(raw.preset);
    fabric.preset = raw.preset;
  }
  fabric.file = raw.fabric_file;
  if (nodes_given) {
    if (fabric.preset.empty() && fabric.file.empty()) {
      throw UsageError("--nodes: needs --preset or --fabric (a measured fabric has as many nodes as the run has hosts)");
    }
    fabric.nodes = whole_option("--nodes", raw.nodes, 1, kMaxNodes);
  }
  if (raw.accept_poor_fit && (!fabric.preset.empty() || !fabric.file.empty())) {
    const std::string given = fabric.preset.empty() ? "--fabric" : "--preset";
    throw UsageError("--accept-poor-fit: nothing is fitted with " + given +
                     " (accepted: --accept-poor-fit when measuring, without --preset or --fabric)");
  }
  fabric.accept_poor_fit = raw.accept_poor_fit;
  add_input(config, "--fabric", fabric.file);
  return config;
}

}  // namespace

SettingsFromFlags fabric_flags(CLI::App& command) {
  return command_flags(command, fabric_raw_defaults(), add_fabric_options,
                       [](const FabricRawOptions& raw, const CLI::App& parsed) {
                         return fabric_config(raw, report_given(parsed), parsed.count("--nodes") > 0);
                       });
}

}  // namespace commbench
