#include "bench/commands/linkcheck/linkcheck_flags.hpp"

#include <CLI/CLI.hpp>
#include <string>

#include "bench/commands/linkcheck/linkcheck_command.hpp"
#include "bench/commands/linkcheck/linkcheck_settings.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/size_parse.hpp"
#include "bench/run/usage_error.hpp"

namespace commbench {
namespace {

// Raw text of linkcheck's own flags, on top of -J, --timeout, -n and -w.
struct LinkcheckRawOptions : SharedRawOptions {
  std::string bandwidth_bytes, latency_bytes, outlier_fraction, latency_factor;
  bool intra_host = false;
};

// The command line's defaults, written as a user would type them, from the settings' defaults.
LinkcheckRawOptions linkcheck_raw_defaults() {
  const LinkcheckSettings defaults;
  LinkcheckRawOptions raw;
  raw.bandwidth_bytes = size_text(defaults.bandwidth_bytes);
  raw.latency_bytes = size_text(defaults.latency_bytes);
  raw.outlier_fraction = number_text(defaults.outlier_fraction);
  raw.latency_factor = number_text(defaults.latency_factor);
  return raw;
}

void add_linkcheck_options(CLI::App& command, LinkcheckRawOptions& raw) {
  add_report_options(command, raw);
  add_point_to_point_iterations(command, raw);
  command.add_option("--bytes", raw.bandwidth_bytes, "Message size of the bandwidth measurement (K, M, G suffixes)")
      ->capture_default_str();
  command.add_option("--latency-bytes", raw.latency_bytes, "Message size of the latency measurement")
      ->capture_default_str();
  command.add_option("--outlier-fraction", raw.outlier_fraction,
                     "Flag links below this fraction of the median bandwidth")
      ->capture_default_str();
  command.add_option("--latency-factor", raw.latency_factor, "Flag links above this multiple of the median latency")
      ->capture_default_str();
  command.add_flag("--intra-host", raw.intra_host, "Also check every pair of ranks within each host");
}

Config linkcheck_config(const LinkcheckRawOptions& raw, bool report_given) {
  Config config = iterations_config(raw, report_given);
  config.settings_json = &linkcheck_settings_json;
  LinkcheckSettings& linkcheck = config.settings<LinkcheckSettings>();
  linkcheck.bandwidth_bytes = bytes_option("--bytes", raw.bandwidth_bytes);
  if (linkcheck.bandwidth_bytes < 1) throw UsageError("--bytes: must be at least 1 byte (accepted: a size >= 1)");
  linkcheck.latency_bytes = bytes_option("--latency-bytes", raw.latency_bytes);
  if (linkcheck.latency_bytes < 1) {
    throw UsageError("--latency-bytes: must be at least 1 byte (accepted: a size >= 1)");
  }
  const double fraction = positive_real_option("--outlier-fraction", raw.outlier_fraction, 1.0);
  if (fraction >= 1.0) {
    throw UsageError("--outlier-fraction: '" + raw.outlier_fraction +
                     "' would flag half the links (accepted: a number > 0 and < 1)");
  }
  linkcheck.outlier_fraction = fraction;
  const double factor = positive_real_option("--latency-factor", raw.latency_factor, 1e6);
  if (factor <= 1.0) {
    throw UsageError("--latency-factor: '" + raw.latency_factor +
                     "' would flag half the links (accepted: a number > 1 and <= 1e+06)");
  }
  linkcheck.latency_factor = factor;
  linkcheck.intra_host = raw.intra_host;
  return config;
}

}  // namespace

SettingsFromFlags linkcheck_flags(CLI::App& command) {
  return command_flags(command, linkcheck_raw_defaults(), add_linkcheck_options,
                       [](const LinkcheckRawOptions& raw, const CLI::App& parsed) {
                         return linkcheck_config(raw, report_given(parsed));
                       });
}

}  // namespace commbench
