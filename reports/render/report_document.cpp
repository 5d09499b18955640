#include "reports/render/report_document.hpp"

#include <map>

#include "reports/render/document_parts.hpp"
#include "reports/render/document_sections.hpp"

namespace commbench {
namespace {

using report_sections::NamedReport;
using report_sections::ReportsOf;

// The reports of one kind, in the order given.
template <typename Content>
ReportsOf<Content> reports_of(const std::vector<NamedReport>& reports) {
  ReportsOf<Content> found;
  for (const NamedReport& named : reports) {
    if (const Content* content = std::get_if<Content>(&named.report->content)) found.emplace_back(content, named);
  }
  return found;
}

std::string file_name_of(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::vector<std::string> report_names(const std::vector<LoadedReport>& reports) {
  std::map<std::string, int> uses;
  for (const LoadedReport& report : reports) ++uses[file_name_of(report.path)];
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (const LoadedReport& report : reports) {
    std::string name = uses[file_name_of(report.path)] > 1 ? report.path : file_name_of(report.path);
    // The same path given twice: number the later ones.
    const int earlier = seen[name]++;
    if (earlier > 0) name += " #" + std::to_string(earlier + 1);
    names.push_back(name);
  }
  return names;
}

ReportDocument build_report_document(const std::vector<LoadedReport>& reports) {
  using namespace report_sections;  // the sections and what names the reports, one call each
  ReportDocument document;
  document.title = "commbench report";
  document.reading_note =
      "In bold: half-peak sizes, the GPU counts where scaling stops paying, the best bucket. Marked \u26a0: what "
      "needs attention (outliers, suspect hosts, wrong elements, cases not measured, runs that did not finish).";
  const std::vector<std::string> names = report_names(reports);
  std::vector<NamedReport> named;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    named.push_back({&reports[i], names[i]});
    document.reports.push_back(
        plain(names[i] + " (" + reports[i].kind + (names[i] == reports[i].path ? "" : ", " + reports[i].path) + ")"));
  }
  if (!named.empty()) document.sections.push_back(runs_section(named));
  if (const auto topology = reports_of<TopologyDocument>(named); !topology.empty()) {
    document.sections.push_back(topology_section(topology));
  }
  const auto runs = reports_of<RunReport>(named);
  const auto predictions = reports_of<PredictionReport>(named);
  if (!runs.empty() || !predictions.empty()) document.sections.push_back(collectives_section(runs, predictions));
  if (const auto scaling = reports_of<ScalingReport>(named); !scaling.empty()) {
    document.sections.push_back(scaling_section(scaling));
  }
  if (const auto pipeline = reports_of<PipelineReport>(named); !pipeline.empty()) {
    document.sections.push_back(pipeline_section(pipeline));
  }
  if (const auto gradsync = reports_of<GradsyncReport>(named); !gradsync.empty()) {
    document.sections.push_back(gradsync_section(gradsync));
  }
  if (const auto linkcheck = reports_of<LinkcheckReport>(named); !linkcheck.empty()) {
    document.sections.push_back(linkcheck_section(linkcheck));
  }
  return document;
}

}  // namespace commbench
