#include "reports/model/prediction_report.hpp"

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

void to_json(json& j, const PredictionReport& r) {
  j = json{{"schema_version", kPredictionSchemaVersion},
           {"kind", "prediction"},
           {"outcome", r.outcome},
           {"meta", r.meta},
           {"config", r.config},
           {"fabric", r.fabric},
           {"collectives", r.collectives},
           {"rows", r.rows},
           {"unavailable", r.unavailable},
           {"notes", r.notes}};
}

void from_json(const json& j, PredictionReport& r) {
  expect_report_kind(j, "prediction", kPredictionSchemaVersion);
  j.at("outcome").get_to(r.outcome);
  j.at("meta").get_to(r.meta);
  j.at("config").get_to(r.config);
  r.fabric = j.at("fabric");
  j.at("collectives").get_to(r.collectives);
  j.at("rows").get_to(r.rows);
  j.at("unavailable").get_to(r.unavailable);
  j.at("notes").get_to(r.notes);
}

}  // namespace commbench
