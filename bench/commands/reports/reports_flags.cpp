#include "bench/commands/reports/reports_flags.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "bench/commands/reports/report_reading_settings.hpp"
#include "bench/run/flag_values.hpp"
#include "bench/run/output_over_input.hpp"
#include "bench/run/shared_flags.hpp"
#include "bench/run/size_parse.hpp"
#include "bench/run/usage_error.hpp"
#include "reports/format/text_join.hpp"

namespace commbench {
namespace {

// Raw text of the flags of report, compare and gate, the commands that read reports.
struct ReportReadingRawOptions : SharedRawOptions {
  std::vector<std::string> inputs;
  std::string output, format, spec, junit, threshold, min_bytes, latency_threshold;
  bool force_format = false;
};

// The command line's defaults, written as a user would type them, from the settings' defaults.
ReportReadingRawOptions reading_raw_defaults() {
  const ReportReadingSettings defaults;
  ReportReadingRawOptions raw;
  raw.threshold = number_text(defaults.threshold);
  raw.min_bytes = size_text(defaults.min_bytes);
  return raw;
}

// The report formats of `commbench report`, and the file name endings that choose them.
const std::vector<std::pair<std::string, std::vector<std::string>>>& report_formats() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> formats{
      {"html", {".html", ".htm"}}, {"markdown", {".md", ".markdown"}}, {"prometheus", {".prom"}}};
  return formats;
}

std::string report_format_names() {
  std::vector<std::string> names;
  for (const auto& format : report_formats()) names.push_back(format.first);
  return joined(names);
}

bool ends_with(const std::string& text, const std::string& ending) {
  return text.size() >= ending.size() && text.compare(text.size() - ending.size(), ending.size(), ending) == 0;
}

// --format when given, else what -o's ending says; without either, Markdown (the form a CI
// job summary takes from standard output).
// The format whose ending -o's name has, or "" when none has.
std::string format_of_name(const std::string& output) {
  for (const auto& format : report_formats()) {
    for (const std::string& ending : format.second) {
      if (ends_with(output, ending)) return format.first;
    }
  }
  return "";
}

std::string endings_text(const std::string& format) {
  std::string text;
  for (const auto& entry : report_formats()) {
    if (entry.first != format) continue;
    for (const std::string& ending : entry.second) text += (text.empty() ? "" : " or ") + ending;
  }
  return text;
}

std::string report_format(const ReportReadingRawOptions& raw, bool format_given, bool force) {
  const std::string accepted = "(accepted: " + report_format_names() + ")";
  if (force && !format_given) {
    throw UsageError("--force-format: needs --format, the format to force (accepted: --force-format with --format " +
                     report_format_names() + ")");
  }
  const std::string named = format_of_name(raw.output);
  if (format_given) {
    const bool known = std::any_of(report_formats().begin(), report_formats().end(),
                                   [&](const auto& format) { return format.first == raw.format; });
    if (!known) throw UsageError("--format: '" + raw.format + "' is not a report format " + accepted);
    // "--format markdown -o r.html" wrote Markdown into a file that every browser and tool
    // takes for HTML.
    if (!named.empty() && named != raw.format && !force) {
      throw UsageError("--format " + raw.format + " and -o/--output '" + raw.output + "': the name's ending says " + named +
                       " (accepted: a name ending in " + endings_text(raw.format) +
                       ", no --format, or --force-format to write " + raw.format + " into it anyway)");
    }
    return raw.format;
  }
  if (raw.output.empty()) return "markdown";
  if (!named.empty()) return named;
  throw UsageError("-o/--output: cannot tell the format from '" + raw.output +
                   "' (accepted: a name ending in .html, .md or .prom, or --format " + report_format_names() + ")");
}

void add_report_command_options(CLI::App& command, ReportReadingRawOptions& raw) {
  add_timeout_option(command, raw);
  command.add_option("reports", raw.inputs,
                     "Reports to render (any kind, several of a kind are drawn on the same charts)");
  command.add_option("-o,--output", raw.output,
                     "Write here (.html, .md, .prom choose the format); default: standard output");
  command.add_option("--format", raw.format, "html, markdown or prometheus; default: from -o, else markdown");
  command.add_flag("--force-format", raw.force_format,
                   "Write --format even into an -o whose ending names another format (refused otherwise)");
  command.add_option("--spec", raw.spec,
                     "With --format prometheus: an acceptance spec (docs/GATE.md) whose verdict is exported too");
}

void add_compare_options(CLI::App& command, ReportReadingRawOptions& raw) {
  add_timeout_option(command, raw);
  command.add_option("reports", raw.inputs, "The baseline report, then the report to compare with it");
  command.add_option("--threshold", raw.threshold,
                     "A change worse than this fraction is a regression (0.05: 5%)")
      ->capture_default_str();
  command.add_option("--min-bytes", raw.min_bytes,
                     "Sizes from which busbw is checked (K, M, G = powers of 1024)")
      ->capture_default_str();
  command.add_option("--latency-threshold", raw.latency_threshold,
                     "Also flag sizes below --min-bytes whose time grew by more than this fraction; default: off");
  command.add_option("-J,--json", raw.report, "Write the comparison as JSON to this path");
}

void add_gate_options(CLI::App& command, ReportReadingRawOptions& raw) {
  add_timeout_option(command, raw);
  command.add_option("--spec", raw.spec, "The acceptance spec (required; docs/GATE.md)");
  command.add_option("reports", raw.inputs, "The reports the checks read (collectives, linkcheck, scaling)");
  command.add_option("--junit", raw.junit, "Also write JUnit XML here, one test case per check");
}

// The files report, compare and gate read and write besides -J, held against each other.
Config with_named_files(Config config) {
  const ReportReadingSettings& reading = config.settings<ReportReadingSettings>();
  add_input(config, "--spec", reading.spec);
  for (const std::string& report : reading.inputs) add_input(config, "the report input", report);
  add_output(config, "-o/--output", reading.output);
  add_output(config, "--junit", reading.junit);
  return config;
}

// What report, compare and gate share: -J, --timeout and the reports named.
Config reading_config(const std::string& name, const ReportReadingRawOptions& raw, bool report_given) {
  Config config;
  config.settings_json = &report_reading_settings_json;
  apply_report_options(config, raw, report_given);
  ReportReadingSettings& reading = config.settings<ReportReadingSettings>();
  reading.inputs = raw.inputs;
  for (const std::string& input : reading.inputs) {
    if (input.empty()) throw UsageError(name + ": a report name is empty (accepted: paths of commbench JSON reports)");
  }
  return config;
}

Config report_command_config(const ReportReadingRawOptions& raw, bool report_given, const CLI::App& chosen) {
  Config config = reading_config("report", raw, report_given);
  ReportReadingSettings& reading = config.settings<ReportReadingSettings>();
  if (reading.inputs.empty()) {
    throw UsageError("report: no report given (accepted: commbench report REPORT.json [REPORT.json ...] "
                     "[-o OUT.html|OUT.md|OUT.prom])");
  }
  reading.output = file_option("-o/--output", raw.output, chosen.count("--output") > 0);
  reading.format = report_format(raw, chosen.count("--format") > 0, raw.force_format);
  reading.spec = file_option("--spec", raw.spec, chosen.count("--spec") > 0);
  if (!reading.spec.empty() && reading.format != "prometheus") {
    throw UsageError("--spec: only the prometheus format exports a gate verdict (accepted: --spec with "
                     "--format prometheus or -o NAME.prom; for a pass/fail use commbench gate)");
  }
  return config;
}

Config compare_config(const ReportReadingRawOptions& raw, bool report_given, const CLI::App& chosen) {
  Config config = reading_config("compare", raw, report_given);
  ReportReadingSettings& reading = config.settings<ReportReadingSettings>();
  if (reading.inputs.size() != 2) {
    throw UsageError("compare: takes two reports, " + std::to_string(reading.inputs.size()) +
                     " given (accepted: commbench compare BASELINE.json CANDIDATE.json, two reports of the same "
                     "kind, or a collectives report and a prediction in either order)");
  }
  reading.threshold = positive_real_option("--threshold", raw.threshold, 1.0);
  if (reading.threshold >= 1.0) {
    throw UsageError("--threshold: '" + raw.threshold +
                     "' would never flag a slower run (accepted: a fraction > 0 and < 1, e.g. 0.05 for 5%)");
  }
  reading.min_bytes = bytes_option("--min-bytes", raw.min_bytes);
  if (chosen.count("--latency-threshold") > 0) {
    reading.latency_threshold = positive_real_option("--latency-threshold", raw.latency_threshold, 100.0);
  }
  return config;
}

Config gate_config(const ReportReadingRawOptions& raw, bool report_given, const CLI::App& chosen) {
  Config config = reading_config("gate", raw, report_given);
  ReportReadingSettings& reading = config.settings<ReportReadingSettings>();
  reading.spec = file_option("--spec", raw.spec, chosen.count("--spec") > 0);
  if (reading.spec.empty()) {
    throw UsageError("gate: --spec is missing (accepted: commbench gate --spec ACCEPTANCE.json REPORT.json "
                     "[REPORT.json ...] [--junit GATE.xml]; docs/GATE.md)");
  }
  if (reading.inputs.empty()) {
    throw UsageError("gate: no report given (accepted: commbench gate --spec ACCEPTANCE.json REPORT.json "
                     "[REPORT.json ...] [--junit GATE.xml])");
  }
  reading.junit = file_option("--junit", raw.junit, chosen.count("--junit") > 0);
  return config;
}

}  // namespace

SettingsFromFlags report_flags(CLI::App& command) {
  return command_flags(command, reading_raw_defaults(), add_report_command_options,
                       [](const ReportReadingRawOptions& raw, const CLI::App& parsed) {
                         return with_named_files(report_command_config(raw, report_given(parsed), parsed));
                       });
}

SettingsFromFlags compare_flags(CLI::App& command) {
  return command_flags(command, reading_raw_defaults(), add_compare_options,
                       [](const ReportReadingRawOptions& raw, const CLI::App& parsed) {
                         return with_named_files(compare_config(raw, report_given(parsed), parsed));
                       });
}

SettingsFromFlags gate_flags(CLI::App& command) {
  return command_flags(command, reading_raw_defaults(), add_gate_options,
                       [](const ReportReadingRawOptions& raw, const CLI::App& parsed) {
                         return with_named_files(gate_config(raw, report_given(parsed), parsed));
                       });
}

}  // namespace commbench
