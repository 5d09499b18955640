#include "bench/run/shared_flags.hpp"

#include <algorithm>

#include "bench/run/flag_values.hpp"
#include "bench/run/size_parse.hpp"
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

// -w: untimed warm-up iterations per case (the sweep's -c is bounded alike). Each is a whole
// collective, so they are bounded like -n: without a bound, -w 2^64-1 ran for ever and printed
// "warm-up -1".
constexpr std::uint64_t kMaxWarmupIterations = 1000000;

// -f's upper bound: a factor of 2^20 goes from 1 byte to the largest message in three steps;
// a larger one could only give the first size alone.
constexpr std::uint64_t kMaxStepFactor = 1ULL << 20;

// The most sizes one sweep has: far more than a table is read with, few enough that a typo
// (-i 8 up to 16G: two billion sizes) cannot build a list that fills memory or keep rank 0
// busy for hours. A geometric sweep (-f >= 2) up to kMaxMessageBytes has at most 51.
constexpr std::uint64_t kMaxSweepSizes = 100000;

}  // namespace

SharedRawOptions::SharedRawOptions() {
  const Config defaults;
  timeout = number_text(defaults.timeout_s);
  min_bytes = size_text(defaults.min_bytes);
  max_bytes = size_text(defaults.max_bytes);
  step_factor = std::to_string(defaults.step_factor);
  iterations = defaults.iterations ? std::to_string(*defaults.iterations) : "auto";
  warmup = std::to_string(defaults.warmup_iterations);
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

Config report_config(const SharedRawOptions& raw, bool report_given) {
  Config config;
  apply_report_options(config, raw, report_given);
  return config;
}

std::string fabric_option(const SharedRawOptions& raw) {
  return file_option("--fabric", raw.model_fabric, was_given(raw, "--fabric"),
                     "a fabric file (docs/FABRIC.md) or a preset: " + fabric_preset_names_text());
}

std::uint64_t iterations_option(const std::string& text) {
  return whole_option("-n/--iters", text, 1, kMaxIterations);
}

std::uint64_t warmup_option(const std::string& text) {
  return whole_option("-w/--warmup_iters", text, 0, kMaxWarmupIterations);
}

void add_size_options(CLI::App& command, SharedRawOptions& raw, bool additive_steps) {
  command.add_option("-b,--minbytes", raw.min_bytes, "Smallest message size in bytes (K, M, G suffixes)")->capture_default_str();
  command.add_option("-e,--maxbytes", raw.max_bytes, "Largest message size in bytes")->capture_default_str();
  command.add_option("-f,--stepfactor", raw.step_factor, "Multiply the size by this factor between steps")->capture_default_str();
  if (additive_steps) command.add_option("-i,--stepbytes", raw.step_bytes, "Add this many bytes between steps (instead of -f)");
}

void add_point_to_point_iterations(CLI::App& command, SharedRawOptions& raw) {
  command.add_option("-n,--iters", raw.iterations, "Timed iterations per measurement")->capture_default_str();
  command.add_option("-w,--warmup_iters", raw.warmup, "Untimed warm-up iterations per measurement")->capture_default_str();
}

void apply_size_range(Config& config, const SharedRawOptions& raw) {
  config.min_bytes = bytes_option("-b/--minbytes", raw.min_bytes);
  config.max_bytes = bytes_option("-e/--maxbytes", raw.max_bytes);
  if (config.min_bytes < 1) throw UsageError("-b/--minbytes: must be at least 1 byte (accepted: a size >= 1)");
  if (config.min_bytes > config.max_bytes) {
    throw UsageError("-b/--minbytes " + raw.min_bytes + " is larger than -e/--maxbytes " + raw.max_bytes +
                     " (accepted: minbytes <= maxbytes)");
  }
  config.step_factor = whole_option("-f/--stepfactor", raw.step_factor, 2, kMaxStepFactor);
}

void apply_step_bytes(Config& config, const SharedRawOptions& raw) {
  if (!was_given(raw, "--stepbytes")) return;
  // The sizes either multiply or add; with both, -i won and -f was silently dropped.
  if (was_given(raw, "--stepfactor")) {
    throw UsageError("-f/--stepfactor and -i/--stepbytes: give one of them, not both (accepted: -f FACTOR for sizes "
                     "that multiply, or -i BYTES for sizes that add)");
  }
  config.step_bytes = bytes_option("-i/--stepbytes", raw.step_bytes);
  if (config.step_bytes == 0) throw UsageError("-i/--stepbytes: must be at least 1 byte (accepted: a size >= 1)");
  if ((config.max_bytes - config.min_bytes) / config.step_bytes >= kMaxSweepSizes) {
    throw UsageError("-i/--stepbytes: " + raw.step_bytes + " from " + raw.min_bytes + " to " + raw.max_bytes +
                     " makes more than " + std::to_string(kMaxSweepSizes) + " sizes (accepted: a step that makes at "
                     "most " + std::to_string(kMaxSweepSizes) + ", or -f)");
  }
}

Config iterations_config(const SharedRawOptions& raw, bool report_given) {
  Config config = report_config(raw, report_given);
  config.iterations = iterations_option(raw.iterations);
  config.warmup_iterations = warmup_option(raw.warmup);
  return config;
}

bool report_given(const CLI::App& parsed) {
  return parsed.get_option_no_throw("--json") != nullptr && parsed.count("--json") > 0;
}

}  // namespace commbench
