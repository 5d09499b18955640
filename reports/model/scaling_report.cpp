#include "reports/model/scaling_report.hpp"

#include "reports/format/json_fields.hpp"
#include "reports/format/json_optional.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

// The member names are the report's keys (docs/REPORT_SCHEMA.md); from_json requires every one,
// an empty optional is null (json_optional.hpp).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TierSeconds, tier, scope, seconds)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScalingTerms, latency_s, reduction_s, bandwidth)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScalingCollective, collective, bytes, count, seconds, algorithm, wrong)

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScalingPoint, gpus, data_parallel, compute_s, communication_s, exposed_s, step_s,
                                   samples_per_step, samples_per_s, tokens_per_s, speedup, efficiency, marginal_gain,
                                   cost_per_step, terms, dominant_term, collectives, ranks)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScalingVerdict, criterion, applicable, gpus, dominant_term, statement)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScalingSeries, source, fabric, points, verdicts, lowest_step_gpus, lowest_step_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FabricComparisonLine, criterion, gpus, other_gpus, statement)

// The report's keys after its header (the member names; docs/REPORT_SCHEMA.md), every one
// required when read, in this order.
constexpr auto kScalingReportFields = [](auto& report, auto visit) {
  visit("command", report.command);
  visit("outcome", report.outcome);
  visit("meta", report.meta);
  visit("config", report.config);
  visit("workload", report.workload);
  visit("gradient_bytes", report.gradient_bytes);
  visit("marginal_threshold", report.marginal_threshold);
  visit("price_per_gpu_hour", report.price_per_gpu_hour);
  visit("placement", report.placement);
  visit("measured", report.measured);
  visit("predicted", report.predicted);
  visit("comparison", report.comparison);
  visit("wrong_total", report.wrong_total);
  visit("notes", report.notes);
};

void to_json(json& j, const ScalingReport& r) {
  j = report_header("scaling", kScalingSchemaVersion);
  write_fields(j, r, kScalingReportFields);
}

void from_json(const json& j, ScalingReport& r) {
  expect_report_kind(j, "scaling", kScalingSchemaVersion);
  read_fields(j, r, kScalingReportFields);
}

}  // namespace commbench
