#pragma once
// The reports of real runs in tests/data/reports (SOURCES.md there gives the commands), read
// as LoadedReport for the renderers' tests. Read with the data models' own conversions (which
// require every field) rather than the strict loader, so that these tests exercise rendering only.
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/load/loaded_report.hpp"

namespace commbench {

// The fixture file_name, named name in the LoadedReport (legends, data-report attributes); by
// default its file name, so that renderings do not depend on where the source tree is.
inline LoadedReport load_report_fixture(const std::string& file_name, const std::string& name = "") {
  const std::string path = std::string(COMMBENCH_REPORT_FIXTURES_DIR) + "/" + file_name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the fixture");
  const nlohmann::json json = nlohmann::json::parse(in);
  LoadedReport report;
  report.path = name.empty() ? file_name : name;
  report.kind = json.at("kind").get<std::string>();
  if (report.kind == kCollectivesKind) {
    report.content = json.get<RunReport>();
  } else if (report.kind == kLinkcheckKind) {
    report.content = json.get<LinkcheckReport>();
  } else if (report.kind == kPipelineKind) {
    report.content = json.get<PipelineReport>();
  } else if (report.kind == kGradsyncKind) {
    report.content = json.get<GradsyncReport>();
  } else if (report.kind == kScalingKind) {
    report.content = json.get<ScalingReport>();
  } else if (report.kind == kTopologyKind) {
    report.content = TopologyDocument{json};
  } else if (report.kind == kPredictionKind) {
    report.content = json.get<PredictionReport>();
  } else {
    throw std::runtime_error(path + ": unknown kind " + report.kind);
  }
  return report;
}

inline std::vector<LoadedReport> load_report_fixtures(const std::vector<std::string>& file_names) {
  std::vector<LoadedReport> reports;
  for (const std::string& name : file_names) reports.push_back(load_report_fixture(name));
  return reports;
}

}  // namespace commbench
