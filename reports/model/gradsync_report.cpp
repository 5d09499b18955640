#include "reports/model/gradsync_report.hpp"

#include <stdexcept>

#include "reports/format/json_optional.hpp"
#include "reports/model/json_report.hpp"

namespace commbench {

using nlohmann::json;

// The member names are the report's keys (docs/REPORT_SCHEMA.md); from_json requires every one,
// an empty optional is null (json_optional.hpp).
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradsyncMessage, collective, purpose, bytes, alone_s, in_step_s, ready_s, predicted_s)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradsyncSchedule, durations, step_s, communication_s, exposed_s, step_relative_error,
                                   exposed_relative_error)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(GradsyncCase, bucket_bytes, first_bucket_bytes, warmup_iterations, iterations,
                                   step_stats_s, step_s, forward_s, backward_s, compute_s, communication_s, exposed_s,
                                   overlap, volume_bytes, wrong, messages, measured_schedule, predicted_schedule)

void to_json(json& j, const GradsyncReport& r) {
  j = json{{"schema_version", kGradsyncSchemaVersion},
           {"kind", "gradsync"},
           {"outcome", r.outcome},
           {"meta", r.meta},
           {"config", r.config},
           {"workload", r.workload},
           {"strategy", r.strategy},
           {"overlap", r.overlap},
           {"gradient_dtype", r.gradient_dtype},
           {"ranks", r.ranks},
           {"parameters", r.parameters},
           {"gradient_bytes", r.gradient_bytes},
           {"volume_factor", r.volume_factor},
           {"requested_forward_s", r.requested_forward_s},
           {"requested_backward_s", r.requested_backward_s},
           {"compute_calibration_error", r.compute_calibration_error},
           {"fabric", r.fabric},
           {"cases", r.cases},
           {"best_bucket_bytes", r.best_bucket_bytes},
           {"predicted_best_bucket_bytes", r.predicted_best_bucket_bytes},
           {"wrong_total", r.wrong_total},
           {"notes", r.notes}};
}

void from_json(const json& j, GradsyncReport& r) {
  expect_report_kind(j, "gradsync", kGradsyncSchemaVersion);
  j.at("outcome").get_to(r.outcome);
  j.at("meta").get_to(r.meta);
  r.config = j.at("config");
  r.workload = j.at("workload");
  j.at("strategy").get_to(r.strategy);
  j.at("overlap").get_to(r.overlap);
  j.at("gradient_dtype").get_to(r.gradient_dtype);
  j.at("ranks").get_to(r.ranks);
  j.at("parameters").get_to(r.parameters);
  j.at("gradient_bytes").get_to(r.gradient_bytes);
  j.at("volume_factor").get_to(r.volume_factor);
  j.at("requested_forward_s").get_to(r.requested_forward_s);
  j.at("requested_backward_s").get_to(r.requested_backward_s);
  j.at("compute_calibration_error").get_to(r.compute_calibration_error);
  j.at("fabric").get_to(r.fabric);
  j.at("cases").get_to(r.cases);
  j.at("best_bucket_bytes").get_to(r.best_bucket_bytes);
  j.at("predicted_best_bucket_bytes").get_to(r.predicted_best_bucket_bytes);
  j.at("wrong_total").get_to(r.wrong_total);
  j.at("notes").get_to(r.notes);
}

}  // namespace commbench
