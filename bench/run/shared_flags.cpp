#include "bench/run/shared_flags.hpp"

#include <algorithm>

#include "bench/run/flag_values.hpp"
#include "bench/run/usage_error.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

// --timeout's upper bound: a week, far beyond any operation, yet small enough that the
// deadline arithmetic never overflows. Its lower bound: a tenth of a second, the shortest
// stall the watchdog tells from a slow call (it polls every timeout / 20, and no more often
// than every millisecond) and the smallest the reports show (to 0.1 s); 1e-9 was accepted
// and shown as "0.0 s".
constexpr double kMaxTimeoutSeconds = 604800;
constexpr double kMinTimeoutSeconds = 0.1;

}  // namespace

SharedRawOptions shared_raw_defaults() {
  const Config defaults;
  SharedRawOptions raw;
  raw.timeout = number_text(defaults.timeout_s);
  return raw;
}

bool was_given(const SharedRawOptions& raw, const std::string& name) {
  return std::find(raw.given.begin(), raw.given.end(), name) != raw.given.end();
}

void add_timeout_option(CLI::App& command, SharedRawOptions& raw) {
  command.add_option("--timeout", raw.timeout,
                     "Seconds an operation may make no progress before the run ends as timed out (exit 4)")
      ->capture_default_str();
}

void add_report_options(CLI::App& command, SharedRawOptions& raw) {
  command.add_option("-J,--json", raw.report, "Write the JSON report to this path");
  add_timeout_option(command, raw);
}

void apply_report_options(Config& config, const SharedRawOptions& raw, bool report_given) {
  // -J given as an empty string is an error too; an absent -J means no report. Whether the
  // path can be written is rank 0's to say (report_path.hpp), not every rank's.
  if (report_given && raw.report.empty()) {
    throw UsageError("-J/--json: the report path is empty (accepted: a file path in an existing, writable directory)");
  }
  config.report_path = raw.report;
  config.timeout_s = positive_real_option("--timeout", raw.timeout, kMaxTimeoutSeconds, kMinTimeoutSeconds);
}

Config report_config(const std::string& command, const SharedRawOptions& raw, bool report_given) {
  Config config;
  config.command = command;
  apply_report_options(config, raw, report_given);
  return config;
}

std::string fabric_option(const SharedRawOptions& raw) {
  return file_option("--fabric", raw.model_fabric, was_given(raw, "--fabric"),
                     "a fabric file (docs/FABRIC.md) or a preset: " + fabric_preset_names_text());
}

bool report_given(const CLI::App& parsed) {
  return parsed.get_option_no_throw("--json") != nullptr && parsed.count("--json") > 0;
}

}  // namespace commbench
