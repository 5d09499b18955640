#include "reports/model/scaling_report.hpp"

#include "reports/format/json_optional.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(TierSeconds, tier, scope, seconds)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScalingTerms, latency_s, reduction_s, bandwidth)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(ScalingCollective, collective, bytes, count, seconds, algorithm, wrong)

void to_json(json& j, const ScalingPoint& p) {
  j = json{{"gpus", p.gpus},
           {"data_parallel", p.data_parallel},
           {"compute_s", p.compute_s},
           {"communication_s", p.communication_s},
           {"exposed_s", p.exposed_s},
           {"step_s", p.step_s},
           {"samples_per_step", p.samples_per_step},
           {"samples_per_s", p.samples_per_s},
           {"tokens_per_s", p.tokens_per_s},
           {"speedup", p.speedup},
           {"efficiency", p.efficiency},
           {"marginal_gain", optional_json(p.marginal_gain)},
           {"cost_per_step", optional_json(p.cost_per_step)},
           {"terms", optional_json(p.terms)},
           {"dominant_term", p.dominant_term},
           {"collectives", p.collectives},
           {"ranks", p.ranks}};
}

void from_json(const json& j, ScalingPoint& p) {
  j.at("gpus").get_to(p.gpus);
  j.at("data_parallel").get_to(p.data_parallel);
  j.at("compute_s").get_to(p.compute_s);
  j.at("communication_s").get_to(p.communication_s);
  j.at("exposed_s").get_to(p.exposed_s);
  j.at("step_s").get_to(p.step_s);
  j.at("samples_per_step").get_to(p.samples_per_step);
  j.at("samples_per_s").get_to(p.samples_per_s);
  j.at("tokens_per_s").get_to(p.tokens_per_s);
  j.at("speedup").get_to(p.speedup);
  j.at("efficiency").get_to(p.efficiency);
  read_optional(j, "marginal_gain", p.marginal_gain);
  read_optional(j, "cost_per_step", p.cost_per_step);
  read_optional(j, "terms", p.terms);
  j.at("dominant_term").get_to(p.dominant_term);
  j.at("collectives").get_to(p.collectives);
  j.at("ranks").get_to(p.ranks);
}

void to_json(json& j, const ScalingVerdict& v) {
  j = json{{"criterion", v.criterion},
           {"applicable", v.applicable},
           {"gpus", optional_json(v.gpus)},
           {"dominant_term", v.dominant_term},
           {"statement", v.statement}};
}

void from_json(const json& j, ScalingVerdict& v) {
  j.at("criterion").get_to(v.criterion);
  j.at("applicable").get_to(v.applicable);
  read_optional(j, "gpus", v.gpus);
  j.at("dominant_term").get_to(v.dominant_term);
  j.at("statement").get_to(v.statement);
}

void to_json(json& j, const ScalingSeries& s) {
  j = json{{"source", s.source},
           {"fabric", s.fabric},
           {"points", s.points},
           {"verdicts", s.verdicts},
           {"lowest_step_gpus", optional_json(s.lowest_step_gpus)},
           {"lowest_step_s", optional_json(s.lowest_step_s)}};
}

void from_json(const json& j, ScalingSeries& s) {
  j.at("source").get_to(s.source);
  j.at("fabric").get_to(s.fabric);
  j.at("points").get_to(s.points);
  j.at("verdicts").get_to(s.verdicts);
  read_optional(j, "lowest_step_gpus", s.lowest_step_gpus);
  read_optional(j, "lowest_step_s", s.lowest_step_s);
}

void to_json(json& j, const FabricComparisonLine& c) {
  j = json{{"criterion", c.criterion},
           {"gpus", optional_json(c.gpus)},
           {"other_gpus", optional_json(c.other_gpus)},
           {"statement", c.statement}};
}

void from_json(const json& j, FabricComparisonLine& c) {
  j.at("criterion").get_to(c.criterion);
  read_optional(j, "gpus", c.gpus);
  read_optional(j, "other_gpus", c.other_gpus);
  j.at("statement").get_to(c.statement);
}

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
           {"price_per_gpu_hour", optional_json(r.price_per_gpu_hour)},
           {"placement", r.placement},
           {"measured", optional_json(r.measured)},
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
  read_optional(j, "price_per_gpu_hour", r.price_per_gpu_hour);
  j.at("placement").get_to(r.placement);
  read_optional(j, "measured", r.measured);
  j.at("predicted").get_to(r.predicted);
  j.at("comparison").get_to(r.comparison);
  j.at("wrong_total").get_to(r.wrong_total);
  j.at("notes").get_to(r.notes);
}

}  // namespace commbench
