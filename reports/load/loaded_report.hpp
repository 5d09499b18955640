#pragma once
// A report of any kind read back from a file, for the commands that read reports (report,
// compare, gate): which file it came from, what kind it is, and its data model.
//
// Loading is strict (reports/load/report_loader.hpp): the file is checked against
// docs/report.schema.json, a report from a newer major schema version is refused with a
// message saying so, and the data model must read back every value exactly.
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "reports/model/gradsync_report.hpp"
#include "reports/model/json_report.hpp"
#include "reports/model/linkcheck_report.hpp"
#include "reports/model/pipeline_report.hpp"
#include "reports/model/prediction_report.hpp"
#include "reports/model/scaling_report.hpp"

namespace commbench {

// A topology report (commbench topology) has no data model of its own: it is the schema-checked
// document as written.
struct TopologyDocument {
  nlohmann::json document = nlohmann::json::object();
};

// The report kinds, as the "kind" field names them.
inline const std::string kCollectivesKind = "collectives";
inline const std::string kLinkcheckKind = "linkcheck";
inline const std::string kPipelineKind = "pipeline";
inline const std::string kGradsyncKind = "gradsync";
inline const std::string kScalingKind = "scaling";
inline const std::string kTopologyKind = "topology";
inline const std::string kPredictionKind = "prediction";

using ReportContent = std::variant<RunReport, LinkcheckReport, PipelineReport, GradsyncReport, ScalingReport,
                                   TopologyDocument, PredictionReport>;

struct LoadedReport {
  std::string path;  // as given on the command line: names the report in messages and legends
  std::string kind;  // one of the k...Kind names above
  ReportContent content;
};

}  // namespace commbench
