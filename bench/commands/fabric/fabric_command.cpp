#include "bench/commands/fabric/fabric_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>

#include "bench/measure/fabric_measurement.hpp"
#include "bench/run/exit_codes.hpp"
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
    std::cerr << "commbench: error: cannot write the fabric: " << error.what() << std::endl;
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

// --preset or --fabric: rank 0 loads, describes and writes; every rank takes its exit code.
// A file that does not load is bad input (exit 2), said once by rank 0.
int describe_given_fabric(Backend& world, const Config& config) {
  int exit_code = kExitOk;
  if (world.rank() == 0) {
    try {
      Fabric fabric = config.fabric.preset.empty() ? load_fabric_file(config.fabric.file)
                                                   : preset_with_switches(config.fabric.preset);
      if (config.fabric.nodes > 0) fabric = with_nodes(fabric, config.fabric.nodes);
      exit_code = print_and_write(config, fabric);
    } catch (const FabricError& error) {
      std::cerr << "commbench: error: " << error.what() << std::endl;
      exit_code = kExitUsageError;
    } catch (const FabricSwitchError& error) {
      std::cerr << "commbench: error: --preset: '" << config.fabric.preset << "': " << error.what() << std::endl;
      exit_code = kExitUsageError;
    }
  }
  world.broadcast(&exit_code, &exit_code, 1, Dtype::int32, {0});
  return exit_code;
}

int measure_fabric(Backend& world, const Config& config) {
  const bool rank0 = world.rank() == 0;
  MeasuredFabric measured;
  try {
    measured = measure_run_fabric(world, config);
  } catch (const UsageError& error) {
    if (rank0) std::cerr << "commbench: error: fabric: " << error.what() << std::endl;
    return kExitUsageError;
  }
  int exit_code = kExitOk;
  if (rank0) {
    for (const std::string& poor : measured.poor_fits) {
      std::cout << "# Written with --accept-poor-fit: " << poor << std::endl;
    }
    for (const std::string& failure : measured.failures) std::cerr << "commbench: error: fabric: " << failure << std::endl;
    exit_code = measured.failures.empty() ? print_and_write(config, measured.fabric) : kExitMeasurementFailure;
  }
  world.broadcast(&exit_code, &exit_code, 1, Dtype::int32, {0});
  return exit_code;
}

}  // namespace

int run_fabric(Backend& world, const Config& config) {
  if (!config.fabric.preset.empty() || !config.fabric.file.empty()) return describe_given_fabric(world, config);
  return measure_fabric(world, config);
}

}  // namespace commbench
