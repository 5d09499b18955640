#include "bench/commands/reports/gate_command.hpp"

#include <iostream>

#include "bench/reading/acceptance_spec_file.hpp"
#include "bench/commands/reports/report_reading_settings.hpp"
#include "bench/reading/report_reading.hpp"
#include "bench/run/exit_codes.hpp"
#include "reports/console/gate_table.hpp"
#include "reports/judge/acceptance_gate.hpp"
#include "reports/judge/junit_xml.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {
namespace {

int gate(const ReportReadingSettings& reading) {
  require_writable_output("--junit", reading.junit);
  const AcceptanceSpec spec = load_acceptance_spec_file(reading.spec);
  const std::vector<LoadedReport> reports = load_reports(reading.inputs);
  const GateResult result = evaluate_gate(spec, reports);
  std::cout << gate_table_text(result) << std::flush;
  if (!reading.junit.empty()) write_file_atomically(reading.junit, junit_xml(result, spec.name));
  return result.passed() ? kExitOk : kExitMeasurementFailure;
}

}  // namespace

int run_gate(const RankZeroRun& run) {
  return gate(run.config.settings<ReportReadingSettings>());
}

}  // namespace commbench
