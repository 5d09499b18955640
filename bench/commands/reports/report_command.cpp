#include "bench/commands/reports/report_command.hpp"

#include <iostream>
#include <optional>

#include "bench/reading/acceptance_spec_file.hpp"
#include "bench/commands/reports/report_reading_settings.hpp"
#include "bench/reading/report_reading.hpp"
#include "bench/run/exit_codes.hpp"
#include "reports/judge/acceptance_gate.hpp"
#include "reports/judge/prometheus_text.hpp"
#include "reports/render/html_report.hpp"
#include "reports/render/markdown_report.hpp"
#include "reports/render/report_document.hpp"

namespace commbench {
namespace {

int render(const ReportReadingSettings& reading) {
  require_writable_output("-o/--output", reading.output);
  // The spec first: it is the smaller file, and a typo in it should not wait for the reports.
  std::optional<AcceptanceSpec> spec;
  if (!reading.spec.empty()) spec = load_acceptance_spec_file(reading.spec);
  std::vector<LoadedReport> reports = load_reports(reading.inputs);
  const std::size_t report_count = reports.size();
  std::string text;
  if (reading.format == "html" || reading.format == "markdown") {
    // The reports are let go once the document holds what it shows: at 10^5 rows the rows, the
    // document and the text together were over the 300 MB docs/RELIABILITY.md promises.
    const ReportDocument document = build_report_document(reports);
    std::vector<LoadedReport>().swap(reports);
    text = reading.format == "html" ? render_html_report(document) : render_markdown_report(document);
  } else {
    std::optional<GateResult> verdict;
    if (spec) verdict = evaluate_gate(*spec, reports);
    text = prometheus_text(reports, verdict);
  }
  write_output(reading.output, text);
  if (!reading.output.empty()) {
    std::cout << "commbench: wrote the " << reading.format << " report of " << report_count << " report"
              << (report_count == 1 ? "" : "s") << " to " << reading.output << std::endl;
  }
  return kExitOk;
}

}  // namespace

int run_report(const RankZeroRun& run) {
  return render(run.config.settings<ReportReadingSettings>());
}

}  // namespace commbench
