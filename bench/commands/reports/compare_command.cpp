#include "bench/commands/reports/compare_command.hpp"

#include <iostream>

#include "bench/commands/reports/report_reading_settings.hpp"
#include "bench/reading/report_reading.hpp"
#include "bench/run/exit_codes.hpp"
#include "reports/console/comparison_table.hpp"
#include "reports/judge/report_comparison.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {
namespace {

int compare(const Config& config) {
  const ReportReadingSettings& reading = config.settings<ReportReadingSettings>();
  const std::vector<LoadedReport> reports = load_reports(reading.inputs);
  ComparisonOptions options;
  options.threshold = reading.threshold;
  options.min_bytes = reading.min_bytes;
  options.latency_threshold = reading.latency_threshold;
  const ReportComparison comparison = compare_reports(reports.at(0), reports.at(1), options);
  std::cout << comparison_table_text(comparison) << std::flush;
  if (!config.report_path.empty()) {
    write_file_atomically(config.report_path, report_file_text(comparison_to_json(comparison)));
  }
  return comparison.has_regression() ? kExitMeasurementFailure : kExitOk;
}

}  // namespace

int run_compare(const RankZeroRun& run) {
  return compare(run.config);
}

}  // namespace commbench
