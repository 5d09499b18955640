#include "bench/commands/gradsync/gradsync_flags.hpp"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/commands/gradsync/gradsync_command.hpp"
#include "bench/commands/gradsync/gradsync_settings.hpp"
#include "bench/run/backend_flags.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/output_over_input.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/size_parse.hpp"
#include "bench/run/usage_error.hpp"
#include "bench/workload/workload_flags.hpp"
#include "topology/fabric_files/fabric_presets.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/workload/workload.hpp"
#include "topology/workload/workload_presets.hpp"

namespace commbench {
namespace {

// Raw text of gradsync's flags.
struct GradsyncRawOptions : SharedRawOptions, BackendRawOptions, WorkloadRawOptions {
  std::string sweep_bucket, forward_ms, backward_ms;
  bool no_overlap = false;
};

// The command line's defaults, written as a user would type them, from the settings' defaults.
GradsyncRawOptions gradsync_raw_defaults() {
  GradsyncRawOptions raw;
  raw.first_bucket_mb = number_text(static_cast<double>(GradsyncSettings{}.first_bucket_bytes) / kMebibyte);
  return raw;
}

void add_gradsync_options(CLI::App& command, GradsyncRawOptions& raw) {
  add_report_options(command, raw);
  add_point_to_point_iterations(command, raw);
  command.add_option("--workload", raw.workload,
                     "The model whose gradients are synchronized (required): a preset (" +
                         workload_preset_names_text() + ") or a workload file (docs/WORKLOADS.md)");
  command.add_option("--strategy", raw.strategy, sync_strategy_names_text() + " (default: the workload's)");
  command.add_option("--bucket-mb", raw.bucket_mb,
                     "Bucket size in MiB (ddp, zero1, zero2; zero3/fsdp: the smallest unit of layers; default: the "
                     "workload's, 25)");
  command.add_option("--first-bucket-mb", raw.first_bucket_mb, "Size of the first bucket in MiB, as PyTorch DDP")
      ->capture_default_str();
  command.add_option("--sweep-bucket", raw.sweep_bucket,
                     "MIN:MAX in MiB: measure every power-of-two bucket size between and report the best");
  command.add_option("--grad-dtype", raw.grad_dtype, "Gradient type: " + gradient_dtype_names_text() +
                                                         " (float8 with nccl only; default: the workload's)");
  command.add_option("--fwd-ms", raw.forward_ms, "Forward compute per step in ms, all layers (default: from the workload)");
  command.add_option("--bwd-ms", raw.backward_ms, "Backward compute per step in ms, all layers (default: from the workload)");
  command.add_flag("--no-overlap", raw.no_overlap, "Synchronize after the backward pass, one collective at a time");
  command.add_option("--fabric", raw.model_fabric,
                     "Predict each step with the cost models on this fabric: a fabric file or a preset: " +
                         fabric_preset_names_text());
  add_backend_options(command, raw, "Memory the collectives run on");
}

// Milliseconds of emulated compute: a decimal number >= 0.
double compute_ms_option(const std::string& flag, const std::string& text) {
  if (text == "0") return 0;
  try {
    return positive_real_option(flag, text, 3.6e6) * 1e-3;
  } catch (const UsageError&) {
    throw UsageError(flag + ": '" + text + "' is not accepted (accepted: milliseconds, a number >= 0 and <= 3.6e+06)");
  }
}

// --sweep-bucket MIN:MAX: the powers of two from MIN up to MAX, MiB.
std::vector<std::uint64_t> bucket_sweep_option(const std::string& text) {
  const std::string accepted = " (accepted: MIN:MAX in MiB with 0 < MIN <= MAX, e.g. 1:256)";
  const auto colon = text.find(':');
  if (colon == std::string::npos) throw UsageError("--sweep-bucket: '" + text + "' is not MIN:MAX" + accepted);
  const std::uint64_t low = mebibytes_option("--sweep-bucket", text.substr(0, colon));
  const std::uint64_t high = mebibytes_option("--sweep-bucket", text.substr(colon + 1));
  if (low > high) throw UsageError("--sweep-bucket: MIN is larger than MAX in '" + text + "'" + accepted);
  return sweep_sizes(low, high, 2, 0);
}

void apply_gradsync_options(Config& config, const GradsyncRawOptions& raw, const CLI::App& command) {
  GradsyncSettings& gradsync = config.settings<GradsyncSettings>();
  gradsync.workload = workload_option(raw);
  add_input(config, "--workload", gradsync.workload);
  if (command.count("--strategy") > 0) gradsync.strategy = strategy_option(raw);
  const bool bucket_given = command.count("--bucket-mb") > 0;
  const bool sweep_given = command.count("--sweep-bucket") > 0;
  if (bucket_given && sweep_given) {
    throw UsageError("--bucket-mb and --sweep-bucket: give one of them (accepted: --bucket-mb MIB, or --sweep-bucket "
                     "MIN:MAX)");
  }
  if (bucket_given) gradsync.bucket_bytes = {mebibytes_option("--bucket-mb", raw.bucket_mb)};
  if (sweep_given) gradsync.bucket_bytes = bucket_sweep_option(raw.sweep_bucket);
  gradsync.sweep = sweep_given;
  gradsync.first_bucket_bytes = mebibytes_option("--first-bucket-mb", raw.first_bucket_mb);
  if (command.count("--grad-dtype") > 0) gradsync.gradient_dtype = gradient_dtype_option(raw, config.backend);
  if (command.count("--fwd-ms") > 0) gradsync.forward_s = compute_ms_option("--fwd-ms", raw.forward_ms);
  if (command.count("--bwd-ms") > 0) gradsync.backward_s = compute_ms_option("--bwd-ms", raw.backward_ms);
  gradsync.overlap = !raw.no_overlap;
  config.model.fabric = fabric_option(raw);
}

}  // namespace

SettingsFromFlags gradsync_flags(CLI::App& command) {
  return command_flags(command, gradsync_raw_defaults(), add_gradsync_options,
                       [](const GradsyncRawOptions& raw, const CLI::App& parsed) {
                         Config config = iterations_config(raw, report_given(parsed));
                         config.settings_json = &gradsync_settings_json;
                         apply_backend_options(config, raw, parsed.count("--device") > 0);
                         apply_gradsync_options(config, raw, parsed);
                         return config;
                       });
}

}  // namespace commbench
