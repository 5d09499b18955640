#include "reports/model/scaling_report.hpp"

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

void to_json(json& j, const ScalingReport& r) {
  j = json{{"schema_version", kScalingSchemaVersion},
           {"kind", "scaling"},
           {"command", r.command},
           {"outcome", r.outcome},
           {"meta", r.meta},
           {"config", r.config},
           {"workload", r.workload},
           {"gradient_bytes", r.gradient_bytes},
           {"marginal_threshold", r.marginal_threshold},
           {"price_per_gpu_hour", r.price_per_gpu_hour},
           {"placement", r.placement},
           {"measured", r.measured},
           {"predicted", r.predicted},
           {"comparison", r.comparison},
           {"wrong_total", r.wrong_total},
           {"notes", r.notes}};
}

void from_json(const json& j, ScalingReport& r) {
  expect_report_kind(j, "scaling", kScalingSchemaVersion);
  j.at("command").get_to(r.command);
  j.at("outcome").get_to(r.outcome);
  j.at("meta").get_to(r.meta);
  r.config = j.at("config");
  r.workload = j.at("workload");
  j.at("gradient_bytes").get_to(r.gradient_bytes);
  j.at("marginal_threshold").get_to(r.marginal_threshold);
  j.at("price_per_gpu_hour").get_to(r.price_per_gpu_hour);
  j.at("placement").get_to(r.placement);
  j.at("measured").get_to(r.measured);
  j.at("predicted").get_to(r.predicted);
  j.at("comparison").get_to(r.comparison);
  j.at("wrong_total").get_to(r.wrong_total);
  j.at("notes").get_to(r.notes);
}

}  // namespace commbench
