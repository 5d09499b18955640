#include "bench/commands/fabric/fabric_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>

#include "bench/commands/fabric/fabric_settings.hpp"
#include "bench/measure/fabric_measurement.hpp"
#include "bench/run/error_line.hpp"
#include "bench/run/exit_codes.hpp"
#include "bench/run/rank_zero_work.hpp"
#include "bench/run/usage_error.hpp"
#include "reports/format/number_text.hpp"
#include "reports/model/json_report.hpp"
#include "topology/fabric/fabric_switches.hpp"
#include "topology/fabric_files/fabric_json.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

// Rank 0: prints the fabric's summary and writes it to -J, or prints its JSON when there is
// no -J. Returns the exit code.
int print_and_write(const Config& config, const Fabric& fabric) {
  std::cout << fabric_summary_text(fabric);
  const std::string text = fabric_json_text(fabric);
  if (config.report_path.empty()) {
    std::cout << text;
    return kExitOk;
  }
  try {
    write_file_atomically(config.report_path, text);
  } catch (const std::exception& error) {
    say_error("cannot write the fabric: " + std::string(error.what()));
    return kExitRuntimeError;
  }
  std::cout << "# Fabric written to " << config.report_path << std::endl;
  return kExitOk;
}

// --preset NAME[:SWITCHES] (the name checked by the command line): the preset as the switches
// change it, e.g. dgx-h100:nvls=off.
Fabric preset_with_switches(const std::string& given) {
  const auto colon = given.find(':');
  Fabric preset = load_fabric_preset(given.substr(0, colon));
  return colon == std::string::npos ? preset : with_switches(std::move(preset), given.substr(colon + 1));
}

}  // namespace

bool fabric_needs_cluster(const Config& config) {
  const FabricSettings& fabric = config.settings<FabricSettings>();
  return fabric.preset.empty() && fabric.file.empty();
}

// --preset or --fabric. A file that does not load is bad input (exit 2).
int describe_fabric(const RankZeroRun& run) {
  const Config& config = run.config;
  const FabricSettings& described = config.settings<FabricSettings>();
  try {
    Fabric fabric = described.preset.empty() ? load_fabric_file(described.file) : preset_with_switches(described.preset);
    if (described.nodes > 0) fabric = with_nodes(fabric, described.nodes);
    return print_and_write(config, fabric);
  } catch (const FabricError& error) {
    say_error(error.what());
    return kExitUsageError;
  } catch (const FabricSwitchError& error) {
    say_error("--preset: '" + described.preset + "': " + error.what());
    return kExitUsageError;
  }
}

int measure_fabric(ClusterRun& cluster) {
  Backend& world = cluster.world;
  const Config& config = cluster.config;
  const bool rank0 = world.rank() == 0;
  MeasuredFabric measured;
  try {
    measured = measure_run_fabric(world, config, config.settings<FabricSettings>().accept_poor_fit);
  } catch (const UsageError& error) {
    return usage_error_everywhere(rank0, "fabric: " + std::string(error.what()));
  }
  return run_on_rank_zero(world, [&] {
    for (const std::string& poor : measured.poor_fits) {
      std::cout << "# Written with --accept-poor-fit: " << poor << std::endl;
    }
    for (const std::string& failure : measured.failures) say_error("fabric: " + failure);
    return measured.failures.empty() ? print_and_write(config, measured.fabric) : kExitMeasurementFailure;
  });
}

nlohmann::json fabric_settings_json(const Config& config) {
  const FabricSettings& fabric = config.settings<FabricSettings>();
  nlohmann::json json = command_json(config);
  json["preset"] = fabric.preset;
  json["fabric_file"] = fabric.file;
  json["nodes"] = fabric.nodes;
  // The sizes and iterations of the point-to-point measurement.
  nlohmann::json measurement = timed_iterations_json(config);
  measurement.update(
      {{"min_bytes", config.min_bytes}, {"max_bytes", config.max_bytes}, {"step_factor", config.step_factor}});
  json["measurement"] = std::move(measurement);
  return json;
}

}  // namespace commbench
