#include "bench/commands/pipeline/pipeline_flags.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

#include "bench/commands/pipeline/pipeline_command.hpp"
#include "bench/commands/pipeline/pipeline_settings.hpp"
#include "bench/run/backend_flags.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/size_parse.hpp"
#include "bench/run/usage_error.hpp"
#include "collectives/backend/emulated_compute_limit.hpp"
#include "topology/fabric_files/fabric_presets.hpp"
#include "topology/training/pipeline_placement.hpp"
#include "topology/training/pipeline_schedule.hpp"

namespace commbench {
namespace {

// Raw text of pipeline's flags.
struct PipelineRawOptions : SharedRawOptions, BackendRawOptions {
  std::string stages, microbatches, activation_bytes, forward_ms, backward_ms, schedule, chunks, placement,
      sweep_microbatches, sweep_activation_bytes;
};

// The command line's defaults, written as a user would type them, from the settings' defaults.
PipelineRawOptions pipeline_raw_defaults() {
  const PipelineSettings defaults;
  PipelineRawOptions raw;
  raw.stages = std::to_string(defaults.stages);
  raw.microbatches = std::to_string(defaults.microbatches);
  raw.activation_bytes = size_text(defaults.activation_bytes);
  raw.forward_ms = number_text(defaults.forward_s * 1e3);
  raw.backward_ms = number_text(defaults.backward_s * 1e3);
  raw.schedule = defaults.schedule;
  raw.chunks = std::to_string(defaults.chunks);
  raw.placement = defaults.placement;
  return raw;
}

void add_pipeline_options(CLI::App& command, PipelineRawOptions& raw) {
  PipelineRawOptions& pipeline = raw;
  add_report_options(command, raw);
  command.add_option("-n,--iters", raw.iterations, "Timed steps (per sweep value)")->capture_default_str();
  command.add_option("-w,--warmup_iters", raw.warmup, "Untimed warm-up steps (per sweep value)")->capture_default_str();
  command.add_option("--stages", pipeline.stages, "Stages per pipeline (>= 2, divides the ranks; pipelines = ranks / stages)")
      ->capture_default_str();
  command.add_option("--microbatches", pipeline.microbatches, "Micro-batches per step")->capture_default_str();
  command.add_option("--activation-bytes", pipeline.activation_bytes,
                     "Bytes of one micro-batch's activations (and of their gradients) between adjacent stages")
      ->capture_default_str();
  command.add_option("--fwd-ms", pipeline.forward_ms, "Emulated forward of one micro-batch on one stage, milliseconds")
      ->capture_default_str();
  command.add_option("--bwd-ms", pipeline.backward_ms, "Emulated backward of one micro-batch on one stage, milliseconds")
      ->capture_default_str();
  command.add_option("--schedule", pipeline.schedule, "gpipe, 1f1b or interleaved")->capture_default_str();
  command.add_option("--chunks", pipeline.chunks, "Model chunks per stage of the interleaved schedule (default 2)");
  command.add_option("--placement", pipeline.placement,
                     "consecutive (adjacent stages on one host) or across-hosts (adjacent stages on different hosts)")
      ->capture_default_str();
  command.add_option("--sweep-microbatches", pipeline.sweep_microbatches,
                     "A:B: measure every power of two from A to B micro-batches and recommend a count");
  command.add_option("--sweep-activation-bytes", pipeline.sweep_activation_bytes,
                     "A:B: measure activation sizes from A to B by factors of 2 (K, M, G suffixes)");
  add_backend_options(command, raw, "Memory the transfers use");
  command.add_option("--fabric", raw.model_fabric,
                     "Model the transfers on this fabric: a fabric file (docs/FABRIC.md) or a preset: " +
                         fabric_preset_names_text());
}

// The largest micro-batch count, stage count and sweep bound accepted: far beyond a real
// pipeline, small enough that a typo cannot ask for plans of billions of steps.
constexpr std::uint64_t kMaxPipelineCount = 65536;

// The longest emulated pass: a minute.
constexpr double kMaxPassMilliseconds = 60000;

int pipeline_count_option(const std::string& flag, const std::string& text, std::uint64_t minimum) {
  return static_cast<int>(whole_option(flag, text, minimum, kMaxPipelineCount));
}

// A pass's duration: milliseconds >= 0 in decimal notation (no inf, nan or hexadecimal).
double pass_seconds_option(const std::string& flag, const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  const bool decimal = !text.empty() && text.find_first_not_of("0123456789.eE+-") == std::string::npos;
  if (!decimal || *end != '\0' || errno != 0 || !(value >= 0) || value > kMaxPassMilliseconds) {
    throw UsageError(flag + ": '" + text + "' is not accepted (accepted: milliseconds, a number >= 0 and <= " +
                     number_text(kMaxPassMilliseconds) + ")");
  }
  return value / 1e3;
}

// Each stage computes every micro-batch's forward and backward once a step (the interleaved
// schedule splits them into chunks, which adds up to the same): the step's compute must stay
// within what commbench emulates (emulated_compute_limit.hpp), or a run of the largest
// counts and passes would spin for days per step.
void check_pipeline_step_compute(const PipelineSettings& pipeline) {
  const std::uint64_t most = pipeline.sweep == "microbatches" ? pipeline.sweep_high
                                                               : static_cast<std::uint64_t>(pipeline.microbatches);
  const double step_s = static_cast<double>(most) * (pipeline.forward_s + pipeline.backward_s);
  if (is_emulable_compute(step_s)) return;
  throw UsageError("--microbatches, --fwd-ms and --bwd-ms: " + std::to_string(most) + " micro-batches x (" +
                   number_text(pipeline.forward_s * 1e3) + " + " + number_text(pipeline.backward_s * 1e3) +
                   " ms) make " + number_text(step_s) + " s of compute per stage and step (accepted: " +
                   emulable_compute_text() + " per step: fewer micro-batches or shorter passes)");
}

Config build_pipeline_config(const PipelineRawOptions& raw, bool report_given, bool device_given, bool chunks_given) {
  Config config;
  config.settings_json = &pipeline_settings_json;
  apply_report_options(config, raw, report_given);
  apply_backend_options(config, raw, device_given);
  config.iterations = iterations_option(raw.iterations);
  config.warmup_iterations = warmup_option(raw.warmup);
  config.model.fabric = fabric_option(raw);
  const PipelineRawOptions& text = raw;
  PipelineSettings& pipeline = config.settings<PipelineSettings>();
  pipeline.stages = pipeline_count_option("--stages", text.stages, 2);
  pipeline.microbatches = pipeline_count_option("--microbatches", text.microbatches, 1);
  pipeline.activation_bytes = bytes_option("--activation-bytes", text.activation_bytes);
  if (pipeline.activation_bytes < 1) {
    throw UsageError("--activation-bytes: must be at least 1 byte (accepted: a size >= 1)");
  }
  pipeline.forward_s = pass_seconds_option("--fwd-ms", text.forward_ms);
  pipeline.backward_s = pass_seconds_option("--bwd-ms", text.backward_ms);
  if (pipeline.forward_s + pipeline.backward_s <= 0) {
    throw UsageError("--fwd-ms and --bwd-ms: both 0 leaves no compute to pipeline (accepted: at least one > 0)");
  }
  const auto schedule = parse_pipeline_schedule(text.schedule);
  if (!schedule) {
    throw UsageError("--schedule: '" + text.schedule + "' is not accepted (accepted: gpipe, 1f1b, interleaved)");
  }
  pipeline.schedule = text.schedule;
  const bool interleaved = *schedule == PipelineSchedule::interleaved;
  if (chunks_given) {
    pipeline.chunks = pipeline_count_option("--chunks", text.chunks, 1);
    if (!interleaved && pipeline.chunks != 1) {
      throw UsageError("--chunks: " + text.chunks + " chunks per stage need --schedule interleaved (accepted with " +
                       text.schedule + ": 1)");
    }
  } else {
    pipeline.chunks = interleaved ? 2 : 1;
  }
  if (text.placement != kConsecutivePlacement && text.placement != kAcrossHostsPlacement) {
    throw UsageError("--placement: '" + text.placement + "' is not accepted (accepted: consecutive, across-hosts)");
  }
  pipeline.placement = text.placement;
  // Given, even empty: an empty range was taken for no sweep and silently ignored.
  const bool sweep_microbatches = was_given(raw, "--sweep-microbatches");
  const bool sweep_activation_bytes = was_given(raw, "--sweep-activation-bytes");
  if (sweep_microbatches && sweep_activation_bytes) {
    throw UsageError("--sweep-microbatches and --sweep-activation-bytes: give one of them, not both");
  }
  // A sweep sets the value it sweeps: the fixed one beside it would be ignored.
  if (sweep_microbatches && was_given(raw, "--microbatches")) {
    throw UsageError("--microbatches and --sweep-microbatches: give one of them, not both (accepted: --microbatches "
                     "N for one count, or --sweep-microbatches A:B)");
  }
  if (sweep_activation_bytes && was_given(raw, "--activation-bytes")) {
    throw UsageError("--activation-bytes and --sweep-activation-bytes: give one of them, not both (accepted: "
                     "--activation-bytes SIZE for one size, or --sweep-activation-bytes A:B)");
  }
  const std::string multiple = " is not a multiple of --stages " + std::to_string(pipeline.stages) +
                               ", which the interleaved schedule needs";
  if (sweep_microbatches) {
    const std::string flag = "--sweep-microbatches";
    std::tie(pipeline.sweep_low, pipeline.sweep_high) =
        range_option(flag, text.sweep_microbatches, "A:B, whole numbers of micro-batches >= 1, e.g. 4:64",
                     [&](const std::string& part) { return pipeline_count_option(flag, part, 1); });
    pipeline.sweep = "microbatches";
    const std::vector<std::uint64_t> counts = sweep_sizes(pipeline.sweep_low, pipeline.sweep_high, 2, 0);
    const bool any = std::any_of(counts.begin(), counts.end(),
                                 [&](std::uint64_t m) { return !interleaved || m % pipeline.stages == 0; });
    if (!any) {
      throw UsageError(flag + ": no power of two from " + std::to_string(pipeline.sweep_low) + " to " +
                       std::to_string(pipeline.sweep_high) + multiple + " (accepted: a range that holds one)");
    }
  } else if (interleaved && pipeline.microbatches % pipeline.stages != 0) {
    throw UsageError("--microbatches: " + text.microbatches + multiple + " (accepted: a multiple of " +
                     std::to_string(pipeline.stages) + ")");
  }
  if (sweep_activation_bytes) {
    const std::string flag = "--sweep-activation-bytes";
    std::tie(pipeline.sweep_low, pipeline.sweep_high) =
        range_option(flag, text.sweep_activation_bytes, "A:B, sizes >= 1 byte with an optional K, M or G suffix, e.g. 64K:64M",
                     [&](const std::string& part) {
                       const std::uint64_t bytes = bytes_option(flag, part);
                       if (bytes < 1) throw UsageError(flag + ": must be at least 1 byte (accepted: sizes >= 1)");
                       return bytes;
                     });
    pipeline.sweep = "activation-bytes";
  }
  check_pipeline_step_compute(pipeline);
  return config;
}

}  // namespace

SettingsFromFlags pipeline_flags(CLI::App& command) {
  return command_flags(command, pipeline_raw_defaults(), add_pipeline_options,
                       [](const PipelineRawOptions& raw, const CLI::App& parsed) {
                         return build_pipeline_config(raw, report_given(parsed), parsed.count("--device") > 0,
                                                      parsed.count("--chunks") > 0);
                       });
}

}  // namespace commbench
