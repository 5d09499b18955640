#include "reports/model/pipeline_report.hpp"

#include <stdexcept>

#include "reports/format/json_fields.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

// The report's keys after its header (the member names; docs/REPORT_SCHEMA.md), every one
// required when read, in this order.
constexpr auto kPipelineReportFields = [](auto& report, auto visit) {
  visit("outcome", report.outcome);
  visit("meta", report.meta);
  visit("config", report.config);
  visit("schedule", report.schedule);
  visit("stages", report.stages);
  visit("pipelines", report.pipelines);
  visit("chunks", report.chunks);
  visit("forward_s", report.forward_s);
  visit("backward_s", report.backward_s);
  visit("placement_policy", report.placement_policy);
  visit("placement_note", report.placement_note);
  visit("placement", report.placement);
  visit("calibration", report.calibration);
  visit("fabric", report.fabric);
  visit("sweep", report.sweep);
  visit("runs", report.runs);
  visit("recommendation_bubble_threshold", report.recommendation_bubble_threshold);
  visit("recommendation_exposed_threshold", report.recommendation_exposed_threshold);
  visit("recommendation", report.recommendation);
};

void to_json(json& j, const PipelineReport& r) {
  j = report_header("pipeline", kPipelineSchemaVersion);
  write_fields(j, r, kPipelineReportFields);
}

void from_json(const json& j, PipelineReport& r) {
  expect_report_kind(j, "pipeline", kPipelineSchemaVersion);
  read_fields(j, r, kPipelineReportFields);
}

}  // namespace commbench
