#include "bench/sweep/sweep_flags.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/run/backend_flags.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/size_parse.hpp"
#include "bench/run/usage_error.hpp"
#include "bench/sweep/sweep.hpp"
#include "bench/sweep/sweep_command.hpp"
#include "collectives/algorithms/explicit_algorithms.hpp"
#include "collectives/backend/checked_size.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"
#include "reports/format/text_join.hpp"
#include "topology/fabric_files/fabric_presets.hpp"

namespace commbench {
namespace {

// Raw text of the sweep's flags, converted and checked by hand so that each error names the
// flag and what it accepts, in one line. Defaults come from Config (sweep_raw_defaults).
struct SweepRawOptions : SharedRawOptions, BackendRawOptions {
  std::string check, dtypes, ops, root, timing, placement, auto_budget, auto_precision, avg_min_bytes,
      inject_corruption, inject_stall, inject_build_label, algorithms, shortfall, progress;
};

// Names as a list flag takes them: comma-separated, no spaces.
template <typename Value, typename Name>
std::string names_text(const std::vector<Value>& values, Name name) {
  std::vector<std::string> names;
  for (const Value& value : values) names.emplace_back(name(value));
  return joined(names, ",");
}

// The command line's defaults, written as a user would type them, from Config's defaults.
SweepRawOptions sweep_raw_defaults() {
  const Config defaults;
  SweepRawOptions raw;
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
  raw.algorithms = names_text(defaults.algorithms, [](const std::string& name) { return name; });
  raw.shortfall = number_text(defaults.model.shortfall_fraction);
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

// The explicit algorithms --algo accepts besides native.
std::string algorithm_names_text() {
  std::vector<std::string> names = algorithm_names();
  names.erase(std::remove(names.begin(), names.end(), kNativeAlgorithm), names.end());
  return joined(names);
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
void apply_model_options(Config& config, const SweepRawOptions& raw, bool shortfall_given) {
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
void add_sweep_options(CLI::App& command, SweepRawOptions& raw) {
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
  add_backend_options(command, raw, "Memory the collectives run on");
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

// A collective sweep: the collective named (or all of them) and the sweep's flags.
Config build_config(const std::string& command, const SweepRawOptions& raw, bool report_given, bool device_given,
                    bool shortfall_given) {
  Config config;
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

SettingsFromFlags sweep_flags(CLI::App& command) {
  return command_flags(command, sweep_raw_defaults(), add_sweep_options,
                       [](const SweepRawOptions& raw, const CLI::App& parsed) {
                         return build_config(parsed.get_name(), raw, report_given(parsed),
                                             parsed.count("--device") > 0, parsed.count("--shortfall") > 0);
                       });
}

}  // namespace commbench
