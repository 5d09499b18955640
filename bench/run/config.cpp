#include "bench/run/config.hpp"

namespace commbench {

std::string timing_mode_name(TimingMode mode) {
  return mode == TimingMode::per_iteration ? "per-iteration" : "back-to-back";
}

bool is_sweep_command(const Config& config) { return !config.collectives.empty(); }

nlohmann::json command_json(const Config& config) {
  return {{"command", config.command}, {"report_path", config.report_path}, {"timeout_s", config.timeout_s}};
}

nlohmann::json timed_iterations_json(const Config& config) {
  return {{"iterations", config.iterations.value_or(0)}, {"warmup_iterations", config.warmup_iterations}};
}

nlohmann::json measured_run_json(const Config& config) {
  nlohmann::json json = timed_iterations_json(config);
  json["backend"] = config.backend;
  json["device"] = config.device;
  return json;
}

nlohmann::json config_to_json(const Config& config) {
  return config.settings_json != nullptr ? config.settings_json(config) : command_json(config);
}

}  // namespace commbench
