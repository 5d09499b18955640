#include "bench/run/config.hpp"

namespace commbench {

std::string timing_mode_name(TimingMode mode) {
  return mode == TimingMode::per_iteration ? "per-iteration" : "back-to-back";
}

bool is_sweep_command(const Config& config) { return !config.collectives.empty(); }

nlohmann::json command_json(const Config& config) {
  return {{"command", config.command}, {"report_path", config.report_path}, {"timeout_s", config.timeout_s}};
}

nlohmann::json config_to_json(const Config& config) {
  return config.settings_json != nullptr ? config.settings_json(config) : command_json(config);
}

}  // namespace commbench
