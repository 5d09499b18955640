#include "bench/commands/fit/fit_flags.hpp"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "bench/commands/fit/fit_command.hpp"
#include "bench/commands/fit/fit_settings.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/output_over_input.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/usage_error.hpp"

namespace commbench {
namespace {

// Raw text of fit's own flags, on top of -J, --timeout and --fabric.
struct FitRawOptions : SharedRawOptions {
  std::string fit_input, bootstrap, seed;
};

// The command line's defaults, written as a user would type them, from the settings' defaults.
FitRawOptions fit_raw_defaults() {
  const FitSettings defaults;
  FitRawOptions raw;
  raw.bootstrap = std::to_string(defaults.bootstrap_resamples);
  raw.seed = std::to_string(defaults.seed);
  return raw;
}

// --bootstrap's upper bound: far more resamples than a 95% interval needs, few enough that a
// typo cannot keep rank 0 busy for hours.
constexpr std::uint64_t kMaxBootstrapResamples = 1000000;

void add_fit_options(CLI::App& command, FitRawOptions& raw) {
  command.add_option("file", raw.fit_input,
                     "The file to fit (required): a collectives report (commbench COLLECTIVE -J) or a measured fabric "
                     "(commbench fabric -J)");
  command.add_option("-J,--json", raw.report, "Write the fitted fabric (docs/FABRIC.md) to this path");
  add_timeout_option(command, raw);
  command.add_option("--bootstrap", raw.bootstrap, "Bootstrap resamples for the 95% intervals (0: none)")
      ->capture_default_str();
  command.add_option("--seed", raw.seed, "Seed of the bootstrap's resampling (the same seed gives the same intervals)")
      ->capture_default_str();
  command.add_option("--fabric", raw.model_fabric,
                     "With a report of NCCL runs: the GPU fabric they ran on, whose NCCL model the native rows "
                     "calibrate (default: the fabric the report was measured against)");
}

Config fit_config(const FitRawOptions& raw, bool report_given, bool fit_input_given) {
  Config config = report_config(raw, report_given);
  config.settings_json = &fit_settings_json;
  const std::string accepted =
      "(accepted: commbench fit FILE [-J FITTED.json], FILE a collectives report or a measured fabric)";
  if (!fit_input_given) throw UsageError("fit: the file to fit is missing " + accepted);
  if (raw.fit_input.empty()) throw UsageError("fit: the file name is empty " + accepted);
  FitSettings& fit = config.settings<FitSettings>();
  fit.input = raw.fit_input;
  fit.bootstrap_resamples = whole_option("--bootstrap", raw.bootstrap, 0, kMaxBootstrapResamples);
  fit.seed = whole_option("--seed", raw.seed, 0, kLargestWholeNumber);
  // The seed steers the bootstrap's resampling only.
  if (fit.bootstrap_resamples == 0 && was_given(raw, "--seed")) {
    throw UsageError("--seed and --bootstrap 0: with no resamples there is nothing to seed, so --seed would be "
                     "ignored (accepted: --seed with --bootstrap N, N >= 1)");
  }
  fit.fabric = fabric_option(raw);
  add_fabric_input(config, "--fabric", fit.fabric);
  add_input(config, "the file to fit", fit.input);
  return config;
}

}  // namespace

SettingsFromFlags fit_flags(CLI::App& command) {
  return command_flags(command, fit_raw_defaults(), add_fit_options,
                       [](const FitRawOptions& raw, const CLI::App& parsed) {
                         return fit_config(raw, report_given(parsed), parsed.count("file") > 0);
                       });
}

}  // namespace commbench
