#pragma once
// The sections of the report document (report_document.hpp), one file each: document_runs.cpp,
// document_topology.cpp, document_collectives.cpp, document_scaling.cpp, document_pipeline.cpp,
// document_gradsync.cpp, document_linkcheck.cpp. build_report_document calls each with the
// reports of its kind; each returns its section whole.
#include <string>
#include <utility>
#include <vector>

#include "reports/load/loaded_report.hpp"
#include "reports/render/report_document.hpp"

namespace commbench::report_sections {

// A report and the name legends and tables call it by (report_names).
struct NamedReport {
  const LoadedReport* report = nullptr;
  std::string name;
};

// The reports of one kind, with their content.
template <typename Content>
using ReportsOf = std::vector<std::pair<const Content*, NamedReport>>;

// Every report: what ran, where and when, and which runs did not finish.
DocumentSection runs_section(const std::vector<NamedReport>& reports);
DocumentSection topology_section(const ReportsOf<TopologyDocument>& reports);
// Collectives reports and predictions share the charts of each collective.
DocumentSection collectives_section(const ReportsOf<RunReport>& reports, const ReportsOf<PredictionReport>& predictions);
DocumentSection scaling_section(const ReportsOf<ScalingReport>& reports);
DocumentSection pipeline_section(const ReportsOf<PipelineReport>& reports);
DocumentSection gradsync_section(const ReportsOf<GradsyncReport>& reports);
DocumentSection linkcheck_section(const ReportsOf<LinkcheckReport>& reports);

}  // namespace commbench::report_sections
