#pragma once
// Everything a run was asked to do, filled once from the command line (bench/app/cli.hpp, with
// the flags of the command's folder) and passed down; nothing else holds settings. The settings
// of one command alone live in its folder and here only as own_settings.
#include <any>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/run/progress_display.hpp"
#include "collectives/backend/collective_spec.hpp"
#include "collectives/dtype/dtype.hpp"
#include "collectives/dtype/reduce_op.hpp"

namespace commbench {

enum class TimingMode { per_iteration, back_to_back };

// Test-only: the rank that stops responding, and at which case (1 = the first case run).
struct InjectedStall {
  int rank = 0;
  std::uint64_t case_number = 1;
};

// A sweep's cost model (docs/MODELS.md): the fabric its predictions come from.
struct ModelSettings {
  std::string fabric;               // a fabric file or a preset's name; empty: no predictions
  double shortfall_fraction = 0.8;  // report sizes whose busbw is below this fraction of the model's
};

// A file named on the command line, with the flag (or argument) that named it.
struct NamedPath {
  std::string flag;  // "-J/--json", "--workload", "the report input"
  std::string path;
};

struct Config;

// The configuration as a command records it in its report and every rank's digest covers it:
// the settings it uses. Each command's own (set by its flags); command_json when null.
using SettingsJson = nlohmann::json (*)(const Config& config);

// What several commands share (the backend, the sizes, the iterations, the timeout, -J and
// --fabric) and the collective sweep's cases, which the sweep's case runner and timing loop
// read for every command that runs cases (the sweep, scaling); the settings of one command
// alone are its own_settings.
struct Config {
  // The command's name as typed: a collective's name, "all", or another command of the table
  // (bench/app/command_table.cpp).
  std::string command;
  SettingsJson settings_json = nullptr;
  std::vector<const CollectiveSpec*> collectives;  // the sweep's; empty for the other commands
  std::string backend = "mpi";   // "mpi" or "nccl"
  std::string device = "host";   // where the buffers live: "host" or "cuda"
  bool cuda_graph = false;       // -G: time the replay of a CUDA graph of the iterations
  bool nccl_register = false;    // register the buffers with NCCL (ncclCommRegister)
  std::uint64_t min_bytes = 8;
  std::uint64_t max_bytes = 32ULL << 20;
  std::uint64_t step_factor = 2;
  std::uint64_t step_bytes = 0;  // > 0: additive steps instead of the factor
  std::optional<std::uint64_t> iterations = 20;  // empty: -n auto
  std::uint64_t warmup_iterations = 5;
  std::uint64_t check_iterations = 1;
  std::vector<Dtype> dtypes{Dtype::float32};
  std::vector<ReduceOp> ops{ReduceOp::sum};
  std::vector<int> roots{0};  // filled in for "-r all" once the world size is known
  // --algo: "native" (the library's own choice) and explicit algorithms over point-to-point
  // (collectives/algorithms/explicit_algorithms.hpp); each collective runs those it has.
  std::vector<std::string> algorithms{"native"};
  ModelSettings model;
  bool all_roots = false;
  bool out_of_place = true;
  bool in_place = true;
  TimingMode timing = TimingMode::per_iteration;
  // Rank 0's progress line on standard error during a sweep (bench/run/progress_display.hpp).
  // Display only: not part of the configuration every rank must share or the report keeps.
  ProgressMode progress = ProgressMode::automatic;
  double auto_budget_s = 1.0;
  double auto_precision = 0.01;
  std::uint64_t avg_min_bytes = 1ULL << 20;
  std::string report_path;  // empty: no JSON report
  // An operation that makes no progress for this long ends the run as timed out. Longer than
  // any single operation of a working fabric at the sizes the suite sweeps, short enough
  // that a hung CI job ends in minutes, not at the scheduler's limit.
  double timeout_s = 300;
  int inject_corruption_rank = -1;  // test-only: corrupt one output element on this rank
  std::optional<InjectedStall> inject_stall;  // test-only
  // Test-only: appended to this rank's build identity, as if it ran another build. Not part
  // of the configuration (config_to_json), which every rank must share.
  std::string inject_build_label;
  // The files the run reads and writes besides --fabric and -J, each with the flag that named
  // it (--workload, --spec, -o, ...): set by the command's flags, held against each other
  // before anything runs (bench/run/output_over_input.hpp).
  std::vector<NamedPath> inputs;
  std::vector<NamedPath> outputs;
  // The settings of this command alone (GradsyncSettings in bench/commands/gradsync/, ...),
  // set by its flags and read by its code through settings<T>(). Empty for a command without.
  std::any own_settings;

  // The command's own settings; a command reads only its own type.
  template <typename Settings>
  const Settings& settings() const {
    const Settings* settings = std::any_cast<Settings>(&own_settings);
    if (settings == nullptr) throw std::logic_error("Config::settings: " + command + " has no such settings");
    return *settings;
  }
  // For the command's flags: its settings, first set to their defaults.
  template <typename Settings>
  Settings& settings() {
    if (!own_settings.has_value()) own_settings = Settings{};
    Settings* settings = std::any_cast<Settings>(&own_settings);
    if (settings == nullptr) throw std::logic_error("Config::settings: " + command + " has other settings");
    return *settings;
  }
};

std::string timing_mode_name(TimingMode mode);

// True for the collective sweeps (a collective's name or "all").
bool is_sweep_command(const Config& config);

// The configuration as recorded in the report: the settings the command uses
// (config.settings_json).
nlohmann::json config_to_json(const Config& config);

// What every command records: its name, the report path and the timeout. Each command's
// settings_json adds its own settings to it.
nlohmann::json command_json(const Config& config);

// -n and -w as every command that times transfers or steps records them: {"iterations",
// "warmup_iterations"} (the sweep, whose -n may be auto, records its own).
nlohmann::json timed_iterations_json(const Config& config);

// timed_iterations_json and the backend and device: what a command that measures on a chosen
// backend (gradsync, pipeline, scaling) records beside its own settings.
nlohmann::json measured_run_json(const Config& config);

// An optional setting as recorded: its value, or null.
template <typename Value>
nlohmann::json optional_json(const std::optional<Value>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace commbench
