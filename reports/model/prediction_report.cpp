#include "reports/model/prediction_report.hpp"

#include "reports/format/json_fields.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

std::string prediction_choice_text(const PredictionRow& row) {
  return row.protocol.empty() ? row.algorithm : row.algorithm + "/" + row.protocol;
}

std::vector<std::string> requested_groups(const PredictionReport& report, const std::string& collective) {
  for (const PredictedCollective& predicted : report.collectives) {
    if (predicted.collective == collective) return predicted.requested;
  }
  return {};
}

// The member names are the report's keys (docs/REPORT_SCHEMA.md); from_json requires every one.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PredictionConfig, fabric, nodes, gpus_per_node, ranks, family, collective, algorithm,
                                   protocol, min_bytes, max_bytes, step_factor, step_bytes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PredictedCollective, collective, requested)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(UnavailablePrediction, collective, requested, reason, bytes)

// The report's keys after its header (the member names; docs/REPORT_SCHEMA.md), every one
// required when read, in this order.
constexpr auto kPredictionReportFields = [](auto& report, auto visit) {
  visit("outcome", report.outcome);
  visit("meta", report.meta);
  visit("config", report.config);
  visit("fabric", report.fabric);
  visit("collectives", report.collectives);
  visit("rows", report.rows);
  visit("unavailable", report.unavailable);
  visit("notes", report.notes);
};

void to_json(json& j, const PredictionReport& r) {
  j = report_header("prediction", kPredictionSchemaVersion);
  write_fields(j, r, kPredictionReportFields);
}

void from_json(const json& j, PredictionReport& r) {
  expect_report_kind(j, "prediction", kPredictionSchemaVersion);
  read_fields(j, r, kPredictionReportFields);
}

}  // namespace commbench
