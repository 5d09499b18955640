#include "reports/model/pipeline_report.hpp"

#include <stdexcept>

#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

void to_json(json& j, const PipelineReport& r) {
  j = json{{"schema_version", kPipelineSchemaVersion},
           {"kind", "pipeline"},
           {"outcome", r.outcome},
           {"meta", r.meta},
           {"config", r.config},
           {"schedule", r.schedule},
           {"stages", r.stages},
           {"pipelines", r.pipelines},
           {"chunks", r.chunks},
           {"forward_s", r.forward_s},
           {"backward_s", r.backward_s},
           {"placement_policy", r.placement_policy},
           {"placement_note", r.placement_note},
           {"placement", r.placement},
           {"calibration", r.calibration},
           {"fabric", r.fabric},
           {"sweep", r.sweep},
           {"runs", r.runs},
           {"recommendation_bubble_threshold", r.recommendation_bubble_threshold},
           {"recommendation_exposed_threshold", r.recommendation_exposed_threshold},
           {"recommendation", r.recommendation}};
}

void from_json(const json& j, PipelineReport& r) {
  expect_report_kind(j, "pipeline", kPipelineSchemaVersion);
  j.at("outcome").get_to(r.outcome);
  j.at("meta").get_to(r.meta);
  r.config = j.at("config");
  j.at("schedule").get_to(r.schedule);
  j.at("stages").get_to(r.stages);
  j.at("pipelines").get_to(r.pipelines);
  j.at("chunks").get_to(r.chunks);
  j.at("forward_s").get_to(r.forward_s);
  j.at("backward_s").get_to(r.backward_s);
  j.at("placement_policy").get_to(r.placement_policy);
  j.at("placement_note").get_to(r.placement_note);
  j.at("placement").get_to(r.placement);
  j.at("calibration").get_to(r.calibration);
  j.at("fabric").get_to(r.fabric);
  j.at("sweep").get_to(r.sweep);
  j.at("runs").get_to(r.runs);
  j.at("recommendation_bubble_threshold").get_to(r.recommendation_bubble_threshold);
  j.at("recommendation_exposed_threshold").get_to(r.recommendation_exposed_threshold);
  j.at("recommendation").get_to(r.recommendation);
}

}  // namespace commbench
