#include "bench/app/cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <tuple>

#include "build_config.hpp"
#include "collectives/algorithms/explicit_algorithms.hpp"
#include "collectives/backend/checked_size.hpp"
#include "collectives/backend/emulated_compute_limit.hpp"
#include "topology/fabric_files/fabric_presets.hpp"
#include "git_revision.hpp"
#include "bench/app/command_table.hpp"
#include "bench/commands/fabric/fabric_command.hpp"
#include "bench/commands/fit/fit_command.hpp"
#include "bench/commands/gradsync/gradsync_command.hpp"
#include "bench/commands/linkcheck/linkcheck_command.hpp"
#include "bench/commands/pipeline/pipeline_command.hpp"
#include "bench/commands/plan/plan_command.hpp"
#include "bench/commands/predict/predict_command.hpp"
#include "bench/commands/scaling/scaling_command.hpp"
#include "bench/sweep/sweep_command.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/size_parse.hpp"
#include "bench/run/usage_error.hpp"
#include "reports/format/text_join.hpp"
#include "topology/cost/nccl_cost_model.hpp"
#include "topology/training/gradsync_program.hpp"
#include "topology/training/pipeline_placement.hpp"
#include "topology/training/pipeline_schedule.hpp"
#include "topology/workload/workload.hpp"
#include "topology/workload/workload_presets.hpp"

namespace commbench {
namespace {

// `commbench pipeline`'s own flags, as typed.
struct PipelineRawOptions {
  std::string stages, microbatches, activation_bytes, forward_ms, backward_ms, schedule, chunks, placement,
      sweep_microbatches, sweep_activation_bytes;
};

// Raw text of the flags only scaling and plan have.
struct ScalingRawOptions {
  std::string global_batch, per_gpu_batch, overlap, tensor_parallel, pipeline_parallel, gpus, max_gpus, threshold,
      price, algorithm, compare_fabric;
  bool one_per_host = false;
};

// Raw text of the flags only predict has.
struct PredictRawOptions {
  std::string collective, gpus_per_node, protocol;
};

// Raw text of every flag but those of topology, fabric, linkcheck, fit, report, compare and gate (their folders' *_flags.cpp);
// converted and checked by hand so that each error names the flag and what it accepts, in one
// line. Defaults come from Config (raw_defaults).
struct RawOptions : SharedRawOptions {
  std::string check, dtypes, ops, root, timing, placement, auto_budget, auto_precision, avg_min_bytes, backend, device,
      inject_corruption, inject_stall, inject_build_label, nodes, algorithms, shortfall, workload, strategy, bucket_mb,
      first_bucket_mb, sweep_bucket, grad_dtype, forward_ms, backward_ms, progress;
  bool cuda_graph = false;
  bool nccl_register = false;
  bool no_overlap = false;
  PipelineRawOptions pipeline;
  ScalingRawOptions scaling;
  PredictRawOptions predict;
};

template <typename Value, typename Name>
std::string names_text(const std::vector<Value>& values, Name name) {
  std::string text;
  for (const Value& value : values) text += (text.empty() ? "" : ",") + std::string(name(value));
  return text;
}

// The command line's defaults, written as a user would type them, from Config's defaults.
RawOptions raw_defaults() {
  const Config defaults;
  RawOptions raw;
  static_cast<SharedRawOptions&>(raw) = shared_raw_defaults();
  raw.check = std::to_string(defaults.check_iterations);
  raw.dtypes = names_text(defaults.dtypes, dtype_name);
  raw.ops = names_text(defaults.ops, reduce_op_name);
  raw.root = std::to_string(defaults.roots.front());
  raw.timing = timing_mode_name(defaults.timing);
  raw.progress = "auto";
  raw.placement = defaults.out_of_place && defaults.in_place ? "both" : (defaults.in_place ? "in-place" : "out-of-place");
  raw.auto_budget = number_text(defaults.auto_budget_s);
  raw.auto_precision = number_text(defaults.auto_precision);
  raw.avg_min_bytes = size_text(defaults.avg_min_bytes);
  raw.backend = defaults.backend;
  for (const std::string& algorithm : defaults.algorithms) raw.algorithms += (raw.algorithms.empty() ? "" : ",") + algorithm;
  raw.shortfall = number_text(defaults.model.shortfall_fraction);
  raw.first_bucket_mb = number_text(static_cast<double>(defaults.gradsync.first_bucket_bytes) / kMebibyte);
  raw.scaling.gpus = std::to_string(defaults.scaling.min_gpus) + ":" + std::to_string(defaults.scaling.max_gpus);
  raw.scaling.max_gpus = std::to_string(defaults.scaling.max_gpus);
  raw.scaling.threshold = number_text(defaults.scaling.marginal_threshold);
  const PipelineSettings& pipeline = defaults.pipeline;
  raw.pipeline = {std::to_string(pipeline.stages), std::to_string(pipeline.microbatches),
                  size_text(pipeline.activation_bytes), number_text(pipeline.forward_s * 1e3),
                  number_text(pipeline.backward_s * 1e3), pipeline.schedule, std::to_string(pipeline.chunks),
                  pipeline.placement, "", ""};
  return raw;
}

// -c: untimed verification iterations per case, bounded like -w (bench/run/shared_flags.cpp): each
// is a whole collective that also fills and checks the buffers.
constexpr std::uint64_t kMaxCheckIterations = 1000000;

// --inject-stall RANK:CASE
InjectedStall stall_option(const std::string& text) {
  const std::string accepted = "RANK:CASE, a rank and a case number >= 1, e.g. 1:3";
  const auto colon = text.find(':');
  if (colon == std::string::npos) throw UsageError("--inject-stall: '" + text + "' is not accepted (accepted: " + accepted + ")");
  InjectedStall stall;
  stall.rank = rank_option("--inject-stall", text.substr(0, colon), accepted);
  const std::string case_text = text.substr(colon + 1);
  const auto case_number = parse_bytes(case_text);
  if (!case_number || case_text.empty() || case_text.find_first_not_of("0123456789") != std::string::npos ||
      *case_number < 1) {
    throw UsageError("--inject-stall: '" + text + "' is not accepted (accepted: " + accepted + ")");
  }
  stall.case_number = *case_number;
  return stall;
}

constexpr bool kHaveNccl = COMMBENCH_HAVE_NCCL == 1;

// --backend, --device, -G and --nccl-register, which only make sense together in some ways.
void apply_backend_options(Config& config, const RawOptions& raw, bool device_given) {
  const std::string accepted_backends = kHaveNccl ? "mpi, nccl" : "mpi";
  if (raw.backend == "nccl" && !kHaveNccl) {
    throw UsageError("--backend: 'nccl' is not available in this build, which was configured without CUDA and NCCL "
                     "(COMMBENCH_WITH_NCCL; accepted: mpi)");
  }
  if (raw.backend != "mpi" && raw.backend != "nccl") {
    throw UsageError("--backend: '" + raw.backend + "' is not accepted (accepted: " + accepted_backends + ")");
  }
  config.backend = raw.backend;
  const bool nccl = config.backend == "nccl";
  config.device = device_given ? raw.device : (nccl ? "cuda" : "host");
  if (config.device != "host" && config.device != "cuda") {
    throw UsageError("--device: '" + raw.device + "' is not accepted (accepted: host, cuda)");
  }
  if (nccl && config.device != "cuda") {
    throw UsageError("--device host: the nccl backend works on GPU memory only (accepted with --backend nccl: cuda)");
  }
  if (config.device == "cuda" && !kHaveNccl) {
    throw UsageError("--device cuda: not available in this build, which was configured without CUDA and NCCL "
                     "(COMMBENCH_WITH_NCCL; accepted: host)");
  }
  if (raw.cuda_graph && !nccl) {
    throw UsageError("-G/--cuda-graph: needs --backend nccl (MPI calls cannot be recorded in a CUDA graph)");
  }
  if (raw.nccl_register && !nccl) {
    throw UsageError("--nccl-register: needs --backend nccl");
  }
  config.cuda_graph = raw.cuda_graph;
  config.nccl_register = raw.nccl_register;
}

// The explicit algorithms --algo accepts besides native.
std::string algorithm_names_text() {
  std::string names;
  for (const std::string& name : algorithm_names()) {
    if (name != kNativeAlgorithm) names += (names.empty() ? "" : ", ") + name;
  }
  return names;
}

// The algorithms a collective has: native first, then its explicit ones.
std::vector<std::string> collective_algorithms(const CollectiveSpec& spec) {
  std::vector<std::string> names{kNativeAlgorithm};
  for (const std::string& name : explicit_algorithms(spec.name())) names.push_back(name);
  return names;
}

// --algo: every name must be known, and each must belong to the collective run (or, for
// "all", to at least one of them): an algorithm no case would run is a mistake to report.
std::vector<std::string> algorithms_option(const std::string& text, const std::vector<const CollectiveSpec*>& specs) {
  const std::vector<std::string> known = algorithm_names();
  const std::string accepted = " (accepted: native, " + algorithm_names_text() + ", all, or a comma-separated list)";
  std::vector<std::string> chosen;
  if (text == "all") return known;
  for (const std::string& name : split_commas(text)) {
    if (name.empty()) throw UsageError("--algo: '" + text + "' has an empty name in it" + accepted);
    if (name == "all") throw UsageError("--algo: 'all' stands alone, not in a list ('" + text + "')" + accepted);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw UsageError("--algo: unknown algorithm '" + name + "'" + accepted);
    }
    if (std::find(chosen.begin(), chosen.end(), name) != chosen.end()) {
      throw UsageError("--algo: algorithm '" + name + "' is listed twice in '" + text + "'" + accepted);
    }
    const bool runs_somewhere = std::any_of(specs.begin(), specs.end(), [&](const CollectiveSpec* spec) {
      const std::vector<std::string> own = collective_algorithms(*spec);
      return std::find(own.begin(), own.end(), name) != own.end();
    });
    if (!runs_somewhere) {
      const std::string what = specs.size() == 1 ? std::string(specs.front()->name()) : "any collective";
      const std::string own = specs.size() == 1 ? joined(collective_algorithms(*specs.front())) : "native";
      throw UsageError("--algo: " + what + " has no algorithm '" + name + "' (accepted for " + what + ": " + own + ")");
    }
    chosen.push_back(name);
  }
  return chosen;
}

// --algo, --fabric and --shortfall.
void apply_model_options(Config& config, const RawOptions& raw, bool shortfall_given) {
  config.algorithms = algorithms_option(raw.algorithms, config.collectives);
  config.model.fabric = fabric_option(raw);
  const double fraction = positive_real_option("--shortfall", raw.shortfall, 1.0);
  if (shortfall_given && raw.model_fabric.empty()) {
    throw UsageError("--shortfall: needs --fabric, the fabric the predictions come from (accepted: --fabric FILE or "
                     "--fabric PRESET)");
  }
  config.model.shortfall_fraction = fraction;
}

// -b, -e, -f and, with additive steps, -i: the sizes of a sweep, a fabric measurement or a prediction.
void add_sweep_options(CLI::App& command, RawOptions& raw) {
  add_size_options(command, raw, true);
  command.add_option("-n,--iters", raw.iterations, "Timed iterations per case, or 'auto'")->capture_default_str();
  command.add_option("-w,--warmup_iters", raw.warmup, "Untimed warm-up iterations per case")->capture_default_str();
  command.add_option("-c,--check", raw.check, "Verification iterations per case (0 = off)")->capture_default_str();
  command.add_option("-d,--datatype", raw.dtypes, "int8, uint8, int32, uint32, int64, uint64, float16, bfloat16, float8_e4m3, float8_e5m2 (nccl only), float32, float64, all")->capture_default_str();
  command.add_option("-o,--op", raw.ops, "sum, prod, min, max, avg, all")->capture_default_str();
  command.add_option("-r,--root", raw.root, "Root rank of broadcast and reduce, or 'all'")->capture_default_str();
  command.add_option("-J,--json", raw.report, "Write the JSON report to this path");
  command.add_option("--timing", raw.timing, "per-iteration (each iteration timed, max over ranks) or back-to-back (total / iterations)")->capture_default_str();
  command.add_option("--placement", raw.placement, "out-of-place, in-place or both")->capture_default_str();
  command.add_option("--progress", raw.progress,
                     "Rank 0's progress line on stderr: auto (when stderr is a terminal), on (also into a pipe or "
                     "file, as under mpirun) or off")
      ->capture_default_str();
  command.add_option("--auto-budget", raw.auto_budget, "With -n auto: timed seconds at most per case")->capture_default_str();
  command.add_option("--auto-precision", raw.auto_precision, "With -n auto: target half-width of the median's 95% interval, relative")->capture_default_str();
  command.add_option("--avg-min-bytes", raw.avg_min_bytes, "Average bus bandwidth over rows of at least this size")->capture_default_str();
  command.add_option("--backend", raw.backend, kHaveNccl ? "mpi or nccl" : "mpi (this build has no NCCL backend)")
      ->capture_default_str();
  command.add_option("--device", raw.device, "Memory the collectives run on: host or cuda (default: host with mpi, cuda with nccl)");
  command.add_flag("-G,--cuda-graph", raw.cuda_graph,
                   "With --backend nccl: record each sample's iterations in a CUDA graph and time its replay");
  command.add_flag("--nccl-register", raw.nccl_register,
                   "With --backend nccl: register the buffers with the communicator (ncclCommRegister)");
  command.add_option("--timeout", raw.timeout,
                     "Seconds an operation may make no progress before the run ends as timed out (exit 4)")
      ->capture_default_str();
  command.add_option("--algo", raw.algorithms,
                     "native (the library's choice), " + algorithm_names_text() +
                         ", all, or a comma-separated list; each collective runs those it has (docs/MODELS.md)")
      ->capture_default_str();
  command.add_option("--fabric", raw.model_fabric,
                     "Predict every case with the cost models on this fabric: a fabric file (docs/FABRIC.md) or a "
                     "preset: " + fabric_preset_names_text());
  command.add_option("--shortfall", raw.shortfall,
                     "With --fabric: report sizes whose busbw is below this fraction of the model's")
      ->capture_default_str();
  // Test-only, hidden from --help: let the tests prove that verification catches a fault,
  // that a stalled rank is detected, and that ranks with different builds are refused.
  command.add_option("--inject-corruption", raw.inject_corruption)->group("");
  command.add_option("--inject-stall", raw.inject_stall)->group("");
  command.add_option("--inject-build-label", raw.inject_build_label)->group("");
}

void add_gradsync_options(CLI::App& command, RawOptions& raw) {
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
  command.add_option("--backend", raw.backend, kHaveNccl ? "mpi or nccl" : "mpi (this build has no NCCL backend)")
      ->capture_default_str();
  command.add_option("--device", raw.device, "Memory the collectives run on: host or cuda (default: host with mpi, cuda with nccl)");
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

// --workload, required by gradsync, scaling and plan.
std::string workload_option(const RawOptions& raw) {
  if (raw.workload.empty()) {
    throw UsageError("--workload: missing or empty (accepted: a preset, " + workload_preset_names_text() +
                     ", or a workload file)");
  }
  return raw.workload;
}

std::string strategy_option(const RawOptions& raw) {
  if (!parse_sync_strategy(raw.strategy)) {
    throw UsageError("--strategy: unknown strategy '" + raw.strategy + "' (accepted: " + sync_strategy_names_text() +
                     ")");
  }
  return raw.strategy;
}

// --grad-dtype; float8 types only with the backend that has them (backend empty: nothing runs).
Dtype gradient_dtype_option(const RawOptions& raw, const std::string& backend) {
  const auto dtype = parse_dtype(raw.grad_dtype);
  if (!dtype || !is_gradient_dtype(*dtype)) {
    throw UsageError("--grad-dtype: '" + raw.grad_dtype + "' is not accepted (accepted: " +
                     gradient_dtype_names_text() + ")");
  }
  if (!backend.empty() && dtype_is_float8(*dtype) && backend != "nccl") {
    throw UsageError("--grad-dtype: " + raw.grad_dtype + " needs --backend nccl (MPI has no 8-bit float type)");
  }
  return *dtype;
}

void apply_gradsync_options(Config& config, const RawOptions& raw, const CLI::App& command) {
  GradsyncSettings& gradsync = config.gradsync;
  gradsync.workload = workload_option(raw);
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

// --gpus-per-node (predict): 2^24, as --nodes (kMaxNodes, bench/run/shared_flags.hpp).
constexpr std::uint64_t kMaxGpusPerNode = 1ULL << 24;

Config build_config(const std::string& command, const RawOptions& raw, bool report_given, bool device_given,
                    bool shortfall_given) {
  Config config;
  config.command = command;
  config.settings_json = &sweep_settings_json;
  if (command == "all") {
    config.collectives = all_collective_specs();
  } else {
    config.collectives = {find_collective_spec(command)};
  }
  apply_backend_options(config, raw, device_given);
  apply_size_range(config, raw);
  apply_step_bytes(config, raw);
  if (raw.iterations == "auto") {
    config.iterations.reset();
  } else {
    try {
      config.iterations = iterations_option(raw.iterations);
    } catch (const UsageError&) {
      throw UsageError("-n/--iters: '" + raw.iterations + "' is not accepted (accepted: a whole number >= 1 and <= " +
                       std::to_string(kMaxIterations) + ", or auto)");
    }
  }
  config.warmup_iterations = warmup_option(raw.warmup);
  config.check_iterations = whole_option("-c/--check", raw.check, 0, kMaxCheckIterations);
  try {
    config.progress = parse_progress_mode(raw.progress);
  } catch (const std::invalid_argument&) {
    throw UsageError("--progress: '" + raw.progress + "' is not accepted (accepted: auto, on, off)");
  }
  // -d all: every dtype the backend supports. Only nccl has float8 types.
  std::vector<Dtype> backend_dtypes;
  for (Dtype dtype : all_dtypes()) {
    if (config.backend == "nccl" || !dtype_is_float8(dtype)) backend_dtypes.push_back(dtype);
  }
  config.dtypes = list_option("-d/--datatype", "type", raw.dtypes, &parse_dtype, backend_dtypes, dtype_names_joined());
  if (config.backend != "nccl") {
    for (Dtype dtype : config.dtypes) {
      if (dtype_is_float8(dtype)) {
        throw UsageError("-d/--datatype: " + std::string(dtype_name(dtype)) +
                         " needs --backend nccl (MPI has no 8-bit float type; every other type works with --backend " +
                         config.backend + ")");
      }
    }
  }
  config.ops = list_option("-o/--op", "operation", raw.ops, &parse_reduce_op, all_reduce_ops(), reduce_op_names_joined());
  // -o and -r where no collective run reduces or has a root were silently ignored.
  const auto any_spec = [&](bool (CollectiveSpec::*uses)() const) {
    return std::any_of(config.collectives.begin(), config.collectives.end(),
                       [&](const CollectiveSpec* spec) { return (spec->*uses)(); });
  };
  if (was_given(raw, "--op") && !any_spec(&CollectiveSpec::uses_op)) {
    throw UsageError("-o/--op and " + command + ": " + command + " does not reduce, so -o/--op would be ignored "
                     "(accepted: -o with allreduce, reducescatter, reduce or all)");
  }
  if (was_given(raw, "--root") && !any_spec(&CollectiveSpec::uses_root)) {
    throw UsageError("-r/--root and " + command + ": " + command + " has no root, so -r/--root would be ignored "
                     "(accepted: -r with broadcast, reduce or all)");
  }
  if (raw.root == "all") {
    config.all_roots = true;
  } else {
    config.roots = {rank_option("-r/--root", raw.root, "a rank from 0 to the number of ranks - 1, or all")};
  }
  if (raw.timing == "per-iteration") {
    config.timing = TimingMode::per_iteration;
  } else if (raw.timing == "back-to-back") {
    config.timing = TimingMode::back_to_back;
  } else {
    throw UsageError("--timing: '" + raw.timing + "' is not accepted (accepted: per-iteration, back-to-back)");
  }
  if (raw.placement == "both") {
    config.out_of_place = config.in_place = true;
  } else if (raw.placement == "out-of-place" || raw.placement == "in-place") {
    config.out_of_place = raw.placement == "out-of-place";
    config.in_place = !config.out_of_place;
  } else {
    throw UsageError("--placement: '" + raw.placement + "' is not accepted (accepted: out-of-place, in-place, both)");
  }
  config.auto_budget_s = positive_real_option("--auto-budget", raw.auto_budget, 3600.0);
  config.auto_precision = positive_real_option("--auto-precision", raw.auto_precision, 1.0);
  // Both steer -n auto only; with a fixed count they were silently ignored.
  for (const std::string flag : {"--auto-budget", "--auto-precision"}) {
    if (was_given(raw, flag) && config.iterations) {
      throw UsageError(flag + " and -n/--iters " + raw.iterations + ": " + flag +
                       " only steers -n auto and would be ignored (accepted: " + flag + " with -n auto)");
    }
  }
  config.avg_min_bytes = bytes_option("--avg-min-bytes", raw.avg_min_bytes);
  apply_report_options(config, raw, report_given);
  if (!raw.inject_corruption.empty()) {
    config.inject_corruption_rank = rank_option("--inject-corruption", raw.inject_corruption, "a rank from 0 to the number of ranks - 1");
  }
  if (!raw.inject_stall.empty()) config.inject_stall = stall_option(raw.inject_stall);
  config.inject_build_label = raw.inject_build_label;
  apply_model_options(config, raw, shortfall_given);
  return config;
}

void add_pipeline_options(CLI::App& command, RawOptions& raw) {
  PipelineRawOptions& pipeline = raw.pipeline;
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
  command.add_option("--backend", raw.backend, kHaveNccl ? "mpi or nccl" : "mpi (this build has no NCCL backend)")
      ->capture_default_str();
  command.add_option("--device", raw.device, "Memory the transfers use: host or cuda (default: host with mpi, cuda with nccl)");
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

// scaling and plan: the workload, what the command line changes in it, and the analysis.
void add_scaling_options(CLI::App& command, RawOptions& raw, bool plan) {
  ScalingRawOptions& text = raw.scaling;
  add_report_options(command, raw);
  command.add_option("--workload", raw.workload,
                     "The training job (required): a preset (" + workload_preset_names_text() +
                         ") or a workload file (docs/WORKLOADS.md)");
  command.add_option("--global-batch", text.global_batch, "Strong scaling with this global batch in samples");
  command.add_option("--per-gpu-batch", text.per_gpu_batch,
                     "Weak scaling with this batch in samples per data-parallel replica");
  command.add_option("--strategy", raw.strategy, sync_strategy_names_text() + " (default: the workload's)");
  command.add_option("--bucket-mb", raw.bucket_mb, "Gradient bucket in MiB (default: the workload's, 25)");
  command.add_option("--first-bucket-mb", raw.first_bucket_mb, "Size of the first bucket in MiB, as PyTorch DDP")
      ->capture_default_str();
  command.add_option("--grad-dtype", raw.grad_dtype, "Gradient type: " + gradient_dtype_names_text() +
                                                         " (default: the workload's)");
  command.add_option("--overlap", text.overlap,
                     "Share of the communication that can hide behind backward compute, 0 to 1 (default: the "
                     "workload's)");
  command.add_option("--tp", text.tensor_parallel, "Tensor-parallel degree (default: the workload's, 1)");
  command.add_option("--pp", text.pipeline_parallel, "Pipeline-parallel degree (default: the workload's, 1)");
  command.add_option("--threshold", text.threshold,
                     "A doubling stops paying when it gains less than this share of the ideal")
      ->capture_default_str();
  command.add_option("--price-per-gpu-hour", text.price, "Price of one GPU-hour: adds the cost per step");
  command.add_option("--algorithm", text.algorithm,
                     "Model every collective with this algorithm (e.g. ring) instead of the fastest modelled one");
  if (plan) {
    command.add_option("--fabric", raw.model_fabric,
                       "The fabric to plan for (required): a fabric file or a preset: " + fabric_preset_names_text());
    command.add_option("--compare-fabric", text.compare_fabric,
                       "A second fabric (file or preset): which one moves the break-even further, and by how much");
    command.add_option("--gpus", text.gpus, "MIN:MAX: the GPU counts analysed, MIN, 2 MIN, 4 MIN, ... up to MAX")
        ->capture_default_str();
    return;
  }
  add_point_to_point_iterations(command, raw);
  command.add_option("--fabric", raw.model_fabric,
                     "Extrapolate with this fabric (file or preset; default: the fabric measured by this run)");
  command.add_option("--max-gpus", text.max_gpus, "Extrapolate up to this many GPUs")->capture_default_str();
  command.add_flag("--one-per-host", text.one_per_host, "One rank per host instead of filling hosts first");
  command.add_option("--backend", raw.backend, kHaveNccl ? "mpi or nccl" : "mpi (this build has no NCCL backend)")
      ->capture_default_str();
  command.add_option("--device", raw.device, "Memory the collectives run on: host or cuda (default: host with mpi, cuda with nccl)");
}

// --tp and --pp: whole numbers from 1.
int parallel_degree_option(const std::string& flag, const std::string& text) {
  const std::string accepted = "a whole number from 1 to 2147483647";
  const int degree = rank_option(flag, text, accepted);
  if (degree < 1) throw UsageError(flag + ": '" + text + "' is not accepted (accepted: " + accepted + ")");
  return degree;
}

// The largest GPU count analysed: 2^24, a thousand times the largest clusters built, small
// enough that every count is an int for the cost models.
constexpr std::uint64_t kMaxScalingGpus = 1ULL << 24;

// scaling (measured) or, with plan, plan (modelled alone).
Config build_scaling_config(const RawOptions& raw, const CLI::App& chosen, bool plan) {
  Config config;
  config.command = plan ? kPlanCommand : kScalingCommand;
  config.settings_json = plan ? &plan_settings_json : &scaling_command_settings_json;
  apply_report_options(config, raw, chosen.count("--json") > 0);
  if (!plan) {
    apply_backend_options(config, raw, chosen.count("--device") > 0);
    config.iterations = iterations_option(raw.iterations);
    config.warmup_iterations = warmup_option(raw.warmup);
  }
  const ScalingRawOptions& text = raw.scaling;
  ScalingSettings& scaling = config.scaling;
  scaling.workload = workload_option(raw);
  const bool global_given = chosen.count("--global-batch") > 0;
  const bool per_gpu_given = chosen.count("--per-gpu-batch") > 0;
  if (global_given && per_gpu_given) {
    throw UsageError("--global-batch and --per-gpu-batch: give one of them (accepted: --global-batch N for strong "
                     "scaling, or --per-gpu-batch N for weak scaling)");
  }
  if (global_given) scaling.global_batch = whole_option("--global-batch", text.global_batch, 1, kLargestWholeNumber);
  if (per_gpu_given) scaling.per_gpu_batch = whole_option("--per-gpu-batch", text.per_gpu_batch, 1, kLargestWholeNumber);
  if (chosen.count("--strategy") > 0) scaling.strategy = strategy_option(raw);
  if (chosen.count("--bucket-mb") > 0) scaling.bucket_bytes = mebibytes_option("--bucket-mb", raw.bucket_mb);
  scaling.first_bucket_bytes = mebibytes_option("--first-bucket-mb", raw.first_bucket_mb);
  if (chosen.count("--grad-dtype") > 0) scaling.gradient_dtype = gradient_dtype_option(raw, plan ? "" : config.backend);
  if (chosen.count("--overlap") > 0) {
    scaling.overlap_fraction = text.overlap == "0" ? 0.0 : positive_real_option("--overlap", text.overlap, 1.0);
  }
  if (chosen.count("--tp") > 0) scaling.tensor_parallel = parallel_degree_option("--tp", text.tensor_parallel);
  if (chosen.count("--pp") > 0) scaling.pipeline_parallel = parallel_degree_option("--pp", text.pipeline_parallel);
  scaling.marginal_threshold = positive_real_option("--threshold", text.threshold, 1.0);
  if (scaling.marginal_threshold >= 1.0) {
    throw UsageError("--threshold: '" + text.threshold +
                     "' would call an ideal doubling a loss (accepted: a number > 0 and < 1)");
  }
  if (chosen.count("--price-per-gpu-hour") > 0) {
    scaling.price_per_gpu_hour = positive_real_option("--price-per-gpu-hour", text.price, 1e6);
  }
  if (chosen.count("--algorithm") > 0) {
    if (text.algorithm.empty()) {
      throw UsageError("--algorithm: the name is empty (accepted: an algorithm the cost models have, e.g. ring)");
    }
    scaling.algorithm = text.algorithm;
  }
  config.model.fabric = fabric_option(raw);
  const std::string gpus_accepted = "whole numbers from 1 to " + std::to_string(kMaxScalingGpus);
  const auto gpu_count = [&](const std::string& flag, const std::string& value) {
    const auto gpus = parse_bytes(value);
    if (!gpus || value.find_first_not_of("0123456789") != std::string::npos || *gpus < 1 || *gpus > kMaxScalingGpus) {
      throw UsageError(flag + ": '" + value + "' is not accepted (accepted: " + gpus_accepted + ")");
    }
    return *gpus;
  };
  if (plan) {
    if (raw.model_fabric.empty()) {
      throw UsageError("--fabric: missing or empty (accepted: a fabric file or a preset, " +
                       fabric_preset_names_text() + ")");
    }
    if (chosen.count("--compare-fabric") > 0 && text.compare_fabric.empty()) {
      throw UsageError("--compare-fabric: the name is empty (accepted: a fabric file or a preset, " +
                       fabric_preset_names_text() + ")");
    }
    scaling.compare_fabric = text.compare_fabric;
    std::tie(scaling.min_gpus, scaling.max_gpus) =
        range_option("--gpus", text.gpus, "MIN:MAX, " + gpus_accepted + ", e.g. 8:16384",
                     [&](const std::string& part) { return gpu_count("--gpus", part); });
    return config;
  }
  scaling.max_gpus = gpu_count("--max-gpus", text.max_gpus);
  scaling.one_per_host = text.one_per_host;
  return config;
}

Config build_pipeline_config(const RawOptions& raw, bool report_given, bool device_given, bool chunks_given) {
  Config config;
  config.command = kPipelineCommand;
  config.settings_json = &pipeline_settings_json;
  apply_report_options(config, raw, report_given);
  apply_backend_options(config, raw, device_given);
  config.iterations = iterations_option(raw.iterations);
  config.warmup_iterations = warmup_option(raw.warmup);
  config.model.fabric = fabric_option(raw);
  const PipelineRawOptions& text = raw.pipeline;
  PipelineSettings& pipeline = config.pipeline;
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

// The collective names the sweep commands take, "all" last.
std::string collective_names_text() {
  std::string names;
  for (const CollectiveSpec* spec : all_collective_specs()) names += std::string(spec->name()) + ", ";
  return names + "all";
}

std::string protocol_names_text() {
  std::string names;
  for (const std::string& name : nccl_protocol_names()) names += name + ", ";
  return names + "all";
}

void add_predict_options(CLI::App& command, RawOptions& raw) {
  add_report_options(command, raw);
  command.add_option("collective", raw.predict.collective, "What to predict (required): " + collective_names_text());
  command.add_option("--fabric", raw.model_fabric,
                     "The fabric to predict for (required): a fabric file (docs/FABRIC.md) or a preset: " +
                         fabric_preset_names_text() + "; either may be followed by :nvls=off, :collnet=on");
  command.add_option("--nodes", raw.nodes, "Nodes: the outermost tier's members (default: the fabric's own)");
  command.add_option("--gpus-per-node", raw.predict.gpus_per_node,
                     "GPUs (ranks) used on each node, from 1 to the node's (default: all of them)");
  add_size_options(command, raw, true);
  command.add_option("--algo", raw.algorithms,
                     "native (the library's choice, as its model has it), an algorithm of the fabric's model family "
                     "(NCCL: ring, tree, nvls, nvls-tree, collnet-direct, collnet-chain, pat, p2p; MPI-style: ring, "
                     "recursive-doubling, ...), or all: one column group each (docs/MODELS.md)")
      ->capture_default_str();
  command.add_option("--protocol", raw.predict.protocol,
                     "NCCL's protocol: " + protocol_names_text() + " (default: NCCL picks; GPU fabrics only)");
}

Config build_predict_config(const RawOptions& raw, const CLI::App& chosen) {
  Config config;
  config.command = kPredictCommand;
  config.settings_json = &predict_settings_json;
  apply_report_options(config, raw, chosen.count("--json") > 0);
  PredictSettings& predict = config.predict;
  const std::string usage = "commbench predict COLLECTIVE|all --fabric FILE|PRESET";
  if (chosen.count("collective") == 0) {
    throw UsageError("predict: the collective is missing (accepted: " + usage + ", COLLECTIVE one of " +
                     collective_names_text() + ")");
  }
  if (raw.predict.collective != "all" && find_collective_spec(raw.predict.collective) == nullptr) {
    throw UsageError("predict: unknown collective '" + raw.predict.collective + "' (accepted: " +
                     collective_names_text() + ")");
  }
  predict.collective = raw.predict.collective;
  if (raw.model_fabric.empty()) {
    throw UsageError("--fabric: missing or empty (accepted: a fabric file or a preset, " + fabric_preset_names_text() +
                     ")");
  }
  config.model.fabric = raw.model_fabric;
  apply_size_range(config, raw);
  apply_step_bytes(config, raw);
  if (chosen.count("--nodes") > 0) predict.nodes = whole_option("--nodes", raw.nodes, 1, kMaxNodes);
  if (chosen.count("--gpus-per-node") > 0) {
    predict.gpus_per_node = whole_option("--gpus-per-node", raw.predict.gpus_per_node, 1, kMaxGpusPerNode);
  }
  // Which algorithms there are depends on the fabric's model family: rank 0 checks the name
  // once it has read the fabric (bench/commands/predict/prediction_sweep.hpp).
  if (raw.algorithms.empty()) {
    throw UsageError("--algo: the name is empty (accepted: native, all, or an algorithm of the fabric's model family, "
                     "e.g. ring)");
  }
  predict.algorithm = raw.algorithms;
  if (chosen.count("--protocol") > 0) {
    const std::vector<std::string>& protocols = nccl_protocol_names();
    if (raw.predict.protocol != "all" &&
        std::find(protocols.begin(), protocols.end(), raw.predict.protocol) == protocols.end()) {
      throw UsageError("--protocol: unknown protocol '" + raw.predict.protocol + "' (accepted: " +
                       protocol_names_text() + ")");
    }
    predict.protocol = raw.predict.protocol;
  }
  return config;
}

std::string command_names() {
  std::string names;
  for (const Command& command : command_table()) names += (names.empty() ? "" : ", ") + command.name;
  return names;
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

// CLI11 says "--minbytes: 1 required TEXT missing"; say which flag (short and long name) has
// no value and what it takes, from the command being parsed.
std::string missing_value_message(const CLI::App& app, const std::string& cli11_message) {
  const std::string name = cli11_message.substr(0, cli11_message.find(':'));
  const auto parsed = app.get_subcommands();
  const CLI::App* command = parsed.empty() ? app.get_subcommand(0) : parsed.front();
  const CLI::Option* option = command->get_option_no_throw(name);
  if (option == nullptr) return one_line(cli11_message) + " (see commbench --help)";
  std::string names = option->get_name(false, true);
  std::replace(names.begin(), names.end(), ',', '/');
  return names + ": the value is missing (accepted: " + option->get_description() + ")";
}

// CLI11's own message lists the unexpected arguments last first (it parses a reversed list);
// its remaining() has them in the order given.
std::string unexpected_arguments_message(const std::vector<std::string>& extras) {
  std::string text = extras.size() == 1 ? "The following argument was not expected:" :
                                          "The following arguments were not expected:";
  for (const std::string& extra : extras) text += " " + extra;
  return text + " (see commbench --help)";
}

}  // namespace

SettingsFromFlags sweep_flags(CLI::App& command) {
  return command_flags(command, raw_defaults(), add_sweep_options, [](const RawOptions& raw, const CLI::App& parsed) {
    return build_config(parsed.get_name(), raw, report_given(parsed), parsed.count("--device") > 0,
                        parsed.count("--shortfall") > 0);
  });
}

SettingsFromFlags gradsync_flags(CLI::App& command) {
  return command_flags(command, raw_defaults(), add_gradsync_options,
                       [](const RawOptions& raw, const CLI::App& parsed) {
                         Config config = iterations_config(kGradsyncCommand, raw, report_given(parsed));
                         config.settings_json = &gradsync_settings_json;
                         apply_backend_options(config, raw, parsed.count("--device") > 0);
                         apply_gradsync_options(config, raw, parsed);
                         return config;
                       });
}

SettingsFromFlags pipeline_flags(CLI::App& command) {
  return command_flags(command, raw_defaults(), add_pipeline_options,
                       [](const RawOptions& raw, const CLI::App& parsed) {
                         return build_pipeline_config(raw, report_given(parsed), parsed.count("--device") > 0,
                                                      parsed.count("--chunks") > 0);
                       });
}

SettingsFromFlags scaling_flags(CLI::App& command) {
  const auto add = [](CLI::App& app, RawOptions& raw) { add_scaling_options(app, raw, false); };
  return command_flags(command, raw_defaults(), add, [](const RawOptions& raw, const CLI::App& parsed) {
    return build_scaling_config(raw, parsed, false);
  });
}

SettingsFromFlags plan_flags(CLI::App& command) {
  const auto add = [](CLI::App& app, RawOptions& raw) { add_scaling_options(app, raw, true); };
  return command_flags(command, raw_defaults(), add, [](const RawOptions& raw, const CLI::App& parsed) {
    return build_scaling_config(raw, parsed, true);
  });
}

SettingsFromFlags predict_flags(CLI::App& command) {
  return command_flags(command, raw_defaults(), add_predict_options, [](const RawOptions& raw, const CLI::App& parsed) {
    return build_predict_config(raw, parsed);
  });
}

ParsedCommandLine parse_command_line(const std::vector<std::string>& arguments) {
  CLI::App app{"commbench: communication benchmarks for distributed training (run it under mpirun or srun)",
               "commbench"};
  app.set_version_flag("--version", std::string("commbench ") + kVersion + " (" + kGitRevision + ")");
  app.require_subcommand(1, 1);
  std::vector<SettingsFromFlags> settings;  // the table's order
  for (const Command& command : command_table()) {
    settings.push_back(command.add_flags(*app.add_subcommand(command.name, command.help)));
  }
  // A first word that is neither a flag nor a command is a misspelt command: say so plainly
  // (CLI11 would only say that a command is required).
  if (!arguments.empty() && !arguments.front().empty() && arguments.front()[0] != '-' &&
      find_command(arguments.front()) == nullptr) {
    throw UsageError("unknown command '" + arguments.front() + "' (accepted commands: " + command_names() + ")");
  }
  // Flags belong to a command; CLI11 would only list them as unexpected, last first.
  if (!arguments.empty() && arguments.front().size() > 1 && arguments.front()[0] == '-' &&
      arguments.front() != "-h" && arguments.front() != "--help" && arguments.front() != "--version") {
    throw UsageError("'" + arguments.front() + "' comes before the command (accepted: commbench COMMAND [flags], " +
                     "with COMMAND one of " + command_names() + ")");
  }
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return {std::nullopt, app.help()};
  } catch (const CLI::CallForAllHelp&) {
    return {std::nullopt, app.help("", CLI::AppFormatMode::All)};
  } catch (const CLI::CallForVersion& version) {
    return {std::nullopt, std::string(version.what()) + "\n"};
  } catch (const CLI::RequiredError& error) {
    throw UsageError(one_line(error.what()) + " (accepted commands: " + command_names() + ")");
  } catch (const CLI::ArgumentMismatch& error) {
    throw UsageError(missing_value_message(app, error.what()));
  } catch (const CLI::ExtrasError& error) {
    const std::vector<std::string> extras = app.remaining(true);
    if (extras.empty()) throw UsageError(one_line(error.what()) + " (see commbench --help)");
    throw UsageError(unexpected_arguments_message(extras));
  } catch (const CLI::ParseError& error) {
    throw UsageError(one_line(error.what()) + " (see commbench --help)");
  }
  const CLI::App* chosen = app.get_subcommands().front();
  const std::vector<Command>& commands = command_table();
  for (std::size_t index = 0; index < commands.size(); ++index) {
    if (commands[index].name == chosen->get_name()) return {settings[index](*chosen), ""};
  }
  throw std::logic_error("parse_command_line: no command named " + chosen->get_name());
}

namespace {

// The cases the sweep runs (bench/sweep/sweep.cpp, plan_sweep): per collective, its algorithms x
// dtypes x ops (if it reduces) x roots (if it has one) x the messages its sizes give x the
// placements.
std::uint64_t planned_cases(const Config& config, int world_size) {
  if (config.collectives.empty()) return 0;
  const std::vector<std::uint64_t> sizes =
      sweep_sizes(config.min_bytes, config.max_bytes, config.step_factor, config.step_bytes);
  const std::uint64_t placements = (config.out_of_place ? 1 : 0) + (config.in_place ? 1 : 0);
  std::uint64_t cases = 0;
  for (const CollectiveSpec* spec : config.collectives) {
    const std::vector<std::string> own = collective_algorithms(*spec);
    const auto algorithms = static_cast<std::uint64_t>(
        std::count_if(config.algorithms.begin(), config.algorithms.end(), [&](const std::string& name) {
          return std::find(own.begin(), own.end(), name) != own.end();
        }));
    const std::uint64_t ops = spec->uses_op() ? config.ops.size() : 1;
    const std::uint64_t roots = spec->uses_root() ? config.roots.size() : 1;
    for (Dtype dtype : config.dtypes) {
      const std::uint64_t messages = swept_messages(*spec, sizes, dtype_size(dtype), world_size).size();
      cases += algorithms * ops * roots * messages * placements;
    }
  }
  return cases;
}

// Ranks named on the command line must be in the communicator.
void check_world_size(const Config& config, int world_size) {
  for (int root : config.roots) {
    if (root >= world_size) {
      throw UsageError("-r/--root: " + std::to_string(root) + " is outside the communicator (accepted: 0 to " +
                       std::to_string(world_size - 1) + ", or all)");
    }
  }
  if (config.inject_corruption_rank >= world_size) {
    throw UsageError("--inject-corruption: rank " + std::to_string(config.inject_corruption_rank) +
                     " is outside the communicator (accepted: 0 to " + std::to_string(world_size - 1) + ")");
  }
  if (config.inject_stall && config.inject_stall->rank >= world_size) {
    throw UsageError("--inject-stall: rank " + std::to_string(config.inject_stall->rank) +
                     " is outside the communicator (accepted: 0 to " + std::to_string(world_size - 1) + ")");
  }
}

}  // namespace

void apply_world_size(Config& config, int world_size) {
  if (config.all_roots) {
    config.roots.clear();
    for (int rank = 0; rank < world_size; ++rank) config.roots.push_back(rank);
  }
  check_world_size(config, world_size);
  const std::uint64_t cases = planned_cases(config, world_size);
  if (cases > kMaxSweepCases) {
    const std::string most = std::to_string(kMaxSweepCases);
    throw UsageError("the sweep plans " + std::to_string(cases) + " cases on " + std::to_string(world_size) +
                     " ranks, more than the largest sweep accepted, " + most + " cases (accepted: at most " + most +
                     ", the product of the sizes (-b, -e, -f, -i), -d, -o, -r, --placement and --algo over the "
                     "collectives run: fewer of one of them)");
  }
}

}  // namespace commbench
